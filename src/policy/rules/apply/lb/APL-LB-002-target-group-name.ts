import { ALNUM, stringRule } from '../factories.js';

export const APL_LB_002 = stringRule(
  {
    id: 'APL-LB-002',
    title: 'Target group name: at most 32 letters, digits, hyphens; no leading/trailing hyphen',
    why: 'CreateTargetGroup refuses other names.',
    source: {
      quote: 'This name must be unique per region per account, can have a maximum of 32 characters, must contain only alphanumeric characters or hyphens, and must not begin or end with a hyphen.',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/elasticloadbalancingv2/aws.sdk.kotlin.services.elasticloadbalancingv2.model/-create-target-group-request/-builder/name.html',
    },
    fix: 'Shorten the name to 32 characters of letters, digits and inner hyphens.',
    resourceTypes: ['aws_lb_target_group', 'aws_alb_target_group'],
    providerValidates: true,
  },
  ['name'],
  { max: 32, charset: { allowed: `${ALNUM}-`, label: 'letters, digits and hyphens' }, forbiddenPrefixes: ['-'], also: (s) => (s.endsWith('-') ? 'it ends with a hyphen' : undefined) },
);
