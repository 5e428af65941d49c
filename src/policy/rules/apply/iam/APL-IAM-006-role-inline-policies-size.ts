import { isUnknown } from '../../../../model/value.js';
import { referrers } from '../../../refs.js';
import type { Outcome } from '../../../types.js';
import { applyRule, valuesAt } from '../factories.js';
import { policySize } from './common.js';

export const APL_IAM_006 = applyRule(
  {
    id: 'APL-IAM-006',
    title: 'A role\'s inline policies together are at most 10,240 characters (white space not counted)',
    why: 'PutRolePolicy fails once the sum of a role\'s inline policies passes the quota (LimitExceeded: Maximum policy size of 10240 bytes exceeded); which policy fails depends on apply order.',
    source: {
      quote: 'You can add as many inline policies as you want to an IAM user, role, or group. But the total aggregate policy size (the sum size of all inline policies) per entity cannot exceed the following limits: … Role policy size cannot exceed 10,240 characters. … IAM does not count white space when calculating the size of a policy against these limitations.',
      url: 'https://github.com/vincentclee/aws-iam-policy-generator (README, quoting the IAM quotas page https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html)',
    },
    fix: 'Move statements into managed policies attached to the role (each up to 6,144 characters).',
    resourceTypes: ['aws_iam_role', 'aws_iam_role_policy'],
    judgedTypes: ['aws_iam_role'],
  },
  (role, ctx): Outcome => {
    const parts: { what: string; size: number }[] = [];
    for (const { path, value } of valuesAt(role, 'inline_policy.*.policy')) {
      if (isUnknown(value)) return { verdict: 'unknown', path, message: 'an inline policy is not known before apply' };
      const n = policySize(value);
      if (n) parts.push({ what: path, size: n });
    }
    for (const p of referrers(ctx, role, ['aws_iam_role_policy'], 'role', ['aws_iam_role'])) {
      const v = p.values.policy;
      if (isUnknown(v)) return { verdict: 'unknown', path: 'name', message: `${p.address}.policy is not known before apply` };
      const n = policySize(v);
      if (n) parts.push({ what: p.address, size: n });
    }
    const total = parts.reduce((a, b) => a + b.size, 0);
    if (parts.length === 0) return { verdict: 'not-applicable', message: 'no inline policy' };
    return total <= 10240
      ? { verdict: 'pass', path: 'name', message: `inline policies total ${total} characters` }
      : { verdict: 'fail', path: 'name', message: `inline policies total ${total} characters (${parts.map((p) => `${p.what} ${p.size}`).join(', ')}); at most 10,240 are allowed. Move statements into managed policies attached to the role.` };
  },
);
