/**
 * The terminal report, for a person reading it top to bottom:
 *
 * - one line per deployment (what was checked), then the loader's diagnostics;
 * - failures and engine errors, one line per finding: verdict, severity, rule, `file:line`
 *   (clickable in editors and terminals), resource, message — a finding that is the same in
 *   several deployments is one line naming them all;
 * - what cannot be decided before apply, grouped by cause: a cause (an unknown security-group
 *   peer, an unknown policy document) is printed once with the checks, deployments and subjects it
 *   leaves undecided, not once per deployment, intent and resource;
 * - suppressed findings, one line each with the reason and where it was declared;
 * - a summary table per deployment, and the closing line `N passed, N failed`.
 *
 * Colour only when the caller asks (a TTY without NO_COLOR; see commands/check.ts).
 */
import type { CheckResult, CheckRun, Finding, Report, Severity } from '../check/types.js';
import { where } from './paths.js';
import { closingLine, runOutcome, summarize, summarizeRun } from './summary.js';
import type { RenderOptions, ReportAdapter } from './types.js';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const CODES = { red: 31, yellow: 33, green: 32, dim: 2, bold: 1, cyan: 36 } as const;
/** Subjects listed under one unknown cause before "and N more". */
const SUBJECTS_SHOWN = 4;

type Paint = (code: keyof typeof CODES, s: string) => string;

function painter(color: boolean): Paint {
  return (code, s) => (color ? `\x1b[${CODES[code]}m${s}\x1b[0m` : s);
}

/** A finding with the deployments it appears in (the same finding in two deployments is one entry). */
interface Entry {
  finding: Finding;
  result: CheckResult;
  deployments: string[];
}

/**
 * Items that say the same thing (same `key`) in several deployments, as one entry naming them all,
 * first seen first: the one merge for findings and loader diagnostics.
 */
function acrossDeployments<T>(items: { deployment: string; item: T }[], key: (item: T) => string): { item: T; deployments: string[] }[] {
  const byKey = new Map<string, { item: T; deployments: string[] }>();
  for (const { deployment, item } of items) {
    const k = key(item);
    const e = byKey.get(k);
    if (e) {
      if (!e.deployments.includes(deployment)) e.deployments.push(deployment);
    } else byKey.set(k, { item, deployments: [deployment] });
  }
  return [...byKey.values()];
}

/** Merge findings that say the same thing about the same place across deployments. */
function merge(items: { run: CheckRun; result: CheckResult; finding: Finding }[], opts: RenderOptions): Entry[] {
  return acrossDeployments(
    items.map(({ run, result, finding }) => ({ deployment: run.deployment, item: { result, finding } })),
    ({ finding: f }) => [f.checkId, f.verdict, where(f.location, opts.rootDir), f.address, f.message, f.suppressed?.reason].join('\0'),
  ).map(({ item, deployments }) => ({ ...item, deployments }));
}

function collect(report: Report, keep: (f: Finding, r: CheckResult) => boolean) {
  const out: { run: CheckRun; result: CheckResult; finding: Finding }[] = [];
  for (const run of report.runs) for (const result of run.results) for (const finding of result.findings) if (keep(finding, result)) out.push({ run, result, finding });
  return out;
}

const deploymentsTag = (deps: string[], all: number, paint: Paint) => (all > 1 ? `  ${paint('dim', `[${deps.join(', ')}]`)}` : '');

/** Absolute paths under the root in a message, made repository-relative like every location. */
function relativePaths(text: string, rootDir: string): string {
  const root = rootDir.endsWith('/') ? rootDir : `${rootDir}/`;
  return text.split(root).join('');
}

function subject(f: Finding, opts: RenderOptions, paint: Paint): string {
  return [where(f.location, opts.rootDir), f.address].filter(Boolean).map((s) => paint('cyan', s!)).join('  ');
}

