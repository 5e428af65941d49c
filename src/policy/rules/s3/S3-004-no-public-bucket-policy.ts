import { isUnknown } from '../../../model/value.js';
import { isPublicPrincipal, policyStatements } from '../../iam.js';
import type { Outcome, ResourceRule } from '../../types.js';
import { unknownAt } from '../../values.js';

export const S3_004: ResourceRule = {
  id: 'S3-004',
  title: 'No bucket policy allows a public principal ("*") without a condition',
  severity: 'error',
  rationale:
    'AWS Security Hub S3.2 / S3.3 "S3 buckets should prohibit public read (write) access", evaluated from "the block public access settings, the bucket policy, and the bucket access control list": an Allow statement with Principal "*" (or {"AWS": "*"}) and no condition grants the action to anyone on the internet. A condition (aws:SourceArn, aws:SourceVpce, aws:PrincipalOrgID …) narrows it and is left to the reader.',
  fix: 'Name the principals (a CloudFront distribution through aws:SourceArn with the cloudfront.amazonaws.com service principal, an account, a role), or add a condition that restricts who may call; keep the bucket\'s public access block on.',
  resourceTypes: ['aws_s3_bucket_policy', 'aws_s3_bucket'],
  check(r, ctx) {
    const st = policyStatements(r, 'policy', ctx);
    if (st === undefined) return { verdict: 'not-applicable', message: 'no bucket policy' };
    if (isUnknown(st)) return unknownAt('policy', st, 'the bucket policy is not known before apply');
    const out: Outcome[] = [];
    st.forEach((s, i) => {
      if (s.effect !== 'Allow' && !s.effectUnknown) return;
      if (!isPublicPrincipal(s)) {
        if (s.principalsUnknown) out.push({ verdict: 'unknown', path: 'policy', message: `statement ${i}: a principal is not known before apply, so "*" cannot be ruled out` });
        return;
      }
      if (s.conditions.some((c) => c.unknown)) out.push({ verdict: 'unknown', path: 'policy', message: `statement ${i}: Principal "*" with a condition that is not known before apply` });
      else if (s.conditions.length > 0) return;
      else if (s.effectUnknown) out.push({ verdict: 'unknown', path: 'policy', message: `statement ${i}: Principal "*" with no condition, and its Effect is not known before apply` });
      else out.push({ verdict: 'fail', path: 'policy', message: `statement ${i}: Allow ${s.actions.join(', ') || '(actions)'} to Principal "*" with no condition: anyone on the internet. ${S3_004.fix}` });
    });
    if (out.length === 0) out.push({ verdict: 'pass', path: 'policy', message: 'no unconditioned public principal' });
    return out;
  },
};
