/**
 * Factories of the aws-apply pack: a constraint AWS (or the provider) enforces when the call is
 * made, declared as data — "this string matches that charset and length", "this number is in that
 * range or set", "these arguments agree". Each rule's rationale carries the documentation sentence
 * it enforces and where it is published, so a SARIF reader needs nothing else.
 *
 * Unknown strings are judged by their domain (src/model/domains.ts): a random_password result that
 * may contain `%` fails a charset that forbids `%`; one drawn only from allowed characters passes;
 * anything whose shape is not known stays unknown.
 */
import type { Severity } from '../../../check/types.js';
import { domainAlphabet, domainLength, domainPrefix, isUnknown, originReader, resolveDomain, type StringDomain, type Unknown, type Value } from '../../../model/index.js';
import type { Resource } from '../../../model/resource.js';
import type { Outcome, ResourceRule, RuleContext } from '../../types.js';
import { notApplying, type Applies } from '../../factories.js';
import { asNumber, isComputedDefault, read, unknownAt } from '../../values.js';

/** Where a constraint is written down: the sentence quoted, and the page it is quoted from. */
export interface Source {
  quote: string;
  url: string;
}

export interface ApplyMeta {
  id: string;
  title: string;
  /** error: AWS refuses the call; warning: it applies, and fails later (replacement, rebuild, rotation). */
  severity?: Severity;
  /** Why it matters here, one or two sentences, before the quoted source. */
  why: string;
  source: Source;
  fix: string;
  resourceTypes: string[];
  judgedTypes?: string[];
  /** The aws provider rejects a violating literal during `terraform validate`/`plan` (proven by tests/policy/apply-terraform.test.ts). */
  providerValidates?: boolean;
}

/** The RuleBase fields of an ApplyMeta: rationale = why + the quoted source. */
export function ruleBase(meta: ApplyMeta): Omit<ResourceRule, 'check'> {
  return {
    id: meta.id,
    title: meta.title,
    severity: meta.severity ?? 'error',
    rationale: `${meta.why} Source: "${meta.source.quote}" (${meta.source.url}).`,
    fix: meta.fix,
    resourceTypes: meta.resourceTypes,
    ...(meta.judgedTypes ? { judgedTypes: meta.judgedTypes } : {}),
    ...(meta.providerValidates ? { providerValidates: true } : {}),
  };
}

/** A rule of this pack: its base plus a check. */
export function applyRule(meta: ApplyMeta, check: ResourceRule['check']): ResourceRule {
  return { ...ruleBase(meta), check };
}

// ---- reading ---------------------------------------------------------------------------------

/**
 * Every value at a path whose segments may be `*` (each element of a list, each instance of a
 * block): `ingress.*.description` → [{ path: 'ingress.0.description', value }, …]. A provider
 * default the configuration does not set reads as absent.
 */
export function valuesAt(r: Resource, path: string): { path: string; value: Value | undefined }[] {
  const out: { path: string; value: Value | undefined }[] = [];
  const walk = (cur: Value | undefined, parts: string[], at: string[]): void => {
    if (parts.length === 0) {
      const p = at.join('.');
      out.push({ path: p, value: isComputedDefault(r, p, cur) ? undefined : cur });
      return;
    }
    const [head, ...rest] = parts as [string, ...string[]];
    if (head === '*') {
      if (isUnknown(cur)) {
        out.push({ path: at.join('.'), value: isComputedDefault(r, at.join('.'), cur) ? undefined : cur });
        return;
      }
      const items = Array.isArray(cur) ? cur : cur !== undefined && cur !== null && typeof cur === 'object' ? [cur] : [];
      items.forEach((item, i) => walk(item, rest, [...at, String(i)]));
      return;
    }
    if (isUnknown(cur)) {
      walk(cur, [], at.concat(parts));
      return;
    }
    walk(read(cur, head), rest, [...at, head]);
  };
  walk(r.values, path.split('.'), []);
  return out;
}

/** The one value at a plain path (no `*`), provider defaults read as absent. */
export function valueAt(r: Resource, path: string): Value | undefined {
  return valuesAt(r, path)[0]?.value;
}

/** The one "not known before apply" outcome (policy/values.ts), under the name the apply rules use. */
export const unknownOutcome = unknownAt;

// ---- strings ---------------------------------------------------------------------------------

export interface StringSpec {
  min?: number;
  max?: number;
  /** Every character must be one of these (a string of characters, or a predicate with its name). */
  charset?: { allowed: string | ((ch: string) => boolean); label: string };
  /** Known values only: a format the whole value must match. */
  pattern?: { re: RegExp; label: string };
  /** Known values only: must not start with one of these. */
  forbiddenPrefixes?: string[];
  /** Known values only: a further condition, returning why it fails. */
  also?: (s: string) => string | undefined;
}

