import { mustEqual } from '../../factories.js';
import { REDIS_TYPES } from './common.js';

export const DATA_007 = mustEqual(
  {
    id: 'DATA-007',
    title: 'ElastiCache encrypts data in transit',
    rationale: 'DESIGN.md data: encrypted in transit. Redis carries session state and LiveKit room state; without TLS anyone on the path reads it, and auth_token requires transit encryption anyway.',
    fix: 'Set `transit_encryption_enabled = true` on the aws_elasticache_replication_group.',
    resourceTypes: REDIS_TYPES,
  },
  'transit_encryption_enabled',
  true,
  { whenAbsent: false },
);
