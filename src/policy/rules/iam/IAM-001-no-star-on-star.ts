import type { Resource } from '../../../model/resource.js';
import { isUnknown } from '../../../model/value.js';
import { isWildcardAction, policyStatements, type Statement } from '../../iam.js';
import type { Outcome, ResourceRule, RuleContext } from '../../types.js';
import { blocksOf, unknownAt } from '../../values.js';
import { POLICY_ATTRIBUTES } from './common.js';

/** Expand `inline_policy.*.policy` into concrete paths. */
export function policyPaths(r: Resource): string[] {
  return (POLICY_ATTRIBUTES[r.type] ?? []).flatMap((p) => {
    if (!p.includes('.*.')) return [p];
    const [block, leaf] = p.split('.*.');
    const bs = blocksOf(r, block);
    return isUnknown(bs) ? [block] : bs.map((b) => `${b.path}.${leaf}`);
  });
}

export function judgePolicies(
  r: Resource,
  ctx: RuleContext,
  bad: (s: Statement) => string | undefined,
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
      if (why) out.push({ verdict: 'fail', path, message: `statement ${i}: ${why}` });
      else if (s.actionsUnknown) out.push({ verdict: 'unknown', path, message: `statement ${i}: an action is not known before apply, so a wildcard cannot be ruled out` });
    });
  }
  if (out.length === 0) out.push({ verdict: 'pass', message: passMessage });
  return out;
}

export const IAM_001: ResourceRule = {
  id: 'IAM-001',
  title: 'No policy allows every action on every resource',
  severity: 'error',
  rationale: 'DESIGN.md IAM: no wildcard action on a wildcard resource. `"*"` on `"*"` is full admin: one stolen host credential would own the whole account, its data and its backups.',
  fix: 'List the actions the host needs (e.g. s3:GetObject) and scope Resource to the ARNs it needs (e.g. the env bucket prefix).',
  resourceTypes: Object.keys(POLICY_ATTRIBUTES),
  check(r, ctx) {
    return judgePolicies(
      r,
      ctx,
      (s) => (s.actions.some(isWildcardAction) && s.resources.includes('*') ? `Allow ${s.actions.join(', ')} on Resource "*". ${IAM_001.fix}` : undefined),
      'no statement allows * on *',
    );
  },
};
