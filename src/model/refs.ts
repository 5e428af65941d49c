/**
 * Following a reference from one resource's attribute to the resources it names — the one resolver
 * every policy, the network model and the CLI use (`ModelIndex.follow`, `policy/refs.follow` and the
 * network builder all call `resolveRefs`).
 *
 * Order of evidence, strongest first:
 * 1. the value itself: an unknown's origins (full instance addresses from HCL), a known id, ARN or
 *    (with a type filter) name;
 * 2. only when the value named nothing and is not null: the expression references the loader
 *    recorded for the attribute (a plan's nested blocks without indices: `ingress.security_groups`).
 *
 * A plan records `aws_security_group.this[each.value.owner].id` as the reference
 * `aws_security_group.this`, which names every instance. For a single-valued attribute
 * (`security_group_id`, `subnet_id`, `target_group_arn`) that is "one of these, the plan does not
 * say which": `ambiguous`, never all of them (reading it as all of them put one rule on every group
 * and every attachment on every target group). A list attribute (`subnet_ids = aws_subnet.x[*].id`)
 * may legitimately name them all.
 */
import type { ModelIndex } from './query.js';
import { configAddress } from './query.js';
import type { Resource } from './resource.js';
import { getPath, isUnknown, type Value } from './value.js';

export interface Resolved {
  /** Resources the attribute certainly names. */
  found: Resource[];
  /** Why some element names nothing in the model (an unknown without origins, a foreign id). */
  unresolved: string[];
  /** A single-valued attribute that names one of these, unknown which (a plan's key-less reference). */
  ambiguous?: { candidates: Resource[]; why: string };
}

const INDEX = /\.\d+(?=\.|$)/g;
/** Attributes that hold one reference (`security_group_id`, `target_group_arn`, `db_subnet_group_name`, `instance`). */
const SINGLE = /(?:^|[._])(?:id|arn|name|instance)$/;

/** Resolve `attribute` of `from` to resources of `types` (all types when omitted). */
export function resolveRefs(index: ModelIndex, from: Resource, attribute: string, types?: readonly string[]): Resolved {
  const ok = (r: Resource | undefined): r is Resource => !!r && r !== from && (!types || types.includes(r.type));
  const found = new Map<string, Resource>();
  /** Elements nothing names: ids that are not in the model */
  const unresolved: string[] = [];
  /** Unknown elements without an origin: only the attribute's references can account for them */
  const blind: string[] = [];
  const value = getPath(from.values, attribute);
  const single = !Array.isArray(value) && SINGLE.test(attribute);
  /** What a single-valued attribute may be, from every origin and reference */
  const candidates = new Map<string, Resource>();
  /** Elements of a collection that name one of several instances (a key-less reference), and how many such elements */
  const oneOf = new Map<string, Resource>();
  let oneOfElements = 0;
  const take = (hits: Resource[], keyed: boolean): void => {
    if (single) hits.forEach((h) => candidates.set(h.address, h));
    else if (hits.length > 1 && !keyed) {
      hits.forEach((h) => oneOf.set(h.address, h));
      oneOfElements++;
    } else hits.forEach((h) => found.set(h.address, h));
  };
  const visit = (v: Value | undefined): void => {
    if (v === undefined || v === null) return;
    if (Array.isArray(v)) return v.forEach(visit);
    if (isUnknown(v)) {
      const outside = v.origins.filter((o) => o.address !== from.address);
      let any = false;
      for (const o of outside) {
        const hits = index.resolveTarget(o.address, from).filter(ok);
        take(hits, hasKey(o.address));
        any ||= hits.length > 0;
      }
      if (any) return;
      if (outside.length) unresolved.push(`${attribute} is unknown until apply (${v.reason}; from ${outside.map((o) => `${o.address}.${o.attribute}`).join(', ')})`);
      else blind.push(`${attribute} is unknown until apply (${v.reason})`);
      return;
    }
    if (typeof v === 'string' && v !== '') {
      const hit = [index.byKnownId(v), index.byArn(v), ...(types ? index.byName(v) : [])].find(ok);
      if (hit) take([hit], true);
      else unresolved.push(`${attribute} = "${v}" is not a resource of this model`);
    }
  };
  visit(value);
  const blindElements = blind.length;
  if ((found.size === 0 && candidates.size === 0 && oneOf.size === 0 && value !== null) || blind.length) {
    const loose = attribute.replace(INDEX, '');
    let fromRefs = 0;
    for (const ref of from.references) {
      const a = ref.attribute;
      if (a !== attribute && !a.startsWith(attribute + '.') && a.replace(INDEX, '') !== loose) continue;
      const target = stripAttribute(ref.target);
      const hits = index.resolveTarget(target, from).filter(ok);
      fromRefs += hits.length;
      // A key-less reference accounts for the unknown elements without origin as a whole: all its
      // instances when there are as many such elements (a splat), else some of them.
      const all = Array.isArray(value) && blindElements === hits.length;
      take(hits, hasKey(target) || all);
    }
    if (fromRefs > 0) blind.length = 0;
  }
  unresolved.push(...blind);
  if (single && candidates.size === 1) return { found: [...candidates.values()], unresolved };
  if (single && candidates.size > 1) return ambiguous(attribute, from, [...candidates.values()], [], unresolved);
  if (oneOf.size > 0) {
    // `aws_subnet.x[*].id`: as many elements as instances names them all; otherwise (a whole
    // unknown set, a lookup in a module output) some of them, unknown which.
    if (Array.isArray(value) && oneOfElements === oneOf.size) oneOf.forEach((h) => found.set(h.address, h));
    else return ambiguous(attribute, from, [...oneOf.values()].filter((h) => !found.has(h.address)), [...found.values()], unresolved);
  }
  return { found: [...found.values()], unresolved };
}

