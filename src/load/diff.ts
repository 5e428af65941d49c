/**
 * Differential check: the static evaluation of the HCL against terraform's own plan of the same
 * configuration. Where both know a value they must agree; where terraform says "known after apply"
 * we must not claim to know it (and the reverse is reported too, as a weaker finding of the same
 * kind); every resource must be in both.
 *
 * What is not a disagreement: an attribute only terraform's plan has (terraform fills in every
 * schema attribute; the evaluator, without a schema, only what the configuration sets) — counted
 * and listed on request; `null` against an empty list or object (terraform writes unset blocks as
 * `[]`); a number against the same number written as a string (terraform converts by schema); a
 * collection we hold with unknown elements against terraform's wholly unknown value (terraform
 * makes a set with an unknown element entirely unknown).
 *
 * Also not a disagreement: a value the provider rewrites when it plans it (a protocol number as
 * its name, a maintenance window lower-cased, an IAM policy or ECS container definitions
 * re-serialised). Each such rewrite is one row of NORMALISATIONS, with the resource types and
 * attributes it applies to and the reason; nothing else is forgiven. A block the plan holds as a
 * single object (`timeouts`, and other blocks of nesting mode "single") compares with the one
 * item of our list. With a provider schema (`opts.schema`), sets — attributes of set type and
 * blocks nested as sets — are compared without regard to order (terraform orders set elements
 * its own way).
 */
import { createHash } from 'node:crypto';
import type { Resource, StackModel } from '../model/resource.js';
import type { BlockSchema, TypeSpec } from '../schema/types.js';
import { containsUnknown, isObjectValue, isUnknown, type ObjectValue, type Value } from '../model/value.js';

export type DiffKind =
  | 'only-in-ours'
  | 'only-in-plan'
  | 'value-differs'
  | 'known-ours-unknown-plan'
  | 'unknown-ours-known-plan'
  | 'attribute-only-in-ours'
  | 'attribute-only-in-plan';

export interface DiffEntry {
  kind: DiffKind;
  /** Resource address, or `output.<name>` for a root output. */
  address: string;
  /** Attribute path; absent for a whole resource. */
  attribute?: string;
  ours?: Value;
  theirs?: Value;
}

export interface StackDiff {
  entries: DiffEntry[];
  /** True when nothing but `attribute-only-in-plan` entries was found. */
  agree: boolean;
  /**
   * `attributes`: values compared (leaves, an unknown on either side counted once); `known`: of
   * those, the ones both sides know, `equal` of which agree. `planned`: resources in terraform's
   * plan, `present`: of those, the ones the static evaluation has — by address, or standing for
   * them as instances whose keys are unknown (`aws_subnet.private[*]` for `aws_subnet.private[0]`).
   */
  compared: { resources: number; attributes: number; known: number; equal: number; planned: number; present: number };
}

/** Kinds that make the two models disagree (exit 1); the rest is information. */
export const DISAGREEMENTS: readonly DiffKind[] = [
  'only-in-ours',
  'only-in-plan',
  'value-differs',
  'known-ours-unknown-plan',
  'unknown-ours-known-plan',
  'attribute-only-in-ours',
];

export interface DiffOptions {
  /** Provider schema of a resource or data source type, to compare sets without regard to order. */
  schema?: (mode: 'managed' | 'data', type: string) => BlockSchema | undefined;
}

