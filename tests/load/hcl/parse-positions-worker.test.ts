/**
 * tree-sitter positions computed in the worker thread (positions-worker.mjs) are the ones the main
 * thread computes, errors included, and the thread neither keeps a process alive nor lets it end
 * while an answer is due. STACKCHECK_POSITIONS_WORKER=always is set before parse.ts is loaded, so
 * every cold parse in this file goes through the worker.
 */
import { spawnSync } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { repoRoot } from '../../helpers/paths.js';

process.env.STACKCHECK_POSITIONS_WORKER = 'always';
const { clearParseCache, configureParseCache, parseHclFile, positionsStats } = await import('../../../src/load/hcl/parse.js');
const { positions } = await import('../../../src/load/hcl/positions.mjs');
configureParseCache({ dir: false });

const COMMENTED = `# top
resource "aws_security_group" "api" { # on the block line
  # stackcheck:ignore SG-001 the ALB needs it
  name = "api"
  ingress { # inside a nested block
    # deeper
    from_port = 443
  } # after the nested block
}
# between
locals {
  a = 1
}
`;

async function stackFiles(): Promise<string[]> {
  const dir = join(repoRoot, 'terraform');
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && (e.name.endsWith('.tf') || e.name.endsWith('.tfvars'))) out.push(join(e.parentPath, e.name));
  }
  return out.sort();
}

describe('positions in a worker thread', () => {
  it('gives the blocks, attributes and comments the main thread gives (our stack and a commented file)', async () => {
    clearParseCache();
    const inputs: [string, string][] = [['commented.tf', COMMENTED]];
    for (const f of await stackFiles()) inputs.push([f, await readFile(f, 'utf8')]);
    expect(inputs.length).toBeGreaterThan(5);
    const before = positionsStats.worker;
    for (const [path, text] of inputs) {
      const parsed = await parseHclFile(path, text);
      const here = await positions(path, text, 800);
      expect({ blocks: parsed.blocks, attributes: parsed.attributes }).toEqual({ blocks: here.blocks, attributes: here.attributes });
    }
    expect(positionsStats.worker - before).toBe(inputs.length);
    const commented = await parseHclFile('commented.tf', COMMENTED);
    expect(commented.blocks[0]!.comments.map((c) => c.line)).toEqual([2, 3, 5, 6, 8]);
    expect(commented.blocks[0]!.children[0]!.comments.map((c) => c.text)).toEqual(['# inside a nested block', '# deeper']);
  });

  it('reports a syntax error at the same file:line', async () => {
    clearParseCache();
    const err = await parseHclFile('bad.tf', 'resource "a" "b" {\n  x = \n}\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/^Invalid expression; Expected the start of an expression/);
    expect((err as UserError).location).toMatchObject({ file: 'bad.tf', line: 2 });
  });

  it('a long file is cut and merged as on the main thread', async () => {
    clearParseCache();
    const units = Array.from({ length: 700 }, (_, i) => `resource "null_resource" "r${i}" {\n  triggers = { i = "${i}" }\n}\n`);
    const text = units.join('\n');
    const parsed = await parseHclFile('long.tf', text);
    expect(Object.keys(parsed.body.resource.null_resource)).toHaveLength(700);
    expect(parsed.blocks[699]!.location.line).toBe(text.split('\n').findIndex((l) => l.includes('"r699"')) + 1);
  });

  it('a process waiting on the worker finishes its work and exits by itself', () => {
    const script = `
      process.env.STACKCHECK_POSITIONS_WORKER = 'always';
      const { configureParseCache, parseHclFile, positionsStats } = await import(${JSON.stringify(join(repoRoot, 'src/load/hcl/parse.ts'))});
      configureParseCache({ dir: false });
      const f = await parseHclFile('x.tf', 'locals {\\n  a = 1\\n}\\n');
      console.log(JSON.stringify({ line: f.blocks[0].location.line, worker: positionsStats.worker }));
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toEqual({ line: 1, worker: 1 });
  });

  it('by default, past the size threshold, only files parsed alongside others go to the thread', () => {
    const script = `
      delete process.env.STACKCHECK_POSITIONS_WORKER; // this file's 'always' is inherited
      process.env.STACKCHECK_POSITIONS_WORKER_AFTER = '0';
      const { configureParseCache, parseHclFile, positionsStats } = await import(${JSON.stringify(join(repoRoot, 'src/load/hcl/parse.ts'))});
      configureParseCache({ dir: false });
      await parseHclFile('alone.tf', 'locals {\\n  a = 1\\n}\\n');
      const alone = { ...positionsStats };
      await Promise.all(['a', 'b', 'c'].map((n) => parseHclFile(n + '.tf', 'locals {\\n  ' + n + ' = 1\\n}\\n')));
      console.log(JSON.stringify({ alone, together: positionsStats }));
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    const { alone, together } = JSON.parse(r.stdout.trim());
    expect(alone).toEqual({ mainThread: 1, worker: 0 });
    // The last of the three may find the others answered already.
    expect(together.worker).toBeGreaterThanOrEqual(2);
    expect(together.worker + together.mainThread).toBe(4);
  });
});
