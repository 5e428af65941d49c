/**
 * One evaluated resource instance → a model `Resource`: values as terraform would plan them
 * (schema hook, `tags_all` from provider `default_tags`, `id` known after apply), references per
 * attribute, sensitive attribute paths, source locations and `# stackcheck:ignore` suppressions.
 */
import type { Reference, Resource, SourceLocation } from '../../model/resource.js';
import { isObjectValue, isUnknown, Unknown, type ObjectValue, type Value } from '../../model/value.js';
import type { ResourceDecl } from './config.js';
import type { LoadContext } from './modules.js';
import { planUnsetArguments, typeSchema } from '../../schema/index.js';
import { withGeneratedDomains } from '../../model/domains.js';

/** A block body after evaluation: values plus where each attribute path came from. */
export interface EvaluatedBody {
  values: ObjectValue;
  /** Declaration site per attribute path (`ami`, `ingress.0.from_port`). */
  locations: Record<string, SourceLocation>;
  references: Reference[];
  /** The raw expression per attribute path (for sensitivity). */
  rawByPath: Record<string, unknown>;
}

export interface BuildArgs {
  ctx: LoadContext;
  decl: ResourceDecl & { mode: 'managed' | 'data' };
  module: string;
  address: string;
  index?: number | string;
  unknownInstances?: import('../../model/resource.js').UnknownInstances;
  values: ObjectValue;
  evaluated: EvaluatedBody;
  providerName: string;
  providerConfig?: ObjectValue;
  /** Whether a raw expression reads something sensitive (a sensitive variable, local, output). */
  readsSensitive: (raw: unknown) => boolean;
}

/**
 * The object expressions see for a resource instance (`aws_cloudfront_origin_access_identity.this["s3"]`):
 * its planned values plus every attribute the provider computes that they lack, unknown ("known
 * after apply", this instance and attribute as origin). In terraform the object has every
 * attribute of the schema, so `lookup(res, "cloudfront_access_identity_path", null)`,
 * `try(res.x, d)` and `contains(keys(res), "x")` find a computed attribute's key — unknown, never
 * the default. Attributes the schema does not compute and blocks stay as they are (a read of one
 * that is missing is unknown through the resource origin, scope.ts).
 */
export function resourceObject(type: string, mode: 'managed' | 'data', values: ObjectValue, address: string): ObjectValue {
  const out: ObjectValue = { ...values };
  for (const name of computedNames(mode, type)) {
    if (!Object.prototype.hasOwnProperty.call(out, name)) out[name] = new Unknown('known after apply', [{ address, attribute: name }]);
  }
  return out;
}

/** The computed attributes of a type's schema, once per type (every instance of a type asks). */
const COMPUTED = new Map<string, string[]>();
function computedNames(mode: 'managed' | 'data', type: string): string[] {
  const key = `${mode} ${type}`;
  let names = COMPUTED.get(key);
  if (!names) {
    const schema = typeSchema(mode, type);
    names = schema ? Object.entries(schema.attributes).filter(([, a]) => a.computed).map(([n]) => n) : [];
    COMPUTED.set(key, names);
  }
  return names;
}

