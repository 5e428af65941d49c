/**
 * Data sources that can be known without AWS, computed as the AWS provider would; every other
 * data source keeps its arguments and leaves its results unknown (with the reason).
 *
 * `aws_iam_policy_document` follows terraform-provider-aws internal/service/iam
 * (policy_document_data_source.go, policy_model.go): Version 2012-10-17 by default, statements in
 * order, single-element lists collapsed to strings, longer string sets sorted in descending order,
 * empty fields omitted, `&{` → `${`, principals and conditions keyed by type/test (Go maps marshal
 * with sorted keys), Go's HTML-safe escaping, indented with two spaces.
 */
import type { Origin } from '../../model/value.js';
import { isObjectValue, isUnknown, Unknown, type ObjectValue, type Value } from '../../model/value.js';
import type { LoadContext } from './modules.js';
import { typeSchema } from '../../schema/index.js';

type Args = ObjectValue;

export function dataSourceValues(
  type: string,
  args: Args,
  address: string,
  ctx: LoadContext,
  provider: ObjectValue | undefined,
): ObjectValue {
  const compute = KNOWN[type];
  if (compute) return { ...args, ...compute(args, { address, ctx, provider }) };
  const out: ObjectValue = { ...args };
  const reason = UNKNOWN_REASON[type] ?? `data source ${type} is read from the provider during plan`;
  for (const attr of UNKNOWN_ATTRIBUTES[type] ?? ['id']) out[attr] ??= new Unknown(reason, [{ address, attribute: attr }]);
  return out;
}

/**
 * A data source terraform reads during apply (its `depends_on`, or its module call's, names
 * something with planned changes: "read_because_dependency_pending"): its arguments as written,
 * every attribute the provider computes that they leave unset unknown, whatever could be known
 * without AWS (a policy document's `json`, a region's `name`).
 */
export function readDuringApply(type: string, args: Args, address: string, because: string): ObjectValue {
  const out: ObjectValue = { ...args };
  const reason = `read during apply: ${because}`;
  const attributes = typeSchema('data', type)?.attributes ?? {};
  for (const [name, attr] of Object.entries(attributes)) {
    if (attr.computed && (out[name] === undefined || out[name] === null)) out[name] = new Unknown(reason, [{ address, attribute: name }]);
  }
  out.id = new Unknown(reason, [{ address, attribute: 'id' }]);
  return out;
}

interface DataContext {
  address: string;
  ctx: LoadContext;
  provider: ObjectValue | undefined;
}

const UNKNOWN_REASON: Record<string, string> = {
  aws_ssm_parameter: 'the SSM parameter is read from AWS during plan',
  aws_ami: 'the AMI is looked up in AWS during plan',
};

const UNKNOWN_ATTRIBUTES: Record<string, string[]> = {
  aws_ssm_parameter: ['id', 'arn', 'value', 'insecure_value', 'type', 'version'],
  aws_ami: ['id', 'arn', 'image_id', 'name', 'root_device_name', 'architecture'],
};

