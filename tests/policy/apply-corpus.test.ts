/**
 * The aws-apply pack over the 56 real plans of the corpus: no rule may throw, and every finding
 * that is not a pass is recorded in a snapshot (tests/policy/__snapshots__/apply-corpus-findings.txt)
 * that a person has read and judged (docs/apply-time.md "Corpus"). The failures that are the
 * reason for the rules are asserted outright.
 */
import { relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/check/types.js';
import { loadPlanJson } from '../../src/load/plan-json.js';
import { applyPack } from '../../src/policy/packs/apply.js';
import { corpusAvailable, corpusDir, corpusSkipReason } from '../helpers/paths.js';
import { check, planFiles } from './helpers.js';

const fixes = new Map(applyPack.rules.map((r) => [r.id, r.fix]));

describe.skipIf(!corpusAvailable)(`the aws-apply pack over the real plan corpus ${corpusAvailable ? '' : `(skipped: ${corpusSkipReason})`}`, () => {
  const byPlan = new Map<string, CheckResult[]>();

  beforeAll(async () => {
    for (const file of planFiles(corpusDir)) {
      byPlan.set(relative(corpusDir, file), check(applyPack.rules, await loadPlanJson(file), { deployment: file }));
    }
  });

  it('covers all 56 plans with no engine error (check() asserts no rule threw)', () => {
    expect(byPlan.size).toBe(56);
  });

  it('records what fails or stays unknown per plan', async () => {
    const lines: string[] = [];
    for (const [plan, results] of byPlan) {
      const notable = results.flatMap((r) =>
        r.findings
          .filter((f) => f.verdict === 'fail' || f.verdict === 'unknown')
          .map((f) => `  ${f.verdict} ${r.checkId} ${f.address ?? '-'}: ${f.message.replace(fixes.get(r.checkId) ?? '\u0000', '').trim()}`),
      );
      if (notable.length) lines.push(`== ${plan}`, ...notable);
    }
    await expect(lines.join('\n') + '\n').toMatchFileSnapshot('./__snapshots__/apply-corpus-findings.txt');
  });

  it('bucket names with underscores and a security group named sg-… fail (CreateBucket / CreateSecurityGroup refuse them)', () => {
    const failed = (plan: string, id: string) => byPlan.get(plan)!.find((r) => r.checkId === id)!.findings.filter((f) => f.verdict === 'fail').map((f) => f.address);
    expect(failed('bridgecrewio__checkov/tests/terraform/runner/resources/plan_and_tf_combine_graph/tfplan.json', 'APL-S3-001')).toEqual(['aws_s3_bucket.example_2']);
    expect(failed('terraform-compliance__cli/tests/functional/test_issue-171/plan.out.json', 'APL-SG-002')).toEqual(['aws_security_group.sg-loadBalancer-noncompliant']);
  });
});
