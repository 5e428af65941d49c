/**
 * Recursive blocks the binding packages cannot spell out, taken from a real provider's schema.
 *
 * CDK Terrain's bindings stop at self-similar nesting: `aws_wafv2_web_acl`'s `rule { statement {
 * and_statement { statement { … } } } }` is typed there as one opaque `statement` attribute, so a
 * validation against the bindings alone calls every `statement { … }` block "an argument, not a
 * block". The provider itself nests such blocks to a fixed depth, and `terraform providers schema
 * -json` prints that depth. This grafts, for every attribute the bindings typed `dynamic` where the
 * real schema has a block of the same name, the real block in the compact format of schema/*.json,
 * marked with the provider version it comes from (`from`), and stores repeated subtrees once
 * (`blockDefs`, referenced as `{ "$ref": id }`) — the WAFv2 statement tree is the same few dozen
 * blocks at every level, 2 MB spelled out and ~100 KB shared.
 *
 * The real schema used is the one terraform installs from the filesystem mirror (hashicorp/aws
 * 5.100 here), usually older than the bindings (6.x): what a grafted block says is that version's
 * truth, and `stackcheck validate` reports findings inside one as warnings naming it.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttributeSchema, BlockSchema, NestedBlockSchema, ProviderSchema } from '../src/schema/types.js';

/** `terraform providers schema -json`'s shapes (the parts read here). */
interface RealBlock {
  attributes?: Record<string, { type?: unknown; required?: boolean; optional?: boolean; computed?: boolean }>;
  block_types?: Record<string, { nesting_mode: string; block: RealBlock; max_items?: number; min_items?: number }>;
}
export interface RealProviderSchema {
  resource_schemas?: Record<string, { block: RealBlock }>;
  data_source_schemas?: Record<string, { block: RealBlock }>;
}

/** Subtrees smaller than this (serialised) are kept inline: a `$ref` would not save anything. */
const SHARE_OVER = 300;

/** A real block in the compact format (types as terraform prints them: `"string"`, `["list","string"]`). */
function compact(real: RealBlock): BlockSchema {
  const out: BlockSchema = { attributes: {}, blocks: {} };
  for (const [name, a] of Object.entries(real.attributes ?? {})) {
    const attr: AttributeSchema = { type: (a.type ?? 'dynamic') as AttributeSchema['type'] };
    if (a.required) attr.required = true;
    if (a.optional) attr.optional = true;
    if (a.computed) attr.computed = true;
    out.attributes[name] = attr;
  }
  for (const [name, b] of Object.entries(real.block_types ?? {})) {
    const nested = nestedOf(b);
    if (nested) out.blocks[name] = nested;
  }
  return out;
}

function nestedOf(b: NonNullable<RealBlock['block_types']>[string]): NestedBlockSchema | undefined {
  // single/group nest one object (a list of at most one in our format); map nesting has labels,
  // which the compact format cannot say: left out, as the bindings leave it.
  const single = b.nesting_mode === 'single' || b.nesting_mode === 'group';
  if (!single && b.nesting_mode !== 'list' && b.nesting_mode !== 'set') return undefined;
  return {
    nesting: b.nesting_mode === 'set' ? 'set' : 'list',
    ...(single ? { maxItems: 1 } : b.max_items ? { maxItems: b.max_items } : {}),
    ...(b.min_items ? { minItems: b.min_items } : {}),
    ...compact(b.block),
  };
}

