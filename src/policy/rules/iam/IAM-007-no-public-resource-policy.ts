import { isUnknown } from '../../../model/value.js';
import { isPublicPrincipal, policyStatements, type Statement } from '../../iam.js';
import type { Outcome, ResourceRule } from '../../types.js';
import { read, readSet } from '../../values.js';

/**
 * The resource policies judged, by type: the attribute that holds the document. Bucket policies are
 * S3-004's. The inline policies of queues, topics, keys and secrets are Optional+Computed: left
 * unset, policyStatements reads them as no policy (a separate *_policy resource fills them in).
 */
const POLICY_ATTRIBUTE: Record<string, string> = {
  aws_sqs_queue_policy: 'policy',
  aws_sqs_queue: 'policy',
  aws_sns_topic_policy: 'policy',
  aws_sns_topic: 'policy',
  aws_ecr_repository_policy: 'policy',
  aws_kms_key: 'policy',
  aws_secretsmanager_secret_policy: 'policy',
  aws_secretsmanager_secret: 'policy',
  aws_efs_file_system_policy: 'policy',
  aws_iam_role: 'assume_role_policy',
};

/**
 * Condition keys that name who may call (or from where), when compared with a fixed value. The S3
 * list is AWS's own ("Amazon S3 considers a bucket policy public unless at least one of the
 * following conditions is true: The policy limits access to a set of CIDRs using aws:SourceIp …
 * A fixed aws:SourceArn, aws:SourceVpc, aws:SourceVpce, aws:SourceOwner, aws:SourceAccount …
 * A fixed value of aws:userid", PublicAccessBlockConfiguration, Amazon S3 API reference); the
 * principal keys compare the caller itself (IAM global condition keys: aws:PrincipalOrgID "compare
 * the identifier of the organization in AWS Organizations to which the requesting principal
 * belongs with the identifier specified in the policy"; aws:PrincipalAccount, aws:PrincipalArn
 * likewise) and kms:CallerAccount the caller's account.
 */
const NARROWING_KEYS = new Set(
  ['aws:SourceIp', 'aws:SourceArn', 'aws:SourceVpc', 'aws:SourceVpce', 'aws:SourceOwner', 'aws:SourceAccount', 'aws:userid', 'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:PrincipalAccount', 'aws:PrincipalArn', 'aws:SourceOrgID', 'aws:SourceOrgPaths', 'kms:CallerAccount'].map((k) => k.toLowerCase()),
);

/**
 * What a condition says of who may call: `fixes` when it compares a key of NARROWING_KEYS with a
 * fixed value; `holds-for-anyone` when it names such a key but a caller can still get through:
 * `…IfExists` and `ForAllValues:` operators are true when the key is absent from the request (IAM
 * condition operators), so a direct caller that sends no such key passes them; a value that is only
 * wildcards (or 0.0.0.0/0) fixes nothing; `Null` and `Not…` operators exclude rather than name.
 * `other` for keys this rule does not know (aws:SecureTransport, tags …): not judged.
 */
function narrowing(c: Statement['conditions'][number]): 'fixes' | 'holds-for-anyone' | 'other' {
  if (!NARROWING_KEYS.has(c.variable.toLowerCase())) return 'other';
  const op = c.test.replace(/^ForAnyValue:/i, '');
  if (/IfExists$/i.test(op) || /^ForAllValues:/i.test(op) || /^Null$/i.test(op) || /^Not/i.test(op)) return 'holds-for-anyone';
  // A value known only after apply counts when it cannot be a wildcard: an ARN, an id, an account id.
  if (c.unknown && (c.mayBeWildcard ?? true)) return 'other';
  const fixed = c.values.every((v) => !/^[*?]*$/.test(v) && v !== '0.0.0.0/0' && v !== '::/0');
  return fixed && (c.values.length > 0 || c.unknown === true) ? 'fixes' : 'holds-for-anyone';
}

