/**
 * Stacks of other teams' shapes (tests/fixtures/stacks): every planted weakness is caught by the
 * default packs at its file:line and nothing else fails; the clean twin (the weaknesses removed)
 * has no failing finding at all; both twins are valid for the real terraform (offline mirror); and
 * `stackcheck check` run from a fresh temporary directory (no project config) catches the same,
 * with no rule of the `dolbom` pack, which these stacks do not select.
 */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import type { CheckResult } from '../../src/check/types.js';
import { DEFAULT_PACKS, selectRules } from '../../src/policy/packs/index.js';
import { dolbomPack } from '../../src/policy/packs/dolbom.js';
import { terraformAvailable, terraformSkipReason, terraformValidate } from '../stack/helpers.js';
import { check, loadFixture } from './helpers.js';
import { cleanTwin, plantedWeaknesses, shapes, stacksDir } from './stack-shapes.js';

const rules = selectRules(DEFAULT_PACKS);

function failing(results: CheckResult[], dir: string): string[] {
  const out = results.flatMap((r) =>
    r.findings.filter((f) => f.verdict === 'fail' && !f.suppressed).map((f) => `${f.location ? `${relative(dir, f.location.file)}:${f.location.line}` : `(no location) ${f.address}`}:${f.checkId}`),
  );
  return [...new Set(out)].sort();
}

describe.each(shapes)('stack shape %s', (shape) => {
  const weakDir = join(stacksDir, shape);
  const planted = plantedWeaknesses(shape);

  it('plants at least two weaknesses', () => {
    expect(planted.length).toBeGreaterThanOrEqual(2);
  });

  it('weak twin: every planted weakness fails at its file:line, nothing else fails', async () => {
    const results = check(rules, await loadFixture(weakDir));
    expect(failing(results, weakDir)).toEqual(planted);
  });

  it('clean twin: no failing finding', async () => {
    const dir = cleanTwin(shape);
    const results = check(rules, await loadFixture(dir));
    expect(failing(results, dir)).toEqual([]);
  });

  (terraformAvailable ? it : it.skip)(`both twins pass terraform validate${terraformAvailable ? '' : ` (skipped: ${terraformSkipReason})`}`, async () => {
    const weak = mkdtempSync(join(tmpdir(), `stackcheck-weak-${shape}-`));
    cpSync(weakDir, weak, { recursive: true });
    await terraformValidate(weak);
    await terraformValidate(cleanTwin(shape));
  }, 120_000);

  it('stackcheck check from a fresh temp directory: exit 1, the planted findings, no dolbom rule', async () => {
    const dir = mkdtempSync(join(tmpdir(), `stackcheck-fresh-${shape}-`));
    cpSync(weakDir, dir, { recursive: true });
    let stderr = '';
    const code = await main(['check', '.', '--format', 'json'], { stdout: () => {}, stderr: (t) => (stderr += t), env: {}, cwd: dir, isTTY: false });
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const doc = JSON.parse(readFileSync(join(dir, 'reports', 'test-plan.json'), 'utf8')) as { runs: { results: CheckResult[] }[] };
    const results = doc.runs[0].results;
    const dolbom = new Set(dolbomPack.rules.map((r) => r.id));
    expect(results.filter((r) => dolbom.has(r.checkId)).map((r) => r.checkId)).toEqual([]);
    const policy = results.filter((r) => r.kind === 'policy');
    const found = policy.flatMap((r) => r.findings.filter((f) => f.verdict === 'fail').map((f) => `${f.location?.file}:${f.location?.line}:${f.checkId}`));
    expect([...new Set(found)].sort()).toEqual(planted);
  });
});
