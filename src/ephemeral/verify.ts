/**
 * Verify an applied ephemeral stack through the AWS APIs — what exists, tagged with the run id —
 * rather than through terraform's own outputs alone:
 *   - every instance registers with SSM (PingStatus Online);
 *   - every load-balancer target becomes healthy;
 *   - each host-header rule forwards only to target groups of its own environment;
 *   - RDS: available, encrypted, not public, in its environment's subnet group, managed password;
 *   - ElastiCache: transit and at-rest encryption, auth token.
 */
import { hostRules, targetHealth } from '../aws/elbv2.js';
import { describeReplicationGroup } from '../aws/elasticache.js';
import type { AwsClients } from '../aws/clients.js';
import { describeDb } from '../aws/rds.js';
import { realClock, waitForSsmOnline, type Clock } from '../aws/ssm.js';
import { roleLabel, RUN_ID_TAG, taggedResources, type TaggedResource } from '../aws/tagging.js';
import type { CheckOutcome, StageContext, StageReport } from './run.js';

export interface VerifyOptions {
  ssmDeadlineMs: number;
  healthDeadlineMs: number;
  clock?: Clock;
}

export async function verifyStack(ctx: StageContext, aws: AwsClients, o: VerifyOptions): Promise<StageReport> {
  const clock = o.clock ?? realClock;
  const checks: CheckOutcome[] = [];
  const check = (name: string, ok: boolean, detail: string) => {
    checks.push({ name, ok, detail });
    ctx.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}`);
  };
  const tagged = await taggedResources(aws.tagging, RUN_ID_TAG, ctx.runId);
  const of = (kind: string) => tagged.filter((r) => r.kind === kind);
  const label = (r: TaggedResource) => `${roleLabel(r.tags)} ${r.id}`;

  // Instances: the ones terraform says it made must be the ones AWS holds with the run tag.
  const instances = of('ec2:instance');
  const outputIds = flatStrings(ctx.outputs.instance_ids);
  const apiIds = instances.map((r) => r.id);
  const missing = outputIds.filter((id) => !apiIds.includes(id));
  check('instances tagged with the run id', instances.length > 0 && missing.length === 0, missing.length ? `not found through the API: ${missing.join(', ')}` : `${instances.length} instances`);

  const ssm = await waitForSsmOnline(aws.ssm, apiIds, { deadlineMs: o.ssmDeadlineMs, clock, progress: ctx.log });
  for (const r of instances) {
    check(`SSM Online ${label(r)}`, ssm.online.includes(r.id), ssm.online.includes(r.id) ? 'PingStatus Online' : `not Online after ${Math.round(o.ssmDeadlineMs / 1000)} s`);
  }

  // Load balancers: every target healthy (polled: targets start in `initial`).
  const lbs = of('elasticloadbalancing:loadbalancer').map((r) => r.arn);
  const start = clock.now();
  let health = await targetHealth(aws.elbv2, lbs);
  let delay = 10_000;
  while (health.some((g) => g.targets.some((t) => t.state !== 'healthy')) && clock.now() - start < o.healthDeadlineMs) {
    const waiting = health.flatMap((g) => g.targets.filter((t) => t.state !== 'healthy').map((t) => `${g.targetGroupName}:${t.id}=${t.state}`));
    ctx.log(`waiting for target health (${Math.round((clock.now() - start) / 1000)} s of ${Math.round(o.healthDeadlineMs / 1000)} s): ${waiting.join(', ')}`);
    await clock.sleep(delay);
    delay = Math.min(delay * 2, 30_000);
    health = await targetHealth(aws.elbv2, lbs);
  }
  for (const g of health) {
    const bad = g.targets.filter((t) => t.state !== 'healthy');
    check(
      `targets healthy ${g.targetGroupName ?? g.targetGroupArn}`,
      g.targets.length > 0 && bad.length === 0,
      g.targets.length === 0 ? 'no registered targets' : bad.length ? bad.map((t) => `${t.id}:${t.port} ${t.state} (${t.reason ?? 'no reason given'})`).join(', ') : `${g.targets.length} healthy`,
    );
  }

  // Host-header rules route each environment only to its own target groups.
  const tgEnv = new Map(of('elasticloadbalancing:targetgroup').map((r) => [r.arn, r.tags.Environment]));
  const ruleEnv = new Map(of('elasticloadbalancing:listener-rule').map((r) => [r.arn, r.tags.Environment]));
  for (const lb of of('elasticloadbalancing:loadbalancer').filter((r) => r.tags.Role === 'alb')) {
    for (const rule of await hostRules(aws.elbv2, lb.arn)) {
      const envs = [...new Set(rule.targetGroupArns.map((a) => tgEnv.get(a) ?? '?'))];
      const own = ruleEnv.get(rule.ruleArn);
      const ok = envs.length === 1 && (own === undefined || envs[0] === own);
      check(
        `host rule ${rule.hosts.join(',')} (priority ${rule.priority})`,
        ok,
        `rule of environment ${own ?? '(untagged)'} forwards to environment(s) ${envs.join(', ')}`,
      );
    }
  }

  // RDS
  const subnetGroups = new Map(of('rds:subgrp').map((r) => [r.id, r.tags.Environment]));
  for (const r of of('rds:db')) {
    const db = await describeDb(aws.rds, r.id);
    if (!db) {
      check(`RDS ${label(r)}`, false, 'not found by DescribeDBInstances');
      continue;
    }
    const problems = [
      db.status !== 'available' && `status ${db.status}`,
      !db.encrypted && 'storage not encrypted',
      db.publiclyAccessible && 'publicly accessible',
      !db.managedPassword && 'master password not managed by Secrets Manager',
      subnetGroups.size > 0 && subnetGroups.get(db.subnetGroup ?? '') !== r.tags.Environment && `subnet group ${db.subnetGroup} is not ${r.tags.Environment}'s`,
    ].filter(Boolean);
    check(`RDS ${label(r)}`, problems.length === 0, problems.length ? problems.join('; ') : `available, encrypted, private, subnet group ${db.subnetGroup}`);
  }

  // ElastiCache
  for (const r of of('elasticache:replicationgroup')) {
    const g = await describeReplicationGroup(aws.elasticache, r.id);
    if (!g) {
      check(`ElastiCache ${label(r)}`, false, 'not found by DescribeReplicationGroups');
      continue;
    }
    const problems = [
      !g.transitEncryption && 'transit encryption off',
      !g.atRestEncryption && 'at-rest encryption off',
      !g.authTokenEnabled && 'no auth token',
      g.members >= 2 && g.automaticFailover !== 'enabled' && 'automatic failover off with ≥ 2 nodes',
    ].filter(Boolean);
    check(`ElastiCache ${label(r)}`, problems.length === 0, problems.length ? problems.join('; ') : 'encrypted in transit and at rest, auth token on');
  }
  return { stage: 'verify', checks };
}

function flatStrings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(flatStrings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(flatStrings);
  return [];
}
