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

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const GENERAL_CATEGORIES = new Set([
  'L', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'M', 'Mn', 'Mc', 'Me', 'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Ps', 'Pe',
  'Pi', 'Pf', 'Po', 'S', 'Sm', 'Sc', 'Sk', 'So', 'Z', 'Zs', 'Zl', 'Zp', 'C', 'Cc', 'Cf', 'Cs', 'Co',
]);

const JS_SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);

function translate(pattern: string, name: string): { source: string; flags: string; groupNames: (string | undefined)[] } {
  let i = 0;
  let flags = '';
  const lead = /^\(\?([imsU]+)\)/.exec(pattern);
  if (lead) {
    if (lead[1]!.includes('U')) throw fail(name, `regular expression flag U (ungreedy) is not supported`);
    flags = [...new Set(lead[1]!)].join('');
    i = lead[0].length;
  }
  const groupNames: (string | undefined)[] = [];
  let out = '';
  let inClass = false;
  const unsupported = (what: string): never => {
    throw fail(name, `regular expression ${JSON.stringify(pattern)} uses ${what}, which is not supported here`);
  };
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined) throw fail(name, `invalid regular expression ${JSON.stringify(pattern)}: trailing backslash`);
      if (n === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const lit = end < 0 ? pattern.slice(i + 2) : pattern.slice(i + 2, end);
        out += [...lit].map((ch) => (JS_SYNTAX.has(ch) || ch === '-' ? `\\${ch}` : ch)).join('');
        i = end < 0 ? pattern.length : end + 2;
        continue;
      }
      if (n === 'A' && !inClass) {
        out += '(?<![\\s\\S])';
      } else if (n === 'z' && !inClass) {
        out += '(?![\\s\\S])';
      } else if (n === 's') {
        out += inClass ? '\\t\\n\\f\\r ' : '[\\t\\n\\f\\r ]';
      } else if (n === 'S') {
        out += inClass ? unsupported('\\S inside a character class') : '[^\\t\\n\\f\\r ]';
      } else if (n === 'p' || n === 'P') {
        let cls: string;
        if (pattern[i + 2] === '{') {
          const end = pattern.indexOf('}', i + 3);
          if (end < 0) throw fail(name, `invalid regular expression ${JSON.stringify(pattern)}: unclosed \\${n}{`);
          cls = pattern.slice(i + 3, end);
          i = end + 1;
        } else {
          cls = pattern[i + 2] ?? '';
          i += 3;
        }
        const negate = cls.startsWith('^');
        if (negate) cls = cls.slice(1);
        const prop = GENERAL_CATEGORIES.has(cls) ? cls : cls === 'Any' ? 'Any' : `Script=${cls}`;
        out += `\\${(n === 'P') !== negate ? 'P' : 'p'}{${prop}}`;
        continue;
      } else if (n === 'x' && pattern[i + 2] === '{') {
        const end = pattern.indexOf('}', i + 3);
        out += `\\u{${pattern.slice(i + 3, end)}}`;
        i = end + 1;
        continue;
      } else if (n === 'C') {
        unsupported('\\C');
      } else if (/[0-9A-Za-z]/.test(n)) {
        out += `\\${n}`;
      } else if (JS_SYNTAX.has(n) || (inClass && n === '-')) {
        out += `\\${n}`;
      } else {
        out += n; // RE2 lets any punctuation be escaped; in JS `u` mode only syntax characters may be
      }
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === '[' && pattern[i + 1] === ':') {
        const end = pattern.indexOf(':]', i + 2);
        const cls = end < 0 ? undefined : pattern.slice(i + 2, end);
        const negate = cls?.startsWith('^');
        const body = cls === undefined ? undefined : POSIX[negate ? cls.slice(1) : cls];
        if (body === undefined || negate) unsupported('this POSIX character class');
        out += body;
        i = end + 2;
        continue;
      }
      if (c === ']') inClass = false;
      if (c === '[' || c === '/') out += '\\';
      out += c;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      i++;
      if (pattern[i] === '^') {
        out += '^';
        i++;
      }
      if (pattern[i] === ']') {
        out += '\\]'; // a leading ] is literal in RE2
        i++;
      }
      continue;
    }
    if (c === '(') {
      if (pattern[i + 1] === '?') {
        const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(pattern.slice(i));
        if (named) {
          groupNames.push(named[1]);
          out += `(?<${named[1]}>`;
          i += named[0].length;
          continue;
        }
        if (pattern[i + 2] === ':') {
          out += '(?:';
          i += 3;
          continue;
        }
        unsupported('inline flags after the start of the pattern');
      }
      groupNames.push(undefined);
      out += c;
      i++;
      continue;
    }
    if (c === '{') {
      const rep = /^\{\d+(?:,\d*)?\}/.exec(pattern.slice(i));
      if (rep) {
        out += rep[0];
        i += rep[0].length;
      } else {
        out += '\\{';
        i++;
      }
      continue;
    }
    if (c === '}' || c === '/') {
      out += `\\${c}`;
      i++;
      continue;
    }
    out += c;
    i++;
  }
  return { source: out, flags, groupNames };
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
