import { numberRule } from '../factories.js';

export const APL_LB_008 = numberRule(
  {
    id: 'APL-LB-008',
    title: 'Target group deregistration delay is 0-3600 seconds',
    why: 'A delay outside 0-3600 seconds is refused by ModifyTargetGroupAttributes.',
    source: {
      quote: 'deregistration_delay (Optional[Duration]) – The amount of time for Elastic Load Balancing to wait before deregistering a target. The range is 0-3600 seconds. Default: 300',
      url: 'https://docs.aws.amazon.com/cdk/api/v1/python/aws_cdk.aws_elasticloadbalancingv2/BaseTargetGroupProps.html',
    },
    fix: 'Use 0-3600 seconds.',
    resourceTypes: ['aws_lb_target_group', 'aws_alb_target_group'],
    providerValidates: true,
  },
  ['deregistration_delay'],
  { integer: true, min: 0, max: 3600 },
);
