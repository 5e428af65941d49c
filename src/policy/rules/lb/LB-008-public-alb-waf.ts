import { isUnknown } from '../../../model/value.js';
import { mustHaveCompanion } from '../../factories.js';
import { lbType, unknownLbType } from '../../lb.js';
import { isTrue, read } from '../../values.js';

export const LB_008 = mustHaveCompanion(
  {
    id: 'LB-008',
    title: 'Internet-facing ALBs are associated with a WAF web ACL',
    rationale:
      'AWS Security Hub ELB.16 "Application Load Balancers should be associated with an AWS WAF web ACL": an internet-facing ALB without a web ACL passes every request to its targets (no rate limits, no managed rules against SQL injection, known bad inputs or bots).',
    fix: 'Create an aws_wafv2_web_acl (scope REGIONAL) and an aws_wafv2_web_acl_association with `resource_arn` = the ALB\'s ARN.',
    resourceTypes: ['aws_lb', 'aws_alb', 'aws_wafv2_web_acl_association', 'aws_wafregional_web_acl_association'],
  },
  {
    types: ['aws_wafv2_web_acl_association', 'aws_wafregional_web_acl_association'],
    attribute: 'resource_arn',
    what: 'a WAF web ACL association',
    applies: (r) => {
      const type = lbType(r);
      if (type === undefined) return unknownLbType(r);
      if (type !== 'application') return `load balancer type ${type} (WAF attaches to ALBs)`;
      const internal = read(r.values, 'internal');
      if (isUnknown(internal)) return { verdict: 'unknown', path: 'internal', message: 'whether the ALB is internet-facing is not known before apply' };
      return isTrue(internal) ? 'an internal ALB' : true;
    },
  },
);
