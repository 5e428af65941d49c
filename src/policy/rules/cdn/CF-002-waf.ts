import { attributeRule } from '../../factories.js';

export const CF_002 = attributeRule(
  {
    id: 'CF-002',
    title: 'CloudFront distributions are protected by a WAF web ACL',
    rationale:
      'AWS Security Hub CloudFront.6 "CloudFront distributions should have WAF enabled": without a web ACL every request reaches the origin unfiltered (no rate limiting, no managed rule groups against common exploits and bad bots).',
    fix: 'Create an aws_wafv2_web_acl with `scope = "CLOUDFRONT"` (in us-east-1) and set the distribution\'s `web_acl_id` to its ARN.',
    resourceTypes: ['aws_cloudfront_distribution'],
  },
  { path: 'web_acl_id', expected: 'a WAF web ACL', holds: (v) => typeof v === 'string' && v !== '' },
);
