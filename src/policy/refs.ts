/**
 * Following references between resources, for rules: the model's one resolver (`resolveRefs`,
 * src/model/refs.ts) with a type filter, plus reverse look-ups built once per model
 * (RuleContext.memo), so following stays O(1) per hop on 20,000-resource plans.
 */
import type { Resource } from '../model/resource.js';
import { isConfigured, resolveRefs } from '../model/refs.js';
import { isUnknown } from '../model/value.js';
import type { Outcome, RuleContext } from './types.js';
import { readSet, unknownAt } from './values.js';

/**
 * Resources an attribute of `from` certainly points at, optionally only of the given types. List
 * attributes yield one entry per resolvable element; names (`iam_instance_profile`,
 * `db_subnet_group_name`) resolve by the target's `name` when a type filter is given. A reference
 * that names one of several instances (a plan's `aws_x.this[each.key]`) yields none: see
 * `mayFollow`.
 */
export function follow(ctx: RuleContext, from: Resource, attribute: string, types?: string[]): Resource[] {
  return resolveRefs(ctx.index, from, attribute, types).found;
}

/** The candidates of a reference that names one of several instances, unknown which (else none). */
export function mayFollow(ctx: RuleContext, from: Resource, attribute: string, types?: string[]): Resource[] {
  return resolveRefs(ctx.index, from, attribute, types).ambiguous?.candidates ?? [];
}

/**
 * What `attribute` of `from` names when every resource it may point at is one of `types`: the
 * address, or "one of A, B" when it names one of several instances. Undefined when it resolves to
 * nothing of those types (or to anything else as well).
 */
export function referencedAs(ctx: RuleContext, from: Resource, attribute: string, types: string[]): string | undefined {
  const x = resolveRefs(ctx.index, from, attribute);
  const all = [...x.found, ...(x.ambiguous?.candidates ?? [])];
  if (all.length === 0 || x.unresolved.length > 0 || !all.every((t) => types.includes(t.type))) return undefined;
  const names = [...new Set(all.map((t) => t.address))];
  return names.length === 1 ? names[0] : `one of ${names.join(', ')}`;
}

/**
 * Reverse look-up: resources of `types` whose `attribute` points at `target`. Built once per
 * (types, attribute, targetTypes). With `targetTypes`, the attribute is followed as `follow` does
 * with that filter (names such as `role = "app"` resolve by the target's `name`).
 */
export function referrers(ctx: RuleContext, target: Resource, types: string[], attribute: string, targetTypes?: string[]): Resource[] {
  return referrerTables(ctx, types, attribute, targetTypes).certain.get(target.address) ?? [];
}

/** Resources of `types` whose `attribute` names one of several instances, `target` among them. */
export function mayReferrers(ctx: RuleContext, target: Resource, types: string[], attribute: string): Resource[] {
  return referrerTables(ctx, types, attribute).maybe.get(target.address) ?? [];
}

function referrerTables(ctx: RuleContext, types: string[], attribute: string, targetTypes?: string[]): { certain: Map<string, Resource[]>; maybe: Map<string, Resource[]> } {
  return ctx.memo(`referrers:${types.join(',')}:${attribute}:${targetTypes?.join(',') ?? '*'}`, () => {
    const certain = new Map<string, Resource[]>();
    const maybe = new Map<string, Resource[]>();
    const add = (m: Map<string, Resource[]>, to: Resource, r: Resource) => {
      const l = m.get(to.address);
      if (l) l.push(r);
      else m.set(to.address, [r]);
    };
    for (const r of ctx.index.ofType(...types)) {
      const x = resolveRefs(ctx.index, r, attribute, targetTypes);
      for (const to of x.found) add(certain, to, r);
      for (const to of x.ambiguous?.candidates ?? []) add(maybe, to, r);
    }
    return { certain, maybe };
  });
}

/** True when the configuration sets `attribute` (model/refs.ts `isConfigured`). */
export function isSet(r: Resource, attribute: string): boolean {
  return isConfigured(r, attribute);
}

/** A resource the plan only deletes: not part of the future state. */
export function isDeletedOnly(r: Resource): boolean {
  return Array.isArray(r.actions) && r.actions.length === 1 && r.actions[0] === 'delete';
}

/**
 * The one resource an attribute of `from` points at, or the outcome a rule returns when it is not
 * one resource of this model: unknown, naming the candidates (`aws_x.this[each.key]`), or why —
 * the value is not known before apply, or it names `what` outside the stack.
 */
export function followOne(ctx: RuleContext, from: Resource, attribute: string, types: string[], what: string): Resource | Outcome {
  const found = follow(ctx, from, attribute, types);
  if (found.length === 1) return found[0]!;
  const maybe = mayFollow(ctx, from, attribute, types);
  const v = readSet(from, attribute);
  if (found.length === 0 && maybe.length === 0 && isUnknown(v)) return unknownAt(attribute, v);
  return {
    verdict: 'unknown',
    path: attribute,
    message: found.length + maybe.length > 0 ? `${attribute} is one of ${[...found, ...maybe].map((x) => x.address).join(', ')}` : `${attribute} is not ${what} of this stack: it cannot be judged`,
  };
}
