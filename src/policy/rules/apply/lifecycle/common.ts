import { applyRule, type ApplyMeta } from '../factories.js';
import type { ResourceRule } from '../../../types.js';
import { isTrue, isFalse, read } from '../../../values.js';
import { throwAwayOnly } from '../throw-away.js';

/**
 * In a throw-away deployment, boolean `path` must not be `bad` (deletion protection on, force
 * destroy off). `absentIs` is the provider default when the argument is not set.
 */
export function mustNotInThrowAway(meta: ApplyMeta, path: string, bad: boolean, absentIs = false): ResourceRule {
  return applyRule(meta, (r, ctx) => {
    const gate = throwAwayOnly(r, ctx);
    if (gate !== true) return { verdict: 'not-applicable', message: gate };
    const v = read(r.values, path);
    const value = v === undefined || v === null ? absentIs : isTrue(v) ? true : isFalse(v) ? false : undefined;
    if (value === undefined) return { verdict: 'unknown', path, message: `${path} is not known before apply` };
    return value === bad
      ? { verdict: 'fail', path, message: `${path} = ${bad} in a throw-away deployment. ${meta.fix}` }
      : { verdict: 'pass', path, message: `${path} = ${value}` };
  });
}
