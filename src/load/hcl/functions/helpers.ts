/**
 * The machinery every function family shares: argument checking and conversion the way terraform's
 * function layer (cty) does it, unknown propagation, terraform's number-to-string rule, equality,
 * set ordering and grapheme-aware string length.
 */
import { Unknown, isObjectValue, type ObjectValue, type Origin, type Value } from '../../../model/value.js';
import { FunctionError, type FunctionContext, type TfFunction } from './types.js';

/** How a parameter's argument is checked and converted before the implementation sees it. */
export type ParamKind =
  | 'any' // any value, untouched
  | 'string'
  | 'number'
  | 'bool'
  | 'list' // list, tuple or set → array (elements of one primitive kind unified, as cty's list conversion does)
  | 'list:string'
  | 'list:number'
  | 'list:bool'
  | 'map' // map or object → object
  | 'map:string';

export interface Param {
  name: string;
  kind: ParamKind;
  /** null is passed through instead of being an error */
  allowNull?: boolean;
}

export interface FunctionSpec {
  params: Param[];
  /** a variadic last parameter */
  variadic?: Param;
  /**
   * The implementation sees unknown arguments (and nested unknowns) itself. Without it, any unknown
   * anywhere in the arguments makes the result unknown, which is what terraform does for functions
   * that cannot say anything about a partly-known value.
   */
  allowUnknown?: boolean;
  // arguments arrive checked and converted per `params`, so each implementation types its own tuple
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  impl: (args: any, ctx: FunctionContext, name: string) => Value | Promise<Value>;
}

/** Build a TfFunction from a spec; the name is bound when the family's table is assembled. */
export function defineFunctions(table: Record<string, FunctionSpec>): Record<string, TfFunction> {
  const out: Record<string, TfFunction> = {};
  for (const [name, spec] of Object.entries(table)) out[name] = bind(name, spec);
  return out;
}

function bind(name: string, spec: FunctionSpec): TfFunction {
  const min = spec.params.length;
  return (args: Value[], ctx: FunctionContext) => {
    if (args.length < min || (!spec.variadic && args.length > min)) {
      const want = spec.variadic ? `at least ${min}` : `${min}`;
      throw fail(name, `expected ${want} argument${min === 1 && !spec.variadic ? '' : 's'}, got ${args.length}`);
    }
    // a set whose size is not known is, to a function, an unknown value (terraform's length, tolist,
    // sort, one … of it are unknown); only for expressions and splats iterate its elements
    args = args.map((arg) => setSizeUnknown(arg) ?? arg);
    if (!spec.allowUnknown) {
      const unknown = unknownFrom(args);
      if (unknown) return unknown;
    }
    const converted = args.map((arg, i) => {
      const param = i < min ? spec.params[i]! : spec.variadic!;
      if (arg === null) {
        if (param.allowNull) return null;
        throw fail(name, `argument ${i + 1} (${param.name}) must not be null`);
      }
      if (arg instanceof Unknown) return arg;
      try {
        return convertParam(arg, param.kind);
      } catch (e) {
        if (e instanceof ConversionError) throw fail(name, `invalid value for "${param.name}": ${e.message}`);
        throw e;
      }
    });
    const result = spec.impl(converted, ctx, name);
    return result instanceof Promise ? result.then(nfc) : nfc(result);
  };
}

/**
 * Results as terraform holds them: every string in Unicode normal form C (`jsondecode("\"\\u212a\"")` is
 * "K"), and no negative zero.
 */
function nfc(v: Value): Value {
  if (typeof v === 'string') return v.normalize('NFC');
  if (Object.is(v, -0)) return 0; // a negative zero is 0 in every value terraform writes out
  if (Array.isArray(v)) {
    let changed = false;
    const out = v.map((e) => {
      const n = nfc(e);
      if (n !== e) changed = true;
      return n;
    });
    return changed ? keepSetSize(v, out) : v;
  }
  if (isObjectValue(v)) {
    let changed = false;
    const out: ObjectValue = {};
    for (const [k, e] of Object.entries(v)) {
      const nk = k.normalize('NFC');
      const ne = nfc(e);
      if (nk !== k || ne !== e) changed = true;
      out[nk] = ne;
    }
    return changed ? out : v;
  }
  return v;
}

/** `name(): message` — the evaluator prefixes file:line. */
export function fail(name: string, message: string): FunctionError {
  return new FunctionError(message, name);
}

export class ConversionError extends Error {}

