import { DescribeInstanceInformationCommand, SSMClient } from '@aws-sdk/client-ssm';
import {
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createClients } from '../../src/aws/clients.js';
import { parseArn } from '../../src/aws/tagging.js';
import { verifyStack } from '../../src/ephemeral/verify.js';

const ssm = mockClient(SSMClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
const rds = mockClient(RDSClient);
const ec = mockClient(ElastiCacheClient);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);

const A = 'arn:aws:elasticloadbalancing:ap-northeast-2:111122223333';
const ALB = `${A}:loadbalancer/app/dolbom-e1-alb/abc`;
const TG_API = `${A}:targetgroup/dolbom-e1-staging-api/1`;
const TG_LK = `${A}:targetgroup/dolbom-e1-livekit/2`;
const RULE_API = `${A}:listener-rule/app/dolbom-e1-alb/abc/l1/r1`;
const tag = (arn: string, tags: Record<string, string>) => ({
  ResourceARN: arn,
  Tags: Object.entries({ 'stackcheck:run-id': 'e1', ...tags }).map(([Key, Value]) => ({ Key, Value })),
});

function world(over: { targetState?: string; public?: boolean; transit?: boolean; ruleTarget?: string } = {}) {
  tagging.on(GetResourcesCommand).resolves({
    ResourceTagMappingList: [
      tag('arn:aws:ec2:ap-northeast-2:111122223333:instance/i-api', { Role: 'api', Environment: 'staging' }),
      tag('arn:aws:ec2:ap-northeast-2:111122223333:instance/i-lk', { Role: 'livekit', Environment: 'shared' }),
      tag(ALB, { Role: 'alb', Environment: 'shared' }),
      tag(TG_API, { Role: 'api', Environment: 'staging' }),
      tag(TG_LK, { Role: 'livekit', Environment: 'shared' }),
      tag(RULE_API, { Environment: 'staging' }),
      tag('arn:aws:rds:ap-northeast-2:111122223333:db:dolbom-e1-staging', { Role: 'rds', Environment: 'staging' }),
      tag('arn:aws:rds:ap-northeast-2:111122223333:subgrp:dolbom-e1-staging-db', { Environment: 'staging' }),
      tag('arn:aws:elasticache:ap-northeast-2:111122223333:replicationgroup:dolbom-e1-staging', { Role: 'redis', Environment: 'staging' }),
    ],
  });
  ssm.on(DescribeInstanceInformationCommand).resolves({
    InstanceInformationList: [
      { InstanceId: 'i-api', PingStatus: 'Online' },
      { InstanceId: 'i-lk', PingStatus: 'Online' },
    ],
  });
  elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: TG_API, TargetGroupName: 'dolbom-e1-staging-api' }] });
  elb.on(DescribeTargetHealthCommand).resolves({
    TargetHealthDescriptions: [{ Target: { Id: 'i-api', Port: 8000 }, TargetHealth: { State: (over.targetState ?? 'healthy') as never, Reason: 'Target.FailedHealthChecks' } }],
  });
  elb.on(DescribeListenersCommand).resolves({ Listeners: [{ ListenerArn: `${A}:listener/app/dolbom-e1-alb/abc/l1` }] });
  elb.on(DescribeRulesCommand).resolves({
    Rules: [
      { RuleArn: RULE_API, Priority: '10', Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['stg-api.example.com'] } }], Actions: [{ Type: 'forward', TargetGroupArn: over.ruleTarget ?? TG_API }] },
      { RuleArn: `${A}:listener-rule/default`, IsDefault: true, Actions: [{ Type: 'fixed-response' }] },
    ],
  });
  rds.on(DescribeDBInstancesCommand).resolves({
    DBInstances: [
      {
        DBInstanceStatus: 'available',
        StorageEncrypted: true,
        PubliclyAccessible: over.public ?? false,
        DBSubnetGroup: { DBSubnetGroupName: 'dolbom-e1-staging-db' },
        MasterUserSecret: { SecretArn: 'arn:aws:secretsmanager:x' },
      },
    ],
  });
  ec.on(DescribeReplicationGroupsCommand).resolves({
    ReplicationGroups: [{ Status: 'available', TransitEncryptionEnabled: over.transit ?? true, AtRestEncryptionEnabled: true, AuthTokenEnabled: true, MemberClusters: ['a'] }],
  });
}

