import { stringRule } from '../factories.js';
import { S3_NAMING_URL } from './APL-S3-001-bucket-name.js';

const SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3'];

export const APL_S3_002 = stringRule(
  {
    id: 'APL-S3-002',
    title: 'S3 bucket name: no adjacent periods, not an IP address, no reserved prefix or suffix',
    why: 'CreateBucket refuses these names.',
    source: {
      quote: 'Bucket names must not contain two adjacent periods. Bucket names must not be formatted as an IP address (for example, 192.168.5.4). Bucket names must not start with the prefix xn--. Bucket names must not start with the prefix sthree-. … Bucket names must not start with the prefix amzn-s3-demo-. Bucket names must not end with the suffix -s3alias. … Bucket names must not end with the suffix --ol-s3. … Bucket names must not end with the suffix .mrap.',
      url: S3_NAMING_URL,
    },
    fix: 'Rename the bucket without `..`, an IP-address form, or a reserved prefix (xn--, sthree-, amzn-s3-demo-) or suffix (-s3alias, --ol-s3, .mrap, --x-s3).',
    resourceTypes: ['aws_s3_bucket'],
  },
  ['bucket'],
  {
    forbiddenPrefixes: ['xn--', 'sthree-', 'amzn-s3-demo-'],
    also: (s) => {
      if (s.includes('..')) return 'it contains two adjacent periods';
      if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) return 'it is formatted as an IP address';
      const suf = SUFFIXES.find((x) => s.endsWith(x));
      return suf ? `it ends with the reserved suffix ${suf}` : undefined;
    },
  },
);
