import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newRunId, runEphemeral, runIdTime, type EphemeralConfig, type EphemeralDeps } from '../../src/ephemeral/run.js';
import { repoRoot } from '../helpers/paths.js';

const FAKE_TF = join(repoRoot, 'tests/fixtures/ephemeral/fake-terraform');
const SANDBOX = '111122223333';
const sts = mockClient(STSClient);

let dir: string;
let tfLog: string;
const lines: string[] = [];

function config(over: Partial<EphemeralConfig> = {}): EphemeralConfig {
  return {
    repoRoot: dir,
    terraformDir: 'terraform',
    varFile: 'envs/ephemeral.tfvars',
    companionDirs: ['user-data'],
    region: 'ap-northeast-2',
    sandboxAccountId: SANDBOX,
    terraformBin: FAKE_TF,
    skip: {},
    deadlineMs: 60_000,
    runsDir: join(dir, 'runs'),
    ...over,
  };
}

function deps(over: Partial<EphemeralDeps> = {}): EphemeralDeps {
  return { sts: new STSClient({ region: 'ap-northeast-2' }), log: (l) => lines.push(l), signals: new EventEmitter() as never, retryDelayMs: () => 1, ...over };
}

const calls = () => (existsSync(tfLog) ? readFileSync(tfLog, 'utf8').trim().split('\n').map((l) => l.split(' ')[0]) : []);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stackcheck-eph-test-'));
  mkdirSync(join(dir, 'terraform', 'envs'), { recursive: true });
  writeFileSync(join(dir, 'terraform', 'main.tf'), '# stack\n');
  writeFileSync(join(dir, 'terraform', 'envs', 'ephemeral.tfvars'), 'run_id = ""\n');
  mkdirSync(join(dir, 'user-data'));
  writeFileSync(join(dir, 'user-data', 'x.sh'), '#!/bin/sh\n');
  tfLog = join(dir, 'tf.log');
  process.env.FAKE_TF_LOG = tfLog;
  for (const k of ['FAKE_TF_APPLY', 'FAKE_TF_DESTROY_FAILS', 'FAKE_TF_DESTROY', 'FAKE_TF_OUTPUTS']) delete process.env[k];
  lines.length = 0;
  sts.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: SANDBOX, Arn: `arn:aws:sts::${SANDBOX}:assumed-role/ci/x` });
});

afterEach(() => {
  delete process.env.FAKE_TF_LOG;
});

describe('the account guard', () => {
  it('refuses another account before any terraform call', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '999988887777', Arn: 'arn:aws:iam::999988887777:user/prod' });
    await expect(runEphemeral(config(), deps())).rejects.toThrow(/account 999988887777 .* not the sandbox account 111122223333; refusing/);
    expect(calls()).toEqual([]);
    expect(existsSync(join(dir, 'runs'))).toBe(false);
  });
  it('refuses when no sandbox account is configured', async () => {
    await expect(runEphemeral(config({ sandboxAccountId: undefined }), deps())).rejects.toThrow(/STACKCHECK_SANDBOX_ACCOUNT_ID is not set/);
    expect(calls()).toEqual([]);
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(0);
  });
});

