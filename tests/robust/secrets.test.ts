/**
 * No secret in any output: marker strings planted in every kind of secret (a sensitive variable's
 * default and its tfvars value, a literal password / auth_token / secret_string, an SSM parameter
 * fed by a sensitive variable, a random_password result and bcrypt hash in a real-shaped plan)
 * must not appear in what any command prints or writes (terminal, JSON, JUnit, SARIF, HTML,
 * model, plan-json, reach, diff, validate), nor in an error message that quotes a value it could
 * not use, while the plan keeps terraform's sensitive marking.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { repoRoot } from '../helpers/paths.js';

const stack = join(repoRoot, 'tests/fixtures/secrets/stack');
const vars = ['--var-file', join(stack, 'secrets.tfvars')];
const plan = join(repoRoot, 'tests/fixtures/secrets/plan.json');
const MARKER = /MARKER-[A-Z-]+-[0-9a-f]{4}/g;

async function run(argv: string[]) {
  let out = '';
  const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t), env: {}, cwd: repoRoot, isTTY: false };
  const code = await main(argv, io);
  return { code, out };
}

function writtenFiles(dir: string): string {
  return readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
}

describe('no secret in any output', () => {
  it('the fixtures do plant every kind of marker', () => {
    const planted = new Set([...readFileSync(join(stack, 'main.tf'), 'utf8').matchAll(MARKER), ...readFileSync(plan, 'utf8').matchAll(MARKER)].map((m) => m[0]));
    expect(planted.size).toBeGreaterThanOrEqual(7);
  });

  const out = () => mkdtempSync(join(tmpdir(), 'stackcheck-secrets-'));
  const formats = ['--format', 'terminal', '--format', 'json', '--format', 'junit', '--format', 'sarif', '--format', 'html'];
  const cases: [string, () => string[], boolean][] = [
    ['check (HCL): terminal + every report file', () => ['check', stack, ...vars, '--out', (outDir = out()), ...formats], true],
    ['check --plan-json: terminal + every report file', () => ['check', '--plan-json', plan, '--out', (outDir = out()), ...formats], true],
    ['model (HCL)', () => ['model', stack, ...vars], false],
    ['model --json (HCL)', () => ['model', stack, ...vars, '--json'], false],
    ['model --plan-json', () => ['model', '--plan-json', plan], false],
    ['model --plan-json --json', () => ['model', '--plan-json', plan, '--json'], false],
    ['plan-json', () => ['plan-json', stack, ...vars], false],
    ['reach --matrix --json', () => ['reach', stack, ...vars, '--matrix', '--json'], false],
    ['reach --plan-json --matrix', () => ['reach', '--plan-json', plan, '--matrix'], false],
    ['diff --json', () => ['diff', stack, '--plan-json', plan, ...vars, '--json', '--verbose'], false],
    ['diff', () => ['diff', stack, '--plan-json', plan, ...vars, '--verbose'], false],
    ['validate', () => ['validate', stack], false],
  ];
  let outDir = '';
  for (const [name, argv, writes] of cases) {
    it(name, async () => {
      const r = await run(argv());
      expect(r.out, r.out).not.toContain('internal error');
      expect([0, 1]).toContain(r.code);
      expect(r.out.match(MARKER) ?? []).toEqual([]);
      if (writes) expect(writtenFiles(outDir).match(MARKER) ?? []).toEqual([]);
    });
  }

  describe('an error that quotes the value it could not use never quotes a sensitive one', () => {
    const variable = (type: string) => `variable "pw" {\n  type      = ${type}\n  sensitive = true\n  default   = "MARKER-SENSITIVE-DEFAULT-1a2b"\n}\n`;
    const cases: [string, string, string[]][] = [
      ['a sensitive value where a count is expected', `${variable('string')}\nresource "aws_instance" "i" {\n  count = var.pw\n}\n`, []],
      ['a validation message interpolating it', variable('string').replace('}\n', '  validation {\n    condition     = length(var.pw) > 100\n    error_message = "too short: ${var.pw}"\n  }\n}\n'), []],
      ['a tfvars value of the wrong type', variable('number').replace(/  default .*\n/, ''), ['--var-file', 'x.tfvars']],
      ['a -var value of the wrong type', variable('number').replace(/  default .*\n/, ''), ['--var', 'pw=MARKER-SENSITIVE-CLI-3c4d']],
      ['a local built from it, used as a number', `${variable('string')}\nlocals {\n  n = "x-\${var.pw}" + 1\n}\n\noutput "n" {\n  value = local.n\n}\n`, []],
    ];
    for (const [name, text, extra] of cases) {
      for (const command of ['model', 'check']) {
        it(`${command}: ${name}`, async () => {
          const dir = out();
          writeFileSync(join(dir, 'main.tf'), text);
          writeFileSync(join(dir, 'x.tfvars'), 'pw = "MARKER-SENSITIVE-TFVARS-5e6f"\n');
          const argv = [command, dir, ...extra.map((a) => a.replace('x.tfvars', join(dir, 'x.tfvars'))), ...(command === 'check' ? ['--out', ''] : [])];
          const r = await run(argv);
          expect(r.code, r.out).toBe(2);
          expect(r.out).toContain('(sensitive value)');
          expect(r.out.match(MARKER) ?? []).toEqual([]);
        });
      }
    }
  });

  it('plan-json keeps the sensitive marking where it redacts', async () => {
    const r = await run(['plan-json', stack, ...vars]);
    const doc = JSON.parse(r.out);
    const db = doc.resource_changes.find((c: { address: string }) => c.address === 'aws_db_instance.db');
    expect(db.change.after.password).toBe('(sensitive value)');
    expect(db.change.after_sensitive.password).toBe(true);
    const redis = doc.planned_values.root_module.resources.find((c: { address: string }) => c.address === 'aws_elasticache_replication_group.redis');
    expect(redis.sensitive_values.auth_token).toBe(true);
  });
});
