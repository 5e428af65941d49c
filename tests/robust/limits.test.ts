/**
 * Pathological but valid configurations end with one error naming the file and line, promptly and
 * in bounded memory: one test per limit of src/load/hcl/limits.ts, nesting.ts, the range cap
 * terraform has, RE2 matching, template recursion, module cycles and symbolic-link loops.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { MAX_NESTING } from '../../src/load/hcl/nesting.js';

function stack(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'stackcheck-limits-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** A root module whose local `x` is `expr`, output so that it is evaluated. */
function withLocal(expr: string, extra: Record<string, string> = {}): string {
  return stack({ 'main.tf': `locals {\n  x = ${expr}\n}\n\noutput "o" {\n  value = local.x\n}\n`, ...extra });
}

async function model(dir: string) {
  let out = '';
  const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t), env: {}, cwd: dir, isTTY: false };
  const started = Date.now();
  const code = await main(['model', dir, '--json'], io);
  return { code, out, ms: Date.now() - started };
}

/** Exit 2, one message at file:line, no internal error, within seconds. */
async function expectUserError(dir: string, where: RegExp, message: RegExp) {
  const r = await model(dir);
  expect(r.out).not.toContain('internal error');
  expect(r.out).not.toMatch(/^\s+at /m);
  expect(r.out).toMatch(where);
  expect(r.out).toMatch(message);
  expect(r.code).toBe(2);
  expect(r.ms).toBeLessThan(20_000);
}

describe('nesting (nesting.ts): deeper than MAX_NESTING is an error at its line, before any parser', () => {
  const deep = MAX_NESTING + 100;
  const cases: [string, string][] = [
    ['conditionals on one line', `${'true ? '.repeat(deep)}1${' : 0'.repeat(deep)}`],
    ['a chain of conditionals', `${Array.from({ length: deep }, (_, i) => `var.n == ${i} ? ${i} :`).join(' ')} -1`],
    ['brackets inside an interpolation', `"\${${'['.repeat(deep)}1${']'.repeat(deep)}}"`],
    ['nested function calls', `${'abs('.repeat(deep)}1${')'.repeat(deep)}`],
    ['a long operator chain', Array.from({ length: deep }, () => '1').join(' + ')],
    ['nested for expressions', `${'[for a in [1] : '.repeat(deep)}1${']'.repeat(deep)}`],
  ];
  for (const [name, expr] of cases) {
    it(name, async () => {
      await expectUserError(withLocal(expr), /main\.tf:2: /, /nesting deeper than 500 levels/);
    });
  }
  it('nested blocks', async () => {
    const dir = stack({ 'main.tf': `resource "aws_s3_bucket" "b" {\n${'  dynamic "x" {\n'.repeat(deep)}${'  }\n'.repeat(deep)}}\n` });
    await expectUserError(dir, /main\.tf:\d+: /, /nesting deeper than 500 levels/);
  });
  it('inside a template file', async () => {
    const dir = withLocal('templatefile("${path.module}/t.tftpl", {})', { 't.tftpl': `ok\n\${${'('.repeat(deep)}1${')'.repeat(deep)}}\n` });
    await expectUserError(dir, /t\.tftpl:2: /, /nesting deeper than 500 levels/);
  });
  it('what real configurations write stays far below it', async () => {
    const r = await model(withLocal(`[for i in range(3) : { a = i > 1 ? "x" : i == 0 ? "y" : "z", b = [for j in range(2) : "\${i}-\${j}"] }]`));
    expect(r.out).toContain('"y"');
    expect(r.code).toBe(0);
  });
});

