import { actionsOf, LISTENER_RULE_TYPES, LISTENER_TYPES, listenerProtocol, unknownProtocol } from '../../lb.js';
import { referrers } from '../../refs.js';
import type { Outcome, ResourceRule } from '../../types.js';
import { read } from '../../values.js';

export const LB_001: ResourceRule = {
  id: 'LB-001',
  title: 'HTTP listeners only redirect to HTTPS',
  severity: 'error',
  rationale:
    'DESIGN.md traffic: one ALB, HTTPS with an HTTP→HTTPS redirect. Anything served over plain HTTP (session tokens of social workers, call metadata) can be read or altered on the way.',
  fix: 'Make the HTTP listener\'s default_action `type = "redirect"` with `redirect { protocol = "HTTPS", port = "443", status_code = "HTTP_301" }` and attach no forwarding rules to it.',
  resourceTypes: [...LISTENER_TYPES, ...LISTENER_RULE_TYPES],
  judgedTypes: LISTENER_TYPES,
  check(r, ctx) {
    const protocol = listenerProtocol(r, ctx);
    if (protocol === undefined) return unknownProtocol(r);
    if (protocol !== 'HTTP') return { verdict: 'not-applicable', message: `${protocol} listener` };
    const actions = actionsOf(r, ctx, 'default_action');
    if (!actions) return { verdict: 'unknown', path: 'default_action', message: 'default_action is not known before apply' };
    const out: Outcome[] = [];
    for (const a of actions) {
      const to = read(a.value, 'redirect.0.protocol');
      if (a.type !== 'redirect') out.push({ verdict: 'fail', path: `${a.path}.type`, message: `HTTP listener default action is ${a.type ?? '(unset)'}, not a redirect. ${LB_001.fix}` });
      else if (to !== 'HTTPS') out.push({ verdict: 'fail', path: `${a.path}.redirect.0.protocol`, message: `HTTP listener redirects to protocol ${JSON.stringify(to ?? '#{protocol}')}, not HTTPS. ${LB_001.fix}` });
    }
    for (const rule of referrers(ctx, r, LISTENER_RULE_TYPES, 'listener_arn')) {
      const ruleActions = actionsOf(rule, ctx, 'action');
      if (!ruleActions) {
        out.push({ verdict: 'unknown', path: 'default_action', message: `the actions of listener rule ${rule.address} on this HTTP listener are not known before apply; it may serve plain HTTP` });
        continue;
      }
      for (const a of ruleActions) {
        if (a.type !== 'redirect') out.push({ verdict: 'fail', path: 'default_action.0', message: `listener rule ${rule.address} on this HTTP listener does ${a.type ?? '(unset)'}: plain-HTTP traffic is served. ${LB_001.fix}` });
      }
    }
    if (actions.length === 0) out.push({ verdict: 'fail', path: 'default_action', message: `HTTP listener has no default action. ${LB_001.fix}` });
    if (out.length === 0) out.push({ verdict: 'pass', path: 'default_action', message: 'HTTP listener only redirects to HTTPS' });
    return out;
  },
};
