import { globMatches } from '../../../model/glob.js';
import { isUnknown } from '../../../model/value.js';
import { describeResources, everyActionBut, onEveryResource } from '../../iam.js';
import type { Outcome, ResourceRule } from '../../types.js';
import { list, read } from '../../values.js';
import { INLINE_TYPES, judgePolicies } from './common.js';

const ADMIN_POLICY = /:iam::aws:policy\/(AdministratorAccess|IAMFullAccess|PowerUserAccess)$/;
/** Attachment type → the attribute holding the managed policy ARN. */
const ATTACHMENTS: Record<string, string> = {
  aws_iam_role_policy_attachment: 'policy_arn',
  aws_iam_user_policy_attachment: 'policy_arn',
  aws_iam_group_policy_attachment: 'policy_arn',
  aws_iam_policy_attachment: 'policy_arn',
  aws_ssoadmin_managed_policy_attachment: 'managed_policy_arn',
};
const ATTACHMENT_TYPES = Object.keys(ATTACHMENTS);

/** A NotAction pattern that excludes every IAM action (`*`, `iam:*`, `i*:*`). */
const excludesIam = (pattern: string) => globMatches(pattern.toLowerCase(), 'iam:*');
/** A resource pattern that can name IAM resources (users, roles, policies). */
const mayBeIamResource = (arn: string) => arn === '*' || /^arn:[^:]*:(iam|[^:]*\*[^:]*):/.test(arn) || arn.startsWith('arn:*');

export const IAM_002: ResourceRule = {
  id: 'IAM-002',
  title: 'No administrator access, attached or inline',
  severity: 'error',
  rationale: 'DESIGN.md IAM: one role per host kind with SSM core plus only what that host needs. AdministratorAccess/IAMFullAccess/PowerUserAccess (attached to a role, user, group or IAM Identity Center permission set) or an inline `*`/`iam:*` grant lets a compromised host or CI job escalate to the whole account. An Allow with NotAction that does not exclude IAM grants every IAM action, so it counts as `iam:*` on the resources it names.',
  fix: 'Detach the admin policy / remove the `*` or `iam:*` statement; grant the specific actions the role needs.',
  resourceTypes: [...ATTACHMENT_TYPES, ...INLINE_TYPES],
  check(r, ctx) {
    if (ATTACHMENT_TYPES.includes(r.type)) {
      const path = ATTACHMENTS[r.type];
      const arn = read(r.values, path);
      if (isUnknown(arn)) return { verdict: 'unknown', path, message: `${path} is not known before apply` };
      return typeof arn === 'string' && ADMIN_POLICY.test(arn)
        ? { verdict: 'fail', path, message: `attaches ${arn}. ${IAM_002.fix}` }
        : { verdict: 'pass', path, message: `attaches ${String(arn)}` };
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
        const but = everyActionBut(s);
        if (but && !but.some(excludesIam)) {
          if (onEveryResource(s) || s.resources.some(mayBeIamResource)) return `inline policy allows every action but ${but.join(', ')} (NotAction), IAM included, on ${describeResources(s)}. ${IAM_002.fix}`;
          if (s.resourcesUnknown) return { unknown: `inline policy allows every action but ${but.join(', ')} (NotAction), IAM included, on a Resource not known before apply` };
        }
        const admin = s.actions.filter((a) => a === '*' || a === '*:*' || a.toLowerCase() === 'iam:*');
        return admin.length > 0 ? `inline policy allows ${admin.join(', ')} (on ${s.notResources ? describeResources(s) : s.resources.join(', ') || 'no resource'}). ${IAM_002.fix}` : undefined;
      },
      'no inline admin grant',
    );
    return out.length > 0 ? [...out, ...inline.filter((o) => o.verdict !== 'pass')] : inline;
  },
};
