/** Where inline and standalone identity policies live, by resource type → attribute path(s). */
export const POLICY_ATTRIBUTES: Record<string, string[]> = {
  aws_iam_policy: ['policy'],
  aws_iam_role_policy: ['policy'],
  aws_iam_user_policy: ['policy'],
  aws_iam_group_policy: ['policy'],
  aws_iam_role: ['inline_policy.*.policy'],
};

export const INLINE_TYPES = ['aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_iam_role'];
