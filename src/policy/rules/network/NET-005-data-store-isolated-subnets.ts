import type { Resource } from '../../../model/resource.js';
import { resolveRefs } from '../../../model/refs.js';
import { follow } from '../../refs.js';
import { subnetInternet } from '../../network.js';
import type { Outcome, ResourceRule } from '../../types.js';
import { describe, readSet } from '../../values.js';

const GROUP_ATTR: Record<string, { attr: string; types: string[] }> = {
  aws_db_instance: { attr: 'db_subnet_group_name', types: ['aws_db_subnet_group'] },
  aws_rds_cluster: { attr: 'db_subnet_group_name', types: ['aws_db_subnet_group'] },
  aws_elasticache_replication_group: { attr: 'subnet_group_name', types: ['aws_elasticache_subnet_group'] },
  aws_elasticache_cluster: { attr: 'subnet_group_name', types: ['aws_elasticache_subnet_group'] },
};

export const NET_005: ResourceRule = {
  id: 'NET-005',
  title: 'Data stores only in subnets with no internet route',
  severity: 'error',
  rationale:
    'DESIGN.md: data-<env> subnets hold RDS and ElastiCache and have no route to the internet at all (no IGW, no NAT). Personal and health data must not have a path out even if a host is compromised.',
  fix: 'Give the data store a subnet group made only of data-tier subnets whose route tables have no 0.0.0.0/0 (or ::/0) route.',
  resourceTypes: Object.keys(GROUP_ATTR),
  check(r, ctx) {
    const g = GROUP_ATTR[r.type];
    const groups = follow(ctx, r, g.attr, g.types);
    const declared = readSet(r, g.attr);
    if (groups.length === 0) {
      if (declared === undefined || declared === null || declared === '') {
        return { verdict: 'fail', path: g.attr, message: `no ${g.attr}: the store lands in the default VPC's subnets, which are routed to the internet. ${NET_005.fix}` };
      }
      return { verdict: 'unknown', path: g.attr, message: `subnet group ${describe(declared)} is not in the model; its subnets cannot be judged` };
    }
    const out: Outcome[] = [];
    const resolved = groups.map((grp) => resolveRefs(ctx.index, grp, 'subnet_ids', ['aws_subnet']));
    const subnets: Resource[] = resolved.flatMap((x) => x.found);
    // Some of these, unknown which (a plan's key-less reference): every candidate judged; one with
    // an internet route may or may not be in the group.
    const maybe: Resource[] = resolved.flatMap((x) => x.ambiguous?.candidates ?? []);
    if (subnets.length === 0 && maybe.length === 0) return { verdict: 'unknown', path: g.attr, message: `the subnets of ${groups[0].address} are not known in the model (${resolved.flatMap((x) => x.unresolved).join('; ') || 'none named'})` };
    for (const s of subnets) {
      const net = subnetInternet(s, ctx);
      if (net.kinds.size > 0) out.push({ verdict: 'fail', path: g.attr, message: `subnet ${s.address} has an internet route (${[...net.kinds].join(', ')}). ${NET_005.fix}` });
      else if (net.unknown.length > 0) out.push({ verdict: 'unknown', path: g.attr, message: `a route of subnet ${s.address} is not known before apply (${net.unknown.join(', ')})` });
    }
    for (const s of maybe) {
      const net = subnetInternet(s, ctx);
      if (net.kinds.size > 0 || net.unknown.length > 0) out.push({ verdict: 'unknown', path: g.attr, message: `the subnet group may hold ${s.address} (${resolved.flatMap((x) => x.unresolved).join('; ')}), which ${net.kinds.size ? `has an internet route (${[...net.kinds].join(', ')})` : `has a route not known before apply (${net.unknown.join(', ')})`}` });
    }
    if (out.length === 0) out.push({ verdict: 'pass', path: g.attr, message: `${maybe.length ? 'every subnet the group may hold' : 'subnets'} ${[...subnets, ...maybe].map((s) => s.address).join(', ')} ${maybe.length ? 'has' : 'have'} no internet route` });
    return out;
  },
};
