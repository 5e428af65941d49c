/**
 * `stackcheck validate`: what `terraform validate` would catch about resource and data blocks,
 * checked offline against the committed provider schemas — unknown types and names (with a
 * "did you mean"), blocks written as arguments and the reverse, read-only attributes set, missing
 * required arguments and blocks, literal values of the wrong type, too many blocks, and a
 * `required_providers` constraint that does not admit the schema's provider version.
 */
import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, relative } from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import semver from 'semver';
import type { SourceLocation } from '../model/resource.js';
import { parseHclFile, type BlockInfo } from '../load/hcl/parse.js';
import { checkConfigShape } from '../load/hcl/shape.js';
import { UserError } from '../errors.js';
import { knowsProvider, literalFits, providerSchema, typeName, typeSchema, type BlockSchema } from './index.js';

export interface ValidationError {
  /**
   * `error`: terraform validate with the schema's provider would refuse it. `warning`: the schema
   * cannot say for sure — the stack pins another provider version, or the block's schema comes from
   * an older provider than the file's (a grafted recursive block).
   */
  severity: 'error' | 'warning';
  message: string;
  location: SourceLocation;
  /** `resource.aws_instance.api` style address of the block concerned */
  address?: string;
}

const META_ARGUMENTS = new Set(['count', 'for_each', 'provider', 'depends_on']);
const META_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection']);

/**
 * Every `.tf` file under `dir`, recursively (modules included), skipping `.terraform` and dot-dirs.
 * A directory reached again through a symbolic link is not walked twice (a link to a parent would
 * never end); a `.tf` entry that cannot be read (a dangling link, a loop of links) is a user error.
 */
export function terraformFiles(dir: string, seen: Set<string> = new Set()): string[] {
  const out: string[] = [];
  seen.add(realpathSync(dir));
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.')) continue;
    const p = join(dir, entry);
    let st: Stats;
    try {
      st = statSync(p);
    } catch (err) {
      if (entry.endsWith('.tf')) throw new UserError(`cannot read ${p}: ${(err as Error).message}`, { file: p, line: 1 });
      continue;
    }
    if (st.isDirectory()) {
      if (!seen.has(realpathSync(p))) out.push(...terraformFiles(p, seen));
    } else if (entry.endsWith('.tf')) out.push(p);
  }
  return out;
}

export async function validateDirectory(dir: string, opts: { relativeTo?: string } = {}): Promise<ValidationError[]> {
  const errors: ValidationError[] = [];
  const versionWarned = new Set<string>(); // one version warning per provider, not one per module
  for (const file of terraformFiles(dir)) {
    const parsed = await parseHclFile(file);
    const shown = opts.relativeTo ? relative(opts.relativeTo, file) : file;
    const relocate = (loc: SourceLocation): SourceLocation => ({ ...loc, file: shown });
    const push: Push = (message, loc, address, severity = 'error') =>
      errors.push({ severity, message, location: relocate(loc), address });
    try {
      checkConfigShape(parsed);
    } catch (err) {
      // A malformed construct (a block given as an argument, a missing label, …): reported, and the
      // file's schema checks skipped, since they read the shape this error says is wrong.
      if (!(err instanceof UserError) || !err.location) throw err;
      push(err.message, err.location);
      continue;
    }
    const seen = new Map<string, number>(); // per (type,name): which body element the next block is
    for (const block of parsed.blocks) {
      if (block.type === 'terraform') {
        checkRequiredProviders(block, parsed.body, push, versionWarned);
        continue;
      }
      if (block.type !== 'resource' && block.type !== 'data') continue;
      const [type, name] = block.labels;
      const mode = block.type === 'data' ? 'data' : 'managed';
      const address = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
      const key = `${block.type}.${type}.${name}`;
      const i = seen.get(key) ?? 0;
      seen.set(key, i + 1);
      const body = parsed.body[block.type]?.[type]?.[name]?.[i] ?? {};
      if (!knowsProvider(type)) continue; // a provider we hold no schema for: not judged
      const schema = typeSchema(mode, type);
      if (!schema) {
        const pool = Object.keys((mode === 'data' ? providerSchema(typeProvider(type))?.dataSources : providerSchema(typeProvider(type))?.resources) ?? {});
        push(`unknown ${mode === 'data' ? 'data source' : 'resource'} type "${type}"${suggest(type, pool)}`, block.location, address);
        continue;
      }
      checkBlock(schema, block, body, address, push);
    }
  }
  return errors;
}

