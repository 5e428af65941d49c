/**
 * The engine's contract, on hand-built models: unknown is never a pass (and fails under --strict),
 * a rule that throws is an engine error that does not stop the other resources, deleted resources
 * are not judged, suppressions need a reason and stay in the report, and findings point at the
 * offending attribute (or its nearest declared parent, or the block).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { ModelIndex } from '../../src/model/query.js';
import { Unknown } from '../../src/model/value.js';
import { locate, runRules, SUPPRESSION_CHECK_ID } from '../../src/policy/engine.js';
import { mustEqual } from '../../src/policy/factories.js';
import { loadSuppressionsFile } from '../../src/policy/suppressions.js';
import { globMatches } from '../../src/model/glob.js';
import type { ModelRule, ResourceRule } from '../../src/policy/types.js';
import { allRules } from '../../src/policy/packs/index.js';
import { check, fixturesDir, loadFixture, model, resource } from './helpers.js';

const imds = mustEqual(
  { id: 'TST-001', title: 'tokens required', rationale: 'test', fix: 'Set it.', resourceTypes: ['aws_instance'] },
  'metadata_options.0.http_tokens',
  'required',
  { whenAbsent: 'optional' },
);

const src = (line: number) => ({ file: '/repo/terraform/main.tf', line });

describe('unknown values', () => {
  const m = model([resource('aws_instance.a', { metadata_options: [{ http_tokens: new Unknown('depends on var.x', [{ address: 'random_pet.p', attribute: 'id' }]) }] })]);

  it('1. an unknown value gives verdict unknown with the reason, never pass', () => {
    const [r] = check([imds], m);
    expect(r.verdict).toBe('unknown');
    expect(r.findings[0].message).toContain('depends on var.x');
  });

  it('2. --strict turns unknown into fail', () => {
    const [r] = check([imds], m, { strict: true });
    expect(r.verdict).toBe('fail');
    expect(r.findings[0].message).toMatch(/^unknown \(fails under --strict\)/);
  });

  it('3. a provider-computed default (plan: unknown whose only origin is the resource itself) is "not set"', () => {
    const computed = model([resource('aws_instance.a', { metadata_options: new Unknown('known after apply', [{ address: 'aws_instance.a', attribute: 'metadata_options' }]) })]);
    const [r] = check([imds], computed);
    expect(r.verdict).toBe('fail');
    expect(r.findings[0].message).toContain('not set (default "optional")');
  });
});

describe('a rule that throws', () => {
  const boom: ResourceRule = {
    id: 'TST-002',
    title: 'throws on b',
    severity: 'error',
    rationale: 'test',
    fix: 'none',
    resourceTypes: ['aws_instance'],
    check(r) {
      if (r.name === 'b') throw new Error('kaboom');
      return { verdict: 'pass', message: 'ok' };
    },
  };

  it('is an engine error naming the rule and the resource; the other resources are still judged', () => {
    const m = model([resource('aws_instance.a', {}), resource('aws_instance.b', {}), resource('aws_instance.c', {})]);
    const [r] = runRules([boom], m, new ModelIndex(m), { deployment: 't', strict: false });
    expect(r.verdict).toBe('error');
    const error = r.findings.find((f) => f.verdict === 'error')!;
    expect(error.address).toBe('aws_instance.b');
    expect(error.message).toContain('kaboom');
    expect(r.findings.filter((f) => f.verdict === 'pass').map((f) => f.address)).toEqual(['aws_instance.a', 'aws_instance.c']);
  });
});

describe('planned deletions', () => {
  it('a resource the plan only deletes is not judged as future state', () => {
    const m = model([resource('aws_instance.old', {}, { actions: ['delete'] }), resource('aws_instance.new', {}, { actions: ['create'] })]);
    const [r] = check([imds], m);
    expect(r.findings.map((f) => f.address)).toEqual(['aws_instance.new']);
  });
});

describe('locations', () => {
  const r = resource('aws_instance.a', {}, { source: { block: src(10), attributes: { metadata_options: src(12), 'metadata_options.0': src(12), 'ingress.0': src(20) } } });

  it('the exact attribute, else the nearest declared parent, else the block', () => {
    expect(locate(r, 'metadata_options')?.line).toBe(12);
    expect(locate(r, 'metadata_options.0.http_tokens')?.line).toBe(12);
    expect(locate(r, 'ingress.0.cidr_blocks.1')?.line).toBe(20);
    expect(locate(r, 'key_name')?.line).toBe(10);
    expect(locate(r, undefined)?.line).toBe(10);
  });

  it('a plan resource (no source) has no location, only its address', () => {
    expect(locate(resource('aws_instance.p', {}), 'key_name')).toBeUndefined();
  });
});

describe('suppressions', () => {
  const failing = (suppressions?: { ruleId: string; reason: string; location: { file: string; line: number } }[]) =>
    model([resource('aws_instance.a', {}, { source: { block: src(1), attributes: {}, ...(suppressions ? { suppressions } : {}) } })]);

  it('1. an inline suppression with a reason suppresses the finding, which stays in the report', () => {
    const results = check([imds], failing([{ ruleId: 'TST-001', reason: 'legacy AMI until the March rebuild', location: src(2) }]));
    const r = results.find((x) => x.checkId === 'TST-001')!;
    expect(r.verdict).toBe('pass');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].verdict).toBe('fail');
    expect(r.findings[0].suppressed?.reason).toBe('legacy AMI until the March rebuild');
    expect(results.find((x) => x.checkId === SUPPRESSION_CHECK_ID)!.verdict).toBe('pass');
  });

  it('2. a reason shorter than three words is not applied and is a failing finding of its own', () => {
    const results = check([imds], failing([{ ruleId: 'TST-001', reason: 'because', location: src(2) }]));
    expect(results.find((x) => x.checkId === 'TST-001')!.verdict).toBe('fail');
    const sup = results.find((x) => x.checkId === SUPPRESSION_CHECK_ID)!;
    expect(sup.verdict).toBe('fail');
    expect(sup.findings[0].location?.line).toBe(2);
  });

  it('3. a suppression of another rule does not apply', () => {
    const results = check([imds], failing([{ ruleId: 'NET-001', reason: 'not about this rule at all', location: src(2) }]));
    expect(results.find((x) => x.checkId === 'TST-001')!.verdict).toBe('fail');
  });

  it('3b. a suppression of a rule that does not exist fails SUP-001 (typos must not look like waivers)', () => {
    const results = check([imds], failing([{ ruleId: 'TST-999', reason: 'a reason of several words', location: src(2) }]));
    const sup = results.find((x) => x.checkId === SUPPRESSION_CHECK_ID)!;
    expect(sup.verdict).toBe('fail');
    expect(sup.findings[0].message).toContain('TST-999, which is not a rule of this pack');
  });

  it('4. a suppressions-file entry applies by rule and address glob', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sup-'));
    const file = join(dir, 'suppressions.yaml');
    writeFileSync(file, 'suppressions:\n  - rule: TST-001\n    address: "aws_instance.*"\n    reason: vendor appliance image cannot do IMDSv2\n');
    const results = check([imds], failing(), { suppressions: loadSuppressionsFile(file, '.stackcheck/suppressions.yaml') });
    const f = results.find((x) => x.checkId === 'TST-001')!.findings[0];
    expect(f.suppressed?.location).toEqual({ file: '.stackcheck/suppressions.yaml', line: 2 });
  });

  it('5. globs: * spans dots and brackets, nothing else is special', () => {
    expect(globMatches('module.livekit_redis.*', 'module.livekit_redis.aws_elasticache_replication_group.this')).toBe(true);
    expect(globMatches('aws_instance.a', 'aws_instance.ab')).toBe(false);
    expect(globMatches('module.app["prod"].*', 'module.app["prod"].aws_instance.api')).toBe(true);
  });

  it('6. a malformed suppressions file is bad input naming file:line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sup-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'suppressions:\n  - rule: NET-001\n    reason: ok reason here\n  - rule: nope\n    reason: another reason here\n');
    expect(() => loadSuppressionsFile(bad, 'bad.yaml')).toThrowError(UserError);
    try {
      loadSuppressionsFile(bad, 'bad.yaml');
    } catch (e) {
      expect((e as UserError).format()).toMatch(/^bad\.yaml:4: suppression needs `rule: <RULE-ID>`/);
    }
    writeFileSync(bad, 'suppressions: [\n');
    expect(() => loadSuppressionsFile(bad, 'bad.yaml')).toThrowError(/invalid YAML/);
  });
});

describe('inline suppressions through the static evaluator', () => {
  it('a reasoned `# stackcheck:ignore` suppresses (and stays in the report); a one-word reason does not and fails SUP-001 at its line', async () => {
    const dir = join(fixturesDir, '..', 'policy-suppressions', 'inline');
    const results = check(allRules.filter((r) => r.id === 'NET-008'), await loadFixture(dir));
    const net = results.find((r) => r.checkId === 'NET-008')!;
    const byAddress = Object.fromEntries(net.findings.map((f) => [f.address, f]));
    expect(byAddress['aws_security_group.bastion'].suppressed?.reason).toBe('break-glass bastion, removed when SSM port forwarding ships');
    expect(byAddress['aws_security_group.lazy'].suppressed).toBeUndefined();
    expect(net.verdict).toBe('fail');
    const sup = results.find((r) => r.checkId === SUPPRESSION_CHECK_ID)!;
    expect(sup.findings.filter((f) => f.verdict === 'fail').map((f) => [f.address, f.location?.line])).toEqual([['aws_security_group.lazy', 14]]);
  });
});

describe('NET-007 with a peer outside the model', () => {
  const rule = allRules.find((r) => r.id === 'NET-007')!;
  const sg = resource('aws_security_group.prod_rds', { id: 'sg-prod', tags: { Environment: 'prod' }, ingress: [], egress: [] });

  it('1. an external group id is unknown (its Environment cannot be checked), never a pass', () => {
    const r = resource('aws_vpc_security_group_ingress_rule.x', { security_group_id: 'sg-prod', referenced_security_group_id: 'sg-0123external', ip_protocol: 'tcp', from_port: 5432, to_port: 5432 });
    const [result] = check([rule], model([sg, r]));
    expect(result.verdict).toBe('unknown');
  });

  it('2. a reference from an untaken branch (no value) names no peer', () => {
    const r = resource(
      'aws_vpc_security_group_egress_rule.out',
      { security_group_id: 'sg-prod', cidr_ipv4: '0.0.0.0/0', ip_protocol: 'tcp', from_port: 443, to_port: 443 },
      { references: [{ attribute: 'referenced_security_group_id', target: 'aws_security_group.this["internet"]' }] },
    );
    const [result] = check([rule], model([sg, r]));
    expect(result.verdict).toBe('pass');
  });
});

describe('resources whose number of instances is unknown (count/for_each not known before apply)', () => {
  const uncounted = { by: 'count' as const, of: 'aws_subnet.private', dependsOn: ['data.aws_availability_zones.available.names'] };
  const subnets = resource('aws_subnet.private[*]', { map_public_ip_on_launch: false }, { type: 'aws_subnet', name: 'private', unknownInstances: uncounted });
  const atLeastTwo: ModelRule = {
    id: 'TST-010',
    title: 'at least two private subnets',
    severity: 'error',
    rationale: 'test',
    fix: 'Add one.',
    resourceTypes: ['aws_subnet'],
    checkModel: (ctx) => [{ verdict: ctx.index.ofType('aws_subnet').length >= 1 ? 'pass' : 'fail', message: 'enough subnets' }],
  };
  const noPublicIp = mustEqual({ id: 'TST-011', title: 'no public ip', rationale: 'test', fix: 'Set it.', resourceTypes: ['aws_subnet'] }, 'map_public_ip_on_launch', false);

  it('1. a check that depends on how many there are is unknown, never a pass, and names them', () => {
    const [r] = check([atLeastTwo], model([subnets]));
    expect(r.verdict).toBe('unknown');
    expect(r.findings[0].message).toMatch(/aws_subnet\.private\[\*\] has an unknown number of instances \(N instances, count unknown/);
  });

  it('2. the resource itself is judged on its body, and the finding says it stands for N instances', () => {
    const [r] = check([noPublicIp], model([subnets]));
    expect(r.verdict).toBe('pass');
    expect(r.findings[0]).toMatchObject({ address: 'aws_subnet.private[*]' });
    expect(r.findings[0].message).toContain('N instances, count unknown: the count of aws_subnet.private is not known before apply (it depends on data.aws_availability_zones.available.names)');
  });

  it('3. with every count known the same check passes', () => {
    const [r] = check([atLeastTwo], model([resource('aws_subnet.private[0]', {})]));
    expect(r.verdict).toBe('pass');
  });
});
