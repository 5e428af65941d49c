import { isUnknown } from '../../../model/value.js';
import type { ResourceRule } from '../../types.js';
import { asNumber, isTrue, read, unknownAt } from '../../values.js';
import { REDIS_TYPES } from './common.js';

export const DATA_010: ResourceRule = {
  id: 'DATA-010',
  title: 'ElastiCache with two or more nodes fails over automatically',
  severity: 'error',
  rationale: 'DESIGN.md baselines: automatic failover and Multi-AZ need ≥ 2 cache clusters; with replicas but no failover a primary failure leaves the service without a writable Redis until someone acts.',
  fix: 'Set `automatic_failover_enabled = true` (and `multi_az_enabled = true`) when num_cache_clusters >= 2.',
  resourceTypes: REDIS_TYPES,
  check(r) {
    const groups = read(r.values, 'num_node_groups');
    const replicas = read(r.values, 'replicas_per_node_group');
    const clusters = read(r.values, 'num_cache_clusters') ?? read(r.values, 'number_cache_clusters');
    let nodes: number | undefined;
    if (asNumber(clusters) !== undefined) nodes = asNumber(clusters);
    else if (asNumber(replicas) !== undefined) nodes = (asNumber(groups) ?? 1) * ((asNumber(replicas) ?? 0) + 1);
    else if (isUnknown(clusters)) return unknownAt('num_cache_clusters', clusters);
    else nodes = 1;
    if ((nodes ?? 1) < 2) return { verdict: 'not-applicable', message: `${nodes} node: nothing to fail over to` };
    const f = read(r.values, 'automatic_failover_enabled');
    if (isUnknown(f)) return unknownAt('automatic_failover_enabled', f);
    return isTrue(f)
      ? { verdict: 'pass', path: 'automatic_failover_enabled', message: `${nodes} nodes with automatic failover` }
      : { verdict: 'fail', path: 'automatic_failover_enabled', message: `${nodes} nodes but automatic_failover_enabled is not true. ${DATA_010.fix}` };
  },
};
