import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traversalsOf } from '../../../src/load/hcl/config-refs.js';
import { references } from '../../../src/load/hcl/expr.js';
import { parseHclFile } from '../../../src/load/hcl/parse.js';
import { repoRoot } from '../../helpers/paths.js';

/**
 * The loader orders declarations and records references with a cheap lexical scan
 * (config-refs.ts) instead of asking the parser for every expression's tree. Its promise is that it
 * may over-approximate but never misses a traversal: checked here against the precise, AST-based
 * `references()` on every expression of the stack and of the evaluator's fixtures.
 */
function tfFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    if (e.startsWith('.')) return [];
    return statSync(p).isDirectory() ? tfFiles(p) : e.endsWith('.tf') ? [p] : [];
  });
}

/** Every string value of a hcl2json body (and object keys), with the path it sits at. */
function* strings(v: unknown, path: string): Generator<[string, string]> {
  if (typeof v === 'string') yield [path, v];
  else if (Array.isArray(v)) for (const [i, x] of v.entries()) yield* strings(x, `${path}.${i}`);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      yield [`${path}.<key>`, k];
      yield* strings(x, `${path}.${k}`);
    }
  }
}

/** `aws_instance.a[0].id` → [`aws_instance`, `a`] — the part a dependency is about. */
const head = (text: string) => text.split(/[.[]/).slice(0, 2).join('.');

describe('the lexical reference scan never misses what the parser sees', () => {
  const files = [...tfFiles(join(repoRoot, 'terraform')), ...tfFiles(join(repoRoot, 'tests/fixtures/hcl'))];
  it(`on ${files.length > 0 ? 'every .tf of the stack and the evaluator fixtures' : 'nothing (no files?)'}`, async () => {
    expect(files.length).toBeGreaterThan(30);
    let expressions = 0;
    const missed: string[] = [];
    for (const file of files) {
      const parsed = await parseHclFile(file);
      for (const [path, text] of strings(parsed.body, '')) {
        if (!text.includes('${') && !text.includes('%{')) continue;
        expressions++;
        const scanned = new Set(traversalsOf(text).map((t) => t.parts.slice(0, 2).join('.')));
        for (const ref of await references(text)) {
          const h = head(ref);
          if (!h.includes('.')) continue; // a bare iterator or for-variable (`each`, `x`) binds nothing to order
          if (!scanned.has(h)) missed.push(`${file}${path}: ${ref} in ${JSON.stringify(text).slice(0, 120)}`);
        }
      }
    }
    expect(expressions).toBeGreaterThan(300);
    expect(missed).toEqual([]);
  });
});
