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
import type { StackModel } from '../../src/model/resource.js';
import { isUnknown } from '../../src/model/value.js';
import { runReach } from '../../src/reach/checker.js';
import { loadIntents } from '../../src/reach/intents.js';
import { repoRoot, stackIntentsFile } from '../helpers/paths.js';
import { unexpectedVerdicts } from './contract-stack.js';

const intentsFile = stackIntentsFile();

async function reach(root: string, deployment: string, edit?: (m: StackModel) => void) {
  const model = await loadStack({ dir: join(root, 'terraform'), varFiles: [join(root, 'terraform', 'envs', `${deployment}.tfvars`)], env: {} });
  edit?.(model);
  return runReach(new ModelIndex(model), await loadIntents(intentsFile));
}

/**
 * As a plan of the applied stack has them: every Elastic IP with its public address, and every
 * security-group CIDR written as an EIP's `public_ip/32` with that address.
 */
function eipsKnown(m: StackModel): string[] {
  const ips = new Map<string, string>();
  for (const r of m.resources) if (r.type === 'aws_eip') r.values.public_ip = ips.set(r.address, `203.0.113.${10 + ips.size}`).get(r.address)!;
  const set: string[] = [];
  for (const r of m.resources) {
    const c = r.values.cidr_ipv4;
    const ip = isUnknown(c) && c.origins.length === 1 && c.origins[0].attribute === 'public_ip' ? ips.get(c.origins[0].address) : undefined;
    if (ip) set.push((r.values.cidr_ipv4 = `${ip}/32`));
  }
  return set;
}

describe('reachability of the real stack', () => {
  it('live (staging + prod + shared): every intent holds', async () => {
    const r = await reach(repoRoot, 'live');
    // Every intent is decided before apply: the agent's media egress names the NLB's Elastic IP as
    // "${module.nlb.aws_eip.this["0"].public_ip}/32", which the NLB's subnet mapping holds.
    expect(unexpectedVerdicts(r.results, ['staging', 'prod'])).toEqual([]);
    expect(r.results.map((x) => x.title)).toContain('staging reaches nothing of prod');
    // 7 hosts, 2 databases, 3 Redis, ALB, NLB, and the 7 VPC interface endpoints (one interface each in one AZ)
    expect(r.section.stats.endpoints).toBe(21);
  });

  it('ephemeral (shared + one environment): every intent holds', async () => {
    const r = await reach(repoRoot, 'ephemeral');
    expect(unexpectedVerdicts(r.results, ['staging'])).toEqual([]);
    expect(r.results.some((x) => x.title.includes('reaches nothing of'))).toBe(false);
  });

  it('live with the Elastic IPs known (a plan of the applied stack): the ai-agent reaches the NLB through NAT, every intent passes', async () => {
    let rewritten: string[] = [];
    const r = await reach(repoRoot, 'live', (m) => (rewritten = eipsKnown(m)));
    expect(rewritten.length).toBe(4); // 2 media ports (7882/udp, 7881/tcp) × 2 environments
    expect(r.results.filter((x) => x.verdict !== 'pass').map((x) => `${x.checkId}: ${x.verdict}`)).toEqual([]);
    const media = r.results.find((x) => x.checkId === 'allow:prod-ai-agent->shared-nlb:7882/udp,7881/tcp')!;
    const f = media.findings.find((x) => x.message.startsWith('prod-ai-agent → shared-nlb 7882/udp'))!;
    expect(f.message).toMatch(/public address, arriving as NAT gateway module\.vpc\.aws_nat_gateway/);
    expect(f.message).toMatch(/prod-ai-agent-to-nlb-eip-0-udp-7882/);
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
