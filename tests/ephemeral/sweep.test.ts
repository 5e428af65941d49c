import { DeleteSecurityGroupCommand, DeleteVpcCommand, EC2Client, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { DeleteLoadBalancerCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DeleteDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createClients } from '../../src/aws/clients.js';
import { newRunId } from '../../src/ephemeral/run.js';
import { parseDuration, sweep } from '../../src/ephemeral/sweep.js';

const ec2 = mockClient(EC2Client);
const elb = mockClient(ElasticLoadBalancingV2Client);
const rds = mockClient(RDSClient);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);

const NOW = new Date(Date.UTC(2026, 10, 23, 12, 0));
const OLD = newRunId(new Date(NOW.getTime() - 8 * 3600_000));
const YOUNG = newRunId(new Date(NOW.getTime() - 30 * 60_000));
const R = 'ap-northeast-2:111122223333';
const res = (arn: string, run: string) => ({ ResourceARN: arn, Tags: [{ Key: 'stackcheck:run-id', Value: run }] });

beforeEach(() => {
  [ec2, elb, rds, tagging].forEach((m) => m.reset());
  tagging.on(GetResourcesCommand).resolvesOnce({
    ResourceTagMappingList: [
      res(`arn:aws:ec2:${R}:vpc/vpc-old`, OLD),
      res(`arn:aws:ec2:${R}:security-group/sg-old`, OLD),
      res(`arn:aws:rds:${R}:db:dolbom-old`, OLD),
    ],
    PaginationToken: 'p2',
  }).resolvesOnce({
    ResourceTagMappingList: [
      res(`arn:aws:ec2:${R}:instance/i-old`, OLD),
      res(`arn:aws:elasticloadbalancing:${R}:loadbalancer/app/dolbom-old/1`, OLD),
      res(`arn:aws:sns:${R}:dolbom-old-alarms`, OLD),
      res(`arn:aws:ec2:${R}:instance/i-young`, YOUNG),
      res(`arn:aws:ec2:${R}:instance/i-foreign`, 'nightly-2'),
    ],
  });
});

const opts = (over = {}) => ({ olderThanMs: 6 * 3600_000, dryRun: false, now: NOW, log: () => {}, ...over });

describe('sweep', () => {
  it('deletes only aged, tagged runs, dependents first', async () => {
    const order: string[] = [];
    ec2.on(TerminateInstancesCommand).callsFake((i) => void order.push(`terminate ${i.InstanceIds}`));
    elb.on(DeleteLoadBalancerCommand).callsFake(() => void order.push('delete lb'));
    rds.on(DeleteDBInstanceCommand).callsFake((i) => void order.push(`delete db ${i.DBInstanceIdentifier} skipFinal=${i.SkipFinalSnapshot}`));
    ec2.on(DeleteSecurityGroupCommand).callsFake((i) => void order.push(`delete sg ${i.GroupId}`));
    ec2.on(DeleteVpcCommand).callsFake((i) => void order.push(`delete vpc ${i.VpcId}`));
    const r = await sweep(createClients('ap-northeast-2'), opts());
    expect(order).toEqual(['terminate i-old', 'delete lb', 'delete db dolbom-old skipFinal=true', 'delete sg sg-old', 'delete vpc vpc-old']);
    expect(r.manual).toEqual([`arn:aws:sns:${R}:dolbom-old-alarms`]);
    expect(r.skipped.map((s) => s.runId).sort()).toEqual(['nightly-2', YOUNG].sort());
    expect(tagging.commandCalls(GetResourcesCommand)[1].args[0].input.PaginationToken).toBe('p2');
  });

  it('dry run deletes nothing', async () => {
    const lines: string[] = [];
    const r = await sweep(createClients('ap-northeast-2'), opts({ dryRun: true, log: (l: string) => lines.push(l) }));
    expect(ec2.commandCalls(TerminateInstancesCommand)).toHaveLength(0);
    expect(ec2.commandCalls(DeleteVpcCommand)).toHaveLength(0);
    expect(r.deleted).toEqual([]);
    expect(lines).toContain(`would delete ec2:instance i-old (run ${OLD})`);
  });

  it('a failed deletion is reported and the rest goes on', async () => {
    ec2.onAnyCommand().resolves({});
    elb.onAnyCommand().resolves({});
    rds.onAnyCommand().resolves({});
    ec2.on(DeleteSecurityGroupCommand).rejects(Object.assign(new Error('resource sg-old has a dependent object'), { name: 'DependencyViolation' }));
    const r = await sweep(createClients('ap-northeast-2'), opts());
    expect(r.failed).toEqual([{ arn: `arn:aws:ec2:${R}:security-group/sg-old`, error: 'resource sg-old has a dependent object' }]);
    expect(r.deleted).toContain(`arn:aws:ec2:${R}:vpc/vpc-old`);
  });

  it('parses durations', () => {
    expect(parseDuration('6h')).toBe(21_600_000);
    expect(parseDuration('90m')).toBe(5_400_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('6 hours')).toBeUndefined();
  });
});
