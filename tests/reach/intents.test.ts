/**
 * The intents file against the contract stack: every intent holds; a copy with one cross-environment
 * rule fails with a witness naming that rule's file:line; bad intents files are clear errors.
 */
import { describe, expect, it } from 'vitest';
import { ModelIndex } from '../../src/model/query.js';
import { UserError } from '../../src/errors.js';
import type { Unknown } from '../../src/model/value.js';
import { loadIntents, parseIntents, expandIntents } from '../../src/reach/intents.js';
import { runReach } from '../../src/reach/checker.js';
import { stackIntentsFile } from '../helpers/paths.js';
import { contractStack, unexpectedVerdicts } from './contract-stack.js';

const intentsFile = stackIntentsFile();

describe('intents of the stack on the contract model', () => {
  it('every intent holds for staging + prod', async () => {
    const intents = await loadIntents(intentsFile);
    const { b } = contractStack();
    const r = runReach(new ModelIndex(b.build()), intents);
    // Every intent passes: the ai-agent's media rule names the NLB's Elastic IP as
    // "${aws_eip.nlb.public_ip}/32", the address the NLB's subnet mapping holds (decided symbolically).
    expect(unexpectedVerdicts(r.results, ['staging', 'prod'])).toEqual([]);
    // {env} expanded over both environments, {other} over the pairs
    expect(r.results.map((x) => x.title)).toContain('staging reaches nothing of prod');
    expect(r.results.map((x) => x.title)).toContain('prod reaches nothing of staging');
    expect(r.results.length).toBeGreaterThan(30);
  });

  it('an Elastic IP of no known shape (a plan) leaves exactly the media intents unknown, with that reason', async () => {
    const intents = await loadIntents(intentsFile);
    const r = runReach(new ModelIndex(contractStack(['staging', 'prod'], 'opaque').b.build()), intents);
    expect(unexpectedVerdicts(r.results, ['staging', 'prod'], 'opaque')).toEqual([]);
  });

  it('in an ephemeral model with one environment the cross-environment intents vanish', async () => {
    const intents = await loadIntents(intentsFile);
    const r = runReach(new ModelIndex(contractStack(['staging']).b.build()), intents);
    expect(r.results.some((x) => x.title.includes('reaches nothing of'))).toBe(false);
    expect(unexpectedVerdicts(r.results, ['staging'])).toEqual([]);
  });

  it('one cross-environment rule fails "staging reaches nothing of prod" with a witness naming the rule file:line', async () => {
    const intents = await loadIntents(intentsFile);
    const { b, sg } = contractStack();
    const bad = b.rule('oops', 'ingress', sg['prod-rds'], 'tcp', 5432, 5432, sg['staging-api']);
    b.rule('oops_out', 'egress', sg['staging-api'], 'tcp', 5432, 5432, sg['prod-rds']);
    const r = runReach(new ModelIndex(b.build()), intents);
    const cross = r.results.find((x) => x.title === 'staging reaches nothing of prod')!;
    expect(cross.verdict).toBe('fail');
    const f = cross.findings.find((x) => x.verdict === 'fail')!;
    expect(f.address).toBe(bad);
    const line = b.get(bad).source!.block.line;
    expect(f.location).toEqual({ file: 'security-groups.tf', line });
    expect(f.message).toContain(`${bad} ingress rule (security-groups.tf:${line})`);
    expect(f.message).toMatch(/staging-api → prod-rds is allowed on 5432\/tcp/);
    // the reverse direction and the data-store invariant see it too
    expect(r.results.find((x) => x.title === 'prod-rds is reached only from prod-api and prod-ai-agent, on 5432')!.verdict).toBe('fail');
    expect(r.results.find((x) => x.title === 'prod reaches nothing of staging')!.verdict).toBe('pass');
  });

  it('a missing rule fails its allow intent with the blocking hop and what to change', async () => {
    const intents = await loadIntents(intentsFile);
    const { b } = contractStack();
    const rm = b.resources.find((r) => r.type === 'aws_vpc_security_group_ingress_rule' && r.name.includes('prod_redis_ingress_tcp_6379') && (r.values.referenced_security_group_id as Unknown).origins[0].address === 'aws_security_group.prod_ai_agent')!;
    b.remove(rm.address);
    const r = runReach(new ModelIndex(b.build()), intents);
    const res = r.results.find((x) => x.title === 'prod-api and prod-ai-agent reach prod-redis')!;
    expect(res.verdict).toBe('fail');
    const f = res.findings.find((x) => x.verdict === 'fail')!;
    expect(f.message).toMatch(/prod-ai-agent → prod-redis 6379\/tcp is denied at "security group ingress of prod-redis from prod-ai-agent"/);
    expect(f.message).toMatch(/add an ingress rule to aws_security_group\.prod_redis for tcp 6379 from security group aws_security_group\.prod_ai_agent/);
  });

  it('an extra port between roles that may talk fails only the closed-world check, naming the rule', async () => {
    const intents = await loadIntents(intentsFile);
    const { b, sg } = contractStack(['staging']);
    const extra = b.rule('extra', 'ingress', sg['staging-api'], 'tcp', 8001, 8001, sg['staging-web']);
    b.rule('extra_out', 'egress', sg['staging-web'], 'tcp', 8001, 8001, sg['staging-api']);
    const r = runReach(new ModelIndex(b.build()), intents);
    expect(r.results.filter((x) => x.verdict === 'fail').map((x) => x.checkId)).toEqual(['reach:closed-world']);
    const f = r.results.find((x) => x.checkId === 'reach:closed-world')!.findings.find((x) => x.verdict === 'fail')!;
    expect(f.message).toMatch(/^staging-web → staging-api 8001\/tcp is allowed but no intent states it; opened by aws_vpc_security_group_ingress_rule\.extra/);
    expect(f.location).toEqual({ file: 'security-groups.tf', line: b.get(extra).source!.block.line });
  });

  it('opening SSH anywhere fails "nothing reaches SSH or RDP"', async () => {
    const intents = await loadIntents(intentsFile);
    const { b, sg } = contractStack(['staging']);
    const ssh = b.rule('ssh', 'ingress', sg['staging-web'], 'tcp', 22, 22, '10.0.0.0/16');
    b.rule('ssh_out', 'egress', sg['staging-api'], 'tcp', 0, 65535, '10.0.0.0/16');
    const r = runReach(new ModelIndex(b.build()), intents);
    const res = r.results.find((x) => x.title === 'nothing reaches SSH or RDP')!;
    expect(res.verdict).toBe('fail');
    expect(res.findings.filter((f) => f.verdict === 'fail').map((f) => f.address)).toContain(ssh);
  });
});

