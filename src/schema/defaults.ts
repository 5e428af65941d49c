/**
 * What the provider plans for an argument the configuration leaves unset (or sets to null, which
 * terraform treats as unset): its default where it has one, unknown where it computes one, null
 * otherwise. The one source of that answer is the table schema/aws-defaults.json, measured by
 * planning a minimal configuration of every resource type with the real provider
 * (scripts/provider-defaults.ts, `make schema`); the schema bindings carry no defaults. A type the
 * table does not cover (underived, or a provider without a table) falls back to the schema's
 * flags: an optional+computed argument written as null is unknown, everything else unset stays
 * absent (null).
 *
 * The table is read when the first resource of its provider is built, and each type's entries are
 * put into a tree on first use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isObjectValue, isUnknown, Unknown, type ObjectValue, type Value } from '../model/value.js';
import type { BlockSchema } from './types.js';

/** schema/<provider>-defaults.json, as scripts/provider-defaults.ts writes it. */
export interface DefaultsTable {
  provider: string;
  version: string;
  method: string;
  /** `d`: dotted path (block names, no indices) → the default; `u`: paths planned unknown; `v`: paths whose planned value depends on the configuration. */
  types: Record<string, { d?: Record<string, Value>; u?: string[]; v?: string[] }>;
  /** Types the table does not cover, with the provider's reason. */
  underived: Record<string, string>;
  /** Types whose minimal configuration needed values corrected from the provider's errors. */
  probed: string[];
}

/** What an unset argument is planned as. */
export type Unset = { kind: 'default'; value: Value } | { kind: 'unknown' } | { kind: 'depends' };

/** One block level of a type's entries. */
export interface DefaultsTree {
  attributes: Map<string, Unset>;
  blocks: Map<string, DefaultsTree>;
}

const tables = new Map<string, DefaultsTable | null>();
const trees = new Map<string, DefaultsTree | null>();

/** The defaults table of a provider (`aws`) in `dir`, or undefined when there is none. */
export function defaultsTable(provider: string, dir: string): DefaultsTable | undefined {
  const key = `${dir}\0${provider}`;
  if (!tables.has(key)) {
    const file = join(dir, `${provider}-defaults.json`);
    tables.set(key, existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DefaultsTable) : null);
  }
  return tables.get(key) ?? undefined;
}

/** The entries of one resource type as a tree, or undefined when the table does not cover it. */
export function defaultsOf(provider: string, resourceType: string, dir: string): DefaultsTree | undefined {
  const key = `${dir}\0${resourceType}`;
  if (!trees.has(key)) {
    const entry = defaultsTable(provider, dir)?.types[resourceType];
    trees.set(key, entry ? treeOf(entry) : null);
  }
  return trees.get(key) ?? undefined;
}

function treeOf(entry: DefaultsTable['types'][string]): DefaultsTree {
  const root: DefaultsTree = { attributes: new Map(), blocks: new Map() };
  const put = (path: string, u: Unset) => {
    const parts = path.split('.');
    let t = root;
    for (const p of parts.slice(0, -1)) {
      let next = t.blocks.get(p);
      if (!next) t.blocks.set(p, (next = { attributes: new Map(), blocks: new Map() }));
      t = next;
    }
    t.attributes.set(parts.at(-1)!, u);
  };
  for (const [p, value] of Object.entries(entry.d ?? {})) put(p, { kind: 'default', value });
  for (const p of entry.u ?? []) put(p, { kind: 'unknown' });
  for (const p of entry.v ?? []) put(p, { kind: 'depends' });
  return root;
}

const isEmpty = (v: Value | undefined) => v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isObjectValue(v) && Object.keys(v).length === 0);

/**
 * `values` (one managed resource, as the configuration writes it) with every unset argument the
 * table covers as the provider plans it: a default (only one that is not null or empty: null and
 * absent read the same), or unknown with this resource's attribute as the origin. Nested blocks
 * and arguments written as blocks get their own arguments' defaults, at every depth. An argument
 * whose planned value depends on the configuration is left as written.
 *
 * Without a table entry for the type, the schema's flags decide the one case they can: an
 * optional+computed argument written as null is planned unknown. In both cases an empty list,
 * set or map written for an optional+computed argument is planned unknown: providers built on
 * the plugin SDK treat a zero value of an Optional + Computed attribute as unset
 * (hashicorp/terraform-plugin-sdk#1101; `headers = []` in a CloudFront cache behaviour plans
 * "known after apply" with aws 5.100).
 */
export function withUnsetPlanned(values: ObjectValue, treeGiven: DefaultsTree | undefined, schema: BlockSchema | undefined, address: string, prefix = ''): ObjectValue {
  let tree = treeGiven;
  let out: ObjectValue | undefined;
  const set = (k: string, v: Value) => {
    out ??= { ...values };
    out[k] = v;
  };
  const unknown = (name: string) => new Unknown('known after apply', [{ address, attribute: prefix + name }]);
  if (tree && prefix === '' && otherKind(values, tree)) tree = undefined;
  if (tree) {
    for (const [name, u] of tree.attributes) {
      const v = values[name];
      // Zero blocks written (a dynamic block over nothing) is a block left unset.
      const unsetBlock = Array.isArray(v) && v.length === 0 && (tree.blocks.has(name) || schema?.blocks[name] !== undefined);
      if (v !== undefined && v !== null && !unsetBlock) continue;
      if (u.kind === 'unknown') set(name, unknown(name));
      else if (u.kind === 'default' && !isEmpty(u.value)) set(name, u.value);
    }
  }
  for (const [name, v] of Object.entries(values)) {
    const attr = schema?.attributes[name];
    if (attr?.computed && attr.optional) {
      const empty = v === null || (Array.isArray(v) && v.length === 0) || (isObjectValue(v) && Object.keys(v).length === 0);
      const planned = tree?.attributes.get(name);
      if (empty && !(v === null && planned) && !(Array.isArray(v) && planned?.kind === 'unknown')) {
        set(name, unknown(name));
        continue;
      }
    }
    if (!Array.isArray(v)) continue;
    const inner = tree?.blocks.get(name);
    const block = schema?.blocks[name];
    if (!inner && !block) continue;
    const items = v.map((item, i) => (isObjectValue(item) && !isUnknown(item) ? withUnsetPlanned(item, inner, block, address, `${prefix}${name}.${i}.`) : item));
    if (items.some((item, i) => item !== v[i])) set(name, items);
  }
  return out ?? values;
}

/** Arguments that choose what kind of thing a resource is (`load_balancer_type`, `protocol`, `engine`). */
const KIND = /(^|_)(type|protocol|mode|engine)$/;

/**
 * True when the configuration sets an argument that chooses the resource's kind to another value
 * than the minimal configuration the table was measured with (its default there): the provider's
 * defaults then may differ (an application load balancer's `idle_timeout` 60 is null on a network
 * load balancer), so the table does not apply to this resource.
 */
function otherKind(values: ObjectValue, tree: DefaultsTree): boolean {
  for (const [name, u] of tree.attributes) {
    if (u.kind !== 'default' || typeof u.value !== 'string' || !KIND.test(name)) continue;
    const v = values[name];
    if (typeof v === 'string' ? v !== u.value : v !== undefined && v !== null) return true;
  }
  return false;
}
