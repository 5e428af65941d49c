/**
 * The report adapters on one hand-made report: two deployments, a failing rule (with a suppressed
 * and a live finding), an unknown, a not-applicable, an engine error and a warning.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { CheckResult, Report } from '../../src/check/types.js';
import { adapters, summarize } from '../../src/report/index.js';
import { renderJson } from '../../src/report/json.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderTerminal, unknownCause } from '../../src/report/terminal.js';
import { repoRoot } from '../helpers/paths.js';

const root = '/repo';
const at = (file: string, line: number) => ({ file: `${root}/${file}`, line });

const failing: CheckResult = {
  checkId: 'NET-001',
  kind: 'policy',
  title: 'No SSH',
  severity: 'error',
  verdict: 'fail',
  rationale: 'Only SSM. How to fix: remove it.',
  findings: [
    { checkId: 'NET-001', kind: 'policy', severity: 'error', verdict: 'fail', message: 'ingress 22/tcp opens SSH', address: 'aws_security_group.a', location: at('terraform/security-groups.tf', 12) },
    {
      checkId: 'NET-001',
      kind: 'policy',
      severity: 'error',
      verdict: 'fail',
      message: 'ingress 22/tcp opens SSH',
      address: 'aws_security_group.b',
      location: at('terraform/security-groups.tf', 40),
      suppressed: { ruleId: 'NET-001', reason: 'bastion replaced next sprint', location: at('terraform/security-groups.tf', 39) },
    },
  ],
};
const passing = (id: string, severity: 'error' | 'warning' = 'error'): CheckResult => ({
  checkId: id,
  kind: 'policy',
  title: `rule ${id}`,
  severity,
  verdict: 'pass',
  findings: [{ checkId: id, kind: 'policy', severity, verdict: 'pass', message: 'holds', address: 'aws_instance.a' }],
});
const unknown: CheckResult = {
  checkId: 'CMP-001',
  kind: 'policy',
  title: 'IMDSv2',
  severity: 'error',
  verdict: 'unknown',
  findings: [{ checkId: 'CMP-001', kind: 'policy', severity: 'error', verdict: 'unknown', message: 'http_tokens is not known before apply', address: 'aws_instance.a' }],
};
const na: CheckResult = { checkId: 'LB-007', kind: 'policy', title: 'one target', severity: 'error', verdict: 'not-applicable', findings: [] };
const errored: CheckResult = {
  checkId: 'IAM-001',
  kind: 'policy',
  title: 'no * on *',
  severity: 'error',
  verdict: 'error',
  findings: [{ checkId: 'IAM-001', kind: 'policy', severity: 'error', verdict: 'error', message: 'rule IAM-001 threw: boom', address: 'aws_iam_policy.p' }],
};
const warning: CheckResult = {
  checkId: 'ADV-001',
  kind: 'policy',
  title: 'advice',
  severity: 'warning',
  verdict: 'fail',
  findings: [{ checkId: 'ADV-001', kind: 'policy', severity: 'warning', verdict: 'fail', message: 'consider it', address: 'aws_instance.a' }],
};

const report = (strict = false): Report => ({
  tool: { name: 'stackcheck', version: '0.1.0' },
  generatedAt: '2026-01-01T00:00:00.000Z',
  strict,
  runs: [
    { deployment: 'live', origin: 'hcl', source: 'terraform', results: [failing, passing('CMP-002'), unknown, na, warning], diagnostics: [] },
    { deployment: 'plan.json', origin: 'plan', source: 'plan.json', results: [errored, passing('CMP-002')], diagnostics: [{ severity: 'warning', message: 'module x not evaluated' }] },
  ],
});
const opts = { rootDir: root, color: false };

describe('summary', () => {
  it('counts checks: n/a as passed, unknown apart (failed under --strict), error as failed', () => {
    expect(summarize(report())).toMatchObject({ total: 7, passed: 3, failed: 3, unknown: 1, notApplicable: 1, errors: 1, suppressed: 1, errorSeverityFailures: 1 });
    expect(summarize(report(true))).toMatchObject({ passed: 3, failed: 4, unknown: 0, errorSeverityFailures: 2 });
  });
});

describe('terminal', () => {
  const text = renderTerminal(report(), opts);
  const lines = text.split('\n');

  it('1. ends with exactly `N passed, N failed`', () => {
    expect(text.trimEnd().split('\n').pop()).toBe('3 passed, 3 failed');
  });

  it('2. one line per finding: verdict, severity, rule, repo-relative file:line, resource, message; errors before warnings', () => {
    expect(lines).toContain('  FAIL  error    NET-001  terraform/security-groups.tf:12  aws_security_group.a  ingress 22/tcp opens SSH  [live]');
    expect(lines).toContain('  WARN  warning  ADV-001  aws_instance.a  consider it  [live]');
    expect(text.indexOf('NET-001  terraform')).toBeLessThan(text.indexOf('ADV-001  aws_instance.a'));
  });

  it('3. suppressed findings on one line with their reason, unknowns and engine errors', () => {
    expect(lines).toContain(
      '  SUPPRESSED  error    NET-001  terraform/security-groups.tf:40  aws_security_group.b  ingress 22/tcp opens SSH  [live]  — suppressed: bastion replaced next sprint (terraform/security-groups.tf:39)',
    );
    expect(text).toContain('  UNKNOWN  http_tokens is not known before apply');
    expect(lines).toContain('  ERROR  error    IAM-001  aws_iam_policy.p  rule IAM-001 threw: boom  [plan.json]');
  });

  it('4. colour only when asked (TTY)', () => {
    expect(text).not.toContain('\x1b[');
    expect(renderTerminal(report(), { ...opts, color: true })).toContain('\x1b[31m');
  });

  it('5. a summary table: a row per deployment and one for all', () => {
    const at = lines.indexOf('Summary');
    expect(lines.slice(at + 1, at + 5)).toEqual([
      '  deployment  checks  passed  failed  unknown  n/a  suppressed',
      '  live             5       2       2        1    1           1',
      '  plan.json        2       1       1        0    0           0',
      '  all              7       3       3        1    1           1',
    ]);
  });

  // Two deployments with the same failure and the same unknown cause, reached by two intents.
  const twin = (): Report => {
    const fail = (): CheckResult => ({ ...failing, findings: [failing.findings[0]] });
    const reason = 'aws_vpc_security_group_egress_rule.x egress rule: cidr_ipv4 is unknown until apply';
    const intent = (id: string, message: string): CheckResult => ({
      checkId: id,
      kind: 'intent',
      title: id,
      severity: 'error',
      verdict: 'unknown',
      findings: [{ checkId: id, kind: 'intent', severity: 'error', verdict: 'unknown', message, details: { unknown: [reason] } }],
    });
    const results = () => [
      fail(),
      intent('allow:agent->nlb:7882/udp', `agent → nlb 7882/udp cannot be decided before apply: ${reason}`),
      intent('deny:agent->livekit:7882/udp@direct', `agent → livekit may be allowed on 7882/udp: ${reason}`),
    ];
    return { ...report(), runs: ['staging', 'prod'].map((d) => ({ deployment: d, origin: 'hcl' as const, source: 'terraform', results: results(), diagnostics: [{ severity: 'warning' as const, message: 'module m not evaluated' }] })) };
  };

  it('6. the same finding in two deployments is one line naming both; a diagnostic too', () => {
    const t = renderTerminal(twin(), opts);
    expect(t.match(/NET-001  terraform\/security-groups\.tf:12/g)).toHaveLength(1);
    expect(t).toContain('ingress 22/tcp opens SSH  [staging, prod]');
    expect(t.match(/module m not evaluated/g)).toHaveLength(1);
    expect(t).toContain('module m not evaluated  [staging, prod]');
  });

  it('7. one unknown cause appears once, with every check and deployment it leaves undecided', () => {
    const t = renderTerminal(twin(), opts);
    expect(t.match(/cidr_ipv4 is unknown until apply/g)).toHaveLength(1);
    expect(t).toContain('Unknown before apply: 4 checks, 1 cause');
    expect(t).toContain('leaves undecided: allow:agent->nlb:7882/udp, deny:agent->livekit:7882/udp@direct in staging, prod');
    expect(unknownCause({ checkId: 'X', kind: 'policy', severity: 'error', verdict: 'unknown', message: 'm', cause: 'c' })).toBe('c');
  });

  it('8. absolute paths under the root inside messages are shown repository-relative', () => {
    const r = report();
    r.runs[0].results[0].findings[0].message = `see ${root}/terraform/sg.tf:3`;
    expect(renderTerminal(r, opts)).toContain('see terraform/sg.tf:3');
  });
});

describe('junit', () => {
  const xml = renderJunit(report(), opts);
  it('has one testcase per check and per deployment suite, failures/errors/skipped counted', () => {
    expect(xml.match(/<testcase /g)).toHaveLength(7);
    expect(xml).toContain('<testsuite name="live" tests="5" failures="2" errors="0" skipped="2">');
    expect(xml).toContain('<testsuite name="plan.json" tests="2" failures="0" errors="1" skipped="0">');
    expect(xml).toContain('terraform/security-groups.tf:12 aws_security_group.a: ingress 22/tcp opens SSH');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
  });
  it('carries the loader diagnostics (unknown counts, modules not evaluated) in the suite\'s system-out', () => {
    expect(xml).toMatch(/<testsuite name="plan.json"[^]*<system-out>loader diagnostics:\nwarning: module x not evaluated<\/system-out>\n  <\/testsuite>/);
  });
  it('escapes XML', () => {
    const r = report();
    r.runs[0].results[0].findings[0].message = 'a <b> & "c"';
    expect(renderJunit(r, opts)).toContain('a &lt;b&gt; &amp; &quot;c&quot;');
  });
});

describe('sarif', () => {
  const doc = JSON.parse(renderSarif(report(), opts));
  const results = doc.runs[0].results as { ruleId: string; level: string; locations: { physicalLocation?: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } }; logicalLocations?: { fullyQualifiedName: string }[] }[]; suppressions?: { justification: string }[] }[];

  it('1. is SARIF 2.1.0 with the checks as rules carrying help text', () => {
    expect(doc.version).toBe('2.1.0');
    expect(doc.$schema).toMatch(/sarif-2\.1\.0/);
    const rules = doc.runs[0].tool.driver.rules as { id: string; help: { text: string }; defaultConfiguration: { level: string } }[];
    expect(rules.map((r) => r.id).sort()).toEqual(['ADV-001', 'CMP-001', 'CMP-002', 'IAM-001', 'LB-007', 'NET-001']);
    expect(rules.find((r) => r.id === 'NET-001')!.help.text).toContain('How to fix: remove it.');
    expect(rules.find((r) => r.id === 'ADV-001')!.defaultConfiguration.level).toBe('warning');
  });

  it('2. locates results at repo-relative file:line, or at the address for plans', () => {
    const ssh = results.filter((r) => r.ruleId === 'NET-001');
    expect(ssh[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'terraform/security-groups.tf', uriBaseId: '%SRCROOT%' }, region: { startLine: 12 } });
    expect(results.find((r) => r.ruleId === 'IAM-001')!.locations[0].logicalLocations![0].fullyQualifiedName).toBe('aws_iam_policy.p');
  });

  it('4. carries the loader diagnostics as tool execution notifications', () => {
    expect(doc.runs[0].invocations[0].toolExecutionNotifications).toEqual([{ level: 'warning', message: { text: '[plan.json] module x not evaluated' } }]);
  });

  it('3. keeps suppressed results with the justification; unknowns are notes unless --strict', () => {
    expect(results.filter((r) => r.ruleId === 'NET-001')[1].suppressions![0].justification).toBe('bastion replaced next sprint');
    expect(results.find((r) => r.ruleId === 'CMP-001')!.level).toBe('note');
    const strict = JSON.parse(renderSarif(report(true), opts)).runs[0].results as { ruleId: string; level: string }[];
    expect(strict.find((r) => r.ruleId === 'CMP-001')!.level).toBe('error');
    expect(results.some((r) => r.ruleId === 'CMP-002')).toBe(false);
  });
});

describe('sarif against the official SARIF 2.1.0 schema', () => {
  // Draft-04 schema (see tests/fixtures/report/README.md): `id` → `$id`, patterns without the `u` flag.
  const schema = JSON.parse(readFileSync(join(repoRoot, 'tests', 'fixtures', 'report', 'sarif-2.1.0-rtm.5.json'), 'utf8'));
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  const regExp = Object.assign((p: string, f: string) => new RegExp(p, f.replace('u', '')), { code: 'new RegExp' });
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp } });
  const validate = ajv.compile(schema);

  it.each([false, true])('a report (strict=%s) validates', (strict) => {
    const doc = JSON.parse(renderSarif(report(strict), opts));
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });

  it('the validator rejects a wrong level (it can fail)', () => {
    const doc = JSON.parse(renderSarif(report(), opts));
    doc.runs[0].results[0].level = 'fatal';
    expect(validate(doc)).toBe(false);
  });
});

describe('json', () => {
  it('is the report with a summary and repo-relative paths', () => {
    const doc = JSON.parse(renderJson(report(), opts));
    expect(doc.summary.failed).toBe(3);
    expect(doc.runs[0].results[0].findings[0].location.file).toBe('terraform/security-groups.tf');
  });
});

describe('registry', () => {
  it('names every adapter once; the written ones have an extension', () => {
    const names = adapters.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    expect(adapters.filter((a) => a.extension).map((a) => a.extension)).toEqual(expect.arrayContaining(['json', 'xml', 'sarif']));
  });
});
