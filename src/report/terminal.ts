/**
 * The terminal report: failing checks grouped by severity, each finding as `file:line` (clickable
 * in editors and terminals) or the resource address, suppressed findings with their reasons,
 * loader diagnostics, and the closing line `N passed, N failed`.
 */
import type { CheckResult, CheckRun, Finding, Report, Severity } from '../check/types.js';
import { where } from './paths.js';
import { closingLine, countedVerdict, notable, runOutcome, summarize } from './summary.js';
import type { RenderOptions, ReportAdapter } from './types.js';

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
const CODES = { red: 31, yellow: 33, green: 32, dim: 2, bold: 1, cyan: 36 } as const;

function painter(color: boolean) {
  return (code: keyof typeof CODES, s: string) => (color ? `\x1b[${CODES[code]}m${s}\x1b[0m` : s);
}

function findingLine(f: Finding, opts: RenderOptions, paint: ReturnType<typeof painter>): string {
  const at = where(f.location, opts.rootDir);
  const head = [at, f.address].filter(Boolean).join('  ');
  const mark = f.suppressed ? paint('dim', 'suppressed') : f.verdict === 'fail' ? paint('red', 'fail') : f.verdict === 'error' ? paint('red', 'ERROR') : paint('yellow', f.verdict);
  let line = `    ${mark}  ${head ? paint('cyan', head) + '\n      ' : ''}${f.message}`;
  if (f.suppressed) line += `\n      ${paint('dim', `suppressed: ${f.suppressed.reason}${f.suppressed.location ? ` (${where(f.suppressed.location, opts.rootDir)})` : ''}`)}`;
  return line;
}

function renderCheck(run: CheckRun, r: CheckResult, strict: boolean, opts: RenderOptions, paint: ReturnType<typeof painter>): string {
  const v = countedVerdict(r, strict);
  const tag = v === 'fail' ? paint('red', 'FAIL') : v === 'error' ? paint('red', 'ERROR') : v === 'unknown' ? paint('yellow', 'UNKNOWN') : paint('green', 'PASS');
  const lines = [`  ${tag} ${paint('bold', r.checkId)} ${r.title} ${paint('dim', `[${run.deployment}]`)}`];
  for (const f of r.findings.filter(notable)) lines.push(findingLine(f, opts, paint));
  return lines.join('\n');
}

export function renderTerminal(report: Report, opts: RenderOptions): string {
  const paint = painter(opts.color);
  const out: string[] = [];
  for (const run of report.runs) {
    const n = run.results.length;
    out.push(paint('bold', `${run.deployment}`) + paint('dim', ` (${run.origin}: ${run.source}) — ${n} checks`));
    for (const d of run.diagnostics) {
      out.push(`  ${d.severity === 'error' ? paint('red', 'diagnostic') : paint('yellow', 'diagnostic')} ${[where(d.location, opts.rootDir), d.address].filter(Boolean).join('  ')} ${d.message}`);
    }
  }
  out.push('');
  for (const severity of SEVERITIES) {
    const shown: string[] = [];
    for (const run of report.runs) {
      for (const r of run.results) {
        if (r.severity !== severity) continue;
        if (!r.findings.some(notable) && countedVerdict(r, report.strict) !== 'error') continue;
        shown.push(renderCheck(run, r, report.strict, opts, paint));
      }
    }
    if (shown.length === 0) continue;
    out.push(paint('bold', `${severity.toUpperCase()} severity — ${shown.length} check(s) with findings`));
    out.push(...shown, '');
  }
  const s = summarize(report);
  const extras = [
    s.unknown ? `${s.unknown} unknown (not counted as passed; --strict fails them)` : '',
    s.notApplicable ? `${s.notApplicable} not applicable (counted as passed)` : '',
    s.suppressed ? `${s.suppressed} suppressed finding(s)` : '',
    s.advisoryFailures ? `${s.advisoryFailures} of the failed are warning/info advice (they do not fail the run)` : '',
    s.errors ? paint('red', `${s.errors} engine error(s)`) : '',
  ].filter(Boolean);
  if (extras.length) out.push(paint('dim', extras.join(', ')));
  const closing = closingLine(s);
  const outcome = runOutcome(s);
  out.push(paint(outcome !== 'ok' ? 'red' : s.failed > 0 ? 'yellow' : 'green', closing));
  return out.join('\n') + '\n';
}

export const terminalAdapter: ReportAdapter = { name: 'terminal', render: renderTerminal };