function convertParam(v: Value, kind: ParamKind): Value {
  switch (kind) {
    case 'any':
      return v;
    case 'string':
      return toStringValue(v).normalize('NFC');
    case 'number':
      return toNumberValue(v);
    case 'bool':
      return toBoolValue(v);
    case 'list':
      return toListValue(v);
    case 'list:string':
      return toListOf(v, toStringValue);
    case 'list:number':
      return toListOf(v, toNumberValue);
    case 'list:bool':
      return toListOf(v, toBoolValue);
    case 'map':
      if (!isObjectValue(v)) throw new ConversionError(`${typeName(v)} given, map or object required`);
      return v;
    case 'map:string': {
      if (!isObjectValue(v)) throw new ConversionError(`${typeName(v)} given, map of string required`);
      const out: ObjectValue = {};
      for (const [k, e] of Object.entries(v)) out[k] = e === null || e instanceof Unknown ? e : toStringValue(e);
      return out;
    }
  }
}

function toListOf(v: Value, conv: (e: Value) => Value): Value[] {
  if (!Array.isArray(v)) throw new ConversionError(`${typeName(v)} given, list required`);
  return v.map((e) => (e === null || e instanceof Unknown ? e : conv(e)));
}

export function typeName(v: Value): string {
  if (v === null) return 'null';
  if (v instanceof Unknown) return 'unknown value';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

// ---------------------------------------------------------------------------------------------
// Conversions (cty's convert package, restricted to what JSON-like values can tell apart)

export function toStringValue(v: Value): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  throw new ConversionError(`string required, but have ${typeName(v)}`);
}

export function toNumberValue(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = parseNumberString(v);
    if (n === undefined) throw new ConversionError(`a number is required, but "${v}" is not a number`);
    return n;
  }
  throw new ConversionError(`number required, but have ${typeName(v)}`);
}

/** cty accepts decimal numbers with optional sign, fraction and exponent; nothing else. */
export function parseNumberString(s: string): number | undefined {
  if (!/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(s)) return undefined;
  return Number(s);
}

export function toBoolValue(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new ConversionError(`bool required, but have ${typeName(v)}${typeof v === 'string' ? ` "${v}"` : ''}`);
}

/**
 * Convert a sequence to a list the way cty does for `list(any)` parameters: when the elements mix
 * primitive kinds that unify to string (string with number or bool), all become strings.
 */
function toListValue(v: Value): Value[] {
  if (!Array.isArray(v)) throw new ConversionError(`${typeName(v)} given, list required`);
  return unifyElements(v);
}

export function unifyElements(list: Value[]): Value[] {
  const kinds = new Set<string>();
  for (const e of list) {
    if (e === null || e instanceof Unknown) continue;
    kinds.add(Array.isArray(e) ? 'list' : typeof e);
  }
  if (kinds.size === 1 && kinds.has('list')) return unifyNestedLists(list);
  if (kinds.size === 1 && kinds.has('object')) return unifyObjects(list);
  if (kinds.size <= 1) return list;
  const primitive = [...kinds].every((k) => k === 'string' || k === 'number' || k === 'boolean');
  if (primitive && kinds.has('string')) {
    return list.map((e) => (e === null || e instanceof Unknown ? e : toStringValue(e)));
  }
  throw new ConversionError(`all elements must have the same type, but they mix ${[...kinds].map((k) => (k === 'object' ? 'object' : k === 'boolean' ? 'bool' : k)).join(' and ')}`);
}

/** Objects with the same attributes: each attribute unifies across them (`[{a=1}, {a="x"}]` → strings). */
function unifyObjects(list: Value[]): Value[] {
  const objects = list.filter(isObjectValue);
  const keys = Object.keys(objects[0]!).sort();
  const same = objects.every((o) => {
    const k = Object.keys(o).sort();
    return k.length === keys.length && k.every((x, i) => x === keys[i]);
  });
  if (!same) return list;
  const columns = new Map(keys.map((k) => [k, unifyElements(objects.map((o) => o[k]!))]));
  let row = 0;
  return list.map((e) => {
    if (!isObjectValue(e)) return e;
    const out: ObjectValue = {};
    for (const k of keys) out[k] = columns.get(k)![row]!;
    row++;
    return out;
  });
}

/** Sequences of sequences: the inner elements unify together (`[[1], ["a"]]` → `[["1"], ["a"]]`). */
function unifyNestedLists(list: Value[]): Value[] {
  const inner = list.flatMap((e) => (Array.isArray(e) ? e : []));
  const unified = unifyElements(inner);
  if (unified === inner) return list;
  let k = 0;
  return list.map((e) => {
    if (!Array.isArray(e)) return e;
    const part = unified.slice(k, k + e.length);
    k += e.length;
    return part;
  });
}

