import { mustEqual } from '../../factories.js';
import { REDIS_TYPES } from './common.js';

export const DATA_008 = mustEqual(
  {
    id: 'DATA-008',
    title: 'ElastiCache encrypts data at rest',
    rationale: 'DESIGN.md data: encrypted at rest; at-rest encryption is off by default for the redis engine, so snapshots and swap would hold session data in the clear.',
    fix: 'Set `at_rest_encryption_enabled = true` (it forces a replacement on existing groups).',
    resourceTypes: REDIS_TYPES,
  },
  'at_rest_encryption_enabled',
  true,
  { whenAbsent: false },
);
