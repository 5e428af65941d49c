import { isUnknown } from '../../../../model/value.js';
import { follow } from '../../../refs.js';
import { applyRule, isOutcome, knownValues } from '../factories.js';
import { blocksOf, read } from '../../../values.js';

export const APL_LB_004 = applyRule(
  {
    id: 'APL-LB-004',
    title: 'An Application Load Balancer has subnets in at least two Availability Zones',
    why: 'CreateLoadBalancer refuses an ALB with subnets in one AZ.',
    source: {
      quote: '[Application Load Balancers] You must specify subnets from at least two Availability Zones.',
      url: 'https://www.rdocumentation.org/packages/paws.networking/versions/0.1.11/topics/elbv2_create_load_balancer',
    },
    fix: 'Give the ALB a subnet in a second Availability Zone (public subnets in two AZs even when compute is single-AZ).',
    resourceTypes: ['aws_lb', 'aws_alb', 'aws_subnet'],
    judgedTypes: ['aws_lb', 'aws_alb'],
  },
  (r, ctx) => {
    const v = knownValues(r, ['load_balancer_type'], { load_balancer_type: 'application' });
    if (isOutcome(v)) return v;
    if (v.load_balancer_type !== 'application') return { verdict: 'not-applicable', message: `a ${String(v.load_balancer_type)} load balancer` };
    const mappings = blocksOf(r, 'subnet_mapping');
    const attr = !isUnknown(mappings) && mappings.length > 0 ? 'subnet_mapping' : 'subnets';
    const subnets = attr === 'subnets' || isUnknown(mappings) ? follow(ctx, r, 'subnets', ['aws_subnet']) : mappings.flatMap((b) => follow(ctx, r, `${b.path}.subnet_id`, ['aws_subnet']));
    const declared = read(r.values, attr);
    const count = Array.isArray(declared) ? declared.length : undefined;
    if (subnets.length === 0 || (count !== undefined && subnets.length < count)) {
      return { verdict: 'unknown', path: attr, message: `the subnets of ${attr} are not all resources of this stack; their Availability Zones are not known` };
    }
    const azs = new Set<string>();
    for (const s of subnets) {
      const az = read(s.values, 'availability_zone');
      const id = read(s.values, 'availability_zone_id');
      const zone = typeof az === 'string' ? az : typeof id === 'string' ? id : undefined;
      if (zone === undefined) return { verdict: 'unknown', path: attr, message: `the Availability Zone of ${s.address} is not known before apply` };
      azs.add(zone);
    }
    return azs.size >= 2
      ? { verdict: 'pass', path: attr, message: `subnets in ${azs.size} Availability Zones (${[...azs].join(', ')})` }
      : { verdict: 'fail', path: attr, message: `all subnets are in ${[...azs].join(', ')}; an ALB needs two Availability Zones. Give the ALB a subnet in a second Availability Zone.` };
  },
);
