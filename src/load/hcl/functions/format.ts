/**
 * `format` and `formatlist`: printf-like formatting with terraform's verbs (cty stdlib format):
 * %% %v %#v %t %b %d %o %x %X %e %E %f %g %G %s %q, flags (space) + - 0 #, width, precision and
 * explicit argument indexes (`%[2]s`). Widths and string precision count grapheme clusters.
 */
import { Unknown, type Value } from '../../../model/value.js';
import {
  ConversionError,
  defineFunctions,
  fail,
  graphemes,
  toBoolValue,
  toNumberValue,
  toStringValue,
  unknownFrom,
} from './helpers.js';
import { jsonEncode } from './encoding.js';
import { FunctionError } from './types.js';
import { MAX_VALUE_SIZE, tooLargeMessage } from '../limits.js';

/** Width and precision of one verb: our bound (a padded field of a million characters is no configuration's). */
const MAX_FORMAT_WIDTH = 1_000_000;

interface Verb {
  raw: string;
  offset: number;
  argNum: number;
  mode: string;
  zero: boolean;
  sharp: boolean;
  plus: boolean;
  minus: boolean;
  space: boolean;
  width: number; // -1 when absent
  prec: number; // -1 when absent
}

const VERB = /%([ +#0-]*)(?:\[(\d+)\])?(\d*)(?:\.(\d*))?(.?)/y;

function formatString(name: string, spec: string, args: Value[]): string {
  let out = '';
  let next = 0; // index of the next implicit argument
  let reordered = false; // explicit [n] indexes turn off the unused-argument check, as in Go
  let i = 0;
  while (i < spec.length) {
    const pct = spec.indexOf('%', i);
    if (pct < 0) {
      out += spec.slice(i);
      break;
    }
    out += spec.slice(i, pct);
    if (spec[pct + 1] === '%') {
      out += '%';
      i = pct + 2;
      continue;
    }
    VERB.lastIndex = pct;
    const m = VERB.exec(spec)!;
    const [raw, flags = '', index, width, prec, mode = ''] = m;
    if (mode === '') throw fail(name, `invalid format string starting at offset ${pct}: a verb is required after %`);
    if (index !== undefined) {
      next = Number(index) - 1;
      reordered = true;
    }
    const verb: Verb = {
      raw,
      offset: pct,
      argNum: next + 1,
      mode,
      zero: flags.includes('0'),
      sharp: flags.includes('#'),
      plus: flags.includes('+'),
      minus: flags.includes('-'),
      space: flags.includes(' '),
      width: width ? Number(width) : -1,
      prec: prec === undefined ? -1 : prec === '' ? 0 : Number(prec),
    };
    if (verb.width > MAX_FORMAT_WIDTH || verb.prec > MAX_FORMAT_WIDTH) {
      throw fail(name, `invalid format string starting at offset ${pct}: width or precision larger than ${MAX_FORMAT_WIDTH.toLocaleString('en-US')}`);
    }
    next++;
    out += formatOne(name, verb, args);
    i = pct + raw.length;
  }
  if (!reordered && next < args.length) throw fail(name, `too many arguments; no verbs to consume argument ${next + 1}`);
  return out;
}

function formatOne(name: string, verb: Verb, args: Value[]): string {
  const idx = verb.argNum - 1;
  if (idx >= args.length || idx < 0) {
    throw fail(name, `not enough arguments for "${verb.raw}" at ${verb.offset}: need index ${verb.argNum} but have ${args.length} total`);
  }
  const arg = args[idx]!;
  if (verb.mode !== 'v' && arg === null) {
    throw fail(name, `unsupported value for "${verb.raw}" at ${verb.offset}: null value cannot be formatted`);
  }
  const bad = (msg: string) => fail(name, `unsupported value for "${verb.raw}" at ${verb.offset}: ${msg}`);
  const convert = <T>(f: (v: Value) => T): T => {
    try {
      return f(arg);
    } catch (e) {
      if (e instanceof ConversionError) throw bad(e.message);
      throw e;
    }
  };
  switch (verb.mode) {
    case 'v':
      if (!verb.sharp && arg !== null) {
        if (typeof arg === 'string') return padWidth(verb, arg);
        if (typeof arg === 'number') return padWidth(verb, formatFloat(arg, 'g', -1));
      }
      return padWidth(verb, jsonEncode(arg));
    case 't':
      return convert(toBoolValue) ? 'true' : 'false';
    case 'b':
    case 'd':
    case 'o':
    case 'x':
    case 'X': {
      const n = convert(toNumberValue);
      if (!Number.isInteger(n)) throw bad('an integer is required');
      return formatInteger(verb, n);
    }
    case 'e':
    case 'E':
    case 'f':
    case 'g':
    case 'G':
      return formatFloatVerb(verb, convert(toNumberValue));
    case 's':
    case 'q': {
      let s = convert(toStringValue);
      if (verb.prec > 0) s = graphemes(s).slice(0, verb.prec).join('');
      return padWidth(verb, verb.mode === 'q' ? jsonEncode(s) : s);
    }
    default:
      throw fail(name, `unsupported format verb "${verb.mode}" in "${verb.raw}" at offset ${verb.offset}`);
  }
}

function padWidth(verb: Verb, s: string): string {
  if (verb.width < 0) return s;
  const len = graphemes(s).length;
  if (len >= verb.width) return s;
  const pad = (verb.zero ? '0' : ' ').repeat(verb.width - len);
  return verb.minus ? s + pad : pad + s;
}

/** Go's big.Int formatting: [left pad][sign][prefix][zero pad][digits][right pad]. */
function formatInteger(verb: Verb, n: number): string {
  const base = { b: 2, d: 10, o: 8, x: 16, X: 16 }[verb.mode as 'b' | 'd' | 'o' | 'x' | 'X'];
  const big = BigInt(n);
  const neg = big < 0n;
  let digits = (neg ? -big : big).toString(base);
  if (verb.mode === 'X') digits = digits.toUpperCase();
  const sign = neg ? '-' : verb.plus ? '+' : verb.space ? ' ' : '';
  const prefix = verb.sharp ? ({ b: '0b', o: '0', x: '0x', X: '0X' } as Record<string, string>)[verb.mode] ?? '' : '';
  let zeros = 0;
  if (verb.prec >= 0) {
    if (digits.length < verb.prec) zeros = verb.prec - digits.length;
    else if (digits === '0' && verb.prec === 0) return '';
  }
  let left = 0;
  let right = 0;
  const length = sign.length + prefix.length + zeros + digits.length;
  if (verb.width >= 0 && length < verb.width) {
    const d = verb.width - length;
    if (verb.minus) right = d;
    else if (verb.zero && verb.prec < 0) zeros = d;
    else left = d;
  }
  return ' '.repeat(left) + sign + prefix + '0'.repeat(zeros) + digits + ' '.repeat(right);
}

/** Go's big.Float Format: sign and padding around formatFloat's digits. */
function formatFloatVerb(verb: Verb, n: number): string {
  const mode = verb.mode;
  const lower = mode.toLowerCase() as 'e' | 'f' | 'g';
  let prec = verb.prec;
  if (prec < 0) prec = lower === 'g' ? -1 : 6;
  let body = formatFloat(Math.abs(n), lower, prec);
  if (mode === 'E' || mode === 'G') body = body.toUpperCase();
  const sign = n < 0 || Object.is(n, -0) ? '-' : verb.plus ? '+' : verb.space ? ' ' : '';
  const padding = verb.width > sign.length + body.length ? verb.width - sign.length - body.length : 0;
  if (verb.zero && Number.isFinite(n)) return sign + '0'.repeat(padding) + body;
  if (verb.minus) return sign + body + ' '.repeat(padding);
  return ' '.repeat(padding) + sign + body;
}

/** The exact decimal expansion of a finite non-negative double: value = 0.mant × 10^exp. */
function exactDecimal(n: number): { mant: string; exp: number } {
  if (n === 0) return { mant: '', exp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (biased === 0) e2 = -1074;
  else {
    m |= 1n << 52n;
    e2 = biased - 1075;
  }
  let digits: string;
  let pointFromRight: number; // number of digits after the decimal point
  if (e2 >= 0) {
    digits = (m << BigInt(e2)).toString();
    pointFromRight = 0;
  } else {
    digits = (m * 5n ** BigInt(-e2)).toString();
    pointFromRight = -e2;
  }
  const exp = digits.length - pointFromRight;
  const mant = digits.replace(/^0+/, '');
  const lead = digits.length - digits.replace(/^0+/, '').length;
  return { mant: mant.replace(/0+$/, ''), exp: exp - lead };
}

/** Round decimal digits to `nd` significant digits, half to even on an exact tie (as Go does). */
function roundDigits(d: { mant: string; exp: number }, nd: number): { mant: string; exp: number } {
  if (nd < 0) return { mant: '', exp: d.exp };
  if (d.mant.length <= nd) return d;
  const next = d.mant.charCodeAt(nd) - 48;
  const rest = d.mant.slice(nd + 1);
  const prevOdd = nd > 0 && (d.mant.charCodeAt(nd - 1) - 48) % 2 === 1;
  const up = next > 5 || (next === 5 && (/[1-9]/.test(rest) || prevOdd));
  let digits = d.mant.slice(0, nd);
  let exp = d.exp;
  if (up) {
    const bumped = (BigInt(digits || '0') + 1n).toString();
    if (bumped.length > digits.length) exp++;
    digits = bumped;
  }
  return { mant: digits.replace(/0+$/, ''), exp };
}

/** Decimal digits and exponent of |n| (value = 0.d1d2d3… × 10^exp), shortest or rounded to `digits`. */
function decimal(n: number, digits: number): { mant: string; exp: number } {
  if (n === 0) return { mant: '', exp: 0 };
  if (digits < 0) {
    const m = /^(\d)(?:\.(\d+))?e([-+]\d+)$/.exec(n.toExponential())!;
    return { mant: (m[1]! + (m[2] ?? '')).replace(/0+$/, ''), exp: Number(m[3]) + 1 };
  }
  return roundDigits(exactDecimal(n), digits);
}

/** Go's strconv/big formatting of a non-negative number in %e, %f or %g with a precision (-1: shortest). */
function formatFloat(n: number, fmt: 'e' | 'f' | 'g', prec: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  const shortest = prec < 0;
  if (fmt === 'f') {
    if (!shortest) return sign + fixed(abs, prec);
    const d = decimal(abs, -1);
    return sign + fixedFromDecimal(d, Math.max(d.mant.length - d.exp, 0));
  }
  if (fmt === 'e') {
    const d = decimal(abs, shortest ? -1 : prec + 1);
    return sign + fmtE(d, shortest ? Math.max(d.mant.length - 1, 0) : prec);
  }
  // %g: %e for large or small exponents, %f otherwise (Go's rules, shortest when no precision)
  if (prec === 0) prec = 1;
  const d = decimal(abs, shortest ? -1 : prec);
  if (shortest) prec = d.mant.length;
  let eprec = prec;
  if (eprec > d.mant.length && d.mant.length >= d.exp) eprec = d.mant.length;
  if (shortest) eprec = 6;
  const exp = d.exp - 1;
  if (abs !== 0 && (exp < -4 || exp >= eprec)) {
    if (prec > d.mant.length) prec = d.mant.length;
    return sign + fmtE(d, prec - 1);
  }
  if (prec > d.exp) prec = d.mant.length;
  return sign + fixedFromDecimal(d, Math.max(prec - d.exp, 0));
}

function fmtE(d: { mant: string; exp: number }, prec: number): string {
  const first = d.mant[0] ?? '0';
  let out = first;
  if (prec > 0) out += '.' + (d.mant.slice(1) + '0'.repeat(prec)).slice(0, prec);
  const exp = d.mant.length === 0 ? 0 : d.exp - 1;
  const abs = Math.abs(exp);
  return `${out}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

function fixedFromDecimal(d: { mant: string; exp: number }, prec: number): string {
  let int: string;
  if (d.exp > 0) int = (d.mant + '0'.repeat(Math.max(d.exp - d.mant.length, 0))).slice(0, d.exp);
  else int = '0';
  if (prec <= 0) return int;
  let frac = '';
  for (let i = 0; i < prec; i++) {
    const j = d.exp + i;
    frac += j < 0 || j >= d.mant.length ? '0' : d.mant[j];
  }
  return `${int}.${frac}`;
}

function fixed(abs: number, prec: number): string {
  const exact = exactDecimal(abs);
  return fixedFromDecimal(roundDigits(exact, exact.exp + prec), prec);
}

export const formatFunctions = defineFunctions({
  format: {
    params: [{ name: 'format', kind: 'string' }],
    variadic: { name: 'args', kind: 'any', allowNull: true },
    allowUnknown: true,
    impl: ([spec, ...args]: [Value, ...Value[]], _ctx, name) => {
      const unknown = unknownFrom([spec, ...args]);
      if (unknown) return unknown;
      return formatString(name, spec as string, args);
    },
  },
  formatlist: {
    params: [{ name: 'format', kind: 'string' }],
    variadic: { name: 'args', kind: 'any', allowNull: true },
    allowUnknown: true,
    impl: ([spec, ...args]: [Value, ...Value[]], _ctx, name) => {
      if (spec instanceof Unknown) return spec;
      let length = -1;
      let chooser = -1;
      const unknownArgs: Unknown[] = [];
      args.forEach((arg, i) => {
        if (arg instanceof Unknown) unknownArgs.push(arg);
        else if (Array.isArray(arg)) {
          if (length === -1) {
            length = arg.length;
            chooser = i;
          } else if (arg.length !== length) {
            throw fail(name, `argument ${i + 2} has length ${arg.length}, which is inconsistent with argument ${chooser + 2} of length ${length}`);
          }
        }
      });
      if (unknownArgs.length) return unknownFrom(unknownArgs)!;
      if (length === 0) return [];
      const rounds = length === -1 ? 1 : length;
      const out: Value[] = [];
      let size = 0;
      for (let r = 0; r < rounds; r++) {
        if (size > MAX_VALUE_SIZE) throw fail(name, tooLargeMessage('the result'));
        const these = args.map((a) => (Array.isArray(a) ? a[r]! : a));
        const unknown = unknownFrom(these);
        if (unknown) {
          out.push(unknown);
          continue;
        }
        try {
          const s = formatString(name, spec as string, these);
          size += s.length + 1;
          out.push(s);
        } catch (e) {
          throw fail(name, `error on format iteration ${r}: ${e instanceof FunctionError ? e.detail : (e as Error).message}`);
        }
      }
      return out;
    },
  },
});

