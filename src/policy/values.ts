/**
 * Reading resource values the way rules need them: nested blocks whether a loader gives them as a
 * list of objects (plan JSON) or as one object, unknowns kept as unknowns, tags merged with the
 * provider's default_tags.
 */
import { effectiveTags } from '../model/query.js';
import { isConfigured } from '../model/refs.js';
import type { Resource } from '../model/resource.js';
import { concatStrings, isObjectValue, isUnknown, splitPath, Unknown, type ObjectValue, type Value } from '../model/value.js';
import { perResource } from './memo.js';
import type { Outcome, RuleContext } from './types.js';

const splitCache = new Map<string, string[]>();

/** The value at a dotted path; a block given as a single object answers to index 0. */
export function read(root: Value | undefined, path: string): Value | undefined {
  let parts = splitCache.get(path);
  if (!parts) {
    parts = splitPath(path);
    if (splitCache.size < 100_000) splitCache.set(path, parts);
  }
  let cur: Value | undefined = root;
  for (const part of parts) {
    if (cur === undefined || cur === null) return undefined;
    if (isUnknown(cur)) return cur;
    if (Array.isArray(cur)) {
      const i = Number(part);
      if (!Number.isInteger(i)) return undefined;
      cur = cur[i];
    } else if (isObjectValue(cur)) {
      if (Object.prototype.hasOwnProperty.call(cur, part)) cur = cur[part];
      else if (part === '0') continue; // single-object block addressed as block.0
      else return undefined;
    } else {
      return undefined;
    }
  }
  return cur;
}

export interface Block {
  value: ObjectValue;
  /** Path of the block in its resource: `ingress.0`. */
  path: string;
}

/**
 * The instances of a nested block. An unknown block list is returned as `unknown` so the caller
 * can say so instead of passing.
 */
export function blocks(root: Value | undefined, name: string): Block[] | Unknown {
  const v = read(root, name);
  if (v === undefined || v === null) return [];
  if (isUnknown(v)) return v;
  const prefix = name;
  if (Array.isArray(v)) {
    return v.flatMap((b, i) => (isObjectValue(b) ? [{ value: b, path: `${prefix}.${i}` }] : []));
  }
  if (isObjectValue(v)) return [{ value: v, path: `${prefix}.0` }];
  return [];
}

/** A list attribute as a list (a single string becomes a one-element list; null → []). */
export function list(v: Value | undefined): Value[] | Unknown {
  if (v === undefined || v === null) return [];
  if (isUnknown(v)) return v;
  if (Array.isArray(v)) return v;
  return [v];
}

export function isTrue(v: Value | undefined): boolean {
  return v === true || v === 'true';
}

export function isFalse(v: Value | undefined): boolean {
  return v === false || v === 'false';
}

export function asNumber(v: Value | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

/** `unknown` outcome naming the attribute and the loader's reason. */
export function unknownAt(path: string, u: Unknown, what = `${path} is not known before apply`): Outcome {
  return { verdict: 'unknown', path, message: `${what} (${u.reason}); it cannot be judged until it is known` };
}

/** Effective tags, with the aws provider's default_tags merged under the resource's own (once per resource per model). */
export function tagsOf(r: Resource, ctx: RuleContext): Record<string, string> {
  return perResource(ctx, 'tags', r, () => {
    const defaults = ctx.memo('provider-default-tags', () => providerDefaultTags(ctx));
    return { ...(defaults.get(providerAlias(r.provider)) ?? defaults.get('aws') ?? {}), ...effectiveTags(r) };
  });
}

function providerDefaultTags(ctx: RuleContext): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const p of ctx.model.providers) {
    if (!(p.name === 'aws' || p.name.startsWith('aws.')) || p.module !== '') continue;
    const tags = read(p.config, 'default_tags.0.tags');
    if (!isObjectValue(tags)) continue;
    const known: Record<string, string> = {};
    for (const [k, v] of Object.entries(tags)) if (typeof v === 'string') known[k] = v;
    out.set(p.name, known);
  }
  return out;
}

/** `provider["registry.terraform.io/hashicorp/aws"].west` → `aws.west`; plain → `aws`. */
function providerAlias(provider: string): string {
  const m = /aws"?\]?(?:\.([\w-]+))?$/.exec(provider);
  return m?.[1] ? `aws.${m[1]}` : 'aws';
}

/**
 * A tag's value when a rule must not guess: the known value, else the Unknown that hides it (the
 * resource's tags, or that one tag, set from something known only after apply), else undefined
 * (not tagged). A provider-computed `tags`/`tags_all` hides nothing.
 */
export function tagValue(r: Resource, ctx: RuleContext, key: string): string | Unknown | undefined {
  const known = tagsOf(r, ctx)[key];
  if (known !== undefined) return known;
  for (const attr of ['tags', 'tags_all']) {
    const v = r.values[attr];
    if (isUnknown(v) && !isComputedDefault(r, attr, v)) return v;
    if (isObjectValue(v) && isUnknown(v[key])) return v[key];
  }
  return undefined;
}

