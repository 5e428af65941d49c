/**
 * The sweeper: whatever a crashed run left behind in the sandbox account, found by its
 * `stackcheck:run-id` tag (Resource Groups Tagging API) and deleted in dependency order. It never
 * touches a resource without that tag, and never a run younger than the bound (it may still be
 * running). Resource kinds it has no deleter for are listed for a person to remove.
 */
import {
  DeleteInternetGatewayCommand,
  DeleteNatGatewayCommand,
  DeleteRouteTableCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeInternetGatewaysCommand,
  DetachInternetGatewayCommand,
  ReleaseAddressCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { DeleteLoadBalancerCommand, DeleteTargetGroupCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DeleteCacheSubnetGroupCommand, DeleteReplicationGroupCommand } from '@aws-sdk/client-elasticache';
import { DeleteDBInstanceCommand, DeleteDBSubnetGroupCommand } from '@aws-sdk/client-rds';
import type { AwsClients } from '../aws/clients.js';
import { RUN_ID_TAG, taggedResources, type TaggedResource } from '../aws/tagging.js';
import { runIdTime } from './run.js';

interface Deleter {
  kind: string;
  /** Lower goes first: dependents before what they depend on. */
  order: number;
  remove(aws: AwsClients, r: TaggedResource): Promise<void>;
}

const DELETERS: Deleter[] = [
  { kind: 'ec2:instance', order: 10, remove: (a, r) => a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [r.id] })).then(() => {}) },
  { kind: 'elasticloadbalancing:loadbalancer', order: 20, remove: (a, r) => a.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: r.arn })).then(() => {}) },
  { kind: 'elasticloadbalancing:targetgroup', order: 30, remove: (a, r) => a.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: r.arn })).then(() => {}) },
  {
    kind: 'rds:db',
    order: 30,
    remove: (a, r) =>
      a.rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: r.id, SkipFinalSnapshot: true, DeleteAutomatedBackups: true })).then(() => {}),
  },
  { kind: 'elasticache:replicationgroup', order: 30, remove: (a, r) => a.elasticache.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: r.id })).then(() => {}) },
  { kind: 'ec2:natgateway', order: 40, remove: (a, r) => a.ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: r.id })).then(() => {}) },
  { kind: 'rds:subgrp', order: 50, remove: (a, r) => a.rds.send(new DeleteDBSubnetGroupCommand({ DBSubnetGroupName: r.id })).then(() => {}) },
  { kind: 'elasticache:subnetgroup', order: 50, remove: (a, r) => a.elasticache.send(new DeleteCacheSubnetGroupCommand({ CacheSubnetGroupName: r.id })).then(() => {}) },
  { kind: 'ec2:elastic-ip', order: 60, remove: (a, r) => a.ec2.send(new ReleaseAddressCommand({ AllocationId: r.id })).then(() => {}) },
  { kind: 'ec2:security-group', order: 70, remove: (a, r) => a.ec2.send(new DeleteSecurityGroupCommand({ GroupId: r.id })).then(() => {}) },
  { kind: 'ec2:subnet', order: 80, remove: (a, r) => a.ec2.send(new DeleteSubnetCommand({ SubnetId: r.id })).then(() => {}) },
  { kind: 'ec2:route-table', order: 80, remove: (a, r) => a.ec2.send(new DeleteRouteTableCommand({ RouteTableId: r.id })).then(() => {}) },
  {
    kind: 'ec2:internet-gateway',
    order: 85,
    async remove(a, r) {
      const igw = await a.ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [r.id] }));
      for (const att of igw.InternetGateways?.[0]?.Attachments ?? []) {
        if (att.VpcId) await a.ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: r.id, VpcId: att.VpcId }));
      }
      await a.ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: r.id }));
    },
  },
  { kind: 'ec2:vpc', order: 90, remove: (a, r) => a.ec2.send(new DeleteVpcCommand({ VpcId: r.id })).then(() => {}) },
];

export interface SweepOptions {
  olderThanMs: number;
  dryRun: boolean;
  /** Sweep only this run (any age). */
  runId?: string;
  now: Date;
  log: (line: string) => void;
}

export interface SweepResult {
  /** Runs old enough to sweep, with their resources. */
  runs: { runId: string; startedAt?: string; resources: TaggedResource[] }[];
  deleted: string[];
  failed: { arn: string; error: string }[];
  /** Tagged resources the sweeper has no deleter for. */
  manual: string[];
  /** Runs left alone (too young, or an id this runner did not make). */
  skipped: { runId: string; reason: string }[];
}

export async function sweep(aws: AwsClients, o: SweepOptions): Promise<SweepResult> {
  const all = await taggedResources(aws.tagging, RUN_ID_TAG, o.runId);
  const byRun = new Map<string, TaggedResource[]>();
  for (const r of all) {
    const id = r.tags[RUN_ID_TAG];
    if (!id) continue; // never touch what is not tagged
    byRun.set(id, [...(byRun.get(id) ?? []), r]);
  }
  const result: SweepResult = { runs: [], deleted: [], failed: [], manual: [], skipped: [] };
  for (const [runId, resources] of [...byRun].sort(([a], [b]) => a.localeCompare(b))) {
    const started = runIdTime(runId);
    if (!o.runId) {
      if (!started) {
        result.skipped.push({ runId, reason: 'not a run id stackcheck makes (no start time in it)' });
        continue;
      }
      const age = o.now.getTime() - started.getTime();
      if (age < o.olderThanMs) {
        result.skipped.push({ runId, reason: `started ${Math.round(age / 60000)} min ago (younger than the bound)` });
        continue;
      }
    }
    result.runs.push({ runId, startedAt: started?.toISOString(), resources });
  }
  const queue = result.runs.flatMap((r) => r.resources);
  const deleters = new Map(DELETERS.map((d) => [d.kind, d]));
  const planned = queue
    .filter((r) => deleters.has(r.kind) || (result.manual.push(r.arn), false))
    .sort((a, b) => deleters.get(a.kind)!.order - deleters.get(b.kind)!.order || a.arn.localeCompare(b.arn));
  for (const r of planned) {
    if (o.dryRun) {
      o.log(`would delete ${r.kind} ${r.id} (run ${r.tags[RUN_ID_TAG]})`);
      continue;
    }
    try {
      await deleters.get(r.kind)!.remove(aws, r);
      result.deleted.push(r.arn);
      o.log(`deleted ${r.kind} ${r.id} (run ${r.tags[RUN_ID_TAG]})`);
    } catch (err) {
      result.failed.push({ arn: r.arn, error: (err as Error).message });
      o.log(`could not delete ${r.kind} ${r.id}: ${(err as Error).message} (run the sweeper again once its dependents are gone)`);
    }
  }
  for (const arn of result.manual) o.log(`not deleted (no deleter for its kind; remove by hand): ${arn}`);
  return result;
}

export { parseDuration } from './duration.js';