export function diffModels(ours: StackModel, theirs: StackModel, opts: DiffOptions = {}): StackDiff {
  const entries: DiffEntry[] = [];
  const compared = { resources: 0, attributes: 0, known: 0, equal: 0, planned: theirs.resources.length, present: 0 };
  const mine = new Map(ours.resources.map((r) => [r.address, r]));
  const plan = new Map(theirs.resources.map((r) => [r.address, r]));
  // Our resources whose instance keys are unknown stand for every planned instance they match.
  const standIns = ours.resources.filter((r) => r.address.includes('[*]')).map((r) => ({ r, pattern: instancePattern(r.address) }));
  const pairs: [string, Resource, Resource][] = [];
  for (const [address, p] of plan) {
    const exact = mine.get(address);
    const standIn = exact ? undefined : standIns.find((s) => s.pattern.test(address));
    const r = exact ?? standIn?.r;
    if (!r) {
      entries.push({ kind: 'only-in-plan', address });
      continue;
    }
    compared.present++;
    pairs.push([address, r, p]);
  }
  // A stand-in that matches nothing says "an unknown number of instances"; terraform planned none: no claim was wrong.
  for (const address of mine.keys()) if (!plan.has(address) && !address.includes('[*]')) entries.push({ kind: 'only-in-ours', address });

  const compare = (address: string, a: Value | undefined, b: Value | undefined, path: string) => {
    if (a === undefined && b === undefined) return;
    if (a === undefined) {
      if (!isEmpty(b!)) entries.push({ kind: 'attribute-only-in-plan', address, attribute: path, theirs: b });
      return;
    }
    if (b === undefined) {
      if (!isEmpty(a)) entries.push({ kind: 'attribute-only-in-ours', address, attribute: path, ours: a });
      return;
    }
    if (isUnknown(a) || isUnknown(b)) {
      compared.attributes++;
      if (isUnknown(b) && !isUnknown(a) && !containsUnknown(a)) compared.known++; // a guess: counted as known, never equal
      if (isUnknown(a) && !isUnknown(b)) entries.push({ kind: 'unknown-ours-known-plan', address, attribute: path, ours: a, theirs: b });
      // A collection we hold with unknown elements claims no more than terraform's wholly unknown
      // value (terraform makes a set with an unknown element entirely unknown).
      if (!isUnknown(a) && isUnknown(b) && !containsUnknown(a)) {
        entries.push({ kind: 'known-ours-unknown-plan', address, attribute: path, ours: a, theirs: b });
      }
      return;
    }
    if (isEmpty(a) && isEmpty(b)) return;
    // A single nested block: terraform's plan holds an object where we hold a one-item list.
    if (Array.isArray(a) && a.length === 1 && isObjectValue(a[0]) && isObjectValue(b)) {
      compare(address, a[0], b, path);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((x, i) => compare(address, x, b[i], join(path, String(i))));
      return;
    }
    if (isObjectValue(a) && isObjectValue(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) compare(address, a[k], b[k], join(path, k));
      return;
    }
    compared.attributes++;
    compared.known++;
    if (a !== b && !normalisedEqual(typeOf.get(address) ?? '', path, a, b, valuesOf.get(address))) {
      entries.push({ kind: 'value-differs', address, attribute: path, ours: a, theirs: b });
    } else compared.equal++;
  };
  const typeOf = new Map(pairs.map(([address, r]) => [address, r.type]));
  const valuesOf = new Map(pairs.map(([address, r]) => [address, r.values]));

  for (const [address, r, p] of pairs) {
    compared.resources++;
    const schema = opts.schema?.(r.mode, r.type);
    if (!schema) {
      compare(address, r.values, p.values, '');
      continue;
    }
    const planned = sortSets(p.values, schema);
    compare(address, alignSets(sortSets(r.values, schema), planned, schema), planned, '');
  }
  for (const name of new Set([...Object.keys(ours.outputs), ...Object.keys(theirs.outputs)])) {
    const a = ours.outputs[name];
    const b = theirs.outputs[name];
    const address = `output.${name}`;
    if (!a) entries.push({ kind: 'only-in-plan', address });
    else if (!b) entries.push({ kind: 'only-in-ours', address });
    else compare(address, a.value, b.value, '');
  }
  return { entries, agree: entries.every((e) => !DISAGREEMENTS.includes(e.kind)), compared };
}

