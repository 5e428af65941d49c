/**
 * Alarms on symptoms, routed to a pager (review M5, m2, m14), as the static evaluator plans the live
 * deployment: every ALB target group, ElastiCache node, RDS instance has its alarms on the AWS
 * metric names and dimensions of the real resources, every alarm notifies the alarm topic on ALARM
 * and OK, RDS events reach the same topic, ElastiCache events a topic ElastiCache can publish to,
 * the alarm topic is encrypted with a key its publishers may use, and a pager's HTTPS endpoint is
 * subscribed to both topics.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadStack } from '../../src/load/index.js';
import type { Resource, StackModel } from '../../src/model/resource.js';
import { isUnknown, stringSegments, type Unknown, type Value } from '../../src/model/value.js';
import { repoRoot } from '../helpers/paths.js';
import { stackDir } from './helpers.js';

const ACCOUNT = '111122223333';
const PAGER = 'https://events.pagerduty.com/integration/0123456789abcdef/enqueue';
const load = (vars: Record<string, string> = {}) =>
  loadStack({ dir: stackDir, varFiles: [join(stackDir, 'envs', 'live.tfvars')], vars, env: {}, accountId: ACCOUNT });

let live: StackModel;
let paged: StackModel;
let tuned: StackModel;
beforeAll(async () => {
  [live, paged, tuned] = await Promise.all([
    load(),
    load({ alarm_https_endpoints: `{ pagerduty = "${PAGER}" }` }),
    load({ alarm_thresholds: '{ rds = { connections = 123 }, alb = { target_p95_seconds = 1.5 } }' }),
  ]);
}, 180_000);

const ofType = (model: StackModel, type: string) => model.resources.filter((r) => r.type === type);
const find = (model: StackModel, address: string): Resource => {
  const r = model.resources.find((x) => x.address === address);
  expect(r, address).toBeDefined();
  return r!;
};

/** A value whose shape is known: literal text with <address.attribute> for the unknown parts. */
function shape(v: Value | undefined): string {
  if (!isUnknown(v)) return typeof v === 'string' ? v : JSON.stringify(v);
  return stringSegments(v as Unknown)
    .map((s) => (s.kind === 'literal' ? s.text : s.kind === 'symbol' ? `<${s.origin.address}.${s.origin.attribute}>` : '<?>'))
    .join('');
}

type Alarm = { address: string; namespace: string; metric: string; dimensions: Record<string, string>; values: Record<string, Value>; refs: Resource['references'] };
const alarms = (model: StackModel): Alarm[] =>
  ofType(model, 'aws_cloudwatch_metric_alarm').map((r) => ({
    address: r.address,
    namespace: r.values.namespace as string,
    metric: r.values.metric_name as string,
    dimensions: Object.fromEntries(Object.entries((r.values.dimensions ?? {}) as Record<string, Value>).map(([k, v]) => [k, shape(v)])),
    values: r.values as Record<string, Value>,
    refs: r.references,
  }));
/** Whether `attribute` of the resource is computed from `target` (a resource address, or address.attribute). */
const refersTo = (refs: Resource['references'], attribute: string, target: string) => refs.some((r) => r.attribute === attribute && (r.target === target || r.target.startsWith(`${target}.`)));
const alarmsOn = (model: StackModel, namespace: string, dimension: string, value: string) =>
  alarms(model).filter((a) => a.namespace === namespace && a.dimensions[dimension] === value);

const ALARM_TOPIC = '<aws_sns_topic.alarms.arn>';

