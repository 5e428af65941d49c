/**
 * Regular expressions: regex, regexall, and the `/…/` form of replace. Terraform uses Go's RE2
 * syntax; patterns are translated to JavaScript (`u` mode) and the match iteration follows Go's
 * rules (an empty match right after a previous match is skipped).
 */
import type { ObjectValue, Value } from '../../../model/value.js';
import { defineFunctions, fail } from './helpers.js';

export interface CompiledRegex {
  re: RegExp; // global, unicode
  groupNames: (string | undefined)[]; // per capture group (1-based index - 1)
}

const cache = new Map<string, CompiledRegex>();

/** Compile an RE2 pattern; `name` is the calling function, for the error message. */
export function compileRe2(pattern: string, name: string): CompiledRegex {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const { source, flags, groupNames } = translate(pattern, name);
  let re: RegExp;
  try {
    re = new RegExp(source, `gu${flags}`);
  } catch (e) {
    throw fail(name, `invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
  const compiled = { re, groupNames };
  cache.set(pattern, compiled);
  return compiled;
}

/** POSIX classes as code point ranges (RE2 defines them over ASCII). */
const POSIX: Record<string, [number, number][]> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0x00, 0x7f]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};

/** RE2's Perl classes are ASCII-only (JavaScript's \s also matches Unicode spaces). */
const PERL: Record<string, [number, number][]> = {
  d: POSIX.digit!,
  s: [[0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]],
  w: POSIX.word!,
};

const GENERAL_CATEGORIES = new Set([
  'L', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'M', 'Mn', 'Mc', 'Me', 'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Ps', 'Pe',
  'Pi', 'Pf', 'Po', 'S', 'Sm', 'Sc', 'Sk', 'So', 'Z', 'Zs', 'Zl', 'Zp', 'C', 'Cc', 'Cf', 'Cs', 'Co',
]);

const JS_SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);

function complement(ranges: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of [...ranges].sort((x, y) => x[0] - y[0])) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= 0x10ffff) out.push([next, 0x10ffff]);
  return out;
}

function classChar(cp: number): string {
  const c = String.fromCodePoint(cp);
  if (cp < 0x20 || cp === 0x7f) return `\\u{${cp.toString(16)}}`;
  return '\\^-[]/'.includes(c) ? `\\${c}` : c;
}

function rangesText(ranges: [number, number][]): string {
  return ranges.map(([lo, hi]) => (lo === hi ? classChar(lo) : `${classChar(lo)}-${classChar(hi)}`)).join('');
}

/** The characters RE2's simple case folding makes equal to `c` (with the two non-ASCII ASCII folds). */
function caseVariants(c: string): string[] {
  const set = new Set([c]);
  for (const v of [c.toLowerCase(), c.toUpperCase()]) if ([...v].length === 1) set.add(v);
  if (/[kK\u212a]/.test(c)) ['k', 'K', '\u212a'].forEach((x) => set.add(x));
  if (/[sS\u017f]/.test(c)) ['s', 'S', '\u017f'].forEach((x) => set.add(x));
  return [...set];
}

interface Flags {
  i: boolean; // case-insensitive
  m: boolean; // ^ and $ at line boundaries
  s: boolean; // . matches \n
  U: boolean; // quantifiers lazy by default
}

/**
 * Translate an RE2 pattern to a JavaScript `u`-mode source. RE2's flags (leading or inline, scoped
 * to a group or not) are applied while translating, so the JavaScript regex needs none: `.` becomes
 * `[^\n]` or `[\s\S]`, `^`/`$` become lookarounds, case-insensitive letters become classes and `U`
 * swaps greedy and lazy quantifiers.
 */
function translate(pattern: string, name: string): { source: string; flags: string; groupNames: (string | undefined)[] } {
  const groupNames: (string | undefined)[] = [];
  const stack: Flags[] = [];
  let flags: Flags = { i: false, m: false, s: false, U: false };
  let out = '';
  let i = 0;
  const invalid = (why: string): never => {
    throw fail(name, `invalid regular expression ${JSON.stringify(pattern)}: ${why}`);
  };
  const unsupported = (what: string): never => {
    throw fail(name, `regular expression ${JSON.stringify(pattern)} uses ${what}, which is not supported here`);
  };
  const literal = (c: string): string => {
    if (flags.i) {
      const variants = caseVariants(c);
      if (variants.length > 1) return `[${variants.map((v) => classChar(v.codePointAt(0)!)).join('')}]`;
    }
    return JS_SYNTAX.has(c) ? `\\${c}` : c;
  };
  const applyFlags = (spec: string): void => {
    let on = true;
    for (const f of spec) {
      if (f === '-') on = false;
      else if (f === 'i' || f === 'm' || f === 's' || f === 'U') flags = { ...flags, [f]: on };
      else invalid(`unknown flag ${f}`);
    }
  };
  /** Property escapes \pX \p{X} \PX \P{X} starting at pattern[at] === '\\'. */
  const property = (at: number): { text: string; end: number } => {
    const n = pattern[at + 1]!;
    let cls: string;
    let end: number;
    if (pattern[at + 2] === '{') {
      const close = pattern.indexOf('}', at + 3);
      if (close < 0) invalid(`unclosed \\${n}{`);
      cls = pattern.slice(at + 3, close);
      end = close + 1;
    } else {
      cls = pattern[at + 2] ?? '';
      end = at + 3;
    }
    const negate = cls.startsWith('^');
    if (negate) cls = cls.slice(1);
    const prop = GENERAL_CATEGORIES.has(cls) ? cls : cls === 'Any' ? 'Any' : `Script=${cls}`;
    return { text: `\\${(n === 'P') !== negate ? 'P' : 'p'}{${prop}}`, end };
  };
  /** A bracket expression starting at pattern[at] === '['. */
  const bracket = (at: number): { text: string; end: number } => {
    let j = at + 1;
    let negate = false;
    if (pattern[j] === '^') {
      negate = true;
      j++;
    }
    const parts: string[] = [];
    let first = true;
    const single = (at2: number): { cp: number; end: number } | undefined => {
      const c = pattern[at2];
      if (c === undefined) return undefined;
      if (c !== '\\') {
        const cp = pattern.codePointAt(at2)!;
        return { cp, end: at2 + (cp > 0xffff ? 2 : 1) };
      }
      const n = pattern[at2 + 1];
      if (n === undefined) return undefined;
      const simple: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11, a: 7 };
      if (n in simple) return { cp: simple[n]!, end: at2 + 2 };
      if (n === 'x') {
        if (pattern[at2 + 2] === '{') {
          const close = pattern.indexOf('}', at2 + 3);
          return { cp: parseInt(pattern.slice(at2 + 3, close), 16), end: close + 1 };
        }
        return { cp: parseInt(pattern.slice(at2 + 2, at2 + 4), 16), end: at2 + 4 };
      }
      if (/[0-9A-Za-z]/.test(n)) return undefined; // a class escape, not one character
      return { cp: n.codePointAt(0)!, end: at2 + 2 };
    };
    for (;;) {
      const c = pattern[j];
      if (c === undefined) invalid('missing closing ]');
      if (c === ']' && !first) break;
      first = false;
      if (c === '[' && pattern[j + 1] === ':') {
        const close = pattern.indexOf(':]', j + 2);
        if (close < 0) invalid('invalid character class');
        let cls = pattern.slice(j + 2, close);
        const neg = cls.startsWith('^');
        if (neg) cls = cls.slice(1);
        const ranges = POSIX[cls] ?? invalid(`invalid character class range [:${cls}:]`);
        parts.push(rangesText(neg ? complement(ranges) : ranges));
        j = close + 2;
        continue;
      }
      if (c === '\\') {
        const n = pattern[j + 1] ?? '';
        if (n === 'p' || n === 'P') {
          const p = property(j);
          parts.push(p.text);
          j = p.end;
          continue;
        }
        const perl = PERL[n.toLowerCase()];
        if (perl) {
          parts.push(rangesText(n === n.toLowerCase() ? perl : complement(perl)));
          j += 2;
          continue;
        }
      }
      const lo = single(j);
      if (!lo) invalid(`invalid escape in character class`);
      let hi = lo!;
      if (pattern[lo!.end] === '-' && pattern[lo!.end + 1] !== ']' && pattern[lo!.end + 1] !== undefined) {
        const h = single(lo!.end + 1);
        if (!h) invalid('invalid character class range');
        hi = h!;
        if (hi.cp < lo!.cp) invalid('invalid character class range');
      }
      parts.push(lo === hi ? classChar(lo!.cp) : `${classChar(lo!.cp)}-${classChar(hi.cp)}`);
      if (flags.i) {
        for (let cp = lo!.cp; cp <= hi.cp && cp <= 0x24f; cp++) {
          for (const v of caseVariants(String.fromCodePoint(cp))) parts.push(classChar(v.codePointAt(0)!));
        }
      }
      j = hi.end;
    }
    return { text: `[${negate ? '^' : ''}${parts.join('')}]`, end: j + 1 };
  };
  /** A quantifier just emitted: `?` after it makes it lazy; under U the meaning is swapped. */
  const quantifierSuffix = (): string => {
    let lazy = false;
    if (pattern[i] === '?') {
      lazy = true;
      i++;
    }
    return lazy !== flags.U ? '?' : '';
  };

  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined) invalid('trailing backslash');
      if (n === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const lit = end < 0 ? pattern.slice(i + 2) : pattern.slice(i + 2, end);
        out += [...lit].map(literal).join('');
        i = end < 0 ? pattern.length : end + 2;
        continue;
      }
      if (n === 'p' || n === 'P') {
        const p = property(i);
        out += p.text;
        i = p.end;
        continue;
      }
      if (n === 'x') {
        let cp: number;
        if (pattern[i + 2] === '{') {
          const end = pattern.indexOf('}', i + 3);
          cp = parseInt(pattern.slice(i + 3, end), 16);
          i = end + 1;
        } else {
          cp = parseInt(pattern.slice(i + 2, i + 4), 16);
          i += 4;
        }
        out += literal(String.fromCodePoint(cp));
        continue;
      }
      i += 2;
      const perl = PERL[n!.toLowerCase()];
      if (perl) out += `[${rangesText(n === n!.toLowerCase() ? perl : complement(perl))}]`;
      else if (n === 'A') out += '(?<![\\s\\S])';
      else if (n === 'z') out += '(?![\\s\\S])';
      else if (n === 'b' || n === 'B') out += `\\${n}`;
      else if (n === 'C') unsupported('\\C');
      else if (n === 'n' || n === 't' || n === 'r' || n === 'f' || n === 'v') out += `\\${n}`;
      else if (n === 'a') out += '\\x07';
      else if (/[0-9]/.test(n!)) unsupported('backreferences or octal escapes');
      else if (/[A-Za-z]/.test(n!)) invalid(`invalid escape sequence \\${n}`);
      else out += literal(n!); // RE2 lets any punctuation be escaped
      continue;
    }
    if (c === '[') {
      const b = bracket(i);
      out += b.text;
      i = b.end;
      continue;
    }
    if (c === '(') {
      if (pattern[i + 1] === '?') {
        const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(pattern.slice(i));
        if (named) {
          groupNames.push(named[1]);
          stack.push(flags);
          out += `(?<${named[1]}>`;
          i += named[0].length;
          continue;
        }
        const flagGroup = /^\(\?([-imsU]*)(:|\))/.exec(pattern.slice(i));
        if (!flagGroup) invalid('invalid or unsupported Perl syntax');
        i += flagGroup![0].length;
        if (flagGroup![2] === ')') {
          applyFlags(flagGroup![1]!); // to the end of the enclosing group
        } else {
          stack.push(flags);
          applyFlags(flagGroup![1]!);
          out += '(?:';
        }
        continue;
      }
      groupNames.push(undefined);
      stack.push(flags);
      out += '(';
      i++;
      continue;
    }
    if (c === ')') {
      if (stack.length === 0) invalid('unexpected )');
      flags = stack.pop()!;
      out += ')';
      i++;
      continue;
    }
    if (c === '*' || c === '+' || c === '?') {
      i++;
      out += c + quantifierSuffix();
      continue;
    }
    if (c === '{') {
      const rep = /^\{\d+(?:,\d*)?\}/.exec(pattern.slice(i));
      if (rep) {
        i += rep[0].length;
        out += rep[0] + quantifierSuffix();
      } else {
        out += '\\{';
        i++;
      }
      continue;
    }
    if (c === '.') {
      out += flags.s ? '[\\s\\S]' : '[^\\n]';
      i++;
      continue;
    }
    if (c === '^') {
      out += flags.m ? '(?<![^\\n])' : '(?<![\\s\\S])';
      i++;
      continue;
    }
    if (c === '$') {
      out += flags.m ? '(?![^\\n])' : '(?![\\s\\S])';
      i++;
      continue;
    }
    if (c === '|') {
      out += '|';
      i++;
      continue;
    }
    const cp = pattern.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    out += c === '}' || c === '/' ? `\\${c}` : literal(ch);
    i += ch.length;
  }
  if (stack.length) invalid('missing closing )');
  return { source: out, flags: '', groupNames };
}

/** All matches in Go's order: non-overlapping, an empty match abutting the previous match is skipped. */
export function* goMatches(compiled: CompiledRegex, text: string): Generator<RegExpExecArray> {
  const re = new RegExp(compiled.re.source, compiled.re.flags);
  let prevEnd = -1;
  for (;;) {
    const m = re.exec(text);
    if (!m) return;
    const end = m.index + m[0].length;
    if (m[0].length === 0) {
      // advance by one code point so the loop terminates
      const cp = text.codePointAt(m.index);
      re.lastIndex = m.index + (cp !== undefined && cp > 0xffff ? 2 : 1);
      if (m.index === prevEnd) continue;
    }
    prevEnd = end;
    yield m;
    if (m.index >= text.length) return;
  }
}

/** regex and regexall return a list for unnamed groups and an object for named ones, never both. */
function compileForCaptures(pattern: string, name: string): CompiledRegex {
  const compiled = compileRe2(pattern, name);
  const names = compiled.groupNames;
  if (names.some((g) => g === undefined) && names.some((g) => g !== undefined)) {
    throw fail(name, `invalid regular expression ${JSON.stringify(pattern)}: cannot mix both named and unnamed capture groups`);
  }
  return compiled;
}

function matchResult(compiled: CompiledRegex, m: RegExpExecArray): Value {
  const groups = compiled.groupNames;
  if (groups.length === 0) return m[0];
  if (groups.some((g) => g !== undefined)) {
    const out: ObjectValue = {};
    groups.forEach((g, idx) => {
      if (g !== undefined) out[g] = m[idx + 1] ?? null;
    });
    return out;
  }
  return groups.map((_, idx) => m[idx + 1] ?? null);
}

/** Go's Regexp.Expand template: `$1`, `${1}`, `$name`, `${name}`, `$$`. */
export function expandReplacement(template: string, compiled: CompiledRegex, m: RegExpExecArray): string {
  return template.replace(/\$(?:\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (whole, braced?: string, bare?: string) => {
    if (whole === '$$') return '$';
    const ref = (braced ?? bare)!;
    if (/^\d+$/.test(ref)) return m[Number(ref)] ?? '';
    const idx = compiled.groupNames.indexOf(ref);
    return idx < 0 ? '' : (m[idx + 1] ?? '');
  });
}

export const regexFunctions = defineFunctions({
  regex: {
    params: [
      { name: 'pattern', kind: 'string' },
      { name: 'string', kind: 'string' },
    ],
    impl: ([pattern, text]: [string, string], _ctx, name) => {
      const compiled = compileForCaptures(pattern, name);
      const first = goMatches(compiled, text).next();
      if (first.done) throw fail(name, 'pattern did not match any part of the given string');
      return matchResult(compiled, first.value);
    },
  },
  regexall: {
    params: [
      { name: 'pattern', kind: 'string' },
      { name: 'string', kind: 'string' },
    ],
    impl: ([pattern, text]: [string, string], _ctx, name) => {
      const compiled = compileForCaptures(pattern, name);
      return Array.from(goMatches(compiled, text), (m) => matchResult(compiled, m));
    },
  },
});
