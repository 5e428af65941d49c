/** JSON report: the Report itself (unknown values serialise as {unknown, reason}) plus the summary. */
import type { Report } from '../check/types.js';
import type { SourceLocation } from '../model/resource.js';
import { repoPath } from './paths.js';
import { summarize } from './summary.js';
import type { RenderOptions, ReportAdapter } from './types.js';

export function renderJson(report: Report, opts: RenderOptions): string {
  // Every location in the file is repository-relative: findings', suppressions' and diagnostics'.
  const rel = <T extends { location?: SourceLocation }>(x: T): T =>
    x.location ? { ...x, location: { ...x.location, file: repoPath(x.location.file, opts.rootDir) } } : x;
  const relative = {
    ...report,
    summary: summarize(report),
    runs: report.runs.map((run) => ({
      ...run,
      diagnostics: run.diagnostics.map(rel),
      results: run.results.map((r) => ({
        ...r,
        findings: r.findings.map((f) => ({
          ...rel(f),
          ...(f.suppressed ? { suppressed: rel(f.suppressed) } : {}),
          ...(f.details && typeof f.details === 'object' && 'stack' in f.details ? { details: { ...f.details, stack: undefined } } : {}),
        })),
      })),
    })),
  };
  return JSON.stringify(relative, null, 2) + '\n';
}

export const jsonAdapter: ReportAdapter = { name: 'json', extension: 'json', render: renderJson };
