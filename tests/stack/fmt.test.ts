/**
 * `stackcheck fmt`: terraform fmt formatting through @cdktf/hcl-tools, module README tables, and the
 * command's exit codes. The comparison with the real `terraform fmt` skips when terraform is absent.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import type { CommandIO } from '../../src/commands/types.js';
import { UserError } from '../../src/errors.js';
import { listHclFiles } from '../../src/fmt/files.js';
import { formatHcl } from '../../src/fmt/format.js';
import { readModuleInterface, renderModuleDocs, replaceBetweenMarkers, updateModuleReadme } from '../../src/fmt/module-docs.js';
import { repoRoot } from '../helpers/paths.js';
import { stackDir, terraformBin } from './helpers.js';

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stackcheck-fmt-'));
  temps.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function runCli(args: string[], cwd = repoRoot) {
  let stdout = '';
  let stderr = '';
  const io: CommandIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd, isTTY: false };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const UNFORMATTED = `resource "aws_instance" "x" {
ami = "ami-1"
    instance_type= "t3.micro"
  tags = {
    Name = "x"
      Role = "api"
  }
}
`;

const FORMATTED = `resource "aws_instance" "x" {
  ami           = "ami-1"
  instance_type = "t3.micro"
  tags = {
    Name = "x"
    Role = "api"
  }
}
`;

describe('formatHcl', () => {
  it('indents and aligns as terraform fmt does', async () => {
    expect(await formatHcl('x.tf', UNFORMATTED)).toBe(FORMATTED);
  });

  it('leaves formatted text unchanged', async () => {
    expect(await formatHcl('x.tf', FORMATTED)).toBe(FORMATTED);
  });

  it('refuses a syntax error with file:line instead of formatting it', async () => {
    const err = await formatHcl('modules/a/main.tf', 'locals {\n  a = \n}\n').catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).format()).toMatch(/^modules\/a\/main\.tf:2:7: Invalid expression/);
  });
});

describe('stackcheck fmt', () => {
  async function fixture(): Promise<string> {
    const dir = await tempDir();
    await mkdir(join(dir, 'envs'), { recursive: true });
    await mkdir(join(dir, '.terraform', 'modules'), { recursive: true });
    await writeFile(join(dir, 'main.tf'), UNFORMATTED);
    await writeFile(join(dir, 'ok.tf'), FORMATTED);
    await writeFile(join(dir, 'envs', 'a.tfvars'), 'a=1\nbbb = 2\n');
    await writeFile(join(dir, '.terraform', 'modules', 'vendored.tf'), UNFORMATTED);
    return dir;
  }

  it('--check lists the files that would change, changes nothing and exits 1; .terraform is skipped', async () => {
    const dir = await fixture();
    const { code, stdout } = await runCli(['fmt', '--check', dir], dir);
    expect(code).toBe(1);
    expect(stdout.trim().split('\n').sort()).toEqual(['envs/a.tfvars', 'main.tf']);
    expect(await readFile(join(dir, 'main.tf'), 'utf8')).toBe(UNFORMATTED);
  });

  it('rewrites in place, after which --check passes', async () => {
    const dir = await fixture();
    expect((await runCli(['fmt', dir], dir)).code).toBe(0);
    expect(await readFile(join(dir, 'main.tf'), 'utf8')).toBe(FORMATTED);
    expect(await readFile(join(dir, 'envs', 'a.tfvars'), 'utf8')).toBe('a   = 1\nbbb = 2\n');
    expect(await readFile(join(dir, '.terraform', 'modules', 'vendored.tf'), 'utf8')).toBe(UNFORMATTED);
    expect((await runCli(['fmt', '--check', dir], dir)).code).toBe(0);
  });

  it('a file that does not parse is exit 2 with file:line, not a stack trace', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'broken.tf'), 'variable "a" {\n  type = \n}\n');
    const { code, stderr } = await runCli(['fmt', '--check', dir], dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^stackcheck fmt: broken\.tf:2:10: Invalid expression.+\n$/);
  });

  it('bad arguments are exit 2 with the usage', async () => {
    expect((await runCli(['fmt'])).code).toBe(2);
    expect((await runCli(['fmt', '--write', 'terraform'])).stderr).toContain('usage: stackcheck fmt');
    expect((await runCli(['fmt', 'no/such/dir'])).code).toBe(2);
  });

  it('the stack itself is formatted and its module READMEs are up to date (what make lint checks)', async () => {
    const { code, stdout, stderr } = await runCli(['fmt', '--check', 'terraform']);
    expect(stdout, stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('module README tables', () => {
  const VARIABLES = `variable "name" {
  type        = string
  description = "Name of <thing>, with a | pipe."
}

variable "ports" {
  type = list(object({
    port = number
  }))
  description = "Ports."
  default     = []
}

variable "token" {
  type        = string
  description = "A secret."
  default     = null
  sensitive   = true
}
`;
  const OUTPUTS = `output "id" {
  description = "The id."
  value       = "x"
}
`;

  async function moduleFixture(readme?: string): Promise<string> {
    const dir = await tempDir();
    await writeFile(join(dir, 'variables.tf'), VARIABLES);
    await writeFile(join(dir, 'outputs.tf'), OUTPUTS);
    if (readme !== undefined) await writeFile(join(dir, 'README.md'), readme);
    return dir;
  }

  it('renders inputs (required, defaults, multi-line types, sensitive, escaped prose) and outputs', async () => {
    const docs = renderModuleDocs(await readModuleInterface(await moduleFixture()));
    const lines = docs.split('\n');
    expect(lines).toContain('| <a name="input_name"></a> [name](#input_name) | Name of &lt;thing&gt;, with a \\| pipe. | `string` | n/a | yes |');
    expect(lines).toContain('| <a name="input_ports"></a> [ports](#input_ports) | Ports. | <pre>list(object({<br/>    port = number<br/>  }))</pre> | `[]` | no |');
    expect(lines).toContain('| <a name="input_token"></a> [token](#input_token) | A secret. (sensitive) | `string` | `null` | no |');
    expect(lines).toContain('| <a name="output_id"></a> [id](#output_id) | The id. |');
    expect(lines.indexOf('## Inputs')).toBeLessThan(lines.indexOf('## Outputs'));
  });

  it('check mode reports a stale README without touching it; write mode regenerates only between the markers', async () => {
    const readme = '# m\n\nProse stays.\n\n<!-- BEGIN_TF_DOCS -->\nold table\n<!-- END_TF_DOCS -->\n\nAfter stays.\n';
    const dir = await moduleFixture(readme);
    expect((await updateModuleReadme(dir, false)).changed).toBe(true);
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toBe(readme);
    expect((await updateModuleReadme(dir, true)).changed).toBe(true);
    const updated = await readFile(join(dir, 'README.md'), 'utf8');
    expect(updated.startsWith('# m\n\nProse stays.\n\n<!-- BEGIN_TF_DOCS -->\n## Inputs\n')).toBe(true);
    expect(updated.endsWith('<!-- END_TF_DOCS -->\n\nAfter stays.\n')).toBe(true);
    expect(updated).not.toContain('old table');
    expect((await updateModuleReadme(dir, false)).changed).toBe(false);
    // A new variable makes it stale again.
    await writeFile(join(dir, 'extra.tf'), 'variable "added" {\n  type        = bool\n  description = "New."\n}\n');
    expect((await updateModuleReadme(dir, false)).changed).toBe(true);
  });

  it('a README without the markers is a UserError naming it', () => {
    expect(() => replaceBetweenMarkers('# m\n', 'x\n', 'modules/m/README.md')).toThrow(UserError);
    expect(() => replaceBetweenMarkers('<!-- END_TF_DOCS -->\n<!-- BEGIN_TF_DOCS -->\n', 'x\n', 'r.md')).toThrow(/markers/);
  });

  it('fmt --check fails when a module README is stale and fmt fixes it', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'modules', 'm'), { recursive: true });
    await writeFile(join(dir, 'modules', 'm', 'variables.tf'), VARIABLES);
    await writeFile(join(dir, 'modules', 'm', 'README.md'), '# m\n\n<!-- BEGIN_TF_DOCS -->\n<!-- END_TF_DOCS -->\n');
    const check = await runCli(['fmt', '--check', dir], dir);
    expect(check.code).toBe(1);
    expect(check.stdout).toBe('modules/m/README.md\n');
    expect((await runCli(['fmt', dir], dir)).code).toBe(0);
    expect((await runCli(['fmt', '--check', dir], dir)).code).toBe(0);
  });
});

describe.skipIf(!terraformBin)(`same output as terraform fmt${terraformBin ? '' : ' (skipped: terraform is not on PATH)'}`, () => {
  /** Undo the formatting of a file: single spaces before '=', doubled indentation, squeezed blank lines. */
  function deform(text: string): string {
    return text
      .split('\n')
      .map((line) => {
        const indent = /^ */.exec(line)![0].length;
        return ' '.repeat(indent * 2) + line.slice(indent).replace(/^([\w"-]+) +=/, '$1 =');
      })
      .join('\n');
  }

  it('on every .tf/.tfvars of the stack, deformed first, our formatter and terraform fmt agree byte for byte', async () => {
    const dir = await tempDir();
    await cp(stackDir, dir, { recursive: true, filter: (src) => !src.includes('.terraform') });
    const files = await listHclFiles(dir);
    const ours = new Map<string, string>();
    for (const file of files) {
      const deformed = deform(await readFile(file, 'utf8'));
      await writeFile(file, deformed);
      ours.set(file, await formatHcl(relative(dir, file), deformed));
    }
    await promisify(execFile)(terraformBin!, ['fmt', '-recursive', '-no-color', dir], { env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    let compared = 0;
    for (const file of files) {
      expect(ours.get(file), relative(dir, file)).toBe(await readFile(file, 'utf8'));
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(30);
    expect(existsSync(join(dir, 'main.tf'))).toBe(true);
  }, 60_000);
});
