/**
 * Extracts the Terraform provider schemas this stack uses from CDK Terrain's prebuilt provider
 * bindings (generated from each provider's own schema) into compact JSON files under schema/.
 *
 *   npx tsx scripts/extract-schema.ts [--src DIR] [--out schema]
 *
 * `make schema` fetches the pinned packages with `npm pack` into .cache/schema-src and runs this.
 * The generated binding code is regular: each class holds, per attribute,
 *   // <name> - computed: <bool>, optional: <bool>, required: <bool>
 * followed by a getter (`this.getStringAttribute('name')`, or `this._x` for a nested object), and
 * each block's `…ToHclTerraform` function records `isBlock`, the nesting (`list`/`set`/`simple`/
 * `map`) and the storage class type. The `.d.ts` config interfaces say whether a block holds at
 * most one element (`readonly x?: T` rather than `T[]`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AttributeSchema, BlockSchema, ProviderSchema, TypeSpec } from '../src/schema/types.js';
import { graftRecursiveBlocks, mirroredProviderSchema } from './graft-recursive.js';

/** The packages we extract, pinned: the schema must not move unless someone moves it. */
export const SOURCES = [
  // graft: recursive blocks from the real provider in the filesystem mirror (scripts/graft-recursive.ts)
  { key: 'aws', pkg: '@cdktn/provider-aws', version: '25.7.0', provider: 'registry.terraform.io/hashicorp/aws', graft: true },
  { key: 'random', pkg: '@cdktn/provider-random', version: '15.0.1', provider: 'registry.terraform.io/hashicorp/random' },
  { key: 'tls', pkg: '@cdktf/provider-tls', version: '11.0.1', provider: 'registry.terraform.io/hashicorp/tls' },
] as const;

interface RawAttr {
  name: string;
  computed: boolean;
  optional: boolean;
  required: boolean;
  getterKind?: string; // String, Number, Boolean, List, NumberList, StringMap, NumberMap, BooleanMap, interpolation
  complexClass?: string; // class constructed for a nested object/list/map attribute
}

interface HclEntry {
  isBlock: boolean;
  nesting: string; // simple | list | set | map
  storage: string;
  fn?: string; // nested …ToHclTerraform function for blocks / object attributes
}