export const IAM_007: ResourceRule = {
  id: 'IAM-007',
  title: 'No resource policy lets anyone in (Principal "*") without a condition that fixes who',
  severity: 'error',
  rationale:
    'A resource policy (SQS queue, SNS topic, ECR repository, KMS key, Secrets Manager secret, EFS file system, IAM role trust, Lambda permission) that allows Principal "*" — or {"AWS": "*"} — grants its actions to every AWS account and, where the service accepts anonymous calls, to anyone: send to or read the queue, publish to the topic, pull images, decrypt with the key, read the secret, mount the file system, assume the role. AWS calls a policy public unless a condition fixes who may call: "Amazon S3 considers a bucket policy public unless at least one of the following conditions is true: The policy limits access to a set of CIDRs using aws:SourceIp … grants permissions … to … A fixed aws:SourceArn, aws:SourceVpc, aws:SourceVpce, aws:SourceOwner, aws:SourceAccount" (PublicAccessBlockConfiguration, Amazon S3 API reference), and the same holds for every resource policy; aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn and kms:CallerAccount fix the caller too. A condition on other keys (aws:SecureTransport, a tag) does not say who may call: the rule says unknown there rather than pass. An …IfExists or ForAllValues operator holds when the request carries no such key, so it fixes nothing. A Lambda permission with principal "*" needs source_arn, source_account or principal_org_id for the same reason. S3 bucket policies are S3-004\'s.',
  fix: 'Name the principals (an account root ARN, a role ARN, a service principal such as "sns.amazonaws.com"), or keep "*" and add a condition with a fixed value that names who may call: aws:SourceArn / aws:SourceAccount for a service, aws:PrincipalOrgID for your organization, aws:SourceVpce for a VPC endpoint. For a Lambda permission, set source_arn (or source_account / principal_org_id).',
  resourceTypes: [...Object.keys(POLICY_ATTRIBUTE), 'aws_lambda_permission'],
  check(r, ctx) {
    if (r.type === 'aws_lambda_permission') {
      const principal = read(r.values, 'principal');
      if (isUnknown(principal)) return { verdict: 'unknown', path: 'principal', message: 'the principal is not known before apply, so "*" cannot be ruled out' };
      if (principal !== '*') return { verdict: 'pass', path: 'principal', message: `principal ${JSON.stringify(principal)}` };
      // Set to a literal, or to another resource's value (unknown before apply, but set).
      const set = ['source_arn', 'source_account', 'principal_org_id'].filter((a) => {
        const v = readSet(r, a);
        return isUnknown(v) || (typeof v === 'string' && v !== '');
      });
      if (set.length > 0) return { verdict: 'pass', path: 'principal', message: `principal "*" narrowed by ${set.join(', ')}` };
      return { verdict: 'fail', path: 'principal', message: `principal "*" without source_arn, source_account or principal_org_id: any AWS account may invoke the function. ${IAM_007.fix}` };
    }
    const attribute = POLICY_ATTRIBUTE[r.type]!;
    const st = policyStatements(r, attribute, ctx);
    if (st === undefined) return { verdict: 'not-applicable', message: `no ${attribute} in the configuration` };
    if (isUnknown(st)) return { verdict: 'unknown', path: attribute, message: `the ${attribute} document is not known before apply` };
    const out: Outcome[] = [];
    st.forEach((s, i) => {
      if (s.effect !== 'Allow' && !s.effectUnknown) return;
      if (!isPublicPrincipal(s)) {
        if (s.principalsUnknown) out.push({ verdict: 'unknown', path: attribute, message: `statement ${i}: a principal is not known before apply, so "*" cannot be ruled out` });
        return;
      }
      const what = `statement ${i}: Allow ${s.actions.join(', ') || '(actions)'} to Principal "*"`;
      if (s.conditions.length === 0) {
        if (s.effectUnknown) out.push({ verdict: 'unknown', path: attribute, message: `${what} with no condition, and its Effect is not known before apply` });
        else out.push({ verdict: 'fail', path: attribute, message: `${what} with no condition: every AWS account (and, where the service allows, anyone). ${IAM_007.fix}` });
        return;
      }
      const kinds = s.conditions.map(narrowing);
      if (kinds.includes('fixes')) return;
      if (kinds.every((k) => k === 'holds-for-anyone')) {
        const keys = [...new Set(s.conditions.map((c) => `${c.test} ${c.variable}`))].join(', ');
        out.push({ verdict: 'fail', path: attribute, message: `${what} with conditions (${keys}) that a caller sending no such key, or any value, still meets. ${IAM_007.fix}` });
        return;
      }
      if (s.conditions.some((c) => c.unknown)) {
        out.push({ verdict: 'unknown', path: attribute, message: `${what} with a condition not known before apply` });
        return;
      }
      const keys = [...new Set(s.conditions.map((c) => `${c.test} ${c.variable}`))].join(', ');
      out.push({ verdict: 'unknown', path: attribute, message: `${what} with conditions (${keys}) that do not fix the caller by a key this rule knows (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID …); whether they narrow who may call is not judged` });
    });
    if (out.length === 0) out.push({ verdict: 'pass', path: attribute, message: 'no statement lets Principal "*" in without a condition that fixes who' });
    return out;
  },
};
