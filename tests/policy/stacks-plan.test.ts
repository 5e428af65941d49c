/**
 * The shape stacks (tests/fixtures/stacks) through the plan path: each weak twin, called as a
 * module of one generated root (with its own region, fake credentials, no API call beyond the
 * plan's own), planned by the real terraform and the aws provider from the filesystem mirror; the
 * default packs on the `terraform show -json` plan catch every planted weakness on the same
 * resource the static path names — companions attached with for_each (a public access block
 * `for_each = aws_s3_bucket.this`) linked to their buckets and judged on their own flags, module
 * outputs followed to what they read — or, where terraform itself plans the value unknown (a JSON
 * document or an environment map with one unknown entry), say unknown; nothing else fails.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/check/types.js';
import { loadPlanJson } from '../../src/load/plan-json.js';
import type { StackModel } from '../../src/model/resource.js';
import { DEFAULT_PACKS, selectRules } from '../../src/policy/packs/index.js';
import { offlineEnv, run } from '../load/plan-diff/offline-stack.js';
import { terraformAvailable, terraformSkipReason } from '../stack/helpers.js';
import { check, loadFixture } from './helpers.js';
import { plantedWeaknesses, shapes, stacksDir } from './stack-shapes.js';

const rules = selectRules(DEFAULT_PACKS);
const moduleOf = (shape: string) => shape.replace(/-/g, '_');

/** `RULE address` of every unsuppressed finding with this verdict, module prefix removed. */
function findings(results: CheckResult[], verdict: 'fail' | 'unknown', prefix = ''): string[] {
  const out = results.flatMap((r) =>
    r.findings
      .filter((f) => f.verdict === verdict && !f.suppressed && (f.address ?? '').startsWith(prefix))
      .map((f) => `${f.checkId} ${f.address!.slice(prefix.length)}`),
  );
  return [...new Set(out)].sort();
}

/** The region a shape's own provider block names (a literal, or the default of `var.region`). */
function regionOf(text: string): string {
  const literal = /provider "aws" \{\s*region\s*=\s*"([^"]+)"/.exec(text)?.[1];
  if (literal) return literal;
  return /variable "region" \{[^}]*default\s*=\s*"([^"]+)"/.exec(text)?.[1] ?? 'us-east-1';
}

describe.skipIf(!terraformAvailable)(`the shape stacks through a real plan${terraformAvailable ? '' : ` (skipped: ${terraformSkipReason})`}`, () => {
  let work = '';
  let plan: StackModel | undefined;
  let planOutput = '';

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'stackcheck-shapes-plan-'));
    const root = join(work, 'root');
    const calls: string[] = [];
    for (const shape of shapes) {
      const dir = join(root, shape);
      cpSync(join(stacksDir, shape), dir, { recursive: true });
      const file = join(dir, 'main.tf');
      const text = readFileSync(file, 'utf8');
      // A module cannot configure its provider when called like this: the root passes one per region.
      writeFileSync(file, text.replace(/^provider "aws" \{\n[^]*?\n\}\n/m, ''));
      // The shape's outputs stay root outputs, as they are when the shape is planned on its own.
      const outputs = [...text.matchAll(/^output "([\w-]+)"/gm)].map((m) => m[1]);
      calls.push(
        `provider "aws" {
  alias                       = "${moduleOf(shape)}"
  region                      = "${regionOf(text)}"
  access_key                  = "offline"
  secret_key                  = "offline"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

module "${moduleOf(shape)}" {
  source    = "./${shape}"
  providers = { aws = aws.${moduleOf(shape)} }
}
${outputs.map((o) => `\noutput "${moduleOf(shape)}__${o}" {\n  value     = module.${moduleOf(shape)}.${o}\n  sensitive = true\n}\n`).join('')}`,
      );
    }
    writeFileSync(join(root, 'main.tf'), calls.join('\n'));
    const env = offlineEnv(work);
    const init = await run('terraform', ['init', '-input=false', '-no-color', '-backend=false'], root, env);
    planOutput = init.stdout + init.stderr;
    if (init.code !== 0) return;
    const p = await run('terraform', ['plan', '-input=false', '-refresh=false', '-lock=false', '-no-color', '-out=plan.bin'], root, env);
    planOutput = p.stdout + p.stderr;
    if (p.code !== 0) return;
    const show = await run('terraform', ['show', '-json', 'plan.bin'], root, env);
    writeFileSync(join(work, 'plan.json'), show.stdout);
    plan = await loadPlanJson(join(work, 'plan.json'));
  }, 600_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('terraform plans all six', () => {
    expect(plan, planOutput).toBeDefined();
  });

  const planResults = () => check(rules, plan!);

  /** Static failures the plan cannot decide, because terraform plans the value they read unknown. */
  const UNDECIDED_IN_A_PLAN: Record<string, string[]> = {
    // container_definitions = jsonencode([...]) with the image from an ECR repository URL: one
    // unknown inside makes terraform plan the whole JSON string unknown.
    'ecs-fargate': ['ECS-001 aws_ecs_task_definition.app', 'ECS-002 aws_ecs_task_definition.app'],
    // environment.variables with a table name and a queue URL: terraform plans the whole map
    // unknown; the policy's jsonencode holds unknown ARNs, so the whole document is unknown.
    'lambda-websocket': ['IAM-004 aws_iam_role_policy.handler', 'LMB-001 aws_lambda_function.handler', 'SEC-001 aws_lambda_function.handler'],
  };

  it.each(shapes)('%s: the plan path fails the planted rules on the resources the static path names, or says unknown where the plan holds the value unknown; nothing else fails', async (shape) => {
    const planted = new Set(plantedWeaknesses(shape).map((w) => w.split(':')[2]));
    const statically = findings(check(rules, await loadFixture(join(stacksDir, shape))), 'fail');
    expect(new Set(statically.map((f) => f.split(' ')[0]))).toEqual(planted);
    const prefix = `module.${moduleOf(shape)}.`;
    const results = planResults();
    const undecided = UNDECIDED_IN_A_PLAN[shape] ?? [];
    expect(findings(results, 'fail', prefix)).toEqual(statically.filter((f) => !undecided.includes(f)));
    const unknown = findings(results, 'unknown', prefix);
    for (const f of undecided) expect(unknown, f).toContain(f);
  });

  it('a public access block made with for_each over the buckets is linked to each bucket and judged on its own flags', () => {
    const s3 = planResults().find((r) => r.checkId === 'S3-001')!;
    const byAddress = new Map(s3.findings.map((f) => [f.address, f]));
    for (const key of ['site', 'logs']) {
      const block = byAddress.get(`module.cloudfront_s3.aws_s3_bucket_public_access_block.this["${key}"]`);
      expect(block?.verdict).toBe('fail');
      expect(block?.message).toMatch(/^block_public_policy is false/);
      const bucket = byAddress.get(`module.cloudfront_s3.aws_s3_bucket.this["${key}"]`);
      expect(bucket?.verdict, bucket?.message).toBe('pass');
      expect(bucket?.message).toContain(`aws_s3_bucket_public_access_block.this["${key}"]`);
    }
  });
});
