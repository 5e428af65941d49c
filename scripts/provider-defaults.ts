/**
 * Derives what the real AWS provider plans for every argument a configuration leaves unset, and
 * writes it as schema/aws-defaults.json (read by src/schema/defaults.ts):
 *
 *   npx tsx scripts/provider-defaults.ts [--out schema/aws-defaults.json] [--only aws_lb_target_group,…]
 *
 * The schema bindings carry no defaults, so they are measured: for each resource type of the
 * provider in the filesystem mirror (hashicorp/aws 5.100, `terraform providers schema -json`,
 * scripts/graft-recursive.ts), a generated root declares
 *   - `<type>.a` and `<type>.b`: only the required arguments and blocks, with two different sets
 *     of values;
 *   - `<type>.blocks_a` and `<type>.blocks_b`: the same plus every optional block (and every
 *     argument of object type that is written as blocks, `ingress` on a security group) once, with
 *     its own required arguments, nested optional blocks included;
 * all types in one `terraform plan` with fake credentials and every endpoint at the loopback
 * stand-in of the offline plans (tests/load/plan-diff/offline-stack.ts: it answers the caller
 * identity and states:ValidateStateMachineDefinition, refuses every other call; nothing leaves the
 * machine). What the plan holds for each
 * argument not written is recorded: a concrete value the same in both variants is the provider's
 * default, an `after_unknown` value is computed by the provider (unknown before apply), and a value
 * that differs between the variants depends on the configuration and stays underived.
 *
 * A value the provider rejects at validate or plan time (an enumeration, a range, an ARN, a
 * CIDR…) is corrected from the error message and planned again (a type corrected so is "probed
 * per value"). Companion-argument errors are corrected the same way: an argument or block
 * another one needs ("handler and runtime must be set when PackageType is Zip", "one of
 * `launch_configuration,launch_template,mixed_instances_policy` must be specified": an argument is
 * preferred, so the minimal instances measure the blocks left unset, and a block only when none is
 * named; the block instances drop such an argument for a block it excludes, and keep the last of
 * blocks that exclude each other, so their arguments are probed too), a number at least N, a block the provider requires or wants twice, a string it parses
 * as a number, an account ID, a Region; a type whose minimal configuration still fails after the rounds allowed is left out
 * with the provider's own error as the reason, and a block that makes the block instances fail is
 * dropped from them (its arguments' defaults stay underived).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FAKE_ACCOUNT, fakeAws } from '../tests/load/plan-diff/offline-stack.js';
import { mirroredProviderSchema } from './graft-recursive.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type TfType = string | [string, unknown] | [string, unknown, unknown];

interface RealAttr {
  type?: TfType;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  deprecated?: boolean;
}
interface RealBlockType {
  nesting_mode: string;
  block: RealBlock;
  min_items?: number;
  max_items?: number;
}
interface RealBlock {
  attributes?: Record<string, RealAttr>;
  block_types?: Record<string, RealBlockType>;
}

/** The table written to schema/aws-defaults.json (see src/schema/defaults.ts for its reading). */
export interface DefaultsFile {
  provider: string;
  version: string;
  /** How it was made, for the reader. */
  method: string;
  /** Per resource type: `d` path → default (null included), `u` paths planned unknown, `v` paths that depend on the configuration. */
  types: Record<string, { d?: Record<string, Json>; u?: string[]; v?: string[] }>;
  /** Types left out, with the provider's reason. */
  underived: Record<string, string>;
  /** Types whose required values were corrected from the provider's error messages. */
  probed: string[];
}

// ---------------------------------------------------------------------------------------------
// Values for the arguments a probe writes

const ACCOUNT = FAKE_ACCOUNT;
const REGION = 'ap-northeast-2';

/** A value of terraform type `t` for argument `name` in variant `v` (0 or 1). */
function valueFor(name: string, t: TfType | undefined, v: 0 | 1): Json {
  if (t === undefined) return null;
  if (typeof t === 'string') {
    if (t === 'number') return v === 0 ? 1 : 2;
    if (t === 'bool') return true;
    if (t === 'dynamic') return `probe${v === 0 ? 'a' : 'b'}`;
    return stringFor(name, v);
  }
  const [kind, inner] = t;
  if (kind === 'list' || kind === 'set') return [valueFor(name, inner as TfType, v)];
  if (kind === 'map') return { probe: valueFor(name, inner as TfType, v) };
  if (kind === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, ft] of Object.entries(inner as Record<string, TfType>)) out[k] = valueFor(k, ft, v);
    return out;
  }
  if (kind === 'tuple') return (inner as TfType[]).map((x) => valueFor(name, x, v));
  return null;
}

function stringFor(name: string, v: 0 | 1): string {
  const s = v === 0 ? 'a' : 'b';
  if (/(^|_)arn$|_arns?$/.test(name)) return `arn:aws:iam::${ACCOUNT}:role/probe${s}`;
  if (/cidr/.test(name)) return v === 0 ? '10.0.0.0/16' : '10.1.0.0/16';
  if (name === 'container_definitions') return JSON.stringify([{ name: `probe${s}`, image: `probe${s}`, essential: true }]);
  if (/policy|document|definition|_json$/.test(name)) return JSON.stringify(policy(s));
  if (/(^|_)email/.test(name)) return `probe${s}@example.com`;
  if (/(^|_)url$|endpoint$|uri$/.test(name)) return `https://probe${s}.example.com`;
  if (name === 'vpc_id') return `vpc-0123456789abcdef${v}`;
  if (name === 'subnet_id') return `subnet-0123456789abcdef${v}`;
  if (/security_group_id$/.test(name)) return `sg-0123456789abcdef${v}`;
  if (name === 'ami') return `ami-0123456789abcdef${v}`;
  if (name === 'instance_id') return `i-0123456789abcdef${v}`;
  if (name === 'availability_zone') return `${REGION}${s}`;
  if (name === 'region') return REGION;
  return `probe${s}`;
}