function ambiguous(attribute: string, from: Resource, candidates: Resource[], found: Resource[], unresolved: string[]): Resolved {
  const names = [...new Set(candidates.map((k) => configAddress(k.address)))].join(', ');
  const what = SINGLE.test(attribute) && !Array.isArray(getPath(from.values, attribute)) ? 'one' : 'some';
  return {
    found,
    unresolved: [...unresolved, `${attribute} names ${what} of ${candidates.length} instances of ${names}, and the plan does not record which (its key is an expression)`],
    ambiguous: { candidates, why: `${attribute} of ${from.address} is ${what} of ${candidates.map((k) => k.address).join(', ')}` },
  };
}

/**
 * Every resource `attribute` may refer to: what `resolveRefs` finds, each candidate of an ambiguous
 * reference, and every resource its expression names (`input = terraform_data.pass.input` names
 * terraform_data.pass even though its unknown comes from elsewhere). A superset, for questions of
 * "what does this depend on"; a check that needs what the value certainly is uses `resolveRefs`.
 */
export function mayReference(index: ModelIndex, from: Resource, attribute: string): Resource[] {
  const r = resolveRefs(index, from, attribute);
  const out = new Map([...r.found, ...(r.ambiguous?.candidates ?? [])].map((x) => [x.address, x]));
  const loose = attribute.replace(INDEX, '');
  for (const ref of from.references) {
    if (ref.attribute !== attribute && !ref.attribute.startsWith(attribute + '.') && ref.attribute.replace(INDEX, '') !== loose) continue;
    for (const h of index.resolveTarget(stripAttribute(ref.target), from)) if (h !== from) out.set(h.address, h);
  }
  return [...out.values()];
}

function hasKey(target: string): boolean {
  return /\]$/.test(target);
}

/**
 * Was `attribute` set in the configuration? From HCL, unset is absent. A plan shows every
 * Optional+Computed attribute the configuration leaves out as "known after apply" with the resource
 * itself as origin, so an unknown is `yes` only when an outside origin or a recorded reference says
 * so, and `maybe` when the plan's configuration gives it an expression of no resource
 * (`subnet_id = each.value.subnet_id`, `key_name = var.key_name`): that expression may be null,
 * which the plan shows exactly like a computed default.
 */
export function configuredState(r: Resource, attribute: string): 'yes' | 'no' | 'maybe' {
  const v = getPath(r.values, attribute);
  if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) return 'no';
  if (!isUnknown(v)) return 'yes';
  if (v.origins.some((o) => o.address !== r.address)) return 'yes';
  const loose = attribute.replace(INDEX, '');
  const at = (p: string) => p === attribute || p.startsWith(attribute + '.') || p.replace(INDEX, '') === loose;
  if (r.references.some((x) => at(x.attribute))) return 'yes';
  return r.configured?.some(at) ? 'maybe' : 'no';
}

/** `configuredState` is `yes`. */
export function isConfigured(r: Resource, attribute: string): boolean {
  return configuredState(r, attribute) === 'yes';
}

/**
 * Drop a trailing attribute from a reference target: `aws_security_group.a.id` →
 * `aws_security_group.a`, `module.m.aws_x.y["k"].arn` → `module.m.aws_x.y["k"]`.
 */
export function stripAttribute(target: string): string {
  const parts = splitAddress(target);
  const out: string[] = [];
  let i = 0;
  while (i < parts.length && parts[i].startsWith('module.')) out.push(parts[i++]);
  if (parts[i] === 'data' || parts[i]?.startsWith('data.')) out.push(...parts.slice(i, i + 3));
  else out.push(...parts.slice(i, i + 2));
  return out.join('.');
}

/** Split an address on dots that are outside brackets and quotes; `module.x` stays one part. */
function splitAddress(address: string): string[] {
  const raw: string[] = [];
  let cur = '';
  let depth = 0;
  let inQuote = false;
  for (let i = 0; i < address.length; i++) {
    const c = address[i];
    if (inQuote) {
      cur += c;
      if (c === '\\') cur += address[++i] ?? '';
      else if (c === '"') inQuote = false;
      continue;
    }
    if (c === '"') inQuote = true;
    if (c === '[') depth++;
    if (c === ']') depth--;
    if (c === '.' && depth === 0) {
      raw.push(cur);
      cur = '';
    } else cur += c;
  }
  raw.push(cur);
  const parts: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 'module' && i + 1 < raw.length) parts.push(`module.${raw[++i]}`);
    else parts.push(raw[i]);
  }
  return parts;
}
