import { isUnknown } from '../../../model/value.js';
import type { Outcome, ResourceRule } from '../../types.js';
import { list, read } from '../../values.js';
import { INLINE_TYPES, judgePolicies } from './common.js';

const ADMIN_POLICY = /:iam::aws:policy\/(AdministratorAccess|IAMFullAccess|PowerUserAccess)$/;
const ATTACHMENT_TYPES = ['aws_iam_role_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment', 'aws_iam_policy_attachment'];

export const IAM_002: ResourceRule = {
  id: 'IAM-002',
  title: 'No administrator access, attached or inline',
  severity: 'error',
  rationale: 'DESIGN.md IAM: one role per host kind with SSM core plus only what that host needs. AdministratorAccess/IAMFullAccess/PowerUserAccess or an inline `*`/`iam:*` grant lets a compromised host or CI job escalate to the whole account.',
  fix: 'Detach the admin policy / remove the `*` or `iam:*` statement; grant the specific actions the role needs.',
  resourceTypes: [...ATTACHMENT_TYPES, ...INLINE_TYPES],
  check(r, ctx) {
    if (ATTACHMENT_TYPES.includes(r.type)) {
      const arn = read(r.values, 'policy_arn');
      if (isUnknown(arn)) return { verdict: 'unknown', path: 'policy_arn', message: 'policy_arn is not known before apply' };
      return typeof arn === 'string' && ADMIN_POLICY.test(arn)
        ? { verdict: 'fail', path: 'policy_arn', message: `attaches ${arn}. ${IAM_002.fix}` }
        : { verdict: 'pass', path: 'policy_arn', message: `attaches ${String(arn)}` };
    }
    const out: Outcome[] = [];
    if (r.type === 'aws_iam_role') {
      const managed = list(read(r.values, 'managed_policy_arns'));
      if (!isUnknown(managed)) {
        for (const a of managed) if (typeof a === 'string' && ADMIN_POLICY.test(a)) out.push({ verdict: 'fail', path: 'managed_policy_arns', message: `managed_policy_arns includes ${a}. ${IAM_002.fix}` });
      }
    }
    const inline = judgePolicies(
      r,
      ctx,
      (s) => {
        const admin = s.actions.filter((a) => a === '*' || a === '*:*' || a.toLowerCase() === 'iam:*');
        return admin.length > 0 ? `inline policy allows ${admin.join(', ')} (on ${s.resources.join(', ') || 'no resource'}). ${IAM_002.fix}` : undefined;
      },
      'no inline admin grant',
    );
    return out.length > 0 ? [...out, ...inline.filter((o) => o.verdict !== 'pass')] : inline;
  },
};
