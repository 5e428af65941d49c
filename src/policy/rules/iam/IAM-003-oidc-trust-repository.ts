import { isUnknown } from '../../../model/value.js';
import { policyStatements, type Statement } from '../../iam.js';
import type { Outcome, ResourceRule } from '../../types.js';
import { unknownAt } from '../../values.js';

const GITHUB = 'token.actions.githubusercontent.com';
/** `repo:<owner>/<repo>:<anything>` with no wildcard in owner or repository. */
const PINNED_SUB = /^repo:[^/*?]+\/[^/*?:]+:.+$/;

function isGithubTrust(s: Statement): boolean {
  const fed = s.principals.Federated ?? [];
  return s.actions.some((a) => a === 'sts:AssumeRoleWithWebIdentity') && (fed.some((f) => f.includes(GITHUB)) || s.conditions.some((c) => c.variable.startsWith(GITHUB)));
}

export const IAM_003: ResourceRule = {
  id: 'IAM-003',
  title: 'GitHub OIDC trust is restricted to our repository',
  severity: 'error',
  rationale:
    'DESIGN.md: GitHub OIDC issuer token.actions.githubusercontent.com, audience sts.amazonaws.com, restrict `sub` (repo:<org>/<repo>:…). Without a pinned `sub` any GitHub repository\'s workflow can assume the role.',
  fix: 'Add conditions `StringEquals token.actions.githubusercontent.com:aud = sts.amazonaws.com` and `StringEquals|StringLike token.actions.githubusercontent.com:sub = repo:<org>/<repo>:…` (no wildcard in org or repo).',
  resourceTypes: ['aws_iam_role', 'aws_iam_policy_document'],
  judgedTypes: ['aws_iam_role'],
  check(r, ctx) {
    const st = policyStatements(r, 'assume_role_policy', ctx);
    if (st === undefined) return { verdict: 'not-applicable', message: 'no trust policy' };
    if (isUnknown(st)) return unknownAt('assume_role_policy', st, 'trust policy is not known before apply');
    const out: Outcome[] = [];
    for (const s of st.filter((x) => x.effect === 'Allow' && isGithubTrust(x))) {
      const sub = s.conditions.filter((c) => c.variable === `${GITHUB}:sub` && /^String(Equals|Like)$/.test(c.test));
      const aud = s.conditions.filter((c) => c.variable === `${GITHUB}:aud`);
      if (s.conditions.some((c) => c.unknown)) {
        out.push({ verdict: 'unknown', path: 'assume_role_policy', message: 'the GitHub trust conditions are not known before apply' });
        continue;
      }
      const values = sub.flatMap((c) => c.values);
      if (values.length === 0) out.push({ verdict: 'fail', path: 'assume_role_policy', message: `GitHub OIDC trust without a token.actions.githubusercontent.com:sub condition: any repository can assume it. ${IAM_003.fix}` });
      else {
        const loose = values.filter((v) => !PINNED_SUB.test(v));
        if (loose.length > 0) out.push({ verdict: 'fail', path: 'assume_role_policy', message: `sub condition ${loose.map((v) => JSON.stringify(v)).join(', ')} does not pin one repository. ${IAM_003.fix}` });
      }
      if (!aud.some((c) => c.values.includes('sts.amazonaws.com'))) out.push({ verdict: 'fail', path: 'assume_role_policy', message: `no aud = sts.amazonaws.com condition. ${IAM_003.fix}` });
      if (out.length === 0) out.push({ verdict: 'pass', path: 'assume_role_policy', message: `GitHub trust pinned to ${values.join(', ')}` });
    }
    if (out.length === 0) out.push({ verdict: 'not-applicable', message: 'not a GitHub OIDC role' });
    return out;
  },
};
