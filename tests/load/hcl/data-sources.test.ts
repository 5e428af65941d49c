import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHcl, type HclLoadOptions } from '../../../src/load/hcl/index.js';
import { ModelIndex } from '../../../src/model/query.js';
import { isUnknown } from '../../../src/model/value.js';
import { repoRoot } from '../../helpers/paths.js';

async function load(tf: string, opts: Partial<HclLoadOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hcl-data-'));
  writeFileSync(join(dir, 'main.tf'), tf);
  return new ModelIndex(await loadHcl({ dir, ...opts }));
}

describe('aws_iam_policy_document', () => {
  it('renders exactly what AWS provider 5.100.0 rendered for the differential fixture (recorded from terraform plan)', async () => {
    const idx = new ModelIndex(await loadHcl({ dir: join(repoRoot, 'tests/fixtures/hcl/differential/iam') }));
    const many = idx.get('data.aws_iam_policy_document.many')!;
    // Recorded from `terraform show -json` of a real plan (provider 5.100.0).
    expect(many.values.minified_json).toBe(
      '{"Version":"2012-10-17","Id":"many","Statement":[{"Sid":"Read","Effect":"Allow","Action":["s3:ListBucket","s3:GetObjectVersion","s3:GetObject"],"Resource":["arn:aws:s3:::bucket/${aws:username}/*","arn:aws:s3:::bucket"],"Condition":{"StringEquals":{"aws:SecureTransport":"true"},"StringLike":{"aws:PrincipalTag/team":"x\\u003cy\\u003e\\u0026z","s3:prefix":["b/*","a/*"]}}},{"Effect":"Deny","NotAction":"iam:*","NotResource":"*","Principal":{"AWS":["arn:aws:iam::444455556666:root","arn:aws:iam::111122223333:root"],"Federated":"cognito-identity.amazonaws.com"}},{"Effect":"Allow","Action":"*","Principal":"*","NotPrincipal":{"Service":["b.amazonaws.com","a.amazonaws.com"]}}]}',
    );
    expect([idx.get('data.aws_iam_policy_document.assume')!.values.id, many.values.id]).toEqual(['2851119427', '3160501085']);
    const merged = JSON.parse(idx.get('data.aws_iam_policy_document.merged')!.values.json as string);
    expect(merged.Statement.map((s: { Sid?: string; Action: string }) => [s.Sid ?? '', s.Action])).toEqual([
      ['', 'sts:AssumeRole'],
      ['Extra', 's3:PutObject'],
      ['Own', 'ec2:DescribeInstances'],
    ]);
  });

  it('is unknown, with the origins, while anything in it is unknown', async () => {
    const idx = await load(`
resource "aws_s3_bucket" "b" {}
data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["\${aws_s3_bucket.b.arn}/*"]
  }
}
`);
    const json = idx.get('data.aws_iam_policy_document.d')!.values.json;
    // the document itself first (a policy attribute reading it follows to it), then what it waits for
    expect(isUnknown(json) && json.origins).toEqual([
      { address: 'data.aws_iam_policy_document.d', attribute: 'json' },
      { address: 'aws_s3_bucket.b', attribute: 'arn' },
    ]);
  });
});

describe('other data sources', () => {
  const tf = `
provider "aws" {
  region = "cn-north-1"
}
data "aws_partition" "p" {}
data "aws_region" "r" {}
data "aws_caller_identity" "me" {}
data "aws_availability_zones" "azs" {
  exclude_names = ["cn-north-1b"]
}
data "aws_vpc" "default" {
  default = true
}
data "aws_ssm_parameter" "ami" {
  name = "/aws/service/ami"
}
`;

  it('knows partition, region, account (when given) and zones (when configured)', async () => {
    const idx = await load(tf, { accountId: '111122223333', availabilityZones: ['cn-north-1a', 'cn-north-1b'] });
    expect(idx.get('data.aws_partition.p')!.values).toMatchObject({ partition: 'aws-cn', dns_suffix: 'amazonaws.com.cn' });
    expect(idx.get('data.aws_region.r')!.values).toMatchObject({ region: 'cn-north-1', name: 'cn-north-1', id: 'cn-north-1' });
    expect(idx.get('data.aws_caller_identity.me')!.values.account_id).toBe('111122223333');
    expect(idx.get('data.aws_availability_zones.azs')!.values.names).toEqual(['cn-north-1a']);
  });

  it('leaves what needs AWS unknown, with a reason, and keeps the arguments', async () => {
    const idx = await load(tf);
    const account = idx.get('data.aws_caller_identity.me')!.values.account_id;
    expect(isUnknown(account) && account.reason).toMatch(/account id/);
    expect(isUnknown(idx.get('data.aws_availability_zones.azs')!.values.names)).toBe(true);
    const ssm = idx.get('data.aws_ssm_parameter.ami')!;
    expect(ssm.values.name).toBe('/aws/service/ami');
    expect(isUnknown(ssm.values.value) && ssm.values.value.reason).toMatch(/SSM parameter/);
    const vpc = idx.get('data.aws_vpc.default')!;
    expect(vpc.values.default).toBe(true);
    expect(isUnknown(vpc.values.id) && vpc.values.id.origins).toEqual([{ address: 'data.aws_vpc.default', attribute: 'id' }]);
  });

  it('a region that comes from the environment is unknown, and so is what derives from it', async () => {
    const idx = await load('data "aws_region" "r" {}\ndata "aws_partition" "p" {}\n');
    expect(isUnknown(idx.get('data.aws_region.r')!.values.region)).toBe(true);
    expect(isUnknown(idx.get('data.aws_partition.p')!.values.partition)).toBe(true);
  });
});
