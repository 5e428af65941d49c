import { stringRule } from '../factories.js';
import { IAM_QUOTAS_URL } from './common.js';

export const APL_IAM_002 = stringRule(
  {
    id: 'APL-IAM-002',
    title: 'IAM paths begin and end with a slash',
    why: 'IAM refuses a path that does not begin and end with /.',
    source: {
      quote: 'Path names must begin and end with a forward slash (/).',
      url: IAM_QUOTAS_URL,
    },
    fix: 'Write the path as `/` or `/team/app/`.',
    resourceTypes: ['aws_iam_role', 'aws_iam_policy', 'aws_iam_user', 'aws_iam_group', 'aws_iam_instance_profile'],
  },
  ['path'],
  { pattern: { re: /^\/(?:.*\/)?$/, label: 'a path that begins and ends with /' } },
);
