import { numberRule } from '../factories.js';

export const APL_LB_007 = numberRule(
  {
    id: 'APL-LB-007',
    title: 'Listener rule priority is between 1 and 50000',
    why: 'Priorities outside 1-50000 are refused.',
    source: {
      quote: 'The priority for the rule between 1 and 50000. Leaving it unset will automatically set the rule with next available priority after currently existing highest rule. A listener can\'t have multiple rules with the same priority.',
      url: 'https://www.pulumi.com/docs/reference/pkg/nodejs/pulumi/awsx/interfaces/classic.lb.ListenerRuleArgs.html',
    },
    fix: 'Use a priority from 1 to 50000.',
    resourceTypes: ['aws_lb_listener_rule', 'aws_alb_listener_rule'],
    providerValidates: true,
  },
  ['priority'],
  { integer: true, min: 1, max: 50000 },
);
