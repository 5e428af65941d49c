import { numberRule } from '../factories.js';
import { EC_NUM_CLUSTERS_URL } from './APL-EC-004-failover-needs-two-clusters.js';

export const APL_EC_005 = numberRule(
  {
    id: 'APL-EC-005',
    title: 'ElastiCache replication group has at most 6 cache clusters',
    why: 'CreateReplicationGroup refuses more than one primary and five replicas.',
    source: { quote: 'The maximum permitted value for NumCacheClusters is 6 (1 primary plus 5 replicas).', url: EC_NUM_CLUSTERS_URL },
    fix: 'Use 1-6 cache clusters (or cluster mode for more).',
    resourceTypes: ['aws_elasticache_replication_group'],
  },
  ['num_cache_clusters'],
  { integer: true, min: 1, max: 6 },
);
