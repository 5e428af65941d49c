import { isUnknown } from '../../../model/value.js';
import { describePermission, permissionsOf, SG_RULE_TYPES, WORLD } from '../../network.js';
import type { Outcome, ResourceRule } from '../../types.js';

export const NET_010: ResourceRule = {
  id: 'NET-010',
  title: 'No security group allows all traffic out to the whole internet',
  severity: 'warning',
  rationale:
    'AWS Well-Architected SEC05-BP02 "Control traffic flow within your network layers" and the VPC user guide (security groups: "restrict outbound traffic" to what the workload needs): an egress rule for all protocols and ports to 0.0.0.0/0 or ::/0 lets a compromised host reach any command-and-control server and exfiltrate data on any port. A warning, not an error: many workloads legitimately start from it, and tightening needs knowing their destinations.',
  fix: 'Allow only the protocols, ports and destinations the workload needs (443/tcp to the internet through NAT, the database port to the data tier\'s group, VPC endpoints\' prefix lists).',
  resourceTypes: SG_RULE_TYPES,
  check(r, ctx) {
    const out: Outcome[] = [];
    for (const p of permissionsOf(r, ctx)) {
      if (p.direction !== 'egress') continue;
      if (isUnknown(p.protocol)) continue;
      if (p.protocol !== 'all') continue;
      for (const c of p.cidrs) {
        if (!isUnknown(c.cidr) && WORLD.has(c.cidr)) out.push({ verdict: 'fail', path: c.path, message: `egress ${describePermission(p)} to ${c.cidr}. ${NET_010.fix}` });
      }
    }
    if (out.length === 0) out.push({ verdict: 'pass', message: 'no all-traffic egress to the internet' });
    return out;
  },
};
