/**
 * One ephemeral run: guard the account, copy the stack to a private workspace, apply it under a
 * unique run id, verify it through the AWS APIs, probe every reachability intent from inside the
 * instances, and destroy it — whatever happened in between (failure, timeout, SIGINT, SIGTERM,
 * an exception). A destroy that still fails leaves the manifest and says what to run.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { STSClient } from '@aws-sdk/client-sts';
import { guardSandboxAccount } from '../aws/sts.js';
import { backoff, retry } from './retry.js';
import { TerraformCli, TerraformError } from './terraform.js';
import { transientReason } from './transient.js';

export type Stage = 'apply' | 'verify' | 'probe' | 'destroy';
export const STAGES: readonly Stage[] = ['apply', 'verify', 'probe', 'destroy'];

export interface EphemeralConfig {
  repoRoot: string;
  /** The root module, relative to repoRoot (`terraform`). */
  terraformDir: string;
  /** The tfvars of the throw-away copy, relative to the root module (`envs/ephemeral.tfvars`). */
  varFile: string;
  /** Directories beside the root module that it reads (templatefile of ../user-data). */
  companionDirs: string[];
  region: string;
  sandboxAccountId?: string;
  terraformBin: string;
  /** Reuse a kept run (its manifest names the workspace); otherwise a new id is made. */
  runId?: string;
  skip: Partial<Record<Stage, boolean>>;
  /** Bound on apply + verify + probe; destroy always runs after it. */
  deadlineMs: number;
  /** Manifests of runs in progress or not cleaned up (`.stackcheck/runs`). */
  runsDir: string;
}

export interface StageContext {
  runId: string;
  workspace: string;
  region: string;
  outputs: Record<string, unknown>;
  signal: AbortSignal;
  log: (line: string) => void;
}

export interface CheckOutcome {
  name: string;
  ok: boolean;
  detail: string;
}

export interface StageReport {
  stage: 'verify' | 'probe';
  checks: CheckOutcome[];
  /** Extra structured data (the probe table). */
  data?: unknown;
}

export interface EphemeralDeps {
  sts: STSClient;
  verify?: (ctx: StageContext) => Promise<StageReport>;
  probe?: (ctx: StageContext) => Promise<StageReport>;
  log: (line: string) => void;
  now?: () => Date;
  /** Where SIGINT/SIGTERM arrive (the process; tests pass an EventEmitter). */
  signals?: Pick<NodeJS.Process, 'on' | 'off'>;
  /** Delay between retried terraform attempts (tests shorten it). */
  retryDelayMs?: (attempt: number) => number;
}

export interface Manifest {
  runId: string;
  account: string;
  region: string;
  workspace: string;
  rootModule: string;
  statePath: string;
  startedAt: string;
  stage: string;
  status: 'running' | 'destroy-failed' | 'kept' | 'finished';
  cleanup?: string;
}

export interface EphemeralResult {
  runId: string;
  ok: boolean;
  reports: StageReport[];
  /** Why the run did not pass (apply failure, interrupt, deadline…), if it did not. */
  error?: string;
  interruptedBy?: NodeJS.Signals;
  destroyed: boolean | 'skipped';
  manifestPath: string;
}

/** Run ids encode their start minute, counted from this epoch, for the sweeper's age bound. */
const RUN_ID_EPOCH = Date.UTC(2024, 0, 1);

/**
 * `e0q3x1k7f2`: `e`, the start minute since 2024-01-01 UTC in 5 base-36 digits, 4 random base-36
 * characters. 10 lowercase characters: what the stack's `run_id` variable admits, so that every
 * name that carries it stays inside AWS's 32-character load balancer and target group limits.
 */
export function newRunId(now: Date): string {
  const minutes = Math.floor((now.getTime() - RUN_ID_EPOCH) / 60_000);
  const rnd = [...randomBytes(4)].map((b) => (b % 36).toString(36)).join('');
  return `e${minutes.toString(36).padStart(5, '0')}${rnd}`;
}

/** The start minute a run id encodes (undefined for an id this runner did not make). */
export function runIdTime(runId: string): Date | undefined {
  const m = /^e([0-9a-z]{5})[0-9a-z]{4}$/.exec(runId);
  if (!m) return undefined;
  return new Date(RUN_ID_EPOCH + parseInt(m[1], 36) * 60_000);
}