const KNOWN: Record<string, (args: Args, d: DataContext) => ObjectValue> = {
  aws_iam_policy_document: (args, d) => {
    const origins = unknownOrigins(args);
    if (origins) {
      // The document itself is the first origin (what reads it — a role's policy — is following a
      // policy document), then the values it is waiting for.
      const u = (attribute: string) =>
        new Unknown('the policy document depends on values not known before apply', [{ address: d.address, attribute }, ...origins]);
      return { json: u('json'), minified_json: u('minified_json'), id: u('id') };
    }
    const doc = policyDocument(args);
    const json = goJson(doc, true);
    return { json, minified_json: goJson(doc, false), id: String(crc32Hashcode(json)) };
  },
  aws_region: (args, d) => {
    const region = args.region ?? args.name ?? providerRegion(d);
    return { region, name: region, id: region, endpoint: typeof region === 'string' ? `ec2.${region}.amazonaws.com` : unknownAttr(d, 'endpoint', region) };
  },
  aws_partition: (_args, d): ObjectValue => {
    const region = providerRegion(d);
    if (isUnknown(region)) {
      return { partition: unknownAttr(d, 'partition', region), dns_suffix: unknownAttr(d, 'dns_suffix', region), id: unknownAttr(d, 'id', region) };
    }
    const p = typeof region === 'string' ? partitionOf(region) : PARTITIONS.aws;
    return { partition: p.partition, id: p.partition, dns_suffix: p.dnsSuffix, reverse_dns_prefix: p.reverseDns };
  },
  aws_caller_identity: (_args, d) => {
    const account = d.ctx.accountId ?? new Unknown('the AWS account id is not known without credentials (pass an account id)', [{ address: d.address, attribute: 'account_id' }]);
    return {
      account_id: account,
      id: account,
      arn: new Unknown('the caller ARN is not known without credentials', [{ address: d.address, attribute: 'arn' }]),
      user_id: new Unknown('the caller user id is not known without credentials', [{ address: d.address, attribute: 'user_id' }]),
    };
  },
  aws_availability_zones: (args, d): ObjectValue => {
    const region = providerRegion(d);
    const zones = d.ctx.availabilityZones;
    if (!zones) {
      const u = (a: string) => new Unknown('availability zones are not known without AWS (configure them)', [{ address: d.address, attribute: a }]);
      return { names: u('names'), zone_ids: u('zone_ids'), id: isUnknown(region) || region === null ? u('id') : region, group_names: u('group_names') };
    }
    const exclude = Array.isArray(args.exclude_names) ? new Set(args.exclude_names) : new Set<Value>();
    return {
      names: zones.filter((z) => !exclude.has(z)),
      zone_ids: new Unknown('zone ids are not known without AWS', [{ address: d.address, attribute: 'zone_ids' }]),
      id: region,
    };
  },
};

function unknownAttr(d: DataContext, attribute: string, from: Value): Unknown {
  const origins = isUnknown(from) ? from.origins : [];
  return new Unknown(`${attribute} depends on the provider region, which is not known`, origins.length ? origins : [{ address: d.address, attribute }]);
}

function providerRegion(d: DataContext): Value {
  const r = d.provider?.region;
  if (typeof r === 'string' || isUnknown(r)) return r;
  return new Unknown('the provider region is not set in configuration (it comes from the environment)', [{ address: d.address, attribute: 'region' }]);
}

const PARTITIONS = {
  aws: { partition: 'aws', dnsSuffix: 'amazonaws.com', reverseDns: 'com.amazonaws' },
  'aws-cn': { partition: 'aws-cn', dnsSuffix: 'amazonaws.com.cn', reverseDns: 'cn.com.amazonaws' },
  'aws-us-gov': { partition: 'aws-us-gov', dnsSuffix: 'amazonaws.com', reverseDns: 'com.amazonaws' },
};

function partitionOf(region: string) {
  if (region.startsWith('cn-')) return PARTITIONS['aws-cn'];
  if (region.startsWith('us-gov-')) return PARTITIONS['aws-us-gov'];
  return PARTITIONS.aws;
}

/** The origins of every unknown inside a value; undefined when it is wholly known. */
function unknownOrigins(v: Value): Origin[] | undefined {
  const found: Origin[] = [];
  let any = false;
  const walk = (x: Value) => {
    if (isUnknown(x)) {
      any = true;
      found.push(...x.origins);
    } else if (Array.isArray(x)) x.forEach(walk);
    else if (isObjectValue(x)) Object.values(x).forEach(walk);
  };
  walk(v);
  return any ? found : undefined;
}

// ---------------------------------------------------------------------------------------------
// aws_iam_policy_document

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Statement {
  Sid?: string;
  Effect?: string;
  Action?: Json;
  NotAction?: Json;
  Resource?: Json;
  NotResource?: Json;
  Principal?: Json;
  NotPrincipal?: Json;
  Condition?: Json;
}
interface PolicyDoc {
  Version?: string;
  Id?: string;
  Statement?: Statement[];
}

const str = (v: Value | undefined): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const strings = (v: Value | undefined): string[] => (Array.isArray(v) ? v.filter((x) => x !== null).map((x) => str(x)) : []);
const replaceVars = (s: string) => s.split('&{').join('${');

