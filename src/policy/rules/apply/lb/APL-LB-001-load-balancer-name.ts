import { ALNUM, stringRule } from '../factories.js';

export const APL_LB_001 = stringRule(
  {
    id: 'APL-LB-001',
    title: 'Load balancer name: at most 32 letters, digits, hyphens; no leading/trailing hyphen; not internal-',
    why: 'CreateLoadBalancer refuses other names; names built from project, environment and run id overflow 32 easily.',
    source: {
      quote: 'This name must be unique per region per account, can have a maximum of 32 characters, must contain only alphanumeric characters or hyphens, must not begin or end with a hyphen, and must not begin with "internal-".',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/elasticloadbalancingv2/aws.sdk.kotlin.services.elasticloadbalancingv2.model/-create-load-balancer-request/name.html',
    },
    fix: 'Shorten the name to 32 characters of letters, digits and inner hyphens (or use name_prefix of at most 6).',
    resourceTypes: ['aws_lb', 'aws_alb'],
    providerValidates: true,
  },
  ['name'],
  { max: 32, charset: { allowed: `${ALNUM}-`, label: 'letters, digits and hyphens' }, forbiddenPrefixes: ['internal-', '-'], also: (s) => (s.endsWith('-') ? 'it ends with a hyphen' : undefined) },
);
