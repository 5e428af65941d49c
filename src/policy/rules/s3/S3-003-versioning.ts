import { isUnknown } from '../../../model/value.js';
import type { ResourceRule } from '../../types.js';
import { isTrue, read } from '../../values.js';
import { companions } from './common.js';

export const S3_003: ResourceRule = {
  id: 'S3-003',
  title: 'S3 buckets are versioned (the env-file bucket above all)',
  severity: 'error',
  rationale: 'Issue 2: the env-file bucket is versioned. An overwritten or deleted .env takes every host of an environment down at its next start; versioning keeps the previous object to restore. Applied to every bucket of the stack, so a new bucket cannot slip by.',
  fix: 'Add an aws_s3_bucket_versioning with `versioning_configuration { status = "Enabled" }` for the bucket.',
  resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_versioning'],
  judgedTypes: ['aws_s3_bucket'],
  check(r, ctx) {
    for (const v of companions(r, ctx, 'aws_s3_bucket_versioning')) {
      const status = read(v.values, 'versioning_configuration.0.status');
      if (isUnknown(status)) return { verdict: 'unknown', message: `${v.address} status is not known before apply` };
      return status === 'Enabled'
        ? { verdict: 'pass', message: `versioning enabled by ${v.address}` }
        : { verdict: 'fail', message: `${v.address} sets status ${JSON.stringify(status)}. ${S3_003.fix}` };
    }
    const inline = read(r.values, 'versioning.0.enabled');
    if (isTrue(inline)) return { verdict: 'pass', path: 'versioning', message: 'inline versioning enabled' };
    return { verdict: 'fail', message: `versioning is not enabled. ${S3_003.fix}` };
  },
};
