/**
 * The whole pack over the 56 real plans of the corpus: no rule may throw on any of them, and the
 * findings per plan are recorded in a snapshot (tests/policy/__snapshots__/corpus-findings.txt)
 * that a person has read and judged. A few findings are asserted outright because they are the
 * reason these plans exist (terraform-goof's SSH-open group and world-open database group).
 */
import { relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/check/types.js';
import { loadPlanJson } from '../../src/load/plan-json.js';
import { allRules as everyRule } from '../../src/policy/packs/index.js';
import { applyPack } from '../../src/policy/packs/apply.js';

// The aws-apply pack records its corpus findings in its own snapshot (tests/policy/apply-corpus.test.ts).
const allRules = everyRule.filter((r) => !applyPack.rules.includes(r));
import { corpusAvailable, corpusDir, corpusSkipReason } from '../helpers/paths.js';
import { check, planFiles } from './helpers.js';

const fixes = new Map(allRules.map((r) => [r.id, r.fix]));

/** One plan's findings as readable lines: what failed or stayed unknown, and why (fix text dropped). */
function describeFindings(results: CheckResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    const notable = r.findings.filter((f) => f.verdict !== 'pass' && f.verdict !== 'not-applicable');
    if (r.checkId === 'TAG-001' && notable.length > 0) {
      const missing = new Map<string, number>();
      for (const f of notable) {
        const m = /missing tag\(s\) ([^.]+)\./.exec(f.message)?.[1] ?? f.message;
        missing.set(m, (missing.get(m) ?? 0) + 1);
      }
      lines.push(`  fail TAG-001 ${notable.length} resource(s): ${[...missing].map(([k, n]) => `${n}× missing ${k}`).join('; ')}`);
      continue;
    }
    for (const f of notable) {
      const why = f.message.replace(fixes.get(r.checkId) ?? '\u0000', '').trim();
      lines.push(`  ${f.verdict} ${r.checkId} ${f.address ?? '-'}: ${why}`);
    }
  }
  return lines;
}

describe.skipIf(!corpusAvailable)(`the pack over the real plan corpus ${corpusAvailable ? '' : `(skipped: ${corpusSkipReason})`}`, () => {
  const byPlan = new Map<string, CheckResult[]>();

  beforeAll(async () => {
    for (const file of planFiles(corpusDir)) {
      const model = await loadPlanJson(file);
      byPlan.set(relative(corpusDir, file), check(allRules, model, { deployment: file }));
    }
  });

  it('covers all 56 plans with no engine error (check() asserts no rule threw)', () => {
    expect(byPlan.size).toBe(56);
  });

  it('records the findings per plan (read and judged; see docs/policies.md "Corpus")', async () => {
    const text = [...byPlan].map(([plan, results]) => [`== ${plan}`, ...describeFindings(results)].join('\n')).join('\n') + '\n';
    await expect(text).toMatchFileSnapshot('./__snapshots__/corpus-findings.txt');
  });

  it.each(['snyk-labs__terraform-goof@1f94be8/tfplan.json', 'snyk-labs__terraform-goof@c57a14c/tfplan.json'])(
    '%s: the SSH-open group and the world-open database group fail',
    (plan) => {
      const results = byPlan.get(plan)!;
      const failed = (id: string) => results.find((r) => r.checkId === id)!.findings.filter((f) => f.verdict === 'fail').map((f) => f.address);
      expect(failed('NET-001')).toContain('module.vpc.aws_security_group.allow_ssh');
      expect(failed('NET-002')).toEqual(expect.arrayContaining(['module.vpc.aws_security_group.allow_ssh', 'module.storage.aws_security_group.km_rds_sg']));
      expect(failed('SEC-001')).toContain('module.storage.aws_db_instance.km_db');
      expect(failed('DATA-005')).toContain('module.storage.aws_db_instance.km_db');
    },
  );

  it('a publicly accessible, unencrypted RDS instance in IGW-routed subnets fails every rule it breaks (checkov runner plan)', () => {
    const results = byPlan.get('bridgecrewio__checkov/tests/terraform/runner/resources/plan/tfplan.json')!;
    const failedOn = (id: string) => results.find((r) => r.checkId === id)!.findings.some((f) => f.verdict === 'fail' && f.address === 'aws_db_instance.default');
    for (const id of ['DATA-001', 'DATA-002', 'DATA-003', 'DATA-005', 'NET-005', 'SEC-001']) expect(failedOn(id), id).toBe(true);
  });
});