/** `unknown` outcome for a tag that decides a rule but is not known before apply. */
export function unknownTag(key: string, u: Unknown): Outcome {
  return unknownAt('tags', u, `tag ${key} is not known before apply`);
}

export function envOf(r: Resource, ctx: RuleContext): string | undefined {
  return tagsOf(r, ctx).Environment;
}

export function roleOf(r: Resource, ctx: RuleContext): string | undefined {
  return tagsOf(r, ctx).Role;
}

/**
 * True for an ephemeral copy of the stack: a `stackcheck:run-id` tag, the root variable
 * `ephemeral = true` (envs/ephemeral.tfvars) or a non-empty `run_id`.
 */
export function isEphemeral(r: Resource, ctx: RuleContext): boolean {
  if (tagsOf(r, ctx)['stackcheck:run-id']) return true;
  if (ctx.model.variables.ephemeral === true) return true;
  const runId = ctx.model.variables.run_id;
  return typeof runId === 'string' && runId !== '';
}

/** Parse a policy document given as a JSON string or as an already-decoded object. */
export function policyDocument(v: Value | undefined): ObjectValue | Unknown | undefined {
  if (isObjectValue(v)) return v;
  const doc = jsonValue(v);
  return isUnknown(doc) || isObjectValue(doc) ? doc : undefined;
}

/**
 * A JSON-encoded attribute (a policy, container definitions) as a value: parsed when known; when
 * unknown but its known text is in its domain (jsonencode of a value holding unknowns), parsed with
 * each unknown part as an Unknown value; else the Unknown itself. Undefined when absent or not JSON.
 */
export function jsonValue(v: Value | undefined): Value | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (isUnknown(v)) return partialJson(v) ?? v;
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as Value;
  } catch {
    return undefined;
  }
}

const TOKEN = /@@stackcheck-unknown-(\d+)@@/g;

/**
 * An unknown JSON document whose known text is in its domain (jsonencode of a value holding
 * unknowns): the document with each unknown part as an Unknown value — a whole JSON value where
 * the text has one, an Unknown string with its known shape inside a string. Undefined when the
 * known text does not parse as JSON.
 */
function partialJson(u: Unknown): Value | undefined {
  if (!u.domain || !u.domain.segments.some((x) => x.kind === 'literal')) return undefined;
  const parts: Unknown[] = [];
  let text = '';
  let inString = false;
  for (const seg of u.domain.segments) {
    if (seg.kind === 'literal') {
      for (let i = 0; i < seg.text.length; i++) {
        const c = seg.text[i];
        if (inString && c === '\\') i++;
        else if (c === '"') inString = !inString;
      }
      text += seg.text;
      continue;
    }
    const token = `@@stackcheck-unknown-${parts.length}@@`;
    parts.push(new Unknown(u.reason, seg.kind === 'symbol' ? [seg.origin] : u.origins, { segments: [seg] }));
    text += inString ? token : `"${token}"`;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const revive = (x: unknown): Value => {
    if (typeof x === 'string') {
      if (!x.includes('@@stackcheck-unknown-')) return x;
      const pieces: (string | Unknown)[] = [];
      let last = 0;
      for (const m of x.matchAll(TOKEN)) {
        pieces.push(x.slice(last, m.index), parts[Number(m[1])]!);
        last = m.index! + m[0].length;
      }
      pieces.push(x.slice(last));
      const whole = pieces.filter((p) => p !== '');
      return whole.length === 1 && isUnknown(whole[0]) ? whole[0] : concatStrings(pieces);
    }
    if (Array.isArray(x)) return x.map(revive);
    if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, revive(v)]));
    return x as Value;
  };
  return revive(doc);
}

/** Statements of a policy document (a single statement object becomes a one-element list). */
export function statements(doc: ObjectValue): ObjectValue[] {
  const s = doc.Statement;
  if (Array.isArray(s)) return s.filter(isObjectValue);
  return isObjectValue(s) ? [s] : [];
}

/** A statement field that may be a string or a list of strings (`Action`, `Resource`). */
export function stringsOf(v: Value | undefined): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

export function describe(v: Value | undefined): string {
  if (v === undefined) return 'not set';
  if (isUnknown(v)) return 'unknown';
  return JSON.stringify(v);
}

/**
 * True when `v` (read at `path` of `r`) is a provider-computed default: plans show an Optional+
 * Computed attribute the configuration does not set as "known after apply" with the resource
 * itself as the only origin, and no expression reference. Rules treat it as "not set".
 */
export function isComputedDefault(r: Resource, path: string, v: Value | undefined): boolean {
  if (!isUnknown(v) || v.origins.length === 0) return false;
  return !isConfigured(r, path);
}

/** `read` that answers undefined for a provider-computed default (see isComputedDefault). */
export function readSet(r: Resource, path: string): Value | undefined {
  const v = read(r.values, path);
  return isComputedDefault(r, path, v) ? undefined : v;
}

/** `blocks` of a resource, with a provider-computed block list treated as no blocks. */
export function blocksOf(r: Resource, name: string): Block[] | Unknown {
  const v = read(r.values, name);
  if (isComputedDefault(r, name, v)) return [];
  return blocks(r.values, name);
}
