import { mustEqual } from '../../factories.js';
import { lbType, unknownLbType } from '../../lb.js';

export const LB_004 = mustEqual(
  {
    id: 'LB-004',
    title: 'ALBs drop invalid HTTP header fields',
    rationale:
      'AWS ALB guidance (and Security Hub ELB.4): with drop_invalid_header_fields the ALB removes headers that are not valid HTTP, closing request-smuggling and header-injection paths to the api and web hosts.',
    fix: 'Set `drop_invalid_header_fields = true` on the aws_lb.',
    resourceTypes: ['aws_lb', 'aws_alb'],
  },
  'drop_invalid_header_fields',
  true,
  {
    whenAbsent: false,
    applies: (r) => {
      const type = lbType(r);
      if (type === undefined) return unknownLbType(r);
      return type === 'application' ? true : `${type} load balancer (header handling is an ALB feature)`;
    },
  },
);
