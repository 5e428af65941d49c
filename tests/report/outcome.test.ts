/**
 * The closing `N passed, N failed`, the report files and the exit code tell one story: an engine
 * error is never hidden behind a failing verdict, JUnit root counts are the sums of its suites, a
 * failed warning is marked as advice, and every SARIF result has the physical location GitHub code
 * scanning requires (it rejects the whole file otherwise).
 */
import { describe, expect, it } from 'vitest';
import type { CheckResult, Finding, Report } from '../../src/check/types.js';
import { renderJson } from '../../src/report/json.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderSarif } from '../../src/report/sarif.js';
import { runOutcome, summarize } from '../../src/report/summary.js';
import { renderTerminal } from '../../src/report/terminal.js';

const finding = (checkId: string, verdict: Finding['verdict'], extra: Partial<Finding> = {}): Finding => ({
  checkId,
  kind: 'policy',
  severity: 'error',
  verdict,
  message: `${checkId} ${verdict}`,
  ...extra,
});
const result = (checkId: string, verdict: CheckResult['verdict'], findings: Finding[], severity: CheckResult['severity'] = 'error'): CheckResult => ({
  checkId,
  kind: 'policy',
  title: checkId,
  severity,
  verdict,
  findings: findings.map((f) => ({ ...f, severity })),
});
const report = (results: CheckResult[], origin: 'hcl' | 'plan' = 'hcl'): Report => ({
  tool: { name: 'stackcheck', version: '0.0.0' },
  generatedAt: '2026-01-01T00:00:00.000Z',
  strict: false,
  runs: [{ deployment: 'd', origin, source: origin === 'plan' ? 'plans/tfplan.json' : 'terraform', results, diagnostics: [] }],
});
const opts = { rootDir: '/repo', color: false };

describe('an engine error beside a failing finding', () => {
  // A warning rule that fails on one resource and throws on another: verdict fail (fail outranks error).
  const r = report([result('ADV-001', 'fail', [finding('ADV-001', 'fail', { address: 'a.x' }), finding('ADV-001', 'error', { address: 'a.y' })], 'warning')]);

  it('1. still counts as an engine error, so the run ends as one (exit 3), not ok', () => {
    const s = summarize(r);
    expect(s.errors).toBe(1);
    expect(runOutcome(s)).toBe('engine-error');
  });
  it('2. the check is counted once as failed', () => {
    expect(summarize(r)).toMatchObject({ failed: 1, passed: 0, total: 1 });
  });
});

describe('run outcome', () => {
  it('1. a failed error-severity check fails the run', () => {
    expect(runOutcome(summarize(report([result('NET-001', 'fail', [finding('NET-001', 'fail')])])))).toBe('failed');
  });
  it('2. a failed warning is counted as failed but marked as advice; the run is ok', () => {
    const r = report([result('ADV-001', 'fail', [finding('ADV-001', 'fail')], 'warning'), result('NET-001', 'pass', [finding('NET-001', 'pass')])]);
    const s = summarize(r);
    expect(s).toMatchObject({ failed: 1, advisoryFailures: 1, errorSeverityFailures: 0 });
    expect(runOutcome(s)).toBe('ok');
    const text = renderTerminal(r, opts);
    expect(text).toContain('1 of the failed are warning/info advice (they do not fail the run)');
    expect(text.trimEnd().split('\n').pop()).toBe('1 passed, 1 failed');
  });
  it('3. all passing is ok', () => {
    expect(runOutcome(summarize(report([result('NET-001', 'pass', [finding('NET-001', 'pass')])])))).toBe('ok');
  });
});

describe('junit root counts', () => {
  it('1. are the sums of the suites (tests, failures, errors, skipped)', () => {
    const r = report([
      result('ADV-001', 'fail', [finding('ADV-001', 'fail'), finding('ADV-001', 'error')], 'warning'),
      result('IAM-001', 'error', [finding('IAM-001', 'error')]),
      result('CMP-001', 'unknown', [finding('CMP-001', 'unknown')]),
    ]);
    const xml = renderJunit(r, opts);
    expect(xml).toContain('<testsuite name="d" tests="3" failures="1" errors="1" skipped="1">');
    expect(xml).toContain('<testsuites name="stackcheck" tests="3" failures="1" errors="1" skipped="1">');
  });
});

describe('sarif locations (GitHub code scanning ingestion)', () => {
  const located = (doc: { runs: { results: { locations: { physicalLocation?: { artifactLocation?: { uri?: string } }; logicalLocations?: { fullyQualifiedName: string }[] }[] }[] }[] }) =>
    doc.runs[0].results.map((x) => x.locations[0]);

  it('1. a finding from a plan (no file:line) is placed on the plan file, with the address as a logical location', () => {
    const doc = JSON.parse(renderSarif(report([result('NET-001', 'fail', [finding('NET-001', 'fail', { address: 'aws_security_group.a' })])], 'plan'), opts));
    const [loc] = located(doc);
    expect(loc.physicalLocation?.artifactLocation?.uri).toBe('plans/tfplan.json');
    expect(loc.logicalLocations?.[0].fullyQualifiedName).toBe('aws_security_group.a');
  });
  it('2. every result carries physicalLocation.artifactLocation.uri', () => {
    const r = report([
      result('NET-001', 'fail', [finding('NET-001', 'fail', { address: 'aws_security_group.a', location: { file: '/repo/terraform/sg.tf', line: 3 } })]),
      result('STATE-001', 'fail', [finding('STATE-001', 'fail')]),
    ]);
    for (const loc of located(JSON.parse(renderSarif(r, opts)))) expect(loc.physicalLocation?.artifactLocation?.uri).toBeTruthy();
  });
});

describe('json locations', () => {
  it('1. suppressions and diagnostics are repository-relative like findings (no absolute paths of the machine)', () => {
    const r = report([
      result('NET-001', 'pass', [
        finding('NET-001', 'fail', { location: { file: '/repo/terraform/sg.tf', line: 4 }, suppressed: { ruleId: 'NET-001', reason: 'three word reason', location: { file: '/repo/terraform/sg.tf', line: 3 } } }),
      ]),
    ]);
    r.runs[0].diagnostics.push({ severity: 'warning', message: 'm', location: { file: '/repo/terraform/x.tf.json', line: 1 } });
    const doc = JSON.parse(renderJson(r, opts));
    expect(doc.runs[0].results[0].findings[0].location.file).toBe('terraform/sg.tf');
    expect(doc.runs[0].results[0].findings[0].suppressed.location.file).toBe('terraform/sg.tf');
    expect(doc.runs[0].diagnostics[0].location.file).toBe('terraform/x.tf.json');
  });
});
