/**
 * Differential check: the static evaluation of the HCL against terraform's own plan of the same
 * configuration. Where both know a value they must agree; where terraform says "known after apply"
 * we must not claim to know it (and the reverse is reported too, as a weaker finding of the same
 * kind); every resource must be in both.
 *
 * What is not a disagreement: an attribute only terraform's plan has (terraform fills in every
 * schema attribute; the evaluator, without a schema, only what the configuration sets) — counted
 * and listed on request; `null` against an empty list or object (terraform writes unset blocks as
 * `[]`); a number against the same number written as a string (terraform converts by schema); a
 * collection we hold with unknown elements against terraform's wholly unknown value (terraform
 * makes a set with an unknown element entirely unknown).
 *
 * Also not a disagreement, because the provider rewrites the value it is given: two strings that
 * hold the same JSON document (the AWS provider stores IAM policies normalised: compact, keys
 * sorted) and an `aws_instance` `user_data` whose SHA-1 is the hex string terraform's plan holds
 * (the AWS provider keeps user_data as its hash). With a provider schema (`opts.schema`), sets —
 * attributes of set type and blocks nested as sets — are compared without regard to order
 * (terraform orders set elements its own way).
 */
import { createHash } from 'node:crypto';
import type { Resource, StackModel } from '../model/resource.js';
import type { BlockSchema, TypeSpec } from '../schema/types.js';
import { containsUnknown, isObjectValue, isUnknown, type ObjectValue, type Value } from '../model/value.js';

export type DiffKind =
  | 'only-in-ours'
  | 'only-in-plan'
  | 'value-differs'
  | 'known-ours-unknown-plan'
  | 'unknown-ours-known-plan'
  | 'attribute-only-in-ours'
  | 'attribute-only-in-plan';

export interface DiffEntry {
  kind: DiffKind;
  /** Resource address, or `output.<name>` for a root output. */
  address: string;
  /** Attribute path; absent for a whole resource. */
  attribute?: string;
  ours?: Value;
  theirs?: Value;
}

export interface StackDiff {
  entries: DiffEntry[];
  /** True when nothing but `attribute-only-in-plan` entries was found. */
  agree: boolean;
  /**
   * `attributes`: values compared (leaves, an unknown on either side counted once); `known`: of
   * those, the ones both sides know, `equal` of which agree. `planned`: resources in terraform's
   * plan, `present`: of those, the ones the static evaluation has — by address, or standing for
   * them as instances whose keys are unknown (`aws_subnet.private[*]` for `aws_subnet.private[0]`).
   */
  compared: { resources: number; attributes: number; known: number; equal: number; planned: number; present: number };
}

/** Kinds that make the two models disagree (exit 1); the rest is information. */
export const DISAGREEMENTS: readonly DiffKind[] = [
  'only-in-ours',
  'only-in-plan',
  'value-differs',
  'known-ours-unknown-plan',
  'unknown-ours-known-plan',
  'attribute-only-in-ours',
];

export interface DiffOptions {
  /** Provider schema of a resource or data source type, to compare sets without regard to order. */
  schema?: (mode: 'managed' | 'data', type: string) => BlockSchema | undefined;
}

