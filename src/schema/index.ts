/**
 * The provider schemas committed under schema/ and what the harness does with them: look a
 * resource type up, and shape evaluated values the way a real plan shapes them.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isObjectValue, Unknown, type ObjectValue, type Value } from '../model/value.js';
import type { AttributeSchema, BlockSchema, ProviderSchema, TypeSpec } from './types.js';
import { defaultsOf, withUnsetPlanned } from './defaults.js';

export type { AttributeSchema, BlockSchema, NestedBlockSchema, ProviderSchema, TypeSpec } from './types.js';

export const schemaDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema');

/** Provider local names (the resource type prefix) → schema file. */
const PROVIDER_FILES: Record<string, string> = { aws: 'aws.json', random: 'random.json', tls: 'tls.json' };

const cache = new Map<string, ProviderSchema | null>();

/** The schema of a provider by local name (`aws`), or undefined when we hold none. */
export function providerSchema(name: string, dir = schemaDir): ProviderSchema | undefined {
  const key = `${dir}\0${name}`;
  if (!cache.has(key)) {
    const file = PROVIDER_FILES[name];
    cache.set(key, file ? resolveRefs(JSON.parse(readFileSync(join(dir, file), 'utf8')) as ProviderSchema) : null);
  }
  return cache.get(key) ?? undefined;
}

/**
 * Put each shared subtree (`{ "$ref": id }`, see scripts/graft-recursive.ts) in place. The same
 * object then stands at every place it occurs: the schema is read, never written.
 */
export function resolveRefs(schema: ProviderSchema): ProviderSchema {
  const defs = schema.blockDefs;
  if (!defs) return schema;
  const done = new Set<BlockSchema>();
  const visit = (block: BlockSchema) => {
    if (done.has(block)) return;
    done.add(block);
    for (const [name, nested] of Object.entries(block.blocks)) {
      const ref = (nested as { $ref?: string }).$ref;
      if (ref !== undefined) {
        const target = defs[ref];
        if (!target) throw new Error(`schema ${schema.provider}: block "${name}" refers to a missing shared block ${ref}`);
        block.blocks[name] = target;
      }
      visit(block.blocks[name]);
    }
  };
  for (const b of Object.values(defs)) visit(b);
  for (const b of Object.values(schema.resources)) visit(b);
  for (const b of Object.values(schema.dataSources)) visit(b);
  return schema;
}

/** The provider local name a resource type belongs to (`aws_instance` → `aws`). */
export function providerOf(resourceType: string): string {
  const i = resourceType.indexOf('_');
  return i === -1 ? resourceType : resourceType.slice(0, i);
}

/** The schema of a resource or data source type, or undefined when its provider is not one we hold. */
export function typeSchema(mode: 'managed' | 'data', resourceType: string, dir = schemaDir): BlockSchema | undefined {
  const p = providerSchema(providerOf(resourceType), dir);
  if (!p) return undefined;
  return (mode === 'data' ? p.dataSources : p.resources)[resourceType];
}

/** True when we hold the provider's schema, so "type not found" is a real error. */
export function knowsProvider(resourceType: string, dir = schemaDir): boolean {
  return providerSchema(providerOf(resourceType), dir) !== undefined;
}

/**
 * Shape the values of a resource as terraform's plan does for a create: every attribute of the
 * schema is present — set values as given, unset arguments as planUnsetArguments plans them, the
 * remaining optional attributes null, computed ones unknown ("known after apply", with the resource address as origin when given) — and every nested
 * block a list of objects shaped the same way (an absent block an empty list).
 *
 * Limit: the bindings the schema comes from do not mark an attribute "optional and computed" in
 * every case terraform does, so a few unset attributes that a real plan shows as unknown come out
 * null (documented in docs/validate.md).
 */
