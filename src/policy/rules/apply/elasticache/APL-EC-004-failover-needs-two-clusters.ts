import { applyRule, isOutcome, knownValues } from '../factories.js';
import { asNumber, isTrue } from '../../../values.js';

export const EC_NUM_CLUSTERS_URL = 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/elasticache/aws.sdk.kotlin.services.elasticache.model/-create-replication-group-request/num-cache-clusters.html';

export const APL_EC_004 = applyRule(
  {
    id: 'APL-EC-004',
    title: 'ElastiCache automatic failover (and Multi-AZ) with at least 2 cache clusters',
    why: 'A replication group with automatic failover and a single node is refused at create: there is no replica to fail over to.',
    source: { quote: 'If AutomaticFailoverEnabled is true, the value of this parameter must be at least 2.', url: EC_NUM_CLUSTERS_URL },
    fix: 'Set `num_cache_clusters = 2` or more, or turn `automatic_failover_enabled` (and `multi_az_enabled`) off.',
    resourceTypes: ['aws_elasticache_replication_group'],
    providerValidates: true,
  },
  (r) => {
    const v = knownValues(r, ['automatic_failover_enabled', 'num_cache_clusters', 'num_node_groups']);
    if (isOutcome(v)) return v;
    if (!isTrue(v.automatic_failover_enabled)) return { verdict: 'not-applicable', message: 'automatic failover is off' };
    if (asNumber(v.num_node_groups) !== undefined && (asNumber(v.num_node_groups) ?? 0) > 1) return { verdict: 'not-applicable', message: 'cluster mode (several node groups) counts replicas per node group' };
    const n = asNumber(v.num_cache_clusters) ?? 1;
    return n >= 2
      ? { verdict: 'pass', path: 'num_cache_clusters', message: `automatic failover with ${n} cache clusters` }
      : { verdict: 'fail', path: 'automatic_failover_enabled', message: `automatic_failover_enabled with ${n} cache cluster(s); at least 2 are required. Set \`num_cache_clusters = 2\` or more, or turn automatic failover off.` };
  },
);
