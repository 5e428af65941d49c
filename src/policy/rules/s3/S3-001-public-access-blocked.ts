import { isUnknown } from '../../../model/value.js';
import type { Outcome, ResourceRule } from '../../types.js';
import { isTrue, read } from '../../values.js';
import { companions } from './common.js';

const FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
const PUBLIC_ACLS = new Set(['public-read', 'public-read-write', 'authenticated-read']);
const BLOCK_TYPES = ['aws_s3_bucket_public_access_block', 'aws_s3_account_public_access_block'];

export const S3_001: ResourceRule = {
  id: 'S3-001',
  title: 'S3 buckets block all public access',
  severity: 'error',
  rationale:
    'AWS Security Hub S3.8 "S3 Block Public Access setting should be enabled at the bucket-level" ("The control fails if any of the following settings are set to false: ignorePublicAcls, blockPublicPolicy, blockPublicAcls, restrictPublicBuckets") and S3.1 at the account level. One public ACL or policy on a bucket without them publishes its objects. Each public access block is judged on its own flags, at the flag\'s line; a bucket with no block (neither its own nor the account\'s) fails at the bucket.',
  fix: 'Add an aws_s3_bucket_public_access_block for the bucket (or an aws_s3_account_public_access_block) with all four flags true, and no public ACL.',
  resourceTypes: ['aws_s3_bucket', ...BLOCK_TYPES],
  check(r, ctx) {
    const out: Outcome[] = [];
    if (BLOCK_TYPES.includes(r.type)) {
      for (const f of FLAGS) {
        const v = read(r.values, f);
        if (isUnknown(v)) out.push({ verdict: 'unknown', path: f, message: `${f} is not known before apply` });
        else if (!isTrue(v)) out.push({ verdict: 'fail', path: f, message: `${f} is ${v === undefined || v === null ? 'not set (false)' : JSON.stringify(v)}: public ${f.includes('acl') ? 'ACLs' : 'policies'} stay possible. ${S3_001.fix}` });
      }
      if (out.length === 0) out.push({ verdict: 'pass', message: 'all four flags are true' });
      return out;
    }
    const acl = read(r.values, 'acl');
    if (typeof acl === 'string' && PUBLIC_ACLS.has(acl)) out.push({ verdict: 'fail', path: 'acl', message: `acl = "${acl}" makes the bucket public. ${S3_001.fix}` });
    const blocks = companions(r, ctx, 'aws_s3_bucket_public_access_block');
    const account = ctx.index.ofType('aws_s3_account_public_access_block').filter((a) => a.mode === 'managed');
    if (blocks.length === 0 && account.length === 0) out.push({ verdict: 'fail', message: `no aws_s3_bucket_public_access_block for this bucket (and no account-level block). ${S3_001.fix}` });
    if (out.length === 0) out.push({ verdict: 'pass', message: `public access blocked by ${[...blocks, ...account].map((b) => b.address).join(', ')} (judged on its own flags)` });
    return out;
  },
};
