/**
 * Differential tests: the static evaluation against terraform's own plan of the same provider-less
 * (or offline-provider) configuration. Terraform is the oracle; these skip, saying why, when it is
 * absent (CI machines may lack it).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffModels } from '../../../src/load/diff.js';
import { loadHcl } from '../../../src/load/hcl/index.js';
import { fromPlanDocument } from '../../../src/load/plan-json.js';
import { repoRoot } from '../../helpers/paths.js';

const terraform = ['/usr/local/bin/terraform', '/usr/bin/terraform'].find((p) => existsSync(p));
const awsMirror = '/opt/tf-plugins/registry.terraform.io/hashicorp/aws';
const fixtures = join(repoRoot, 'tests/fixtures/hcl/differential');

/** `terraform show -json` of a fresh plan of a copy of the fixture (init from the local mirror only). */
function terraformPlan(fixture: string, planArgs: string[] = [], extraEnv: Record<string, string> = {}): unknown {
  const work = mkdtempSync(join(tmpdir(), 'tf-diff-'));
  cpSync(join(fixtures, fixture), work, { recursive: true });
  const rc = join(work, '.terraformrc');
  writeFileSync(
    rc,
    `provider_installation {\n  filesystem_mirror {\n    path    = "/opt/tf-plugins"\n    include = ["registry.terraform.io/*/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }\n}\n`,
  );
  const env = { ...process.env, ...extraEnv, TF_CLI_CONFIG_FILE: rc, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
  const run = (...args: string[]) => execFileSync(terraform!, args, { cwd: work, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    run('init', '-input=false', '-no-color');
    run('plan', '-input=false', '-refresh=false', '-no-color', '-out=plan.bin', ...planArgs);
    return JSON.parse(run('show', '-json', 'plan.bin'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

describe.skipIf(!terraform)(`static evaluation agrees with terraform plan${terraform ? '' : ' (skipped: terraform is not installed)'}`, () => {
  it('provider-less stack: optional defaults, locals, for/flatten, count/for_each, module count/for_each, reads of other resources, splats, try/can, templatefile, heredoc directives, numbers', async () => {
    const plan = fromPlanDocument(terraformPlan('core'), 'terraform plan');
    const ours = await loadHcl({ dir: join(fixtures, 'core') });
    const d = diffModels(ours, plan);
    const disagreements = d.entries.filter((e) => e.kind !== 'attribute-only-in-plan');
    expect(disagreements).toEqual([]);
    expect(d.compared.resources).toBe(14);
    expect(ours.resources.map((r) => r.address).sort()).toEqual(plan.resources.map((r) => r.address).sort());
    expect(Object.keys(ours.outputs).sort()).toEqual(Object.keys(plan.outputs).sort());
  }, 120_000);

  it('variables from every source, in terraform precedence, converted and defaulted as terraform does', async () => {
    const plan = fromPlanDocument(
      terraformPlan('vars', ['-var-file=envs/extra.tfvars', '-var', 'n=5', '-var', 'obj={ a = 1 }', '-var', 'untyped=[1]'], { TF_VAR_from_env: 'env' }),
      'terraform plan',
    );
    const dir = join(fixtures, 'vars');
    const ours = await loadHcl({
      dir,
      env: { TF_VAR_from_env: 'env' },
      varFiles: [join(dir, 'envs/extra.tfvars')],
      vars: { n: '5', obj: '{ a = 1 }', untyped: '[1]' },
    });
    expect(ours.outputs.all.value).toEqual(plan.outputs.all.value);
    expect(plan.outputs.all.value).toMatchObject({ from_env: 'env', from_auto: 'b.auto', from_var_file: 'var-file', n: 5 });
  }, 120_000);

  it.skipIf(!existsSync(awsMirror))(
    `aws_iam_policy_document, aws_partition and aws_region render as the AWS provider renders them${existsSync(awsMirror) ? '' : ' (skipped: no AWS provider in /opt/tf-plugins)'}`,
    async () => {
      const plan = fromPlanDocument(terraformPlan('iam'), 'terraform plan');
      const ours = await loadHcl({ dir: join(fixtures, 'iam') });
      for (const name of Object.keys(plan.outputs)) {
        expect({ name, value: ours.outputs[name]?.value }).toEqual({ name, value: plan.outputs[name].value });
      }
      expect(Object.keys(plan.outputs)).toHaveLength(6);
    },
    // Starting the 700 MB AWS provider takes most of this, more on a busy machine.
    180_000,
  );
});
