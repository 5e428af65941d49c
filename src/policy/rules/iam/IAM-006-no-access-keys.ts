import type { ResourceRule } from '../../types.js';

export const IAM_006: ResourceRule = {
  id: 'IAM-006',
  title: 'No long-lived IAM access keys are created',
  severity: 'error',
  rationale:
    'AWS IAM best practices: "Require workloads to use temporary credentials with IAM roles to access AWS"; Security Hub IAM.3 asks that users\' access keys be rotated every 90 days. An aws_iam_access_key is a long-lived secret written to the Terraform state (its secret is an attribute of the resource), readable by everyone who can read the state, and valid until someone deletes it.',
  fix: 'Use a role instead: an instance profile, an ECS task role, a Lambda execution role, GitHub OIDC for CI, IAM Identity Center for people. If a key is unavoidable, create it outside Terraform and rotate it.',
  resourceTypes: ['aws_iam_access_key'],
  check() {
    return { verdict: 'fail', message: `creates an access key for an IAM user; its secret lives in the state. ${IAM_006.fix}` };
  },
};
