/**
 * Terraform's value rules the evaluator needs: type names, conversions (number ↔ string, bool ↔
 * string), number formatting, equality, unknown merging. Pure functions, no evaluation.
 */
import { Unknown, isObjectValue, type Value } from '../../model/value.js';
import { compareStrings, formatNumber, mergeUnknowns, valueEquals } from './functions/helpers.js';

/** Terraform's word for a value's type, as used in its error messages. */
export function typeName(v: Value): string {
  if (v === null) return 'null';
  if (v instanceof Unknown) return 'unknown';
  if (Array.isArray(v)) return 'list';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    default:
      return 'object';
  }
}

/** Every Unknown inside a value (depth-first). */
export function unknownsIn(v: Value, out: Unknown[] = []): Unknown[] {
  if (v instanceof Unknown) out.push(v);
  else if (Array.isArray(v)) for (const x of v) unknownsIn(x, out);
  else if (isObjectValue(v)) for (const x of Object.values(v)) unknownsIn(x, out);
  return out;
}

/** The Unknown a traversal step into an Unknown yields: same reason, origins one step deeper. */
export function unknownStep(u: Unknown, step: string | number): Unknown {
  if (u.origins.length === 0) return u;
  return new Unknown(
    u.reason,
    u.origins.map((o) => ({ address: o.address, attribute: o.attribute === '' ? String(step) : `${o.attribute}.${step}` })),
  );
}

/** Digits after the decimal point in a number's shortest rendering. */
function decimals(n: number): number {
  const s = formatNumber(n);
  const p = s.indexOf('.');
  return p < 0 ? 0 : s.length - p - 1;
}

/**
 * Terraform computes with arbitrary-precision decimals, so `0.1 + 0.2` is `0.3`. Binary floats
 * give 0.30000000000000004; when the operands are short decimals, round the result to the
 * precision the exact decimal result has.
 */
function decimalResult(result: number, places: number): number {
  if (Number.isInteger(result) || !Number.isFinite(result) || places > 15) return result;
  const rounded = Number(result.toFixed(places));
  return Math.abs(rounded - result) <= Math.abs(result) * 1e-12 ? rounded : result;
}

export function arithmetic(op: string, a: number, b: number): number | string {
  switch (op) {
    case 'add':
      return decimalResult(a + b, Math.max(decimals(a), decimals(b)));
    case 'subtract':
      return decimalResult(a - b, Math.max(decimals(a), decimals(b)));
    case 'multiply':
      return decimalResult(a * b, decimals(a) + decimals(b));
    case 'divide':
      if (b === 0) return 'Can\'t divide by zero';
      return a / b;
    case 'modulo':
      if (b === 0) return 'Can\'t use zero as the divisor of a modulo operation';
      return decimalResult(a % b, Math.max(decimals(a), decimals(b)));
    default:
      return `unsupported arithmetic operator ${op}`;
  }
}

/**
 * Deep equality as terraform's `==` (no type conversion: `"1" == 1` is false); Unknown when it
 * cannot tell. A value that is itself known but holds unknowns (`[aws_sqs_queue.q.arn]`) still has
 * a known shape, and cty compares types before contents: against null, against a value of another
 * kind (`[arn] == true`) or an object with other attributes it is false — terraform 1.11 plans
 * these false. Otherwise it stays unknown: the model does not tell a list from a set (a set with
 * unknowns compares unknown whatever its length) nor an object from a map (cty walks an object's
 * attributes in no fixed order, so a false and an unknown attribute give either answer).
 */
export function valuesEqual(a: Value, b: Value): boolean | Unknown {
  const unknowns = [...unknownsIn(a), ...unknownsIn(b)];
  if (unknowns.length === 0) return valueEquals(a, b);
  if (a instanceof Unknown || b instanceof Unknown) return mergeUnknowns(unknowns);
  if (a === null || b === null) return false;
  if (typeName(a) !== typeName(b)) return false;
  if (isObjectValue(a) && isObjectValue(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length || ka.some((k) => !Object.prototype.hasOwnProperty.call(b, k))) return false;
  }
  return mergeUnknowns(unknowns);
}

/** Map keys (and object attributes) in terraform's iteration order: lexical by code point. */
export function sortedKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).sort(compareStrings);
}
