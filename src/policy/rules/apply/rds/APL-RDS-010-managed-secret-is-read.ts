import { configAddress, keysAgree } from '../../../../model/query.js';
import type { Resource } from '../../../../model/resource.js';
import { isUnknown, type Value } from '../../../../model/value.js';
import { applyRule } from '../factories.js';
import type { RuleContext } from '../../../types.js';
import { isTrue, policyDocument, read, statements, stringsOf } from '../../../values.js';

const READ_ACTIONS = /^(\*|secretsmanager:\*|secretsmanager:GetSecretValue|secretsmanager:Get\*)$/i;

export const APL_RDS_010 = applyRule(
  {
    id: 'APL-RDS-010',
    title: 'An RDS-managed master secret is read by something in the stack',
    severity: 'warning',
    why: 'RDS rotates the secret it manages (every seven days by default), so a password copied out of it once (into a .env, a parameter) stops working within a week; something must read the secret at connect time — a reference to master_user_secret, or an IAM policy that allows secretsmanager:GetSecretValue on it.',
    source: {
      quote: 'RDS 管理密钥的设置,原定设置情况下每七天轮换一次密钥。(RDS manages the secret\'s settings and by default rotates the secret every seven days.)',
      url: 'https://docs.amazonaws.cn/AmazonRDS/latest/DeveloperGuide/rds-secrets-manager.html',
    },
    fix: 'Give the application a reader of the secret (an IAM policy allowing secretsmanager:GetSecretValue on master_user_secret[0].secret_arn, used at connect time), or a database role of its own with its own credential; keep the master secret for break-glass use.',
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster', 'aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_iam_policy_document'],
    judgedTypes: ['aws_db_instance', 'aws_rds_cluster'],
  },
  (r, ctx) => {
    if (!isTrue(read(r.values, 'manage_master_user_password'))) return { verdict: 'not-applicable', message: 'the master password is not managed by RDS' };
    const reader = secretReader(r, ctx);
    if (reader?.startsWith('may:')) return { verdict: 'unknown', path: 'manage_master_user_password', message: `whether the managed master secret is read is not known before apply: ${reader.slice(4)}` };
    return reader
      ? { verdict: 'pass', path: 'manage_master_user_password', message: `the managed master secret is read: ${reader}` }
      : {
          verdict: 'fail',
          path: 'manage_master_user_password',
          message: 'manage_master_user_password = true, but nothing in the stack references master_user_secret or allows secretsmanager:GetSecretValue on it; a copied password stops working at the first rotation (7 days by default)',
        };
  },
);

/** What reads the secret: a reference to master_user_secret, an output of it, or a policy allowing GetSecretValue on it. */
function secretReader(db: Resource, ctx: RuleContext): string | undefined {
  const { referrers, policyReader } = readers(ctx);
  const candidates = [...(referrers.get(db.address) ?? []), ...(referrers.get(stripKey(db.address)) ?? [])].filter((c) => c.address !== db.address);
  if (candidates.length > 0) return candidates.reduce((a, b) => (b.order < a.order ? b : a)).text;
  let may: string | undefined;
  for (const [name, out] of Object.entries(ctx.model.outputs)) {
    const m = mentions(out.value, db.address);
    if (m === true) return `output ${name} exposes it`;
    if (m === 'may') may ??= `may:output ${name} reads ${configAddress(db.address)} as a whole (a plan records no instance keys there), so it may expose the secret`;
  }
  return policyReader ?? may;
}

interface Referrer {
  /** The referring resource's position in the model: the first one found is named. */
  order: number;
  address: string;
  text: string;
}

/**
 * Once per model (the rule stays linear in the number of databases): who references
 * `<address>.master_user_secret…`, by that address, and the first IAM policy that allows
 * secretsmanager:GetSecretValue on RDS-managed secrets (it reads any database's).
 */
function readers(ctx: RuleContext): { referrers: Map<string, Referrer[]>; policyReader: string | undefined } {
  return ctx.memo('apl-rds-010-readers', () => {
    const referrers = new Map<string, Referrer[]>();
    ctx.index.resources.forEach((other, order) => {
      const seen = new Set<string>();
      for (const x of other.references) {
        for (let i = x.target.indexOf(SECRET); i >= 0; i = x.target.indexOf(SECRET, i + 1)) {
          const base = x.target.slice(0, i);
          if (seen.has(base)) continue;
          seen.add(base);
          const list = referrers.get(base) ?? [];
          list.push({ order, address: other.address, text: `${other.address}.${x.attribute} references it` });
          referrers.set(base, list);
        }
      }
    });
    let policyReader: string | undefined;
    for (const p of ctx.index.ofType('aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_iam_policy_document')) {
      const doc = policyDocument(read(p.values, p.mode === 'data' ? 'json' : 'policy'));
      if (doc === undefined || isUnknown(doc)) continue;
      const allows = statements(doc).some(
        (s) =>
          s.Effect === 'Allow' &&
          stringsOf(s.Action).some((a) => READ_ACTIONS.test(a)) &&
          stringsOf(s.Resource).some((res) => res === '*' || /secret:rds!/.test(res) || res.startsWith('arn:aws:secretsmanager:*')),
      );
      if (allows) {
        policyReader = `${p.address} allows secretsmanager:GetSecretValue on it`;
        break;
      }
    }
    return { referrers, policyReader };
  });
}

const SECRET = '.master_user_secret';

function stripKey(address: string): string {
  return address.replace(/\[[^\]]*\]$/, '');
}

/** Does a value come from the database's master_user_secret: certainly, or maybe (an origin without its instance keys)? */
function mentions(v: Value, address: string): boolean | 'may' {
  if (isUnknown(v)) {
    const secret = v.origins.filter((o) => o.attribute.startsWith('master_user_secret'));
    if (secret.some((o) => o.address === address)) return true;
    return secret.some((o) => configAddress(o.address) === configAddress(address) && keysAgree(o.address, address)) ? 'may' : false;
  }
  const parts = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : [];
  let may = false;
  for (const x of parts) {
    const m = mentions(x, address);
    if (m === true) return true;
    may ||= m === 'may';
  }
  return may ? 'may' : false;
}