// ---------------------------------------------------------------------------------------------
// Unknown propagation

/** The unknown anywhere inside these values, merged into one, or undefined when all are known. */
export function unknownFrom(values: readonly Value[]): Unknown | undefined {
  const found: Unknown[] = [];
  const walk = (v: Value): void => {
    if (v instanceof Unknown) found.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (isObjectValue(v)) Object.values(v).forEach(walk);
  };
  values.forEach(walk);
  if (found.length === 0) return undefined;
  return mergeUnknowns(found);
}

export function mergeUnknowns(found: readonly Unknown[]): Unknown {
  if (found.length === 1) return found[0]!;
  const origins: Origin[] = [];
  const seen = new Set<string>();
  for (const u of found) {
    for (const o of u.origins) {
      const key = `${o.address}\u0000${o.attribute}`;
      if (!seen.has(key)) {
        seen.add(key);
        origins.push(o);
      }
    }
  }
  return new Unknown(found[0]!.reason, origins);
}

// ---------------------------------------------------------------------------------------------
// Numbers

/**
 * Terraform prints numbers in plain decimal notation with no trailing zeros and no exponent
 * (`1e21` → `1000000000000000000000`, `1e-7` → `0.0000001`, `5.0` → `5`).
 */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  if (Object.is(n, -0)) return '-0';
  // the shortest decimal that is this double: what a number written in a configuration reads as
  return expandExponent(String(n));
}

/** `1.5e-7` → `0.00000015`, `1.5e+22` → `15000000000000000000000`. */
function expandExponent(s: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?e([-+]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac = '', expText] = m;
  const exp = Number(expText);
  const digits = int! + frac;
  const point = int!.length + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  out = out.replace(/^0+(?=\d)/, '');
  if (out.includes('.')) out = out.replace(/\.?0+$/, '');
  return sign + out;
}

