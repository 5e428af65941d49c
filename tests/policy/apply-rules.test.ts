/**
 * Every rule of the aws-apply pack, one describe each: numbered failing fixtures and one passing
 * fixture under tests/fixtures/policy/apply/<RULE-ID>/, evaluated statically (the finding must name
 * each `# expect-finding` line) and through the plan path (the same configuration written as
 * `terraform show -json` and read back fails on the same resources). APL-LIFE-001 judges
 * lifecycle.create_before_destroy, which a plan does not record: on the plan path it must say
 * unknown, not pass.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromPlanDocument } from '../../src/load/plan-json.js';
import { toPlanDocument } from '../../src/load/plan-writer.js';
import { applyPack } from '../../src/policy/packs/apply.js';
import { check, expectedLines, failingLines, fixturesDir, loadFixture } from './helpers.js';

const dir = join(fixturesDir, 'apply');
const NOT_IN_PLANS = new Set(['APL-LIFE-001']);

describe('aws-apply fixtures cover the whole pack', () => {
  it.each(applyPack.rules.map((r) => r.id))('%s has numbered failing cases and one passing case', (id) => {
    const cases = existsSync(join(dir, id)) ? readdirSync(join(dir, id)) : [];
    expect(cases.filter((c) => /^fail-\d+-/.test(c)).length).toBeGreaterThan(0);
    expect(cases.filter((c) => c === 'pass')).toEqual(['pass']);
  });
  it('every rationale quotes its source and names where it is published', () => {
    for (const r of applyPack.rules) expect(r.rationale, r.id).toMatch(/Source: ".+" \((https?:\/\/|github\.com)\S+/);
  });
});

for (const rule of applyPack.rules) {
  const ruleDir = join(dir, rule.id);
  if (!existsSync(ruleDir)) continue;
  const cases = readdirSync(ruleDir).sort();
  describe(`${rule.id} ${rule.title}`, () => {
    for (const c of cases.filter((x) => x.startsWith('fail-'))) {
      it(`${c}: fails at the marked lines, statically and through a plan`, async () => {
        const caseDir = join(ruleDir, c);
        const model = await loadFixture(caseDir);
        const [result] = check([rule], model);
        expect(result.verdict).toBe('fail');
        expect(failingLines(result, caseDir)).toEqual(expectedLines(caseDir));
        const [viaPlan] = check([rule], fromPlanDocument(JSON.parse(JSON.stringify(toPlanDocument(model))), 'plan.json'));
        const failed = (r: typeof result) => [...new Set(r.findings.filter((f) => f.verdict === 'fail').map((f) => f.address))].sort();
        if (NOT_IN_PLANS.has(rule.id)) expect(viaPlan.verdict).toBe('unknown');
        else expect(failed(viaPlan)).toEqual(failed(result));
      });
    }
    it('pass: holds, statically and through a plan', async () => {
      const model = await loadFixture(join(ruleDir, 'pass'));
      const [result] = check([rule], model);
      expect(result.findings.filter((f) => f.verdict !== 'pass' && f.verdict !== 'not-applicable').map((f) => f.message)).toEqual([]);
      expect(result.verdict).toBe('pass');
      const [viaPlan] = check([rule], fromPlanDocument(JSON.parse(JSON.stringify(toPlanDocument(model))), 'plan.json'));
      expect(viaPlan.findings.filter((f) => f.verdict === 'fail').map((f) => f.message)).toEqual([]);
    });
  });
}
