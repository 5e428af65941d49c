import type { Resource, StackModel } from './resource.js';
import { mayReference } from './refs.js';
import { isObjectValue } from './value.js';

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
   * Every resource an attribute may refer to (`resolveRefs` in model/refs.ts: the one resolver),
   * including each candidate of a reference that names one of several instances.
   */
  follow(from: Resource, attribute: string): Resource[] {
    return mayReference(this, from, attribute);
  }

  /** A resource by its known ARN. */
  byArn(arn: string): Resource | undefined {
    if (!arn.startsWith('arn:')) return undefined;
    return this.lookups().byArn.get(arn);
  }

  /** Resources whose known `name` (or `bucket`) is `name`. */
  byName(name: string): readonly Resource[] {
    return this.lookups().byName.get(name) ?? [];
  }

  private tables?: { byArn: Map<string, Resource>; byName: Map<string, Resource[]> };
  private lookups(): { byArn: Map<string, Resource>; byName: Map<string, Resource[]> } {
    if (!this.tables) {
      const t = (this.tables = { byArn: new Map<string, Resource>(), byName: new Map<string, Resource[]>() });
      for (const r of this.model.resources) {
        const { arn, name, bucket } = r.values;
        if (typeof arn === 'string' && arn !== '') t.byArn.set(arn, r);
        for (const n of [name, bucket]) if (typeof n === 'string' && n !== '') push(t.byName, n, r);
      }
    }
    return this.tables;
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
      if (many) return many.filter((x) => keysAgree(relative, x.address));
    }
    return (this.byConfigAddress.get(configAddress(target)) ?? []).filter((x) => keysAgree(target, x.address));
  }

}

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/**
 * Instance keys of an address, one entry per name (`module`, `a`, `aws_instance`, `b`), undefined
 * where none is written: `module.a["x"].aws_instance.b[0]` → [undefined, '"x"', undefined, '0'].
 */
function addressKeys(address: string): (string | undefined)[] {
  const keys: (string | undefined)[] = [];
  let i = 0;
  while (i < address.length) {
    if (address[i] === '.') i++;
    while (i < address.length && address[i] !== '.' && address[i] !== '[') i++;
    if (address[i] !== '[') {
      keys.push(undefined);
      continue;
    }
    const start = i;
    let inQuote = false;
    for (i++; i < address.length; i++) {
      const c = address[i];
      if (inQuote) {
        if (c === '\\') i++;
        else if (c === '"') inQuote = false;
      } else if (c === '"') inQuote = true;
      else if (c === ']') break;
    }
    keys.push(address.slice(start + 1, i++));
  }
  return keys;
}

/**
 * Does `address` (an instance) fit `target`, an address of the same configuration address whose
 * keys may be left out? Every key the target writes must be the instance's:
 * `module.rds["staging"].aws_iam_role.monitoring` fits no instance of `module.rds["prod"]`.
 */
export function keysAgree(target: string, address: string): boolean {
  if (!target.includes('[')) return true;
  const t = addressKeys(target);
  const a = addressKeys(address);
  return t.length === a.length && t.every((k, i) => k === undefined || k === a[i]);
}

/** `module.a["x"].aws_instance.b[0]` → `module.a.aws_instance.b` */
export function configAddress(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]/g, '');
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
