import { isUnknown } from '../../../model/value.js';
import { mustEqual } from '../../factories.js';
import { read } from '../../values.js';

export const KMS_001 = mustEqual(
  {
    id: 'KMS-001',
    title: 'Symmetric KMS keys rotate their key material',
    rationale:
      'AWS Security Hub KMS.4 "AWS KMS key rotation should be enabled" (it "does not check KMS keys that have imported key material"); the KMS developer guide: automatic rotation generates new key material every year (or on the period you choose) while old material still decrypts what it encrypted. Off by default in the provider.',
    fix: 'Set `enable_key_rotation = true` (optionally `rotation_period_in_days`).',
    resourceTypes: ['aws_kms_key'],
  },
  'enable_key_rotation',
  true,
  {
    whenAbsent: false,
    applies: (r) => {
      const spec = read(r.values, 'customer_master_key_spec');
      if (isUnknown(spec)) return { verdict: 'unknown', path: 'customer_master_key_spec', message: 'the key spec is not known before apply (only symmetric keys rotate)' };
      return spec === undefined || spec === null || spec === 'SYMMETRIC_DEFAULT' ? true : `key spec ${String(spec)} (automatic rotation is for symmetric encryption keys)`;
    },
  },
);
