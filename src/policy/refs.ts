/**
 * Following references between resources: by the origin of an unknown value, by the expression
 * references the loader recorded, or by a known id, ARN or name. Look-up tables are built once per
 * model (RuleContext.memo), so following stays O(1) per hop on 20,000-resource plans.
 */
import type { Resource } from '../model/resource.js';
import { stripAttribute } from '../model/query.js';
import { isUnknown, type Value } from '../model/value.js';
import type { RuleContext } from './types.js';
import { read } from './values.js';

interface Tables {
  byId: Map<string, Resource>;
  byArn: Map<string, Resource>;
  byName: Map<string, Resource[]>;
}

function tables(ctx: RuleContext): Tables {
  return ctx.memo('ref-tables', () => buildTables(ctx));
}

function buildTables(ctx: RuleContext): Tables {
  const t: Tables = { byId: new Map(), byArn: new Map(), byName: new Map() };
  for (const r of ctx.index.resources) {
    const { id, arn, name, bucket } = r.values;
    if (typeof id === 'string' && id !== '') t.byId.set(id, r);
    if (typeof arn === 'string' && arn !== '') t.byArn.set(arn, r);
    for (const n of [name, bucket]) {
      if (typeof n === 'string' && n !== '') {
        const l = t.byName.get(n);
        if (l) l.push(r);
        else t.byName.set(n, [r]);
      }
    }
  }
  return t;
}

/**
 * Resources an attribute of `from` points at, optionally only of the given types. List attributes
 * yield one entry per resolvable element; names (`iam_instance_profile`, `db_subnet_group_name`)
 * resolve by the target's `name` when a type filter is given.
 */
export function follow(ctx: RuleContext, from: Resource, attribute: string, types?: string[]): Resource[] {
  const walk: Walk = { ctx, t: tables(ctx), from, types, found: new Map() };
  const value = read(from.values, attribute);
  visit(walk, value);
  // Expression references are the fallback: they name the resource without its instance key
  // (`aws_route_table.this` for `aws_route_table.this[each.key]`), so they would match every
  // instance. Use them only when the value itself resolved nothing and is not null.
  if (walk.found.size > 0 || value === null) return [...walk.found.values()];
  for (const ref of from.references) {
    if (ref.attribute === attribute || ref.attribute.startsWith(attribute + '.')) {
      for (const r of ctx.index.resolveTarget(stripAttribute(ref.target), from)) add(walk, r);
    }
  }
  return [...walk.found.values()];
}

// `follow` is the hottest path of the pack: plain functions over one state object, no closures
// per call (tsx keeps function names, which makes every closure creation cost a defineProperty).
interface Walk {
  ctx: RuleContext;
  t: Tables;
  from: Resource;
  types: string[] | undefined;
  found: Map<string, Resource>;
}

function add(w: Walk, r: Resource | undefined): void {
  if (r && r !== w.from && (!w.types || w.types.includes(r.type))) w.found.set(r.address, r);
}

function visit(w: Walk, v: Value | undefined): void {
  if (v === undefined || v === null) return;
  if (isUnknown(v)) {
    for (const o of v.origins) for (const r of w.ctx.index.resolveTarget(o.address, w.from)) add(w, r);
  } else if (typeof v === 'string') {
    add(w, w.t.byId.get(v));
    add(w, w.t.byArn.get(v));
    if (w.types) for (const r of w.t.byName.get(v) ?? []) add(w, r);
  } else if (Array.isArray(v)) {
    for (const x of v) visit(w, x);
  }
}

/**
 * Reverse look-up: resources of `types` whose `attribute` points at `target`. Built once per
 * (types, attribute) pair.
 */
export function referrers(ctx: RuleContext, target: Resource, types: string[], attribute: string): Resource[] {
  const key = `referrers:${types.join(',')}:${attribute}`;
  const map = ctx.memo(key, () => {
    const m = new Map<string, Resource[]>();
    for (const r of ctx.index.ofType(...types)) {
      if (isDeletedOnly(r)) continue;
      for (const to of follow(ctx, r, attribute)) {
        const l = m.get(to.address);
        if (l) l.push(r);
        else m.set(to.address, [r]);
      }
    }
    return m;
  });
  return map.get(target.address) ?? [];
}

/** A resource the plan only deletes: not part of the future state. */
export function isDeletedOnly(r: Resource): boolean {
  return Array.isArray(r.actions) && r.actions.length === 1 && r.actions[0] === 'delete';
}

/**
 * True when the configuration sets `attribute`: a known non-empty value, an unknown that comes from
 * something (origins), or a recorded reference. A bare unknown is a provider-computed default
 * (plans show unset Optional+Computed attributes as "known after apply"), so it is not "set".
 */
export function isSet(r: Resource, attribute: string): boolean {
  const v = read(r.values, attribute);
  if (isUnknown(v)) {
    // Plans give a computed attribute its own address as origin; only outside origins mean "set".
    if (v.origins.some((o) => o.address !== r.address)) return true;
  } else if (v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)) return true;
  return r.references.some((ref) => ref.attribute === attribute || ref.attribute.startsWith(attribute + '.'));
}

