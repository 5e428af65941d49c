/**
 * `stackcheck check` end to end: the real stack passes with report files written; injecting a
 * violation into a temporary copy of the stack makes it exit 1 with the finding at the injected
 * file:line; a real plan with violations exits 1; bad input exits 2.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { corpusAvailable, corpusDir, corpusSkipReason, repoRoot } from '../helpers/paths.js';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, cwd, isTTY: false });
  return { code, stdout, stderr };
}

/** A throw-away copy of what `check terraform` reads: the stack, user-data, intents, suppressions. */
function copyOfStack(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stackcheck-inject-'));
  for (const p of ['terraform', 'user-data', join('.stackcheck', 'intents.yaml'), join('.stackcheck', 'suppressions.yaml'), '.stackcheck.yaml', 'package.json']) {
    if (existsSync(join(repoRoot, p))) cpSync(join(repoRoot, p), join(dir, p), { recursive: true });
  }
  return dir;
}

/** Replace `from` by `to` in a file of the copy; returns the 1-based line of the change. */
function inject(dir: string, file: string, from: string, to: string): number {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  const at = text.indexOf(from);
  if (at < 0) throw new Error(`${file} no longer contains ${from}: update the injection test`);
  writeFileSync(path, text.slice(0, at) + to + text.slice(at + from.length));
  return text.slice(0, at).split('\n').length;
}

/** Append a block; returns the line of the first line of `block` that contains `marker`. */
function append(dir: string, file: string, block: string, marker: string): number {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, `${text.replace(/\n*$/, '\n')}\n${block}`);
  const before = `${text.replace(/\n*$/, '\n')}\n`.split('\n').length - 1;
  return before + block.split('\n').findIndex((l) => l.includes(marker)) + 1;
}

interface JsonReport {
  runs: { deployment: string; results: { checkId: string; verdict: string; findings: { verdict: string; suppressed?: unknown; location?: { file: string; line: number } }[] }[] }[];
}

function failingAt(dir: string, checkId: string): string[] {
  const doc = JSON.parse(readFileSync(join(dir, 'reports', 'test-plan.json'), 'utf8')) as JsonReport;
  return doc.runs.flatMap((r) =>
    r.results
      .filter((x) => x.checkId === checkId)
      .flatMap((x) => x.findings.filter((f) => f.verdict === 'fail' && !f.suppressed).map((f) => `${r.deployment} ${f.location?.file}:${f.location?.line}`)),
  );
}

describe('stackcheck check on our stack', () => {
  it('passes every error-severity check on every deployment and writes the three report files', async () => {
    const dir = copyOfStack();
    const out = await run(['check', 'terraform'], dir);
    expect(out.stderr).toBe('');
    expect(out.code, out.stdout).toBe(0);
    expect(out.stdout.trimEnd().split('\n').pop()).toMatch(/^\d+ passed, 0 failed$/);
    for (const ext of ['json', 'xml', 'sarif']) expect(existsSync(join(dir, 'reports', `test-plan.${ext}`))).toBe(true);
    const doc = JSON.parse(readFileSync(join(dir, 'reports', 'test-plan.json'), 'utf8')) as JsonReport;
    expect(doc.runs.map((r) => r.deployment)).toEqual(['ephemeral', 'live']);
  });
});

