/**
 * The shared bases of the rule fixtures (tests/fixtures/policy/_shared/<name>/): modules the cases
 * call with `module "base" { source = "../../_shared/<name>" }`. expectedLines() reads only a case
 * directory, so a `# expect-finding` marker inside a shared module would be silently ignored, and a
 * finding located there would never match a marker: the offending line of a case must live in the
 * case. A shared module nobody calls is dead weight.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from './helpers.js';

const sharedDir = join(fixturesDir, '_shared');
const shared = readdirSync(sharedDir).sort();
const caseFiles = readdirSync(fixturesDir)
  .filter((r) => r !== '_shared')
  .flatMap((r) => readdirSync(join(fixturesDir, r), { withFileTypes: true }).filter((c) => c.isDirectory()).map((c) => join(fixturesDir, r, c.name)))
  .flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.tf')).map((f) => readFileSync(join(d, f), 'utf8')));

describe('shared fixture bases', () => {
  it.each(shared)('%s carries no expect-finding marker', (name) => {
    const marked = readdirSync(join(sharedDir, name))
      .filter((f) => f.endsWith('.tf'))
      .filter((f) => readFileSync(join(sharedDir, name, f), 'utf8').includes('expect-finding'));
    expect(marked).toEqual([]);
  });

  it.each(shared)('%s is called by at least one case', (name) => {
    const source = `source = "../../_shared/${name}"`;
    expect(caseFiles.filter((t) => t.replace(/ +/g, ' ').includes(source)).length).toBeGreaterThan(0);
  });
});
