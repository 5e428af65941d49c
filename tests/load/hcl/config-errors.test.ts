import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { loadHcl } from '../../../src/load/hcl/index.js';

function stack(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hcl-err-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function failure(files: Record<string, string>): Promise<UserError> {
  try {
    await loadHcl({ dir: stack(files) });
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('bad configuration is one clear error at file:line', () => {
  it('a declaration made twice names both places', async () => {
    const e = await failure({ 'a.tf': 'resource "terraform_data" "x" {}\n', 'b.tf': '\n\nresource "terraform_data" "x" {}\n' });
    expect(e.message).toMatch(/^Duplicate resource "terraform_data\.x": it was already declared at .*a\.tf:1$/);
    expect(e.location).toMatchObject({ line: 3 });
    expect(e.location?.file).toMatch(/b\.tf$/);
  });

  it('an unsupported top-level block', async () => {
    const e = await failure({ 'main.tf': '\nwhatever "x" {\n}\n' });
    expect(e.format()).toMatch(/main\.tf:2:1: Unsupported block type "whatever"$/);
  });

  it('a module source that is not a literal, and an output without value', async () => {
    const src = await failure({ 'main.tf': 'variable "s" {\n  default = "./m"\n}\nmodule "m" {\n  source = var.s\n}\n' });
    expect(src.message).toMatch(/Module "m" needs a literal "source"/);
    expect(src.location?.line).toBe(5);
    const out = await failure({ 'main.tf': 'output "o" {\n  description = "nothing"\n}\n' });
    expect(out.message).toMatch(/Output "o" has no "value"/);
  });

  it('a syntax error is reported by HashiCorp’s parser at its line', async () => {
    const e = await failure({ 'main.tf': 'locals {\n  a = 1\n  b = [1,\n}\n' });
    expect(e.location?.file).toMatch(/main\.tf$/);
    expect(e.location?.line).toBeGreaterThanOrEqual(3);
  });

  it('a missing module directory names the call', async () => {
    const e = await failure({ 'main.tf': 'module "gone" {\n  source = "./nowhere"\n}\n' });
    expect(e.message).toMatch(/^Module "gone": source "\.\/nowhere" is not a directory/);
    expect(e.location?.line).toBe(2);
  });

  it('JSON and override files are reported as not evaluated, not silently skipped', async () => {
    const dir = stack({ 'main.tf': 'locals {\n  a = 1\n}\n', 'extra.tf.json': '{"locals": {"b": 2}}', 'x_override.tf': 'locals {\n  a = 2\n}\n' });
    const m = await loadHcl({ dir });
    expect(m.diagnostics.map((d) => [d.severity, d.message])).toEqual([
      ['warning', 'JSON configuration file extra.tf.json is not evaluated'],
      ['warning', 'override file x_override.tf is not applied by the static evaluator'],
    ]);
  });
});
