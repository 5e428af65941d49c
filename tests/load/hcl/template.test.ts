import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { astStats, clearAstCache } from '../../../src/load/hcl/expr-ast.js';
import { configureParseCache } from '../../../src/load/hcl/parse.js';
import { clearTemplateCache, renderTemplate, renderTemplateFile } from '../../../src/load/hcl/template.js';
import { Unknown } from '../../../src/model/value.js';
import { testFunctions } from './expr-helpers.js';

const opts = { functions: testFunctions };

describe('renderTemplate (templatefile semantics)', () => {
  it('renders interpolations, for/if directives with strip markers, and escapes', async () => {
    const tpl = [
      '#!/bin/bash',
      'echo "${upper(name)}" \\n',
      '%{ for p in ports ~}',
      'port ${p}',
      '%{ endfor ~}',
      '%{ if debug }debug%{ else }quiet%{ endif }',
      'home $${HOME} and 100%',
      '',
    ].join('\n');
    const out = await renderTemplate(tpl, { name: 'api', ports: [80, 443], debug: false }, 'user-data.sh.tftpl', opts);
    expect(out).toBe('#!/bin/bash\necho "API" \\n\nport 80\nport 443\nquiet\nhome ${HOME} and 100%\n');
  });

  it('keeps the trailing newline exactly as written (none, one, two)', async () => {
    expect(await renderTemplate('a', {}, 't', opts)).toBe('a');
    expect(await renderTemplate('a\n', {}, 't', opts)).toBe('a\n');
    expect(await renderTemplate('a\n\n', {}, 't', opts)).toBe('a\n\n');
  });

  it('returns the value of a template that is one interpolation, as terraform does', async () => {
    expect(await renderTemplate('${ports}', { ports: [1, 2] }, 't', opts)).toEqual([1, 2]);
  });

  it('only the given variables are in scope', async () => {
    await expect(renderTemplate('x\n${var.name}', {}, 'cfg.tftpl', opts)).rejects.toThrow(/Reference to undeclared input variable|undeclared/);
  });

  it('an unknown variable makes the whole result unknown', async () => {
    const u = new Unknown('known after apply', [{ address: 'aws_db_instance.main', attribute: 'address' }]);
    const out = await renderTemplate('host=${host}\n', { host: u }, 't', opts);
    expect(out).toBeInstanceOf(Unknown);
    expect((out as Unknown).origins[0]!.address).toBe('aws_db_instance.main');
  });

  it('names the template line of an evaluation error', async () => {
    const err = await renderTemplate('line1\nline2\nvalue=${missing.attr}\n', {}, 'app.env.tftpl', opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).format()).toMatch(/^app\.env\.tftpl:3: Reference to undeclared name "missing"/);
  });

  it('names the template line of a syntax error', async () => {
    const err = await renderTemplate('ok\n${x\n', { x: 1 }, 'bad.tftpl', opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).location?.file).toBe('bad.tftpl');
    // HCL reports an unclosed interpolation where it gave up looking: after the opening line.
    expect((err as UserError).location?.line).toBeGreaterThanOrEqual(2);
    expect((err as UserError).location?.line).toBeLessThanOrEqual(3);
    expect((err as UserError).message).toMatch(/^Invalid template/);
  });

  it('does not offer templatefile or templatestring inside a template (terraform stubs them out)', async () => {
    const fns = { ...testFunctions, templatefile: () => 'recursion', templatestring: () => 'recursion' };
    await expect(renderTemplate('${templatefile("x", {})}', {}, 't', { functions: fns })).rejects.toThrow(
      /cannot recursively call templatefile from inside another template function/,
    );
    await expect(renderTemplate('${templatestring("x", {})}', {}, 't', { functions: fns })).rejects.toThrow(
      /cannot recursively call templatestring from inside another template function/,
    );
  });

  it('rejects invalid variable names', async () => {
    await expect(renderTemplate('x', { 'a b': 1 }, 't', opts)).rejects.toThrow(/Invalid template variable name "a b"/);
  });
});

describe('template cache', () => {
  it('a second run renders from the disk cache without HashiCorp\'s parser', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tpl-cache-'));
    configureParseCache({ dir });
    try {
      const tpl = 'a=${upper(a)}\n%{ for x in xs ~}\n${x}\n%{ endfor ~}\n';
      expect(await renderTemplate(tpl, { a: 'q', xs: [1, 2] }, 't', opts)).toBe('a=Q\n1\n2\n');
      const entries = await Promise.all((await readdir(dir)).map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8'))));
      const entry = entries.find((e) => 'normalized' in e);
      expect(entry.normalized).toBe('a=${upper(a)}\n%{for x in xs}${x}\n%{endfor}');
      clearTemplateCache();
      clearAstCache();
      const calls = astStats.calls;
      expect(await renderTemplate(tpl, { a: 'r', xs: [3] }, 't', opts)).toBe('a=R\n3\n');
      expect(astStats.calls).toBe(calls);
    } finally {
      configureParseCache({ dir: false });
    }
  });
});

describe('renderTemplateFile', () => {
  it('reads the file and names it in errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tpl-'));
    const path = join(dir, 'nginx.conf.tftpl');
    await writeFile(path, 'listen ${port};\n');
    expect(await renderTemplateFile(path, { port: 8080 }, opts)).toBe('listen 8080;\n');
    await expect(renderTemplateFile(join(dir, 'nope.tftpl'), {}, opts)).rejects.toThrow(/cannot read template .*nope\.tftpl/);
  });
});