export function requireInteger(name: string, what: string, n: number): number {
  if (!Number.isInteger(n)) throw fail(name, `${what} must be a whole number, got ${formatNumber(n)}`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Strings

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Terraform measures and slices strings in user-perceived characters (grapheme clusters), after NFC. */
export function graphemes(s: string): string[] {
  return Array.from(segmenter.segment(s.normalize('NFC')), (seg) => seg.segment);
}

// ---------------------------------------------------------------------------------------------
// Equality and sets

/** Deep equality of two known values (terraform's `==` on values of the same type). */
export function valueEquals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((e, i) => valueEquals(e, b[i]!));
  }
  if (isObjectValue(a)) {
    if (!isObjectValue(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && valueEquals(a[k]!, b[k]!));
  }
  return false;
}

/** A stable key for a known value, for de-duplication. Keys are sorted so objects compare by content. */
export function valueKey(v: Value): string {
  if (v instanceof Unknown) return '?';
  if (Array.isArray(v)) return `[${v.map(valueKey).join(',')}]`;
  if (isObjectValue(v)) return `{${sortedKeys(v).map((k) => `${JSON.stringify(k)}:${valueKey(v[k]!)}`).join(',')}}`;
  return JSON.stringify(v);
}

/** Keys in terraform's order: lexicographic by UTF-8 bytes (JS objects put integer-like keys first). */
export function sortedKeys(o: ObjectValue): string[] {
  return Object.keys(o).sort(compareStrings);
}

/** Byte-wise (UTF-8) comparison, which equals code-point order. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/**
 * A set as terraform holds it (cty's set order): distinct elements, strings in lexicographic order,
 * numbers in numeric order, false before true, other values by cty's hash string; unknown elements
 * last (two unknowns are never the same element).
 */
export function makeSet(list: readonly Value[]): Value[] {
  const seen = new Set<string>();
  const known: Value[] = [];
  const unknown: Value[] = [];
  for (const e of list) {
    if (e instanceof Unknown) {
      unknown.push(e);
      continue;
    }
    const k = valueKey(e);
    if (seen.has(k)) continue;
    seen.add(k);
    known.push(e);
  }
  const nonNull = known.filter((e) => e !== null);
  const nulls = known.length - nonNull.length;
  let sorted: Value[];
  if (nonNull.every((e) => typeof e === 'string')) sorted = (nonNull as string[]).sort(compareStrings);
  else if (nonNull.every((e) => typeof e === 'number')) sorted = (nonNull as number[]).sort((a, b) => a - b);
  else if (nonNull.every((e) => typeof e === 'boolean')) sorted = (nonNull as boolean[]).sort((a, b) => Number(a) - Number(b));
  else {
    const keyed = nonNull.map((e) => [setHashString(e), e] as const);
    keyed.sort(([a], [b]) => compareStrings(a, b));
    sorted = keyed.map(([, e]) => e);
  }
  const set = [...sorted, ...Array<Value>(nulls).fill(null), ...unknown];
  Object.defineProperty(set, SET, { value: true, enumerable: false });
  const unknownInside = set.length > 1 ? unknownFrom(set) : undefined;
  if (unknownInside) Object.defineProperty(set, SET_SIZE_UNKNOWN, { value: unknownInside, enumerable: false });
  return set;
}

/**
 * Values carry no types, so a list made as a set (toset, a set-typed variable, setunion…) is
 * marked: a `for` expression or a `dynamic` block over a set binds each element as its own key
 * (`{ for k, v in toset(["p"]) : k => v }` is `{ p = "p" }`), where a list gives indices.
 * A copy (tolist, concat, a `[for …]`) is a list again.
 */
const SET = Symbol('set');

/** Whether a value was made as a set. */
export function isSetValue(v: Value | undefined): boolean {
  return Array.isArray(v) && (v as unknown as Record<symbol, boolean | undefined>)[SET] === true;
}

/** Each element's key when iterating: its index in a list, itself in a set. */
export function iterationEntries(v: Value[]): [Value, Value][] {
  return isSetValue(v) ? v.map((e) => [e, e]) : v.map((e, i) => [i, e]);
}

/**
 * Values carry no set type, so a set holding an unknown (and more than one element) is marked: its
 * size is unknown, because the unknown may turn out equal to another element and the two collapse
 * into one (`length(toset(["a", aws_instance.x.id]))` is unknown in terraform, never 2).
 */
const SET_SIZE_UNKNOWN = Symbol('set size unknown');

/** The unknown a set of unknown size stands for as a whole, or undefined for any other value. */
export function setSizeUnknown(v: Value | undefined): Unknown | undefined {
  return Array.isArray(v) ? ((v as unknown as Record<symbol, Unknown | undefined>)[SET_SIZE_UNKNOWN]) : undefined;
}

function keepSetSize(from: Value[], to: Value[]): Value[] {
  const u = setSizeUnknown(from);
  if (u) Object.defineProperty(to, SET_SIZE_UNKNOWN, { value: u, enumerable: false });
  if (isSetValue(from)) Object.defineProperty(to, SET, { value: true, enumerable: false });
  return to;
}

/** cty's set hash string (appendSetHashBytes), with sequences as lists and objects as objects. */
function setHashString(v: Value): string {
  if (v instanceof Unknown) return '?';
  if (v === null) return '~';
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  if (typeof v === 'number') return String(Number(v.toPrecision(10)));
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((e) => setHashString(e) + ';').join('')}]`;
  return `<${sortedKeys(v)
    .map((k) => setHashString(v[k]!) + ';')
    .join('')}>`;
}

// ---------------------------------------------------------------------------------------------
// Decimal arithmetic: terraform computes with 512-bit floats on the decimal values as written, so
// 0.1 + 0.2 is 0.3 there. Exact decimal arithmetic on the shortest representations gives the same.

interface Decimal {
  m: bigint;
  e: number; // value = m × 10^e
}

function toDecimal(n: number): Decimal {
  const [mant, exp = '0'] = n.toExponential().split('e');
  const [int, frac = ''] = mant!.split('.');
  return { m: BigInt(int! + frac), e: Number(exp) - frac.length };
}

function fromDecimal(d: Decimal): number {
  return Number(`${d.m}e${d.e}`);
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const e = Math.min(a.e, b.e);
  return [a.m * 10n ** BigInt(a.e - e), b.m * 10n ** BigInt(b.e - e), e];
}

/** a + b as terraform computes it for decimal inputs. */
export function decimalAdd(a: number, b: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a + b;
  const [x, y, e] = align(toDecimal(a), toDecimal(b));
  return fromDecimal({ m: x + y, e });
}

/** a × b as terraform computes it for decimal inputs. */
export function decimalMul(a: number, b: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a * b;
  const x = toDecimal(a);
  const y = toDecimal(b);
  return fromDecimal({ m: x.m * y.m, e: x.e + y.e });
}
