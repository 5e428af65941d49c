/**
 * CI and its AWS role (review M4, M11): the GitHub OIDC plan role as the static evaluator plans it
 * (trusted subjects, no ReadOnlyAccess, GetSecretValue on exactly the secrets terraform refreshes),
 * and the workflows as GitHub would run them (which job assumes which role under which subject,
 * what the apply job applies).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadStack } from '../../src/load/index.js';
import type { Resource, StackModel } from '../../src/model/resource.js';
import { isUnknown } from '../../src/model/value.js';
import { repoRoot } from '../helpers/paths.js';
import { stackDir } from './helpers.js';

let live: StackModel;
beforeAll(async () => {
  live = await loadStack({ dir: stackDir, varFiles: [join(stackDir, 'envs', 'live.tfvars')], env: {} });
}, 120_000);

type Statement = { sid?: string; effect?: string; actions?: string[]; resources?: unknown[]; condition?: { test: string; variable: string; values: string[] }[] };
const doc = (model: StackModel, name: string): Statement[] => {
  const r = model.resources.find((x) => x.address === `module.iam.data.aws_iam_policy_document.${name}[0]`);
  expect(r, name).toBeDefined();
  return (r as Resource).values.statement as Statement[];
};

describe('GitHub OIDC plan role (M4)', () => {
  it('is assumable from the main branch of the one repository only: no pull_request, no other ref', () => {
    const [assume] = doc(live, 'github_assume');
    const sub = assume!.condition!.find((c) => c.variable.endsWith(':sub'))!;
    expect(sub.test).toBe('StringEquals');
    expect(sub.values).toEqual(['repo:example-org/dolbom-infra:ref:refs/heads/main']);
    const aud = assume!.condition!.find((c) => c.variable.endsWith(':aud'))!;
    expect(aud.values).toEqual(['sts.amazonaws.com']);
  });

  it('has no AWS managed ReadOnlyAccess; reads only state, refresh calls, the AMI parameters and exactly the Redis token secrets', () => {
    const attachments = live.resources.filter((r) => r.type === 'aws_iam_role_policy_attachment' && r.module === 'module.iam');
    for (const a of attachments) expect(String(a.values.policy_arn), a.address).not.toMatch(/ReadOnlyAccess/);
    const statements = doc(live, 'github_plan');
    const allows = statements.filter((s) => (s.effect ?? 'Allow') === 'Allow');
    // The only non-read action: kms:Decrypt of the state key (terraform/bootstrap) only through S3, and
    // of the secrets key only through Secrets Manager (reading an object or a secret encrypted with a
    // customer-managed key needs it).
    const decrypt = allows.filter((s) => s.actions?.some((a) => a.startsWith('kms:') && !/^kms:(Describe|Get|List)/.test(a)));
    expect(decrypt.map((s) => [s.sid, s.actions])).toEqual([['DecryptState', ['kms:Decrypt']], ['DecryptRefreshedSecrets', ['kms:Decrypt']]]);
    expect(decrypt[0]!.condition).toEqual([{ test: 'StringEquals', variable: 'kms:ViaService', values: ['s3.ap-northeast-2.amazonaws.com'] }]);
    expect(decrypt[0]!.resources).toEqual(['arn:aws:kms:ap-northeast-2:111122223333:key/00000000-0000-0000-0000-000000000000']);
    expect(decrypt[1]!.condition).toEqual([{ test: 'StringEquals', variable: 'kms:ViaService', values: ['secretsmanager.ap-northeast-2.amazonaws.com'] }]);
    expect(decrypt[1]!.resources).toHaveLength(1);
    for (const s of allows.filter((x) => !decrypt.includes(x))) {
      for (const a of s.actions ?? []) {
        expect(a, `${s.sid}: read-only`).toMatch(/^[a-z0-9-]+:(Describe|Get|List)[A-Za-z]*\*?$/);
        expect(a, `${s.sid}: no service-wide wildcard`).not.toMatch(/:\*$/);
      }
    }
    const getSecret = allows.filter((s) => s.actions?.includes('secretsmanager:GetSecretValue'));
    expect(getSecret.map((s) => s.sid)).toEqual(['RefreshManagedSecretVersions']);
    // staging + prod Redis and LiveKit's Redis: the three aws_secretsmanager_secret_version of the state.
    const versions = live.resources.filter((r) => r.type === 'aws_secretsmanager_secret_version');
    expect(getSecret[0]!.resources).toHaveLength(versions.length);
    expect(versions).toHaveLength(3);
    for (const r of getSecret[0]!.resources!) expect(r === '*' || (typeof r === 'string' && r.includes('*'))).toBe(false);
    // Nothing writes: not even the state lock (plan runs with -lock=false; the saved plan is stale-checked at apply).
    expect(allows.flatMap((s) => s.actions ?? []).filter((a) => /Put|Delete|Create|Update/.test(a))).toEqual([]);
    const denies = statements.filter((s) => s.effect === 'Deny').map((s) => s.sid);
    expect(denies).toEqual(['DenyEnvFiles', 'DenyDatabaseMasterPasswords']);
  });

  it('the secrets the role may read are those of the state, never the RDS master secret', () => {
    const getSecret = doc(live, 'github_plan').find((s) => s.sid === 'RefreshManagedSecretVersions')!;
    for (const r of getSecret.resources!) if (!isUnknown(r)) expect(String(r)).not.toContain('rds!');
  });
});

type Job = { if?: string; environment?: string; needs?: string | string[]; steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] };
const workflow = (name: string) => parseYaml(readFileSync(join(repoRoot, '.github', 'workflows', name), 'utf8')) as { on: unknown; jobs: Record<string, Job> };
const roleOf = (job: Job) => job.steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'))?.with?.['role-to-assume'];
const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');

describe('workflows (M4, M11)', () => {
  it('apply: a plan job saves and checks the plan; the apply job waits for the environment approval and applies that saved plan', () => {
    const wf = workflow('apply.yml');
    const { plan, apply } = wf.jobs;
    expect(Object.keys(wf.jobs).sort()).toEqual(['apply', 'plan']);
    // plan: the read-only role under the main-branch subject (a job with an environment would get another subject)
    expect(roleOf(plan!)).toBe('${{ vars.AWS_PLAN_ROLE_ARN }}');
    expect(plan!.environment).toBeUndefined();
    expect(plan!.if).toBe("github.ref == 'refs/heads/main'");
    expect(runs(plan!)).toMatch(/terraform -chdir=terraform plan .*-lock=false .*-out=\.\.\/live\.tfplan/);
    expect(runs(plan!)).toContain('make test-plan PLAN_JSON=plan.json');
    const upload = plan!.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    expect(String(upload.with!.path)).toContain('live.tfplan');
    // apply: after plan, behind the approval, with the apply role, exactly the downloaded plan
    expect(apply!.needs).toBe('plan');
    expect(apply!.environment).toBe('production');
    expect(roleOf(apply!)).toBe('${{ vars.AWS_APPLY_ROLE_ARN }}');
    expect(apply!.steps.find((s) => s.uses?.startsWith('actions/download-artifact'))!.with!.name).toBe(upload.with!.name);
    expect(runs(apply!)).toMatch(/terraform -chdir=terraform apply -input=false \.\.\/live\.tfplan$/m);
    expect(runs(apply!)).not.toMatch(/terraform[^\n]* plan /);
  });

  it('no workflow uses -target, and the plan role is assumed only on main', () => {
    for (const name of ['apply.yml', 'pr.yml', 'nightly.yml']) {
      const wf = workflow(name);
      for (const [id, job] of Object.entries(wf.jobs)) {
        expect(runs(job), `${name}/${id}`).not.toContain('-target');
        if (roleOf(job) === '${{ vars.AWS_PLAN_ROLE_ARN }}') {
          expect(job.environment, `${name}/${id}`).toBeUndefined();
          expect(job.if ?? '', `${name}/${id} runs only on main`).toMatch(/github\.ref == 'refs\/heads\/main'/);
        }
      }
    }
    expect(workflow('pr.yml').jobs['real-plan']!.if).toContain("github.event_name == 'push'");
  });

  // m13: a tag can be moved to other code; a commit SHA cannot. Each pin keeps the release it is in a
  // comment, and one action is pinned to one commit across all workflows.
  it('every action is pinned to a full commit SHA with its release tag in a comment, the same commit everywhere', () => {
    const pins = new Map<string, Set<string>>();
    for (const name of readdirSync(join(repoRoot, '.github', 'workflows')).filter((f) => f.endsWith('.yml'))) {
      const text = readFileSync(join(repoRoot, '.github', 'workflows', name), 'utf8');
      for (const line of text.split('\n').filter((l) => /^\s*(- )?uses:/.test(l))) {
        const m = /uses: ([\w.-]+\/[\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/.exec(line.trim().replace(/^- /, ''));
        expect(m, `${name}: ${line.trim()}`).not.toBeNull();
        pins.set(m![1]!, new Set([...(pins.get(m![1]!) ?? []), `${m![2]} ${m![3]}`]));
      }
    }
    expect(pins.size).toBeGreaterThan(0);
    for (const [action, refs] of pins) expect([...refs], action).toHaveLength(1);
  });
});
