import { isConfigured } from '../../../../model/refs.js';
import { isUnknown } from '../../../../model/value.js';
import type { Outcome } from '../../../types.js';
import { applyRule, unknownOutcome, valueAt } from '../factories.js';

/**
 * AWS's health check timeout when none is given, by target group protocol (target type lambda
 * first), from the CreateTargetGroup reference quoted below. UDP and TCP_UDP are not named there.
 */
const DEFAULT_TIMEOUT: Record<string, number> = { HTTP: 6, HTTPS: 10, TCP: 10, TLS: 10, GENEVE: 5 };
const LAMBDA_TIMEOUT = 30;
/** AWS's interval for a lambda target group when none is given (the provider's default, 30, is for the others). */
const LAMBDA_INTERVAL = 35;
/** The provider's default interval (schema/aws-defaults.json), for a block planned without one. */
const PROVIDER_INTERVAL = 30;
const MAX_DEFAULT_TIMEOUT = Math.max(...Object.values(DEFAULT_TIMEOUT));
/**
 * Target group protocols of Application Load Balancers (and lambda targets, which only an ALB
 * serves): the interval must be strictly greater. A Network (or Gateway) Load Balancer's target
 * group accepts a timeout equal to the interval (10 and 10 was its only TCP setting until 2022)
 * and refuses only a longer one.
 */
const ALB_PROTOCOLS = new Set(['HTTP', 'HTTPS']);

export const APL_LB_009 = applyRule(
  {
    id: 'APL-LB-009',
    title: 'Target group health check timeout is shorter than its interval (at most equal on NLB)',
    why: 'CreateTargetGroup and ModifyTargetGroup refuse an Application Load Balancer health check whose timeout is not shorter than its interval (ValidationError: "Health check interval must be greater than the timeout", or "Health check timeout \'10\' must be smaller than the interval \'10\'"), and a Network Load Balancer one whose timeout is longer than its interval (equal is accepted there: "This rule only applies to Application Load Balancers and not Network Load Balancers", aws/aws-cdk#16446, and "Ensure that HealthCheckTimeoutSeconds is not greater than HealthCheckIntervalSeconds", aws/aws-cdk#26031). The aws provider 5.100 checks each range alone, so the plan passes and the apply fails. An unset timeout is AWS\'s default for the protocol, so an interval of 5 seconds alone already fails on HTTP.',
    source: {
      quote: 'HealthCheckTimeoutSeconds: The amount of time, in seconds, during which no response from a target means a failed health check. The range is 2–120 seconds. For target groups with a protocol of HTTP, the default is 6 seconds. For target groups with a protocol of TCP, TLS or HTTPS, the default is 10 seconds. For target groups with a protocol of GENEVE, the default is 5 seconds. If the target type is lambda, the default is 30 seconds. (The refusal: "aws_lb_target_group.web_ui_http: Error modifying Target Group: ValidationError: Health check timeout \'10\' must be smaller than the interval \'10\'", hashicorp/terraform-provider-aws issue #2366.)',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/elasticloadbalancingv2/aws.sdk.kotlin.services.elasticloadbalancingv2.model/-create-target-group-request/-builder/health-check-timeout-seconds.html',
    },
    fix: 'Set health_check.timeout below health_check.interval (for example interval = 10, timeout = 5).',
    resourceTypes: ['aws_lb_target_group', 'aws_alb_target_group'],
  },
  (r): Outcome => {
    const enabled = valueAt(r, 'health_check.0.enabled');
    if (isUnknown(enabled)) return unknownOutcome('health_check.0.enabled', enabled);
    if (enabled === false) return { verdict: 'not-applicable', message: 'health checks are disabled' };
    const targetType = valueAt(r, 'target_type');
    if (isUnknown(targetType)) return unknownOutcome('target_type', targetType);
    const lambda = targetType === 'lambda';
    // A value the configuration leaves unset reads as undefined when the provider computes it
    // (timeout), as the provider's planned default otherwise (interval: 30).
    const interval = valueAt(r, 'health_check.0.interval');
    const timeout = valueAt(r, 'health_check.0.timeout');
    if (isUnknown(interval)) return unknownOutcome('health_check.0.interval', interval);
    if (isUnknown(timeout)) return unknownOutcome('health_check.0.timeout', timeout);
    if (typeof timeout !== 'number' && (typeof interval !== 'number' || (lambda && !isConfigured(r, 'health_check.0.interval'))))
      return { verdict: 'not-applicable', message: 'neither health_check.interval nor health_check.timeout is set: AWS\'s defaults, which agree, apply' };
    const i = typeof interval === 'number' ? interval : lambda ? LAMBDA_INTERVAL : PROVIDER_INTERVAL;
    const protocol = lambda ? undefined : valueAt(r, 'protocol');
    if (isUnknown(protocol)) return unknownOutcome('protocol', protocol);
    const proto = typeof protocol === 'string' ? protocol.toUpperCase() : undefined;
    let t: number;
    let tWhy = 'health_check.timeout';
    if (typeof timeout === 'number') t = timeout;
    else {
      const d = lambda ? LAMBDA_TIMEOUT : proto ? DEFAULT_TIMEOUT[proto] : undefined;
      if (d === undefined) {
        // UDP, TCP_UDP (Network Load Balancer protocols): no documented default, but none above 10 s.
        return i >= MAX_DEFAULT_TIMEOUT
          ? { verdict: 'pass', path: 'health_check.0.interval', message: `the interval (${i} s) is at least every default timeout AWS documents outside lambda (at most ${MAX_DEFAULT_TIMEOUT} s), which a Network Load Balancer target group accepts` }
          : { verdict: 'unknown', path: 'health_check.0.interval', message: `health_check.timeout is not set and AWS documents no default timeout for protocol ${String(protocol)}; whether the interval (${i} s) is long enough is not known` };
      }
      t = d;
      tWhy = `AWS's default timeout for ${lambda ? 'a lambda target group' : `protocol ${proto}`}`;
    }
    // An unset protocol: the provider plans none for lambda, and requires one for the other target types.
    const alb = lambda || (proto !== undefined && ALB_PROTOCOLS.has(proto));
    const ok = alb ? i > t : i >= t;
    const need = alb ? 'greater than' : 'at least';
    return ok
      ? { verdict: 'pass', path: 'health_check.0.interval', message: `the interval (${i} s) is ${need} ${tWhy} (${t} s)` }
      : {
          verdict: 'fail',
          path: typeof timeout === 'number' ? 'health_check.0.timeout' : 'health_check.0.interval',
          message: `health_check.interval (${i} s) is not ${need} ${tWhy} (${t} s)${alb ? ' on an Application Load Balancer target group' : ''}; AWS refuses it ("Health check interval must be greater than the timeout"). Set health_check.timeout below the interval.`,
        };
  },
);