/** Replace every large subtree by a `$ref` into `defs`; identical subtrees get the same id, so each is stored once. */
function share(block: BlockSchema, defs: Record<string, NestedBlockSchema>): void {
  for (const [name, nested] of Object.entries(block.blocks)) {
    share(nested, defs);
    const text = stableJson(nested);
    if (text.length <= SHARE_OVER) continue;
    const id = createHash('sha1').update(text).digest('hex').slice(0, 12);
    defs[id] = nested;
    block.blocks[name] = { $ref: id } as unknown as NestedBlockSchema;
  }
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * Graft into `schema` (in place) every recursive block the real schema spells out.
 * @returns the grafted paths (`aws_wafv2_web_acl.rule.statement`), for the extraction log and tests
 */
export function graftRecursiveBlocks(schema: ProviderSchema, real: RealProviderSchema, realVersion: string): string[] {
  const grafted: string[] = [];
  const defs: Record<string, NestedBlockSchema> = { ...(schema.blockDefs ?? {}) };
  const walk = (ours: BlockSchema, theirs: RealBlock | undefined, path: string) => {
    if (!theirs) return;
    const bindingBlocks = Object.entries(ours.blocks); // before grafting: a grafted block is not walked again
    for (const [name, attr] of Object.entries(ours.attributes)) {
      const b = theirs.block_types?.[name];
      if (attr.type !== 'dynamic' || !b) continue;
      const nested = nestedOf(b);
      if (!nested) continue;
      delete ours.attributes[name];
      const holder: BlockSchema = { attributes: {}, blocks: { [name]: { ...nested, from: realVersion } } };
      share(holder, defs);
      ours.blocks[name] = holder.blocks[name];
      grafted.push(`${path}.${name}`);
    }
    for (const [name, nested] of bindingBlocks) walk(nested, theirs.block_types?.[name]?.block, `${path}.${name}`);
  };
  for (const [type, block] of Object.entries(schema.resources)) walk(block, real.resource_schemas?.[type]?.block, type);
  for (const [type, block] of Object.entries(schema.dataSources)) walk(block, real.data_source_schemas?.[type]?.block, `data.${type}`);
  if (Object.keys(defs).length) schema.blockDefs = defs;
  return grafted;
}

/**
 * The real schema of a provider from the filesystem mirror, by `terraform providers schema -json`
 * in a scratch directory, or undefined (with the reason) when terraform or the mirror is absent.
 */
export function mirroredProviderSchema(
  source: string,
  mirror = process.env.STACKCHECK_TF_MIRROR ?? '/opt/tf-plugins',
): { version: string; schema: RealProviderSchema } | { missing: string } {
  const [host, ns, name] = source.split('/');
  const dir = join(mirror, host, ns, name);
  if (!existsSync(dir)) return { missing: `no ${source} in the filesystem mirror ${mirror}` };
  const version = readdirSync(dir).filter((v) => /^\d+\.\d+\.\d+$/.test(v)).sort((a, b) => cmpVersion(a, b)).at(-1);
  if (!version) return { missing: `no version of ${source} in ${dir}` };
  const work = mkdtempSync(join(tmpdir(), 'stackcheck-schema-'));
  try {
    writeFileSync(
      join(work, 'main.tf'),
      `terraform {\n  required_providers {\n    ${name} = { source = "${ns}/${name}", version = "${version}" }\n  }\n}\n`,
    );
    writeFileSync(
      join(work, 'cli.tfrc'),
      `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["${host}/*/*"]\n  }\n  direct { exclude = ["${host}/*/*"] }\n}\n`,
    );
    const env = { ...process.env, TF_CLI_CONFIG_FILE: join(work, 'cli.tfrc'), TF_IN_AUTOMATION: '1' };
    try {
      execFileSync('terraform', ['init', '-input=false', '-backend=false'], { cwd: work, env, stdio: 'ignore' });
    } catch (err) {
      return { missing: `terraform init with the mirror failed: ${(err as Error).message}` };
    }
    const text = execFileSync('terraform', ['providers', 'schema', '-json'], { cwd: work, env, maxBuffer: 1 << 30, encoding: 'utf8' });
    const all = JSON.parse(text) as { provider_schemas: Record<string, RealProviderSchema> };
    const schema = all.provider_schemas[source];
    if (!schema) return { missing: `terraform printed no schema for ${source}` };
    return { version, schema };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function cmpVersion(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}
