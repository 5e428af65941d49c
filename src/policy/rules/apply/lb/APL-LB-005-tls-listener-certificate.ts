import { configuredState } from '../../../../model/refs.js';
import { applyRule, isOutcome, knownValues } from '../factories.js';

export const APL_LB_005 = applyRule(
  {
    id: 'APL-LB-005',
    title: 'An HTTPS or TLS listener has a certificate',
    why: 'CreateListener refuses an HTTPS/TLS listener without a default certificate.',
    source: {
      quote: '[HTTPS and TLS listeners] The default certificate for the listener. You must provide exactly one certificate.',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/elasticloadbalancingv2/aws.sdk.kotlin.services.elasticloadbalancingv2.model/-modify-listener-request/certificates.html',
    },
    fix: 'Set `certificate_arn` (an ACM certificate in the load balancer\'s region).',
    resourceTypes: ['aws_lb_listener', 'aws_alb_listener'],
  },
  (r) => {
    const v = knownValues(r, ['protocol']);
    if (isOutcome(v)) return v;
    if (v.protocol !== 'HTTPS' && v.protocol !== 'TLS') return { verdict: 'not-applicable', message: `protocol ${String(v.protocol ?? 'not set')}` };
    const set = configuredState(r, 'certificate_arn');
    // `maybe`: a plan's expression of no resource (a local, a variable) that may be null.
    if (set === 'maybe') return { verdict: 'unknown', path: 'certificate_arn', message: `${v.protocol} listener: certificate_arn is set by an expression that is not known before apply and may be null` };
    return set === 'yes'
      ? { verdict: 'pass', path: 'certificate_arn', message: `${v.protocol} listener with a certificate` }
      : { verdict: 'fail', path: 'protocol', message: `${v.protocol} listener without certificate_arn. Set \`certificate_arn\`.` };
  },
);
