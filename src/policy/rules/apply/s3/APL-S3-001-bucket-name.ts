import { stringRule } from '../factories.js';

export const S3_NAMING_URL = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html';

export const APL_S3_001 = stringRule(
  {
    id: 'APL-S3-001',
    title: 'S3 bucket name: 3-63 lowercase letters, digits, dots, hyphens; begins and ends with a letter or digit',
    why: 'CreateBucket refuses other names.',
    source: {
      quote: 'Bucket names must be between 3 (min) and 63 (max) characters long. Bucket names can consist only of lowercase letters, numbers, dots (.), and hyphens (-). Bucket names must begin and end with a letter or number.',
      url: S3_NAMING_URL,
    },
    fix: 'Rename the bucket: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.',
    resourceTypes: ['aws_s3_bucket'],
  },
  ['bucket'],
  {
    min: 3,
    max: 63,
    charset: { allowed: 'abcdefghijklmnopqrstuvwxyz0123456789.-', label: 'lowercase letters, digits, dots and hyphens' },
    pattern: { re: /^[a-z0-9].*[a-z0-9]$/, label: 'beginning and ending with a letter or digit' },
  },
);
