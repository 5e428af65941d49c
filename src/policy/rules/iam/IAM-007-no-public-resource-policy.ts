import type { Resource } from '../../../model/resource.js';
import { isUnknown } from '../../../model/value.js';
import { isPublicPrincipal, policyStatements, type Statement } from '../../iam.js';
import type { Outcome, ResourceRule } from '../../types.js';
import { resourcePolicyPaths, resourcePolicyTypes } from '../../resource-policies.js';
import { blocksOf, policyDocument, read, readSet } from '../../values.js';

/**
 * The resource policies judged: every argument of the provider schema that holds a resource policy
 * (src/policy/resource-policies.ts). Bucket policies are S3-004's; VPC endpoint policies only narrow
 * (see there). The inline policies of queues, topics, keys, secrets, domains and APIs are
 * Optional+Computed: left unset, policyStatements reads them as no policy (a separate *_policy
 * resource fills them in).
 */
const POLICY_TYPES = resourcePolicyTypes();

/** Types whose grant is a `principal` argument rather than a document, and what narrows "*" there. */
const PRINCIPAL_TYPES: Record<string, { narrowedBy: string[]; what: string }> = {
  aws_lambda_permission: { narrowedBy: ['source_arn', 'source_account', 'principal_org_id'], what: 'any AWS account may invoke the function' },
  // AWS::Lambda::LayerVersionPermission: "* to grant layer usage permission to all accounts in an
  // organization, or all AWS accounts (if organizationId is not specified)".
  aws_lambda_layer_version_permission: { narrowedBy: ['organization_id'], what: 'every AWS account may read and use the layer version (its code)' },
  // EventBridge PutPermission: "specifying Principal as "*" and specifying the AWS organization ID
  // in Condition, to grant permissions to all accounts in that organization"; the only condition
  // key it supports is aws:PrincipalOrgID, so a condition block narrows "*" to one organization.
  aws_cloudwatch_event_permission: { narrowedBy: ['condition'], what: 'every AWS account may put events on the bus' },
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
    'A resource policy that allows Principal "*" — or {"AWS": "*"}, or Allow with NotPrincipal ("Doing so allows all principals except the one named in the NotPrincipal element", IAM JSON policy elements: NotPrincipal) — grants its actions to every AWS account and, where the service accepts anonymous calls, to anyone: send to or read a queue, publish to a topic, pull images, decrypt with a key, read a secret, mount a file system, query an OpenSearch domain, copy out of a backup vault, invoke a private API, assume a role. The rule reads every argument of the provider schema that holds a resource policy (src/policy/resource-policies.ts: SQS, SNS, ECR, KMS, Secrets Manager, EFS, OpenSearch/Elasticsearch, Backup, Glacier, API Gateway, S3 access points, CloudWatch Logs, EventBridge, Glue, CodeArtifact, DynamoDB, Kinesis, role trust … — a type the provider adds is read too), and Lambda, Lambda layer and EventBridge permissions whose principal is "*". AWS calls a policy public unless a condition fixes who may call: "Amazon S3 considers a bucket policy public unless at least one of the following conditions is true: The policy limits access to a set of CIDRs using aws:SourceIp … grants permissions … to … A fixed aws:SourceArn, aws:SourceVpc, aws:SourceVpce, aws:SourceOwner, aws:SourceAccount" (PublicAccessBlockConfiguration, Amazon S3 API reference), and the same holds for every resource policy; aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn and kms:CallerAccount fix the caller too, and so does a Deny of the same actions to everyone a fixed negated condition (StringNotEquals aws:SourceVpce …) does not name. A condition on other keys (aws:SecureTransport, a tag) does not say who may call: the rule says unknown there rather than pass; so it does for a policy argument whose document is not IAM policy language. An …IfExists or ForAllValues operator holds when the request carries no such key, so it fixes nothing. A Lambda permission with principal "*" needs source_arn, source_account or principal_org_id; a layer permission ("grant layer usage permission to all accounts in an organization, or all AWS accounts (if organizationId is not specified)", AWS::Lambda::LayerVersionPermission) organization_id; an EventBridge permission a condition (PutPermission: Principal "*" with the organization ID in Condition grants "to all accounts in that organization"). S3 bucket policies are S3-004\'s; VPC endpoint policies are not read: "An endpoint policy does not override or replace identity-based policies or resource-based policies", and its default is Principal "*" (Amazon VPC, "Control access to VPC endpoints using endpoint policies"), so "*" there grants nothing.',
  fix: 'Name the principals (an account root ARN, a role ARN, a service principal such as "sns.amazonaws.com"), or keep "*" and add a condition with a fixed value that names who may call: aws:SourceArn / aws:SourceAccount for a service, aws:PrincipalOrgID for your organization, aws:SourceVpce for a VPC endpoint. For a Lambda permission, set source_arn (or source_account / principal_org_id).',
  resourceTypes: [...POLICY_TYPES, ...Object.keys(PRINCIPAL_TYPES)],
  check(r, ctx) {
    const byPrincipal = PRINCIPAL_TYPES[r.type];
    if (byPrincipal) {
      const principal = read(r.values, 'principal');
      if (isUnknown(principal)) return { verdict: 'unknown', path: 'principal', message: 'the principal is not known before apply, so "*" cannot be ruled out' };
      if (principal !== '*') return { verdict: 'pass', path: 'principal', message: `principal ${JSON.stringify(principal)}` };
      // Set to a literal, or to another resource's value (unknown before apply, but set).
      const set = byPrincipal.narrowedBy.filter((a) => {
        const v = a === 'condition' ? blocksOf(r, a) : readSet(r, a);
        return isUnknown(v) || (typeof v === 'string' && v !== '') || (Array.isArray(v) && v.length > 0);
      });
      if (set.length > 0) return { verdict: 'pass', path: 'principal', message: `principal "*" narrowed by ${set.join(', ')}` };
      return { verdict: 'fail', path: 'principal', message: `principal "*" without ${byPrincipal.narrowedBy.join(', ').replace(/, ([^,]*)$/, ' or $1')}: ${byPrincipal.what}. ${IAM_007.fix}` };
    }
    const out: Outcome[] = [];
    let documents = 0;
    for (const attribute of expandPaths(r, resourcePolicyPaths(r.type))) {
      if (typeof attribute !== 'string') {
        // The blocks that hold policies are not known before apply: neither are their policies.
        documents++;
        out.push({ verdict: 'unknown', path: attribute.unknownBlocks, message: `the ${attribute.unknownBlocks} blocks are not known before apply, so the policies they hold are not judged` });
        continue;
      }
      const st = policyStatements(r, attribute, ctx);
      if (st === undefined) continue;
      documents++;
      if (isUnknown(st)) {
        out.push({ verdict: 'unknown', path: attribute, message: `the ${attribute} document is not known before apply` });
        continue;
      }
      if (st.length === 0) {
        const doc = policyDocument(readSet(r, attribute));
        if (doc && !isUnknown(doc) && !('Statement' in doc)) {
          out.push({ verdict: 'unknown', path: attribute, message: `${attribute} is not an IAM policy document (no Statement): whom it lets in is not judged` });
          continue;
        }
      }
      out.push(...judgeDocument(st, attribute));
    }
    if (documents === 0) return { verdict: 'not-applicable', message: `no ${resourcePolicyPaths(r.type).join(' / ')} in the configuration` };
    if (out.length === 0) out.push({ verdict: 'pass', message: 'no statement lets Principal "*" in without a condition that fixes who' });
    return out;
  },
};

