import type { Resource } from '../../../model/resource.js';
import { isUnknown } from '../../../model/value.js';
import { policyStatements, type Statement } from '../../iam.js';
import type { Outcome, RuleContext } from '../../types.js';
import { blocksOf, unknownAt } from '../../values.js';

/** Where inline and standalone identity policies live, by resource type → attribute path(s). */
export const POLICY_ATTRIBUTES: Record<string, string[]> = {
  aws_iam_policy: ['policy'],
  aws_iam_role_policy: ['policy'],
  aws_iam_user_policy: ['policy'],
  aws_iam_group_policy: ['policy'],
  aws_iam_role: ['inline_policy.*.policy'],
  aws_ssoadmin_permission_set_inline_policy: ['inline_policy'],
};

export const INLINE_TYPES = ['aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_iam_role', 'aws_ssoadmin_permission_set_inline_policy'];

/** Expand `inline_policy.*.policy` into concrete paths. */
export function policyPaths(r: Resource): string[] {
  return (POLICY_ATTRIBUTES[r.type] ?? []).flatMap((p) => {
    if (!p.includes('.*.')) return [p];
    const [block, leaf] = p.split('.*.');
    const bs = blocksOf(r, block);
    return isUnknown(bs) ? [block] : bs.map((b) => `${b.path}.${leaf}`);
  });
}

/**
 * Judge every Allow statement of the resource's policies: `bad` returns why a statement fails, or
 * `{ unknown }` when what would make it fail is not known before apply, or undefined when it holds.
 */
export function judgePolicies(
  r: Resource,
  ctx: RuleContext,
  bad: (s: Statement) => string | { unknown: string } | undefined,
  passMessage: string,
): Outcome[] {
  const out: Outcome[] = [];
  for (const path of policyPaths(r)) {
    const st = policyStatements(r, path, ctx);
    if (st === undefined) continue;
    if (isUnknown(st)) {
      out.push(unknownAt(path, st, `policy ${path} is not known before apply`));
      continue;
    }
    st.forEach((s, i) => {
      if (s.effect !== 'Allow') return;
      const why = bad(s);
      if (typeof why === 'string' && s.effectUnknown) out.push({ verdict: 'unknown', path, message: `statement ${i}: its Effect is not known before apply; if it is Allow: ${why}` });
      else if (typeof why === 'string') out.push({ verdict: 'fail', path, message: `statement ${i}: ${why}` });
      else if (why) out.push({ verdict: 'unknown', path, message: `statement ${i}: ${why.unknown}` });
      else if (s.actionsUnknown) out.push({ verdict: 'unknown', path, message: `statement ${i}: an action is not known before apply, so a wildcard cannot be ruled out` });
    });
  }
  if (out.length === 0) out.push({ verdict: 'pass', message: passMessage });
  return out;
}