export async function runEphemeral(cfg: EphemeralConfig, deps: EphemeralDeps): Promise<EphemeralResult> {
  const log = deps.log;
  const now = deps.now ?? (() => new Date());
  // 1. Guard: before anything exists.
  const account = await guardSandboxAccount(deps.sts, cfg.sandboxAccountId);

  mkdirSync(cfg.runsDir, { recursive: true });
  const kept = cfg.runId ? readManifest(cfg.runsDir, cfg.runId) : undefined;
  const runId = cfg.runId ?? newRunId(now());
  const manifestPath = join(cfg.runsDir, `${runId}.json`);
  const workspace = kept?.workspace ?? prepareWorkspace(cfg, runId);
  const rootModule = join(workspace, cfg.terraformDir);
  const statePath = join(workspace, 'state', 'terraform.tfstate');
  const manifest: Manifest = kept ?? {
    runId,
    account,
    region: cfg.region,
    workspace,
    rootModule,
    statePath,
    startedAt: now().toISOString(),
    stage: 'prepared',
    status: 'running',
  };
  const save = (patch: Partial<Manifest>) => {
    Object.assign(manifest, patch);
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
  };
  save({ stage: 'prepared', status: 'running' });
  log(`run ${runId}: account ${account}, region ${cfg.region}, workspace ${workspace}, deadline ${Math.round(cfg.deadlineMs / 60000)} min (destroy runs after it)`);

  const tf = new TerraformCli({
    bin: cfg.terraformBin,
    cwd: rootModule,
    logFile: join(workspace, 'terraform.log'),
    env: { AWS_REGION: cfg.region },
    // terraform's own progress ("Still creating... [2m10s elapsed]") is the person's progress too
    onLine: (line) => {
      if (line.trim()) log(`  terraform: ${line}`);
    },
  });
  const varArgs = [`-var-file=${cfg.varFile}`, `-var=run_id=${runId}`];
  const retryDelay = deps.retryDelayMs ?? backoff(15_000, 120_000);
  const retryable = (err: unknown) => (err instanceof TerraformError ? transientReason(err.output) : undefined);

  // 2. Teardown is armed before apply: signals and the deadline abort the current stage; the
  //    finally block below destroys.
  const work = new AbortController();
  let interruptedBy: NodeJS.Signals | undefined;
  let destroying = false;
  const signals = deps.signals ?? process;
  const onSignal = (sig: NodeJS.Signals) => {
    if (destroying) {
      log(`${sig} received while destroying: destroy goes on (the stack must not be left behind)`);
      return;
    }
    interruptedBy ??= sig;
    log(`${sig} received: stopping ${manifest.stage}, then destroying`);
    work.abort(new Error(`interrupted by ${sig}`));
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  signals.on('SIGINT', onInt);
  signals.on('SIGTERM', onTerm);
  const deadline = setTimeout(
    () => work.abort(new Error(`deadline of ${Math.round(cfg.deadlineMs / 60000)} min reached`)),
    cfg.deadlineMs,
  );

  const reports: StageReport[] = [];
  let error: string | undefined;
  let applied = Boolean(kept);
  try {
    if (!cfg.skip.apply) {
      save({ stage: 'init' });
      await retry(() => tf.run(['init', '-input=false', '-no-color'], work.signal), {
        description: 'terraform init',
        attempts: 3,
        delayMs: retryDelay,
        retryable,
        signal: work.signal,
        onRetry: (r) => log(`terraform init failed (${r.reason}); retrying in ${Math.round(r.delayMs / 1000)} s`),
      });
      save({ stage: 'apply' });
      applied = true;
      await retry(() => tf.run(['apply', '-auto-approve', '-input=false', '-no-color', ...varArgs], work.signal), {
        description: 'terraform apply',
        attempts: 3,
        delayMs: retryDelay,
        retryable,
        signal: work.signal,
        onRetry: (r) => log(`terraform apply failed (${r.reason}); retrying in ${Math.round(r.delayMs / 1000)} s`),
      });
    } else {
      log('SKIP_apply: using the stack already in the workspace');
    }
    const outputs = JSON.parse((await tf.run(['output', '-json', '-no-color'], work.signal)).output) as Record<string, { value: unknown }>;
    const ctx: StageContext = {
      runId,
      workspace,
      region: cfg.region,
      outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v?.value])),
      signal: work.signal,
      log,
    };
    for (const stage of ['verify', 'probe'] as const) {
      const fn = deps[stage];
      if (cfg.skip[stage]) log(`SKIP_${stage}: not run`);
      else if (fn) {
        save({ stage });
        reports.push(await fn(ctx));
      }
    }
  } catch (err) {
    error = (err as Error).message;
    log(`run ${runId} stopped: ${error}`);
  } finally {
    clearTimeout(deadline);
  }

  // 3. Destroy, whatever happened.
  let destroyed: boolean | 'skipped' = 'skipped';
  destroying = true;
  try {
    if (cfg.skip.destroy) {
      save({ stage: 'kept', status: 'kept', cleanup: cleanupHint(cfg, runId, rootModule, varArgs) });
      log(`SKIP_destroy: the stack stays up. Re-run with STACKCHECK_RUN_ID=${runId} to reuse it; clean up with: ${manifest.cleanup}`);
    } else if (!applied) {
      save({ stage: 'finished', status: 'finished' });
      destroyed = true; // nothing was ever created
    } else {
      save({ stage: 'destroy' });
      try {
        await retry(() => tf.run(['destroy', '-auto-approve', '-input=false', '-no-color', ...varArgs]), {
          description: 'terraform destroy',
          attempts: 4,
          delayMs: retryDelay,
          retryable,
          onRetry: (r) => log(`terraform destroy failed (${r.reason}); retrying in ${Math.round(r.delayMs / 1000)} s`),
        });
        destroyed = true;
        save({ stage: 'finished', status: 'finished' });
      } catch (err) {
        destroyed = false;
        const cleanup = cleanupHint(cfg, runId, rootModule, varArgs);
        save({ stage: 'destroy', status: 'destroy-failed', cleanup });
        log(`DESTROY FAILED for run ${runId}: ${(err as Error).message}`);
        log(`The manifest ${manifestPath} stays. To clean up run: ${cleanup}`);
      }
    }
  } finally {
    signals.off('SIGINT', onInt);
    signals.off('SIGTERM', onTerm);
  }
  if (destroyed === true) {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(manifestPath, { force: true });
  }
  const checksOk = reports.every((r) => r.checks.every((c) => c.ok));
  return {
    runId,
    ok: !error && !interruptedBy && checksOk && destroyed !== false,
    reports,
    error: error ?? (interruptedBy ? `interrupted by ${interruptedBy}` : undefined),
    interruptedBy,
    destroyed,
    manifestPath,
  };
}

