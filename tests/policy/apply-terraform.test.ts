/**
 * The aws-apply fixtures under the real terraform and the offline hashicorp/aws mirror: every
 * fixture becomes a module of one root, `terraform plan` (fake credentials, no AWS call) judges
 * them, and the test asserts it agrees with the pack: every passing fixture is accepted; a failing fixture is rejected by the
 * provider exactly when its first line says so — `# provider-rejects: <message>` when the
 * provider's argument validation refuses it (the first plan, which validates first), or
 * `# provider-rejects-at-plan: <message>` when only its plan-time checks do (a plan of the fixtures
 * that validated); the others are what only the pack sees before apply. A rule is marked
 * `providerValidates` exactly when one of its failing fixtures is rejected. Fixtures using
 * hashicorp/random are left out: that provider is not in the mirror (its domains are tested in
 * tests/model/domains.test.ts). Skips, saying why, without terraform or the mirror.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPack } from '../../src/policy/packs/apply.js';
import { mirror } from '../load/plan-diff/offline-stack.js';
import { fixturesDir } from './helpers.js';

const run = promisify(execFile);
const dir = join(fixturesDir, 'apply');
const haveTerraform = await run('terraform', ['version']).then(() => true, () => false);
const available = haveTerraform && existsSync(mirror);
const skipReason = !haveTerraform ? 'terraform is not on PATH' : `the provider mirror ${mirror} is absent`;

interface Case {
  rule: string;
  name: string;
  module: string;
  /** The fixture says the provider rejects it: at validate (argument validation) or only at plan (the provider's plan-time checks). */
  providerRejects?: 'validate' | 'plan';
}

const cases: Case[] = [];
const skippedRandom: string[] = [];
for (const rule of applyPack.rules) {
  if (!existsSync(join(dir, rule.id))) continue;
  for (const name of readdirSync(join(dir, rule.id))) {
    const text = readFileSync(join(dir, rule.id, name, 'main.tf'), 'utf8');
    if (/resource\s+"random_/.test(text)) skippedRandom.push(`${rule.id}/${name}`);
    else cases.push({ rule: rule.id, name, module: `${rule.id}_${name}`.replace(/[^A-Za-z0-9_]/g, '_'), providerRejects: text.startsWith('# provider-rejects:') ? 'validate' : text.startsWith('# provider-rejects-at-plan:') ? 'plan' : undefined });
  }
}

describe.skipIf(!available)(`aws-apply fixtures under terraform validate ${available ? '' : `(skipped: ${skipReason})`}`, () => {
  let work = '';
  /** Module → 'validate' (rejected by the first plan, which validates first) or 'plan' (rejected only once planned). */
  const rejected = new Map<string, 'validate' | 'plan'>();

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'apl-tf-'));
    const calls: string[] = [];
    for (const c of cases) {
      cpSync(join(dir, c.rule, c.name), join(work, c.module), { recursive: true });
      writeFileSync(join(work, c.module, 'versions.tf'), 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n');
      calls.push(`module "${c.module}" {\n  source = "./${c.module}"\n}\n`);
    }
    // Fake credentials and no account look-up: a plan of these fixtures makes no AWS call.
    const provider =
      'provider "aws" {\n  region                      = "ap-northeast-2"\n  access_key                  = "AKIAFAKEFAKEFAKEFAKE"\n  secret_key                  = "fake"\n  skip_credentials_validation = true\n  skip_requesting_account_id  = true\n  skip_metadata_api_check     = true\n}\n';
    writeFileSync(join(work, 'versions.tf'), 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = ">= 5.100" }\n  }\n}\n');
    const rc = join(work, '.terraformrc');
    writeFileSync(rc, `provider_installation {\n  filesystem_mirror {\n    path    = "${mirror}"\n    include = ["registry.terraform.io/*/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }\n}\n`);
    const env = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: rc };
    writeFileSync(join(work, 'main.tf'), calls.join('\n') + provider);
    await run('terraform', ['init', '-input=false', '-no-color', '-backend=false'], { cwd: work, env });
    // A plan stops at validation errors before the provider plans anything (its plan-time checks),
    // so plan again without the modules already rejected, until a plan adds no rejection.
    for (let round = 0; round < 4; round++) {
      const live = cases.filter((c) => !rejected.has(c.module));
      writeFileSync(join(work, 'main.tf'), live.map((c) => `module "${c.module}" {\n  source = "./${c.module}"\n}\n`).join('\n') + provider);
      const out = await run('terraform', ['plan', '-json', '-no-color', '-input=false', '-refresh=false', '-lock=false'], { cwd: work, env, maxBuffer: 64 << 20 }).then(
        (r) => r.stdout,
        (e: { stdout?: string }) => e.stdout ?? '',
      );
      type Diag = { severity: string; summary: string; range?: { filename: string }; address?: string };
      const diagnostics = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { type?: string; diagnostic?: Diag })
        .flatMap((m) => (m.type === 'diagnostic' && m.diagnostic ? [m.diagnostic] : []));
      const before = rejected.size;
      for (const d of diagnostics) {
        if (d.severity !== 'error') continue;
        const module = d.range?.filename.split('/')[0] ?? /^module\.([\w]+)\./.exec(d.address ?? '')?.[1];
        if (!module || !cases.some((c) => c.module === module)) throw new Error(`an error outside the fixtures: ${d.summary} (${d.range?.filename ?? d.address})`);
        if (!rejected.has(module)) rejected.set(module, round === 0 ? 'validate' : 'plan');
      }
      if (rejected.size === before) break;
    }
  }, 240_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('leaves out only the fixtures that need hashicorp/random (absent from the mirror)', () => {
    expect(skippedRandom.every((s) => /^APL-EC-00[12]\//.test(s))).toBe(true);
  });

  it.each(applyPack.rules.map((r) => [r.id, r.providerValidates === true] as const))('%s (provider validates: %s) agrees with terraform', (id, validates) => {
    const mine = cases.filter((c) => c.rule === id);
    for (const c of mine.filter((x) => x.name === 'pass')) expect(rejected.has(c.module), `${id}/pass is accepted`).toBe(false);
    for (const c of mine.filter((x) => x.name.startsWith('fail-'))) expect(rejected.get(c.module), `${id}/${c.name} rejected by the provider`).toBe(c.providerRejects);
    if (mine.some((c) => c.name.startsWith('fail-'))) expect(mine.some((c) => c.providerRejects), `${id} providerValidates`).toBe(validates);
  });
});
