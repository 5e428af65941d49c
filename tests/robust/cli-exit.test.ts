/**
 * The CLI's edge: a run that has given its verdict exits (no runtime's timers keep it alive), an
 * interrupted run (SIGINT, SIGTERM) leaves the previous reports whole and says so, a failed write
 * leaves them whole and is a user error, and no failure prints a stack trace.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFilesAtomic } from '../../src/atomic-write.js';
import { UserError } from '../../src/errors.js';
import { repoRoot } from '../helpers/paths.js';

function cli(args: string[], opts: { signal?: NodeJS.Signals; afterMs?: number } = {}) {
  return new Promise<{ code: number | null; out: string; ms: number }>((resolve) => {
    const started = Date.now();
    const p = spawn(process.execPath, [join(repoRoot, 'bin/stackcheck.js'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, STACKCHECK_CACHE: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    if (opts.signal) setTimeout(() => p.kill(opts.signal), opts.afterMs ?? 0);
    const guard = setTimeout(() => p.kill('SIGKILL'), 60_000);
    p.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, out, ms: Date.now() - started });
    });
  });
}

function brokenStack(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stackcheck-exit-'));
  cpSync(join(repoRoot, 'terraform'), dir, { recursive: true, filter: (p) => !p.includes('/.terraform') });
  const f = join(dir, 'security-groups.tf');
  const lines = readFileSync(f, 'utf8').split('\n');
  lines[21] = `${lines[21]} }`;
  writeFileSync(f, lines.join('\n'));
  return dir;
}

describe('the CLI exits once it has answered', () => {
  it('a user error in a cold parse of the whole stack: one line, exit 2, promptly', async () => {
    const r = await cli(['check', brokenStack(), '--out', '']);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/security-groups\.tf:\d+/);
    expect(r.out).not.toMatch(/^\s+at /m);
    expect(r.ms).toBeLessThan(30_000);
  });
});

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('%s during check', (signal, exitCode) => {
  it(`exits ${exitCode}, says what was written, leaves the previous reports whole`, async () => {
    const out = mkdtempSync(join(tmpdir(), 'stackcheck-sig-'));
    writeFileSync(join(out, 'test-plan.json'), '{"previous":true}\n');
    // The handler exists once the CLI has compiled and started (node catches both signals from
    // its first milliseconds, so /proc says nothing): a signal that came earlier killed it by the
    // default action (code null), which tests nothing — try again later, on a loaded machine.
    let r = await cli(['check', 'terraform', '--out', out], { signal, afterMs: 1500 });
    for (const later of [4000, 10_000]) {
      if (r.code !== null) break;
      r = await cli(['check', 'terraform', '--out', out], { signal, afterMs: later });
    }
    expect(r.out).not.toMatch(/^\s+at /m);
    if (r.code === exitCode) {
      expect(r.out).toContain(`interrupted by ${signal}`);
      // Either the previous file, untouched, or the new one, complete.
      const text = readFileSync(join(out, 'test-plan.json'), 'utf8');
      expect(() => JSON.parse(text)).not.toThrow();
    } else {
      expect(r.code).toBe(0); // the run finished before the signal (a fast machine)
    }
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('writeFilesAtomic', () => {
  it('replaces a set of files whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackcheck-atomic-'));
    writeFileSync(join(dir, 'a.json'), 'old a');
    await writeFilesAtomic([
      { path: join(dir, 'a.json'), text: 'new a' },
      { path: join(dir, 'sub', 'b.xml'), text: 'new b' },
    ]);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('new a');
    expect(readFileSync(join(dir, 'sub', 'b.xml'), 'utf8')).toBe('new b');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a failed write is a user error that leaves the previous files as they were', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackcheck-atomic-'));
    writeFileSync(join(dir, 'a.json'), 'old a');
    mkdirSync(join(dir, 'b.xml')); // a directory where the file should go: the rename fails
    const err = await writeFilesAtomic([
      { path: join(dir, 'a.json'), text: 'new a', label: 'reports/a.json' },
      { path: join(dir, 'nope', 'x'), text: 'x', label: 'reports/nope/x' },
    ]).catch((e) => e);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('new a'); // both staged, renamed together
    const err2 = await writeFilesAtomic([{ path: join(dir, 'b.xml'), text: 'b', label: 'reports/b.xml' }]).catch((e) => e);
    expect(err2).toBeInstanceOf(UserError);
    expect((err2 as UserError).message).toMatch(/cannot write reports\/b\.xml: .*left as it was/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(err).toBeUndefined();
  });

  it('check --out on a file: exit 2, no stack trace, nothing half-written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackcheck-atomic-'));
    writeFileSync(join(dir, 'reports'), 'a file, not a directory');
    const r = await cli(['check', 'terraform', '--out', join(dir, 'reports')]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/cannot write .*test-plan\.json/);
    expect(r.out).not.toMatch(/^\s+at /m);
    expect(readFileSync(join(dir, 'reports'), 'utf8')).toBe('a file, not a directory');
  });
});
