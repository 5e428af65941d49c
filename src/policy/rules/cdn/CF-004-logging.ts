import { isUnknown } from '../../../model/value.js';
import { referrers } from '../../refs.js';
import type { ResourceRule } from '../../types.js';
import { blocksOf, unknownAt } from '../../values.js';

export const CF_004: ResourceRule = {
  id: 'CF-004',
  title: 'CloudFront distributions log requests',
  severity: 'error',
  rationale:
    'AWS Security Hub CloudFront.5 "CloudFront distributions should have logging enabled": access logs are the only record of who requested what at the edge, needed to investigate abuse, a leaked object or a WAF bypass.',
  fix: 'Add `logging_config { bucket = "<log-bucket>.s3.amazonaws.com" }` (or standard logging v2 through aws_cloudwatch_log_delivery).',
  resourceTypes: ['aws_cloudfront_distribution', 'aws_cloudwatch_log_delivery_source'],
  judgedTypes: ['aws_cloudfront_distribution'],
  check(r, ctx) {
    const lc = blocksOf(r, 'logging_config');
    if (isUnknown(lc)) return unknownAt('logging_config', lc);
    if (lc.length > 0) return { verdict: 'pass', path: 'logging_config', message: 'standard logging to S3' };
    const v2 = referrers(ctx, r, ['aws_cloudwatch_log_delivery_source'], 'resource_arn');
    if (v2.length > 0) return { verdict: 'pass', message: `standard logging v2 through ${v2[0].address}` };
    return { verdict: 'fail', message: `no logging_config and no log delivery source for this distribution. ${CF_004.fix}` };
  },
};
