import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';

/** A real signal to a child process running the runner: destroy must still run. */
describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('a real %s to the runner process', (signal, exitCode) => {
  it(`stops the hanging apply, destroys, exits ${exitCode}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackcheck-sig-'));
    mkdirSync(join(dir, 'terraform', 'envs'), { recursive: true });
    writeFileSync(join(dir, 'terraform', 'main.tf'), '# stack\n');
    const tfLog = join(dir, 'tf.log');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'tests/fixtures/ephemeral/run-child.ts'), dir, join(dir, 'runs')],
      { cwd: repoRoot, env: { ...process.env, FAKE_TF_LOG: tfLog, FAKE_TF_APPLY: 'hang' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const deadline = Date.now() + 30_000;
    while (!(existsSync(tfLog) && readFileSync(tfLog, 'utf8').includes('apply'))) {
      if (Date.now() > deadline) throw new Error(`apply never started:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 200)); // let the stand-in install its trap
    child.kill(signal);
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(out).toContain(`${signal} received: stopping apply, then destroying`);
    expect(out).toContain(`result destroyed=true interrupted=${signal}`);
    expect(readFileSync(tfLog, 'utf8').trim().split('\n').map((l) => l.split(' ')[0])).toEqual(['init', 'apply', 'interrupted', 'destroy']);
    expect(code).toBe(exitCode);
  });
});
