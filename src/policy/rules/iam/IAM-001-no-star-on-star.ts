import { isWildcardAction } from '../../iam.js';
import type { ResourceRule } from '../../types.js';
import { judgePolicies, POLICY_ATTRIBUTES } from './common.js';

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
      (s) => {
        if (!s.actions.some(isWildcardAction)) return undefined;
        if (s.resources.includes('*')) return `Allow ${s.actions.join(', ')} on Resource "*". ${IAM_001.fix}`;
        if (s.resourcesUnknown) return { unknown: `Allow ${s.actions.join(', ')} on a Resource not known before apply, so "*" cannot be ruled out` };
        return undefined;
      },
      'no statement allows * on *',
    );
  },
};