/** A string set as the provider writes it: one element → the string; more → descending order. */
function decodeStringSet(items: string[]): Json {
  const unique = [...new Set(items)];
  if (unique.length === 1) return unique[0];
  return unique.sort(compare).reverse();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function policyDocument(args: Args): PolicyDoc {
  const merged: PolicyDoc = {};
  for (const src of strings(args.source_policy_documents)) merge(merged, parseDoc(src));
  const doc: PolicyDoc = { Version: typeof args.version === 'string' ? args.version : '2012-10-17' };
  if (typeof args.policy_id === 'string' && args.policy_id) doc.Id = args.policy_id;
  const stmts = Array.isArray(args.statement) ? args.statement.filter(isObjectValue) : [];
  if (stmts.length) doc.Statement = stmts.map(statementOf);
  merge(merged, doc);
  for (const src of strings(args.override_policy_documents)) merge(merged, parseDoc(src));
  return merged;
}

function statementOf(s: ObjectValue): Statement {
  const out: Statement = {};
  if (str(s.sid)) out.Sid = str(s.sid);
  out.Effect = str(s.effect) || 'Allow';
  const set = (key: keyof Statement, v: Value | undefined, vars: boolean) => {
    const items = strings(v);
    if (!items.length) return;
    const decoded = decodeStringSet(items);
    (out as Record<string, Json>)[key] = vars ? mapStrings(decoded, replaceVars) : decoded;
  };
  set('Action', s.actions, false);
  set('NotAction', s.not_actions, false);
  set('Resource', s.resources, true);
  set('NotResource', s.not_resources, true);
  const principals = (v: Value | undefined): Json | undefined => {
    const list = Array.isArray(v) ? v.filter(isObjectValue) : [];
    if (!list.length) return undefined;
    return principalSet(list.map((p) => ({ type: str(p.type), ids: mapStrings(decodeStringSet(strings(p.identifiers)), replaceVars) })));
  };
  const p = principals(s.principals);
  if (p !== undefined) out.Principal = p;
  const np = principals(s.not_principals);
  if (np !== undefined) out.NotPrincipal = np;
  const conds = Array.isArray(s.condition) ? s.condition.filter(isObjectValue) : [];
  if (conds.length) {
    out.Condition = conditionSet(
      conds.map((c) => {
        const values = strings(c.values).map(replaceVars);
        return { test: str(c.test), variable: str(c.variable), values: values.length === 1 ? values[0] : values };
      }),
    );
  }
  return out;
}

function mapStrings(v: Json, f: (s: string) => string): Json {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? f(x) : x));
  return v;
}

/** iamPolicyStatementPrincipalSet.MarshalJSON */
function principalSet(ps: { type: string; ids: Json }[]): Json {
  if (ps.length === 1 && ps[0].type === '*') {
    const ids = ps[0].ids;
    if (ids === '*' || (Array.isArray(ids) && ids.length === 1 && ids[0] === '*')) return '*';
  }
  const raw: Record<string, Json> = {};
  for (const p of ps) {
    const cur = raw[p.type];
    if (Array.isArray(p.ids)) {
      const ids = [...(p.ids as string[])].sort(compare).reverse();
      raw[p.type] = cur === undefined ? ids : [...(typeof cur === 'string' ? [cur] : (cur as string[])), ...ids];
    } else {
      raw[p.type] = cur === undefined ? p.ids : [...(typeof cur === 'string' ? [cur] : (cur as string[])), p.ids];
    }
  }
  return sortedKeys(raw);
}

/** iamPolicyStatementConditionSet.MarshalJSON */
function conditionSet(cs: { test: string; variable: string; values: Json }[]): Json {
  const raw: Record<string, Record<string, string[]>> = {};
  for (const c of cs) {
    const byVar = (raw[c.test] ??= {});
    const list = (byVar[c.variable] ??= []);
    if (Array.isArray(c.values)) list.push(...(c.values as string[]));
    else list.push(String(c.values));
  }
  const out: Record<string, Json> = {};
  for (const [test, byVar] of Object.entries(raw)) {
    const inner: Record<string, Json> = {};
    for (const [v, items] of Object.entries(byVar)) inner[v] = items.length === 1 ? items[0] : items;
    out[test] = sortedKeys(inner);
  }
  return sortedKeys(out);
}

