/**
 * The project config and `check` outside this repository: from a fresh temp directory with no
 * config, `check <dir>` runs the general packs with the generic intents and never a rule of our
 * contract; a `.stackcheck.yaml` is found at the checked directory or an ancestor (or given with
 * --config) and decides packs, severities, deployments, intents, suppressions and outputs; a wrong
 * config is one line naming file:line, exit 2.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { dolbomPack } from '../../src/policy/packs/dolbom.js';

async function run(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd, isTTY: false });
  return { code, stdout, stderr };
}

interface JsonReport {
  runs: { deployment: string; results: { checkId: string; severity: string; verdict: string; findings: { verdict: string; message: string; location?: { file: string; line: number } }[] }[] }[];
}

const report = (dir: string, out = 'reports') => JSON.parse(readFileSync(join(dir, out, 'test-plan.json'), 'utf8')) as JsonReport;

/** A small stack of another team: a world-open SSH group, an untagged bucket, a public RDS. */
const STACK = `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

provider "aws" {
  region = "eu-west-1"
}

variable "name" {
  type    = string
  default = "shop"
}

resource "aws_vpc" "main" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_security_group" "bastion" {
  name   = "\${var.name}-bastion"
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`;

function team(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'stackcheck-anywhere-'));
  mkdirSync(join(dir, 'infra'), { recursive: true });
  writeFileSync(join(dir, 'infra', 'main.tf'), STACK);
  for (const [f, t] of Object.entries(files)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), t);
  }
  return dir;
}

const dolbomIds = new Set(dolbomPack.rules.map((r) => r.id));

describe('check without a project config, in a directory outside the repository', () => {
  it('1. runs the general pack and the generic intents: the world-open SSH fails NET-001 at its line and the generic admin-port intent, no dolbom rule runs', async () => {
    const dir = team();
    const out = await run(['check', 'infra', '--format', 'terminal', '--format', 'json'], dir);
    expect(out.stderr).toBe('');
    expect(out.code, out.stdout).toBe(1);
    const doc = report(dir);
    expect(doc.runs.map((r) => r.deployment)).toEqual(['default']);
    const results = doc.runs[0].results;
    expect(results.filter((r) => dolbomIds.has(r.checkId))).toEqual([]);
    const net = results.find((r) => r.checkId === 'NET-001')!;
    expect(net.findings.filter((f) => f.verdict === 'fail').map((f) => `${f.location?.file}:${f.location?.line}`)).toEqual(['infra/main.tf:27']);
    expect(results.map((r) => r.checkId)).toEqual(expect.arrayContaining(['generic:internet-no-admin-ports', 'generic:internet-no-data-store']));
    expect(out.stdout).toMatch(/\d+ passed, \d+ failed/);
  });

  it('2. one deployment per envs/*.tfvars when envs/ exists', async () => {
    const dir = team({ 'infra/envs/dev.tfvars': 'name = "dev"\n', 'infra/envs/prod.tfvars': 'name = "prod"\n' });
    const out = await run(['check', 'infra', '--format', 'json'], dir);
    expect(out.stderr).toBe('');
    expect(report(dir).runs.map((r) => r.deployment)).toEqual(['dev', 'prod']);
  });

  it('3. the current directory is the default root module', async () => {
    const dir = team();
    const out = await run(['check', '--format', 'json', '--out', 'r'], join(dir, 'infra'));
    expect(out.stderr).toBe('');
    expect(report(join(dir, 'infra'), 'r').runs[0].results.some((r) => r.checkId === 'NET-001' && r.verdict === 'fail')).toBe(true);
  });
});

describe('a project config', () => {
  it('1. found in an ancestor of the checked directory: packs, severity override, deployments with vars, intents, suppressions, output dir', async () => {
    const dir = team({
      '.stackcheck.yaml': [
        'version: 1',
        'packs: [aws, dolbom]',
        'severity:',
        '  NET-001: warning',
        'deployments:',
        '  - name: dev',
        '    var_files: [infra/dev.tfvars]',
        '  - name: scratch',
        '    vars: { name: scratch }',
        '    ephemeral: true',
        'intents: net/intents.yaml',
        'suppressions: sup.yaml',
        'output:',
        '  formats: [json]',
        '  dir: out',
        '',
      ].join('\n'),
      'infra/dev.tfvars': 'name = "dev"\n',
      'net/intents.yaml': 'version: 1\nintents:\n  - title: nothing reaches SSH\n    expect: deny\n    from: internet\n    to: "*"\n    ports: [22/tcp]\n',
      'sup.yaml': 'suppressions:\n  - rule: TAG-001\n    address: "*"\n    reason: this team tags through its own pipeline\n',
    });
    const out = await run(['check', 'infra'], dir);
    expect(out.stderr).toBe('');
    expect(existsSync(join(dir, 'reports'))).toBe(false);
    const doc = report(dir, 'out');
    expect(doc.runs.map((r) => r.deployment)).toEqual(['dev', 'scratch']);
    const results = doc.runs[0].results;
    expect(results.find((r) => r.checkId === 'NET-001')?.severity).toBe('warning');
    expect(results.some((r) => r.checkId === 'TAG-001')).toBe(true);
    expect(results.find((r) => r.checkId === 'TAG-001')?.verdict).toBe('pass');
    expect(results.some((r) => r.checkId.startsWith('generic:'))).toBe(false);
    // NET-008 (dolbom) fails on SSH from anything; the project's own intent is the only one
    expect(results.find((r) => r.checkId === 'NET-008')?.verdict).toBe('fail');
  });

  it('2. --config names the file explicitly', async () => {
    const dir = team({ 'elsewhere/conf.yaml': 'version: 1\npacks: [dolbom]\n' });
    const out = await run(['check', 'infra', '--config', 'elsewhere/conf.yaml', '--format', 'json'], dir);
    expect(out.stderr).toBe('');
    const ids = report(dir).runs[0].results.map((r) => r.checkId);
    expect(ids).toContain('TAG-001');
    expect(ids).not.toContain('NET-001');
  });

  it.each([
    ['version: 1\npacks: [aws, nope]\n', /\.stackcheck\.yaml:2: config: unknown pack "nope"/],
    ['version: 1\nseverity:\n  TAG-001: warning\n', /\.stackcheck\.yaml:3: config: severity names TAG-001, which is not a rule of the selected packs/],
    ['version: 1\ndeployments:\n  - name: a\n    var_files: [missing.tfvars]\n', /\.stackcheck\.yaml:4: config: missing\.tfvars: no such file/],
    ['version: 1\ndeployments:\n  - name: a\n  - name: a\n', /\.stackcheck\.yaml:4: config: deployment "a" is declared twice/],
    ['version: 1\nbogus: true\n', /\.stackcheck\.yaml:1: config: \/ has an unknown key "bogus"/],
    ['version: 1\noutput:\n  formats: [pdf]\n', /\.stackcheck\.yaml:3: config: unknown --format 'pdf'/],
    ['version: 1\npacks: [aws\n', /\.stackcheck\.yaml:\d+(:\d+)?: not valid YAML/],
  ])('3. bad config %j is one line naming file:line, exit 2', async (text, message) => {
    const dir = team({ '.stackcheck.yaml': text });
    const out = await run(['check', 'infra'], dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, 'reports'))).toBe(false);
  });

  it('4. --config naming a missing file is bad input', async () => {
    const dir = team();
    const out = await run(['check', 'infra', '--config', 'nope.yaml'], dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/nope\.yaml: no such config file/);
  });
});