const policy = (s: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::probe${s}/*` }] });

/** Candidates tried in turn for a string the provider rejects without saying what it wants. */
const STRING_CANDIDATES = (s: string) => [
  `probe${s}`,
  `Probe${s}`,
  `probe-${s}`,
  `arn:aws:iam::${ACCOUNT}:role/probe${s}`,
  '10.0.0.0/16',
  JSON.stringify(policy(s)),
  `https://probe${s}.example.com`,
  '2030-01-01T00:00:00Z',
  `${s === 'a' ? 1 : 2}`,
  `probe${s}.example.com`,
  'cHJvYmU=',
  `/probe${s}`,
  `probe${s}@example.com`,
  `rate(1 day)`,
];

// ---------------------------------------------------------------------------------------------
// The probe bodies

/** One block body: arguments and nested blocks. */
interface Body {
  attrs: Record<string, Json>;
  blocks: Record<string, Body[]>;
}

/** Per type, per variant: corrections learned from error messages (path → value, or `undefined` to drop). */
type Corrections = Map<string, Json | typeof DROP | typeof BLOCK>;
const DROP = Symbol('drop');
/** A block the provider requires although the schema does not say so (written with its required arguments). */
const BLOCK = Symbol('block');

interface TypeState {
  type: string;
  schema: RealBlock;
  fix: [Corrections, Corrections];
  /** Candidate index per path for strings rejected without a hint. */
  tries: Map<string, number>;
  /** Block paths dropped from the block instances. */
  droppedBlocks: Set<string>;
  /** Argument paths a "one of" correction wrote, dropped from the block instances for a block they exclude. */
  droppedInBlocks: Set<string>;
  /** Block paths written more than once ("At least 2 \"stage\" blocks are required"). */
  copies: Map<string, number>;
  withBlocks: boolean;
  failed?: string;
  /**
   * Set when the type's probe was not judged because the provider died on another type of the same
   * root ("Plugin did not respond" for the calls in flight, "Request cancelled" for the rest): the
   * type is planned again in a smaller root (alone if it is the suspect), and only an error it
   * gets alone is its reason.
   */
  collateral?: string;
  rounds: number;
  /**
   * The plans of its root in which this type had an error. Counted per type, not per root: in a
   * root of many types, terraform reports plan-time errors only once every type passes
   * validation, so the root's own round count says nothing about how often this type was tried.
   */
  errorRounds: number;
  probed: boolean;
  /** Why the block probes were given up (their arguments' defaults stay underived). */
  blocksFailed?: string;
  /** The errors of the last round, to see that corrections stopped helping. */
  lastErrors?: string;
}

const isObjectType = (t: TfType | undefined): t is [string, [string, Record<string, TfType>]] =>
  Array.isArray(t) && (t[0] === 'list' || t[0] === 'set') && Array.isArray(t[1]) && (t[1] as unknown[])[0] === 'object';

function bodyFor(st: TypeState, block: RealBlock, v: 0 | 1, path: string, blocks: boolean, depth: number): Body {
  const body: Body = { attrs: {}, blocks: {} };
  for (const [name, a] of Object.entries(block.attributes ?? {})) {
    const p = path + name;
    const fixed = st.fix[v].get(p);
    if (fixed === DROP || (blocks && st.droppedInBlocks.has(p))) continue;
    if (fixed !== undefined) body.attrs[name] = fixed as Json;
    else if (a.required) body.attrs[name] = valueFor(name, a.type, v);
    else if (blocks && a.optional && isObjectType(a.type) && !st.droppedBlocks.has(p) && depth < 3) {
      // An argument of object type written as blocks (terraform's "attributes as blocks").
      const fields = (a.type[1] as [string, Record<string, TfType>])[1];
      const inner: Body = { attrs: {}, blocks: {} };
      for (const [k, ft] of Object.entries(fields)) {
        const f = st.fix[v].get(`${p}.${k}`);
        if (f === DROP) continue;
        if (f !== undefined) inner.attrs[k] = f as Json;
        void ft;
      }
      body.blocks[name] = [inner];
    }
  }
  for (const [name, b] of Object.entries(block.block_types ?? {})) {
    const p = path + name;
    if (name === 'timeouts') continue;
    // A block a correction requires is written in every instance, except a block instance that
    // dropped it to probe a block it conflicts with.
    const forced = st.fix[v].get(p) === BLOCK && !(blocks && st.droppedBlocks.has(p));
    const required = (b.min_items ?? 0) > 0 || forced;
    if (!required && (!blocks || st.droppedBlocks.has(p) || depth >= 3)) continue;
    if (st.fix[v].get(p) === DROP) continue;
    body.blocks[name] = Array.from({ length: st.copies.get(p) ?? 1 }, () => bodyFor(st, b.block, v, `${p}.`, blocks, depth + 1));
  }
  // Arguments added by a correction ("one of a, b must be set") that the walk above did not write.
  for (const [p, val] of st.fix[v]) {
    if (val === DROP || val === BLOCK || !p.startsWith(path) || (blocks && st.droppedInBlocks.has(p))) continue;
    const rest = p.slice(path.length);
    if (rest.includes('.') || rest in body.attrs) continue;
    if (block.attributes?.[rest]) body.attrs[rest] = val as Json;
  }
  return body;
}

// ---------------------------------------------------------------------------------------------
// Rendering, with a map from each line back to the probe and argument path it writes

interface Rendered {
  text: string;
  /** line (1-based) → [type, instance, path] */
  lines: Map<number, [string, string, string]>;
}

function hcl(v: Json): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(hcl).join(', ')}]`;
  return `{ ${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)} = ${hcl(x)}`).join(', ')} }`;
}

