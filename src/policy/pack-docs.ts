/**
 * The rules section of docs/policies.md, generated from the packs (id, title, severity, resource
 * types, source file, rationale, fix), so the documentation cannot drift from the code: written
 * between `<!-- BEGIN_RULES -->` and `<!-- END_RULES -->` by `npx tsx scripts/policy-docs.ts`, and
 * compared by tests/policy/docs.test.ts.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACKS } from './packs/index.js';

export const BEGIN = '<!-- BEGIN_RULES -->';
export const END = '<!-- END_RULES -->';

const AREAS: Record<string, string> = {
  network: 'Network', compute: 'Compute', lb: 'Load balancers', data: 'Data', iam: 'IAM', state: 'State', tags: 'Tags', s3: 'S3',
  secrets: 'Secrets', cdn: 'CloudFront', logging: 'Logging and audit', containers: 'Containers and functions', messaging: 'Messaging',
  kms: 'Keys', search: 'Search', storage: 'File storage',
};

/** `network` → the rule files under src/policy/rules/network, by id. */
function sourceFiles(repoRoot: string): Map<string, { area: string; file: string }> {
  const out = new Map<string, { area: string; file: string }>();
  const rulesDir = join(repoRoot, 'src', 'policy', 'rules');
  for (const area of readdirSync(rulesDir)) {
    for (const f of readdirSync(join(rulesDir, area))) {
      const m = /^([A-Z0-9]+-\d{3})-.*\.ts$/.exec(f);
      if (m) out.set(m[1], { area, file: `src/policy/rules/${area}/${f}` });
    }
  }
  return out;
}

export function renderRuleDocs(repoRoot: string): string {
  const files = sourceFiles(repoRoot);
  const out: string[] = [BEGIN];
  for (const pack of PACKS) {
    out.push('', `### Pack \`${pack.name}\` (${pack.rules.length} rules)`, '', pack.description);
    const areas = [...new Set(pack.rules.map((r) => files.get(r.id)?.area ?? 'other'))];
    for (const area of areas) {
      out.push('', `#### ${AREAS[area] ?? area} (\`${pack.name}\`)`);
      for (const r of pack.rules.filter((x) => (files.get(x.id)?.area ?? 'other') === area)) {
        const src = files.get(r.id)?.file;
        out.push(
          '',
          `##### ${r.id} — ${r.title}`,
          '',
          `- **Severity:** ${r.severity} · **Reads:** ${r.resourceTypes.length ? r.resourceTypes.map((t) => `\`${t}\``).join(', ') : 'the configuration'}${src ? ` · **Source:** [\`${src}\`](../${src})` : ''}`,
          `- **Why:** ${r.rationale}`,
          `- **Fix:** ${r.fix}`,
        );
      }
    }
  }
  out.push('', END);
  return out.join('\n');
}

/** The document with its rules section replaced (appended when it has none). */
export function withRuleDocs(doc: string, repoRoot: string): string {
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  const block = renderRuleDocs(repoRoot);
  if (a < 0 || b < 0) return `${doc.replace(/\n*$/, '\n')}\n${block}\n`;
  return doc.slice(0, a) + block + doc.slice(b + END.length);
}