function sortedKeys(o: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const k of Object.keys(o).sort(compare)) out[k] = o[k];
  return out;
}

/** A source/override policy document, decoded as the provider's UnmarshalJSON would. */
function parseDoc(text: string): PolicyDoc {
  let raw: any;
  try {
    raw = JSON.parse(text);
  } catch {
    return {};
  }
  const doc: PolicyDoc = {};
  if (typeof raw.Version === 'string') doc.Version = raw.Version;
  if (typeof raw.Id === 'string') doc.Id = raw.Id;
  const stmts = Array.isArray(raw.Statement) ? raw.Statement : raw.Statement ? [raw.Statement] : [];
  doc.Statement = stmts.map((s: any) => {
    const out: Statement = {};
    if (s.Sid) out.Sid = s.Sid;
    if (s.Effect) out.Effect = s.Effect;
    for (const k of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) if (s[k] !== undefined && s[k] !== null && s[k] !== '') out[k] = s[k];
    for (const k of ['Principal', 'NotPrincipal'] as const) {
      const p = s[k];
      if (p === undefined || p === null) continue;
      if (typeof p === 'string') out[k] = principalSet([{ type: '*', ids: ['*'] }]);
      else out[k] = principalSet(Object.entries(p).map(([type, ids]) => ({ type, ids: Array.isArray(ids) ? [...(ids as string[])].sort(compare) : (ids as Json) })));
    }
    if (s.Condition && typeof s.Condition === 'object') {
      const cs: { test: string; variable: string; values: Json }[] = [];
      for (const [test, byVar] of Object.entries<any>(s.Condition)) {
        for (const [variable, values] of Object.entries<any>(byVar)) {
          cs.push({ test, variable, values: typeof values === 'boolean' ? String(values) : typeof values === 'string' ? [values] : values });
        }
      }
      out.Condition = conditionSet(cs);
    }
    return out;
  });
  return doc;
}

/** iamPolicyDoc.Merge: adopt Id, upgrade Version, statements with the same Sid replaced. */
function merge(into: PolicyDoc, doc: PolicyDoc): void {
  if (doc.Id) into.Id = doc.Id;
  if ((doc.Version ?? '') > (into.Version ?? '')) into.Version = doc.Version;
  for (const s of doc.Statement ?? []) {
    const list = (into.Statement ??= []);
    const i = s.Sid ? list.findIndex((x) => x.Sid === s.Sid) : -1;
    if (i >= 0) list[i] = s;
    else list.push(s);
  }
}

/** Go's encoding/json output: struct field order, HTML-safe escapes, MarshalIndent("", "  "). */
function goJson(doc: PolicyDoc, indent: boolean): string {
  const ordered: Record<string, Json> = {};
  if (doc.Version) ordered.Version = doc.Version;
  if (doc.Id) ordered.Id = doc.Id;
  if (doc.Statement && doc.Statement.length) {
    ordered.Statement = doc.Statement.map((s) => {
      const o: Record<string, Json> = {};
      for (const k of ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition'] as const) {
        const v = s[k];
        if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0) || (isPlainObject(v) && Object.keys(v).length === 0)) continue;
        o[k] = v;
      }
      return o;
    });
  }
  const text = indent ? JSON.stringify(ordered, null, 2) : JSON.stringify(ordered);
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

let crcTable: Uint32Array | undefined;

/** terraform-provider-aws create.StringHashcode: crc32 (IEEE) of the string. */
function crc32Hashcode(s: string): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of Buffer.from(s, 'utf8')) crc = crcTable[(crc ^ b) & 0xff] ^ (crc >>> 8);
  // Go's int is 64-bit, so the uint32 checksum is already non-negative.
  return (crc ^ 0xffffffff) >>> 0;
}
