/**
 * Every rule of the pack, one describe each: numbered failing fixtures and one passing fixture under
 * tests/fixtures/policy/<RULE-ID>/, evaluated by the static HCL evaluator. A failing fixture marks
 * each line a finding must point at with `# expect-finding`; the rule must fail exactly there. A
 * rule that reads the project's intents (NET-002) finds them in `intents.yaml` of the case or the rule.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromPlanDocument } from '../../src/load/plan-json.js';
import { toPlanDocument } from '../../src/load/plan-writer.js';
import { allRules as everyRule } from '../../src/policy/packs/index.js';
import { applyPack } from '../../src/policy/packs/apply.js';
import { loadIntents } from '../../src/reach/intents.js';
import { check, expectedLines, failingLines, fixturesDir, loadFixture } from './helpers.js';
import { plantedRuleIds } from './stack-shapes.js';

// The aws-apply pack keeps its fixtures under its own tree (tests/policy/apply-rules.test.ts).
const allRules = everyRule.filter((r) => !applyPack.rules.includes(r));

describe('fixtures cover every pack', () => {
  const planted = plantedRuleIds();
  it.each(allRules.map((r) => r.id))('%s has numbered failing cases and one passing case (or is planted in a shape stack with its clean twin)', (id) => {
    const dir = join(fixturesDir, id);
    if (!existsSync(dir)) {
      expect(planted.has(id), `missing ${dir}, and no shape stack under tests/fixtures/stacks plants ${id}`).toBe(true);
      return;
    }
    const cases = readdirSync(dir);
    expect(cases.filter((c) => /^fail-\d+-/.test(c)).length).toBeGreaterThan(0);
    expect(cases.filter((c) => c === 'pass')).toEqual(['pass']);
  });
});

for (const rule of allRules) {
  const dir = join(fixturesDir, rule.id);
  if (!existsSync(dir)) continue;
  const cases = readdirSync(dir).filter((c) => c.startsWith('fail-') || c === 'pass').sort();
  const intentsOf = async (caseDir: string) => {
    const file = [join(caseDir, 'intents.yaml'), join(dir, 'intents.yaml')].find(existsSync);
    return file ? { intents: await loadIntents(file) } : {};
  };
  describe(`${rule.id} ${rule.title}`, () => {
    for (const c of cases.filter((x) => x.startsWith('fail-'))) {
      it(`${c}: fails at the marked lines`, async () => {
        const caseDir = join(dir, c);
        const vars = existsSync(join(caseDir, 'terraform.tfvars')) ? [join(caseDir, 'terraform.tfvars')] : [];
        const model = await loadFixture(caseDir, vars);
        const [result] = check([rule], model, await intentsOf(caseDir));
        expect(result.verdict).toBe('fail');
        expect(failingLines(result, caseDir)).toEqual(expectedLines(caseDir));
        // The plan path: the same configuration written as `terraform show -json` and read back
        // fails the same rule on the same resources (by address; plans carry no lines).
        if (rule.id !== 'STATE-001') {
          const [viaPlan] = check([rule], fromPlanDocument(JSON.parse(JSON.stringify(toPlanDocument(model))), 'plan.json'), await intentsOf(caseDir));
          const failed = (r: typeof result) => [...new Set(r.findings.filter((f) => f.verdict === 'fail').map((f) => f.address))].sort();
          expect(failed(viaPlan)).toEqual(failed(result));
        }
      });
    }
    it('pass: holds', async () => {
      const caseDir = join(dir, 'pass');
      const vars = existsSync(join(caseDir, 'terraform.tfvars')) ? [join(caseDir, 'terraform.tfvars')] : [];
      const [result] = check([rule], await loadFixture(caseDir, vars), await intentsOf(caseDir));
      expect(result.findings.filter((f) => f.verdict !== 'pass' && f.verdict !== 'not-applicable').map((f) => f.message)).toEqual([]);
      expect(result.verdict).toBe('pass');
    });
  });
}
