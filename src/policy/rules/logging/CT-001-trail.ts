import { allOf, attributeRule, mustEqual } from '../../factories.js';
import { KMS_KEY_TYPES } from '../kms/key-types.js';

const meta = {
  id: 'CT-001',
  title: 'CloudTrail trails are multi-Region, validate their log files and encrypt them with KMS',
  rationale:
    'AWS Security Hub CloudTrail.1 ("at least one multi-Region trail"), CloudTrail.4 "CloudTrail log file validation should be enabled" and CloudTrail.2 "CloudTrail should have encryption at-rest enabled" ("The check will pass if the KmsKeyId is defined"). A single-Region trail misses API calls made elsewhere; without validation a deleted or edited log file goes unnoticed; the log holds every principal\'s actions.',
  fix: 'Set `is_multi_region_trail = true`, `enable_log_file_validation = true` and `kms_key_id` to a KMS key CloudTrail may use.',
  resourceTypes: ['aws_cloudtrail'],
};

export const CT_001 = allOf(meta, [
  mustEqual(meta, 'is_multi_region_trail', true, { whenAbsent: false }),
  mustEqual(meta, 'enable_log_file_validation', true, { whenAbsent: false }),
  attributeRule(meta, { path: 'kms_key_id', expected: 'a KMS key', holds: (v) => typeof v === 'string' && v !== '', heldByReferenceTo: KMS_KEY_TYPES }),
]);
