import { mustNotInThrowAway } from '../lifecycle/common.js';

export const APL_S3_003 = mustNotInThrowAway(
  {
    id: 'APL-S3-003',
    title: 'A throw-away deployment can destroy its non-empty buckets',
    severity: 'warning',
    why: 'S3 refuses to delete a bucket that still holds objects (BucketNotEmpty), so a throw-away copy whose buckets received logs or files cannot be destroyed, and the next apply collides with the leftover names.',
    source: {
      quote: 'force_destroy: Boolean that indicates all objects (including any locked objects) should be deleted from the bucket when the bucket is destroyed so that the bucket can be destroyed without error.',
      url: 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket',
    },
    fix: 'Set `force_destroy = true` in the throw-away deployment.',
    resourceTypes: ['aws_s3_bucket'],
  },
  'force_destroy',
  false,
  false,
);
