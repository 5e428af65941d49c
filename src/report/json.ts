/** JSON report: the Report itself (unknown values serialise as {unknown, reason}) plus the summary. */
import type { Report } from '../check/types.js';
import { repoPath } from './paths.js';
import { summarize } from './summary.js';
import type { RenderOptions, ReportAdapter } from './types.js';

export function renderJson(report: Report, opts: RenderOptions): string {
  const relative = {
    ...report,
    summary: summarize(report),
    runs: report.runs.map((run) => ({
      ...run,
      results: run.results.map((r) => ({
        ...r,
        findings: r.findings.map((f) => ({
          ...f,
          ...(f.location ? { location: { ...f.location, file: repoPath(f.location.file, opts.rootDir) } } : {}),
          ...(f.details && typeof f.details === 'object' && 'stack' in f.details ? { details: { ...f.details, stack: undefined } } : {}),
        })),
      })),
    })),
  };
  return JSON.stringify(relative, null, 2) + '\n';
}

export const jsonAdapter: ReportAdapter = { name: 'json', extension: 'json', render: renderJson };
