import type { Resource, StackModel } from './resource.js';
import { getPath, isObjectValue, isUnknown, type Value } from './value.js';

/**
 * Look-ups over a model. Built once per model (indexes by address, type and id), then shared by
 * every policy and by the reachability analysis.
 */
export class ModelIndex {
  readonly byAddress = new Map<string, Resource>();
  private readonly byType = new Map<string, Resource[]>();
  private readonly byId = new Map<string, Resource>();
  /** Address without instance keys (`module.app.aws_instance.api`) → instances. */
  private readonly byConfigAddress = new Map<string, Resource[]>();

  constructor(readonly model: StackModel) {
    for (const r of model.resources) {
      this.byAddress.set(r.address, r);
      push(this.byType, r.type, r);
      push(this.byConfigAddress, configAddress(r.address), r);
      const id = r.values.id;
      if (typeof id === 'string' && id !== '') this.byId.set(id, r);
    }
  }

  get resources(): readonly Resource[] {
    return this.model.resources;
  }

  ofType(...types: string[]): Resource[] {
    return types.flatMap((t) => this.byType.get(t) ?? []);
  }

  get(address: string): Resource | undefined {
    return this.byAddress.get(address);
  }

  /** Resources whose effective tags (`tags_all`, else `tags`) include every given key=value. */
  withTags(tags: Record<string, string>, types?: string[]): Resource[] {
    const pool = types ? this.ofType(...types) : this.model.resources;
    return pool.filter((r) => {
      const t = effectiveTags(r);
      return Object.entries(tags).every(([k, v]) => t[k] === v);
    });
  }

  /** A resource by its known id (`sg-0123…`), for plans that carry real ids. */
  byKnownId(id: string): Resource | undefined {
    return this.byId.get(id);
  }

  /**
   * The resources an attribute refers to: by the origin of an unknown value, by the expression
   * references recorded for the attribute, or by a known id. A list attribute
   * (`vpc_security_group_ids`) yields one entry per element it can resolve.
   */
  follow(from: Resource, attribute: string): Resource[] {
    const found = new Map<string, Resource>();
    const add = (r: Resource | undefined) => {
      if (r && r !== from) found.set(r.address, r);
    };
    const visit = (v: Value | undefined) => {
      if (v === undefined || v === null) return;
      if (isUnknown(v)) {
        for (const o of v.origins) this.resolveTarget(o.address, from).forEach(add);
      } else if (typeof v === 'string') {
        add(this.byId.get(v) ?? this.byArn(v));
      } else if (Array.isArray(v)) {
        v.forEach(visit);
      }
    };
    visit(getPath(from.values, attribute));
    for (const ref of from.references) {
      if (ref.attribute === attribute || ref.attribute.startsWith(attribute + '.')) {
        this.resolveTarget(stripAttribute(ref.target), from).forEach(add);
      }
    }
    return [...found.values()];
  }

  /**
   * Resolve a reference target to resources. Accepts a full instance address, an address without
   * instance keys (all instances), or a module-relative address (resolved in `from`'s module).
   */
  resolveTarget(target: string, from?: Resource): Resource[] {
    const exact = this.byAddress.get(target);
    if (exact) return [exact];
    const relative = from && from.module ? `${from.module}.${target}` : undefined;
    if (relative) {
      const r = this.byAddress.get(relative);
      if (r) return [r];
      const many = this.byConfigAddress.get(configAddress(relative));
      if (many) return many;
    }
    return this.byConfigAddress.get(configAddress(target)) ?? [];
  }

  private byArn(v: string): Resource | undefined {
    if (!v.startsWith('arn:')) return undefined;
    return this.model.resources.find((r) => r.values.arn === v);
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** `module.a["x"].aws_instance.b[0]` → `module.a.aws_instance.b` */
export function configAddress(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]/g, '');
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
  if (parts[i] === 'data' || parts[i]?.startsWith('data.')) {
    // data.TYPE.NAME
    out.push(...parts.slice(i, i + 3));
  } else {
    out.push(...parts.slice(i, i + 2));
  }
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

/** Effective tags: `tags_all` when known (includes provider default_tags), else `tags`. */
export function effectiveTags(r: Resource): Record<string, string> {
  const all = r.values.tags_all;
  const own = r.values.tags;
  const out: Record<string, string> = {};
  for (const src of [own, all]) {
    if (isObjectValue(src)) {
      for (const [k, v] of Object.entries(src)) if (typeof v === 'string') out[k] = v;
    }
  }
  return out;
}