const typeProvider = (t: string) => t.slice(0, Math.max(0, t.indexOf('_'))) || t;

type Push = (message: string, loc: SourceLocation, address?: string, severity?: ValidationError['severity']) => void;

/**
 * Inside a block whose schema comes from another provider version than the file's (a grafted
 * recursive block, `from`), every finding is a warning that names that version: the block may
 * have gained or lost arguments since.
 */
function olderSchema(push: Push, from: string): Push {
  const aws = providerSchema('aws');
  return (message, loc, address) =>
    push(
      `${message} (by hashicorp/aws ${from}'s schema of this block: the ${aws?.version} bindings do not spell it out, so terraform validate with your provider decides)`,
      loc,
      address,
      'warning',
    );
}

/** @param label the nested block's name, for messages; undefined at the resource's top level */
function checkBlock(schema: BlockSchema, block: BlockInfo, body: Record<string, any>, address: string, push0: Push, label?: string): void {
  const topLevel = label === undefined;
  const where = topLevel ? '' : ` in block "${label}"`;
  const push = 'from' in schema && typeof schema.from === 'string' ? olderSchema(push0, schema.from) : push0;
  // Arguments
  for (const [name, loc] of Object.entries(block.attributes)) {
    if (topLevel && META_ARGUMENTS.has(name)) continue;
    const attr = schema.attributes[name];
    if (!attr) {
      if (schema.blocks[name]) {
        push(`"${name}" is a block, not an argument${where}: write it as ${name} { … }`, loc, address);
      } else {
        push(`unsupported argument "${name}"${where}${suggest(name, [...Object.keys(schema.attributes), ...Object.keys(schema.blocks)])}`, loc, address);
      }
      continue;
    }
    if (attr.computed && !attr.optional && !attr.required) {
      push(`"${name}" is read-only (computed by the provider) and cannot be set${where}`, loc, address);
      continue;
    }
    const value = body[name];
    if (isLiteral(value) && !literalFits(value, attr.type)) {
      push(`"${name}" expects ${typeName(attr.type)}, got ${describe(value)}${where}`, loc, address);
    }
  }
  for (const [name, attr] of Object.entries(schema.attributes)) {
    if (attr.required && !(name in block.attributes)) {
      push(`missing required argument "${name}"${where}`, block.location, address);
    }
  }
  // Nested blocks (dynamic blocks count as "some number of" their block)
  const counts = new Map<string, number>();
  const dynamicNames = new Set<string>();
  const bodyIndex = new Map<string, number>();
  for (const child of block.children) {
    if (topLevel && META_BLOCKS.has(child.type)) continue;
    if (child.type === 'dynamic') {
      const name = child.labels[0];
      dynamicNames.add(name);
      const nested = schema.blocks[name];
      if (!nested) {
        push(`unsupported block type "${name}" (dynamic)${where}${suggest(name, Object.keys(schema.blocks))}`, child.location, address);
        continue;
      }
      const k = bodyIndex.get(`dynamic.${name}`) ?? 0;
      bodyIndex.set(`dynamic.${name}`, k + 1);
      const dyn = body.dynamic?.[name]?.[k] ?? {};
      const content = child.children.find((c) => c.type === 'content');
      if (content) checkBlock(nested, content, dyn.content?.[0] ?? {}, address, push, name);
      continue;
    }
    const nested = schema.blocks[child.type];
    if (!nested) {
      if (schema.attributes[child.type]) {
        push(`"${child.type}" is an argument, not a block${where}: write it as ${child.type} = …`, child.location, address);
      } else {
        push(`unsupported block type "${child.type}"${where}${suggest(child.type, [...Object.keys(schema.blocks), ...Object.keys(schema.attributes)])}`, child.location, address);
      }
      continue;
    }
    const n = (counts.get(child.type) ?? 0) + 1;
    counts.set(child.type, n);
    const k = bodyIndex.get(child.type) ?? 0;
    bodyIndex.set(child.type, k + 1);
    const childBody = Array.isArray(body[child.type]) ? (body[child.type][k] ?? {}) : {};
    if (nested.maxItems !== undefined && n === nested.maxItems + 1) {
      push(`at most ${nested.maxItems} "${child.type}" block${nested.maxItems === 1 ? '' : 's'} allowed${where}, found more`, child.location, address);
    }
    checkBlock(nested, child, childBody, address, push, child.type);
  }
  for (const [name, nested] of Object.entries(schema.blocks)) {
    if ((nested.minItems ?? 0) > 0 && !counts.has(name) && !dynamicNames.has(name)) {
      push(`missing required block "${name}"${where}: at least ${nested.minItems} required`, block.location, address);
    }
  }
}

