/**
 * IAM policy documents, normalised: from a JSON string (jsonencode, heredoc, a plan's rendered
 * policy) or, when that string is unknown before apply, from the aws_iam_policy_document data source
 * it came from (statement blocks), so a role whose principal ARN is unknown can still be judged.
 */
import type { Resource } from '../model/resource.js';
import { isObjectValue, isUnknown, stringSegments, type Unknown, type Value } from '../model/value.js';
import { follow } from './refs.js';
import type { RuleContext } from './types.js';
import { blocks, policyDocument, readSet, stringsOf } from './values.js';

export interface Statement {
  effect: string;
  actions: string[];
  /** `NotAction`: the statement is about every action but these (its `actions` are then empty). */
  notActions?: string[];
  resources: string[];
  /** `NotResource`: the statement is about every resource but these (its `resources` are then empty). */
  notResources?: string[];
  /** `Sid`, by which a policy document's override documents replace statements. */
  sid?: string;
  /** Principal type → identifiers (`Federated` → [...]); `*` for `"Principal": "*"`. */
  principals: Record<string, string[]>;
  conditions: { test: string; variable: string; values: string[]; unknown?: boolean; /** The unknown values can still be a wildcard (see mayBeWildcard). */ mayBeWildcard?: boolean }[];
  /** An action is not known before apply, so a wildcard cannot be ruled out. */
  actionsUnknown: boolean;
  /** A resource is not known before apply, so `*` cannot be ruled out. */
  resourcesUnknown: boolean;
  /** The resources that are not known before apply, each with what is known of its text (`${arn}/*`). */
  unknownResources?: Unknown[];
  /** A principal is not known before apply. */
  principalsUnknown?: boolean;
  /** The Effect is not known before apply: the statement may be an Allow. */
  effectUnknown?: boolean;
  /** `NotPrincipal`: the statement is about everyone but the principals it lists. */
  notPrincipal?: boolean;
}

const hasUnknown = (v: Value | undefined) => isUnknown(v) || (Array.isArray(v) && v.some(isUnknown));

/** The unknown elements of a string-or-list policy element (a whole unknown list is one). */
const unknownsOf = (v: Value | undefined): Unknown[] => (isUnknown(v) ? [v] : Array.isArray(v) ? v.filter(isUnknown) : []);

/**
 * Whether an unknown principal can still be `*`: not when its known shape says it is an ARN (a
 * resource's `arn` attribute, or text with a known `arn:` prefix or a `:` in it).
 */
function mayBeWildcard(u: Unknown): boolean {
  const segs = stringSegments(u);
  // A resource's ARN, id or an account id (data.aws_caller_identity's account_id) is never "*".
  if (segs.length === 1 && segs[0].kind === 'symbol' && /(^|_)(arn|id|account_id)$/.test(segs[0].origin.attribute)) return false;
  return !segs.some((x) => x.kind === 'literal' && x.text.includes(':'));
}

const principalUnknown = (v: Value | undefined): boolean =>
  isUnknown(v) ? mayBeWildcard(v) : Array.isArray(v) && v.some((x) => isUnknown(x) && mayBeWildcard(x));

/** A statement none of whose parts is known before apply. */
const unknownStatement = (): Statement => ({ effect: 'Allow', effectUnknown: true, actions: [], resources: [], principals: {}, conditions: [{ test: '', variable: '', values: [], unknown: true }], actionsUnknown: true, resourcesUnknown: true, principalsUnknown: true });

/**
 * The statements of a JSON policy document. Parts of it may be Unknown (jsonencode of a value with
 * an ARN known only after apply): each statement is then judged on what it knows — its flags say
 * which of its parts are not known — so `ecr:*` on `*` beside a statement naming an unknown ARN is
 * still decided. A Statement list that is itself unknown makes the document unknown.
 */
function fromJson(doc: Record<string, Value>): Statement[] | Unknown {
  if (isUnknown(doc.Statement)) return doc.Statement;
  const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return list.flatMap((s): Statement[] => {
    if (isUnknown(s)) return [unknownStatement()];
    if (!isObjectValue(s)) return [];
    const principals: Record<string, string[]> = {};
    const p = s.Principal;
    let principalsUnknown = isUnknown(p);
    if (typeof p === 'string') principals['*'] = [p];
    else if (isObjectValue(p)) {
      for (const [k, v] of Object.entries(p)) {
        principals[k] = stringsOf(v);
        if (principalUnknown(v)) principalsUnknown = true;
      }
    }
    const conditions: Statement['conditions'] = [];
    if (isUnknown(s.Condition)) conditions.push({ test: '', variable: '', values: [], unknown: true });
    else if (isObjectValue(s.Condition)) {
      for (const [test, vars] of Object.entries(s.Condition)) {
        if (!isObjectValue(vars)) {
          if (isUnknown(vars)) conditions.push({ test, variable: '', values: [], unknown: true });
          continue;
        }
        for (const [variable, values] of Object.entries(vars)) conditions.push({ test, variable, values: stringsOf(values), ...(hasUnknown(values) ? { unknown: true, mayBeWildcard: unknownsOf(values).some(mayBeWildcard) } : {}) });
      }
    }
    return [{
      effect: typeof s.Effect === 'string' ? s.Effect : 'Allow',
      ...(isUnknown(s.Effect) ? { effectUnknown: true } : {}),
      actions: stringsOf(s.Action),
      ...(s.NotAction !== undefined && s.NotAction !== null ? { notActions: stringsOf(s.NotAction) } : {}),
      resources: stringsOf(s.Resource),
      ...(s.NotResource !== undefined && s.NotResource !== null ? { notResources: stringsOf(s.NotResource) } : {}),
      ...(typeof s.Sid === 'string' && s.Sid ? { sid: s.Sid } : {}),
      principals,
      conditions,
      ...(s.NotPrincipal !== undefined && s.NotPrincipal !== null ? { notPrincipal: true } : {}),
      actionsUnknown: hasUnknown(s.Action) || hasUnknown(s.NotAction),
      resourcesUnknown: hasUnknown(s.Resource) || hasUnknown(s.NotResource),
      ...(hasUnknown(s.Resource) ? { unknownResources: unknownsOf(s.Resource) } : {}),
      ...(principalsUnknown ? { principalsUnknown } : {}),
    }];
  });
}

