import type { Outcome } from '../../../types.js';
import { applyRule } from '../factories.js';
import { judgeFamily, ownEngineAndVersion, type FamilySpec } from '../parameter-group-family.js';

/**
 * The cache parameter group family of an engine version, by ElastiCache's names: redis2.6 … redis5.0
 * (major.minor), redis6.x for every 6 version, redis7, valkey7, valkey8, memcached1.4 … 1.6;
 * undefined for versions outside that list (a family AWS may add later is not guessed).
 */
export function cacheParameterGroupFamily(engine: string, version: string): string | undefined {
  const [major = '', minor] = version.split('.');
  if (!/^\d+$/.test(major)) return undefined;
  const m = Number(major);
  switch (engine) {
    case 'redis':
      if (m === 7) return 'redis7';
      if (m === 6) return 'redis6.x';
      return minor !== undefined && /^\d+$/.test(minor) && ['2.6', '2.8', '3.2', '4.0', '5.0'].includes(`${m}.${Number(minor)}`) ? `redis${m}.${Number(minor)}` : undefined;
    case 'valkey':
      return m === 7 || m === 8 ? `valkey${m}` : undefined;
    case 'memcached':
      return m === 1 && minor !== undefined && ['4', '5', '6'].includes(minor) ? `memcached1.${minor}` : undefined;
    default:
      return undefined;
  }
}

const FIX = 'Use a parameter group of the family the engine version needs (default.redis7 for Redis OSS 7.x, default.redis6.x for 6.x; a managed group with family = "redis7"), chosen from the same variable as engine_version.';

const SPEC: FamilySpec = {
  args: {
    aws_elasticache_replication_group: { attr: 'parameter_group_name', group: 'aws_elasticache_parameter_group' },
    aws_elasticache_cluster: { attr: 'parameter_group_name', group: 'aws_elasticache_parameter_group' },
  },
  familyOf: cacheParameterGroupFamily,
  engineAndVersion: (r) => ownEngineAndVersion(r),
  // AWS's own groups: default.<family>, and default.<family>.cluster.on for cluster mode.
  defaultFamily: (name) => name.slice('default.'.length).replace(/\.cluster\.on$/, ''),
  refuses: 'ElastiCache refuses the group',
  fix: FIX,
};

export const APL_EC_006 = applyRule(
  {
    id: 'APL-EC-006',
    title: 'An ElastiCache parameter group\'s family matches the engine and version it is applied to',
    why: 'CreateReplicationGroup and CreateCacheCluster refuse a cache parameter group of another family (default.redis6.x on Redis OSS 7.1): the cache is never created, and an engine upgrade that forgets its group fails. The provider does not compare them at plan.',
    source: {
      quote: 'For Redis OSS, the parameter group family and the cluster you\'re assigning it to must be compatible. For example, if your cluster is running Redis OSS version 3.2.10, you can only use parameter groups, default or custom, from the Redis OSS 3.2 family.',
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Management.html',
    },
    fix: FIX,
    resourceTypes: [...Object.keys(SPEC.args), 'aws_elasticache_parameter_group'],
    judgedTypes: Object.keys(SPEC.args),
  },
  (r, ctx): Outcome => judgeFamily(r, ctx, SPEC),
);
