import { globMatches } from '../../../model/glob.js';
import type { Resource } from '../../../model/resource.js';
import { isUnknown, stringSegments, type Unknown } from '../../../model/value.js';
import { resolveRefs } from '../../../model/refs.js';
import { isPublicPrincipal, policyStatements, type Statement } from '../../iam.js';
import { mayReferrers } from '../../refs.js';
import type { Outcome, ResourceRule, RuleContext } from '../../types.js';
import { companions } from './common.js';

const FIX =
  'Give the bucket a policy statement that denies every request not sent over TLS: Effect "Deny", Principal "*", Action "s3:*", Resource the bucket ARN and "<bucket ARN>/*", Condition Bool aws:SecureTransport = "false".';


/**
 * Whether `Deny` + `NotAction: [...]` denies every S3 action: NotAction "explicitly matches everything
 * except the specified list of actions", and "such unlisted actions or services are denied if you use
 * the Deny effect" (IAM JSON policy elements: NotAction), so it does exactly when no
 * entry names an S3 action. An entry whose service part matches `s3` (`s3:GetObject`, `s3:Get*`,
 * `*`) exempts S3 actions over HTTP: false. An entry naming another service (`s3express:*`,
 * `kms:*`) exempts nothing of S3. An S3 action a bucket policy names is a real one: S3 refuses a
 * policy with any other (PutBucketPolicy: MalformedPolicy "Policy has invalid action"). An entry
 * with no `service:` part other than wildcards cannot be read: undefined.
 */
function notActionsLeaveS3(notActions: string[]): boolean | undefined {
  let verdict: boolean | undefined = true;
  for (const a of notActions) {
    const colon = a.indexOf(':');
    if (colon < 0) {
      if (/^[*?]+$/.test(a)) return false;
      verdict = undefined;
      continue;
    }
    if (globMatches(a.slice(0, colon).toLowerCase(), 's3')) return false;
  }
  return verdict;
}

/** Whether a Deny statement is the TLS-only deny; undefined when a part it depends on is unknown. */
function tlsDeny(s: Statement): boolean | undefined {
  if (s.effectUnknown) return undefined;
  if (s.effect !== 'Deny') return false;
  const tls = s.conditions.filter((c) => /^Bool(IfExists)?$/i.test(c.test) && c.variable.toLowerCase() === 'aws:securetransport');
  if (!tls.some((c) => c.values.includes('false'))) return s.conditions.some((c) => c.unknown) ? undefined : false;
  if (!isPublicPrincipal(s)) return s.principalsUnknown ? undefined : false;
  if (s.notActions && s.actionsUnknown) return undefined;
  const allActions = s.notActions ? notActionsLeaveS3(s.notActions) : s.actions.some((a) => a === '*' || a.toLowerCase() === 's3:*');
  if (allActions !== true) return s.actionsUnknown || allActions === undefined ? undefined : false;
  // A bucket policy may only name its own bucket, so what matters is whether the objects are
  // covered: `*`, or an ARN ending in `/*` — known, or known to end so (`${aws_s3_bucket.b.arn}/*`).
  const endsInObjects = (u: Unknown) => {
    const last = stringSegments(u).at(-1);
    return last?.kind === 'literal' && last.text.endsWith('/*');
  };
  const objects = s.resources.some((x) => x === '*' || x.endsWith('/*')) || (s.unknownResources ?? []).some(endsInObjects);
  if (!objects) return s.resourcesUnknown ? undefined : false;
  return true;
}

/** Policies of this stack whose `bucket` names no bucket of the model: any of them may be this bucket's. */
function unattachedPolicies(ctx: RuleContext): Resource[] {
  return ctx.memo('s3-005:unattached-policies', () =>
    ctx.index.ofType('aws_s3_bucket_policy').filter((p) => {
      const x = resolveRefs(ctx.index, p, 'bucket'); // as companions() ties them
      return x.found.length === 0 && (x.ambiguous?.candidates ?? []).length === 0;
    }),
  );
}