/** A value hcl2json gave us that is a literal (no `${…}` expression inside). */
function isLiteral(v: unknown): boolean {
  if (typeof v === 'string') return !v.includes('${');
  if (Array.isArray(v)) return v.every(isLiteral);
  if (v && typeof v === 'object') return Object.entries(v).every(([k, x]) => !k.includes('${') && isLiteral(x));
  return true;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `string "${v}"`;
  if (Array.isArray(v)) return 'a list';
  if (v && typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function suggest(name: string, pool: string[]): string {
  if (pool.length === 0) return '';
  const best = closest(name, pool);
  return distance(name, best) <= Math.max(2, Math.floor(name.length / 3)) ? `; did you mean "${best}"?` : '';
}

/**
 * A `required_providers` constraint that does not admit the version of the schema we validate
 * against: the stack is still validated (most of a provider's schema holds across versions), with
 * one warning per provider naming both versions.
 */
function checkRequiredProviders(block: BlockInfo, body: Record<string, any>, push: Push, warned: Set<string>): void {
  const rp = block.children.find((c) => c.type === 'required_providers');
  if (!rp) return;
  const entries: Record<string, any> = Object.assign({}, ...(body.terraform ?? []).flatMap((t: any) => t.required_providers ?? []));
  for (const [local, spec] of Object.entries(entries)) {
    const constraint = typeof spec === 'object' && spec ? spec.version : typeof spec === 'string' ? spec : undefined;
    const schema = providerSchema(local);
    if (!schema || typeof constraint !== 'string') continue;
    if (!admits(constraint, schema.version) && !warned.has(local)) {
      warned.add(local);
      push(
        `required_providers.${local} version "${constraint}" does not admit ${schema.provider} ${schema.version}, the only schema stackcheck ships (${schema.extractedFrom}): validated against ${schema.version} anyway, so arguments added, removed or changed between the version you pin and ${schema.version} may be misjudged; terraform validate with your provider decides`,
        rp.attributes[local] ?? rp.location,
        undefined,
        'warning',
      );
    }
  }
}

/** Terraform version constraint (`~> 6.0, != 6.1.0`) against a version, by terraform's rules. */
export function admits(constraint: string, version: string): boolean {
  return constraint.split(',').every((part) => {
    const m = /^\s*(~>|>=|<=|!=|=|>|<)?\s*v?(\d+(?:\.\d+){0,2})(-[\w.]+)?\s*$/.exec(part);
    if (!m) return true; // an unparseable part is terraform's to reject, not ours
    const op = m[1] ?? '=';
    const segs = m[2].split('.').map(Number);
    const full = [segs[0], segs[1] ?? 0, segs[2] ?? 0].join('.') + (m[3] ?? '');
    switch (op) {
      case '=':
        return semver.eq(version, full);
      case '!=':
        return !semver.eq(version, full);
      case '>':
        return semver.gt(version, full);
      case '>=':
        return semver.gte(version, full);
      case '<':
        return semver.lt(version, full);
      case '<=':
        return semver.lte(version, full);
      case '~>': {
        // Only the right-most given segment may grow: ~> 6.0 → >= 6.0.0 < 7.0.0; ~> 6.0.1 → < 6.1.0.
        if (!semver.gte(version, full)) return false;
        if (segs.length === 1) return true;
        const upper = segs.length === 2 ? `${segs[0] + 1}.0.0` : `${segs[0]}.${segs[1] + 1}.0`;
        return semver.lt(version, upper);
      }
    }
    return true;
  });
}
