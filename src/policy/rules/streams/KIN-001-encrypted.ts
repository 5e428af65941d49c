import { mustEqual } from '../../factories.js';

export const KIN_001 = mustEqual(
  {
    id: 'KIN-001',
    title: 'Kinesis data streams are encrypted at rest',
    rationale:
      'AWS Security Hub Kinesis.1 "Kinesis streams should be encrypted at rest". A stream keeps its records (events, call metadata) for 24 hours or more; `encryption_type = "NONE"` — what the aws provider 5.100 plans when it is not set (measured: schema/aws-defaults.json, scripts/provider-defaults.ts) — stores them unencrypted.',
    fix: 'Set `encryption_type = "KMS"` and `kms_key_id` (e.g. `alias/aws/kinesis` or a customer key).',
    resourceTypes: ['aws_kinesis_stream'],
  },
  'encryption_type',
  'KMS',
  { whenAbsent: 'NONE' },
);