/** `FAIL  error    NET-001  terraform/sg.tf:12  aws_security_group.a  message  [live]` */
function findingLine(mark: string, e: Entry, runs: number, opts: RenderOptions, paint: Paint): string {
  const f = e.finding;
  const parts = [mark, f.severity.padEnd(7), paint('bold', f.checkId), subject(f, opts, paint), relativePaths(f.message, opts.rootDir)].filter(Boolean);
  return `  ${parts.join('  ')}${deploymentsTag(e.deployments, runs, paint)}`;
}

/**
 * Why a finding is unknown, in words that do not depend on which check asked: the finding's own
 * `cause`, else the reasons a reachability answer carries (`details.unknown`), else its message.
 */
export function unknownCause(f: Finding): string {
  if (f.cause) return f.cause;
  const reasons = (f.details as { unknown?: unknown } | undefined)?.unknown;
  if (Array.isArray(reasons) && reasons.length && reasons.every((r) => typeof r === 'string')) return reasons.join('; ');
  return f.message;
}

function unknownSection(report: Report, opts: RenderOptions, paint: Paint): string[] {
  const items = collect(report, (f) => f.verdict === 'unknown' && !f.suppressed);
  if (!items.length) return [];
  const groups = new Map<string, { checks: Set<string>; deployments: Set<string>; subjects: Map<string, string> }>();
  for (const { run, finding: f } of items) {
    const cause = relativePaths(unknownCause(f), opts.rootDir);
    let g = groups.get(cause);
    if (!g) groups.set(cause, (g = { checks: new Set(), deployments: new Set(), subjects: new Map() }));
    g.checks.add(f.checkId);
    g.deployments.add(run.deployment);
    const s = subject(f, opts, paint);
    if (s) g.subjects.set(s, s);
  }
  const checks = new Set(report.runs.flatMap((run) => run.results.filter((r) => r.verdict === 'unknown').map((r) => `${run.deployment}\0${r.checkId}`)));
  const strict = report.strict ? ' — failed under --strict' : '';
  const out = [paint('bold', `Unknown before apply: ${checks.size} check${checks.size === 1 ? '' : 's'}, ${groups.size} cause${groups.size === 1 ? '' : 's'}${strict}`)];
  for (const [cause, g] of groups) {
    out.push(`  ${paint('yellow', 'UNKNOWN')}  ${cause}`);
    const deps = report.runs.length > 1 ? ` in ${[...g.deployments].join(', ')}` : '';
    out.push(`           ${paint('dim', `leaves undecided: ${[...g.checks].join(', ')}${deps}`)}`);
    const subjects = [...g.subjects.values()];
    for (const s of subjects.slice(0, SUBJECTS_SHOWN)) out.push(`             ${s}`);
    if (subjects.length > SUBJECTS_SHOWN) out.push(`             ${paint('dim', `and ${subjects.length - SUBJECTS_SHOWN} more`)}`);
  }
  return [...out, ''];
}

