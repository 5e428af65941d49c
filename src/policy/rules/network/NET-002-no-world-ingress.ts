import { isUnknown } from '../../../model/value.js';
import { describePermission, permissionsOf, SG_RULE_TYPES, WORLD, type Permission } from '../../network.js';
import type { Outcome, ResourceRule, RuleContext } from '../../types.js';
import { roleOf } from '../../values.js';

/** The declared public entry points (stack contract): Role tag of the group → proto/port allowed from anywhere. */
export const PUBLIC_ENTRY_POINTS: Record<string, string[]> = {
  alb: ['80/tcp', '443/tcp'],
  // Media reaches LiveKit through the NLB with the client IP preserved, so the host's group sees the world.
  livekit: ['7881/tcp', '7882/udp', '3478/udp', '5349/tcp'],
  nlb: ['7881/tcp', '7882/udp', '3478/udp', '5349/tcp'],
};

function allowedFor(p: Permission, ctx: RuleContext): { ok: boolean; role?: string } {
  const roles = p.owners.map((o) => roleOf(o, ctx));
  for (const role of roles) {
    const allowed = role ? PUBLIC_ENTRY_POINTS[role] : undefined;
    if (!allowed || isUnknown(p.protocol) || isUnknown(p.from) || isUnknown(p.to)) return { ok: false, role };
    if (p.from !== p.to || !allowed.includes(`${p.from}/${p.protocol}`)) return { ok: false, role };
  }
  return { ok: roles.length > 0, role: roles[0] };
}

/** Whether some declared entry point allows exactly this protocol/port (so the owner's Role decides). */
function couldBeEntryPoint(p: Permission): boolean {
  if (isUnknown(p.protocol) || isUnknown(p.from) || isUnknown(p.to)) return true;
  return p.from === p.to && Object.values(PUBLIC_ENTRY_POINTS).some((ports) => ports.includes(`${p.from}/${p.protocol}`));
}

export const NET_002: ResourceRule = {
  id: 'NET-002',
  title: 'No ingress from 0.0.0.0/0 or ::/0 except the declared public entry points',
  severity: 'error',
  rationale:
    'Stack contract: only the ALB (80/443) and the LiveKit media ports behind the NLB (7881/tcp, 7882/udp, 3478/udp, 5349/tcp) face the internet. Everything else (api, web, ai-agent, data stores) holds health data of vulnerable people and is reached only from named security groups.',
  fix: 'Replace the world CIDR with a referenced security group (e.g. the ALB group), or tag the group with the Role of a declared entry point if it really is one.',
  resourceTypes: SG_RULE_TYPES,
  check(r, ctx) {
    const out: Outcome[] = [];
    for (const p of permissionsOf(r, ctx)) {
      if (p.direction !== 'ingress') continue;
      for (const c of p.cidrs) {
        if (isUnknown(c.cidr)) {
          out.push({ verdict: 'unknown', path: c.path, message: `ingress CIDR is not known before apply (${c.cidr.reason}); it may be the whole internet` });
          continue;
        }
        if (!WORLD.has(c.cidr)) continue;
        const { ok, role } = allowedFor(p, ctx);
        if (ok) continue;
        if (p.ownerUnresolved && couldBeEntryPoint(p)) {
          out.push({ verdict: 'unknown', path: c.path, message: `ingress ${describePermission(p)} from ${c.cidr}: the owning security group is not in the model, so its Role (entry point or not) is unknown` });
          continue;
        }
        out.push({
          verdict: 'fail',
          path: c.path,
          message: `ingress ${describePermission(p)} from ${c.cidr} on a group with Role=${role ?? '(none)'}, which is not a declared public entry point (${Object.entries(PUBLIC_ENTRY_POINTS).map(([k, v]) => `${k}: ${v.join(' ')}`).join('; ')}). ${NET_002.fix}`,
        });
      }
    }
    if (out.length === 0) out.push({ verdict: 'pass', message: 'no ingress from the whole internet outside the declared entry points' });
    return out;
  },
};
