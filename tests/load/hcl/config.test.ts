import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHcl } from '../../../src/load/hcl/index.js';
import { ModelIndex } from '../../../src/model/query.js';
import type { StackModel } from '../../../src/model/resource.js';
import { isUnknown, Unknown } from '../../../src/model/value.js';
import { repoRoot } from '../../helpers/paths.js';

const dir = join(repoRoot, 'tests/fixtures/hcl/basic');
const main = join(dir, 'main.tf');
let model: StackModel;
let index: ModelIndex;

beforeAll(async () => {
  model = await loadHcl({ dir, availabilityZones: ['ap-northeast-2a', 'ap-northeast-2c'] });
  index = new ModelIndex(model);
});

const get = (address: string) => {
  const r = index.get(address);
  if (!r) throw new Error(`no resource ${address}; have ${model.resources.map((x) => x.address).join(', ')}`);
  return r;
};

describe('configuration evaluation (fixture basic)', () => {
  it('expands count and for_each into terraform addresses, sorted', () => {
    expect(model.resources.map((r) => r.address)).toEqual([
      'aws_instance.api[0]',
      'aws_instance.api[1]',
      'aws_s3_bucket.logs',
      'aws_security_group.web',
      'aws_subnet.private["ap-northeast-2a"]',
      'aws_subnet.private["ap-northeast-2c"]',
      'aws_vpc.main',
      'data.aws_ami.al2023',
      'data.aws_availability_zones.available',
      'data.aws_caller_identity.current',
      'data.aws_iam_policy_document.assume',
      'data.aws_partition.current',
      'data.aws_region.current',
      'module.app["staging"].aws_db_instance.this',
      'module.app["staging"].aws_instance.this',
      'random_password.db',
      'terraform_data.marker',
    ]);
    expect(get('aws_instance.api[1]').index).toBe(1);
    expect(get('aws_subnet.private["ap-northeast-2c"]').index).toBe('ap-northeast-2c');
    expect(get('module.app["staging"].aws_instance.this').module).toBe('module.app["staging"]');
  });

  it('evaluates locals in any order, each/count values, templatefile and path.module', () => {
    expect(get('aws_subnet.private["ap-northeast-2c"]').values.cidr_block).toBe('10.0.1.0/24');
    const api = get('aws_instance.api[1]');
    expect(api.values.tags).toEqual({ Name: 'demo-default-api-1' });
    expect(api.values.user_data).toBe('#!/bin/bash\necho "host demo-default #1"\n');
    expect(api.values.instance_type).toBe('t3.small');
  });

  it('writes nested blocks as lists of objects, static blocks before dynamic ones, meta-arguments dropped', () => {
    const sg = get('aws_security_group.web');
    // What a rule leaves unset is the provider's default (schema/aws-defaults.json: description "", self false).
    expect(sg.values.ingress).toEqual([
      { description: 'static', from_port: 8080, to_port: 8080, protocol: 'tcp', cidr_blocks: ['10.0.0.0/16'], self: false },
      { from_port: 80, to_port: 80, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], description: '', self: false },
      { from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], description: '', self: false },
    ]);
    const api = get('aws_instance.api[0]');
    // Written values, and what terraform 1.11 + aws 5.100 plans for the rest of the block (checked
    // against a real plan): delete_on_termination true, volume_type, iops, throughput, kms_key_id unknown.
    const [root] = api.values.root_block_device as Record<string, unknown>[];
    expect(root).toMatchObject({ volume_size: 30, encrypted: true, delete_on_termination: true });
    for (const k of ['volume_type', 'iops', 'throughput', 'kms_key_id']) expect(isUnknown(root[k]), k).toBe(true);
    expect(api.values).not.toHaveProperty('lifecycle');
    expect(api.values).not.toHaveProperty('count');
  });

  it('records source locations for blocks, attributes, nested and dynamic block attributes', () => {
    const sg = get('aws_security_group.web');
    expect(sg.source?.block).toMatchObject({ file: main, line: 55 });
    expect(sg.source?.attributes['name']).toMatchObject({ file: main, line: 57 });
    expect(sg.source?.attributes['ingress.0.from_port']).toMatchObject({ line: 62 });
    // dynamic content attributes point into the content block
    expect(sg.source?.attributes['ingress.2.from_port']).toMatchObject({ line: 72 });
    expect(sg.source?.suppressions).toEqual([
      { ruleId: 'SG-001', reason: 'the ALB must be reachable from the internet', location: { file: main, line: 56 } },
    ]);
  });

  it('leaves computed attributes unknown with their origin, and references resolve to instances', () => {
    const api = get('aws_instance.api[0]');
    const subnet = api.values.subnet_id;
    expect(isUnknown(subnet) && subnet.origins).toEqual([{ address: 'aws_subnet.private["ap-northeast-2a"]', attribute: 'id' }]);
    expect(index.follow(api, 'subnet_id').map((r) => r.address)).toEqual(['aws_subnet.private["ap-northeast-2a"]']);
    expect(index.follow(api, 'vpc_security_group_ids').map((r) => r.address)).toEqual(['aws_security_group.web']);
    const db = get('module.app["staging"].aws_db_instance.this');
    expect(index.follow(db, 'password').map((r) => r.address)).toEqual(['random_password.db']);
    expect(db.sensitive).toEqual(['password']);
    expect(isUnknown(get('aws_vpc.main').values.id)).toBe(true);
  });

  it('merges provider default_tags into tags_all (aliased providers have their own)', () => {
    expect(get('aws_vpc.main').values.tags_all).toEqual({ Project: 'demo', ManagedBy: 'terraform', Name: 'demo-default' });
    expect(get('aws_s3_bucket.logs').values.tags_all).toEqual({ Extra: 'yes' });
    expect(get('module.app["staging"].aws_instance.this').values.tags_all).toEqual({
      Project: 'demo',
      ManagedBy: 'terraform',
      Name: 'demo-default-staging',
    });
    expect(get('aws_vpc.main').provider).toBe('registry.terraform.io/hashicorp/aws');
    expect(get('terraform_data.marker').provider).toBe('terraform.io/builtin/terraform');
  });

  it('knows the data sources that need no AWS and leaves the others unknown', () => {
    expect(get('data.aws_region.current').values).toMatchObject({ region: 'ap-northeast-2', name: 'ap-northeast-2' });
    expect(get('data.aws_partition.current').values).toMatchObject({ partition: 'aws', dns_suffix: 'amazonaws.com' });
    expect(get('data.aws_availability_zones.available').values.names).toEqual(['ap-northeast-2a', 'ap-northeast-2c']);
    expect(isUnknown(get('data.aws_caller_identity.current').values.account_id)).toBe(true);
    expect(isUnknown(get('data.aws_ami.al2023').values.id)).toBe(true);
    expect(get('terraform_data.marker').values.input).toEqual({ name: 'demo-default', region: 'ap-northeast-2' });
    expect(isUnknown(get('aws_instance.api[0]').values.ami)).toBe(true);
  });

  it('renders aws_iam_policy_document as the provider does', () => {
    const doc = JSON.parse(get('data.aws_iam_policy_document.assume').values.json as string);
    expect(doc).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' } },
        {
          Sid: 'ReadEnv',
          Effect: 'Allow',
          Action: ['s3:ListBucket', 's3:GetObject'],
          Resource: 'arn:aws:s3:::demo-default-env/${aws:username}/*',
          Condition: { StringEquals: { 'aws:SecureTransport': 'true' }, StringLike: { 's3:prefix': ['a/*', 'b/*'] } },
        },
      ],
    });
  });

  it('reports outputs, the backend, providers, requirements and unevaluated registry modules', () => {
    expect(model.outputs.subnet_cidrs.value).toEqual({ 'ap-northeast-2a': '10.0.0.0/24', 'ap-northeast-2c': '10.0.1.0/24' });
    expect(model.outputs.app_names.value).toEqual(['demo-default-staging']);
    expect(isUnknown(model.outputs.vpc_id.value)).toBe(true);
    expect(model.backend).toMatchObject({ type: 's3', config: { region: 'ap-northeast-2', encrypt: true, use_lockfile: true } });
    expect(model.providers.map((p) => p.name)).toEqual(['aws', 'aws.use1']);
    expect(model.requirements).toEqual({ terraform: '>= 1.11', providers: { aws: { source: 'hashicorp/aws', version: '~> 6.0' } } });
    expect(model.unevaluatedModules).toEqual([
      expect.objectContaining({ address: 'module.remote', source: 'terraform-aws-modules/vpc/aws' }),
    ]);
    expect(model.diagnostics.map((d) => d.address)).toEqual(['module.remote']);
    expect(model.variables.api_count).toBe(2);
  });

  it('takes terraform.workspace and the account id from the options', async () => {
    const other = new ModelIndex(await loadHcl({ dir, workspace: 'blue', accountId: '111122223333' }));
    expect(other.get('aws_vpc.main')?.values.tags).toEqual({ Name: 'demo-blue' });
    expect(other.get('data.aws_caller_identity.current')?.values.account_id).toBe('111122223333');
  });

  it('applies a -var-file over defaults, with optional object defaults', async () => {
    const prod = await loadHcl({ dir, varFiles: [join(dir, 'envs/prod.tfvars')] });
    const addresses = prod.resources.map((r) => r.address);
    expect(addresses.filter((a) => a.startsWith('aws_instance.api'))).toEqual(['aws_instance.api[0]']);
    expect(prod.variables.environments).toEqual({
      prod: { instance_type: 'm5.large', enabled: true },
      staging: { instance_type: 't3.small', enabled: true },
    });
    const p = new ModelIndex(prod);
    expect(p.get('module.app["prod"].aws_instance.this')?.values.instance_type).toBe('m5.large');
    expect(p.get('aws_instance.api[0]')?.values.instance_type).toBe('m5.xlarge');
  });
});

describe('the schema hook (opts.shapeValues)', () => {
  it('is applied to every resource; the computed attributes it adds get the resource as origin; tags_all follows it', async () => {
    const seen: string[] = [];
    const m = await loadHcl({
      dir,
      shapeValues: (type, mode, values) => {
        seen.push(`${mode}:${type}`);
        if (type !== 'aws_security_group') return values;
        return { ...values, arn: unknownArn(), tags: null, tags_all: null };
      },
    });
    expect(seen).toContain('managed:aws_security_group');
    expect(seen).toContain('data:aws_region');
    const sg = new ModelIndex(m).get('aws_security_group.web')!;
    expect(isUnknown(sg.values.arn) && sg.values.arn.origins).toEqual([{ address: 'aws_security_group.web', attribute: 'arn' }]);
    expect(sg.values.tags_all).toEqual({ Project: 'demo', ManagedBy: 'terraform' });
  });
});

function unknownArn() {
  return new Unknown('known after apply');
}
