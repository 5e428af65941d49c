import { isUnknown } from '../../../model/value.js';
import type { ResourceRule } from '../../types.js';
import { blocks } from '../../values.js';
import { companions } from './common.js';

export const S3_002: ResourceRule = {
  id: 'S3-002',
  title: 'S3 buckets declare server-side encryption',
  severity: 'error',
  rationale: 'Env-file bucket layout: server-side encryption (aws:kms) on every put. Declaring the default encryption makes it explicit and reviewable rather than relying on the account default.',
  fix: 'Add an aws_s3_bucket_server_side_encryption_configuration with `sse_algorithm = "aws:kms"` for the bucket.',
  resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_server_side_encryption_configuration'],
  judgedTypes: ['aws_s3_bucket'],
  check(r, ctx) {
    const sse = companions(r, ctx, 'aws_s3_bucket_server_side_encryption_configuration');
    if (sse.length > 0) return { verdict: 'pass', message: `encrypted by ${sse[0].address}` };
    const inline = blocks(r.values, 'server_side_encryption_configuration');
    if (!isUnknown(inline) && inline.length > 0) return { verdict: 'pass', path: 'server_side_encryption_configuration', message: 'inline server_side_encryption_configuration' };
    return { verdict: 'fail', message: `no server-side encryption configuration for this bucket. ${S3_002.fix}` };
  },
};