const clock = () => {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
};
const ctx = { runId: 'e1', workspace: '/tmp/x', region: 'ap-northeast-2', outputs: { instance_ids: { staging: { api: 'i-api' }, shared: { livekit: 'i-lk' } } }, signal: new AbortController().signal, log: () => {} };
const run = () => verifyStack(ctx, createClients('ap-northeast-2'), { ssmDeadlineMs: 60_000, healthDeadlineMs: 60_000, clock: clock() });
const failing = async () => (await run()).checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);

beforeEach(() => [ssm, elb, rds, ec, tagging].forEach((m) => m.reset()));

describe('verifyStack through the AWS APIs', () => {
  it('passes a healthy, private, encrypted stack', async () => {
    world();
    const report = await run();
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.checks.map((c) => c.name)).toEqual([
      'instances tagged with the run id',
      'SSM Online staging-api i-api',
      'SSM Online shared-livekit i-lk',
      'targets healthy dolbom-e1-staging-api',
      'host rule stg-api.example.com (priority 10)',
      'RDS staging-rds dolbom-e1-staging',
      'ElastiCache staging-redis dolbom-e1-staging',
    ]);
    expect(tagging.commandCalls(GetResourcesCommand)[0].args[0].input.TagFilters).toEqual([{ Key: 'stackcheck:run-id', Values: ['e1'] }]);
  });
  it('1. an unhealthy target fails after the health deadline', async () => {
    world({ targetState: 'unhealthy' });
    expect(await failing()).toEqual(['targets healthy dolbom-e1-staging-api: i-api:8000 unhealthy (Target.FailedHealthChecks)']);
  });
  it('2. a public database fails', async () => {
    world({ public: true });
    expect(await failing()).toEqual(['RDS staging-rds dolbom-e1-staging: publicly accessible']);
  });
  it('3. a cache without transit encryption fails', async () => {
    world({ transit: false });
    expect(await failing()).toEqual(['ElastiCache staging-redis dolbom-e1-staging: transit encryption off']);
  });
  it("4. a staging host rule forwarding to another environment's target group fails", async () => {
    world({ ruleTarget: TG_LK });
    expect(await failing()).toEqual(['host rule stg-api.example.com (priority 10): rule of environment staging forwards to environment(s) shared']);
  });
  it('5. an instance terraform reports but AWS does not hold with the run tag fails', async () => {
    world();
    const r = await verifyStack({ ...ctx, outputs: { instance_ids: { staging: { api: 'i-api', web: 'i-ghost' } } } }, createClients('ap-northeast-2'), {
      ssmDeadlineMs: 1,
      healthDeadlineMs: 1,
      clock: clock(),
    });
    expect(r.checks.find((c) => c.name === 'instances tagged with the run id')).toMatchObject({ ok: false, detail: 'not found through the API: i-ghost' });
  });
});

describe('parseArn', () => {
  it.each([
    ['arn:aws:ec2:r:1:instance/i-0abc', 'ec2:instance', 'i-0abc'],
    ['arn:aws:rds:r:1:db:mydb', 'rds:db', 'mydb'],
    ['arn:aws:elasticache:r:1:replicationgroup:rg-1', 'elasticache:replicationgroup', 'rg-1'],
    [`${A}:loadbalancer/net/dolbom-nlb/x`, 'elasticloadbalancing:loadbalancer', 'net/dolbom-nlb/x'],
    [`${A}:targetgroup/tg/1`, 'elasticloadbalancing:targetgroup', 'tg/1'],
    ['arn:aws:s3:::my-bucket', 's3', 'my-bucket'],
  ])('%s', (arn, kind, id) => expect(parseArn(arn)).toEqual({ kind, id }));
});
