/**
 * The policy engine: runs rules over one model and turns their outcomes into findings with the
 * offending attribute's file:line, suppressions applied (and kept in the report), unknowns kept
 * unknown (or failed under --strict), and a rule that throws reported as an engine error.
 */
import type { CheckResult, Finding, Suppression, Verdict } from '../check/types.js';
import type { ModelIndex } from '../model/query.js';
import { describeUnknownInstances, type Resource, type SourceLocation, type StackModel } from '../model/resource.js';
import type { IntentsFile } from '../reach/intents.js';
import { isDeletedOnly } from './refs.js';
import { findSuppression, reasonIsValid, MIN_REASON_WORDS, type FileSuppression } from './suppressions.js';
import { isModelRule, type ModelOutcome, type Outcome, type Rule, type RuleContext, type RuleOptions } from './types.js';

export interface EngineOptions {
  deployment: string;
  /** Unknown verdicts become failures. */
  strict: boolean;
  /** Entries of the suppressions file, if any. */
  suppressions?: FileSuppression[];
  /** Project settings rules read (throw-away deployments). */
  ruleOptions?: RuleOptions;
  /** The deployment is a throw-away copy of the stack. */
  ephemeral?: boolean;
  /** The project's intents, for rules that read its declared entry points. */
  intents?: IntentsFile;
}

/** The id of the engine's own check that every suppression carries a reason. */
export const SUPPRESSION_CHECK_ID = 'SUP-001';

export function createRuleContext(
  model: StackModel,
  index: ModelIndex,
  deployment: string,
  extra: { options?: RuleOptions; ephemeral?: boolean; intents?: IntentsFile } = {},
): RuleContext {
  const cache = new Map<string, unknown>();
  return {
    model,
    index,
    deployment,
    options: extra.options ?? {},
    ephemeral: extra.ephemeral === true,
    ...(extra.intents ? { intents: extra.intents } : {}),
    memo<T>(key: string, build: () => T): T {
      if (!cache.has(key)) cache.set(key, build());
      return cache.get(key) as T;
    },
  };
}

/**
 * The declaration site of `path` in a resource from HCL: the exact attribute, else the nearest
 * declared parent path, else the resource block. Undefined for resources from a plan.
 */
export function locate(resource: Resource | undefined, path: string | undefined): SourceLocation | undefined {
  const src = resource?.source;
  if (!src) return undefined;
  if (path) {
    const parts = path.split('.');
    while (parts.length > 0) {
      const hit = src.attributes[parts.join('.')];
      if (hit) return hit;
      parts.pop();
    }
  }
  return src.block;
}

export function runRules(rules: Rule[], model: StackModel, index: ModelIndex, opts: EngineOptions): CheckResult[] {
  const ctx = createRuleContext(model, index, opts.deployment, { ...opts, ...(opts.ruleOptions ? { options: opts.ruleOptions } : {}) });
  const fileSuppressions = opts.suppressions ?? [];
  const results = rules.map((rule) => runRule(rule, ctx, opts, fileSuppressions));
  results.push(suppressionCheck(model, fileSuppressions, new Set(rules.map((r) => r.id))));
  return results;
}

/**
 * Resources of the types a rule reads across the model whose number of instances is unknown
 * (Resource.unknownInstances): for a model rule every type it reads, for a resource rule the types
 * it reads besides the judged one. Such a rule's answer may depend on how many there are.
 */
function uncountedFor(rule: Rule, ctx: RuleContext): Resource[] {
  const uncounted = ctx.memo('uncounted-resources', () => ctx.model.resources.filter((r) => r.unknownInstances));
  if (uncounted.length === 0) return [];
  const judged = new Set(isModelRule(rule) ? [] : (rule.judgedTypes ?? rule.resourceTypes));
  const read = new Set(rule.resourceTypes.filter((t) => isModelRule(rule) || !judged.has(t)));
  return uncounted.filter((r) => read.has(r.type));
}

function runRule(rule: Rule, ctx: RuleContext, opts: EngineOptions, fileSuppressions: FileSuppression[]): CheckResult {
  const findings: Finding[] = [];
  const uncounted = uncountedFor(rule, ctx);
  const emit = (o: Outcome | ModelOutcome, resource: Resource | undefined) => {
    // A pass that may depend on how many instances there are is not known before apply.
    const others = uncounted.filter((r) => r !== resource);
    if (o.verdict === 'pass' && others.length > 0) {
      const names = others.slice(0, 3).map((r) => r.address).join(', ') + (others.length > 3 ? ` and ${others.length - 3} more` : '');
      o = { ...o, verdict: 'unknown', message: `${o.message}; but ${names} ${others.length === 1 ? 'has' : 'have'} an unknown number of instances (${describeUnknownInstances(others[0]!.unknownInstances!)}), and this check reads them` };
    }
    if (resource?.unknownInstances) o = { ...o, message: `${o.message} [${resource.address}: ${describeUnknownInstances(resource.unknownInstances)}]` };
    findings.push(toFinding(rule, o, resource, opts, fileSuppressions));
  };
  if (isModelRule(rule)) {
    try {
      for (const o of rule.checkModel(ctx)) {
        if (o.resource && isDeletedOnly(o.resource)) continue;
        emit(o, o.resource);
      }
    } catch (err) {
      findings.push(engineError(rule, err));
    }
  } else {
    for (const resource of ctx.index.ofType(...(rule.judgedTypes ?? rule.resourceTypes))) {
      if (resource.mode !== 'managed' || isDeletedOnly(resource)) continue;
      try {
        const out = rule.check(resource, ctx);
        for (const o of Array.isArray(out) ? out : [out]) emit(o, resource);
      } catch (err) {
        findings.push(engineError(rule, err, resource));
      }
    }
  }
  return {
    checkId: rule.id,
    kind: 'policy',
    title: rule.title,
    severity: rule.severity,
    verdict: aggregate(findings),
    findings,
    rationale: `${rule.rationale} How to fix: ${rule.fix}`,
  };
}