export function diffModels(ours: StackModel, theirs: StackModel, opts: DiffOptions = {}): StackDiff {
  const entries: DiffEntry[] = [];
  const compared = { resources: 0, attributes: 0, known: 0, equal: 0, planned: theirs.resources.length, present: 0 };
  const mine = new Map(ours.resources.map((r) => [r.address, r]));
  const plan = new Map(theirs.resources.map((r) => [r.address, r]));
  // Our resources whose instance keys are unknown stand for every planned instance they match.
  const standIns = ours.resources.filter((r) => r.address.includes('[*]')).map((r) => ({ r, pattern: instancePattern(r.address) }));
  const pairs: [string, Resource, Resource][] = [];
  for (const [address, p] of plan) {
    const exact = mine.get(address);
    const standIn = exact ? undefined : standIns.find((s) => s.pattern.test(address));
    const r = exact ?? standIn?.r;
    if (!r) {
      entries.push({ kind: 'only-in-plan', address });
      continue;
    }
    compared.present++;
    pairs.push([address, r, p]);
  }
  // A stand-in that matches nothing says "an unknown number of instances"; terraform planned none: no claim was wrong.
  for (const address of mine.keys()) if (!plan.has(address) && !address.includes('[*]')) entries.push({ kind: 'only-in-ours', address });

  const compare = (address: string, a: Value | undefined, b: Value | undefined, path: string) => {
    if (a === undefined && b === undefined) return;
    if (a === undefined) {
      if (!isEmpty(b!)) entries.push({ kind: 'attribute-only-in-plan', address, attribute: path, theirs: b });
      return;
    }
    if (b === undefined) {
      if (!isEmpty(a)) entries.push({ kind: 'attribute-only-in-ours', address, attribute: path, ours: a });
      return;
    }
    if (isUnknown(a) || isUnknown(b)) {
      compared.attributes++;
      if (isUnknown(b) && !isUnknown(a) && !containsUnknown(a)) compared.known++; // a guess: counted as known, never equal
      if (isUnknown(a) && !isUnknown(b)) entries.push({ kind: 'unknown-ours-known-plan', address, attribute: path, ours: a, theirs: b });
      // A collection we hold with unknown elements claims no more than terraform's wholly unknown
      // value (terraform makes a set with an unknown element entirely unknown).
      if (!isUnknown(a) && isUnknown(b) && !containsUnknown(a)) {
        entries.push({ kind: 'known-ours-unknown-plan', address, attribute: path, ours: a, theirs: b });
      }
      return;
    }
    if (isEmpty(a) && isEmpty(b)) return;
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((x, i) => compare(address, x, b[i], join(path, String(i))));
      return;
    }
    if (isObjectValue(a) && isObjectValue(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) compare(address, a[k], b[k], join(path, k));
      return;
    }
    compared.attributes++;
    compared.known++;
    if (!sameScalar(a, b) && !sameJson(a, b) && !(path === 'user_data' && sameUserData(a, b))) {
      entries.push({ kind: 'value-differs', address, attribute: path, ours: a, theirs: b });
    } else compared.equal++;
  };

  for (const [address, r, p] of pairs) {
    compared.resources++;
    const schema = opts.schema?.(r.mode, r.type);
    compare(address, schema ? sortSets(r.values, schema) : r.values, schema ? sortSets(p.values, schema) : p.values, '');
  }
  for (const name of new Set([...Object.keys(ours.outputs), ...Object.keys(theirs.outputs)])) {
    const a = ours.outputs[name];
    const b = theirs.outputs[name];
    const address = `output.${name}`;
    if (!a) entries.push({ kind: 'only-in-plan', address });
    else if (!b) entries.push({ kind: 'only-in-ours', address });
    else compare(address, a.value, b.value, '');
  }
  return { entries, agree: entries.every((e) => !DISAGREEMENTS.includes(e.kind)), compared };
}

