import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dolbomPack } from '../../src/policy/packs/dolbom.js';
import { repoRoot } from '../helpers/paths.js';

describe('docs/policies.md', () => {
  const doc = readFileSync(join(repoRoot, 'docs', 'policies.md'), 'utf8');
  it.each(dolbomPack.rules.map((r) => [r.id, r.title]))('documents %s with its title', (id, title) => {
    expect(doc).toContain(`#### ${id} — ${title}`);
  });
});
