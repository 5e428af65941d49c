import { isUnknown } from '../../../model/value.js';
import { portNotOpenToWorld } from '../../factories.js';
import { permissionRange } from '../../../network/permissions.js';
import type { Permission } from '../../network.js';
import type { RuleContext } from '../../types.js';
import { envOf, roleOf } from '../../values.js';
import { parsePort, type PortSpec } from '../../../reach/intents.js';

/** A public entry point the project's intents declare: who (`shared-alb`, `role:alb`) and on which ports. */
interface EntryPoint {
  to: RegExp[];
  roles: RegExp[];
  ports: PortSpec[];
  title: string;
}

function glob(g: string): RegExp {
  // `{env}` / `{other}` stand for any environment here: the entry point holds in each.
  return new RegExp(`^${g.replace(/\{(env|other)\}/g, '\u0000').replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.').replace(/\u0000/g, '[^-]+')}$`);
}

/**
 * The entry points: every `expect: allow` intent from `internet` names its targets and ports. An
 * intent through a load balancer (`via: lb`) counts too: behind an NLB the client address is
 * preserved, so the target's own group must admit the world on those ports. (A direct world opening
 * on such a port to a host the intents reach only through a load balancer is the closed-world
 * intent's to catch.)
 */
export function entryPoints(ctx: RuleContext): EntryPoint[] {
  return ctx.memo('net-002-entry-points', () =>
    (ctx.intents?.intents ?? [])
      .filter((it) => it.expect === 'allow' && [it.from].flat().includes('internet') && it.ports !== 'any')
      .map((it) => {
        const to = [it.to].flat();
        return {
          to: to.filter((t) => !t.includes(':')).map(glob),
          roles: to.filter((t) => t.startsWith('role:')).map((t) => glob(t.slice(5))),
          ports: (it.ports as string[]).map((p) => parsePort(p)!).filter(Boolean),
          title: it.title ?? `${to.join(', ')} ${(it.ports as string[]).join(' ')}`,
        };
      }),
  );
}

function declared(p: Permission, ctx: RuleContext): boolean {
  const range = permissionRange(p);
  if (isUnknown(p.protocol) || range === 'unknown' || p.owners.length === 0) return false;
  const { protocol } = p;
  const { from, to } = range;
  return p.owners.every((o) => {
    const role = roleOf(o, ctx);
    const env = envOf(o, ctx);
    const label = role && env ? `${env}-${role}` : role ?? o.address;
    return entryPoints(ctx).some(
      (e) =>
        (e.to.some((g) => g.test(label)) || (role !== undefined && e.roles.some((g) => g.test(role)))) &&
        e.ports.some((s) => s.proto === protocol && s.ports.some(([a, b]) => a <= from && to <= b)),
    );
  });
}

export const NET_002 = portNotOpenToWorld(
  {
    id: 'NET-002',
    title: 'No ingress from 0.0.0.0/0 or ::/0 except the public entry points the intents declare',
    rationale:
      'Stack contract: only what the project\'s intents file says the internet reaches (an `expect: allow` intent from `internet`: here the ALB on 80/443 and the LiveKit media ports behind the NLB) faces the internet. Everything else (api, web, ai-agent, data stores) holds health data of vulnerable people and is reached only from named security groups.',
    fix: 'Replace the world CIDR with a referenced security group (e.g. the load balancer\'s group), or, if the group really is a public entry point, declare it with an `expect: allow` intent from `internet` to its `<Environment>-<Role>` on that port.',
    resourceTypes: ['aws_security_group', 'aws_default_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'],
  },
  {
    ports: 'any',
    exempt: (p, ctx) => {
      if (declared(p, ctx)) return true;
      if (p.ownerUnresolved.length) return { unknown: 'the owning security group is not in the model, so whether it is a declared entry point is unknown' };
      return false;
    },
    explain: (p, ctx) => {
      const owners = p.owners.map((o) => `${o.address} Role=${roleOf(o, ctx) ?? '(none)'} Environment=${envOf(o, ctx) ?? '(none)'}`).join(', ');
      const eps = entryPoints(ctx).map((e) => e.title);
      return `on ${owners || 'a group not in the model'}, which is not a public entry point the intents declare (${eps.length ? eps.join('; ') : 'the project has no intents from the internet'})`;
    },
  },
);