describe('M5: ALB target groups', () => {
  const ROUTES = ['staging-api', 'staging-web', 'prod-api', 'prod-web', 'livekit'];

  it('every target group has no-healthy-target, unhealthy-target, target-5xx and p95 latency alarms on its own TargetGroup and the ALB', () => {
    expect(ofType(live, 'aws_lb_target_group').filter((r) => r.module === 'module.alb').map((r) => r.address).sort()).toEqual(ROUTES.map((k) => `module.alb.aws_lb_target_group.this["${k}"]`).sort());
    for (const route of ROUTES) {
      const on = alarmsOn(live, 'AWS/ApplicationELB', 'TargetGroup', `<module.alb.aws_lb_target_group.this["${route}"].arn_suffix>`);
      expect(on.map((a) => a.metric).sort(), route).toEqual(['HTTPCode_Target_5XX_Count', 'HealthyHostCount', 'TargetResponseTime', 'UnHealthyHostCount']);
      for (const a of on) expect(a.dimensions, a.address).toEqual({ LoadBalancer: '<module.alb.aws_lb.this.arn_suffix>', TargetGroup: `<module.alb.aws_lb_target_group.this["${route}"].arn_suffix>` });
      const by = Object.fromEntries(on.map((a) => [a.metric, a.values]));
      expect(by.HealthyHostCount, route).toMatchObject({ statistic: 'Minimum', comparison_operator: 'LessThanThreshold', threshold: 1, treat_missing_data: 'breaching' });
      expect(by.UnHealthyHostCount, route).toMatchObject({ statistic: 'Maximum', comparison_operator: 'GreaterThanOrEqualToThreshold', threshold: 1 });
      expect(by.HTTPCode_Target_5XX_Count, route).toMatchObject({ statistic: 'Sum', treat_missing_data: 'notBreaching' });
      expect(by.TargetResponseTime, route).toMatchObject({ extended_statistic: 'p95', threshold: 2, treat_missing_data: 'notBreaching' });
    }
  });

  it('a threshold set in alarm_thresholds reaches every target group; the others keep their defaults', () => {
    const latency = alarms(tuned).filter((a) => a.metric === 'TargetResponseTime');
    expect(latency).toHaveLength(ROUTES.length);
    for (const a of latency) expect(a.values.threshold, a.address).toBe(1.5);
    for (const a of alarms(tuned).filter((x) => x.metric === 'HTTPCode_Target_5XX_Count')) expect(a.values.threshold, a.address).toBe(10);
  });
});

describe('M5: ElastiCache nodes', () => {
  it('every node of every replication group has engine CPU, memory, evictions and connections alarms on its CacheClusterId; replicas also replication lag', () => {
    const groups = ofType(live, 'aws_elasticache_replication_group');
    expect(groups).toHaveLength(3);
    for (const rg of groups) {
      const module = rg.address.replace(/\.aws_elasticache_replication_group\.this$/, '');
      const nodes = rg.values.num_cache_clusters as number;
      for (let i = 1; i <= nodes; i++) {
        const id = `<${module}.aws_elasticache_replication_group.this.id>-${String(i).padStart(3, '0')}`;
        const on = alarmsOn(live, 'AWS/ElastiCache', 'CacheClusterId', id);
        const expected = ['CurrConnections', 'DatabaseMemoryUsagePercentage', 'EngineCPUUtilization', 'Evictions', ...(nodes >= 2 ? ['ReplicationLag'] : [])];
        expect(on.map((a) => a.metric).sort(), id).toEqual(expected.sort());
      }
      expect(alarms(live).filter((a) => a.address.startsWith(`${module}.`))).toHaveLength(nodes * 4 + (nodes >= 2 ? nodes : 0));
    }
    // prod runs a primary and a replica (live.tfvars): its lag alarm exists, and stays quiet on the primary.
    const lag = alarms(live).filter((a) => a.metric === 'ReplicationLag');
    expect(lag.map((a) => a.address).sort()).toEqual(['module.redis["prod"].aws_cloudwatch_metric_alarm.replication_lag["001"]', 'module.redis["prod"].aws_cloudwatch_metric_alarm.replication_lag["002"]']);
    for (const a of lag) expect(a.values.treat_missing_data, a.address).toBe('notBreaching');
  });

  it('m14: every replication group sends its events to the unencrypted cache-events topic (ElastiCache cannot publish to an encrypted one), whose policy uses AWS:SourceOwner', () => {
    for (const rg of ofType(live, 'aws_elasticache_replication_group')) expect(shape(rg.values.notification_topic_arn), rg.address).toBe('<aws_sns_topic.cache_events.arn>');
    expect(find(live, 'aws_sns_topic.cache_events').values.kms_master_key_id ?? null).toBeNull();
    const st = find(live, 'data.aws_iam_policy_document.cache_events_topic').values.statement as { actions: string[]; condition: { variable: string; values: Value[] }[] }[];
    expect(st).toHaveLength(1);
    expect(st[0]!.actions).toEqual(['SNS:Publish']);
    expect(st[0]!.condition.map((c) => [c.variable, c.values.map(shape)])).toEqual([['AWS:SourceOwner', [ACCOUNT]]]);
  });
});

