import type { Resource } from '../../../model/resource.js';
import { referrers } from '../../refs.js';
import type { RuleContext } from '../../types.js';

/** A bucket's companion configuration resources (`aws_s3_bucket_versioning`, …) that point at it. */
export function companions(bucket: Resource, ctx: RuleContext, type: string): Resource[] {
  return referrers(ctx, bucket, [type], 'bucket');
}
