/**
 * Regular expressions: regex, regexall, and the `/…/` form of replace. Terraform uses Go's regexp
 * package, whose syntax is RE2's and whose matching runs in time linear in the input ("The regexp
 * implementation provided by this package is guaranteed to run in time linear in the size of the
 * input", Go's regexp package documentation). Patterns are compiled and matched by re2js, a port of
 * RE2 with the same guarantee and syntax, so a pattern that would backtrack catastrophically in a
 * backtracking engine (`^(a+)+$`) costs no more here than in terraform; the match iteration follows
 * Go's rules (an empty match right after a previous match is skipped).
 */
import { RE2JS } from 're2js';
import type { ObjectValue, Value } from '../../../model/value.js';
import { defineFunctions, fail } from './helpers.js';

export interface CompiledRegex {
  re: RE2JS;
  groupNames: (string | undefined)[]; // per capture group (1-based index - 1)
}

/** One match: the whole match and each group (null when it did not take part), at `index`. */
export type Match = [string, ...(string | null)[]] & { index: number };

const cache = new Map<string, CompiledRegex>();

/** Compile an RE2 pattern; `name` is the calling function, for the error message. */
export function compileRe2(pattern: string, name: string): CompiledRegex {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    const why = (e as Error).message.replace(/^error parsing regexp: /, '');
    throw fail(name, `invalid regular expression ${JSON.stringify(pattern)}: ${why}`);
  }
  const groupNames: (string | undefined)[] = Array.from({ length: re.groupCount() }, () => undefined);
  for (const [group, index] of Object.entries(re.namedGroups() as Record<string, number>)) groupNames[index - 1] = group;
  const compiled = { re, groupNames };
  cache.set(pattern, compiled);
  return compiled;
}

/** All matches in Go's order (regexp.allMatches): non-overlapping, an empty match abutting the previous match is skipped. */
export function* goMatches(compiled: CompiledRegex, text: string): Generator<Match> {
  const matcher = compiled.re.matcher(text);
  let prevEnd = -1;
  for (let pos = 0; pos <= text.length; ) {
    if (!matcher.find(pos)) return;
    const start = matcher.start();
    const end = matcher.end();
    let accept = true;
    if (end === pos) {
      if (start === prevEnd) accept = false;
      const cp = text.codePointAt(pos);
      pos += cp !== undefined && cp > 0xffff ? 2 : 1;
    } else pos = end;
    prevEnd = end;
    if (!accept) continue;
    const m = Array.from({ length: compiled.groupNames.length + 1 }, (_, g) => matcher.group(g) as string | null) as unknown as Match;
    m.index = start;
    yield m;
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

function matchResult(compiled: CompiledRegex, m: Match): Value {
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
export function expandReplacement(template: string, compiled: CompiledRegex, m: Match): string {
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
