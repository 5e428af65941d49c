/**
 * Secrets never reach an output. A value is secret when terraform would treat it as sensitive: a
 * path the model marks sensitive (a sensitive variable flowed into it, or the plan's
 * `after_sensitive`), an attribute the provider declares sensitive (table below), a sensitive
 * output, or a sensitive input variable. `redactModel` replaces every string that holds a secret
 * (the secret itself, or text built from it such as "x-${var.password}") with "(sensitive value)",
 * terraform's own wording, and marks the provider-sensitive attributes sensitive, so a plan written
 * from the model keeps terraform's `sensitive_values` marking. `model` and `plan-json` print only a
 * redacted model; reports never print attribute values.
 */
import type { StackModel } from './resource.js';
import { isObjectValue, isUnknown, type Value } from './value.js';

/**
 * Attributes the providers declare sensitive (`Sensitive: true` in their schemas; the registry
 * documentation marks them "sensitive"), by resource type; `*` applies to every type.
 */
const PROVIDER_SENSITIVE: Record<string, readonly string[]> = {
  '*': ['password', 'master_password', 'auth_token', 'secret_string', 'secret_binary', 'private_key', 'private_key_pem', 'secret'],
  aws_ssm_parameter: ['value', 'insecure_value_wo'],
  aws_iam_access_key: ['secret', 'ses_smtp_password_v4'],
  aws_iam_user_login_profile: ['password'],
  aws_elasticache_user: ['passwords'],
  random_password: ['result', 'bcrypt_hash'],
  tls_private_key: ['private_key_pem', 'private_key_openssh', 'private_key_pem_pkcs8'],
};

export const REDACTED = '(sensitive value)';

/** The attributes of a resource type that the provider declares sensitive. */
export function providerSensitive(type: string): readonly string[] {
  return [...PROVIDER_SENSITIVE['*']!, ...(PROVIDER_SENSITIVE[type] ?? [])];
}

function at(v: Value, path: string): Value | undefined {
  let cur: Value | undefined = v;
  for (const p of path.split('.').filter(Boolean)) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isObjectValue(cur)) cur = cur[p];
    else return undefined;
  }
  return cur;
}

function strings(v: Value | undefined, out: Set<string>): void {
  if (typeof v === 'string') {
    if (v.length >= 4) out.add(v);
  } else if (typeof v === 'number') {
    if (String(v).length >= 6) out.add(String(v));
  } else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v !== null && v !== undefined && isObjectValue(v) && !isUnknown(v)) for (const x of Object.values(v)) strings(x, out);
}

/** The strings (at least 4 characters) inside the given secret values. */
export function stringsOf(values: Iterable<Value | undefined>): Set<string> {
  const out = new Set<string>();
  for (const v of values) strings(v, out);
  return out;
}

/** Every secret string of the model (at least 4 characters: shorter ones cannot be told from ordinary text). */
export function secretStrings(model: StackModel): Set<string> {
  const out = new Set<string>();
  for (const r of model.resources) {
    for (const path of [...r.sensitive, ...providerSensitive(r.type)]) strings(at(r.values, path), out);
  }
  for (const o of Object.values(model.outputs)) if (o.sensitive) strings(o.value, out);
  for (const name of model.sensitiveVariables ?? []) strings(model.variables[name], out);
  return out;
}

function scrub(v: unknown, secrets: readonly string[]): unknown {
  if (typeof v === 'string') return secrets.some((s) => v.includes(s)) ? REDACTED : v;
  if (typeof v === 'number') return secrets.includes(String(v)) ? REDACTED : v;
  if (Array.isArray(v)) return v.map((x) => scrub(x, secrets));
  if (v !== null && typeof v === 'object') {
    if (v instanceof Map || v instanceof Set) return v;
    const out: Record<string, unknown> = Object.create(Object.getPrototypeOf(v));
    for (const [k, x] of Object.entries(v)) out[k] = scrub(x, secrets);
    return out;
  }
  return v;
}

/** `text` with every secret of the model in it replaced by "(sensitive value)" (longest first). */
export function redactText(text: string, secrets: readonly string[]): string {
  secrets = [...secrets].sort((a, b) => b.length - a.length);
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}

/** A copy of the model with every secret replaced by "(sensitive value)" and provider-sensitive attributes marked. */
export function redactModel(model: StackModel): StackModel {
  const secrets = [...secretStrings(model)].sort((a, b) => b.length - a.length);
  const marked: StackModel = {
    ...model,
    resources: model.resources.map((r) => ({
      ...r,
      sensitive: [...new Set([...r.sensitive, ...providerSensitive(r.type).filter((a) => at(r.values, a) !== undefined && at(r.values, a) !== null && !isUnknown(at(r.values, a)!))])],
    })),
  };
  return secrets.length ? (scrub(marked, secrets) as StackModel) : marked;
}
