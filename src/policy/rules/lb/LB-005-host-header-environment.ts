import type { Resource } from '../../../model/resource.js';
import { perResource } from '../../memo.js';
import { actionsOf, hostHeaders, LISTENER_RULE_TYPES, targetsOf, TG_TYPES } from '../../lb.js';
import type { Outcome, ResourceRule, RuleContext } from '../../types.js';
import { envOf } from '../../values.js';

/** Host header value → (listener rule address → the environments it routes to), once per model. */
function hostRoutes(ctx: RuleContext): Map<string, Map<string, Set<string>>> {
  return ctx.memo('lb-005-hosts', () => {
    const m = new Map<string, Map<string, Set<string>>>();
    for (const rule of ctx.index.ofType(...LISTENER_RULE_TYPES)) {
      const hh = hostHeaders(rule);
      if (!hh) continue;
      const envs = routedEnvironments(rule, ctx).envs;
      for (const h of hh.values) {
        const byRule = m.get(h) ?? new Map<string, Set<string>>();
        byRule.set(rule.address, envs);
        m.set(h, byRule);
      }
    }
    return m;
  });
}

interface Routed {
  envs: Set<string>;
  detail: string[];
  unresolved: boolean;
}

/** The environments a listener rule's actions reach (target groups and their targets), once per rule per model. */
function routedEnvironments(rule: Resource, ctx: RuleContext): Routed {
  return perResource(ctx, 'lb-005-routed', rule, () => computeRouted(rule, ctx));
}

function computeRouted(rule: Resource, ctx: RuleContext): Routed {
  const envs = new Set<string>();
  const detail: string[] = [];
  let unresolved = false;
  for (const a of actionsOf(rule, ctx, 'action') ?? []) {
    if (a.unresolved) unresolved = true;
    for (const tg of a.targetGroups) {
      const e = envOf(tg, ctx) ?? 'untagged';
      envs.add(e);
      detail.push(`${tg.address} (${e})`);
      for (const i of targetsOf(tg, ctx).instances) {
        const ie = envOf(i, ctx) ?? 'untagged';
        envs.add(ie);
        if (ie !== e) detail.push(`target ${i.address} (${ie})`);
      }
    }
  }
  return { envs, detail, unresolved };
}

export const LB_005: ResourceRule = {
  id: 'LB-005',
  title: "Each environment's host header routes only to that environment's targets",
  severity: 'error',
  rationale:
    'DESIGN.md: host-header rules send each environment\'s API and web host to that environment\'s target groups. A staging host routed to prod targets (or a prod host to staging) exposes real data to test clients or test code to real people.',
  fix: 'Point the rule at the target group of its own environment; keep Environment tags on rules, target groups and instances consistent.',
  resourceTypes: [...LISTENER_RULE_TYPES, ...TG_TYPES, 'aws_lb_target_group_attachment', 'aws_instance'],
  judgedTypes: LISTENER_RULE_TYPES,
  check(r, ctx) {
    const hh = hostHeaders(r);
    if (!hh) return { verdict: 'not-applicable', message: 'no host-header condition' };
    if (hh.unknown) return { verdict: 'unknown', path: hh.path, message: 'host header values are not known before apply' };
    const { envs, detail, unresolved } = routedEnvironments(r, ctx);
    const own = envOf(r, ctx);
    const out: Outcome[] = [];
    if (unresolved) out.push({ verdict: 'unknown', path: 'action.0', message: 'a forwarded target group is not in the model; its environment cannot be checked' });
    if (envs.size > 1) {
      out.push({ verdict: 'fail', path: 'action.0', message: `host ${hh.values.join(', ')} routes to more than one environment: ${detail.join(', ')}. ${LB_005.fix}` });
    } else if (own && envs.size === 1 && !envs.has(own)) {
      out.push({ verdict: 'fail', path: 'action.0', message: `rule tagged Environment=${own} for host ${hh.values.join(', ')} routes to ${detail.join(', ')}. ${LB_005.fix}` });
    }
    const routes = hostRoutes(ctx);
    for (const h of hh.values) {
      for (const [other, otherEnvs] of routes.get(h) ?? []) {
        if (other === r.address) continue;
        const differ = [...otherEnvs].filter((e) => !envs.has(e));
        if (differ.length > 0) {
          out.push({ verdict: 'fail', path: hh.path, message: `host ${h} is also routed by ${other} to ${differ.join(', ')}, a different environment. ${LB_005.fix}` });
        }
      }
    }
    if (out.length === 0) out.push({ verdict: 'pass', path: 'action.0', message: `host ${hh.values.join(', ')} → ${[...envs].join(', ') || 'no target group'} only` });
    return out;
  },
};
