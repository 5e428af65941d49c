/**
 * JUnit XML: one testsuite per deployment, one testcase per check (rule or intent); failed checks
 * carry <failure> with every failing finding, engine errors <error>, unknown and not-applicable
 * checks <skipped> with the reason (unknown fails under --strict); the loader's diagnostics in the
 * suite's <system-out>.
 */
import type { CheckResult, Report } from '../check/types.js';
import { where } from './paths.js';
import { countedVerdict, notable } from './summary.js';
import type { RenderOptions, ReportAdapter } from './types.js';

const xml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

function body(r: CheckResult, opts: RenderOptions): string {
  return r.findings
    .filter(notable)
    .map((f) => `${f.suppressed ? '[suppressed] ' : ''}${[where(f.location, opts.rootDir), f.address].filter(Boolean).join(' ')}: ${f.message}`)
    .join('\n');
}

export function renderJunit(report: Report, opts: RenderOptions): string {
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const suites = report.runs.map((run) => {
    let failures = 0;
    let errors = 0;
    let skipped = 0;
    const cases = run.results.map((r) => {
      const v = countedVerdict(r, report.strict);
      const name = xml(`${r.checkId} ${r.title}`);
      const cls = xml(`stackcheck.${r.kind}.${run.deployment}`);
      const first = r.findings.find((f) => !f.suppressed && f.verdict === r.verdict) ?? r.findings[0];
      if (v === 'fail') {
        failures++;
        return `    <testcase classname="${cls}" name="${name}">\n      <failure message="${xml(first?.message ?? r.title)}" type="${r.severity}">${xml(body(r, opts))}</failure>\n    </testcase>`;
      }
      if (v === 'error') {
        errors++;
        return `    <testcase classname="${cls}" name="${name}">\n      <error message="${xml(first?.message ?? 'engine error')}">${xml(body(r, opts))}</error>\n    </testcase>`;
      }
      if (v === 'unknown' || v === 'not-applicable') {
        skipped++;
        const why = v === 'unknown' ? `unknown: ${first?.message ?? ''}` : 'not applicable: nothing it reads exists';
        return `    <testcase classname="${cls}" name="${name}">\n      <skipped message="${xml(why)}"/>\n    </testcase>`;
      }
      return `    <testcase classname="${cls}" name="${name}"/>`;
    });
    totals.tests += run.results.length;
    totals.failures += failures;
    totals.errors += errors;
    totals.skipped += skipped;
    // What the loader could not evaluate (unknown counts, skipped modules, …) is part of the verdict's context.
    const diagnostics = run.diagnostics.map((d) => [`${d.severity}:`, where(d.location, opts.rootDir), d.address, d.message].filter(Boolean).join(' '));
    const out = diagnostics.length ? `\n    <system-out>${xml(`loader diagnostics:\n${diagnostics.join('\n')}`)}</system-out>` : '';
    return `  <testsuite name="${xml(run.deployment)}" tests="${run.results.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">\n${cases.join('\n')}${out}\n  </testsuite>`;
  });
  // The root counts are the sums of the suites', so a consumer that checks them never disagrees.
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="stackcheck" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}">\n${suites.join('\n')}\n</testsuites>\n`;
}

export const junitAdapter: ReportAdapter = { name: 'junit', extension: 'xml', render: renderJunit };
