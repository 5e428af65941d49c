import { stringRule } from '../factories.js';
import { CF_ACM_URL } from './common.js';

export const APL_CF_001 = stringRule(
  {
    id: 'APL-CF-001',
    title: 'A CloudFront distribution\'s ACM certificate is in us-east-1',
    why: 'CloudFront refuses a certificate from any other Region; a certificate requested with the stack\'s default (Seoul) provider fails the distribution at create.',
    source: {
      quote: 'If the distribution uses Aliases (alternate domain names or CNAMEs) and the SSL/TLS certificate is stored in Certificate Manager (ACM), provide the Amazon Resource Name (ARN) of the ACM certificate. CloudFront only supports ACM certificates in the US East (N. Virginia) Region (us-east-1).',
      url: CF_ACM_URL,
    },
    fix: 'Request the certificate with a provider alias for us-east-1 (`provider = aws.us_east_1`) and use its ARN.',
    resourceTypes: ['aws_cloudfront_distribution'],
  },
  ['viewer_certificate.*.acm_certificate_arn'],
  { also: (s) => (s === '' || /^arn:aws[\w-]*:acm:us-east-1:/.test(s) ? undefined : `the certificate is in ${s.split(':')[3] || 'an unknown Region'}, not us-east-1`) },
);
