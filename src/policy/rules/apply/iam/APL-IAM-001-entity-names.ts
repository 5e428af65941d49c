import { ALNUM, stringRule } from '../factories.js';
import { IAM_QUOTAS_URL } from './common.js';

export const APL_IAM_001 = stringRule(
  {
    id: 'APL-IAM-001',
    title: 'IAM user, group, role, policy and instance-profile names use only letters, digits and +=,.@_-',
    why: 'IAM refuses any other character in these names.',
    source: {
      quote: 'Names of users, groups, roles, policies, instance profiles, server certificates, and paths must be alphanumeric, including the following common characters: plus (+), equals (=), comma (,), period (.), at (@), underscore (_), and hyphen (-). Path names must begin and end with a forward slash (/).',
      url: IAM_QUOTAS_URL,
    },
    fix: 'Rename with letters, digits and + = , . @ _ - only.',
    resourceTypes: ['aws_iam_role', 'aws_iam_policy', 'aws_iam_user', 'aws_iam_group', 'aws_iam_instance_profile'],
    providerValidates: true,
  },
  ['name'],
  { min: 1, charset: { allowed: `${ALNUM}+=,.@_-`, label: 'letters, digits and + = , . @ _ -' } },
);