describe('a run', () => {
  it('applies, verifies, probes, destroys and cleans up its workspace and manifest', async () => {
    const stages: string[] = [];
    const res = await runEphemeral(
      config(),
      deps({
        verify: async (ctx) => {
          stages.push(`verify ${JSON.stringify(ctx.outputs)}`);
          return { stage: 'verify', checks: [{ name: 'ssm', ok: true, detail: 'online' }] };
        },
        probe: async () => {
          stages.push('probe');
          return { stage: 'probe', checks: [{ name: 'web->api', ok: true, detail: 'connected' }] };
        },
      }),
    );
    expect(res.ok).toBe(true);
    expect(res.destroyed).toBe(true);
    expect(calls()).toEqual(['init', 'apply', 'output', 'destroy']);
    expect(stages).toEqual(['verify {"env_bucket":"b"}', 'probe']);
    const log = readFileSync(tfLog, 'utf8');
    expect(log).toContain(`-var=run_id=${res.runId}`);
    expect(log).toContain('-var-file=envs/ephemeral.tfvars');
    expect(existsSync(res.manifestPath)).toBe(false);
    expect(readdirSync(join(dir, 'runs'))).toEqual([]);
    // progress: terraform's own lines and the deadline reach the person
    expect(lines).toContain('  terraform: Apply complete! Resources: 3 added, 0 changed, 0 destroyed.');
    expect(lines[0]).toMatch(/deadline 1 min \(destroy runs after it\)$/);
  });

  it('writes the manifest before apply, and the workspace holds a local-state override', async () => {
    let seen: Record<string, unknown> | undefined;
    let override = '';
    await runEphemeral(
      config(),
      deps({
        verify: async (ctx) => {
          const [m] = readdirSync(join(dir, 'runs'));
          seen = JSON.parse(readFileSync(join(dir, 'runs', m), 'utf8'));
          override = readFileSync(join(ctx.workspace, 'terraform', 'zz_stackcheck_override.tf'), 'utf8');
          expect(existsSync(join(ctx.workspace, 'user-data', 'x.sh'))).toBe(true);
          return { stage: 'verify', checks: [] };
        },
      }),
    );
    expect(seen).toMatchObject({ account: SANDBOX, region: 'ap-northeast-2', status: 'running', stage: 'verify' });
    expect(seen!.statePath).toMatch(/state\/terraform\.tfstate$/);
    expect(override).toMatch(/backend "local" \{\n\s+path = ".*state\/terraform\.tfstate"/);
  });

  it('destroys after an apply failure', async () => {
    process.env.FAKE_TF_APPLY = 'fail';
    const res = await runEphemeral(config(), deps());
    expect(res.ok).toBe(false);
    expect(res.error).toMatch(/InvalidParameterCombination/);
    expect(calls()).toEqual(['init', 'apply', 'destroy']); // not retried: not a known-transient error
    expect(res.destroyed).toBe(true);
  });

  it('retries apply on a known-transient error only', async () => {
    process.env.FAKE_TF_APPLY = 'transient-once';
    const res = await runEphemeral(config(), deps());
    expect(res.ok).toBe(true);
    expect(calls()).toEqual(['init', 'apply', 'apply', 'output', 'destroy']);
    expect(lines.join('\n')).toMatch(/terraform apply failed \(AWS API throttling\); retrying/);
  });

  it('destroys after a verify failure and after an exception in probe', async () => {
    const res = await runEphemeral(
      config(),
      deps({
        verify: async () => ({ stage: 'verify', checks: [{ name: 'rds encrypted', ok: false, detail: 'StorageEncrypted false' }] }),
        probe: async () => {
          throw new Error('probe exploded');
        },
      }),
    );
    expect(res.ok).toBe(false);
    expect(res.error).toBe('probe exploded');
    expect(calls().at(-1)).toBe('destroy');
  });

  it('retries destroy on transient failures (fails twice, then succeeds)', async () => {
    process.env.FAKE_TF_DESTROY_FAILS = '2';
    const res = await runEphemeral(config(), deps());
    expect(calls()).toEqual(['init', 'apply', 'output', 'destroy', 'destroy', 'destroy']);
    expect(res.destroyed).toBe(true);
    expect(lines.join('\n')).toMatch(/destroy failed \(a dependent resource .* still being released\)/);
  });

  it('a destroy that keeps failing leaves the manifest and says what to run', async () => {
    process.env.FAKE_TF_DESTROY = 'fatal';
    const res = await runEphemeral(config(), deps());
    expect(res.destroyed).toBe(false);
    expect(res.ok).toBe(false);
    const manifest = JSON.parse(readFileSync(res.manifestPath, 'utf8'));
    expect(manifest.status).toBe('destroy-failed');
    expect(manifest.cleanup).toContain(`destroy -var-file=envs/ephemeral.tfvars -var=run_id=${res.runId}`);
    expect(lines.join('\n')).toMatch(/DESTROY FAILED/);
    expect(existsSync(manifest.workspace)).toBe(true); // the state is still there to destroy from
  });

  it('a deadline stops a hanging apply, then destroys', async () => {
    process.env.FAKE_TF_APPLY = 'hang';
    const res = await runEphemeral(config({ deadlineMs: 1500 }), deps());
    expect(res.error).toMatch(/deadline/);
    const log = readFileSync(tfLog, 'utf8');
    expect(log).toMatch(/apply[^\n]*\ninterrupted\ndestroy/);
  });

  it('SIGINT (from the signal source) stops the stage and destroys; a second signal does not stop destroy', async () => {
    process.env.FAKE_TF_APPLY = 'hang';
    const signals = new EventEmitter();
    const running = runEphemeral(config(), deps({ signals: signals as never }));
    await waitFor(() => calls().includes('apply'));
    signals.emit('SIGINT');
    const res = await running;
    expect(res.interruptedBy).toBe('SIGINT');
    expect(res.destroyed).toBe(true);
    expect(calls()).toEqual(['init', 'apply', 'interrupted', 'destroy']);
  });

  it('SKIP_ stages: keep the stack, then reuse it by run id and destroy', async () => {
    const first = await runEphemeral(config({ skip: { destroy: true } }), deps());
    expect(first.destroyed).toBe('skipped');
    const manifest = JSON.parse(readFileSync(first.manifestPath, 'utf8'));
    expect(manifest.status).toBe('kept');
    const second = await runEphemeral(config({ runId: first.runId, skip: { apply: true } }), deps());
    expect(second.destroyed).toBe(true);
    expect(calls()).toEqual(['init', 'apply', 'output', 'output', 'destroy']);
    expect(existsSync(first.manifestPath)).toBe(false);
  });
});

describe('run ids', () => {
  it("are admitted by the stack's own run_id validation", () => {
    const vars = readFileSync(join(repoRoot, 'terraform/variables.tf'), 'utf8');
    const block = vars.slice(vars.indexOf('variable "run_id"'));
    const pattern = /regex\("([^"]+)", var\.run_id\)/.exec(block)?.[1];
    expect(pattern, 'terraform/variables.tf validates run_id with a regex').toBeDefined();
    for (let i = 0; i < 20; i++) expect(newRunId(new Date())).toMatch(new RegExp(pattern!.replace(/\\\\/g, '\\')));
  });
  it('carry their start time and fit AWS name limits', () => {
    const id = newRunId(new Date(Date.UTC(2026, 10, 23, 11, 21)));
    // the stack's run_id variable admits ^[a-z][a-z0-9]{0,9}$
    expect(id).toMatch(/^[a-z][a-z0-9]{0,9}$/);
    expect(id).toHaveLength(10);
    expect(runIdTime(id)?.toISOString()).toBe('2026-11-23T11:21:00.000Z');
    expect(runIdTime(newRunId(new Date(Date.UTC(2099, 0, 1, 0, 0))))?.toISOString()).toBe('2099-01-01T00:00:00.000Z');
    expect(runIdTime('prod')).toBeUndefined();
  });
});

async function waitFor(cond: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
