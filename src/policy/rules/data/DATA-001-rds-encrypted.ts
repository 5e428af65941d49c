import { mustEqual } from '../../factories.js';
import { RDS_TYPES, standalone } from './common.js';

export const DATA_001 = mustEqual(
  {
    id: 'DATA-001',
    title: 'RDS storage is encrypted',
    rationale: 'DESIGN.md data: encrypted at rest. The databases hold call records and care notes about elderly people; unencrypted storage and snapshots leak them.',
    fix: 'Set `storage_encrypted = true` (optionally `kms_key_id`); an existing unencrypted instance needs a snapshot copy with encryption and a restore.',
    resourceTypes: RDS_TYPES,
  },
  'storage_encrypted',
  true,
  { whenAbsent: false, applies: standalone },
);
