/**
 * Counting checks the same way in every adapter and in the exit code: one check per rule (or
 * intent) per deployment; a check fails when any unsuppressed finding fails.
 */
import type { CheckResult, CheckRun, Finding, Report, Verdict } from '../check/types.js';

/** The verdict that counts: under --strict an unknown check is a failure. */
export function countedVerdict(result: CheckResult, strict: boolean): Verdict {
  return strict && result.verdict === 'unknown' ? 'fail' : result.verdict;
}

export interface Summary {
  /** pass + not-applicable (a rule with nothing to judge holds). */
  passed: number;
  /** fail (+ unknown under --strict) + error. */
  failed: number;
  unknown: number;
  notApplicable: number;
  /**
   * Checks with an engine error (a rule or intent that threw): verdict error, or an error finding
   * beside failing ones (the check's verdict is then fail, but the throw must not hide behind it).
   */
  errors: number;
  suppressed: number;
  /** Checks of severity error that failed: what makes `check` exit 1. */
  errorSeverityFailures: number;
  /** Failed checks of severity warning or info: reported as failed, but advice — the run does not fail. */
  advisoryFailures: number;
  total: number;
}

/** How the run ends, from the counts alone (the exit code of `check` and the closing line's colour). */
export function runOutcome(s: Summary): 'ok' | 'failed' | 'engine-error' {
  if (s.errors > 0) return 'engine-error';
  return s.errorSeverityFailures > 0 ? 'failed' : 'ok';
}

export function summarize(report: Report): Summary {
  return count(report.runs, report.strict);
}

/** The counts of one deployment (a row of the terminal's summary table). */
export function summarizeRun(run: CheckRun, strict: boolean): Summary {
  return count([run], strict);
}

function count(runs: CheckRun[], strict: boolean): Summary {
  const s: Summary = { passed: 0, failed: 0, unknown: 0, notApplicable: 0, errors: 0, suppressed: 0, errorSeverityFailures: 0, advisoryFailures: 0, total: 0 };
  for (const run of runs) {
    for (const r of run.results) {
      s.total++;
      const v = countedVerdict(r, strict);
      if (v === 'pass') s.passed++;
      else if (v === 'not-applicable') {
        s.passed++;
        s.notApplicable++;
      } else if (v === 'unknown') s.unknown++;
      else {
        s.failed++;
        if (v === 'fail' && r.severity === 'error') s.errorSeverityFailures++;
        if (v === 'fail' && r.severity !== 'error') s.advisoryFailures++;
      }
      if (v === 'error' || r.findings.some((f) => f.verdict === 'error')) s.errors++;
      s.suppressed += r.findings.filter((f) => f.suppressed).length;
    }
  }
  return s;
}

/** Findings worth showing a person: failures, unknowns, engine errors and suppressed ones. */
export function notable(f: Finding): boolean {
  return f.verdict === 'fail' || f.verdict === 'unknown' || f.verdict === 'error' || Boolean(f.suppressed);
}

/** `N passed, N failed` — the closing line of the terminal report, word for word. */
export function closingLine(s: Summary): string {
  return `${s.passed} passed, ${s.failed} failed`;
}
