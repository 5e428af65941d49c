/**
 * Rule factories: most rules are declarations ("attribute must equal", "must not be", "must be at
 * least", "must be tagged"). Each factory returns a plain ResourceRule, so a rule file reads as
 * its id, its why and its one condition.
 */
import type { Severity } from '../check/types.js';
import type { Resource } from '../model/resource.js';
import { isUnknown, type Value } from '../model/value.js';
import type { Outcome, ResourceRule, RuleContext } from './types.js';
import { asNumber, describe, readSet, unknownAt } from './values.js';

export interface RuleMeta {
  id: string;
  title: string;
  severity?: Severity;
  rationale: string;
  fix: string;
  resourceTypes: string[];
}

/**
 * Whether the rule applies to this resource: `true`, a sentence saying why not (reported as
 * not-applicable, so the report shows the rule looked), or an outcome that decides it instead —
 * `unknown` when what decides applicability is not known before apply (never a silent n/a).
 */
export type Applies = (r: Resource, ctx: RuleContext) => true | string | Outcome;

/** The outcome that stands in for the rule's own check when it does not apply; undefined when it does. */
function notApplying(applies: Applies | undefined, r: Resource, ctx: RuleContext): Outcome | undefined {
  const a = applies?.(r, ctx) ?? true;
  if (a === true) return undefined;
  return typeof a === 'string' ? { verdict: 'not-applicable', message: a } : a;
}

export interface AttributeSpec {
  /** Dotted path; blocks by index (`metadata_options.0.http_tokens`). */
  path: string;
  /** True when a known value satisfies the rule. */
  holds: (v: Value | undefined) => boolean;
  /** What a passing value looks like, for messages: `"required"`, `true`, `>= 7`. */
  expected: string;
  /**
   * The provider/AWS default when the attribute is not set (absent in HCL, null in a plan);
   * undefined = an absent value is judged as absent.
   */
  whenAbsent?: Value;
  applies?: Applies;
}

/** One attribute judged by a predicate: the base of "must equal", "must not be", "at least". */
export function attributeRule(meta: RuleMeta, spec: AttributeSpec): ResourceRule {
  return {
    severity: 'error',
    ...meta,
    check(r, ctx): Outcome {
      const skip = notApplying(spec.applies, r, ctx);
      if (skip) return skip;
      const raw = readSet(r, spec.path);
      if (isUnknown(raw)) return unknownAt(spec.path, raw);
      const absent = raw === undefined || raw === null;
      const v = absent ? spec.whenAbsent : raw;
      if (absent && v === undefined) {
        return spec.holds(undefined)
          ? { verdict: 'pass', path: spec.path, message: `${spec.path} not set, which holds` }
          : { verdict: 'fail', path: spec.path, message: `${spec.path} is not set; it must be ${spec.expected}. ${meta.fix}` };
      }
      const shown = absent ? `not set (default ${describe(v)})` : describe(v);
      return spec.holds(v)
        ? { verdict: 'pass', path: spec.path, message: `${spec.path} is ${shown}` }
        : { verdict: 'fail', path: spec.path, message: `${spec.path} is ${shown}; it must be ${spec.expected}. ${meta.fix}` };
    },
  };
}

/** `path` must equal `expected` (booleans also accept the strings "true"/"false"). */
export function mustEqual(meta: RuleMeta, path: string, expected: Value, opts: { whenAbsent?: Value; applies?: Applies } = {}): ResourceRule {
  return attributeRule(meta, {
    path,
    expected: JSON.stringify(expected),
    holds: (v) => v === expected || (typeof expected === 'boolean' && v === String(expected)),
    ...opts,
  });
}

/** `path` must not be one of `forbidden`. */
export function mustNotBe(meta: RuleMeta, path: string, forbidden: Value[], opts: { whenAbsent?: Value; applies?: Applies } = {}): ResourceRule {
  const bad = new Set(forbidden.map((f) => JSON.stringify(f)));
  const loose = (v: Value | undefined) => (typeof v === 'string' && (v === 'true' || v === 'false') ? v === 'true' : v);
  return attributeRule(meta, {
    path,
    expected: `anything but ${[...bad].join(' or ')}`,
    holds: (v) => v === undefined || !bad.has(JSON.stringify(loose(v))),
    ...opts,
  });
}

/** Numeric `path` must be at least `min`. */
export function mustBeAtLeast(meta: RuleMeta, path: string, min: number, opts: { whenAbsent?: Value; applies?: Applies } = {}): ResourceRule {
  return attributeRule(meta, {
    path,
    expected: `>= ${min}`,
    holds: (v) => (asNumber(v) ?? -Infinity) >= min,
    ...opts,
  });
}
