/**
 * The restore runbook (docs/runbooks/restore.md, review M9), walked as far as it can be without AWS:
 * every `aws <service> <command>` in its shell blocks exists in the installed AWS CLI and takes every
 * flag the runbook gives it (`aws <service> <command> help`, offline); every terraform resource
 * address it names is in the static plan of the live deployment; every `terraform output` it reads
 * is an output of the root module; every var file, script and script option exists. It proves the
 * commands are well-formed, not that AWS does what the page says (the page says so too).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadStack } from '../../src/load/index.js';
import type { StackModel } from '../../src/model/resource.js';
import { repoRoot } from '../helpers/paths.js';
import { moduleBody, parseStack, stackDir } from './helpers.js';

const run = promisify(execFile);
const runbook = readFileSync(join(repoRoot, 'docs', 'runbooks', 'restore.md'), 'utf8');

/** The shell blocks of the page, continuation lines joined, one command line per entry. */
const shellLines = [...runbook.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.replace(/\\\n\s*/g, ' ').split('\n')).map((l) => l.trim()).filter(Boolean);

/** `aws` invocations: service, command (with `wait <waiter>` kept together) and the flags given. */
interface AwsCall {
  line: string;
  words: string[];
  flags: string[];
}
function awsCalls(): AwsCall[] {
  const calls: AwsCall[] = [];
  for (const line of shellLines) {
    for (const m of line.matchAll(/(?:^|[\s(;|])aws\s+([a-z0-9-]+)\s+([a-z0-9-]+)((?:\s+[a-z0-9-]+)?)([^|;)]*)/g)) {
      const words = [m[1]!, m[2]!];
      let rest = `${m[3]}${m[4]}`;
      if (m[2] === 'wait') {
        words.push(m[3]!.trim());
        rest = m[4]!;
      }
      const flags = [...rest.matchAll(/(?:^|\s)(--[a-z0-9-]+)/g)].map((f) => f[1]!);
      calls.push({ line, words, flags });
    }
  }
  return calls;
}

const awsAvailable = await run('aws', ['--version']).then(
  () => true,
  () => false,
);
const helpCache = new Map<string, Promise<string>>();
const help = (words: string[]) => {
  const key = words.join(' ');
  if (!helpCache.has(key)) {
    helpCache.set(
      key,
      run('aws', [...words, 'help'], { env: { ...process.env, AWS_PAGER: '', PAGER: 'cat', MANPAGER: 'cat' }, maxBuffer: 16 * 1024 * 1024 }).then(
        (r) => r.stdout.replace(/.\x08/g, ''), // groff overstrike (bold) when not a terminal
        (e: { stdout?: string; stderr?: string }) => `NO SUCH COMMAND: ${e.stderr ?? ''}`,
      ),
    );
  }
  return helpCache.get(key)!;
};

/** The help text lists the flag itself (not only a longer flag that starts with it). */
const flagIn = (text: string, flag: string) => new RegExp(`(^|[\\s\\[|(])${flag}(?![a-z0-9-])`, 'm').test(text);

