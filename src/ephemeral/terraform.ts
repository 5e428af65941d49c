/**
 * Runs the terraform binary (`TERRAFORM_BIN`, default `terraform`) as a child in its own process
 * group, so that a stage can be stopped as a whole (terraform and its provider plugins) and an
 * interrupt reaches terraform as SIGINT — terraform's graceful stop — before anything harsher.
 */
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

export interface TerraformResult {
  code: number;
  output: string;
}

export class TerraformError extends Error {
  constructor(
    readonly args: string[],
    readonly code: number | null,
    readonly output: string,
    message?: string,
  ) {
    super(message ?? `terraform ${args[0]} exited with ${code}: ${lastLines(output, 15)}`);
    this.name = 'TerraformError';
  }
}

export class TerraformNotFoundError extends Error {
  constructor(bin: string) {
    super(`terraform not found: '${bin}' is not on PATH (set TERRAFORM_BIN to the terraform binary)`);
    this.name = 'TerraformNotFoundError';
  }
}

export interface TerraformCliOptions {
  bin: string;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Every line terraform prints goes here too (a per-run log file). */
  logFile?: string;
  /** Progress sink for a person watching. */
  onLine?: (line: string) => void;
  /** How long a stopped terraform may take to exit after SIGINT before SIGTERM, then SIGKILL. */
  graceMs?: number;
}

export class TerraformCli {
  constructor(readonly o: TerraformCliOptions) {}

  /** Run `terraform <args>`; resolves on exit 0, rejects with TerraformError otherwise. */
  run(args: string[], signal?: AbortSignal): Promise<TerraformResult> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new TerraformError(args, null, '', `terraform ${args[0]} not started: ${String(signal.reason)}`));
      const child = spawn(this.o.bin, args, {
        cwd: this.o.cwd,
        env: { ...process.env, ...this.o.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      let output = '';
      let pending = '';
      const onData = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        output += text;
        if (this.o.logFile) appendFileSync(this.o.logFile, text);
        pending += text;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const l of lines) this.o.onLine?.(l);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      const timers: NodeJS.Timeout[] = [];
      const stop = () => {
        const grace = this.o.graceMs ?? 30_000;
        killGroup(child.pid, 'SIGINT');
        timers.push(setTimeout(() => killGroup(child.pid, 'SIGTERM'), grace));
        timers.push(setTimeout(() => killGroup(child.pid, 'SIGKILL'), grace * 2));
      };
      signal?.addEventListener('abort', stop, { once: true });
      child.on('error', (err: NodeJS.ErrnoException) => {
        signal?.removeEventListener('abort', stop);
        reject(err.code === 'ENOENT' ? new TerraformNotFoundError(this.o.bin) : err);
      });
      child.on('close', (code) => {
        timers.forEach(clearTimeout);
        signal?.removeEventListener('abort', stop);
        if (pending) this.o.onLine?.(pending);
        if (code === 0 && !signal?.aborted) resolve({ code, output });
        else
          reject(
            new TerraformError(
              args,
              code,
              output,
              signal?.aborted ? `terraform ${args[0]} stopped: ${String(signal.reason)}` : undefined,
            ),
          );
      });
    });
  }
}

function killGroup(pid: number | undefined, sig: NodeJS.Signals) {
  if (!pid) return;
  try {
    process.kill(-pid, sig);
  } catch {
    // already gone
  }
}

function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join('\n');
}