const SUPPRESSION = /^(?:#|\/\/)\s*stackcheck:ignore\s+(\S+)(?:\s+(.*\S))?\s*$/;

export function buildResource(a: BuildArgs): Resource {
  // Unset arguments as the provider plans them (its defaults, unknown where it computes one).
  let values: ObjectValue = planUnsetArguments(a.decl.type, a.decl.mode, a.values, a.address);
  if (a.ctx.shapeValues) values = withOrigins(a.ctx.shapeValues(a.decl.type, a.decl.mode, values), a.address, '') as ObjectValue;
  if (a.decl.mode === 'managed') values = withGeneratedDomains(a.decl.type, values, a.address);
  if (a.decl.mode === 'managed') {
    if (values.id === undefined || values.id === null) {
      values.id = new Unknown('known after apply', [{ address: a.address, attribute: 'id' }]);
    }
    if (a.decl.type.startsWith('aws_') && ('tags' in values || 'tags_all' in values)) {
      values.tags_all = tagsAll(values.tags, a.providerConfig, a.address);
    }
  }
  const sensitive: string[] = [];
  for (const [path, raw] of Object.entries(a.evaluated.rawByPath)) {
    if (a.readsSensitive(raw)) sensitive.push(path);
  }
  const block = a.decl.block;
  const suppressions: NonNullable<Resource['source']>['suppressions'] = [];
  for (const c of block?.comments ?? []) {
    const m = SUPPRESSION.exec(c.text.trim());
    if (!m) continue;
    const location = { file: a.decl.location.file, line: c.line };
    if (!m[2]) {
      a.ctx.diagnostics.push({
        severity: 'warning',
        message: `Suppression of ${m[1]} has no reason and is ignored: write "# stackcheck:ignore ${m[1]} <why>"`,
        location,
        address: a.address,
      });
      continue;
    }
    suppressions.push({ ruleId: m[1], reason: m[2], location });
  }
  const lifecycle = lifecycleOf(a.decl.body);
  return {
    ...(lifecycle ? { lifecycle } : {}),
    address: a.address,
    module: a.module,
    mode: a.decl.mode,
    type: a.decl.type,
    name: a.decl.name,
    ...(a.index !== undefined ? { index: a.index } : {}),
    ...(a.unknownInstances ? { unknownInstances: a.unknownInstances } : {}),
    provider: providerAddress(a.ctx, a.providerName.split('.')[0]),
    values,
    sensitive,
    references: dedupeReferences(a.evaluated.references),
    source: {
      block: a.decl.location,
      attributes: a.evaluated.locations,
      ...(suppressions.length ? { suppressions } : {}),
    },
  };
}

/**
 * An unknown that names no origin (a computed attribute the schema hook filled in) is this
 * resource's own attribute: give it that origin, so references to it can be followed.
 */
function withOrigins(v: Value, address: string, path: string): Value {
  if (isUnknown(v)) return v.origins.length ? v : new Unknown(v.reason, [{ address, attribute: path }]);
  if (Array.isArray(v)) return v.map((x, i) => withOrigins(x, address, path ? `${path}.${i}` : String(i)));
  if (isObjectValue(v)) {
    const out: ObjectValue = {};
    for (const [k, x] of Object.entries(v)) out[k] = withOrigins(x, address, path ? `${path}.${k}` : k);
    return out;
  }
  return v;
}

/** Provider `default_tags` merged with the resource's own tags (own tags win; null tags dropped). */
function tagsAll(tags: Value | undefined, provider: ObjectValue | undefined, address: string): Value {
  const dt = provider?.default_tags;
  let defaults: Value = {};
  if (isUnknown(dt)) defaults = dt;
  else if (Array.isArray(dt) && dt.length > 0 && isObjectValue(dt[0])) defaults = dt[0].tags ?? {};
  if (isUnknown(defaults) || isUnknown(tags)) {
    const u = (isUnknown(defaults) ? defaults : tags) as Unknown;
    return new Unknown('tags_all depends on tags not known before apply', u.origins.length ? u.origins : [{ address, attribute: 'tags_all' }]);
  }
  const out: ObjectValue = {};
  for (const src of [defaults, tags]) {
    if (!isObjectValue(src)) continue;
    for (const [k, v] of Object.entries(src)) {
      if (v === null) delete out[k];
      else out[k] = v;
    }
  }
  // Nothing to merge: aws 5.100 plans tags_all "known after apply", not {} (measured with the
  // mirror: no tags, `tags = {}`, or an empty default_tags all plan it unknown; tests/load/hcl/tags-all.test.ts).
  if (Object.keys(out).length === 0) return new Unknown('known after apply', [{ address, attribute: 'tags_all' }]);
  return out;
}

/** `registry.terraform.io/hashicorp/aws` for a provider local name. */
export function providerAddress(ctx: LoadContext, localName: string): string {
  if (localName === 'terraform') return 'terraform.io/builtin/terraform';
  const source = ctx.providerSources.get(localName) ?? `hashicorp/${localName}`;
  return source.split('/').length === 2 ? `registry.terraform.io/${source}` : source;
}

function dedupeReferences(refs: Reference[]): Reference[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = `${r.attribute}\u0000${r.target}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** `lifecycle { create_before_destroy = true }` as written (terraform accepts only literals there). */
function lifecycleOf(body: unknown): Resource['lifecycle'] {
  const raw = (body as Record<string, unknown> | undefined)?.lifecycle;
  const block = Array.isArray(raw) ? raw[0] : raw;
  if (typeof block !== 'object' || block === null) return undefined;
  const b = block as Record<string, unknown>;
  const out: NonNullable<Resource['lifecycle']> = {};
  if (typeof b.create_before_destroy === 'boolean') out.createBeforeDestroy = b.create_before_destroy;
  if (typeof b.prevent_destroy === 'boolean') out.preventDestroy = b.prevent_destroy;
  return Object.keys(out).length ? out : undefined;
}
