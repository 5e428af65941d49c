import { applyRule, valuesAt } from '../factories.js';
import type { Outcome } from '../../../types.js';
import { isUnknown } from '../../../../model/value.js';
import { CF_ACM_URL } from './common.js';

export const APL_CF_002 = applyRule(
  {
    id: 'APL-CF-002',
    title: 'A CloudFront ACM or IAM certificate comes with ssl_support_method',
    why: 'CloudFront refuses a custom certificate without the SSL support method.',
    source: { quote: 'If you specify an ACM certificate ARN, you must also specify values for MinimumProtocolVersion and SSLSupportMethod.', url: CF_ACM_URL },
    fix: 'Set `ssl_support_method = "sni-only"` (and `minimum_protocol_version`, e.g. "TLSv1.2_2021") next to the certificate.',
    resourceTypes: ['aws_cloudfront_distribution'],
  },
  (r) => {
    const out: Outcome[] = [];
    for (const { path, value } of valuesAt(r, 'viewer_certificate.*')) {
      if (value === undefined || value === null || isUnknown(value) || typeof value !== 'object' || Array.isArray(value)) continue;
      const cert = (value as Record<string, unknown>).acm_certificate_arn ?? (value as Record<string, unknown>).iam_certificate_id;
      if (cert === undefined || cert === null || cert === '') continue;
      const method = (value as Record<string, unknown>).ssl_support_method;
      out.push(
        method === undefined || method === null || method === ''
          ? { verdict: 'fail', path, message: 'a custom certificate without ssl_support_method. Set `ssl_support_method = "sni-only"` next to the certificate.' }
          : { verdict: 'pass', path: `${path}.ssl_support_method`, message: `ssl_support_method ${JSON.stringify(method)}` },
      );
    }
    return out.length ? out : { verdict: 'not-applicable', message: 'the CloudFront default certificate' };
  },
);