/**
 * The statements of an aws_iam_policy_document whose json is not known before apply, merged as the
 * provider merges them: `source_policy_documents`, then its own statements, then
 * `override_policy_documents`, a later statement replacing an earlier one with the same Sid. A
 * source or override document not known before apply is one statement of unknown parts.
 */
function fromDataSource(d: Resource): Statement[] | Unknown {
  const own = ownStatements(d);
  if (isUnknown(own)) return own;
  const layers = [...documentsIn(d, 'source_policy_documents'), own, ...documentsIn(d, 'override_policy_documents')];
  const merged: Statement[] = [];
  for (const layer of layers) {
    for (const st of layer) {
      const at = st.sid ? merged.findIndex((m) => m.sid === st.sid) : -1;
      if (at >= 0) merged[at] = st;
      else merged.push(st);
    }
  }
  return merged;
}

/** The statements of each JSON document in a list argument of a policy document data source. */
function documentsIn(d: Resource, attribute: string): Statement[][] {
  const v = d.values[attribute];
  const docs = isUnknown(v) ? [v] : Array.isArray(v) ? v : [];
  return docs.map((x) => {
    const doc = policyDocument(x);
    if (doc === undefined) return [];
    const st = isUnknown(doc) ? doc : fromJson(doc);
    return isUnknown(st) ? [unknownStatement()] : st;
  });
}

function ownStatements(d: Resource): Statement[] | Unknown {
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
        conditions.push({ test: String(c.value.test), variable: String(c.value.variable), values: stringsOf(v), unknown, ...(unknown ? { mayBeWildcard: isUnknown(c.value.variable) || isUnknown(c.value.test) || unknownsOf(v).some(mayBeWildcard) } : {}) });
      }
    }
    const notActions = s.not_actions;
    const notResources = s.not_resources;
    const notPrincipals = blocks(s, 'not_principals');
    return {
      effect: typeof s.effect === 'string' ? s.effect : 'Allow',
      actions: stringsOf(s.actions),
      ...(Array.isArray(notActions) && notActions.length > 0 ? { notActions: stringsOf(notActions) } : isUnknown(notActions) ? { notActions: [] } : {}),
      resources: stringsOf(s.resources),
      ...(Array.isArray(notResources) && notResources.length > 0 ? { notResources: stringsOf(notResources) } : isUnknown(notResources) ? { notResources: [] } : {}),
      ...(typeof s.sid === 'string' && s.sid ? { sid: s.sid } : {}),
      principals,
      conditions,
      ...(isUnknown(notPrincipals) || notPrincipals.length > 0 ? { notPrincipal: true } : {}),
      actionsUnknown: hasUnknown(s.actions) || hasUnknown(notActions),
      resourcesUnknown: hasUnknown(s.resources) || hasUnknown(notResources),
      ...(hasUnknown(s.resources) ? { unknownResources: unknownsOf(s.resources) } : {}),
      ...(isUnknown(s.effect) ? { effectUnknown: true } : {}),
      ...(isUnknown(ps) || ps.some((x) => principalUnknown(x.value.identifiers) || isUnknown(x.value.type)) ? { principalsUnknown: true } : {}),
    };
  });
}

/**
 * The statements of the policy in `attribute` of `r`; `undefined` when there is no policy (none
 * written: an unset policy the provider computes, such as `aws_s3_bucket.policy`, is planned
 * unknown but is no policy of this resource — readSet); Unknown when it cannot be known before apply.
 */
export function policyStatements(r: Resource, attribute: string, ctx: RuleContext): Statement[] | Unknown | undefined {
  const raw = readSet(r, attribute);
  const doc = policyDocument(raw);
  if (doc && !isUnknown(doc)) return fromJson(doc);
  if (isUnknown(doc)) {
    const sources = follow(ctx, r, attribute, ['aws_iam_policy_document']);
    if (sources.length > 0) return fromDataSource(sources[0]);
    return doc;
  }
  return undefined;
}

/** The statement names everyone: `"Principal": "*"` or `{"AWS": "*"}` (a data source's type "*" or "AWS" with identifier "*"). */
export const isPublicPrincipal = (s: Statement): boolean => (s.principals['*'] ?? []).includes('*') || (s.principals.AWS ?? []).includes('*');

export const isWildcardAction = (a: string) => a === '*' || a === '*:*';

/**
 * The statement applies to every resource: Resource "*", or NotResource (every resource but a few)
 * that does not itself exclude "*".
 */
export const onEveryResource = (s: Statement): boolean => s.resources.includes('*') || (s.notResources !== undefined && s.notResources.length > 0 && !s.notResources.includes('*'));

/**
 * Every action but the NotAction list, when that list does not itself exclude everything; undefined
 * for a statement with no (known) NotAction.
 */
export const everyActionBut = (s: Statement): string[] | undefined => (s.notActions && s.notActions.length > 0 && !s.notActions.some(isWildcardAction) ? s.notActions : undefined);

/** What a statement's resources are, for messages. */
export const describeResources = (s: Statement): string => (s.notResources ? `every resource but ${s.notResources.join(', ') || '(unknown)'}` : `Resource ${s.resources.map((x) => `"${x}"`).join(', ') || '(none)'}`);
