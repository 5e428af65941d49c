/**
 * Address globs (suppressions, intent selectors): `*` matches any run of characters, `?` one
 * character, everything else itself. Matched by the one-star backtracking walk, at most
 * glob length × text length steps: the regular expression these globs used to become (`.*` per
 * star) backtracks exponentially in the stars (`*a*a*a*a*a*a*a*a*a*a*a*a*b` against 40 a's: 164 s).
 */
export function globMatches(glob: string, text: string): boolean {
  const g = [...glob];
  const t = [...text];
  let gi = 0;
  let ti = 0;
  let star = -1; // the last star seen in the glob
  let resume = 0; // where in the text that star's run ends for now
  while (ti < t.length) {
    if (gi < g.length && g[gi] === '*') {
      star = gi++;
      resume = ti;
    } else if (gi < g.length && (g[gi] === '?' || g[gi] === t[ti])) {
      gi++;
      ti++;
    } else if (star >= 0) {
      gi = star + 1;
      ti = ++resume;
    } else return false;
  }
  while (gi < g.length && g[gi] === '*') gi++;
  return gi === g.length;
}
