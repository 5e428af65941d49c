import { actionsOf, LISTENER_TYPES, listenerProtocol, TG_TYPES, unknownProtocol } from '../../lb.js';
import type { Outcome, ResourceRule } from '../../types.js';
import { envOf } from '../../values.js';

export const LB_003: ResourceRule = {
  id: 'LB-003',
  title: 'The ALB default action is not a forward to an environment',
  severity: 'error',
  rationale:
    'DESIGN.md: host-header rules send each environment\'s hosts to that environment; the default action is a fixed 404, never an environment. A default forward sends any unknown Host (scanners, typos, a stale DNS name) to staging or prod.',
  fix: 'Make the default action `type = "fixed-response"` with `fixed_response { content_type = "text/plain", status_code = "404" }`.',
  resourceTypes: [...LISTENER_TYPES, ...TG_TYPES],
  judgedTypes: LISTENER_TYPES,
  check(r, ctx) {
    const protocol = listenerProtocol(r, ctx);
    if (protocol !== 'HTTP' && protocol !== 'HTTPS') {
      return protocol === undefined
        ? unknownProtocol(r)
        : { verdict: 'not-applicable', message: `${protocol} listener (not an ALB listener)` };
    }
    const actions = actionsOf(r, ctx, 'default_action');
    if (!actions) return { verdict: 'unknown', path: 'default_action', message: 'default_action is not known before apply' };
    const out: Outcome[] = [];
    for (const a of actions) {
      if (a.type !== 'forward') continue;
      const envs = a.targetGroups.map((t) => `${t.address} (Environment=${envOf(t, ctx) ?? 'untagged'})`);
      const notShared = a.targetGroups.filter((t) => envOf(t, ctx) !== 'shared');
      if (a.unresolved || notShared.length > 0) {
        out.push({
          verdict: 'fail',
          path: `${a.path}.type`,
          message: `default action forwards to ${envs.join(', ') || 'a target group'}; unmatched hosts would reach an environment. ${LB_003.fix}`,
        });
      }
    }
    if (out.length === 0) out.push({ verdict: 'pass', path: 'default_action', message: `default action is ${actions.map((a) => a.type).join(', ') || 'none'}` });
    return out;
  },
};