function toFinding(
  rule: Rule,
  o: Outcome | ModelOutcome,
  resource: Resource | undefined,
  opts: EngineOptions,
  fileSuppressions: FileSuppression[],
): Finding {
  let verdict: Verdict = o.verdict;
  let message = o.message;
  if (verdict === 'unknown' && opts.strict) {
    verdict = 'fail';
    message = `unknown (fails under --strict): ${message}`;
  }
  const location = ('location' in o && o.location) || locate(resource, o.path);
  const finding: Finding = {
    checkId: rule.id,
    kind: 'policy',
    severity: rule.severity,
    verdict,
    message,
    ...(resource ? { address: resource.address } : {}),
    ...(location ? { location } : {}),
    ...(o.path ? { details: { path: o.path } } : {}),
  };
  if (verdict === 'fail' || verdict === 'unknown') {
    const s = findSuppression(rule.id, resource, fileSuppressions);
    if (s && reasonIsValid(s.reason)) finding.suppressed = s;
  }
  return finding;
}

function engineError(rule: Rule, err: unknown, resource?: Resource): Finding {
  const e = err as Error;
  return {
    checkId: rule.id,
    kind: 'policy',
    severity: rule.severity,
    verdict: 'error',
    message: `rule ${rule.id} threw: ${e?.message ?? String(err)} — a bug in the rule, not in the stack; the check could not be decided`,
    ...(resource ? { address: resource.address } : {}),
    ...(resource?.source ? { location: resource.source.block } : {}),
    details: { stack: e?.stack },
  };
}

/** fail if any unsuppressed finding failed, else error, unknown, pass, not-applicable. */
export function aggregate(findings: Finding[]): Verdict {
  const live = findings.filter((f) => !f.suppressed);
  for (const v of ['fail', 'error', 'unknown', 'pass'] as const) {
    if (live.some((f) => f.verdict === v)) return v;
  }
  return findings.some((f) => f.suppressed) ? 'pass' : 'not-applicable';
}

/** Every suppression (inline or file) must give a reason of MIN_REASON_WORDS words or more. */
function suppressionCheck(model: StackModel, fileSuppressions: FileSuppression[], ruleIds: Set<string>): CheckResult {
  const all: { s: Suppression; address?: string }[] = [];
  for (const r of model.resources) {
    for (const s of r.source?.suppressions ?? []) all.push({ s: { ...s, address: r.address }, address: r.address });
  }
  for (const s of fileSuppressions) all.push({ s });
  const findings: Finding[] = all.map(({ s, address }): Finding => {
    if (!ruleIds.has(s.ruleId)) {
      return {
        checkId: SUPPRESSION_CHECK_ID,
        kind: 'policy',
        severity: 'error',
        verdict: 'fail',
        message: `suppression names ${s.ruleId}, which is not a rule of this pack (a typo, or a rule that was renamed); it suppresses nothing. Correct the rule id (see docs/policies.md) or delete the suppression`,
        ...(address ? { address } : {}),
        ...(s.location ? { location: s.location } : {}),
      };
    }
    const ok = reasonIsValid(s.reason);
    return {
      checkId: SUPPRESSION_CHECK_ID,
      kind: 'policy',
      severity: 'error',
      verdict: ok ? 'pass' : 'fail',
      message: ok
        ? `suppression of ${s.ruleId} gives a reason: "${s.reason}"`
        : `suppression of ${s.ruleId} has no reason of at least ${MIN_REASON_WORDS} words ("${s.reason}"), so it is not applied; write why the rule does not hold here`,
      ...(address ? { address } : {}),
      ...(s.location ? { location: s.location } : {}),
    };
  });
  return {
    checkId: SUPPRESSION_CHECK_ID,
    kind: 'policy',
    title: 'Every suppression carries a written reason',
    severity: 'error',
    verdict: aggregate(findings),
    findings,
    rationale: 'A suppression is a decision a reviewer must be able to read: it names the rule and says why the rule does not hold here. Without a reason it is a silent hole in the checks.',
  };
}