function cleanupHint(cfg: EphemeralConfig, runId: string, rootModule: string, varArgs: string[]): string {
  return `${cfg.terraformBin} -chdir=${rootModule} destroy ${varArgs.join(' ')}   (or: stackcheck sweep --run-id ${runId})`;
}

/** Copy the stack into a fresh private directory, with a local-state backend override. */
function prepareWorkspace(cfg: EphemeralConfig, runId: string): string {
  const ws = mkdtempSync(join(tmpdir(), `stackcheck-${runId}-`)); // mode 0700
  const skip = (src: string) => !/(^|\/)(\.terraform|[^/]*\.tfstate(\.backup)?)$/.test(src);
  cpSync(resolve(cfg.repoRoot, cfg.terraformDir), join(ws, cfg.terraformDir), { recursive: true, filter: skip });
  for (const d of cfg.companionDirs) {
    const src = resolve(cfg.repoRoot, d);
    if (existsSync(src)) cpSync(src, join(ws, d), { recursive: true, filter: skip });
  }
  mkdirSync(join(ws, 'state'), { mode: 0o700 });
  // An override file replaces the S3 backend of the real deployment: this copy's state is local.
  writeFileSync(
    join(ws, cfg.terraformDir, 'zz_stackcheck_override.tf'),
    `# Written by stackcheck for run ${runId}: state local to this workspace.\nterraform {\n  backend "local" {\n    path = "${join(ws, 'state', 'terraform.tfstate')}"\n  }\n}\n`,
  );
  return ws;
}

export function readManifest(runsDir: string, runId: string): Manifest | undefined {
  const p = join(runsDir, `${runId}.json`);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as Manifest) : undefined;
}
