/**
 * Every rule of the pack, one describe each: numbered failing fixtures and one passing fixture under
 * tests/fixtures/policy/<RULE-ID>/, evaluated by the static HCL evaluator. A failing fixture marks
 * each line a finding must point at with `# expect-finding`; the rule must fail exactly there.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dolbomPack } from '../../src/policy/packs/dolbom.js';
import { check, expectedLines, failingLines, fixturesDir, loadFixture } from './helpers.js';

describe('fixtures cover the whole pack', () => {
  it.each(dolbomPack.rules.map((r) => r.id))('%s has numbered failing cases and one passing case', (id) => {
    const dir = join(fixturesDir, id);
    expect(existsSync(dir), `missing ${dir}`).toBe(true);
    const cases = readdirSync(dir);
    expect(cases.filter((c) => /^fail-\d+-/.test(c)).length).toBeGreaterThan(0);
    expect(cases.filter((c) => c === 'pass')).toEqual(['pass']);
  });
});

for (const rule of dolbomPack.rules) {
  const dir = join(fixturesDir, rule.id);
  if (!existsSync(dir)) continue;
  const cases = readdirSync(dir).sort();
  describe(`${rule.id} ${rule.title}`, () => {
    for (const c of cases.filter((x) => x.startsWith('fail-'))) {
      it(`${c}: fails at the marked lines`, async () => {
        const caseDir = join(dir, c);
        const vars = existsSync(join(caseDir, 'terraform.tfvars')) ? [join(caseDir, 'terraform.tfvars')] : [];
        const [result] = check([rule], await loadFixture(caseDir, vars));
        expect(result.verdict).toBe('fail');
        expect(failingLines(result, caseDir)).toEqual(expectedLines(caseDir));
      });
    }
    it('pass: holds', async () => {
      const caseDir = join(dir, 'pass');
      const vars = existsSync(join(caseDir, 'terraform.tfvars')) ? [join(caseDir, 'terraform.tfvars')] : [];
      const [result] = check([rule], await loadFixture(caseDir, vars));
      expect(result.findings.filter((f) => f.verdict !== 'pass' && f.verdict !== 'not-applicable').map((f) => f.message)).toEqual([]);
      expect(result.verdict).toBe('pass');
    });
  });
}