function render(probes: { type: string; name: string; body: Body }[]): Rendered {
  const out: string[] = [];
  const lines = new Map<number, [string, string, string]>();
  const emit = (text: string, type: string, name: string, path: string) => {
    out.push(text);
    lines.set(out.length, [type, name, path]);
  };
  const walk = (b: Body, type: string, name: string, path: string, indent: string) => {
    for (const [k, v] of Object.entries(b.attrs)) emit(`${indent}${k} = ${hcl(v)}`, type, name, path + k);
    for (const [k, items] of Object.entries(b.blocks)) {
      for (const item of items) {
        emit(`${indent}${k} {`, type, name, path + k);
        walk(item, type, name, `${path}${k}.`, `${indent}  `);
        emit(`${indent}}`, type, name, path + k);
      }
    }
  };
  for (const p of probes) {
    emit(`resource "${p.type}" "${p.name}" {`, p.type, p.name, '');
    walk(p.body, p.type, p.name, '', '  ');
    emit('}', p.type, p.name, '');
    out.push('');
  }
  return { text: out.join('\n') + '\n', lines };
}

// ---------------------------------------------------------------------------------------------
// Corrections from the provider's error messages

interface Diagnostic {
  severity: string;
  summary: string;
  detail?: string;
  address?: string;
  range?: { filename: string; start: { line: number } };
}