describe('injected violations fail at the injected file:line', () => {
  const cases: { id: string; apply: (dir: string) => { file: string; line: number } }[] = [
    {
      id: 'NET-008',
      apply: (dir) => {
        const file = 'terraform/security-groups.tf';
        const block = [
          'resource "aws_vpc_security_group_ingress_rule" "injected_ssh" {',
          '  security_group_id = aws_security_group.this["staging-api"].id',
          '  cidr_ipv4         = "10.0.0.0/8"',
          '  ip_protocol       = "tcp"',
          '  from_port         = 22',
          '  to_port           = 22',
          '}',
          '',
        ].join('\n');
        return { file, line: append(dir, file, block, 'from_port') };
      },
    },
    {
      id: 'CMP-001',
      apply: (dir) => ({ file: 'terraform/modules/ec2/main.tf', line: inject(dir, 'terraform/modules/ec2/main.tf', 'http_tokens   = "required"', 'http_tokens   = "optional"') }),
    },
    {
      id: 'LB-004',
      apply: (dir) => ({ file: 'terraform/modules/alb/main.tf', line: inject(dir, 'terraform/modules/alb/main.tf', 'drop_invalid_header_fields = true', 'drop_invalid_header_fields = false') }),
    },
    {
      id: 'DATA-001',
      apply: (dir) => ({ file: 'terraform/modules/rds/main.tf', line: inject(dir, 'terraform/modules/rds/main.tf', 'storage_encrypted     = true', 'storage_encrypted     = false') }),
    },
    {
      id: 'IAM-001',
      apply: (dir) => {
        const file = 'terraform/main.tf';
        const block = [
          'resource "aws_iam_policy" "injected_admin" {',
          '  name   = "injected-admin"',
          '  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })',
          '  tags   = { Environment = "shared" }',
          '}',
          '',
        ].join('\n');
        return { file, line: append(dir, file, block, 'policy =') };
      },
    },
  ];

  it.each(cases)('$id', async ({ id, apply }) => {
    const dir = copyOfStack();
    const { file, line } = apply(dir);
    // One deployment is enough to locate the injection (and halves the time); the full run is above.
    const out = await run(['check', 'terraform', '--var-file', 'terraform/envs/live.tfvars', '--format', 'json'], dir);
    expect(out.stderr).toBe('');
    expect(out.code, out.stdout).toBe(1);
    const where = failingAt(dir, id);
    expect(where.length).toBeGreaterThan(0);
    expect(new Set(where.map((w) => w.split(' ')[1]))).toEqual(new Set([`${file}:${line}`]));
  });
});

describe.skipIf(!corpusAvailable)(`stackcheck check --plan-json ${corpusAvailable ? '' : `(skipped: ${corpusSkipReason})`}`, () => {
  const goof = join(corpusDir, 'snyk-labs__terraform-goof@1f94be8', 'tfplan.json');

  it('exits 1 on a real plan with violations; PLAN_JSON does the same', async () => {
    const dir = copyOfStack(); // the intents checker reads .stackcheck/intents.yaml under the working directory
    const out = await run(['check', '--plan-json', goof, '--format', 'terminal', '--format', 'sarif'], dir);
    expect(out.code, out.stderr).toBe(1);
    expect(out.stdout).toContain('module.vpc.aws_security_group.allow_ssh');
    const sarif = JSON.parse(readFileSync(join(dir, 'reports', 'test-plan.sarif'), 'utf8'));
    expect(sarif.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'NET-001')).toBe(true);
    const viaEnv = await run(['check', '--format', 'json', '--out', ''], dir, { PLAN_JSON: goof });
    expect(viaEnv.code).toBe(1);
  });
});

describe('a loader error fails the run as a check (LOAD-001)', () => {
  it('1. an errored plan is a failing LOAD-001 check: counted in the closing line, the JSON report and the exit code', async () => {
    const dir = copyOfStack();
    const plan = { format_version: '1.2', terraform_version: '1.11.4', errored: true, planned_values: { root_module: {} }, configuration: { root_module: {} } };
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
    const out = await run(['check', '--plan-json', 'plan.json', '--format', 'terminal', '--format', 'json'], dir);
    expect(out.code, out.stderr).toBe(1);
    expect(out.stdout).toMatch(/^  FAIL  error    LOAD-001  .*terraform reported this plan as errored/m);
    expect(out.stdout).toContain('terraform reported this plan as errored');
    const doc = JSON.parse(readFileSync(join(dir, 'reports', 'test-plan.json'), 'utf8')) as JsonReport & { summary: { failed: number; errorSeverityFailures: number } };
    expect(doc.runs[0].results.find((r) => r.checkId === 'LOAD-001')?.verdict).toBe('fail');
    const closing = /^(\d+) passed, (\d+) failed$/.exec(out.stdout.trimEnd().split('\n').pop()!)!;
    expect(Number(closing[2])).toBe(doc.summary.failed);
    expect(doc.summary.errorSeverityFailures).toBeGreaterThan(0);
  });
});

describe('bad input exits 2 with one clear line', () => {
  it.each([
    [['check', 'no-such-dir'], /no-such-dir: not a directory/],
    [['check', 'terraform', '--format', 'pdf'], /unknown --format 'pdf'/],
    [['check', '--plan-json', 'missing.json'], /missing\.json: no such plan file/],
    [['check', '--bogus'], /Unknown option '--bogus'/],
  ])('%j', async (args, message) => {
    const out = await run(args as string[], repoRoot);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message as RegExp);
  });

  it('a malformed plan JSON names the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackcheck-bad-'));
    writeFileSync(join(dir, 'plan.json'), '{"format_version": ');
    const out = await run(['check', '--plan-json', 'plan.json', '--out', ''], dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('plan.json');
  });
});