/** `a.b[*].c[*]` → a pattern matching `a.b["x"].c[0]` (each `[*]` one instance key). */
function instancePattern(address: string): RegExp {
  const parts = address.split('[*]').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('\\[(?:\\d+|"(?:[^"\\\\]|\\\\.)*")\\]')}$`);
}

function isEmpty(v: Value): boolean {
  return v === null || (Array.isArray(v) && v.length === 0) || (isObjectValue(v) && Object.keys(v).length === 0);
}

/**
 * The rewrites terraform or the provider makes to a value it plans, declared once: each row names
 * the resource types (`*`: any) and attribute paths (list indices as `*`) it applies to, why the
 * two forms are the same value, and how to tell. Measured with terraform 1.11 and hashicorp/aws
 * 5.100 (tests/load/plan-diff/normalise.test.ts plans each row's case for real).
 */
export interface Normalisation {
  id: string;
  types: readonly string[] | '*';
  /** Attribute paths, `.`-joined, list indices written `*`. */
  paths: readonly string[] | '*';
  reason: string;
  /** `resource`: our values of the whole resource, for a rewrite that reads another argument. */
  same: (ours: Value, theirs: Value, resource?: ObjectValue) => boolean;
}

const SG_PROTOCOLS: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', all: '-1' };

/** The AWS provider's ProtocolForValue (internal/service/ec2): lower-case; "all" is "-1"; 6/17/1/58 by name. */
function sgProtocol(v: Value): Value {
  if (typeof v !== 'string' && typeof v !== 'number') return v;
  const p = String(v).toLowerCase();
  return SG_PROTOCOLS[p] ?? p;
}

/** Fields of an ECS container definition whose values are maps with the user's own keys. */
const ECS_MAP_FIELDS = new Set(['dockerLabels', 'options', 'labels', 'driverOpts']);
/** Lists the provider sorts by `name` when it plans container definitions. */
const ECS_SORTED_BY_NAME = new Set(['environment', 'secrets']);

/**
 * Container definitions as the provider plans them: read into the ECS API types (Go's JSON
 * decoding matches field names regardless of case) and written back with the API's camelCase
 * names; `cpu` 0 is left out (a plain number in the API types); `environment` and `secrets`
 * sorted by name. The result is canonical JSON (keys sorted).
 */
function ecsContainerDefinitions(text: string): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const walk = (v: unknown, key: string | undefined, inMap: boolean): unknown => {
    if (Array.isArray(v)) {
      const items = v.map((x) => walk(x, undefined, false));
      if (key && ECS_SORTED_BY_NAME.has(key)) {
        const name = (x: unknown) => String((x as Record<string, unknown> | null)?.name ?? '');
        return [...items].sort((x, y) => (name(x) < name(y) ? -1 : name(x) > name(y) ? 1 : 0));
      }
      return items;
    }
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const field = inMap ? k : k.charAt(0).toLowerCase() + k.slice(1);
      if (!inMap && field === 'cpu' && x === 0) continue;
      out[field] = walk(x, field, !inMap && ECS_MAP_FIELDS.has(field));
    }
    return out;
  };
  const out = walk(doc, undefined, false);
  // The containers themselves are sorted by name too (the provider's orderContainers).
  if (Array.isArray(out)) {
    const name = (x: unknown) => String((x as Record<string, unknown> | null)?.name ?? '');
    out.sort((x, y) => (name(x) < name(y) ? -1 : name(x) > name(y) ? 1 : 0));
  }
  return canonicalJson(out);
}

/** Two lists holding the same strings, order and repeats aside. */
function sameStrings(a: Value[], b: Value[]): boolean {
  if (![...a, ...b].every((x) => typeof x === 'string')) return false;
  const sa = new Set(a as string[]);
  const sb = new Set(b as string[]);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

const isScalar = (x: Value) => typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean';

export const NORMALISATIONS: readonly Normalisation[] = [
  {
    id: 'primitive-conversion',
    types: '*',
    paths: '*',
    reason: 'terraform converts a primitive to the type the schema declares: 8000 and "8000", true and "true" are one value',
    same: (a, b) => isScalar(a) && isScalar(b) && typeof a !== typeof b && String(a) === String(b),
  },
  {
    id: 'json-document',
    types: '*',
    paths: '*',
    reason:
      'the AWS provider stores JSON documents (IAM and resource policies, and other JSON arguments) normalised: compact, keys sorted; two strings holding the same JSON object or array are one value',
    same: sameJson,
  },
  {
    id: 'ecs-container-definitions',
    types: ['aws_ecs_task_definition'],
    paths: ['container_definitions'],
    reason:
      'the AWS provider plans container_definitions re-serialised through the ECS API types: field names in their camelCase spelling whatever the case written ("Name" is "name"), cpu 0 left out, the containers and their environment and secrets sorted by name (terraform-provider-aws internal/service/ecs: orderContainers, orderEnvironmentVariables, orderSecrets)',
    same: (a, b) => typeof a === 'string' && typeof b === 'string' && ecsContainerDefinitions(a) !== undefined && ecsContainerDefinitions(a) === ecsContainerDefinitions(b),
  },
  {
    id: 'user-data-sha1',
    types: ['aws_instance'],
    paths: ['user_data'],
    reason: 'the AWS provider plans aws_instance user_data as the SHA-1 (hex) of the text',
    same: (a, b) => typeof a === 'string' && typeof b === 'string' && /^[0-9a-f]{40}$/.test(b) && createHash('sha1').update(a).digest('hex') === b,
  },
  {
    id: 'security-group-protocol',
    types: ['aws_security_group', 'aws_default_security_group', 'aws_security_group_rule'],
    paths: ['ingress.*.protocol', 'egress.*.protocol', 'protocol'],
    reason:
      'the AWS provider plans a security group protocol by name: lower-cased, "6"/"17"/"1"/"58" as tcp/udp/icmp/icmpv6, "all" as "-1" (aws_vpc_security_group_*_rule ip_protocol and aws_network_acl_rule protocol are planned as written, so they are not in this row)',
    same: (a, b) => sgProtocol(a) === sgProtocol(b),
  },
  {
    id: 'maintenance-window-lower-case',
    types: ['aws_db_instance', 'aws_rds_cluster', 'aws_rds_cluster_instance', 'aws_elasticache_cluster', 'aws_elasticache_replication_group'],
    paths: ['maintenance_window', 'preferred_maintenance_window'],
    reason: 'the AWS provider plans maintenance windows lower-cased ("Sun:05:00-Sun:06:00" is "sun:05:00-sun:06:00")',
    same: (a, b) => typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b,
  },
  {
    id: 'dynamodb-table-class-standard',
    types: ['aws_dynamodb_table'],
    paths: ['table_class'],
    reason:
      'the AWS provider suppresses the diff from no table class to "STANDARD" (its default: a DiffSuppressFunc old == "" && new == "STANDARD"), so a new table written with table_class = "STANDARD" is planned with null',
    same: (a, b) => a === 'STANDARD' && b === null,
  },
  {
    id: 'acm-san-includes-domain',
    types: ['aws_acm_certificate'],
    paths: ['subject_alternative_names'],
    reason:
      'ACM adds the domain name to a certificate\'s subject alternative names, and the AWS provider plans them so (its CustomizeDiff adds domain_name to the set): ["www.example.com"] with domain_name "example.com" is planned ["example.com", "www.example.com"]',
    same: (a, b, resource) =>
      Array.isArray(a) && Array.isArray(b) && typeof resource?.domain_name === 'string' && sameStrings([...a, resource.domain_name], b),
  },
  {
    id: 'listener-protocol-upper-case',
    types: ['aws_lb_listener', 'aws_alb_listener'],
    paths: ['protocol'],
    reason: 'the AWS provider plans a load balancer listener protocol upper-cased ("https" is "HTTPS")',
    same: (a, b) => typeof a === 'string' && typeof b === 'string' && a.toUpperCase() === b,
  },
];

function applies(row: Normalisation, type: string, path: string): boolean {
  if (row.types !== '*' && !row.types.includes(type)) return false;
  return row.paths === '*' || row.paths.includes(path.replace(/\.\d+(?=\.|$)/g, '.*'));
}

/** Whether a row of NORMALISATIONS makes our value and terraform's the same value (the row, or undefined). */
export function normalisation(type: string, path: string, a: Value, b: Value, resource?: ObjectValue): Normalisation | undefined {
  return NORMALISATIONS.find((row) => applies(row, type, path) && row.same(a, b, resource));
}

function normalisedEqual(type: string, path: string, a: Value, b: Value, resource?: ObjectValue): boolean {
  return normalisation(type, path, a, b, resource) !== undefined;
}

/** Two strings holding the same JSON object or array (key order and spacing aside). */
function sameJson(a: Value, b: Value): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || !/^\s*[[{]/.test(a) || !/^\s*[[{]/.test(b)) return false;
  try {
    return canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
  } catch {
    return false;
  }
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** A sort key for a set element: canonical JSON with unknowns as one marker. */
function setKey(v: Value): string {
  if (isUnknown(v)) return '\u0000unknown';
  if (Array.isArray(v)) return `[${v.map(setKey).join(',')}]`;
  if (isObjectValue(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${setKey(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

function sortByKey(items: Value[]): Value[] {
  return items.map((v) => [setKey(v), v] as const).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map(([, v]) => v);
}

/** The values with every set (by the schema) in one canonical order, inner sets first. */
function sortSets(values: ObjectValue, schema: BlockSchema): ObjectValue {
  const out: ObjectValue = { ...values };
  for (const [name, attr] of Object.entries(schema.attributes)) {
    if (out[name] !== undefined) out[name] = sortTyped(out[name], attr.type);
  }
  for (const [name, block] of Object.entries(schema.blocks)) {
    const v = out[name];
    if (!Array.isArray(v)) continue;
    const inner = v.map((item) => (isObjectValue(item) && !isUnknown(item) ? sortSets(item, block) : item));
    out[name] = block.nesting === 'set' ? sortByKey(inner) : inner;
  }
  return out;
}

/**
 * Our values with the elements of every set (by the schema) put in the order of the plan's
 * matching elements: a set is compared by content, element with element. Sorting both sides alone
 * is not enough: an element holds fewer attributes here when the configuration leaves some unset
 * (a WAF rule's unset blocks, a metric query's unset fields), so its sort key differs from the
 * plan's and sorted orders part. Each of our elements is paired with the plan's element it agrees
 * with most (fields both hold, known and non-empty, counted +1 when equal and -1 when not); inner
 * sets of a pair are aligned the same way.
 */
function alignSets(values: ObjectValue, plan: ObjectValue, schema: BlockSchema): ObjectValue {
  const out: ObjectValue = { ...values };
  for (const [name, attr] of Object.entries(schema.attributes)) {
    if (out[name] !== undefined && plan[name] !== undefined) out[name] = alignTyped(out[name], plan[name], attr.type);
  }
  for (const [name, block] of Object.entries(schema.blocks)) {
    const v = out[name];
    const theirs = plan[name];
    if (!Array.isArray(v) || !Array.isArray(theirs)) continue;
    const ordered = block.nesting === 'set' ? pairUp(v, theirs) : v;
    out[name] = ordered.map((item, i) =>
      isObjectValue(item) && !isUnknown(item) && isObjectValue(theirs[i]) && !isUnknown(theirs[i]) ? alignSets(item, theirs[i] as ObjectValue, block) : item,
    );
  }
  return out;
}

function alignTyped(v: Value, plan: Value, t: TypeSpec): Value {
  if (typeof t === 'string' || isUnknown(v) || isUnknown(plan) || v === null || plan === null) return v;
  if (t[0] === 'object') {
    if (!isObjectValue(v) || !isObjectValue(plan)) return v;
    const fields = t[1] as Record<string, TypeSpec>;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fields[k] && plan[k] !== undefined ? alignTyped(x, plan[k], fields[k]) : x]));
  }
  const element = t[1] as TypeSpec;
  if (t[0] === 'map') {
    if (!isObjectValue(v) || !isObjectValue(plan)) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plan[k] !== undefined ? alignTyped(x, plan[k], element) : x]));
  }
  if (!Array.isArray(v) || !Array.isArray(plan)) return v;
  const ordered = t[0] === 'set' ? pairUp(v, plan) : v;
  return ordered.map((x, i) => (i < plan.length ? alignTyped(x, plan[i], element) : x));
}

/** `ours` reordered so that element i is the one that agrees most with `plan[i]` (equal lengths only). */
function pairUp(ours: Value[], plan: Value[]): Value[] {
  if (ours.length !== plan.length || ours.length < 2) return ours;
  const scores: { i: number; j: number; s: number }[] = [];
  for (let i = 0; i < ours.length; i++) for (let j = 0; j < plan.length; j++) scores.push({ i, j, s: agreement(ours[i], plan[j]) });
  scores.sort((x, y) => y.s - x.s || x.j - y.j || x.i - y.i);
  const taken = new Set<number>();
  const out: Value[] = new Array(plan.length);
  const filled = new Set<number>();
  for (const { i, j } of scores) {
    if (taken.has(i) || filled.has(j)) continue;
    taken.add(i);
    filled.add(j);
    out[j] = ours[i];
  }
  return out;
}

/** How much two set elements agree: fields both hold (known, non-empty) +1 when the same content, -1 when not. */
function agreement(a: Value, b: Value): number {
  if (!isObjectValue(a) || !isObjectValue(b) || isUnknown(a) || isUnknown(b)) return contentKey(a) === contentKey(b) ? 1 : 0;
  let s = 0;
  for (const k of Object.keys(a)) {
    const x = a[k];
    const y = b[k];
    if (x === undefined || y === undefined || isEmpty(x) || isEmpty(y) || containsUnknown(x) || containsUnknown(y)) continue;
    s += contentKey(x) === contentKey(y) || (isScalar(x) && isScalar(y) && String(x) === String(y)) ? 1 : -1;
  }
  return s;
}

/** A key for content regardless of the order of any list (for pairing only, not for comparing). */
function contentKey(v: Value): string {
  if (isUnknown(v)) return '\u0000unknown';
  if (Array.isArray(v)) return `[${v.map(contentKey).sort().join(',')}]`;
  if (isObjectValue(v)) {
    return `{${Object.keys(v)
      .filter((k) => !isEmpty(v[k]))
      .sort()
      .map((k) => `${JSON.stringify(k)}:${contentKey(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function sortTyped(v: Value, t: TypeSpec): Value {
  if (typeof t === 'string' || isUnknown(v) || v === null) return v;
  if (t[0] === 'object') {
    if (!isObjectValue(v)) return v;
    const fields = t[1] as Record<string, TypeSpec>;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fields[k] ? sortTyped(x, fields[k]) : x]));
  }
  const element = t[1] as TypeSpec;
  if (t[0] === 'map') return isObjectValue(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sortTyped(x, element)])) : v;
  if (!Array.isArray(v)) return v;
  const inner = v.map((x) => sortTyped(x, element));
  return t[0] === 'set' ? sortByKey(inner) : inner;
}

function join(a: string, b: string): string {
  return a === '' ? b : `${a}.${b}`;
}

const HEADINGS: Record<DiffKind, string> = {
  'only-in-ours': 'only in the static evaluation',
  'only-in-plan': "only in terraform's plan",
  'value-differs': 'values that differ',
  'known-ours-unknown-plan': "known in the static evaluation, unknown in terraform's plan",
  'unknown-ours-known-plan': "unknown in the static evaluation, known in terraform's plan",
  'attribute-only-in-ours': "attributes only the static evaluation sets",
  'attribute-only-in-plan': "attributes only terraform's plan sets (provider defaults and computed values)",
};

/** The report a person reads: disagreements grouped by kind, then a one-line verdict. */
export function formatDiff(d: StackDiff, opts: { oursLabel: string; theirsLabel: string; verbose?: boolean }): string {
  const lines = [`${opts.oursLabel} (static evaluation) vs ${opts.theirsLabel} (terraform's plan)`];
  const guesses = d.entries.filter((e) => e.kind === 'known-ours-unknown-plan').length;
  lines.push(
    `compared ${d.compared.resources} resources in both, ${d.compared.attributes} values: ${d.compared.known} known to both, ${d.compared.equal} equal; ${guesses} known here but unknown to terraform`,
  );
  const kinds = Object.keys(HEADINGS) as DiffKind[];
  for (const kind of kinds) {
    const group = d.entries.filter((e) => e.kind === kind);
    if (group.length === 0) continue;
    if (kind === 'attribute-only-in-plan' && !opts.verbose) {
      lines.push('', `${HEADINGS[kind]}: ${group.length} (not a disagreement; --verbose lists them)`);
      continue;
    }
    lines.push('', `${HEADINGS[kind]} (${group.length}):`);
    for (const e of group) {
      const where = e.attribute !== undefined ? `${e.address}  ${e.attribute || '(whole value)'}` : e.address;
      const values =
        kind === 'value-differs' || kind === 'known-ours-unknown-plan' || kind === 'unknown-ours-known-plan'
          ? `: ours ${show(e.ours)}, terraform's ${show(e.theirs)}`
          : e.ours !== undefined
            ? `: ${show(e.ours)}`
            : e.theirs !== undefined
              ? `: ${show(e.theirs)}`
              : '';
      lines.push(`  ${where}${values}`);
    }
  }
  const disagreements = d.entries.filter((e) => DISAGREEMENTS.includes(e.kind)).length;
  lines.push('', d.agree ? 'result: the static evaluation agrees with terraform' : `result: ${disagreements} disagreement${disagreements === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}

function show(v: Value | undefined): string {
  if (v === undefined) return '(absent)';
  if (isUnknown(v)) return `(${v.reason})`;
  const text = JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