const CLASS_RE = /^class (\w+) extends cdkt[nf]\.(\w+) \{/gm;
const COMMENT_RE = /^ {4,8}\/\/ (\w+) - computed: (true|false), optional: (true|false), required: (true|false)$/gm;
const HCL_ENTRY_RE =
  /^\s+(\w+): \{\n\s+value: ([^\n]*),\n\s+isBlock: (true|false),\n\s+type: "(\w+)",\n\s+storageClassType: "(\w+)",\n\s+\}/gm;
const FN_RE = /^function (\w+)ToHclTerraform\(struct\) \{/gm;

function sections(text: string, re: RegExp): Map<string, string> {
  const out = new Map<string, string>();
  const starts: { name: string; index: number }[] = [];
  for (const m of text.matchAll(re)) starts.push({ name: m[1], index: m.index! });
  for (let i = 0; i < starts.length; i++) {
    const end = i + 1 < starts.length ? starts[i + 1].index : text.length;
    // A section ends at the next top-level class or function, whichever comes first.
    const body = text.slice(starts[i].index, end);
    const stop = body.slice(1).search(/^(class|function|exports\.) /m);
    out.set(starts[i].name, stop === -1 ? body : body.slice(0, stop + 1));
  }
  return out;
}

/**
 * The attributes a class declares. Current bindings comment every attribute with its flags; older
 * cdktf bindings (the tls provider's) comment only some, so getters without a comment are taken
 * from the `.d.ts` config interface: a member without `?` is required, one with `?` optional,
 * and a getter with no config member is computed.
 */
function classAttrs(body: string, dts: string, iface: string): RawAttr[] {
  const attrs = commentedAttrs(body);
  const seen = new Set(attrs.map((a) => a.name));
  const ifaceBody = interfaceBody(dts, iface);
  for (const m of body.matchAll(/^ {4}get (\w+)\(\) \{\n\s+return (?:cdkt[nf]\.Fn\.tolist\()?this\.get(\w+?)Attribute\('(\w+)'\)/gm)) {
    const [, member, kind, name] = m;
    if (seen.has(name) || member.endsWith('Input')) continue;
    seen.add(name);
    const decl = new RegExp(`readonly ${member}(\\??):`).exec(ifaceBody);
    attrs.push({ name, computed: !decl, optional: decl?.[1] === '?', required: decl ? decl[1] !== '?' : false, getterKind: kind });
  }
  return attrs;
}

function interfaceBody(dts: string, iface: string): string {
  const start = dts.search(new RegExp(`^export interface ${iface}\\b[^{]*\\{`, 'm'));
  if (start === -1) return '';
  return dts.slice(start, dts.indexOf('\n}', start));
}

function commentedAttrs(body: string): RawAttr[] {
  const attrs: RawAttr[] = [];
  const matches = [...body.matchAll(COMMENT_RE)];
  matches.forEach((m, i) => {
    const end = i + 1 < matches.length ? matches[i + 1].index! : body.length;
    const chunk = body.slice(m.index!, end);
    const getter = /return (?:cdkt[nf]\.Fn\.tolist\()?this\.get(\w+?)Attribute\('/.exec(chunk);
    const interp = /return this\.interpolationForAttribute\('/.exec(chunk);
    const complex = /_\w+ = new (\w+)\(this, "(\w+)"/.exec(chunk);
    attrs.push({
      name: m[1],
      computed: m[2] === 'true',
      optional: m[3] === 'true',
      required: m[4] === 'true',
      getterKind: getter?.[1] ?? (interp ? 'interpolation' : undefined),
      complexClass: complex?.[1],
    });
  });
  return attrs;
}

function hclEntries(body: string): Map<string, HclEntry> {
  const out = new Map<string, HclEntry>();
  for (const m of body.matchAll(HCL_ENTRY_RE)) {
    const fn = /(\w+)ToHclTerraform\b/.exec(m[2].replace(/cdkt[nf]\.\w+ToHclTerraform/g, ''))?.[1];
    out.set(m[1], { isBlock: m[3] === 'true', nesting: m[4], storage: m[5], fn });
  }
  return out;
}

function primitive(storage: string, nesting: string): TypeSpec | undefined {
  const m = /^(string|number|boolean)(List|Map)?$/.exec(storage);
  if (!m) return undefined;
  const el: TypeSpec = m[1] === 'boolean' ? 'bool' : (m[1] as 'string' | 'number');
  if (!m[2]) return el;
  if (m[2] === 'Map') return ['map', el];
  return [nesting === 'set' ? 'set' : 'list', el];
}

function getterType(kind: string | undefined): TypeSpec {
  switch (kind) {
    case 'String':
      return 'string';
    case 'Number':
      return 'number';
    case 'Boolean':
      return 'bool';
    case 'List':
      return ['list', 'string'];
    case 'NumberList':
      return ['list', 'number'];
    case 'BooleanList':
      return ['list', 'bool'];
    case 'StringMap':
      return ['map', 'string'];
    case 'NumberMap':
      return ['map', 'number'];
    case 'BooleanMap':
      return ['map', 'bool'];
    default:
      return 'dynamic';
  }
}

interface FileIndex {
  classes: Map<string, string>;
  fns: Map<string, string>;
  dts: string;
}

/** `instanceRootBlockDevice` (function prefix) → `InstanceRootBlockDevice` (interface / class prefix). */
const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Whether a config member holds one element (`readonly x?: T;`) rather than a list (`T[]`). */
function singleElement(dts: string, ownerInterface: string, member: string): boolean {
  const m = new RegExp(`readonly ${member}\\??: ([^;]+);`).exec(interfaceBody(dts, ownerInterface));
  return m ? !m[1].includes('[]') : false;
}

const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Build the schema of one block (the resource itself or a nested block).
 * @param className the class holding the attribute comments (the resource class, or `…OutputReference`)
 * @param fnPrefix the `…ToHclTerraform` function prefix holding isBlock/nesting (`undefined` for the resource: its entries sit in the class)
 * @param iface the `.d.ts` interface naming the members (`InstanceConfig`, `InstanceRootBlockDevice`)
 */
function buildBlock(file: FileIndex, className: string, hclBody: string | undefined, iface: string, depth = 0): BlockSchema {
  const cls = file.classes.get(className) ?? '';
  const entries = hclEntries(hclBody ?? cls);
  const block: BlockSchema = { attributes: {}, blocks: {} };
  for (const raw of classAttrs(cls, file.dts, iface)) {
    const entry = entries.get(raw.name);
    if (entry?.isBlock) {
      const nestedPrefix = entry.fn ? upperFirst(entry.fn) : undefined;
      const nested =
        nestedPrefix && depth < 12
          ? buildBlock(file, `${nestedPrefix}OutputReference`, file.fns.get(entry.fn!), nestedPrefix, depth + 1)
          : { attributes: {}, blocks: {} };
      const single = singleElement(file.dts, iface, camel(raw.name));
      block.blocks[raw.name] = {
        nesting: entry.nesting === 'set' ? 'set' : 'list',
        ...(single ? { maxItems: 1 } : {}),
        ...(raw.required ? { minItems: 1 } : {}),
        ...nested,
      };
      continue;
    }
    const attr: AttributeSchema = { type: 'dynamic' };
    if (entry) {
      attr.type = primitive(entry.storage, entry.nesting) ?? 'dynamic';
      if (attr.type === 'dynamic' && entry.fn) {
        const prefix = upperFirst(entry.fn);
        const nested = buildBlock(file, `${prefix}OutputReference`, file.fns.get(entry.fn), prefix, depth + 1);
        const obj = nestedObjectType(nested);
        attr.type = entry.nesting === 'simple' ? obj : entry.nesting === 'map' ? ['map', obj] : [entry.nesting === 'set' ? 'set' : 'list', obj];
      }
    } else if (raw.complexClass && depth < 12) {
      const prefix = raw.complexClass.replace(/(OutputReference|List|Map)$/, '');
      const nested = buildBlock(file, `${prefix}OutputReference`, undefined, prefix, depth + 1);
      const obj = nestedObjectType(nested);
      attr.type = raw.complexClass.endsWith('List')
        ? ['list', obj]
        : raw.complexClass.endsWith('Map')
          ? ['map', obj]
          : obj;
    } else {
      attr.type = getterType(raw.getterKind);
    }
    if (raw.required) attr.required = true;
    if (raw.optional) attr.optional = true;
    if (raw.computed) attr.computed = true;
    block.attributes[raw.name] = attr;
  }
  return block;
}

/** An object type from a nested schema whose members are all attributes. */
function nestedObjectType(b: BlockSchema): TypeSpec {
  const fields: Record<string, TypeSpec> = {};
  for (const [k, a] of Object.entries(b.attributes)) fields[k] = a.type;
  for (const [k, nb] of Object.entries(b.blocks)) fields[k] = [nb.nesting, nestedObjectType(nb)];
  return ['object', fields];
}

export function extractPackage(libDir: string): { resources: Record<string, BlockSchema>; dataSources: Record<string, BlockSchema> } {
  const resources: Record<string, BlockSchema> = {};
  const dataSources: Record<string, BlockSchema> = {};
  for (const dir of readdirSync(libDir, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    const js = join(libDir, dir.name, 'index.js');
    const dts = join(libDir, dir.name, 'index.d.ts');
    if (!existsSync(js)) continue;
    const text = readFileSync(js, 'utf8');
    // The resource class, and its Terraform type: `static tfResourceType = "…"` inside the class
    // (cdktn) or `Class.tfResourceType = "…"` after it (older cdktf output).
    const classMatch = /^class (\w+) extends cdkt[nf]\.(TerraformResource|TerraformDataSource) \{/m.exec(text);
    if (!classMatch) continue; // the provider class, or a helper module
    const [, className, kind] = classMatch;
    const tfType = new RegExp(`(?:static |^${className}\\.)tfResourceType = "(\\w+)";`, 'm').exec(text)?.[1];
    if (!tfType) throw new Error(`${js}: class ${className} names no tfResourceType`);
    const file: FileIndex = { classes: sections(text, CLASS_RE), fns: sections(text, FN_RE), dts: readFileSync(dts, 'utf8') };
    const schema = buildBlock(file, className, undefined, `${className}Config`);
    (kind === 'TerraformDataSource' ? dataSources : resources)[tfType] = schema;
  }
  return { resources, dataSources };
}

function main() {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: string) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
  };
  const src = resolve(opt('--src', '.cache/schema-src'));
  const out = resolve(opt('--out', 'schema'));
  mkdirSync(src, { recursive: true });
  mkdirSync(out, { recursive: true });
  for (const s of SOURCES) {
    const unpacked = join(src, `${s.key}-${s.version}`);
    if (!existsSync(join(unpacked, 'package', 'package.json'))) {
      mkdirSync(unpacked, { recursive: true });
      const tgz = execFileSync('npm', ['pack', `${s.pkg}@${s.version}`, '--silent', '--pack-destination', unpacked], {
        encoding: 'utf8',
      }).trim().split('\n').pop()!;
      execFileSync('tar', ['xzf', join(unpacked, tgz), '-C', unpacked]);
    }
    const pkgJson = JSON.parse(readFileSync(join(unpacked, 'package', 'package.json'), 'utf8'));
    const providerVersion: string | undefined = pkgJson.cdktf?.provider?.version ?? pkgJson.cdktn?.provider?.version;
    if (!providerVersion) throw new Error(`${s.pkg}@${s.version}: package.json names no provider version`);
    const started = Date.now();
    const { resources, dataSources } = extractPackage(join(unpacked, 'package', 'lib'));
    const schema: ProviderSchema = {
      provider: s.provider,
      version: providerVersion,
      extractedFrom: `${s.pkg}@${s.version}`,
      resources,
      dataSources,
    };
    let graftNote = '';
    if ('graft' in s && s.graft) {
      const real = mirroredProviderSchema(s.provider);
      if ('missing' in real) {
        throw new Error(`${s.provider}: its recursive blocks come from the real provider, but ${real.missing} (terraform and the mirror are needed, STACKCHECK_TF_MIRROR)`);
      }
      const grafted = graftRecursiveBlocks(schema, real.schema, real.version);
      graftNote = `; ${grafted.length} recursive blocks from ${real.version} (${grafted.join(', ')})`;
    }
    const file = join(out, `${s.key}.json`);
    writeFileSync(file, JSON.stringify(schema) + '\n');
    console.log(
      `${file}: ${s.provider} ${providerVersion} — ${Object.keys(resources).length} resources, ` +
        `${Object.keys(dataSources).length} data sources${graftNote} (${Date.now() - started} ms)`,
    );
  }
}

if (process.argv[1] && /extract-schema\.ts$/.test(process.argv[1])) main();
