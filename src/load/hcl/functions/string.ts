/**
 * String functions: chomp endswith indent join lower replace split startswith strcontains strrev
 * substr title trim trimprefix trimsuffix trimspace upper (format/formatlist: format.ts,
 * regex/regexall: regex.ts). Lengths and offsets count grapheme clusters, as terraform does.
 */
import type { Value } from '../../../model/value.js';
import { defineFunctions, fail, graphemes, requireInteger } from './helpers.js';
import { compileRe2, expandReplacement, goMatches } from './regex.js';

/** Go's unicode.IsSpace. */
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
const LEADING_SPACE = new RegExp(`^[${GO_SPACE}]+`, 'u');
const TRAILING_SPACE = new RegExp(`[${GO_SPACE}]+$`, 'u');

/** Go maps case rune by rune; a rune without a single-rune mapping (ß) stays as it is. */
function mapRunes(s: string, f: (c: string) => string): string {
  let out = '';
  for (const c of s) {
    const m = f(c);
    out += [...m].length === 1 ? m : c;
  }
  return out;
}

/** Go's strings.Title word boundaries: ASCII other than letters, digits and `_`, and Unicode spaces. */
function isSeparator(c: string): boolean {
  const cp = c.codePointAt(0)!;
  if (cp <= 0x7f) return !/[0-9A-Za-z_]/.test(c);
  if (/[\p{L}\p{Nd}]/u.test(c)) return false;
  return /\s/u.test(c);
}

/** Go's unicode.ToTitle where it differs from upper case: the digraphs, and Georgian, which stays. */
const TITLE_CASE: Record<string, string> = {
  '\u01c4': '\u01c5', '\u01c5': '\u01c5', '\u01c6': '\u01c5',
  '\u01c7': '\u01c8', '\u01c8': '\u01c8', '\u01c9': '\u01c8',
  '\u01ca': '\u01cb', '\u01cb': '\u01cb', '\u01cc': '\u01cb',
  '\u01f1': '\u01f2', '\u01f2': '\u01f2', '\u01f3': '\u01f2',
};

function toTitle(c: string): string {
  const cp = c.codePointAt(0)!;
  if (cp >= 0x10d0 && cp <= 0x10ff) return c;
  return TITLE_CASE[c] ?? mapRunes(c, (x) => x.toUpperCase());
}

function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const c of s) {
    out += isSeparator(prev) ? toTitle(c) : c;
    prev = c;
  }
  return out;
}

function replaceRegex(name: string, str: string, pattern: string, replacement: string): string {
  const compiled = compileRe2(pattern, name);
  let out = '';
  let last = 0;
  for (const m of goMatches(compiled, str)) {
    out += str.slice(last, m.index) + expandReplacement(replacement, compiled, m);
    last = m.index + m[0].length;
  }
  return out + str.slice(last);
}

