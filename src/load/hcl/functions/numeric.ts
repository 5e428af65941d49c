/** Numeric functions: abs ceil floor log max min parseint pow signum. */
import type { Value } from '../../../model/value.js';
import { defineFunctions, fail, formatNumber, requireInteger } from './helpers.js';

export const numericFunctions = defineFunctions({
  abs: { params: [{ name: 'num', kind: 'number' }], impl: ([n]: [number]) => Math.abs(n) },
  ceil: { params: [{ name: 'num', kind: 'number' }], impl: ([n]: [number]) => Math.ceil(n) },
  floor: { params: [{ name: 'num', kind: 'number' }], impl: ([n]: [number]) => Math.floor(n) },
  log: {
    params: [
      { name: 'num', kind: 'number' },
      { name: 'base', kind: 'number' },
    ],
    impl: ([n, base]: [number, number], _ctx, name) => aNumber(name, Math.log(n) / Math.log(base)),
  },
  pow: {
    params: [
      { name: 'num', kind: 'number' },
      { name: 'power', kind: 'number' },
    ],
    impl: ([n, p]: [number, number], _ctx, name) => aNumber(name, Math.pow(n, p)),
  },
  signum: {
    params: [{ name: 'num', kind: 'number' }],
    impl: ([n]: [number], _ctx, name) => {
      requireInteger(name, 'num', n); // terraform reads the argument as a Go int
      if (Math.abs(n) >= 2 ** 63) throw fail(name, `${formatNumber(n)} is too large for an integer`);
      return n > 0 ? 1 : n < 0 ? -1 : 0;
    },
  },
  max: {
    params: [],
    variadic: { name: 'numbers', kind: 'number' },
    impl: (ns: number[], _ctx, name) => {
      if (ns.length === 0) throw fail(name, 'must have at least one number');
      return Math.max(...ns);
    },
  },
  min: {
    params: [],
    variadic: { name: 'numbers', kind: 'number' },
    impl: (ns: number[], _ctx, name) => {
      if (ns.length === 0) throw fail(name, 'must have at least one number');
      return Math.min(...ns);
    },
  },
  parseint: {
    params: [
      { name: 'number', kind: 'any' },
      { name: 'base', kind: 'number' },
    ],
    impl: ([s, base]: [Value, number], _ctx, name) => {
      if (typeof s !== 'string') throw fail(name, `first argument must be a string, not ${typeof s}`);
      if (!Number.isInteger(base) || base < 2 || base > 62) {
        throw fail(name, `base must be a whole number between 2 and 62 inclusive, got ${formatNumber(base)}`);
      }
      return parseIntBase(s, base, name);
    },
  },
});

/** Terraform has no NaN: a result that is not a number is an error. */
function aNumber(name: string, n: number): number {
  if (Number.isNaN(n)) throw fail(name, 'the result is not a number (a negative base with a fractional power, or the log of a negative number)');
  return n;
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Go's big.Int SetString semantics for bases ≤ 36 (case-insensitive) and 37–62 (case-sensitive). */
function parseIntBase(s: string, base: number, name: string): number {
  let text = s;
  let negative = false;
  if (text.startsWith('-') || text.startsWith('+')) {
    negative = text.startsWith('-');
    text = text.slice(1);
  }
  const digits = base <= 36 ? text.toLowerCase() : text;
  if (digits === '') throw fail(name, `cannot parse ${JSON.stringify(s)} as a base ${base} integer`);
  let acc = 0n;
  for (const ch of digits) {
    const d = DIGITS.indexOf(ch);
    if (d < 0 || d >= base) throw fail(name, `cannot parse ${JSON.stringify(s)} as a base ${base} integer`);
    acc = acc * BigInt(base) + BigInt(d);
  }
  return Number(negative ? -acc : acc);
}
