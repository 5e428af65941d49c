import { numberRule } from '../factories.js';

export const APL_KMS_001 = numberRule(
  {
    id: 'APL-KMS-001',
    title: 'KMS key deletion window is 7-30 days',
    why: 'ScheduleKeyDeletion refuses another waiting period, so `terraform destroy` fails on the key.',
    source: {
      quote: 'This value is optional. If you include a value, it must be between 7 and 30, inclusive. If you do not include a value, it defaults to 30.',
      url: 'https://www.rubydoc.info/gems/aws-sdk-kms/Aws/KMS/Types/ScheduleKeyDeletionRequest',
    },
    fix: 'Use 7-30 days.',
    resourceTypes: ['aws_kms_key', 'aws_kms_replica_key'],
    providerValidates: true,
  },
  ['deletion_window_in_days'],
  { integer: true, min: 7, max: 30 },
);
