import { mkdtemp, readFile, readdir, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as hcl2json } from '@cdktf/hcl2json';
import { UserError } from '../../../src/errors.js';
import { astStats, clearAstCache, templateAst } from '../../../src/load/hcl/expr-ast.js';
import { clearParseCache, configureParseCache, parseHclFile, parseTfvarsFile } from '../../../src/load/hcl/parse.js';

const MAIN_TF = `# header comment
resource "aws_security_group" "api" {
  # stackcheck:ignore SG-001 the ALB needs it
  name = "api"
  ingress {
    from_port = 443
    to_port   = 443
  }
  ingress {
    from_port = 80 # plain http, redirected
  }
  dynamic "egress" {
    for_each = var.egress
    content {
      cidr_blocks = [egress.value]
    }
  }
}

module "env" {
  source   = "./modules/env"
  for_each = toset(["staging", "prod"])
}

locals {
  a = "x\${var.y}z"
}
`;

configureParseCache({ dir: false });

describe('parseHclFile', () => {
  it('gives hcl2json content and tree-sitter positions for blocks, attributes and comments', async () => {
    const f = await parseHclFile('main.tf', MAIN_TF);
    expect(f.body.resource.aws_security_group.api[0].name).toBe('api');
    expect(f.body.locals[0].a).toBe('x${var.y}z');
    expect(f.blocks.map((b) => [b.type, b.labels, b.location.line])).toEqual([
      ['resource', ['aws_security_group', 'api'], 2],
      ['module', ['env'], 20],
      ['locals', [], 25],
    ]);
    const sg = f.blocks[0]!;
    expect(sg.attributes.name).toEqual({ file: 'main.tf', line: 4, column: 3 });
    expect(sg.children.map((c) => [c.type, c.labels, c.location.line])).toEqual([
      ['ingress', [], 5],
      ['ingress', [], 9],
      ['dynamic', ['egress'], 12],
    ]);
    expect(sg.children[0]!.attributes.to_port!.line).toBe(7);
    expect(sg.children[2]!.children[0]!.type).toBe('content');
    expect(sg.children[2]!.children[0]!.attributes.cidr_blocks!.line).toBe(15);
    expect(sg.comments).toEqual([
      { text: '# stackcheck:ignore SG-001 the ALB needs it', line: 3 },
      { text: '# plain http, redirected', line: 10 },
    ]);
    expect(f.blocks[1]!.attributes.for_each!.line).toBe(22);
  });

  it('records the lines of literal object keys (nested too), not of computed ones', async () => {
    const text = ['resource "aws_lambda_function" "f" {', '  environment {', '    variables = {', '      A     = "1"', '      "B-c" = var.x', '      n = {', '        deep = 2', '      }', '      (var.k)    = 3', '      "${var.j}" = 4', '    }', '  }', '  tags = merge(local.t, { Name = "n" })', '}', ''].join('\n');
    const f = await parseHclFile('keys.tf', text);
    const env = f.blocks[0]!.children[0]!;
    expect(Object.fromEntries(Object.entries(env.keys ?? {}).map(([k, l]) => [k, l.line]))).toEqual({ 'variables.A': 4, 'variables.B-c': 5, 'variables.n': 6, 'variables.n.deep': 7 });
    // an object inside a function call is not the attribute's own value
    expect(f.blocks[0]!.keys).toBeUndefined();
  });

  it('reads bare-identifier labels', async () => {
    const f = await parseHclFile('bare.tf', 'resource aws_vpc main {\n  cidr_block = "10.0.0.0/16"\n}\n');
    expect(f.blocks[0]!.labels).toEqual(['aws_vpc', 'main']);
  });

  it('turns a syntax error into one UserError naming file:line from HashiCorp\'s parser', async () => {
    const err = await parseHclFile('bad.tf', 'resource "x" "y" {\n  a = 1 +\n}\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    const u = err as UserError;
    expect(u.location).toMatchObject({ file: 'bad.tf', line: 2 });
    expect(u.format()).toMatch(/^bad\.tf:2:\d+: Invalid expression/);
  });

  it('rejects what terraform rejects even where tree-sitter would not (single-line block with newline)', async () => {
    const err = await parseHclFile('one.tf', 'x { a = 1\n }\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/single-argument block/);
    expect((err as UserError).location?.line).toBe(1);
  });

  it('reports a redefined attribute at the second definition', async () => {
    const err = await parseHclFile('dup.tf', 'locals {\n  a = 1\n  a = 2\n}\n').catch((e: unknown) => e);
    expect((err as UserError).location?.line).toBe(3);
    expect((err as UserError).message).toMatch(/Attribute redefined/);
  });

  it('caches by content: same text returns the same parse, changed text parses again', async () => {
    const a = await parseHclFile('c.tf', 'locals {\n  a = 1\n}\n');
    const b = await parseHclFile('c.tf', 'locals {\n  a = 1\n}\n');
    const c = await parseHclFile('c.tf', 'locals {\n  a = 2\n}\n');
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(c.body.locals[0].a).toBe(2);
  });

  it('reads the file from disk when no text is given, and names a missing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parse-'));
    await writeFile(join(dir, 'x.tf'), 'variable "v" {\n  default = 3\n}\n');
    const f = await parseHclFile(join(dir, 'x.tf'));
    expect(f.body.variable.v[0].default).toBe(3);
    expect(f.blocks[0]!.location.file).toBe(join(dir, 'x.tf'));
    await expect(parseHclFile(join(dir, 'missing.tf'))).rejects.toThrow(/cannot read .*missing\.tf/);
  });
});

