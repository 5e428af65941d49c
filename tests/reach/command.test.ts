/**
 * `stackcheck reach` end to end through the CLI dispatcher: one question (witness / blocking hop),
 * the matrix as JSON, the intents, and bad input as one clear line with exit 2.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import type { CommandIO } from '../../src/commands/types.js';
import { corpusAvailable, corpusDir, repoRoot } from '../helpers/paths.js';

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const io: CommandIO = { stdout: (t) => (out += t), stderr: (t) => (err += t), env: {}, cwd: repoRoot, isTTY: false };
  const code = await main(['reach', ...argv], io);
  return { code, out, err };
}

const live = ['terraform', '--var-file', 'terraform/envs/live.tfvars'];

describe('stackcheck reach', () => {
  it('answers one question on the stack with the witness path (exit 0)', async () => {
    const r = await run(...live, '--from', 'internet', '--to', 'staging-api', '--port', '8000');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^internet → staging-api 8000\/tcp: ALLOWED \(via shared-alb:443\)/);
    expect(r.out).toMatch(/listener rule priority \d+ \(host [^)]+\) \(modules\/alb\/main\.tf:\d+\)|listener rule .*\.tf:\d+/);
  });

  it('answers a denied question with the first blocking hop and what would have to change (exit 1)', async () => {
    const r = await run(...live, '--from', 'staging-web', '--to', 'staging-rds', '--port', '5432');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/staging-web → staging-rds 5432\/tcp: DENIED/);
    // the first hop in path order is the source's egress; the blocked path lists every setting
    expect(r.out).toMatch(/first blocking hop: security group egress of staging-web to staging-rds/);
    expect(r.out).toMatch(/to allow it, change:\n {4}- add an egress rule to aws_security_group\.this\["staging-web"\] for tcp 5432[^\n]*\n {4}- add an ingress rule to aws_security_group\.this\["staging-rds"\] for tcp 5432/);
  });

  it.skipIf(!corpusAvailable)('prints the matrix of a real plan as JSON', async () => {
    const r = await run('--plan-json', join(corpusDir, 'terraform-compliance__cli/tests/functional/test_issue-171/plan.out.json'), '--matrix', '--json');
    expect(r.code).toBe(0);
    const m = JSON.parse(r.out);
    // 80 is admitted by the SG and a listener, but the public route's gateway_id is unknown and
    // unreferenced in this 0.12 plan: whether the subnet is public is unknown, not assumed.
    expect(m.cells).toEqual([{ from: 'internet', to: 'aws_lb.nlb-noncompliant', via: 'direct', tcp: '', udp: '', unknown: '80/tcp' }]);
    expect(m.topology.vpcs[0].subnets.length).toBe(4);
  });

  it('checks the intents and writes the HTML report', async () => {
    const r = await run(...live, '--html', 'reports/reach-live.html');
    expect(r.code).toBe(0);
    // every intent decided before apply (the agent's media rule names the NLB's Elastic IP symbolically)
    expect(r.out).toMatch(/\n51 passed, 0 failed, 0 unknown \(51 checks, 21 endpoints/);
    expect(r.err).toContain('wrote reports/reach-live.html');
  });

  it('rejects bad input with one line and exit 2', async () => {
    expect(await run(...live, '--port', 'http')).toMatchObject({ code: 2, err: expect.stringMatching(/^stackcheck reach: --port http: expected a port number/) });
    expect(await run(...live, '--from', 'nobody', '--to', 'staging-api', '--port', '1')).toMatchObject({ code: 2, err: expect.stringMatching(/--from nobody: no endpoint matches \(roles here: internet, /) });
    expect(await run('--matrix')).toMatchObject({ code: 2, err: expect.stringMatching(/give a Terraform directory or --plan-json FILE/) });
    const bad = await run(...live, '--intents', 'package.json');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/package\.json:1: intents: \/ has an unknown key "name"|package\.json:\d+: intents:/);
  });
});
