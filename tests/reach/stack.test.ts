/**
 * The real stack (terraform/, evaluated statically for each deployment): every intent holds; a copy
 * with one cross-environment security-group rule added fails, naming that rule's file:line.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStack } from '../../src/load/index.js';
import { ModelIndex } from '../../src/model/query.js';
import { runReach } from '../../src/reach/checker.js';
import { loadIntents } from '../../src/reach/intents.js';
import { repoRoot } from '../helpers/paths.js';
import { unexpectedVerdicts } from './contract-stack.js';

const intentsFile = join(repoRoot, 'tests', 'intents', 'stack.yaml');

async function reach(root: string, deployment: string) {
  const model = await loadStack({ dir: join(root, 'terraform'), varFiles: [join(root, 'terraform', 'envs', `${deployment}.tfvars`)], env: {} });
  return runReach(new ModelIndex(model), await loadIntents(intentsFile));
}

describe('reachability of the real stack', () => {
  it('live (staging + prod + shared): every intent holds', async () => {
    const r = await reach(repoRoot, 'live');
    // Unknown, by design, only where the ai-agent's media egress names the NLB's Elastic IP (known after apply).
    expect(unexpectedVerdicts(r.results, ['staging', 'prod'])).toEqual([]);
    expect(r.results.map((x) => x.title)).toContain('staging reaches nothing of prod');
    expect(r.section.stats.endpoints).toBe(14);
  });

  it('ephemeral (shared + one environment): every intent holds', async () => {
    const r = await reach(repoRoot, 'ephemeral');
    expect(unexpectedVerdicts(r.results, ['staging'])).toEqual([]);
    expect(r.results.some((x) => x.title.includes('reaches nothing of'))).toBe(false);
  });

  describe('a copy with one cross-environment rule', () => {
    let dir = '';
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('fails "staging reaches nothing of prod" with a witness naming the rule file:line', async () => {
      dir = await mkdtemp(join(tmpdir(), 'reach-stack-'));
      for (const d of ['terraform', 'user-data', 'compose']) await cp(join(repoRoot, d), join(dir, d), { recursive: true });
      const file = join(dir, 'terraform', 'security-groups.tf');
      const before = await readFile(file, 'utf8');
      // staging-api's egress already allows 443 to 0.0.0.0/0, so this one ingress rule opens a path.
      const rule = `
resource "aws_vpc_security_group_ingress_rule" "oops" {
  security_group_id            = aws_security_group.this["prod-api"].id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.this["staging-api"].id
}
`;
      await writeFile(file, before + rule);
      const line = before.split('\n').length + 1;
      const r = await reach(dir, 'live');
      const cross = r.results.find((x) => x.title === 'staging reaches nothing of prod')!;
      expect(cross.verdict).toBe('fail');
      const f = cross.findings.find((x) => x.verdict === 'fail')!;
      expect(f.address).toBe('aws_vpc_security_group_ingress_rule.oops');
      expect(f.location?.file).toMatch(/security-groups\.tf$/);
      expect(f.location?.line).toBe(line);
      expect(f.message).toMatch(/staging-api → prod-api is allowed on 443\/tcp/);
      // ... and the closed-world check (no intent states that flow); nothing else
      expect(r.results.filter((x) => x.verdict === 'fail').map((x) => x.checkId)).toEqual(['deny:staging-*->prod-*:any@direct', 'reach:closed-world']);
    });
  });
});