/** Printable ASCII (0x20-0x7E). */
export const PRINTABLE_ASCII = (ch: string): boolean => ch >= ' ' && ch <= '~';
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function allowedFn(c: NonNullable<StringSpec['charset']>): (ch: string) => boolean {
  return typeof c.allowed === 'string' ? (ch) => (c.allowed as string).includes(ch) : c.allowed;
}

/** Judge one string value (known, or unknown with a domain) against a spec. */
export function judgeString(value: Value | undefined, spec: StringSpec, path: string, r: Resource, ctx: RuleContext): Outcome | undefined {
  if (value === undefined || value === null) return undefined;
  if (isUnknown(value)) {
    const domain = resolveDomain(value, originReader(ctx.index, r));
    return domain ? judgeDomain(domain, value, spec, path) : unknownOutcome(path, value);
  }
  if (typeof value !== 'string') return undefined;
  const shown = value.length > 60 ? `${JSON.stringify(value.slice(0, 60))}…` : JSON.stringify(value);
  const len = [...value].length;
  if (spec.min !== undefined && len < spec.min) return fail(path, `${path} ${shown} has ${len} characters; at least ${spec.min} are required`);
  if (spec.max !== undefined && len > spec.max) return fail(path, `${path} ${shown} has ${len} characters; at most ${spec.max} are allowed`);
  if (spec.charset) {
    const ok = allowedFn(spec.charset);
    const bad = [...new Set([...value].filter((ch) => !ok(ch)))];
    if (bad.length) return fail(path, `${path} ${shown} contains ${bad.map((c) => JSON.stringify(c)).join(' ')}; only ${spec.charset.label} are allowed`);
  }
  if (spec.forbiddenPrefixes) {
    const p = spec.forbiddenPrefixes.find((x) => value.startsWith(x));
    if (p) return fail(path, `${path} ${shown} starts with ${JSON.stringify(p)}, which is not allowed`);
  }
  if (spec.pattern && !spec.pattern.re.test(value)) return fail(path, `${path} ${shown} is not ${spec.pattern.label}`);
  const more = spec.also?.(value);
  if (more) return fail(path, `${path} ${shown}: ${more}`);
  return { verdict: 'pass', path, message: `${path} ${shown} holds` };
}

function judgeDomain(domain: StringDomain, u: Unknown, spec: StringSpec, path: string): Outcome {
  const { min, max } = domainLength(domain);
  const shape = describeShape(domain);
  if (spec.max !== undefined && min > spec.max) return fail(path, `${path} (${shape}) has at least ${min} characters; at most ${spec.max} are allowed`);
  if (spec.min !== undefined && max !== undefined && max < spec.min) return fail(path, `${path} (${shape}) has at most ${max} characters; at least ${spec.min} are required`);
  const alphabet = domainAlphabet(domain);
  if (spec.charset && alphabet) {
    const ok = allowedFn(spec.charset);
    const bad = [...alphabet].filter((ch) => !ok(ch));
    if (bad.length) return fail(path, `${path} (${shape}) may contain ${bad.map((c) => JSON.stringify(c)).join(' ')}; only ${spec.charset.label} are allowed`);
  }
  const prefix = domainPrefix(domain);
  const p = spec.forbiddenPrefixes?.find((x) => prefix.startsWith(x));
  if (p) return fail(path, `${path} (${shape}) starts with ${JSON.stringify(p)}, which is not allowed`);
  const lengthOk = (spec.min === undefined || min >= spec.min) && (spec.max === undefined || (max !== undefined && max <= spec.max));
  const charsetOk = !spec.charset || alphabet !== undefined;
  const prefixOk = !spec.forbiddenPrefixes || spec.forbiddenPrefixes.every((x) => prefix.length >= x.length || !x.startsWith(prefix));
  if (lengthOk && charsetOk && prefixOk && !spec.pattern && !spec.also) return { verdict: 'pass', path, message: `${path} (${shape}) holds for every value it can take` };
  return unknownOutcome(path, u, `${path} is not known before apply and its known shape (${shape}) does not decide the rule`);
}

function describeShape(d: StringDomain): string {
  return d.segments
    .map((s) => {
      if (s.kind === 'literal') return JSON.stringify(s.text);
      if (s.kind === 'symbol') return `${s.origin.address}${s.origin.attribute ? `.${s.origin.attribute}` : ''}`;
      const n = s.max === undefined ? `${s.min}+` : s.min === s.max ? `${s.min}` : `${s.min}-${s.max}`;
      return s.alphabet === undefined ? `${n} characters` : `${n} characters of ${JSON.stringify(s.alphabet.length > 40 ? `${s.alphabet.slice(0, 40)}…` : s.alphabet)}`;
    })
    .join(' + ');
}