describe('M5: RDS', () => {
  it('every instance has CPU, free storage, freeable memory, connections, read and write latency alarms on its DBInstanceIdentifier', () => {
    for (const env of ['staging', 'prod']) {
      const db = find(live, `module.rds["${env}"].aws_db_instance.this`);
      const on = alarmsOn(live, 'AWS/RDS', 'DBInstanceIdentifier', db.values.identifier as string);
      expect(on.map((a) => a.metric).sort(), env).toEqual(['CPUUtilization', 'DatabaseConnections', 'FreeStorageSpace', 'FreeableMemory', 'ReadLatency', 'WriteLatency']);
      for (const a of on) expect(refersTo(a.refs, 'dimensions', db.address), a.address).toBe(true);
    }
    const connections = alarms(tuned).filter((a) => a.metric === 'DatabaseConnections');
    expect(connections.map((a) => a.values.threshold)).toEqual([123, 123]);
  });

  it('m2: the free-storage threshold is an absolute amount, the same for a 50 GiB and a 100 GiB database', () => {
    const allocated = Object.fromEntries(ofType(live, 'aws_db_instance').map((db) => [db.address, db.values.allocated_storage]));
    expect(new Set(Object.values(allocated)).size).toBe(2);
    const storage = alarms(live).filter((a) => a.metric === 'FreeStorageSpace');
    expect(storage).toHaveLength(2);
    for (const a of storage) expect(a.values, a.address).toMatchObject({ threshold: 5 * 1024 ** 3, comparison_operator: 'LessThanThreshold', statistic: 'Minimum' });
  });

  it('an event subscription per instance sends failover, failure, low storage, maintenance and backup events to the alarm topic', () => {
    const subs = ofType(live, 'aws_db_event_subscription');
    expect(subs.map((s) => s.address).sort()).toEqual(['module.rds["prod"].aws_db_event_subscription.this', 'module.rds["staging"].aws_db_event_subscription.this']);
    for (const s of subs) {
      const env = /\["(\w+)"\]/.exec(s.address)![1]!;
      expect(shape(s.values.sns_topic), s.address).toBe(ALARM_TOPIC);
      expect(s.values.source_type).toBe('db-instance');
      const db = find(live, `module.rds["${env}"].aws_db_instance.this`);
      expect(s.values.source_ids).toEqual([db.values.identifier]);
      expect(refersTo(s.references, 'source_ids', db.address), s.address).toBe(true);
      expect(s.values.event_categories).toEqual(expect.arrayContaining(['failover', 'failure', 'low storage', 'maintenance', 'backup']));
    }
  });
});

