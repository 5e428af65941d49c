import { isUnknown } from '../../../model/value.js';
import { covers, describePermission, permissionsOf, SG_RULE_TYPES, type Permission } from '../../network.js';
import type { Outcome, ResourceRule } from '../../types.js';

const ADMIN_PORTS = [
  { proto: 'tcp', port: 22, what: 'SSH' },
  { proto: 'tcp', port: 3389, what: 'RDP' },
  { proto: 'udp', port: 3389, what: 'RDP' },
] as const;

/** The attribute that opens the port: the protocol for all-traffic rules, else from_port. */
function portPath(type: string, p: Permission): string {
  const protoAttr = type.startsWith('aws_vpc_security_group_') ? 'ip_protocol' : 'protocol';
  const attr = isUnknown(p.protocol) || p.protocol === 'all' ? protoAttr : 'from_port';
  return p.path ? `${p.path}.${attr}` : attr;
}

export const NET_008: ResourceRule = {
  id: 'NET-008',
  title: 'No security group ingress on 22 or 3389 from anything (hosts are reached only through SSM)',
  severity: 'error',
  rationale:
    'Stack contract: people reach hosts only through SSM Session Manager (audited, IAM-controlled; AWS Systems Manager user guide: Session Manager needs no open inbound ports), so no security group opens SSH (22) or RDP (3389) to anything — not the internet, not another group, not a bastion. The general pack forbids them only from the internet (NET-001).',
  fix: 'Remove the ingress rule (or narrow its port range so it excludes 22 and 3389); use `aws ssm start-session` instead.',
  resourceTypes: SG_RULE_TYPES,
  check(r, ctx) {
    const out: Outcome[] = [];
    for (const p of permissionsOf(r, ctx)) {
      if (p.direction !== 'ingress') continue;
      for (const a of ADMIN_PORTS) {
        const c = covers(p, a.proto, a.port);
        if (c === true) {
          out.push({
            verdict: 'fail',
            path: portPath(r.type, p),
            message: `ingress ${describePermission(p)} opens ${a.what} (${a.port}/${a.proto}). ${NET_008.fix}`,
          });
          break;
        }
        if (c === 'unknown') {
          out.push({ verdict: 'unknown', path: portPath(r.type, p), message: `ingress protocol or ports are not known before apply, so ${a.what} exposure cannot be ruled out` });
          break;
        }
      }
    }
    if (out.length === 0) out.push({ verdict: 'pass', message: 'no ingress covers 22 or 3389' });
    return out;
  },
};
