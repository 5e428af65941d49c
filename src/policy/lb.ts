/** Load-balancer look-ups shared by the LB rules: listener → LB, actions → target groups → targets. */
import type { Resource } from '../model/resource.js';
import { isUnknown, type ObjectValue, type Value } from '../model/value.js';
import { follow, referrers } from './refs.js';
import type { Outcome, RuleContext } from './types.js';
import { blocks, read, unknownAt } from './values.js';

export const LB_TYPES = ['aws_lb', 'aws_alb'];
export const LISTENER_TYPES = ['aws_lb_listener', 'aws_alb_listener'];
export const LISTENER_RULE_TYPES = ['aws_lb_listener_rule', 'aws_alb_listener_rule'];
export const TG_TYPES = ['aws_lb_target_group', 'aws_alb_target_group'];
export const ATTACHMENT_TYPES = ['aws_lb_target_group_attachment', 'aws_alb_target_group_attachment'];

/** The load balancer of a listener, when it is in the model. */
export function loadBalancerOf(listener: Resource, ctx: RuleContext): Resource | undefined {
  return follow(ctx, listener, 'load_balancer_arn', LB_TYPES)[0];
}

export function lbType(lb: Resource | undefined): string | undefined {
  if (!lb) return undefined;
  const t = read(lb.values, 'load_balancer_type');
  return typeof t === 'string' ? t : t === undefined || t === null ? 'application' : undefined;
}

/** Why lbType is undefined, as an `unknown` outcome. */
export function unknownLbType(lb: Resource): Outcome {
  const t = read(lb.values, 'load_balancer_type');
  return isUnknown(t)
    ? unknownAt('load_balancer_type', t, 'load balancer type is not known before apply')
    : { verdict: 'unknown', path: 'load_balancer_type', message: `load_balancer_type ${JSON.stringify(t)} is not a type name` };
}

/** Listener protocol; when unset, the provider default for the LB type (HTTP for ALB, TCP for NLB). */
export function listenerProtocol(listener: Resource, ctx: RuleContext): string | undefined {
  const p = read(listener.values, 'protocol');
  if (typeof p === 'string') return p.toUpperCase();
  if (isUnknown(p)) return undefined;
  const t = lbType(loadBalancerOf(listener, ctx));
  return t === 'network' ? 'TCP' : t === 'application' ? 'HTTP' : undefined;
}

/** Why listenerProtocol is undefined, as an `unknown` outcome. */
export function unknownProtocol(listener: Resource): Outcome {
  const p = read(listener.values, 'protocol');
  return isUnknown(p)
    ? unknownAt('protocol', p, 'listener protocol is not known before apply')
    : { verdict: 'unknown', path: 'protocol', message: 'listener protocol is not set and its load balancer is not in the model, so the default (HTTP for an ALB, TCP for an NLB) cannot be told' };
}

export interface ActionRef {
  path: string;
  type: string | undefined;
  value: ObjectValue;
  /** Target groups the action forwards to (simple and weighted forward). */
  targetGroups: Resource[];
  /** True when a forward names a target group that cannot be resolved. */
  unresolved: boolean;
}

/** The actions of a listener (`default_action`) or listener rule (`action`), with their target groups. */
export function actionsOf(r: Resource, ctx: RuleContext, name: 'default_action' | 'action'): ActionRef[] | undefined {
  const bs = blocks(r.values, name);
  if (isUnknown(bs)) return undefined;
  return bs.map((b) => {
    const type = typeof b.value.type === 'string' ? b.value.type : undefined;
    const tgs = new Map<string, Resource>();
    let declared = 0;
    if (b.value.target_group_arn != null || r.references.some((x) => x.attribute === `${b.path}.target_group_arn` || x.attribute === name)) {
      declared++;
    }
    for (const t of follow(ctx, r, `${b.path}.target_group_arn`, TG_TYPES)) tgs.set(t.address, t);
    const weighted = blocks(b.value, 'forward');
    if (!isUnknown(weighted)) {
      for (const f of weighted) {
        const groups = blocks(f.value, 'target_group');
        if (isUnknown(groups)) continue;
        for (const g of groups) {
          declared++;
          for (const t of follow(ctx, r, `${b.path}.${f.path}.${g.path}.arn`, TG_TYPES)) tgs.set(t.address, t);
        }
      }
    }
    // Plans record references per top-level attribute only: resolve through the block when needed.
    if (tgs.size === 0 && declared > 0) for (const t of follow(ctx, r, name, TG_TYPES)) tgs.set(t.address, t);
    return { path: b.path, type, value: b.value, targetGroups: [...tgs.values()], unresolved: type === 'forward' && tgs.size === 0 };
  });
}

/** Targets registered in a target group through aws_lb_target_group_attachment. */
export function targetsOf(tg: Resource, ctx: RuleContext): { attachments: Resource[]; instances: Resource[] } {
  const attachments = referrers(ctx, tg, ATTACHMENT_TYPES, 'target_group_arn');
  const instances = attachments.flatMap((a) => follow(ctx, a, 'target_id', ['aws_instance']));
  return { attachments, instances };
}

export function hostHeaders(rule: Resource): { values: string[]; path: string; unknown: boolean } | undefined {
  const conds = blocks(rule.values, 'condition');
  if (isUnknown(conds)) return { values: [], path: 'condition', unknown: true };
  for (const c of conds) {
    const hh = blocks(c.value, 'host_header');
    if (isUnknown(hh)) return { values: [], path: `${c.path}.host_header`, unknown: true };
    for (const h of hh) {
      const vs: Value | undefined = read(h.value, 'values');
      if (isUnknown(vs)) return { values: [], path: `${c.path}.${h.path}.values`, unknown: true };
      const list = Array.isArray(vs) ? vs.filter((x): x is string => typeof x === 'string') : [];
      return { values: list, path: `${c.path}.${h.path}.values`, unknown: false };
    }
  }
  return undefined;
}