describe('long files', () => {
  const block = (i: number) =>
    `# block ${i}\nresource "aws_security_group_rule" "r" {\n  from_port = ${i}\n  description = "rule \${var.n} ${i}"\n  tags = { n = ${i} }\n}\n\nlocals {\n  l${i} = [for x in var.xs : x + ${i}]\n}\n`;
  const long = Array.from({ length: 400 }, (_, i) => block(i)).join('\n');

  it('are parsed in pieces with exactly the body hcl2json gives for the whole file', async () => {
    expect(long.split('\n').length).toBeGreaterThan(4000);
    const f = await parseHclFile('long.tf', long);
    expect(f.body).toEqual(await hcl2json('long.tf', long));
    // Same-named blocks from different pieces keep their order.
    expect(f.body.resource.aws_security_group_rule.r.map((b: { from_port: number }) => b.from_port)).toEqual(
      Array.from({ length: 400 }, (_, i) => i),
    );
    expect(f.blocks).toHaveLength(800);
    expect(f.blocks[799]!.location.line).toBe(long.split('\n').length - 3);
  });

  it('report a syntax error late in the file at its line in the file', async () => {
    // An error tree-sitter does not see (so the file is still cut in pieces): a redefined argument.
    const lines = long.split('\n');
    const at = lines.findIndex((l, i) => i > lines.length - 30 && l.startsWith('  from_port'));
    lines.splice(at + 1, 0, '  from_port = 2');
    const err = await parseHclFile('long-bad.tf', lines.join('\n')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(new RegExp(`Attribute redefined.*already set at long-bad\\.tf:${at + 1},`));
    expect((err as UserError).location?.line).toBe(at + 2);
  });
});

describe('disk cache', () => {
  it('a second run reads the parse and the expression trees from disk instead of parsing again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parse-cache-'));
    configureParseCache({ dir });
    try {
      const text = 'locals {\n  a = "x-${var.y}"\n  b = 1\n}\n';
      await parseHclFile('cached.tf', text);
      const [file] = await readdir(dir);
      expect(file).toMatch(/^[0-9a-f]{12}-[0-9a-f]{64}\.json$/);
      // Tamper with the cached body: if the next parse shows the change, it came from disk.
      const path = join(dir, file!);
      const entry = JSON.parse(await readFile(path, 'utf8'));
      entry.body.locals[0].b = 2;
      await writeFile(path, JSON.stringify(entry));
      clearParseCache();
      clearAstCache();
      const calls = astStats.calls;
      const again = await parseHclFile('cached.tf', text);
      expect(again.body.locals[0].b).toBe(2);
      expect(again.blocks[0]!.attributes.a!.line).toBe(2);
      expect((await templateAst('x-${var.y}')).k).toBe('template');
      expect(astStats.calls).toBe(calls);
    } finally {
      configureParseCache({ dir: false });
    }
  });
});

describe('disk cache housekeeping', () => {
  it('removes entries of other generations an hour after they were written, keeps its own', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parse-prune-'));
    const old = new Date(Date.now() - 2 * 3600 * 1000);
    await writeFile(join(dir, 'aaaaaaaaaaaa-stale.json'), '{}');
    await utimes(join(dir, 'aaaaaaaaaaaa-stale.json'), old, old);
    await writeFile(join(dir, 'bbbbbbbbbbbb-recent.json'), '{}');
    configureParseCache({ dir });
    try {
      await parseHclFile('prune.tf', `locals {\n  p = ${Date.now()}\n}\n`);
      await new Promise((r) => setTimeout(r, 200));
      const names = await readdir(dir);
      expect(names).not.toContain('aaaaaaaaaaaa-stale.json');
      expect(names).toContain('bbbbbbbbbbbb-recent.json');
      expect(names.some((n) => /^[0-9a-f]{12}-[0-9a-f]{64}\.json$/.test(n))).toBe(true);
    } finally {
      configureParseCache({ dir: false });
    }
  });
});

describe('parseTfvarsFile', () => {
  it('returns raw values and their lines from .tfvars', async () => {
    const t = await parseTfvarsFile('live.tfvars', 'region = "ap-northeast-2"\n\nazs = ["a", "b"]\nname = "$${literal}"\n');
    expect(t.values).toEqual({ region: 'ap-northeast-2', azs: ['a', 'b'], name: '$${literal}' });
    expect(t.locations.azs).toMatchObject({ file: 'live.tfvars', line: 3 });
  });

  it('escapes template markers of .tfvars.json strings so evaluation keeps them literal', async () => {
    const t = await parseTfvarsFile('x.tfvars.json', '{\n  "a": "${x}",\n  "b": {"k": "%{y}"}\n}\n');
    expect(t.values).toEqual({ a: '$${x}', b: { k: '%%{y}' } });
    expect(t.locations.b).toMatchObject({ line: 3 });
  });

  it('rejects a block in a tfvars file with its line', async () => {
    await expect(parseTfvarsFile('b.tfvars', 'a = 1\nlocals {\n  x = 1\n}\n')).rejects.toMatchObject({
      location: { line: 2 },
    });
  });
});
