import { isUnknown } from '../../../model/value.js';
import type { ResourceRule } from '../../types.js';
import { list, read } from '../../values.js';

export const IAM_005: ResourceRule = {
  id: 'IAM-005',
  title: 'IAM users get no policies of their own (inline or attached)',
  severity: 'error',
  rationale:
    'AWS Security Hub IAM.2 "IAM users should not have IAM policies attached": "IAM users must inherit permissions from IAM groups or roles". Policies on individual users are granted one person at a time, are missed when that person leaves, and keep long-lived credentials powerful; AWS IAM best practices ask for roles with temporary credentials instead.',
  fix: 'Grant the permissions to a role the person or workload assumes (IAM Identity Center, an instance or task role), or to a group the user belongs to.',
  resourceTypes: ['aws_iam_user_policy', 'aws_iam_user_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_user_policies_exclusive'],
  check(r) {
    if (r.type === 'aws_iam_policy_attachment') {
      const users = list(read(r.values, 'users'));
      if (isUnknown(users)) return { verdict: 'unknown', path: 'users', message: 'users is not known before apply' };
      return users.length > 0
        ? { verdict: 'fail', path: 'users', message: `attaches a policy to user(s) ${users.map(String).join(', ')}. ${IAM_005.fix}` }
        : { verdict: 'pass', path: 'users', message: 'attaches to no user' };
    }
    return { verdict: 'fail', message: `${r.type} gives an IAM user a policy of its own. ${IAM_005.fix}` };
  },
};