const unquote = (s: string) => s.replace(/^\\?"|\\?"$/g, '').replace(/\\"/g, '"');

/** The values an enumeration error names (SDK `expected x to be one of ["a" "b"]`, framework `value must be one of: ["\"a\"", …]`). */
function enumeration(text: string): string[] | undefined {
  const m = /to be one of \[?([^\]\n]*?)\]?,? got/.exec(text) ?? /must be one of:? \[([^\]]*)\]/.exec(text) ?? /valid values(?: are)?:? \[?([^\]\n]*)\]?/i.exec(text);
  if (!m) return undefined;
  const items = [...m[1].matchAll(/\\?"((?:[^"\\]|\\.)*)\\?"/g)].map((x) => unquote(x[1])).filter((x) => x !== '' && x !== ',');
  if (items.length) return items;
  const bare = m[1].split(/[,\s]+/).map((x) => x.replace(/[`'"]/g, '')).filter(Boolean);
  return bare.length ? bare : undefined;
}

function range(text: string): [number, number] | undefined {
  const m = /in the range \((-?\d+(?:\.\d+)?) - (-?\d+(?:\.\d+)?)\)/.exec(text) ?? /between (-?\d+) and (-?\d+)/.exec(text) ?? /at least (-?\d+)/.exec(text);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? m[1])];
}

/** Names of arguments an "exactly one / at least one of" error asks for. */
function oneOf(text: string): string[] | undefined {
  const m =
    /one of `([^`]+)` must be specified/.exec(text) ??
    /"([\w.,]+)": one of `([^`]+)`/.exec(text) ??
    /At least one attribute out of \[([^\]]+)\]/.exec(text) ??
    /(?:Exactly|At least) one of these attributes must be configured: \[([^\]]+)\]/.exec(text) ??
    /one \(and only one\) of \[([^\]]+)\] is required/.exec(text);
  if (!m) return undefined;
  // A framework path relative to its parent ("name_pattern.<.name_prefix") names a sibling.
  return (m[2] ?? m[1]).split(',').map((s) => s.trim().replace(/^.*<\./, '')).filter(Boolean);
}

/** The block type at a dotted path (block names, no indices). */
function blockAt(schema: RealBlock, path: string): RealBlockType | undefined {
  let b: RealBlockType | undefined;
  let block: RealBlock | undefined = schema;
  for (const part of path.split('.')) {
    b = block?.block_types?.[part];
    block = b?.block;
  }
  return b;
}

/** The paths of the arguments named `name` (in blocks three deep at most). */
function attrPathsNamed(schema: RealBlock, name: string): string[] {
  const out: string[] = [];
  const walk = (b: RealBlock, prefix: string, depth: number) => {
    if (b.attributes?.[name]) out.push(prefix + name);
    if (depth < 3) for (const [k, t] of Object.entries(b.block_types ?? {})) walk(t.block, `${prefix}${k}.`, depth + 1);
  };
  walk(schema, '', 0);
  return out;
}

/** The path of a block named `name`: under `near` (a block path or ''), else the first found walking down from the top. */
function blockPathNamed(schema: RealBlock, name: string, near: string): string | undefined {
  if (near && blockAt(schema, `${near}.${name}`)) return `${near}.${name}`;
  const walk = (b: RealBlock, prefix: string, depth: number): string | undefined => {
    if (b.block_types?.[name]) return prefix + name;
    if (depth >= 3) return undefined;
    for (const [k, t] of Object.entries(b.block_types ?? {})) {
      const found = walk(t.block, `${prefix}${k}.`, depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return walk(schema, '', 0);
}

/** The schema attribute at a dotted path (block names and attribute name, no indices). */
function attrAt(schema: RealBlock, path: string): RealAttr | undefined {
  const parts = path.split('.');
  let b: RealBlock | undefined = schema;
  for (let i = 0; i < parts.length - 1 && b; i++) b = b.block_types?.[parts[i]]?.block;
  return b?.attributes?.[parts.at(-1)!];
}

/**
 * Correct state `st` for diagnostic `d` at argument `path` (or the block when path is ''). Returns
 * false when nothing more can be tried.
 */
function correct(st: TypeState, d: Diagnostic, path: string, instance: string): boolean {
  const text = `${d.summary}\n${d.detail ?? ''}`.replace(/\[\d+\]/g, '.0');
  const blockInstance = instance.startsWith('blocks');
  const both = (p: string, f: (v: 0 | 1) => Json | typeof DROP | typeof BLOCK) => {
    for (const v of [0, 1] as const) st.fix[v].set(p, f(v));
  };
  st.probed = true;
  // Arguments that exclude each other: keep the first written, drop the rest.
  const exclusive = /only one of `([^`]+)` can be specified/.exec(text);
  if (exclusive) {
    const prefix = path.includes('.') ? path.slice(0, path.lastIndexOf('.') + 1) : '';
    const names = exclusive[1].split(',').map((w) => prefix + w.trim().replace(/^.*\./, ''));
    if (blockInstance) {
      // In a block instance, an optional block excluded by an argument a "one of" correction wrote
      // (`subnet_mapping` by `subnets`, `alias` by `records`): the block instances drop the argument,
      // so the block's own arguments are probed (the minimal instances keep it, and measure the
      // block left unset). Optional blocks that exclude each other: the block instances keep the
      // last, the minimal instances write none or the first a correction asks for.
      const blocks = names.filter((p) => blockAt(st.schema, p) && !st.droppedBlocks.has(p) && st.fix[0].get(p) !== DROP);
      const attrs = names.filter((p) => !blockAt(st.schema, p) && !attrAt(st.schema, p)?.required && st.fix[0].has(p) && st.fix[0].get(p) !== DROP && !st.droppedInBlocks.has(p));
      if (blocks.length > 0 && attrs.length > 0) {
        for (const p of attrs) st.droppedInBlocks.add(p);
        return true;
      }
      if (blocks.length > 1) {
        for (const p of blocks.slice(0, -1)) st.droppedBlocks.add(p);
        return true;
      }
      if (names.some((p) => st.droppedBlocks.has(p) || st.droppedInBlocks.has(p))) return true;
    }
    const written = names.filter((p) => st.fix[0].has(p) && st.fix[0].get(p) !== DROP);
    const keep = written.find((p) => attrAt(st.schema, p)?.required) ?? written[0];
    let changed = false;
    for (const p of names) {
      if (p === keep || attrAt(st.schema, p)?.required || st.fix[0].get(p) === DROP) continue;
      both(p, () => DROP);
      changed = true;
    }
    return changed || written.length <= 1;
  }
  // Arguments the error names as needed (one of them is enough).
  const wanted = oneOf(text);
  if (wanted) {
    // A dotted name ("launch_template.0.id") is a full path; a bare one is relative to the error's place.
    const prefix = path.includes('.') ? path.slice(0, path.lastIndexOf('.') + 1) : '';
    const pathOf = (w: string) => (w.includes('.') ? w.replace(/\.\d+(?=\.|$)/g, '') : prefix + w);
    if (wanted.some((w) => { const f = st.fix[0].get(pathOf(w)); return f !== undefined && f !== DROP; })) return true;
    // An argument is preferred, the first named, so the minimal instances measure the blocks left
    // unset (`subnet_mapping` of a load balancer given `subnets`, `alias` of a record given
    // `records`, `launch_template` of an instance given `ami`); the block instances still write the
    // blocks (their arguments' defaults). A block only when no argument is named.
    for (const w of wanted) {
      const p = pathOf(w);
      const a = attrAt(st.schema, p);
      // Only an argument (never a computed-only attribute such as `id`).
      if (a && (a.optional || a.required) && !st.fix[0].has(p)) {
        both(p, (v) => valueFor(p.split('.').at(-1)!, a.type, v));
        return true;
      }
    }
    const block = wanted.map(pathOf).find((p) => blockAt(st.schema, p) && !st.fix[0].has(p));
    if (block) {
      both(block, () => BLOCK);
      return true;
    }
  }
  const missing = /The argument "(\w+)" is required|"(\w+)": required field is not set|Missing required argument[\s\S]*?"([\w.]+)"|Attribute "([\w.]+)" must be specified|Either "([\w.]+)" or "[\w.]+" must be specified/.exec(text);
  if (missing) {
    const name = missing[1] ?? missing[2] ?? missing[3] ?? missing[4] ?? missing[5];
    // A full path ("ingress.0.from_port") names the argument itself; a bare name is relative to the error's place.
    const p = name.includes('.')
      ? name.replace(/\.\d+(?=\.|$)/g, '')
      : (path && !attrAt(st.schema, path) ? `${path}.` : path.includes('.') ? path.slice(0, path.lastIndexOf('.') + 1) : '') + name;
    const a = attrAt(st.schema, p);
    const objField = objectField(st.schema, p);
    if ((a || objField) && !st.fix[0].has(p)) {
      both(p, (v) => valueFor(p.split('.').at(-1)!, a?.type ?? objField, v));
      return true;
    }
  }
  // Where the error's bare names are: the block the error is about, or the argument's block.
  const here = path && !attrAt(st.schema, path) ? `${path}.` : path.includes('.') ? path.slice(0, path.lastIndexOf('.') + 1) : '';
  const argAt = (name: string) => {
    const p = name.includes('.') ? name.replace(/\.\d+(?=\.|$)/g, '') : here + name;
    return { p, t: attrAt(st.schema, p)?.type ?? objectField(st.schema, p) };
  };
  // Companion arguments a plan-time check names: "handler and runtime must be set when PackageType
  // is Zip", "'customer_address' must be set when 'address_family' is 'ipv4'".
  const companions = /^[`'"]?([\w.]+)[`'"]?((?:, [`'"]?[\w.]+[`'"]?)*(?:,? and [`'"]?[\w.]+[`'"]?)?) must be set\b/m.exec(text);
  if (companions) {
    let changed = false;
    for (const name of `${companions[1]}${companions[2]}`.split(/,? and |, /).map((w) => w.replace(/[`'"]/g, ''))) {
      const { p, t } = argAt(name);
      if (t === undefined || st.fix[0].has(p)) continue;
      both(p, (v) => valueFor(p.split('.').at(-1)!, t, v));
      changed = true;
    }
    if (changed) return true;
  }
  // Numbers a plan-time check wants at least ("read_capacity must be at least 1 when billing_mode is
  // \"PROVISIONED\"", one line per argument).
  const atLeast = [...text.matchAll(/^[`'"]?([\w.]+)[`'"]? must be at least (-?\d+)/gm)];
  if (atLeast.length) {
    let changed = false;
    for (const [, name, n] of atLeast) {
      const { p, t } = argAt(name);
      if (t !== 'number' || st.fix[0].get(p) !== undefined) continue;
      both(p, (v) => Number(n) + v);
      changed = true;
    }
    if (changed) return true;
  }
  // A block the provider requires though the schema marks it optional, or more of a block than one.
  const requiredBlock = /Block (\w+) must have a configuration value as the provider has marked it as required/.exec(text);
  if (requiredBlock) {
    const p = blockPathNamed(st.schema, requiredBlock[1], here.replace(/\.$/, ''));
    if (p && st.fix[0].get(p) !== BLOCK) {
      both(p, () => BLOCK);
      return true;
    }
  }
  const copies = /At least (\d+) "?(\w+)"? blocks are required/.exec(text);
  if (copies) {
    const p = blockPathNamed(st.schema, copies[2], here.replace(/\.$/, ''));
    if (p && (st.copies.get(p) ?? 1) < Number(copies[1])) {
      st.copies.set(p, Number(copies[1]));
      return true;
    }
  }
  const items = /Attribute ([\w.]+) requires (\d+) item minimum/.exec(text);
  if (items) {
    const { p, t } = argAt(items[1]);
    if (Array.isArray(t) && (t[0] === 'list' || t[0] === 'set') && typeof t[1] === 'string') {
      const name = p.split('.').at(-1)!;
      both(p, (v) => Array.from({ length: Number(items[2]) }, (_, i) => (i === 0 ? valueFor(name, t[1] as TfType, v) : `${valueFor(name, t[1] as TfType, v)}${i}`)));
      return true;
    }
  }
  if (path && (attrAt(st.schema, path)?.type ?? objectField(st.schema, path)) !== undefined) {
    const t = attrAt(st.schema, path)?.type ?? objectField(st.schema, path);
    const strings = t === 'string' || (Array.isArray(t) && typeof t[1] === 'string' && t[1] === 'string');
    // A string the provider reads as a number or a boolean.
    const parsed = /cannot parse '[^']*' as (int|float|bool)/.exec(text);
    if (parsed && strings && !st.tries.has(`${path}\0parsed`)) {
      st.tries.set(`${path}\0parsed`, 1);
      both(path, (v) => wrap(t, parsed[1] === 'bool' ? 'true' : `${1 + v}`));
      return true;
    }
    // Values of a shape the provider names: an AWS account ID, an AWS Region, an IP address.
    const shape = /account id/i.test(text)
      ? (v: 0 | 1) => (v === 0 ? ACCOUNT : '444455556666')
      : /AWS Region/i.test(text)
        ? (v: 0 | 1) => (v === 0 ? REGION : 'us-west-2')
        : /valid IP address/i.test(text)
          ? (v: 0 | 1) => `10.0.0.${10 + v}`
          : undefined;
    if (shape && strings && !st.tries.has(`${path}\0shape`)) {
      st.tries.set(`${path}\0shape`, 1);
      both(path, (v) => wrap(t, shape(v)));
      return true;
    }
  }
  if (!path) {
    // An error on the resource about an argument of a set block (no line of its own): the argument
    // it names, when only one argument of the type has that name.
    const named = /^expected ([\w.]+?)(?:\.\d+)? to be/.exec(text)?.[1];
    const found = (named ? attrPathsNamed(st.schema, named.replace(/\.\d+(?=\.|$)/g, '').split('.').at(-1)!) : []).filter((p) => !st.tries.has(`${p}\0named`));
    if (found.length === 1) {
      st.tries.set(`${found[0]}\0named`, 1);
      return correct(st, d, found[0], instance);
    }
  }
  if (!path || (!attrAt(st.schema, path) && !objectField(st.schema, path))) {
    // An error about a whole block: drop it from the block instances, once.
    if (blockInstance) {
      const block = path || blockNamed(st.schema, text);
      if (block && !st.droppedBlocks.has(block)) {
        st.droppedBlocks.add(block);
        return true;
      }
      st.withBlocks = false;
      return true;
    }
    return false;
  }
  const a = attrAt(st.schema, path);
  const t = a?.type ?? objectField(st.schema, path);
  if (blockInstance && path.includes('.') && !a?.required) {
    // An optional block's argument the error is about: drop the block rather than guess.
    const block = path.slice(0, path.lastIndexOf('.'));
    if (!st.droppedBlocks.has(block)) {
      st.droppedBlocks.add(block);
      return true;
    }
  }
  const name = path.split('.').at(-1)!;
  const values = enumeration(text);
  if (values) {
    // The same choice in both variants: what follows from it is then no difference between them.
    both(path, () => scalarOf(t, values[0]));
    return true;
  }
  const r = range(text);
  if (r && (t === 'number' || (Array.isArray(t) && t[1] === 'number'))) {
    both(path, (v) => wrap(t, Math.min(r[0] + v, r[1])));
    return true;
  }
  if (r && t === 'string') {
    // A length range.
    both(path, (v) => `probe${v === 0 ? 'a' : 'b'}`.padEnd(r[0], 'x').slice(0, Math.max(r[1], r[0])));
    return true;
  }
  const hint = /starts? with "?([\w-]+):/.exec(text);
  if (hint && t === 'string' && !st.tries.has(`${path}\0hint`)) {
    st.tries.set(`${path}\0hint`, 1);
    both(path, (v) => `${hint[1]}:Probe${v === 0 ? 'a' : 'b'}`);
    return true;
  }
  if (/Invalid combination of arguments|conflicts with/.test(text)) return false;
  const tried = st.tries.get(path) ?? 0;
  const candidates = STRING_CANDIDATES('a');
  if ((t === 'string' || (Array.isArray(t) && t[1] === 'string')) && tried + 1 < candidates.length) {
    st.tries.set(path, tried + 1);
    both(path, (v) => wrap(t, STRING_CANDIDATES(v === 0 ? 'a' : 'b')[tried + 1]));
    return true;
  }
  void name;
  return false;
}

function wrap(t: TfType | undefined, x: Json): Json {
  if (Array.isArray(t) && (t[0] === 'list' || t[0] === 'set')) return [x];
  if (Array.isArray(t) && t[0] === 'map') return { probe: x };
  return x;
}

function scalarOf(t: TfType | undefined, s: string): Json {
  const base = Array.isArray(t) ? (t[1] as TfType) : t;
  const x: Json = base === 'number' ? Number(s) : base === 'bool' ? s === 'true' : s;
  return wrap(t, x);
}

/** The type of a field of an object-typed argument written as blocks (`ingress.from_port`). */
function objectField(schema: RealBlock, path: string): TfType | undefined {
  const i = path.lastIndexOf('.');
  if (i === -1) return undefined;
  const a = attrAt(schema, path.slice(0, i));
  if (!a || !isObjectType(a.type)) return undefined;
  return ((a.type[1] as [string, Record<string, TfType>])[1])[path.slice(i + 1)];
}

function blockNamed(schema: RealBlock, text: string): string | undefined {
  for (const name of [...Object.keys(schema.block_types ?? {}), ...Object.keys(schema.attributes ?? {})]) {
    if (new RegExp(`\\b${name}\\b`).test(text)) return name;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Terraform

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const p = spawn(cmd, args, { cwd, env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => (stdout += c));
    p.stderr.on('data', (c) => (stderr += c));
    p.on('close', (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}

function providerBlock(endpoint: string, services: string[]): string {
  return `provider "aws" {
  region                      = "${REGION}"
  access_key                  = "offline"
  secret_key                  = "offline"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  max_retries                 = 1
  endpoints {
${services.map((s) => `    ${s} = "${endpoint}"`).join('\n')}
  }
}
`;
}

/** Service names the provider's `endpoints` block accepts (from the real schema). */
function endpointServices(providerSchema: { block: RealBlock } | undefined): string[] {
  const ep = providerSchema?.block.block_types?.endpoints?.block.attributes ?? {};
  return Object.entries(ep)
    .filter(([, a]) => !a.deprecated)
    .map(([k]) => k);
}

// ---------------------------------------------------------------------------------------------
// Reading the plan

interface Change {
  address: string;
  type: string;
  name: string;
  change: { after: Record<string, Json>; after_unknown: Record<string, unknown> };
}

const UNKNOWN = Symbol('unknown');

/** Diagnostics that say the provider process died, not that this probe is wrong. */
const COLLATERAL = /^(Request cancelled|Plugin did not respond)/;
type Planned = Json | typeof UNKNOWN;

function plannedAt(after: Json | undefined, unknown: unknown): Planned {
  if (unknown === true) return UNKNOWN;
  return after === undefined ? null : after;
}

/** What the plan holds for every argument a probe did not write, by dotted path. */
function unsetValues(schema: RealBlock, body: Body, after: Record<string, Json>, unknown: Record<string, unknown>, path: string, out: Map<string, Planned>): void {
  for (const [name, a] of Object.entries(schema.attributes ?? {})) {
    if (a.required) continue;
    if (name in body.attrs) continue;
    const written = body.blocks[name];
    if (written && isObjectType(a.type)) {
      // Written as blocks: the fields of the one element not written.
      const items = after[name];
      const itemsUnknown = unknown[name];
      if (!Array.isArray(items) || items.length !== 1) {
        out.set(path + name, plannedAt(items, itemsUnknown));
        continue;
      }
      const el = items[0] as Record<string, Json>;
      const elu = (Array.isArray(itemsUnknown) ? itemsUnknown[0] : {}) as Record<string, unknown>;
      for (const k of Object.keys((a.type[1] as [string, Record<string, TfType>])[1])) {
        if (k in written[0].attrs) continue;
        out.set(`${path}${name}.${k}`, plannedAt(el?.[k], elu?.[k]));
      }
      continue;
    }
    const planned = plannedAt(after[name], unknown[name]);
    // A read-only attribute planned unknown is what the schema already says (computed): not recorded.
    if (planned === UNKNOWN && !a.optional) continue;
    out.set(path + name, planned);
  }
  for (const [name, b] of Object.entries(schema.block_types ?? {})) {
    if (name === 'timeouts') continue;
    const written = body.blocks[name];
    const items = after[name];
    if (!written) {
      if ((b.min_items ?? 0) === 0) out.set(path + name, plannedAt(items ?? (b.nesting_mode === 'single' ? null : []), unknown[name]));
      continue;
    }
    const single = b.nesting_mode === 'single' || b.nesting_mode === 'group';
    const el = (single ? items : Array.isArray(items) && items.length === 1 ? items[0] : undefined) as Record<string, Json> | undefined;
    const u = unknown[name];
    const elu = (single ? u : Array.isArray(u) ? u[0] : undefined) as Record<string, unknown> | undefined;
    if (!el || typeof el !== 'object') continue;
    unsetValues(b.block, written[0], el, elu ?? {}, `${path}${name}.`, out);
  }
}

const same = (a: Planned, b: Planned) => a === b || (a !== UNKNOWN && b !== UNKNOWN && JSON.stringify(a) === JSON.stringify(b));

// ---------------------------------------------------------------------------------------------

async function main() {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const outFile = resolve(opt('--out') ?? 'schema/aws-defaults.json');
  const only = opt('--only')?.split(',');
  const rounds = Number(opt('--rounds') ?? 8);
  const source = 'registry.terraform.io/hashicorp/aws';
  const real = mirroredProviderSchema(source);
  if ('missing' in real) throw new Error(`provider defaults are derived from the real provider, but ${real.missing}`);
  const full = real.schema as { resource_schemas: Record<string, { block: RealBlock }>; provider?: { block: RealBlock } };
  const types = Object.keys(full.resource_schemas).filter((t) => !only || only.includes(t)).sort();
  const states = new Map<string, TypeState>(
    types.map((t) => [t, { type: t, schema: full.resource_schemas[t].block, fix: [new Map(), new Map()], tries: new Map(), droppedBlocks: new Set(), droppedInBlocks: new Set(), copies: new Map(), withBlocks: true, rounds: 0, errorRounds: 0, probed: false }]),
  );

  const work = mkdtempSync(join(tmpdir(), 'stackcheck-defaults-'));
  const calls: string[] = [];
  // The loopback stand-in of the offline plans (tests/load/plan-diff/offline-stack.ts): it answers
  // what a plan reads (the caller identity, states:ValidateStateMachineDefinition) and refuses
  // every other call.
  const refused: string[] = [];
  const stand = await fakeAws(calls, refused);
  const rc = join(work, 'cli.tfrc');
  const mirror = process.env.STACKCHECK_TF_MIRROR ?? '/opt/tf-plugins';
  writeFileSync(rc, `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/*/*"]\n  }\n  direct { exclude = ["registry.terraform.io/*/*"] }\n}\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, TF_CLI_CONFIG_FILE: rc, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', AWS_EC2_METADATA_DISABLED: 'true' };
  delete env.AWS_PROFILE;
  const services = endpointServices(full.provider);
  const providerTf = `terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "${real.version}" }\n  }\n}\n\n${providerBlock(`http://127.0.0.1:${stand.port}`, services)}`;

  const bodies = new Map<string, Body>();
  const changes: Change[] = [];
  const probesOf = (st: TypeState) => {
    const list: { type: string; name: string; body: Body }[] = [];
    for (const v of [0, 1] as const) {
      const name = v === 0 ? 'a' : 'b';
      list.push({ type: st.type, name, body: bodyFor(st, st.schema, v, '', false, 0) });
      if (st.withBlocks) list.push({ type: st.type, name: `blocks_${name}`, body: bodyFor(st, st.schema, v, '', true, 0) });
    }
    return list;
  };
  // Terraform's own graph work grows faster than the number of resources: a few hundred types per
  // root plan in a fraction of the time all of them take in one.
  const chunkSize = Number(opt('--chunk') ?? 150);
  const chunks: TypeState[][] = [];
  const all = [...states.values()];
  for (let i = 0; i < all.length; i += chunkSize) chunks.push(all.slice(i, i + chunkSize));
  /** One initialised root per worker, reused for every chunk it plans (init copies the provider). */
  const rootFor = async (n: number) => {
    const dir = join(work, `root-${n}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'provider.tf'), providerTf);
    const init = await run('terraform', ['init', '-input=false', '-no-color', '-backend=false'], dir, env);
    if (init.code !== 0) throw new Error(`terraform init failed:\n${init.stderr}`);
    return dir;
  };
  const planChunk = async (chunk: TypeState[], n: string, dir: string) => {
    for (const s of chunk) {
      s.collateral = undefined;
      s.lastErrors = undefined;
    }
    for (let round = 0; ; round++) {
      const live = chunk.filter((s) => !s.failed && !s.collateral);
      if (live.length === 0) return;
      const probes = live.flatMap(probesOf);
      const rendered = render(probes);
      writeFileSync(join(dir, 'probes.tf'), rendered.text);
      const started = Date.now();
      const plan = await run('terraform', ['plan', '-json', '-input=false', '-refresh=false', '-lock=false', '-no-color', '-parallelism=32', '-out=plan.bin'], dir, env);
      const diags: Diagnostic[] = [];
      for (const line of plan.stdout.split('\n')) {
        if (!line.startsWith('{')) continue;
        const m = JSON.parse(line) as { type: string; diagnostic?: Diagnostic };
        if (m.type === 'diagnostic' && m.diagnostic && m.diagnostic.severity === 'error') diags.push(m.diagnostic);
      }
      if (process.env.STACKCHECK_DEFAULTS_LOG) {
        writeFileSync(
          join(process.env.STACKCHECK_DEFAULTS_LOG, `chunk-${n}-round-${round}.json`),
          JSON.stringify(diags.map((d) => ({ at: d.range?.filename.endsWith('probes.tf') ? rendered.lines.get(d.range.start.line) : d.address, summary: d.summary, detail: d.detail })), null, 1),
        );
      }
      console.log(`chunk ${n} round ${round}: ${live.length} types, ${probes.length} probes, ${diags.length} errors (${Math.round((Date.now() - started) / 1000)} s)`);
      if (plan.code === 0 && diags.length === 0) {
        const show = await run('terraform', ['show', '-json', 'plan.bin'], dir, env);
        if (show.code !== 0) throw new Error(`terraform show failed:\n${show.stderr}`);
        changes.push(...((JSON.parse(show.stdout) as { resource_changes?: Change[] }).resource_changes ?? []));
        for (const p of probes) bodies.set(`${p.type}.${p.name}`, p.body);
        return;
      }
      if (diags.length === 0) throw new Error(`terraform plan failed without a diagnostic:\n${plan.stderr.slice(-4000)}`);
      const touched = new Set<string>();
      const errorsOf = new Map<TypeState, string[]>();
      for (const d of diags) {
        const loc = d.range?.filename.endsWith('probes.tf') ? rendered.lines.get(d.range.start.line) : undefined;
        const addr = d.address ?? (loc ? `${loc[0]}.${loc[1]}` : undefined);
        const type = loc?.[0] ?? addr?.split('.')[0];
        const st = type ? states.get(type) : undefined;
        const reason = `${d.summary}${d.detail ? `: ${d.detail.split('\n')[0]}` : ''}`.slice(0, 300);
        if (COLLATERAL.test(d.summary)) {
          // The provider died (on this type or another): judged again in a smaller root.
          for (const s of st && chunk.includes(st) ? [st] : live) s.collateral ??= reason;
          continue;
        }
        if (!st || !chunk.includes(st)) {
          // An error no probe explains (the provider configuration): every type of this root fails with it.
          for (const s of live) s.failed ??= `${d.summary}${d.detail ? `: ${d.detail.split('\n')[0]}` : ''}`.slice(0, 300);
          break;
        }
        if (st.failed || st.collateral) continue;
        const key = `${st.type}\0${loc?.[2] ?? ''}\0${d.summary}\0${d.detail ?? ''}`.replace(/probe[ab]|\b(blocks_)?[ab]\b/g, '');
        if (!errorsOf.has(st)) {
          errorsOf.set(st, []);
          st.errorRounds++;
        }
        errorsOf.get(st)!.push(key);
        if (touched.has(key)) continue;
        touched.add(key);
        st.rounds++;
        const instance = loc?.[1] ?? addr!.split('.')[1];
        const ok = st.rounds <= rounds * 3 && st.errorRounds <= rounds && correct(st, d, loc?.[2] ?? '', instance);
        if (!ok && instance.startsWith('blocks') && st.withBlocks) {
          // The optional blocks cannot all be planned: the minimal probes still give the top level.
          st.withBlocks = false;
          st.blocksFailed = `${d.summary}${d.detail ? `: ${d.detail.split('\n')[0]}` : ''}`.slice(0, 300);
        } else if (!ok) st.failed = `${d.summary}${d.detail ? `: ${d.detail.split('\n')[0]}` : ''}`.slice(0, 300);
      }
      // A type whose errors did not change with the corrections made: nothing more will help.
      for (const [st, keys] of errorsOf) {
        if (st.collateral) continue;
        const sig = [...new Set(keys)].sort().join('\n');
        if (st.lastErrors === sig && st.withBlocks) st.withBlocks = false;
        else if (st.lastErrors === sig) st.failed ??= keys[0].split('\0').slice(2).join(': ').slice(0, 300);
        st.lastErrors = sig;
      }
    }
  };
  const jobs = Number(opt('--jobs') ?? 2);
  const queue = chunks.map((chunk, n) => ({ chunk, label: `${n}` }));
  let busy = 0;
  let retried = 0;
  await Promise.all(
    Array.from({ length: jobs }, async (_, w) => {
      const dir = await rootFor(w);
      for (;;) {
        const job = queue.shift();
        if (!job) {
          if (busy === 0) return;
          // Another worker may still requeue types its provider crash cancelled.
          await new Promise((ok) => setTimeout(ok, 500));
          continue;
        }
        busy++;
        await planChunk(job.chunk, job.label, dir);
        const again = job.chunk.filter((s) => s.collateral && !s.failed);
        if (again.length > 0 && job.chunk.length === 1) {
          // Alone, the provider still dies on it: that is its own reason.
          again[0].failed = `the provider process dies planning its minimal configuration alone (${again[0].collateral})`.slice(0, 300);
        } else if (again.length > 0) {
          // The types in flight when the provider died are the suspects: each alone; the rest in one
          // root without them (split in two when no one is suspected), so every root is smaller.
          const suspects = again.filter((s) => /^Plugin did not respond/.test(s.collateral!));
          const rest = again.filter((s) => !suspects.includes(s));
          const groups = suspects.map((s) => [s]);
          if (rest.length === job.chunk.length) groups.push(rest.slice(0, rest.length >> 1), rest.slice(rest.length >> 1));
          else if (rest.length > 0) groups.push(rest);
          retried += again.length;
          groups.forEach((g, i) => queue.push({ chunk: g, label: `${job.label}.${i}` }));
        }
        busy--;
      }
    }),
  );
  console.log(`${retried} type probes planned again after the provider died on another type of their root`);
  stand.server.close();

  // Every probe planned: read what the plan holds for what was not written.
  const byAddress = new Map(changes.map((c) => [c.address, c]));
  const file: DefaultsFile = {
    provider: source,
    version: real.version,
    method:
      'scripts/provider-defaults.ts (make schema): per resource type, a minimal configuration (required arguments only, two different sets of values) and the same with every optional block once, planned by terraform with this provider offline; a value planned the same in both is the default, after_unknown is "u", a value that differs is "v" (depends on the configuration)',
    types: {},
    underived: {},
    probed: [],
  };
  for (const st of states.values()) {
    if (st.failed) {
      file.underived[st.type] = st.failed;
      continue;
    }
    if (st.probed) file.probed.push(st.type);
    const at = (name: string) => {
      const c = byAddress.get(`${st.type}.${name}`);
      const body = bodies.get(`${st.type}.${name}`);
      if (!c || !body) return undefined;
      const out = new Map<string, Planned>();
      unsetValues(st.schema, body, c.change.after ?? {}, c.change.after_unknown ?? {}, '', out);
      return out;
    };
    const a = at('a');
    const b = at('b');
    if (!a || !b) {
      file.underived[st.type] = 'the plan holds no change for the probe';
      continue;
    }
    const merged = new Map<string, [Planned, Planned]>();
    for (const [p, x] of a) if (b.has(p)) merged.set(p, [x, b.get(p)!]);
    const ba = at('blocks_a');
    const bb = at('blocks_b');
    if (ba && bb) for (const [p, x] of ba) if (p.includes('.') && bb.has(p) && !merged.has(p)) merged.set(p, [x, bb.get(p)!]);
    const entry: { d?: Record<string, Json>; u?: string[]; v?: string[] } = {};
    for (const [p, [x, y]] of [...merged].sort(([p], [q]) => (p < q ? -1 : 1))) {
      if (!same(x, y)) (entry.v ??= []).push(p);
      else if (x === UNKNOWN) (entry.u ??= []).push(p);
      else (entry.d ??= {})[p] = x as Json;
    }
    file.types[st.type] = entry;
  }
  file.probed.sort();
  writeFileSync(outFile, JSON.stringify(file) + '\n');
  console.log(
    `${outFile}: ${Object.keys(file.types).length} of ${types.length} resource types derived, ${file.probed.length} probed per value, ${Object.keys(file.underived).length} underived; the stand-in answered ${calls.length} calls and refused ${refused.length}`,
  );
  if (!process.env.STACKCHECK_KEEP_PLAN) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
  void readFileSync;
}

if (process.argv[1] && /provider-defaults\.ts$/.test(process.argv[1])) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
