import type { Resource } from '../../../model/resource.js';
import { isUnknown } from '../../../model/value.js';
import { follow, referrers } from '../../refs.js';
import type { ResourceRule, RuleContext } from '../../types.js';
import { list, read, readSet } from '../../values.js';

const SSM_CORE = /:policy\/AmazonSSMManagedInstanceCore$/;

/** Managed policy ARNs attached to a role, in every way Terraform can attach one. */
function attachedPolicies(role: Resource, ctx: RuleContext): { arns: string[]; unknown: boolean } {
  const arns: string[] = [];
  let unknown = false;
  const take = (v: unknown) => {
    if (typeof v === 'string') arns.push(v);
    else if (isUnknown(v)) unknown = true;
  };
  // Unset, the provider plans it unknown (computed): no managed policies written here.
  const managed = list(readSet(role, 'managed_policy_arns'));
  if (isUnknown(managed)) unknown = true;
  else managed.forEach(take);
  for (const a of referrers(ctx, role, ['aws_iam_role_policy_attachment'], 'role')) take(read(a.values, 'policy_arn'));
  for (const a of referrers(ctx, role, ['aws_iam_role_policy_attachments_exclusive'], 'role_name')) {
    const l = list(read(a.values, 'policy_arns'));
    if (isUnknown(l)) unknown = true;
    else l.forEach(take);
  }
  for (const a of referrers(ctx, role, ['aws_iam_policy_attachment'], 'roles')) take(read(a.values, 'policy_arn'));
  return { arns, unknown };
}

export const CMP_004: ResourceRule = {
  id: 'CMP-004',
  title: 'Every instance has an instance profile whose role has AmazonSSMManagedInstanceCore',
  severity: 'error',
  rationale:
    'DESIGN.md: SSM is the only way in (sessions, docker context, deploys) and the ephemeral probes run through SSM Run Command. Without the SSM core policy the host never registers and cannot be reached, deployed or probed.',
  fix: 'Give the instance `iam_instance_profile` whose role has an aws_iam_role_policy_attachment of arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore.',
  resourceTypes: ['aws_instance', 'aws_iam_instance_profile', 'aws_iam_role', 'aws_iam_role_policy_attachment'],
  judgedTypes: ['aws_instance'],
  check(r, ctx) {
    const v = readSet(r, 'iam_instance_profile');
    const profiles = follow(ctx, r, 'iam_instance_profile', ['aws_iam_instance_profile']);
    if (profiles.length === 0) {
      if (v === undefined || v === null || v === '') return { verdict: 'fail', path: 'iam_instance_profile', message: `no iam_instance_profile. ${CMP_004.fix}` };
      return { verdict: 'unknown', path: 'iam_instance_profile', message: `instance profile ${isUnknown(v) ? '(unknown)' : JSON.stringify(v)} is not in the model; its policies cannot be checked` };
    }
    const roles = profiles.flatMap((p) => follow(ctx, p, 'role', ['aws_iam_role']));
    if (roles.length === 0) return { verdict: 'unknown', path: 'iam_instance_profile', message: `the role of ${profiles[0].address} is not in the model` };
    const { arns, unknown } = attachedPolicies(roles[0], ctx);
    if (arns.some((a) => SSM_CORE.test(a))) return { verdict: 'pass', path: 'iam_instance_profile', message: `role ${roles[0].address} has AmazonSSMManagedInstanceCore` };
    if (unknown) return { verdict: 'unknown', path: 'iam_instance_profile', message: `a policy ARN attached to ${roles[0].address} is not known before apply` };
    return { verdict: 'fail', path: 'iam_instance_profile', message: `role ${roles[0].address} has no AmazonSSMManagedInstanceCore attachment (has: ${arns.join(', ') || 'none'}). ${CMP_004.fix}` };
  },
};
