import { attributeRule } from '../../factories.js';
import { KMS_KEY_TYPES } from '../kms/key-types.js';

export const SNS_001 = attributeRule(
  {
    id: 'SNS-001',
    title: 'SNS topics are encrypted with a KMS key',
    rationale:
      'AWS Security Hub SNS.1 "SNS topics should be encrypted at-rest using AWS KMS": "The controls fails if an SNS topic doesn\'t use a KMS key for server-side encryption (SSE)". Messages are stored until delivered; without SSE they sit unencrypted.',
    fix: 'Set `kms_master_key_id` (alias/aws/sns, or a customer managed key whose policy lets the publishers use it).',
    resourceTypes: ['aws_sns_topic'],
  },
  { path: 'kms_master_key_id', expected: 'a KMS key', holds: (v) => typeof v === 'string' && v !== '', heldByReferenceTo: KMS_KEY_TYPES },
);
