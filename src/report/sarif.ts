/**
 * SARIF 2.1.0 for GitHub code scanning: one run, the checks as rules (with help text), and a result
 * per failing, unknown or erroring finding, located at its file:line relative to the repository
 * root (or, from a plan, at the plan file), with the resource address as a logical location. Suppressed findings stay,
 * with a SARIF suppression carrying the reason.
 */
import { createHash } from 'node:crypto';
import type { Report, Severity } from '../check/types.js';
import { repoPath } from './paths.js';
import type { RenderOptions, ReportAdapter } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export function renderSarif(report: Report, opts: RenderOptions): string {
  const rules = new Map<string, object>();
  const results: object[] = [];
  for (const run of report.runs) {
    for (const r of run.results) {
      if (!rules.has(r.checkId)) {
        rules.set(r.checkId, {
          id: r.checkId,
          name: r.checkId.replace(/[^A-Za-z0-9]/g, ''),
          shortDescription: { text: r.title },
          fullDescription: { text: r.rationale ?? r.title },
          help: { text: `${r.title}\n\n${r.rationale ?? ''}`, markdown: `**${r.title}**\n\n${r.rationale ?? ''}` },
          defaultConfiguration: { level: LEVEL[r.severity] },
          properties: { kind: r.kind, tags: [r.kind, r.checkId.split('-')[0]] },
        });
      }
      for (const f of r.findings) {
        const failing = f.verdict === 'fail' || f.verdict === 'error' || (f.verdict === 'unknown' && report.strict);
        if (!failing && f.verdict !== 'unknown') continue;
        const file = f.location ? repoPath(f.location.file, opts.rootDir) : undefined;
        const fingerprint = createHash('sha256').update([run.deployment, f.checkId, f.address ?? '', file ?? '', f.location?.line ?? '', f.message].join('\u0000')).digest('hex');
        results.push({
          ruleId: f.checkId,
          level: f.verdict === 'unknown' && !report.strict ? 'note' : LEVEL[f.severity],
          message: { text: `[${run.deployment}] ${f.address ? `${f.address}: ` : ''}${f.message}` },
          // GitHub code scanning rejects the whole file when a result has no physical location, so a
          // finding without a file:line (from a plan) is placed on the plan file itself.
          locations: [
            {
              physicalLocation: file
                ? { artifactLocation: { uri: file, uriBaseId: '%SRCROOT%' }, region: { startLine: f.location!.line, ...(f.location!.column ? { startColumn: f.location!.column } : {}) } }
                : { artifactLocation: { uri: repoPath(run.source, opts.rootDir), uriBaseId: '%SRCROOT%' } },
              ...(f.address ? { logicalLocations: [{ fullyQualifiedName: f.address, kind: 'resource' }] } : {}),
            },
          ],
          partialFingerprints: { stackcheckFinding: fingerprint },
          properties: { deployment: run.deployment, verdict: f.verdict, ...(f.address ? { address: f.address } : {}) },
          ...(f.suppressed
            ? { suppressions: [{ kind: f.suppressed.location && !f.suppressed.location.file.endsWith('.yaml') ? 'inSource' : 'external', justification: f.suppressed.reason }] }
            : {}),
        });
      }
    }
  }
  // The loader's diagnostics (unknown counts, modules not evaluated, …) as tool notifications.
  const notifications = report.runs.flatMap((run) =>
    run.diagnostics.map((d) => ({
      level: d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'note',
      message: { text: `[${run.deployment}] ${d.address ? `${d.address}: ` : ''}${d.message}` },
      ...(d.location ? { locations: [{ physicalLocation: { artifactLocation: { uri: repoPath(d.location.file, opts.rootDir), uriBaseId: '%SRCROOT%' }, region: { startLine: d.location.line } } }] } : {}),
    })),
  );
  const doc = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'stackcheck', version: report.tool.version, rules: [...rules.values()] } },
        automationDetails: { id: `stackcheck/${report.runs.map((r) => r.deployment).join('+')}/` },
        ...(notifications.length ? { invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }] } : {}),
        results,
      },
    ],
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

export const sarifAdapter: ReportAdapter = { name: 'sarif', extension: 'sarif', render: renderSarif };