describe('collection and string sizes (limits.ts)', () => {
  it("range: more than 1,024 elements is an error, as in terraform (cty's RangeFunc)", async () => {
    await expectUserError(withLocal('range(100000000)'), /main\.tf:2:3: /, /more than 1024 values were generated/);
  });
  it('for expressions: more than MAX_EVALUATION_STEPS steps', async () => {
    await expectUserError(
      withLocal('[for a in range(1000) : [for b in range(1000) : [for c in range(1000) : a + b + c]]]'),
      /main\.tf:2:3: /,
      /takes more than 500,000 steps/,
    );
  });
  it('setproduct: a result past MAX_VALUE_SIZE is refused before it is built', async () => {
    await expectUserError(withLocal('setproduct(range(1000), range(1000), range(1000))'), /main\.tf:2:3: /, /1000 × 1000 × 1000 combinations\) is larger than/);
  });
  it('string repetition: a for expression joining large strings stops at the bound', async () => {
    await expectUserError(withLocal('join("", [for i in range(1000) : format("%999999d", i)])'), /main\.tf:2:3: /, /is larger than the 4,194,304 characters/);
  });
  it('format: a width past 1,000,000 is an error', async () => {
    await expectUserError(withLocal('format("%99999999d", 1)'), /main\.tf:2:3: /, /width or precision larger than 1,000,000/);
  });
  it('formatlist: the result stops at the bound', async () => {
    await expectUserError(withLocal('formatlist("%999999d", range(1000))'), /main\.tf:2:3: /, /the result is larger than/);
  });
  it('doubling through locals: a value past the bound is an error at the local that builds it', async () => {
    const locals = Array.from({ length: 24 }, (_, i) => `  d${i + 1} = "\${local.d${i}}\${local.d${i}}"`).join('\n');
    const dir = stack({ 'main.tf': `locals {\n  d0 = "ab"\n${locals}\n}\n\noutput "o" {\n  value = local.d24\n}\n` });
    await expectUserError(dir, /main\.tf:24:3: /, /is larger than the 4,194,304 characters/);
  });
  it('file: a device is not read (/dev/zero never ends)', async () => {
    await expectUserError(withLocal('file("/dev/zero")'), /main\.tf:2:3: /, /"\/dev\/zero" is not a regular file/);
  });
});

describe('regular expressions run on RE2 (re2js), linear as Go regexp in terraform', () => {
  const evil = `"\${join("", [for i in range(64) : "a"])}!"`;
  it('regex with a catastrophic pattern answers at once', async () => {
    const r = await model(withLocal(`can(regex("^(a+)+$", ${evil}))`));
    expect(r.out).toMatch(/"value": false/);
    expect(r.ms).toBeLessThan(20_000);
  });
  it('replace and regexall with catastrophic patterns answer at once', async () => {
    const r = await model(withLocal(`[replace(${evil}, "/^(a|aa)+$/", "x"), length(regexall("(a+a+)+b", ${evil}))]`));
    expect(r.code).toBe(0);
    expect(r.out).toContain('"a');
    expect(r.ms).toBeLessThan(20_000);
  });
});

describe('recursion and cycles', () => {
  it('templatefile inside a template is refused, as terraform does', async () => {
    const dir = withLocal('templatefile("${path.module}/t.tftpl", {})', { 't.tftpl': 'a\n${templatefile("t.tftpl", {})}\n' });
    await expectUserError(dir, /t\.tftpl:2: /, /cannot recursively call templatefile from inside another template function/);
  });
  it('a module calling its own directory', async () => {
    const dir = stack({ 'main.tf': 'module "me" {\n  source = "./"\n}\n' });
    await expectUserError(dir, /main\.tf:2:3: /, /source "\.\/" is the module that holds this call: a module cannot call itself/);
  });
  it('two modules calling each other', async () => {
    const dir = stack({ 'main.tf': 'module "a" {\n  source = "./a"\n}\n', 'a/main.tf': 'module "back" {\n  source = "../"\n}\n' });
    await expectUserError(dir, /a\/main\.tf:2:3: /, /source "\.\.\/" is a module calling this one \(\.\): a module cannot call itself/);
  });
  it('a module source that is a loop of symbolic links', async () => {
    const dir = stack({ 'main.tf': 'module "l" {\n  source = "./loop"\n}\n' });
    symlinkSync('loop', join(dir, 'loop'));
    await expectUserError(dir, /main\.tf:2:3: /, /is a loop of symbolic links/);
  });
  it('a module source that links back to a parent', async () => {
    const dir = stack({ 'main.tf': 'module "l" {\n  source = "./sub/up"\n}\n', 'sub/x.txt': '' });
    symlinkSync('..', join(dir, 'sub/up'));
    await expectUserError(dir, /main\.tf:2:3: /, /a module cannot call itself/);
  });
  it('validate walks a directory with a link to its parent once', async () => {
    const dir = stack({ 'main.tf': 'locals {\n  a = 1\n}\n', 'sub/x.txt': '' });
    symlinkSync('..', join(dir, 'sub/up'));
    symlinkSync('nowhere.tf', join(dir, 'dangling.tf'));
    let out = '';
    const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t), env: {}, cwd: dir, isTTY: false };
    const code = await main(['validate', dir], io);
    expect(out).not.toContain('internal error');
    expect(out).toMatch(/dangling\.tf:1: cannot read/);
    expect(code).toBe(2);
  });
});
