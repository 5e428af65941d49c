import { isUnknown } from '../../../model/value.js';
import type { Outcome, ResourceRule } from '../../types.js';
import { isTrue, read } from '../../values.js';
import { companions } from './common.js';

const FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
const PUBLIC_ACLS = new Set(['public-read', 'public-read-write', 'authenticated-read']);

export const S3_001: ResourceRule = {
  id: 'S3-001',
  title: 'S3 buckets block all public access',
  severity: 'error',
  rationale: 'Issue 2: the env-file bucket is versioned, encrypted and has public access blocked. It holds each environment\'s .env (database URLs, API keys); one public ACL or policy would publish them.',
  fix: 'Add an aws_s3_bucket_public_access_block for the bucket with all four flags true, and no public ACL.',
  resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_public_access_block'],
  judgedTypes: ['aws_s3_bucket'],
  check(r, ctx) {
    const out: Outcome[] = [];
    const acl = read(r.values, 'acl');
    if (typeof acl === 'string' && PUBLIC_ACLS.has(acl)) out.push({ verdict: 'fail', path: 'acl', message: `acl = "${acl}" makes the bucket public. ${S3_001.fix}` });
    const blocks = companions(r, ctx, 'aws_s3_bucket_public_access_block');
    if (blocks.length === 0) out.push({ verdict: 'fail', message: `no aws_s3_bucket_public_access_block for this bucket. ${S3_001.fix}` });
    for (const b of blocks) {
      const unknown = FLAGS.filter((f) => isUnknown(read(b.values, f)));
      const off = FLAGS.filter((f) => !isTrue(read(b.values, f)) && !isUnknown(read(b.values, f)));
      if (off.length > 0) out.push({ verdict: 'fail', message: `${b.address} leaves ${off.join(', ')} off. ${S3_001.fix}` });
      else if (unknown.length > 0) out.push({ verdict: 'unknown', message: `${b.address} ${unknown.join(', ')} not known before apply` });
    }
    if (out.length === 0) out.push({ verdict: 'pass', message: 'public access blocked' });
    return out;
  },
};