describe('M9: the restore runbook names only commands, flags and stack objects that exist', () => {
  it('has shell blocks for each kind of data, and every aws call is one of them', () => {
    for (const heading of ['## 1. PostgreSQL', '## 2. Env files', '## 3. Host volumes', '## 4. Losing the region']) expect(runbook).toContain(heading);
    const calls = awsCalls();
    const commands = new Set(calls.map((c) => c.words.join(' ')));
    for (const expected of ['rds restore-db-instance-to-point-in-time', 'backup start-restore-job', 'backup get-recovery-point-restore-metadata', 'rds modify-db-instance', 's3api copy-object', 'backup start-backup-job', 'ec2 create-volume']) {
      expect(commands, expected).toContain(expected);
    }
  });

  it.skipIf(!awsAvailable)('every aws command exists in the installed AWS CLI and takes every flag given', async () => {
    const problems: string[] = [];
    for (const call of awsCalls()) {
      const text = await help(call.words);
      if (text.startsWith('NO SUCH COMMAND')) {
        problems.push(`aws ${call.words.join(' ')}: no such command`);
        continue;
      }
      for (const flag of call.flags) if (!flagIn(text, flag)) problems.push(`aws ${call.words.join(' ')}: no flag ${flag}`);
    }
    expect(problems).toEqual([]);
    // the check itself tells a flag the CLI does not have from one it has
    const modify = await help(['rds', 'modify-db-instance']);
    expect(flagIn(modify, '--new-db-instance-identifier')).toBe(true);
    expect(flagIn(modify, '--new-db-instance')).toBe(false);
  }, 600_000);

  describe('stack objects', () => {
    let live: StackModel;
    let outputs: string[];
    beforeAll(async () => {
      live = await loadStack({ dir: stackDir, varFiles: [join(stackDir, 'envs', 'live.tfvars')], env: {} });
      outputs = Object.keys(moduleBody(await parseStack(), '').output ?? {});
    }, 180_000);

    it('every terraform resource address is in the live plan, every output read is an output of the root module', () => {
      const addresses = new Set(live.resources.map((r) => r.address));
      const named = [...runbook.matchAll(/'((?:module\.[a-z_]+\["[a-z-]+"\]\.)?aws_[a-z0-9_]+\.[a-z0-9_]+(?:\["[a-z-]+"\])?)(?:\.[a-z_]+)?'/g)].map((m) => m[1]!);
      expect(named.length).toBeGreaterThanOrEqual(6);
      expect(named.filter((a) => !addresses.has(a))).toEqual([]);
      const read = [...runbook.matchAll(/terraform -chdir=terraform output (?:-json |-raw )?([a-z_]+)/g)].map((m) => m[1]!);
      expect(new Set(read)).toEqual(new Set(['backup', 'instance_ids', 'env_bucket', 'env_files_kms_key_arn']));
      expect(read.filter((o) => !outputs.includes(o))).toEqual([]);
      // the outputs the prose names
      for (const o of ['database_bootstrap']) expect(outputs).toContain(o);
      // addresses of the prose (backticked) exist too
      for (const a of ['module.iam.aws_iam_role_policy.database_connect["prod-api"]', 'module.iam.aws_iam_role_policy.database_connect["prod-ai-agent"]']) expect(addresses, a).toContain(a);
    });

    it('the backup output names the vault and the role the runbook uses', () => {
      const vault = live.resources.find((r) => r.address === 'aws_backup_vault.this[0]');
      const role = live.resources.find((r) => r.address === 'aws_iam_role.backup[0]');
      expect(vault?.values.name).toBe('dolbom-backups');
      expect(role?.values.name).toBe('dolbom-backup');
      expect(runbook).toMatch(/output -json backup \| jq -r \.vault_name/);
      expect(runbook).toMatch(/output -json backup \| jq -r \.role_arn/);
    });
  });

  it('every var file and script exists, and every script option is one the script takes', () => {
    for (const m of runbook.matchAll(/-var-file=(envs\/[a-z]+\.tfvars)/g)) expect(existsSync(join(stackDir, m[1]!)), m[1]).toBe(true);
    const scripts = [...shellLines.join('\n').matchAll(/(scripts\/[a-z-]+\.sh)((?:[ \t]+[^\s;|&]+)*)/g)];
    expect(scripts.length).toBeGreaterThanOrEqual(6);
    for (const [, script, args] of scripts) {
      const file = join(repoRoot, script!);
      expect(existsSync(file), script).toBe(true);
      const usage = /usage:[^\n]*/.exec(readFileSync(file, 'utf8'))?.[0] ?? '';
      for (const opt of args!.match(/--[a-z-]+/g) ?? []) expect(usage, `${script} ${opt}`).toContain(opt);
    }
    for (const doc of ['docs/stack.md', 'docs/host.md', 'terraform/README.md', 'terraform/backup.tf']) expect(existsSync(join(repoRoot, doc)), doc).toBe(true);
  });
});
