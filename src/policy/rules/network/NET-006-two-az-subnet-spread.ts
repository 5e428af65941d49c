import { isUnknown } from '../../../model/value.js';
import { resolveRefs } from '../../../model/refs.js';
import { zonesOf } from '../../network.js';
import type { ResourceRule } from '../../types.js';
import { lbType, unknownLbType } from '../../lb.js';
import { blocksOf, unknownAt } from '../../values.js';

export const NET_006: ResourceRule = {
  id: 'NET-006',
  title: 'ALB and DB subnet groups span at least two availability zones',
  severity: 'error',
  rationale:
    'AWS requires an Application Load Balancer to have subnets in at least two AZs and an RDS DB subnet group to cover at least two AZs (DESIGN.md "AWS constraints"); a single-AZ set fails at apply or leaves no failover target.',
  fix: 'Add a subnet in a second availability zone (the stack keeps the ALB/DB tiers multi-AZ even when compute is single-AZ).',
  resourceTypes: ['aws_lb', 'aws_alb', 'aws_db_subnet_group'],
  check(r, ctx) {
    let attr = 'subnet_ids';
    let subnetPaths = [attr];
    if (r.type !== 'aws_db_subnet_group') {
      const type = lbType(r);
      if (type === undefined) return unknownLbType(r);
      if (type !== 'application') return { verdict: 'not-applicable', message: `load balancer type ${type} (the two-AZ rule is for ALBs)` };
      const mappings = blocksOf(r, 'subnet_mapping');
      if (isUnknown(mappings)) return unknownAt('subnet_mapping', mappings);
      attr = mappings.length > 0 ? 'subnet_mapping' : 'subnets';
      // `follow` reads ids, not blocks: each mapping's subnet_id is followed on its own.
      subnetPaths = mappings.length > 0 ? mappings.map((m) => `${m.path}.subnet_id`) : [attr];
    }
    const resolved = subnetPaths.map((p) => resolveRefs(ctx.index, r, p, ['aws_subnet']));
    const subnets = [...new Set(resolved.flatMap((x) => x.found))];
    const why = resolved.flatMap((x) => x.unresolved);
    if (subnets.length === 0) return { verdict: 'unknown', path: attr, message: `the subnets in ${attr} are not known in the model (${why.join('; ') || 'they name no subnet of it'}); their zones cannot be counted` };
    const { zones, unknown } = zonesOf(subnets);
    if (zones.size >= 2) return { verdict: 'pass', path: attr, message: `subnets span ${zones.size} zones (${[...zones].join(', ')})` };
    if (unknown.length > 0) return { verdict: 'unknown', path: attr, message: `availability zone of ${unknown.join(', ')} is not known before apply` };
    return { verdict: 'fail', path: attr, message: `subnets span ${zones.size} zone(s) (${[...zones].join(', ') || 'none'}). ${NET_006.fix}` };
  },
};