export const S3_005: ResourceRule = {
  id: 'S3-005',
  title: 'S3 buckets deny requests that do not use TLS',
  severity: 'error',
  rationale:
    'Amazon S3 accepts plain HTTP as well as HTTPS; only the bucket policy can refuse HTTP. AWS Config s3-bucket-ssl-requests-only (Security Hub S3.5) "Checks if S3 buckets have policies that require requests to use SSL/TLS. The rule is NON_COMPLIANT if any S3 bucket has policies allowing HTTP requests", and the AWS Knowledge Center article "s3-bucket-policy-for-config-rule" says how to comply: a bucket policy that explicitly denies access when the request meets the condition "aws:SecureTransport": "false" — a policy that only allows HTTPS requests without explicitly denying HTTP ones may not comply. The statement must deny every S3 action ("s3:*") to every principal on the bucket\'s objects; a deny of fewer actions leaves the rest open over HTTP. A deny written with NotAction, which "explicitly matches everything except the specified list of actions" (IAM JSON policy elements: NotAction), covers them only when no entry names an S3 action (`s3:GetObject`, `s3:Get*`, `*`): an S3 action a bucket policy names is a real one, since S3 refuses a policy with any other (PutBucketPolicy: MalformedPolicy "Policy has invalid action"); an entry it cannot read leaves the verdict unknown.',
  fix: FIX,
  resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_policy'],
  judgedTypes: ['aws_s3_bucket'],
  check(r, ctx) {
    const policies: { source: string; statements: ReturnType<typeof policyStatements>; certain: boolean }[] = [];
    // The bucket's own `policy` (deprecated in provider v4+) is Optional+Computed: left unset, a plan
    // shows it "known after apply" from the bucket itself; policyStatements reads it as no policy.
    const inline = policyStatements(r, 'policy', ctx);
    if (inline !== undefined) policies.push({ source: `${r.address} policy`, statements: inline, certain: true });
    for (const p of companions(r, ctx, 'aws_s3_bucket_policy')) policies.push({ source: p.address, statements: policyStatements(p, 'policy', ctx), certain: true });
    for (const p of mayReferrers(ctx, r, ['aws_s3_bucket_policy'], 'bucket')) policies.push({ source: p.address, statements: policyStatements(p, 'policy', ctx), certain: false });

    let unknownWhy: string | undefined;
    for (const p of policies) {
      if (p.statements === undefined) continue;
      if (isUnknown(p.statements)) {
        unknownWhy ??= `the policy of ${p.source} is not known before apply`;
        continue;
      }
      const verdicts = p.statements.map(tlsDeny);
      if (verdicts.includes(true)) {
        if (p.certain) return { verdict: 'pass', path: p.source === `${r.address} policy` ? 'policy' : undefined, message: `${p.source} denies requests without TLS (aws:SecureTransport = false)` };
        unknownWhy ??= `${p.source} denies requests without TLS, but it is the policy of one of several buckets, unknown which`;
      } else if (verdicts.includes(undefined)) unknownWhy ??= `a statement of ${p.source} may be the TLS-only deny: a part of it is not known before apply`;
    }
    if (unknownWhy) return { verdict: 'unknown', message: unknownWhy };
    const unattached = unattachedPolicies(ctx);
    if (policies.length === 0 && unattached.length > 0) {
      return { verdict: 'unknown', message: `no bucket policy names this bucket by reference, but ${unattached.map((p) => p.address).join(', ')} name${unattached.length === 1 ? 's' : ''} a bucket this model cannot tie to a resource` };
    }
    const out: Outcome = policies.length === 0
      ? { verdict: 'fail', message: `no bucket policy: the bucket accepts plain HTTP. ${FIX}` }
      : { verdict: 'fail', message: `${policies.map((p) => p.source).join(', ')} has no statement denying requests without TLS: the bucket accepts plain HTTP. ${FIX}` };
    return out;
  },
};
