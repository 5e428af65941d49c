/** Regenerate the rules section of docs/policies.md from the packs (src/policy/pack-docs.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withRuleDocs } from '../src/policy/pack-docs.js';

const root = join(import.meta.dirname, '..');
const file = join(root, 'docs', 'policies.md');
writeFileSync(file, withRuleDocs(readFileSync(file, 'utf8'), root));