describe('M5: every alarm pages', () => {
  it('every alarm of the stack notifies the alarm topic on ALARM and OK and chooses its missing-data treatment', () => {
    const all = alarms(live);
    expect(all.length).toBeGreaterThanOrEqual(5 * 4 + (1 + 2 + 1) * 4 + 2 + 2 * 6);
    for (const a of all) {
      expect((a.values.alarm_actions as Value[]).filter((x) => shape(x) === ALARM_TOPIC), a.address).toHaveLength(1);
      expect((a.values.ok_actions as Value[]).map(shape), a.address).toEqual([ALARM_TOPIC]);
      expect(['breaching', 'notBreaching', 'missing', 'ignore'], a.address).toContain(a.values.treat_missing_data);
    }
  });

  it('the alarm topic is encrypted with the alarms key, which cloudwatch and events.rds may use only for this account and this stack', () => {
    expect(find(live, 'aws_sns_topic.alarms').values.kms_master_key_id).toBe('alias/dolbom-alarms');
    const key = find(live, 'data.aws_iam_policy_document.kms["alarms"]').values.statement as {
      sid: string;
      actions: string[];
      principals: { type: string; identifiers: string[] }[];
      condition?: { test: string; variable: string; values: Value[] }[];
    }[];
    const publishers = key.filter((s) => s.principals.some((p) => p.type === 'Service'));
    expect(publishers.map((s) => [s.principals[0]!.identifiers, s.actions.sort()])).toEqual([
      [['cloudwatch.amazonaws.com'], ['kms:Decrypt', 'kms:GenerateDataKey*']],
      [['events.rds.amazonaws.com'], ['kms:Decrypt', 'kms:GenerateDataKey*']],
    ]);
    expect(publishers.map((s) => s.condition!.map((c) => [c.test, c.variable, c.values.map(shape)]))).toEqual([
      [['StringEquals', 'aws:SourceAccount', [ACCOUNT]], ['ArnLike', 'aws:SourceArn', [`arn:aws:cloudwatch:ap-northeast-2:${ACCOUNT}:alarm:dolbom-*`]]],
      [['StringEquals', 'aws:SourceAccount', [ACCOUNT]], ['ArnLike', 'aws:SourceArn', [`arn:aws:rds:ap-northeast-2:${ACCOUNT}:db:dolbom-*`]]],
    ]);
    // Every alarm name starts with the prefix the key policy (and the topic policy) admits.
    for (const a of alarms(live)) expect(a.values.alarm_name as string, a.address).toMatch(/^dolbom-/);
    const topic = find(live, 'data.aws_iam_policy_document.alarm_topic').values.statement as { principals: { identifiers: string[] }[]; actions: string[] }[];
    expect(topic.map((s) => [s.principals[0]!.identifiers[0], s.actions])).toEqual([
      ['cloudwatch.amazonaws.com', ['sns:Publish']],
      ['events.rds.amazonaws.com', ['sns:Publish']],
    ]);
  });

  it('e-mail and the pager endpoint are subscribed to both topics; the pager confirms itself and the apply waits for it', () => {
    const subs = (model: StackModel) => ofType(model, 'aws_sns_topic_subscription').map((s) => [shape(s.values.topic_arn), s.values.protocol, shape(s.values.endpoint)]);
    expect(subs(live).sort()).toEqual([
      [ALARM_TOPIC, 'email', 'ops@example.com'],
      ['<aws_sns_topic.cache_events.arn>', 'email', 'ops@example.com'],
    ]);
    expect(subs(paged).filter((s) => s[1] === 'https').sort()).toEqual([
      [ALARM_TOPIC, 'https', PAGER],
      ['<aws_sns_topic.cache_events.arn>', 'https', PAGER],
    ]);
    for (const s of ofType(paged, 'aws_sns_topic_subscription').filter((x) => x.values.protocol === 'https')) {
      expect(s.values, s.address).toMatchObject({ endpoint_auto_confirms: true, confirmation_timeout_in_minutes: 5 });
    }
  });
});