/** `a.b[*].c[*]` → a pattern matching `a.b["x"].c[0]` (each `[*]` one instance key). */
function instancePattern(address: string): RegExp {
  const parts = address.split('[*]').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('\\[(?:\\d+|"(?:[^"\\\\]|\\\\.)*")\\]')}$`);
}

function isEmpty(v: Value): boolean {
  return v === null || (Array.isArray(v) && v.length === 0) || (isObjectValue(v) && Object.keys(v).length === 0);
}

function sameScalar(a: Value, b: Value): boolean {
  if (a === b) return true;
  const scalar = (x: Value) => typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean';
  if (scalar(a) && scalar(b) && typeof a !== typeof b) return String(a) === String(b);
  return false;
}

/** Two strings holding the same JSON object or array (key order and spacing aside). */
function sameJson(a: Value, b: Value): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || !/^\s*[[{]/.test(a) || !/^\s*[[{]/.test(b)) return false;
  try {
    return canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
  } catch {
    return false;
  }
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The AWS provider plans aws_instance.user_data as the SHA-1 (hex) of the text. */
function sameUserData(a: Value, b: Value): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || !/^[0-9a-f]{40}$/.test(b)) return false;
  return createHash('sha1').update(a).digest('hex') === b;
}

/** A sort key for a set element: canonical JSON with unknowns as one marker. */
function setKey(v: Value): string {
  if (isUnknown(v)) return '\u0000unknown';
  if (Array.isArray(v)) return `[${v.map(setKey).join(',')}]`;
  if (isObjectValue(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${setKey(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

function sortByKey(items: Value[]): Value[] {
  return items.map((v) => [setKey(v), v] as const).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map(([, v]) => v);
}

/** The values with every set (by the schema) in one canonical order, inner sets first. */
function sortSets(values: ObjectValue, schema: BlockSchema): ObjectValue {
  const out: ObjectValue = { ...values };
  for (const [name, attr] of Object.entries(schema.attributes)) {
    if (out[name] !== undefined) out[name] = sortTyped(out[name], attr.type);
  }
  for (const [name, block] of Object.entries(schema.blocks)) {
    const v = out[name];
    if (!Array.isArray(v)) continue;
    const inner = v.map((item) => (isObjectValue(item) && !isUnknown(item) ? sortSets(item, block) : item));
    out[name] = block.nesting === 'set' ? sortByKey(inner) : inner;
  }
  return out;
}

function sortTyped(v: Value, t: TypeSpec): Value {
  if (typeof t === 'string' || isUnknown(v) || v === null) return v;
  if (t[0] === 'object') {
    if (!isObjectValue(v)) return v;
    const fields = t[1] as Record<string, TypeSpec>;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fields[k] ? sortTyped(x, fields[k]) : x]));
  }
  const element = t[1] as TypeSpec;
  if (t[0] === 'map') return isObjectValue(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sortTyped(x, element)])) : v;
  if (!Array.isArray(v)) return v;
  const inner = v.map((x) => sortTyped(x, element));
  return t[0] === 'set' ? sortByKey(inner) : inner;
}

function join(a: string, b: string): string {
  return a === '' ? b : `${a}.${b}`;
}

const HEADINGS: Record<DiffKind, string> = {
  'only-in-ours': 'only in the static evaluation',
  'only-in-plan': "only in terraform's plan",
  'value-differs': 'values that differ',
  'known-ours-unknown-plan': "known in the static evaluation, unknown in terraform's plan",
  'unknown-ours-known-plan': "unknown in the static evaluation, known in terraform's plan",
  'attribute-only-in-ours': "attributes only the static evaluation sets",
  'attribute-only-in-plan': "attributes only terraform's plan sets (provider defaults and computed values)",
};

/** The report a person reads: disagreements grouped by kind, then a one-line verdict. */
export function formatDiff(d: StackDiff, opts: { oursLabel: string; theirsLabel: string; verbose?: boolean }): string {
  const lines = [`${opts.oursLabel} (static evaluation) vs ${opts.theirsLabel} (terraform's plan)`];
  lines.push(`compared ${d.compared.resources} resources in both, ${d.compared.attributes} values`);
  const kinds = Object.keys(HEADINGS) as DiffKind[];
  for (const kind of kinds) {
    const group = d.entries.filter((e) => e.kind === kind);
    if (group.length === 0) continue;
    if (kind === 'attribute-only-in-plan' && !opts.verbose) {
      lines.push('', `${HEADINGS[kind]}: ${group.length} (not a disagreement; --verbose lists them)`);
      continue;
    }
    lines.push('', `${HEADINGS[kind]} (${group.length}):`);
    for (const e of group) {
      const where = e.attribute !== undefined ? `${e.address}  ${e.attribute || '(whole value)'}` : e.address;
      const values =
        kind === 'value-differs' || kind === 'known-ours-unknown-plan' || kind === 'unknown-ours-known-plan'
          ? `: ours ${show(e.ours)}, terraform's ${show(e.theirs)}`
          : e.ours !== undefined
            ? `: ${show(e.ours)}`
            : e.theirs !== undefined
              ? `: ${show(e.theirs)}`
              : '';
      lines.push(`  ${where}${values}`);
    }
  }
  const disagreements = d.entries.filter((e) => DISAGREEMENTS.includes(e.kind)).length;
  lines.push('', d.agree ? 'result: the static evaluation agrees with terraform' : `result: ${disagreements} disagreement${disagreements === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}

function show(v: Value | undefined): string {
  if (v === undefined) return '(absent)';
  if (isUnknown(v)) return `(${v.reason})`;
  const text = JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
