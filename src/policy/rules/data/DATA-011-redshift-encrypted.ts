import { mustEqual } from '../../factories.js';

export const DATA_011 = mustEqual(
  {
    id: 'DATA-011',
    title: 'Redshift clusters are encrypted at rest',
    rationale:
      'AWS Security Hub Redshift.10 "Redshift clusters should be encrypted at rest". A warehouse holds copies of the databases it loads; unencrypted, its storage and snapshots leak them. The aws provider 5.100 plans `encrypted = false` when the argument is not set (schema/aws-defaults.json), so an unset flag is judged as off.',
    fix: 'Set `encrypted = true` (optionally `kms_key_id`).',
    resourceTypes: ['aws_redshift_cluster'],
  },
  'encrypted',
  true,
  { whenAbsent: false },
);