function fail(path: string, message: string): Outcome {
  return { verdict: 'fail', path, message };
}

export type { Applies };

/**
 * A rule that judges every value at `paths` (wildcards allowed) on its own; unset values are not
 * judged. The one loop behind stringRule and numberRule.
 */
function perValueRule(
  meta: ApplyMeta,
  paths: string[],
  judge: (value: Value | undefined, path: string, r: Resource, ctx: RuleContext) => Outcome | undefined,
  applies: Applies | undefined,
): ResourceRule {
  return applyRule(meta, (r, ctx) => {
    const skip = notApplying(applies, r, ctx);
    if (skip) return skip;
    const out: Outcome[] = [];
    for (const p of paths) {
      for (const { path, value } of valuesAt(r, p)) {
        const o = judge(value, path, r, ctx);
        if (o) out.push(failWithFix(o, meta.fix));
      }
    }
    return out.length ? out : { verdict: 'not-applicable', message: `${paths.join(', ')} not set` };
  });
}

/** Every value at `paths` (wildcards allowed) must satisfy `spec`; unset values are not judged. */
export function stringRule(meta: ApplyMeta, paths: string[], spec: StringSpec, opts: { applies?: Applies } = {}): ResourceRule {
  return perValueRule(meta, paths, (value, path, r, ctx) => judgeString(value, spec, path, r, ctx), opts.applies);
}

function failWithFix(o: Outcome, fix: string): Outcome {
  return o.verdict === 'fail' ? { ...o, message: `${o.message}. ${fix}` } : o;
}

// ---- numbers ---------------------------------------------------------------------------------

export interface NumberSpec {
  min?: number;
  max?: number;
  integer?: boolean;
  oneOf?: number[];
  /** A further condition, returning why it fails. */
  also?: (n: number) => string | undefined;
}

export function judgeNumber(value: Value | undefined, spec: NumberSpec, path: string): Outcome | undefined {
  if (value === undefined || value === null) return undefined;
  if (isUnknown(value)) return unknownOutcome(path, value);
  const n = asNumber(value);
  if (n === undefined) return undefined;
  if (spec.integer && !Number.isInteger(n)) return fail(path, `${path} is ${n}; it must be a whole number`);
  if (spec.oneOf && !spec.oneOf.includes(n)) return fail(path, `${path} is ${n}; it must be one of ${spec.oneOf.join(', ')}`);
  if (spec.min !== undefined && n < spec.min) return fail(path, `${path} is ${n}; it must be at least ${spec.min}`);
  if (spec.max !== undefined && n > spec.max) return fail(path, `${path} is ${n}; it must be at most ${spec.max}`);
  const more = spec.also?.(n);
  if (more) return fail(path, `${path} is ${n}; ${more}`);
  return { verdict: 'pass', path, message: `${path} is ${n}` };
}

export function numberRule(meta: ApplyMeta, paths: string[], spec: NumberSpec, opts: { applies?: Applies } = {}): ResourceRule {
  return perValueRule(meta, paths, (value, path) => judgeNumber(value, spec, path), opts.applies);
}

/** A string that must be one of a set (case-sensitive unless told). */
export function enumRule(meta: ApplyMeta, paths: string[], allowed: string[], opts: { applies?: Applies; ignoreCase?: boolean } = {}): ResourceRule {
  const norm = (s: string) => (opts.ignoreCase ? s.toLowerCase() : s);
  const set = new Set(allowed.map(norm));
  return stringRule(meta, paths, { also: (s) => (set.has(norm(s)) ? undefined : `it must be one of ${allowed.join(', ')}`) }, opts);
}

// ---- several arguments -----------------------------------------------------------------------

/**
 * The known values of `paths` (plain paths), or the unknown outcome of the first unknown one.
 * Absent values read as undefined (or as `defaults[path]`).
 */
export function knownValues(r: Resource, paths: string[], defaults: Record<string, Value> = {}): Record<string, Value | undefined> | Outcome {
  const out: Record<string, Value | undefined> = {};
  for (const p of paths) {
    const v = valueAt(r, p);
    if (isUnknown(v)) return unknownOutcome(p, v);
    out[p] = v === undefined || v === null ? defaults[p] : v;
  }
  return out;
}

export function isOutcome(x: unknown): x is Outcome {
  return typeof x === 'object' && x !== null && 'verdict' in x && typeof (x as Outcome).verdict === 'string';
}
