import type { DiagnosticSeverity, SourceLocation } from '../model/resource.js';

/**
 * The results every check produces — policy rules and reachability intents alike — and that every
 * report adapter (terminal, JSON, JUnit, SARIF, HTML) renders. One vocabulary for both halves.
 */

export type Severity = DiagnosticSeverity; // 'error' | 'warning' | 'info'

/**
 * pass: holds. fail: violated. unknown: cannot be decided before apply (reason given; `--strict`
 * turns it into a failure). not-applicable: nothing it reads exists. error: the check itself threw.
 */
export type Verdict = 'pass' | 'fail' | 'unknown' | 'not-applicable' | 'error';

export interface Suppression {
  ruleId: string;
  reason: string;
  /** Where it was declared: an inline comment's location or the suppressions file. */
  location?: SourceLocation;
  /** Resource address it is scoped to; undefined = every resource. */
  address?: string;
}

/** One verdict of one check on one subject (a resource for a policy; a flow for an intent). */
export interface Finding {
  checkId: string; // `NET-001`, or an intent id such as `allow:staging-web->staging-api:8000/tcp`
  kind: 'policy' | 'intent';
  severity: Severity;
  verdict: Verdict;
  /** What is wrong and what to do about it (for fail/unknown/error), or what held (pass). */
  message: string;
  /** Resource address the finding is about, when it is about one. */
  address?: string;
  /** The offending attribute's declaration (static model) or the resource block. */
  location?: SourceLocation;
  suppressed?: Suppression;
  /**
   * For an unknown: why, in words that do not depend on which check or subject asked (an unknown
   * security-group peer, a policy document built from unknown ARNs). Reports group unknowns by it,
   * so one cause is shown once however many deployments, intents and resources it leaves undecided.
   */
  cause?: string;
  /** Extra structured data (e.g. a reachability witness path); adapters may render it. */
  details?: unknown;
}

/** A check as a unit: a policy rule or an intent, with all its findings in one deployment. */
export interface CheckResult {
  checkId: string;
  kind: 'policy' | 'intent';
  title: string;
  severity: Severity;
  /** Aggregated: fail if any unsuppressed finding failed, else error, unknown, pass, n/a. */
  verdict: Verdict;
  findings: Finding[];
  rationale?: string;
}

/** The checks run over one model (one deployment: `live`, `ephemeral`, or a plan file). */
export interface CheckRun {
  /** `live`, `ephemeral`, or the plan file's path */
  deployment: string;
  /** Where the model came from: `hcl` evaluation or a real `plan` */
  origin: 'hcl' | 'plan';
  source: string;
  results: CheckResult[];
  /** Loader diagnostics (unknown for_each, unevaluated modules, …) shown beside the checks. */
  diagnostics: { severity: Severity; message: string; location?: SourceLocation; address?: string }[];
  /** Extra sections an adapter may render (the reachability matrix, a network diagram model). */
  sections?: Record<string, unknown>;
}

export interface Report {
  tool: { name: 'stackcheck'; version: string };
  generatedAt: string;
  strict: boolean;
  runs: CheckRun[];
}
