/**
 * The standing fuzz suite's bounded sample (`make fuzz` is the long run) and its regression
 * fixtures: each directory under tests/fixtures/fuzz/ is a minimised input that once ended in an
 * internal error or was silently accepted; it must now be a user error naming its file:line. Under
 * tests/fixtures/fuzz-nesting/, inputs nested past the limit of src/load/hcl/nesting.ts that once
 * took a gigabyte, crashed the worker or overflowed a stack.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { corpusAvailable, corpusSkipReason, repoRoot } from '../helpers/paths.js';
import { formatSummary, runFuzz, type FuzzOptions } from './run.js';

const fixtures = join(repoRoot, 'tests/fixtures/fuzz');

async function run(argv: string[]) {
  let out = '';
  const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t), env: {}, cwd: repoRoot, isTTY: false };
  return { code: await main(argv, io), out };
}

describe('fuzz regression fixtures: a malformed construct is a user error at its file:line', () => {
  for (const name of readdirSync(fixtures).sort()) {
    it(name, async () => {
      const dir = join(fixtures, name);
      const model = await run(['model', dir]);
      expect(model.out).not.toContain('internal error');
      expect(model.code).toBe(2);
      expect(model.out).toMatch(new RegExp(`${name}/main\\.tf:\\d+`));
      const validate = await run(['validate', dir]);
      expect(validate.code).toBe(1);
      expect(validate.out).toMatch(new RegExp(`${name}/main\\.tf:\\d+: `));
    });
  }
});

describe('fuzz regression fixtures: nesting past the limit is a user error at its line in every command, promptly', () => {
  const nesting = join(repoRoot, 'tests/fixtures/fuzz-nesting');
  for (const name of readdirSync(nesting).sort()) {
    it(name, async () => {
      const dir = join(nesting, name);
      for (const argv of [['model', dir], ['validate', dir], ['fmt', '--check', dir], ['check', dir, '--out', '']]) {
        const started = Date.now();
        const r = await run(argv);
        expect(r.out, argv.join(' ')).not.toContain('internal error');
        expect(r.out, argv.join(' ')).toMatch(/main\.tf:\d+: nesting deeper than 500 levels/);
        expect(r.code, argv.join(' ')).toBe(2);
        expect(Date.now() - started, argv.join(' ')).toBeLessThan(20_000);
      }
    });
  }
});

describe('fuzz sample (bounded; make fuzz runs thousands)', () => {
  const options = (plan: number): FuzzOptions => ({
    hcl: 24,
    plan,
    seed: 20261202,
    jobs: 1,
    timeoutMs: 30_000,
    maxRssBytes: 2 ** 30,
    spawnEvery: 12,
    budgetMs: 25_000,
  });
  it('mutants of the stack and of the corpus plans: exit 0/1/2 only, no hang, no stack trace, no leak, RSS under 1 GB', async () => {
    const o = options(corpusAvailable ? 12 : 0);
    if (!corpusAvailable) console.warn(`fuzz sample: plan mutants skipped: ${corpusSkipReason}`);
    const s = await runFuzz(o);
    expect(s.cases).toBeGreaterThan(10);
    expect(s.failures, formatSummary(s, o)).toEqual([]);
  }, 60_000);
});

describe('fuzz regression fixture: fmt on a variable written as an argument', () => {
  it('is a user error at its line, not an internal error (make fuzz seed 8001196)', async () => {
    const dir = join(repoRoot, 'tests/fixtures/fuzz-fmt/variable-attr');
    const r = await run(['fmt', '--check', dir]);
    expect(r.out).not.toContain('internal error');
    expect(r.out).toMatch(/variables\.tf:5: Unsupported argument; An argument named "variable" is not expected here/);
    expect(r.code).toBe(2);
  });
});
