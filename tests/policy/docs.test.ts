import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPack } from '../../src/policy/packs/apply.js';
import { renderRuleDocs } from '../../src/policy/pack-docs.js';
import { allRules } from '../../src/policy/packs/index.js';
import { repoRoot } from '../helpers/paths.js';

describe('docs/policies.md', () => {
  const doc = readFileSync(join(repoRoot, 'docs', 'policies.md'), 'utf8');
  it('holds the rules section generated from the packs (npx tsx scripts/policy-docs.ts)', () => {
    expect(doc).toContain(renderRuleDocs(repoRoot));
  });
  it.each(allRules.map((r) => [r.id, r.title]))('documents %s with its title', (id, title) => {
    expect(doc).toContain(`##### ${id} — ${title}`);
  });
});

describe('docs/apply-time.md', () => {
  const doc = readFileSync(join(repoRoot, 'docs', 'apply-time.md'), 'utf8');
  it.each(applyPack.rules.map((r) => r.id))('lists %s in the constraint table', (id) => {
    expect(doc).toMatch(new RegExp(`^\\| ${id} \\|`, 'm'));
  });
  it('counts the constraints it lists', () => {
    const rows = doc.split('\n').filter((l) => /^\| (APL-|〃)/.test(l)).length;
    expect(doc).toContain(`${rows} constraints in ${applyPack.rules.length} rules`);
  });
});