/**
 * Nested paths (`details.*.policy`) made concrete for this resource; where the blocks themselves are
 * not known before apply, the block path, so that the rule says unknown rather than n/a.
 */
function expandPaths(r: Resource, paths: string[]): (string | { unknownBlocks: string })[] {
  return paths.flatMap((p) => {
    if (!p.includes('.*.')) return [p];
    const i = p.indexOf('.*.');
    const bs = blocksOf(r, p.slice(0, i));
    return isUnknown(bs) ? [{ unknownBlocks: p.slice(0, i) }] : expandPaths(r, bs.map((b) => `${b.path}.${p.slice(i + 3)}`));
  });
}

const actionCovers = (deny: string, allow: string): boolean => {
  const d = deny.toLowerCase();
  const a = allow.toLowerCase();
  return d === '*' || d === a || (d.endsWith(':*') && a.startsWith(d.slice(0, -1)));
};

/**
 * A Deny statement that refuses the Allow's actions on its resources to everyone whom a fixed
 * condition does not name (`StringNotEquals aws:SourceVpce = vpce-1`, `NotIpAddress aws:SourceIp`):
 * a negated operator is true when the key is absent ("If the key … is not present in the request
 * context, the values do not match", IAM condition operators), so only the named callers keep the
 * Allow. It must name each of the Allow's actions and resources (or "*").
 */
function deniedToOthers(allow: Statement, denies: Statement[]): Statement | undefined {
  if (allow.actionsUnknown || allow.resourcesUnknown || allow.notActions) return undefined;
  return denies.find((d) => {
    if (d.effectUnknown || d.actionsUnknown || d.resourcesUnknown || d.notActions || d.notPrincipal || !isPublicPrincipal(d)) return false;
    if (!allow.actions.every((a) => d.actions.some((x) => actionCovers(x, a)))) return false;
    if (!d.resources.includes('*') && !allow.resources.every((x) => d.resources.includes(x))) return false;
    return d.conditions.length > 0 && d.conditions.every((c) => {
      if (!NARROWING_KEYS.has(c.variable.toLowerCase()) || !/^(ForAnyValue:)?(StringNot|ArnNot|NotIpAddress)/i.test(c.test)) return false;
      if (c.unknown) return c.mayBeWildcard === false;
      return c.values.length > 0 && c.values.every((v) => !/^[*?]*$/.test(v) && v !== '0.0.0.0/0' && v !== '::/0');
    });
  });
}

function judgeDocument(st: Statement[], attribute: string): Outcome[] {
  const out: Outcome[] = [];
  const denies = st.filter((s) => s.effect === 'Deny' && !s.effectUnknown);
  st.forEach((s, i) => {
    if (s.effect !== 'Allow' && !s.effectUnknown) return;
    // Allow with NotPrincipal grants to everyone but the principals it lists.
    if (!isPublicPrincipal(s) && !s.notPrincipal) {
      if (s.principalsUnknown) out.push({ verdict: 'unknown', path: attribute, message: `statement ${i}: a principal is not known before apply, so "*" cannot be ruled out` });
      return;
    }
    const actions = s.notActions ? `every action but ${s.notActions.join(', ') || '(unknown)'}` : s.actions.join(', ') || '(actions)';
    const what = `statement ${i}: Allow ${actions} to ${s.notPrincipal ? 'everyone but the NotPrincipal list' : 'Principal "*"'}`;
    const denied = deniedToOthers(s, denies);
    if (denied) return;
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
  return out;
}
