import { describe, expect, it } from 'vitest';
import {
  configAddress,
  containsUnknown,
  effectiveTags,
  getPath,
  ModelIndex,
  stripAttribute,
  Unknown,
  type Resource,
  type StackModel,
} from '../../src/model/index.js';

function resource(address: string, values: Resource['values'] = {}, references: Resource['references'] = []): Resource {
  const m = /^(.*?)\.?((?:data\.)?[a-z0-9_]+)\.([a-z0-9_-]+)(\[[^\]]+\])?$/.exec(address)!;
  return {
    address,
    module: m[1],
    mode: m[2].startsWith('data.') ? 'data' : 'managed',
    type: m[2].replace(/^data\./, ''),
    name: m[3],
    provider: 'registry.terraform.io/hashicorp/aws',
    values,
    sensitive: [],
    references,
  };
}

function stack(resources: Resource[]): StackModel {
  return { origin: 'hcl', source: 't', resources, variables: {}, outputs: {}, providers: [], unevaluatedModules: [], diagnostics: [] };
}

describe('addresses', () => {
  it('configAddress drops instance keys, quoted keys with dots and brackets included', () => {
    expect(configAddress('module.a["x.y[0]"].aws_instance.b[0]')).toBe('module.a.aws_instance.b');
    expect(configAddress('aws_subnet.s["ap-northeast-2a"]')).toBe('aws_subnet.s');
  });

  it('stripAttribute keeps the resource (with its key) and drops the attribute', () => {
    expect(stripAttribute('aws_security_group.a.id')).toBe('aws_security_group.a');
    expect(stripAttribute('module.m["k.1"].aws_x.y["k"].arn')).toBe('module.m["k.1"].aws_x.y["k"]');
    expect(stripAttribute('data.aws_iam_policy_document.p.json')).toBe('data.aws_iam_policy_document.p');
    expect(stripAttribute('module.a.module.b.data.aws_ami.x.id')).toBe('module.a.module.b.data.aws_ami.x');
  });
});

describe('values', () => {
  it('getPath walks objects and lists and stops at an unknown', () => {
    const u = new Unknown('known after apply');
    const v = { a: [{ b: 1 }], c: u, d: null };
    expect(getPath(v, 'a.0.b')).toBe(1);
    expect(getPath(v, 'c.x.y')).toBe(u);
    expect(getPath(v, 'd.x')).toBeUndefined();
    expect(getPath(v, 'a.x')).toBeUndefined();
    expect(containsUnknown(v)).toBe(true);
    expect(containsUnknown({ a: [1, { b: 'x' }] })).toBe(false);
  });

  it('an Unknown serialises as {"unknown":true,"reason":…}', () => {
    expect(JSON.parse(JSON.stringify({ v: new Unknown('known after apply', [{ address: 'a.b', attribute: 'id' }]) }))).toEqual({
      v: { unknown: true, reason: 'known after apply' },
    });
  });
});

describe('ModelIndex', () => {
  const sg = resource('module.net.aws_security_group.api', { id: new Unknown('known after apply'), tags_all: { Environment: 'prod', Project: 'dolbom' } });
  const sgKnown = resource('aws_security_group.legacy', { id: 'sg-0123', arn: 'arn:aws:ec2:ap-northeast-2:1:security-group/sg-0123', tags: { Environment: 'staging' } });
  const subnets = ['a', 'b'].map((k) => resource(`module.net.aws_subnet.private["${k}"]`, { id: new Unknown('known after apply') }));
  const rule = resource('module.net.aws_security_group_rule.in', {
    security_group_id: new Unknown('known after apply', [{ address: 'module.net.aws_security_group.api', attribute: 'id' }]),
    source_security_group_id: 'sg-0123',
  });
  const instance = resource('module.net.aws_instance.api[0]', { vpc_security_group_ids: [new Unknown('x'), 'arn:aws:ec2:ap-northeast-2:1:security-group/sg-0123'] }, [
    { attribute: 'subnet_id', target: 'aws_subnet.private' },
    { attribute: 'vpc_security_group_ids', target: 'aws_security_group.api.id' },
  ]);
  const index = new ModelIndex(stack([sg, sgKnown, ...subnets, rule, instance]));

  it('finds by type, address, known id and tags (tags_all over tags)', () => {
    expect(index.ofType('aws_security_group').map((r) => r.address)).toEqual(['module.net.aws_security_group.api', 'aws_security_group.legacy']);
    expect(index.get('aws_security_group.legacy')).toBe(sgKnown);
    expect(index.byKnownId('sg-0123')).toBe(sgKnown);
    expect(index.withTags({ Environment: 'prod' }).map((r) => r.address)).toEqual(['module.net.aws_security_group.api']);
    expect(effectiveTags(sgKnown)).toEqual({ Environment: 'staging' });
  });

  it('follows an unknown by its origin and a known id or ARN to the resource', () => {
    expect(index.follow(rule, 'security_group_id')).toEqual([sg]);
    expect(index.follow(rule, 'source_security_group_id')).toEqual([sgKnown]);
  });

  it('follows module-relative references, a reference without instance key reaching every instance', () => {
    expect(index.follow(instance, 'subnet_id').map((r) => r.address)).toEqual([
      'module.net.aws_subnet.private["a"]',
      'module.net.aws_subnet.private["b"]',
    ]);
    expect(index.follow(instance, 'vpc_security_group_ids').map((r) => r.address).sort()).toEqual([
      'aws_security_group.legacy',
      'module.net.aws_security_group.api',
    ]);
  });
});