function summaryTable(report: Report, paint: Paint): string[] {
  const header = ['deployment', 'checks', 'passed', 'failed', 'unknown', 'n/a', 'suppressed'];
  const rows = report.runs.map((run) => {
    const s = summarizeRun(run, report.strict);
    return [run.deployment, s.total, s.passed, s.failed, s.unknown, s.notApplicable, s.suppressed].map(String);
  });
  if (report.runs.length > 1) {
    const s = summarize(report);
    rows.push(['all', s.total, s.passed, s.failed, s.unknown, s.notApplicable, s.suppressed].map(String));
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`;
  return [paint('bold', 'Summary'), paint('dim', line(header)), ...rows.map(line)];
}

export function renderTerminal(report: Report, opts: RenderOptions): string {
  const paint = painter(opts.color);
  const runs = report.runs.length;
  const out: string[] = [];
  for (const run of report.runs) {
    out.push(paint('bold', run.deployment) + paint('dim', ` (${run.origin}: ${run.source}) — ${run.results.length} checks`));
  }
  // Loader diagnostics, once each however many deployments report them.
  const diagnostics = acrossDeployments(
    report.runs.flatMap((run) => run.diagnostics.map((d) => ({ deployment: run.deployment, item: d }))),
    (d) => [d.severity, where(d.location, opts.rootDir), d.address, d.message].join('\0'),
  );
  for (const { item: d, deployments } of diagnostics) {
    const mark = d.severity === 'error' ? paint('red', 'diagnostic') : paint('yellow', 'diagnostic');
    const at = [where(d.location, opts.rootDir), d.address].filter(Boolean).map((s) => paint('cyan', s!)).join('  ');
    out.push(`  ${[mark, d.severity, at, relativePaths(d.message, opts.rootDir)].filter(Boolean).join('  ')}${deploymentsTag(deployments, runs, paint)}`);
  }
  out.push('');

  const bySeverity = (a: Entry, b: Entry) =>
    SEVERITY_ORDER[a.result.severity] - SEVERITY_ORDER[b.result.severity] || a.finding.checkId.localeCompare(b.finding.checkId);
  const failures = merge(collect(report, (f) => f.verdict === 'fail' && !f.suppressed), opts).sort(bySeverity);
  if (failures.length) {
    out.push(paint('bold', `Failed: ${failures.length} finding${failures.length === 1 ? '' : 's'}`));
    for (const e of failures) out.push(findingLine(e.result.severity === 'error' ? paint('red', 'FAIL') : paint('yellow', 'WARN'), e, runs, opts, paint));
    out.push('');
  }
  const errors = merge(collect(report, (f) => f.verdict === 'error'), opts);
  // A check that threw before producing any finding still shows up.
  for (const run of report.runs) {
    for (const r of run.results) {
      if (r.verdict === 'error' && !r.findings.some((f) => f.verdict === 'error')) {
        errors.push({ finding: { checkId: r.checkId, kind: r.kind, severity: r.severity, verdict: 'error', message: `${r.title}: the check itself failed` }, result: r, deployments: [run.deployment] });
      }
    }
  }
  if (errors.length) {
    out.push(paint('bold', `Engine errors: ${errors.length}`));
    for (const e of errors) out.push(findingLine(paint('red', 'ERROR'), e, runs, opts, paint));
    out.push('');
  }
  out.push(...unknownSection(report, opts, paint));
  const suppressed = merge(collect(report, (f) => Boolean(f.suppressed)), opts);
  if (suppressed.length) {
    out.push(paint('bold', `Suppressed: ${suppressed.length} finding${suppressed.length === 1 ? '' : 's'}`));
    for (const e of suppressed) {
      const s = e.finding.suppressed!;
      const why = paint('dim', `— suppressed: ${s.reason}${s.location ? ` (${where(s.location, opts.rootDir)})` : ''}`);
      out.push(`${findingLine(paint('dim', 'SUPPRESSED'), e, runs, opts, paint)}  ${why}`);
    }
    out.push('');
  }

  out.push(...summaryTable(report, paint));
  const s = summarize(report);
  const extras = [
    s.unknown ? `unknown checks are not counted as passed${report.strict ? '' : ' (--strict fails them)'}` : '',
    s.notApplicable ? 'n/a (nothing to judge) counts as passed' : '',
    s.advisoryFailures ? `${s.advisoryFailures} of the failed are warning/info advice (they do not fail the run)` : '',
    s.errors ? paint('red', `${s.errors} engine error(s)`) : '',
  ].filter(Boolean);
  if (extras.length) out.push(paint('dim', `  ${extras.join('; ')}`));
  const outcome = runOutcome(s);
  out.push(paint(outcome !== 'ok' ? 'red' : s.failed > 0 ? 'yellow' : 'green', closingLine(s)));
  return out.join('\n') + '\n';
}

export const terminalAdapter: ReportAdapter = { name: 'terminal', render: renderTerminal };
