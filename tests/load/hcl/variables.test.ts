import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { loadHcl } from '../../../src/load/hcl/index.js';

/** A throw-away root module from file name → content. */
function stack(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hcl-vars-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function userError(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

const declare = `
variable "v" {
  type    = string
  default = "default"
}
output "v" {
  value = var.v
}
`;

describe('variable precedence (terraform order)', () => {
  const layers = async (files: Record<string, string>, opts: { env?: boolean; varFile?: boolean; cli?: boolean }) => {
    const dir = stack({ 'main.tf': declare, 'extra.tfvars': 'v = "var-file"\n', ...files });
    const m = await loadHcl({
      dir,
      env: opts.env ? { TF_VAR_v: 'env' } : {},
      varFiles: opts.varFile ? [join(dir, 'extra.tfvars')] : [],
      vars: opts.cli ? { v: 'cli' } : {},
    });
    return m.outputs.v.value;
  };

  it('default < TF_VAR_ < terraform.tfvars < *.auto.tfvars (lexical) < -var-file < -var', async () => {
    expect(await layers({}, {})).toBe('default');
    expect(await layers({}, { env: true })).toBe('env');
    expect(await layers({ 'terraform.tfvars': 'v = "tfvars"\n' }, { env: true })).toBe('tfvars');
    expect(await layers({ 'terraform.tfvars': 'v = "tfvars"\n', 'terraform.tfvars.json': '{"v": "tfvars-json"}' }, {})).toBe('tfvars-json');
    expect(await layers({ 'terraform.tfvars': 'v = "tfvars"\n', 'a.auto.tfvars': 'v = "a"\n', 'b.auto.tfvars': 'v = "b"\n' }, {})).toBe('b');
    expect(await layers({ 'b.auto.tfvars': 'v = "b"\n' }, { varFile: true })).toBe('var-file');
    expect(await layers({ 'b.auto.tfvars': 'v = "b"\n' }, { varFile: true, cli: true, env: true })).toBe('cli');
  });

  it('finds a relative -var-file in the working directory, else in the root module (terraform -chdir)', async () => {
    const dir = stack({ 'main.tf': declare, 'envs/x.tfvars': 'v = "from-envs"\n' });
    expect((await loadHcl({ dir, varFiles: ['envs/x.tfvars'] })).outputs.v.value).toBe('from-envs');
    await expect(loadHcl({ dir, varFiles: ['envs/missing.tfvars'] })).rejects.toThrow(/missing\.tfvars/);
  });

  it('never reads process.env implicitly', async () => {
    process.env.TF_VAR_v = 'from-process';
    try {
      const m = await loadHcl({ dir: stack({ 'main.tf': declare }) });
      expect(m.outputs.v.value).toBe('default');
    } finally {
      delete process.env.TF_VAR_v;
    }
  });

  it('parses -var literally for primitive types and as HCL for complex ones', async () => {
    const dir = stack({
      'main.tf': `
variable "s" { type = string }
variable "n" { type = number }
variable "l" { type = list(string) }
variable "o" {
  type = object({ a = number, b = optional(string, "dflt") })
}
variable "untyped" {}
variable "any" {
  type = any
}
output "all" {
  value = [var.s, var.n, var.l, var.o, var.untyped, var.any]
}
`,
    });
    const m = await loadHcl({
      dir,
      vars: { s: '["not", "a list"]', n: '42', l: '["x", "y"]', o: '{ a = 1 }', untyped: '[1]', any: '[1]' },
    });
    expect(m.outputs.all.value).toEqual(['["not", "a list"]', 42, ['x', 'y'], { a: 1, b: 'dflt' }, '[1]', [1]]);
    const e = await userError(loadHcl({ dir, vars: { s: 'a', n: 'many', l: '[]', o: '{ a = 1 }', untyped: '', any: '1' } }));
    expect(e.format()).toBe('Invalid value for variable "n" (from -var n): number required, got string "many"');
    const json = stack({ 'main.tf': 'variable "m" {\n  type = map(number)\n}\noutput "m" {\n  value = var.m\n}\n', 'x.tfvars.json': '{"m": {"a": 1, "b": "2"}}' });
    expect((await loadHcl({ dir: json, varFiles: [join(json, 'x.tfvars.json')] })).outputs.m.value).toEqual({ a: 1, b: 2 });
  });

  it('keeps ${ in .tfvars.json values literal', async () => {
    const dir = stack({ 'main.tf': declare, 'x.tfvars.json': '{"v": "${not.interpolated}"}' });
    expect((await loadHcl({ dir, varFiles: [join(dir, 'x.tfvars.json')] })).outputs.v.value).toBe('${not.interpolated}');
  });
});

describe('variable errors name the variable, the file and the line', () => {
  it('a missing required variable', async () => {
    const dir = stack({ 'main.tf': '\nvariable "region" {\n  type = string\n}\n' });
    const e = await userError(loadHcl({ dir }));
    expect(e.message).toMatch(/No value for required variable "region"/);
    expect(e.location).toMatchObject({ file: join(dir, 'main.tf'), line: 2 });
  });

  it('a failing validation block gives its error_message at the condition line', async () => {
    const dir = stack({
      'main.tf': `variable "cidr" {
  type = string
  validation {
    condition     = can(cidrhost(var.cidr, 0))
    error_message = "cidr must be an IPv4 CIDR block, got \${var.cidr}."
  }
}
`,
    });
    const e = await userError(loadHcl({ dir, vars: { cidr: 'banana' } }));
    expect(e.message).toBe('Invalid value for variable "cidr": cidr must be an IPv4 CIDR block, got banana.');
    expect(e.location).toMatchObject({ file: join(dir, 'main.tf'), line: 4 });
  });

  it('cross-variable validation (terraform >= 1.9) sees the other variables', async () => {
    const dir = stack({
      'main.tf': `variable "azs" {
  type = list(string)
}
variable "compute_azs" {
  type = list(string)
  validation {
    condition     = alltrue([for az in var.compute_azs : contains(var.azs, az)])
    error_message = "every compute AZ must be one of azs"
  }
}
`,
    });
    await expect(loadHcl({ dir, vars: { azs: '["a", "b"]', compute_azs: '["a"]' } })).resolves.toBeDefined();
    const e = await userError(loadHcl({ dir, vars: { azs: '["a", "b"]', compute_azs: '["c"]' } }));
    expect(e.message).toMatch(/every compute AZ/);
  });

  it('a value of the wrong type names where it came from', async () => {
    const dir = stack({ 'main.tf': 'variable "n" {\n  type = number\n}\n', 'bad.tfvars': '\nn = "many"\n' });
    const e = await userError(loadHcl({ dir, varFiles: [join(dir, 'bad.tfvars')] }));
    expect(e.message).toMatch(/Invalid value for variable "n".*number required/);
    expect(e.location).toMatchObject({ file: join(dir, 'bad.tfvars'), line: 2 });
  });

  it('null for a non-nullable variable; null for a nullable one replaces the default', async () => {
    const dir = stack({
      'main.tf': `variable "a" {
  type     = string
  default  = "x"
  nullable = false
}
variable "b" {
  type    = string
  default = "y"
}
output "ab" {
  value = [var.a, var.b]
}
`,
      'n.tfvars': 'a = null\nb = null\n',
    });
    expect((await loadHcl({ dir, varFiles: [join(dir, 'n.tfvars')] })).outputs.ab.value).toEqual(['x', null]);
  });

  it('an undeclared -var is an error; an undeclared tfvars entry a warning', async () => {
    const dir = stack({ 'main.tf': declare, 'x.tfvars': 'nope = 1\n' });
    expect((await userError(loadHcl({ dir, vars: { nope: '1' } }))).message).toMatch(/undeclared variable "nope"/);
    const m = await loadHcl({ dir, varFiles: [join(dir, 'x.tfvars')] });
    expect(m.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/undeclared variable "nope"/) })]);
  });

  it('a syntax error in a tfvars file names its line', async () => {
    const dir = stack({ 'main.tf': declare, 'x.tfvars': 'v = "ok"\nv2 = [1,\n' });
    const e = await userError(loadHcl({ dir, varFiles: [join(dir, 'x.tfvars')] }));
    expect(e.location?.file).toBe(join(dir, 'x.tfvars'));
    expect(e.location?.line).toBeGreaterThanOrEqual(2);
  });
});