export function shapeValues(
  resourceType: string,
  mode: 'managed' | 'data',
  values: ObjectValue,
  address?: string,
  dir = schemaDir,
): ObjectValue {
  const schema = typeSchema(mode, resourceType, dir);
  if (!schema) return values;
  return shapeBlock(schema, planUnsetArguments(resourceType, mode, values, address ?? '', dir), address, '', mode === 'data');
}

function shapeBlock(schema: BlockSchema, values: ObjectValue, address: string | undefined, prefix: string, data: boolean): ObjectValue {
  const out: ObjectValue = {};
  for (const [name, attr] of Object.entries(schema.attributes)) {
    if (Object.prototype.hasOwnProperty.call(values, name) && values[name] !== null) {
      out[name] = values[name];
    } else if (attr.computed) {
      const path = prefix + name;
      out[name] = new Unknown(
        data ? 'read from the provider when the data source is read' : 'known after apply',
        address ? [{ address, attribute: path }] : [],
      );
    } else {
      out[name] = null;
    }
  }
  for (const [name, block] of Object.entries(schema.blocks)) {
    const given = values[name];
    if (given === undefined || given === null) {
      out[name] = name === 'timeouts' ? null : [];
    } else if (Array.isArray(given)) {
      out[name] = given.map((item, i) =>
        isObjectValue(item) ? shapeBlock(block, item, address, `${prefix}${name}.${i}.`, data) : item,
      );
    } else {
      out[name] = given;
    }
  }
  // Keep what the schema does not know (an evaluator extension, or a newer provider's attribute).
  for (const [name, v] of Object.entries(values)) if (!(name in out)) out[name] = v;
  return out;
}

/**
 * An evaluated resource's values with every argument the configuration leaves unset (or writes as
 * null) as the provider plans it — default, unknown or null — from the provider-defaults table
 * (src/schema/defaults.ts, schema/aws-defaults.json), at every depth of nested blocks. Data sources
 * are read, not planned: only the schema's rule for an optional+computed argument written as null
 * or empty applies to them.
 */
export function planUnsetArguments(
  resourceType: string,
  mode: 'managed' | 'data',
  values: ObjectValue,
  address: string,
  dir = schemaDir,
): ObjectValue {
  const schema = typeSchema(mode, resourceType, dir);
  const tree = mode === 'managed' ? defaultsOf(providerOf(resourceType), resourceType, dir) : undefined;
  return schema || tree ? withUnsetPlanned(values, tree, schema, address) : values;
}

/** Terraform's spelling of a type, for messages: `list(string)`, `map(number)`, `object({…})`. */
export function typeName(t: TypeSpec): string {
  if (typeof t === 'string') return t;
  if (t[0] === 'object') return 'object';
  return `${t[0]}(${typeName(t[1] as TypeSpec)})`;
}

/** Does a literal value fit a schema type? Unknowns and expressions are not judged here. */
export function literalFits(value: Value, t: TypeSpec): boolean {
  if (value === null || value instanceof Unknown || t === 'dynamic') return true;
  if (typeof t === 'string') {
    // Terraform converts between primitives where the text allows it ("8" is a number, 1 a string).
    if (t === 'string') return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    if (t === 'number') return typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)));
    if (t === 'bool') return typeof value === 'boolean' || value === 'true' || value === 'false';
    return true;
  }
  const [kind, inner] = t;
  if (kind === 'list' || kind === 'set') return Array.isArray(value) && value.every((v) => literalFits(v, inner as TypeSpec));
  if (kind === 'map') return isObjectValue(value) && Object.values(value).every((v) => literalFits(v, inner as TypeSpec));
  if (kind === 'object') {
    if (!isObjectValue(value)) return false;
    const fields = inner as Record<string, TypeSpec>;
    return Object.entries(value).every(([k, v]) => k in fields && literalFits(v, fields[k]));
  }
  return true;
}

/** Attribute schema by name, for callers that only need one. */
export function attributeSchema(block: BlockSchema, name: string): AttributeSchema | undefined {
  return block.attributes[name];
}