export const stringFunctions = defineFunctions({
  chomp: { params: [{ name: 'str', kind: 'string' }], impl: ([s]: [string]) => s.replace(/(?:\r\n|\r|\n)+$/, '') },
  startswith: {
    params: [
      { name: 'str', kind: 'string' },
      { name: 'prefix', kind: 'string' },
    ],
    impl: ([s, p]: [string, string]) => s.startsWith(p),
  },
  endswith: {
    params: [
      { name: 'str', kind: 'string' },
      { name: 'suffix', kind: 'string' },
    ],
    impl: ([s, p]: [string, string]) => s.endsWith(p),
  },
  strcontains: {
    params: [
      { name: 'str', kind: 'string' },
      { name: 'substr', kind: 'string' },
    ],
    impl: ([s, p]: [string, string]) => s.includes(p),
  },
  indent: {
    params: [
      { name: 'spaces', kind: 'number' },
      { name: 'str', kind: 'string' },
    ],
    impl: ([n, s]: [number, string], _ctx, name) => {
      requireInteger(name, 'spaces', n);
      if (n < 0) throw fail(name, `spaces must not be negative, got ${n}`);
      return s.split('\n').join('\n' + ' '.repeat(n));
    },
  },
  join: {
    params: [{ name: 'separator', kind: 'string' }],
    variadic: { name: 'lists', kind: 'list:string' },
    impl: ([sep, ...lists]: [string, ...Value[][]], _ctx, name) => {
      if (lists.length === 0) throw fail(name, 'at least one list is required');
      const items = lists.flat();
      if (items.some((e) => e === null)) throw fail(name, 'element must not be null');
      return items.join(sep);
    },
  },
  lower: {
    params: [{ name: 'str', kind: 'string' }],
    impl: ([s]: [string]) => mapRunes(s, (c) => (c === '\u0130' ? 'i' : c.toLowerCase())),
  },
  upper: { params: [{ name: 'str', kind: 'string' }], impl: ([s]: [string]) => mapRunes(s, (c) => c.toUpperCase()) },
  title: { params: [{ name: 'str', kind: 'string' }], impl: ([s]: [string]) => title(s) },
  replace: {
    params: [
      { name: 'str', kind: 'string' },
      { name: 'substr', kind: 'string' },
      { name: 'replace', kind: 'string' },
    ],
    impl: ([s, sub, rep]: [string, string, string], _ctx, name) => {
      if (sub.length > 1 && sub.startsWith('/') && sub.endsWith('/')) return replaceRegex(name, s, sub.slice(1, -1), rep);
      if (sub === '') {
        // Go's strings.Replace with an empty old string inserts before every rune and at the end
        return [...s].map((c) => rep + c).join('') + rep;
      }
      return s.split(sub).join(rep);
    },
  },
  split: {
    params: [
      { name: 'separator', kind: 'string' },
      { name: 'str', kind: 'string' },
    ],
    impl: ([sep, s]: [string, string]) => (sep === '' ? [...s] : s.split(sep)),
  },
  strrev: { params: [{ name: 'str', kind: 'string' }], impl: ([s]: [string]) => graphemes(s).reverse().join('') },
  substr: {
    params: [
      { name: 'str', kind: 'string' },
      { name: 'offset', kind: 'number' },
      { name: 'length', kind: 'number' },
    ],
    impl: ([s, offset, length]: [string, number, number], _ctx, name) => {
      requireInteger(name, 'offset', offset);
      requireInteger(name, 'length', length);
      const chars = graphemes(s);
      let start = offset;
      if (start < 0) {
        start = Math.max(start + chars.length, 0);
      }
      if (start > chars.length) return '';
      const end = length < 0 ? chars.length : Math.min(start + length, chars.length);
      return chars.slice(start, end).join('');
    },
  },
  trim: {
    params: [
      { name: 'str', kind: 'string' },
      { name: 'cutset', kind: 'string' },
    ],
    impl: ([s, cutset]: [string, string]) => {
      const cut = new Set(cutset);
      const chars = [...s];
      let a = 0;
      let b = chars.length;
      while (a < b && cut.has(chars[a]!)) a++;
      while (b > a && cut.has(chars[b - 1]!)) b--;
      return chars.slice(a, b).join('');
    },
  },
  trimprefix: {
    params: [
      { name: 'str', kind: 'string' },
      { name: 'prefix', kind: 'string' },
    ],
    impl: ([s, p]: [string, string]) => (s.startsWith(p) ? s.slice(p.length) : s),
  },
  trimsuffix: {
    params: [
      { name: 'str', kind: 'string' },
      { name: 'suffix', kind: 'string' },
    ],
    impl: ([s, p]: [string, string]) => (p !== '' && s.endsWith(p) ? s.slice(0, s.length - p.length) : s),
  },
  trimspace: {
    params: [{ name: 'str', kind: 'string' }],
    impl: ([s]: [string]) => s.replace(LEADING_SPACE, '').replace(TRAILING_SPACE, ''),
  },
});
