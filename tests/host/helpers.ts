import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';

export const stubBin = join(repoRoot, 'tests', 'host', 'fixtures', 'bin');

/** True when an executable is on PATH (checked with the shell's own lookup). */
export function onPath(tool: string): boolean {
  return spawnSync('bash', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
}

export const shellcheckAvailable = onPath('shellcheck');
export const shellcheckSkipReason = 'shellcheck not installed (apt-get install -y shellcheck; .ci/run does it)';

/** Runs shellcheck (all severities, external sources followed) and returns its report, '' when clean. */
export function shellcheck(files: string[], opts: { cwd?: string } = {}): string {
  const r = spawnSync('shellcheck', ['-x', '-P', 'SCRIPTDIR', '--format=gcc', ...files], {
    cwd: opts.cwd ?? repoRoot,
    encoding: 'utf8',
  });
  if (r.status === 0) return '';
  return `${r.stdout}${r.stderr}` || `shellcheck exited ${r.status}`;
}

/** shellcheck of a script given as text (e.g. a rendered user-data template). */
export function shellcheckText(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'host-sc-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return shellcheck([file], { cwd: dir });
}

export interface Sandbox {
  root: string;
  home: string;
  envDir: string;
  s3: string;
  docker: string;
  log: string;
  env: NodeJS.ProcessEnv;
}

/**
 * A throw-away operator machine: HOME, env/ folder, fake S3 and docker state, and the stand-in
 * executables first on PATH. Nothing real (AWS, docker, ~/.ssh) is ever touched.
 */
export function sandbox(extraEnv: NodeJS.ProcessEnv = {}): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'host-sandbox-'));
  const dirs = { home: join(root, 'home'), envDir: join(root, 'env'), s3: join(root, 's3'), docker: join(root, 'docker') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const log = join(root, 'calls.log');
  writeFileSync(log, '');
  const env: NodeJS.ProcessEnv = {
    PATH: `${stubBin}${delimiter}${process.env.PATH ?? ''}`,
    HOME: dirs.home,
    USER: 'operator',
    LANG: 'C',
    STUB_LOG: log,
    FAKE_DOCKER: dirs.docker,
    FAKE_S3: dirs.s3,
    DOLBOM_ENV_DIR: dirs.envDir,
    ...extraEnv,
  };
  return { root, ...dirs, log, env };
}

export interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Stand-in invocations made by this run only: "<tool> <shell-quoted args>". */
  calls: string[];
}

/** Runs scripts/<name> with bash inside the sandbox and returns what it did. */
export function runScript(box: Sandbox, name: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): ScriptRun {
  const before = readFileSync(box.log, 'utf8').length;
  const r = spawnSync('bash', [join(repoRoot, 'scripts', name), ...args], {
    cwd: box.root,
    env: { ...box.env, ...extraEnv },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const calls = readFileSync(box.log, 'utf8').slice(before).split('\n').filter(Boolean);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls };
}
