import { describeResources, everyActionBut, isWildcardAction, onEveryResource } from '../../iam.js';
import type { ResourceRule } from '../../types.js';
import { judgePolicies, POLICY_ATTRIBUTES } from './common.js';

export const IAM_001: ResourceRule = {
  id: 'IAM-001',
  title: 'No policy allows every action on every resource',
  severity: 'error',
  rationale:
    'DESIGN.md IAM: no wildcard action on a wildcard resource. `"*"` on `"*"` is full admin: one stolen host credential would own the whole account, its data and its backups. The same grant written the other way round counts too: an Allow with NotAction (every action but a few) or NotResource (every resource but a few) is as good as `"*"` for an attacker.',
  fix: 'List the actions the host needs (e.g. s3:GetObject) and scope Resource to the ARNs it needs (e.g. the env bucket prefix).',
  resourceTypes: Object.keys(POLICY_ATTRIBUTES),
  check(r, ctx) {
    return judgePolicies(
      r,
      ctx,
      (s) => {
        const but = everyActionBut(s);
        if (!s.actions.some(isWildcardAction) && !but) return undefined;
        const what = but ? `every action but ${but.join(', ')} (NotAction)` : s.actions.join(', ');
        if (onEveryResource(s)) return `Allow ${what} on ${describeResources(s)}. ${IAM_001.fix}`;
        if (s.resourcesUnknown) return { unknown: `Allow ${what} on a Resource not known before apply, so "*" cannot be ruled out` };
        return undefined;
      },
      'no statement allows * on *',
    );
  },
};
