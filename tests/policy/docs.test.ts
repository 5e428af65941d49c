import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPack } from '../../src/policy/packs/apply.js';
import { awsPack } from '../../src/policy/packs/aws.js';
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

describe('docs/policies.md: coverage compared with checkov and trivy', () => {
  const doc = readFileSync(join(repoRoot, 'docs', 'policies.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Coverage compared with checkov and trivy'));
  const flat = section.replace(/\s+/g, ' ');
  // | Ours | Pack | What it checks | checkov | trivy |, one row per rule
  const rows = section
    .split('\n')
    .filter((l) => /^\| [A-Z0-9]+-\d{3} \|/.test(l))
    .map((l) => l.slice(2, -2).split(' | '));
  const lacked = section.slice(section.indexOf('### Theirs we lack'), section.indexOf('### Ours that neither has'));
  const ids = (text: string, re: RegExp) => new Set(text.match(re) ?? []);
  const CKV = /CKV2?_AWS_\d+/g;
  const AVD = /AVD-AWS-\d{4}/g;
  // a cell names its counterparts before " — "; a cell that starts otherwise ("none …") names none
  const counterparts = (col: number, re: RegExp) =>
    new Set(rows.flatMap((r) => (/^(CKV|AVD)/.test(r[col]) ? r[col].split(' — ')[0].match(re) ?? [] : [])));

  it('exists', () => expect(doc).toContain('\n## Coverage compared with checkov and trivy\n'));
  it.each(awsPack.rules.map((r) => r.id))('has a row for %s', (id) => {
    expect(rows.filter((r) => r[0] === id && r[1] === 'aws')).toHaveLength(1);
  });
  it('names only rules that exist, in their packs', () => {
    for (const [id, pack] of rows) expect(allRules.find((r) => r.id === id) && pack, id).toBeTruthy();
    for (const [id, pack] of rows) expect(awsPack.rules.some((r) => r.id === id) === (pack === 'aws'), id).toBe(true);
  });
  it('states the counts its rows give', () => {
    const aws = rows.filter((r) => r[1] === 'aws');
    const has = (r: string[], col: number) => /^(CKV|AVD)/.test(r[col]);
    const withCk = aws.filter((r) => has(r, 3)).length;
    const withTv = aws.filter((r) => has(r, 4)).length;
    const withAny = aws.filter((r) => has(r, 3) || has(r, 4)).length;
    expect(flat).toContain(
      `Of the ${awsPack.rules.length} rules of the \`aws\` pack, ${withAny} have a counterpart in at least one scanner (${withCk} in checkov, ${withTv} in trivy) and ${aws.length - withAny} in neither.`,
    );
    const body = section.slice(section.indexOf('| Ours |'));
    const ckAll = ids(body, CKV);
    const tvAll = ids(body, AVD);
    expect(flat).toContain(`Of the ${ckAll.size} checkov AWS ids read, ${counterparts(3, CKV).size} have a counterpart here`);
    expect(flat).toContain(`of the ${tvAll.size} trivy AWS ids read, ${counterparts(4, AVD).size} do.`);
  });
  it('puts every id read either in the table or under "Theirs we lack", never both', () => {
    const body = section.slice(section.indexOf('| Ours |'));
    for (const [re, col] of [[CKV, 3], [AVD, 4]] as const) {
      const covered = counterparts(col, re);
      const lack = ids(lacked, re);
      for (const id of lack) expect(covered.has(id), id).toBe(false);
      for (const id of ids(body, re)) expect(covered.has(id) || lack.has(id), id).toBe(true);
    }
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
