import { stringRule } from '../factories.js';
import { IAM_QUOTAS_URL } from './common.js';

export const APL_IAM_003 = stringRule(
  {
    id: 'APL-IAM-003',
    title: 'Inline policy names are basic Latin without \\ / * ? or space',
    why: 'PutRolePolicy / PutUserPolicy / PutGroupPolicy refuse other names.',
    source: {
      quote: 'Names of inline policies embedded in a user, group, or role must be unique for that entity. These names can contain any Basic Latin (ASCII) characters, minus the following reserved characters: backslash (\\), forward slash (/), asterisk (*), question mark (?), and white space.',
      url: IAM_QUOTAS_URL,
    },
    fix: 'Rename the inline policy with ASCII characters other than \\ / * ? and white space.',
    resourceTypes: ['aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_iam_role'],
    providerValidates: true,
  },
  ['name', 'inline_policy.*.name'],
  { charset: { allowed: (ch) => ch > ' ' && ch <= '~' && !'\\/*?'.includes(ch), label: 'ASCII characters other than \\ / * ? and white space' } },
);
