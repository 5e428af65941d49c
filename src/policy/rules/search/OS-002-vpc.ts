import { isUnknown } from '../../../model/value.js';
import { attributeRule } from '../../factories.js';
import { list } from '../../values.js';

export const OS_002 = attributeRule(
  {
    id: 'OS-002',
    title: 'OpenSearch domains are placed in a VPC',
    rationale:
      'AWS Security Hub Opensearch.2 "OpenSearch domains should not be publicly accessible": a domain without `vpc_options` gets a public endpoint reachable from the internet, guarded only by its access policy; inside a VPC its security groups decide who reaches it.',
    fix: 'Add `vpc_options { subnet_ids = [private subnets], security_group_ids = [a group admitting only the application] }` (placement is chosen at creation).',
    resourceTypes: ['aws_opensearch_domain', 'aws_elasticsearch_domain'],
  },
  {
    path: 'vpc_options.0.subnet_ids',
    expected: 'private subnets (vpc_options)',
    holds: (v) => {
      const l = list(v);
      return !isUnknown(l) && l.length > 0;
    },
  },
);