describe('intents file validation', () => {
  const bad = (text: string) => {
    try {
      parseIntents(text, 'x.yaml');
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      return (e as UserError).format();
    }
    throw new Error('no error');
  };
  it('names file:line of an unknown key', () => {
    expect(bad('version: 1\nintents:\n  - expect: allow\n    from: a\n    to: b\n    ports: [80/tcp]\n    colour: red\n')).toMatch(/^x\.yaml:3: intents: \/intents\/0 has an unknown key "colour"/);
  });
  it('rejects a malformed port with its line', () => {
    expect(bad('version: 1\nintents:\n  - expect: deny\n    from: a\n    to: b\n    ports: [80/tcp, http]\n')).toMatch(/^x\.yaml:6: .*ports\/1 must match pattern/);
  });
  it('rejects an out-of-range port', () => {
    expect(bad('version: 1\nintents:\n  - expect: deny\n    from: a\n    to: b\n    ports: [70000/tcp]\n')).toMatch(/x\.yaml:\d+: intents: port "70000\/tcp" is out of range/);
  });
  it('rejects "any" ports on an allow intent and broken YAML', () => {
    expect(bad('version: 1\nintents:\n  - expect: allow\n    from: a\n    to: b\n    ports: any\n')).toMatch(/^x\.yaml:6: .*ports must be array/);
    expect(bad('version: 1\nintents: [\n')).toMatch(/^x\.yaml:\d+(:\d+)?: not valid YAML/);
  });
  it('expands {env} and {other}', () => {
    const f = parseIntents('version: 1\nintents:\n  - expect: deny\n    from: "{env}-*"\n    to: "{other}-*"\n    ports: any\n', 'x.yaml');
    expect(expandIntents(f, ['a', 'b', 'c']).map((i) => i.checkId)).toEqual([
      'deny:a-*->b-*:any', 'deny:a-*->c-*:any', 'deny:b-*->a-*:any', 'deny:b-*->c-*:any', 'deny:c-*->a-*:any', 'deny:c-*->b-*:any',
    ]);
  });
});

describe('expected flows for probes', () => {
  it('applies exceptions and keeps via, so a probe never expects the ALB on 443 to be closed', async () => {
    const { expectedFlows } = await import('../../src/reach/intents.js');
    const { buildNetwork } = await import('../../src/network/index.js');
    const intents = await loadIntents(intentsFile);
    const net = buildNetwork(new ModelIndex(contractStack(['staging']).b.build()));
    const flows = expectedFlows(net, expandIntents(intents, ['staging']), [
      { port: 22, proto: 'tcp' },
      { port: 443, proto: 'tcp' },
      { port: 7882, proto: 'udp' },
    ]);
    const only = flows.filter((f) => f.checkId === 'deny:internet->*:any@direct');
    expect(only.some((f) => f.to === 'shared-alb' && f.port === 443)).toBe(false);
    expect(only.some((f) => f.to === 'shared-nlb' && f.port === 7882)).toBe(false);
    expect(only.find((f) => f.to === 'shared-alb' && f.port === 22)).toMatchObject({ expect: 'deny', via: 'direct' });
    expect(flows.filter((f) => f.checkId === 'allow:internet->shared-alb:80/tcp,443/tcp').map((f) => f.port)).toEqual([80, 443]);
  });
});
