import type { Outcome } from '../../../types.js';
import { applyRule, judgeString } from '../factories.js';
import { documents, IAM_QUOTAS_URL } from './common.js';

export const APL_IAM_004 = applyRule(
  {
    id: 'APL-IAM-004',
    title: 'IAM policy documents contain only tab, LF, CR and U+0020-U+00FF',
    why: 'IAM refuses a policy document with any other character (a Korean Sid or condition value fails at apply).',
    source: {
      quote: 'Policy documents can contain only the following Unicode characters: horizontal tab (U+0009), linefeed (U+000A), carriage return (U+000D), and characters in the range U+0020 to U+00FF.',
      url: IAM_QUOTAS_URL,
    },
    fix: 'Keep policy documents in Latin-1; put other text in tags or descriptions.',
    resourceTypes: ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_iam_role'],
  },
  (r, ctx) => {
    const out: Outcome[] = [];
    for (const d of documents(r)) {
      const o = judgeString(d.value, { charset: { allowed: (ch) => ch === '\t' || ch === '\n' || ch === '\r' || (ch >= ' ' && ch <= '\u00ff'), label: 'tab, LF, CR and U+0020-U+00FF' } }, d.path, r, ctx);
      if (o) out.push(o.verdict === 'fail' ? { ...o, message: `${o.message}. Keep policy documents in Latin-1; put other text in tags or descriptions.` } : o);
    }
    return out.length ? out : { verdict: 'not-applicable', message: 'no policy document' };
  },
);
