/**
 * Counting checks the same way in every adapter and in the exit code: one check per rule (or
 * intent) per deployment; a check fails when any unsuppressed finding fails.
 */
import type { CheckResult, Finding, Report, Verdict } from '../check/types.js';

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
  errors: number;
  suppressed: number;
  /** Checks of severity error that failed: what makes `check` exit 1. */
  errorSeverityFailures: number;
  total: number;
}

export function summarize(report: Report): Summary {
  const s: Summary = { passed: 0, failed: 0, unknown: 0, notApplicable: 0, errors: 0, suppressed: 0, errorSeverityFailures: 0, total: 0 };
  for (const run of report.runs) {
    for (const r of run.results) {
      s.total++;
      const v = countedVerdict(r, report.strict);
      if (v === 'pass') s.passed++;
      else if (v === 'not-applicable') {
        s.passed++;
        s.notApplicable++;
      } else if (v === 'unknown') s.unknown++;
      else {
        s.failed++;
        if (v === 'error') s.errors++;
        if (v === 'fail' && r.severity === 'error') s.errorSeverityFailures++;
      }
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