/** The CloudWatch agent configuration a host's user data writes (user-data/common.sh, configure_cloudwatch_agent). */
function agentConfig(userData: string, gpu: boolean): { metrics: { namespace: string; aggregation_dimensions: string[][]; metrics_collected: Record<string, { measurement: string[] }> } } {
  const fn = /configure_cloudwatch_agent\(\) \{([\s\S]*?)amazon-cloudwatch-agent-ctl -a fetch-config/.exec(userData);
  expect(fn, 'configure_cloudwatch_agent in the user data').not.toBeNull();
  const parts = [...fn![1]!.matchAll(/cat <<'JSON'\n([\s\S]*?)\nJSON\n/g)].map((m) => m[1]!);
  expect(parts).toHaveLength(3); // header, the nvidia_gpu section (GPU hosts only), the rest
  return JSON.parse((gpu ? parts : [parts[0], parts[2]]).join('\n'));
}
/** CloudWatch metric names of the agent's measurements ("disk" used_percent -> disk_used_percent; nvidia_gpu -> nvidia_smi_*). */
function agentMetricNames(cfg: ReturnType<typeof agentConfig>): string[] {
  const prefix: Record<string, string> = { disk: 'disk', mem: 'mem', nvidia_gpu: 'nvidia_smi' };
  return Object.entries(cfg.metrics.metrics_collected).flatMap(([plugin, section]) =>
    section.measurement.map((m) => (m.startsWith(`${prefix[plugin]}_`) ? m : `${prefix[plugin]}_${m}`)),
  );
}

describe('M5, m4, m20: hosts', () => {
  const HOSTS = ['module.app_hosts["staging"]', 'module.app_hosts["prod"]', 'module.livekit_host'];
  const instances = () => ofType(live, 'aws_instance');

  it('m20: a failed system status check recovers the host where its instance type supports it (not G5), a failed instance check reboots it; both page', () => {
    expect(instances()).toHaveLength(7);
    for (const i of instances()) {
      const onInstance = alarms(live).filter((a) => a.namespace === 'AWS/EC2' && refersTo(a.refs, 'dimensions', i.address));
      expect(onInstance.map((a) => a.metric).sort(), i.address).toEqual(['StatusCheckFailed_Instance', 'StatusCheckFailed_System']);
      const system = onInstance.find((a) => a.metric === 'StatusCheckFailed_System')!;
      const instance = onInstance.find((a) => a.metric === 'StatusCheckFailed_Instance')!;
      const family = (i.values.instance_type as string).split('.')[0];
      const recover = 'arn:aws:automate:ap-northeast-2:ec2:recover';
      expect((system.values.alarm_actions as Value[]).map(shape), i.address).toEqual(family === 'g5' ? [ALARM_TOPIC] : [recover, ALARM_TOPIC]);
      expect((instance.values.alarm_actions as Value[]).map(shape), i.address).toEqual(['arn:aws:automate:ap-northeast-2:ec2:reboot', ALARM_TOPIC]);
      // "set recover alarms to two evaluation periods of one minute each and reboot alarms to three"
      expect([system.values.period, system.values.evaluation_periods, instance.values.period, instance.values.evaluation_periods]).toEqual([60, 2, 60, 3]);
      for (const a of [system, instance]) expect(a.values.treat_missing_data, a.address).toBe('missing');
    }
    expect(instances().filter((i) => (i.values.instance_type as string).startsWith('g5.'))).toHaveLength(2);
  });

  it('every host has root-disk and memory alarms on the agent metrics, by its InstanceId; GPU hosts also GPU utilisation and GPU memory used/total', () => {
    for (const i of instances()) {
      const own = alarms(live).filter((a) => a.namespace === 'Dolbom' && refersTo(a.refs, 'dimensions', i.address));
      const gpu = (i.values.instance_type as string).startsWith('g5.');
      expect(own.map((a) => a.metric).sort(), i.address).toEqual(gpu ? ['disk_used_percent', 'mem_used_percent', 'nvidia_smi_utilization_gpu'] : ['disk_used_percent', 'mem_used_percent']);
      for (const a of own) {
        expect(a.dimensions, a.address).toEqual({ InstanceId: `<${i.address}.id>` });
        expect(a.values.treat_missing_data, a.address).toBe('missing');
      }
      const memory = ofType(live, 'aws_cloudwatch_metric_alarm').filter((r) => r.address.startsWith(`${i.module}.`) && r.address.endsWith(`gpu_memory["${i.index}"]`));
      expect(memory, i.address).toHaveLength(gpu ? 1 : 0);
      if (gpu) {
        const queries = memory[0]!.values.metric_query as { id: string; expression?: string; return_data?: boolean; metric?: { namespace: string; metric_name: string; dimensions: Record<string, Value> }[] }[];
        const byId = Object.fromEntries(queries.map((q) => [q.id, q]));
        expect(Object.values(byId).filter((q) => q.return_data).map((q) => q.expression)).toEqual(['100 * used / total']);
        expect([byId.used!.metric![0]!.metric_name, byId.total!.metric![0]!.metric_name]).toEqual(['nvidia_smi_memory_used', 'nvidia_smi_memory_total']);
        for (const q of [byId.used!, byId.total!]) expect([q.metric![0]!.namespace, shape(q.metric![0]!.dimensions.InstanceId)]).toEqual(['Dolbom', `<${i.address}.id>`]);
        expect(memory[0]!.values).toMatchObject({ threshold: 95, treat_missing_data: 'missing' });
      }
    }
    expect(HOSTS.length).toBe(3);
  });

  it('the agent configuration each host writes publishes exactly those metric names, in that namespace, rolled up to the dimensions the alarms use', () => {
    for (const i of instances()) {
      const gpu = (i.values.instance_type as string).startsWith('g5.');
      const cfg = agentConfig(shape(i.values.user_data), gpu);
      const own = ofType(live, 'aws_cloudwatch_metric_alarm').filter((r) => r.address.startsWith(`${i.module}.`) && (r.values.namespace === 'Dolbom' || r.values.metric_query !== undefined) && r.references.some((ref) => ref.target === i.address || ref.target.startsWith(`${i.address}.`)));
      const used = own.flatMap((r) =>
        r.values.metric_query
          ? (r.values.metric_query as { metric?: { namespace: string; metric_name: string; dimensions: Record<string, Value> }[] }[]).flatMap((q) => q.metric ?? [])
          : [{ namespace: r.values.namespace as string, metric_name: r.values.metric_name as string, dimensions: r.values.dimensions as Record<string, Value> }],
      );
      expect(used.length, i.address).toBeGreaterThanOrEqual(gpu ? 5 : 2);
      const published = agentMetricNames(cfg);
      for (const m of used) {
        expect(m.namespace, i.address).toBe(cfg.metrics.namespace);
        expect(published, `${i.address} ${m.metric_name}`).toContain(m.metric_name);
        expect(cfg.metrics.aggregation_dimensions, `${i.address} ${m.metric_name}`).toContainEqual(Object.keys(m.dimensions).sort());
      }
    }
  });
});

describe('M5: container logs in CloudWatch Logs', () => {
  const HOST_KEYS = ['staging-api', 'staging-web', 'staging-ai-agent', 'prod-api', 'prod-web', 'prod-ai-agent', 'livekit'];
  const envRole = (key: string) => (key === 'livekit' ? ['shared', 'livekit'] : [key.split('-')[0]!, key.split('-').slice(1).join('-')]);

  it('one log group per host, retained per environment, encrypted with the logs key, deleted at destroy', () => {
    const groups = ofType(live, 'aws_cloudwatch_log_group').filter((g) => g.name === 'containers');
    expect(groups.map((g) => g.index).sort()).toEqual([...HOST_KEYS].sort());
    const retention: Record<string, number> = { staging: 30, prod: 90, shared: 90 };
    for (const g of groups) {
      const [env, role] = envRole(g.index as string);
      expect(g.values.name, g.address).toBe(`/dolbom/containers/${env}/${role}`);
      expect(g.values.retention_in_days, g.address).toBe(retention[env!]);
      expect(shape(g.values.kms_key_id), g.address).toBe('<aws_kms_key.this["logs"].arn>');
      expect(g.values.skip_destroy ?? false, g.address).toBe(false);
    }
  });

  it('each host role may create streams and put events in its own container log group only (and the session log group)', () => {
    for (const key of HOST_KEYS) {
      const [env, role] = envRole(key);
      const st = (find(live, `module.iam.data.aws_iam_policy_document.host_telemetry["${key}"]`).values.statement as { sid: string; actions: string[]; resources: Value[] }[]).find((s) => s.sid === 'WriteOwnLogGroups')!;
      expect(st.actions.sort(), key).toEqual(['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents']);
      const base = `arn:aws:logs:ap-northeast-2:${ACCOUNT}:log-group:`;
      expect(st.resources.map(shape).sort(), key).toEqual(
        [`${base}/dolbom/containers/${env}/${role}`, `${base}/dolbom/containers/${env}/${role}:*`, `${base}/dolbom/ssm-sessions`, `${base}/dolbom/ssm-sessions:*`].sort(),
      );
    }
  });

  it('scripts/deploy.sh hands compose exactly the group terraform creates for that host', () => {
    const deploy = readFileSync(join(repoRoot, 'scripts', 'deploy.sh'), 'utf8');
    const project = /^PROJECT="([^"]+)"$/m.exec(readFileSync(join(repoRoot, 'scripts', 'lib', 'common.sh'), 'utf8'))![1]!;
    const template = /^export DOLBOM_LOG_GROUP="([^"]+)"$/m.exec(deploy)![1]!;
    for (const key of HOST_KEYS) {
      const [env, role] = envRole(key);
      const rendered = template.replace('$PROJECT', project).replace('$env', env!).replace('$role', role!);
      expect(rendered, key).toBe(find(live, `aws_cloudwatch_log_group.containers["${key}"]`).values.name);
    }
  });
});
