/**
 * IAM policy documents, normalised: from a JSON string (jsonencode, heredoc, a plan's rendered
 * policy) or, when that string is unknown before apply, from the aws_iam_policy_document data source
 * it came from (statement blocks), so a role whose principal ARN is unknown can still be judged.
 */
import type { Resource } from '../model/resource.js';
import { isObjectValue, isUnknown, type Unknown, type Value } from '../model/value.js';
import { follow } from './refs.js';
import type { RuleContext } from './types.js';
import { blocks, policyDocument, read, statements, stringsOf } from './values.js';

export interface Statement {
  effect: string;
  actions: string[];
  resources: string[];
  /** Principal type → identifiers (`Federated` → [...]); `*` for `"Principal": "*"`. */
  principals: Record<string, string[]>;
  conditions: { test: string; variable: string; values: string[]; unknown?: boolean }[];
  /** An action is not known before apply, so a wildcard cannot be ruled out. */
  actionsUnknown: boolean;
  /** A resource is not known before apply, so `*` cannot be ruled out. */
  resourcesUnknown: boolean;
}

const hasUnknown = (v: Value | undefined) => isUnknown(v) || (Array.isArray(v) && v.some(isUnknown));

function fromJson(doc: Record<string, Value>): Statement[] {
  return statements(doc).map((s) => {
    const principals: Record<string, string[]> = {};
    const p = s.Principal;
    if (typeof p === 'string') principals['*'] = [p];
    else if (isObjectValue(p)) for (const [k, v] of Object.entries(p)) principals[k] = stringsOf(v);
    const conditions: Statement['conditions'] = [];
    if (isObjectValue(s.Condition)) {
      for (const [test, vars] of Object.entries(s.Condition)) {
        if (!isObjectValue(vars)) continue;
        for (const [variable, values] of Object.entries(vars)) conditions.push({ test, variable, values: stringsOf(values) });
      }
    }
    return {
      effect: typeof s.Effect === 'string' ? s.Effect : 'Allow',
      actions: stringsOf(s.Action),
      resources: stringsOf(s.Resource),
      principals,
      conditions,
      actionsUnknown: false,
      resourcesUnknown: false,
    };
  });
}

function fromDataSource(d: Resource): Statement[] | Unknown {
  const bs = blocks(d.values, 'statement');
  if (isUnknown(bs)) return bs;
  return bs.map(({ value: s }) => {
    const principals: Record<string, string[]> = {};
    const ps = blocks(s, 'principals');
    if (!isUnknown(ps)) for (const p of ps) principals[String(p.value.type)] = [...(principals[String(p.value.type)] ?? []), ...stringsOf(p.value.identifiers)];
    const conditions: Statement['conditions'] = [];
    const cs = blocks(s, 'condition');
    // Condition blocks not known before apply: recorded as one unknown condition, so no rule
    // mistakes them for "no conditions".
    if (isUnknown(cs)) conditions.push({ test: '', variable: '', values: [], unknown: true });
    else {
      for (const c of cs) {
        const v = c.value.values;
        const unknown = hasUnknown(v) || isUnknown(c.value.variable) || isUnknown(c.value.test);
        conditions.push({ test: String(c.value.test), variable: String(c.value.variable), values: stringsOf(v), unknown });
      }
    }
    return {
      effect: typeof s.effect === 'string' ? s.effect : 'Allow',
      actions: stringsOf(s.actions),
      resources: stringsOf(s.resources),
      principals,
      conditions,
      actionsUnknown: hasUnknown(s.actions),
      resourcesUnknown: hasUnknown(s.resources),
    };
  });
}

/**
 * The statements of the policy in `attribute` of `r`; `undefined` when there is no policy;
 * Unknown when it cannot be known before apply.
 */
export function policyStatements(r: Resource, attribute: string, ctx: RuleContext): Statement[] | Unknown | undefined {
  const raw = read(r.values, attribute);
  const doc = policyDocument(raw);
  if (doc && !isUnknown(doc)) return fromJson(doc);
  if (isUnknown(doc)) {
    const sources = follow(ctx, r, attribute, ['aws_iam_policy_document']);
    if (sources.length > 0) return fromDataSource(sources[0]);
    return doc;
  }
  return undefined;
}

export const isWildcardAction = (a: string) => a === '*' || a === '*:*';
