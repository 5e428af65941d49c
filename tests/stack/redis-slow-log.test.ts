/**
 * m14: every Redis replication group delivers its slow log as JSON to a CloudWatch Logs group of its
 * own, encrypted with the logs key, and applies modifications in the maintenance window unless the
 * operator switches redis_apply_immediately on for the apply that adds log delivery (ElastiCache
 * refuses a log-delivery change without apply-immediately). Static evaluation of live; the real
 * plan agrees (tests/load/plan-diff/stack-real-plan.test.ts).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadStack } from '../../src/load/index.js';
import type { StackModel } from '../../src/model/resource.js';
import { isUnknown, type Unknown } from '../../src/model/value.js';
import { stackDir } from './helpers.js';

let live: StackModel;
let now: StackModel;
beforeAll(async () => {
  const load = (vars: Record<string, string>) => loadStack({ dir: stackDir, varFiles: [join(stackDir, 'envs', 'live.tfvars')], vars, env: {} });
  [live, now] = await Promise.all([load({}), load({ redis_apply_immediately: 'true' })]);
}, 180_000);

const origin = (v: unknown) => (isUnknown(v) ? (v as Unknown).origins.map((o) => `${o.address}.${o.attribute}`).join(' ') : JSON.stringify(v));

describe('m14: Redis slow log to CloudWatch Logs', () => {
  it('each replication group: slow-log JSON to its own encrypted group; modifications wait for the window by default', () => {
    const groups = live.resources.filter((r) => r.type === 'aws_elasticache_replication_group');
    expect(groups).toHaveLength(3);
    for (const g of groups) {
      const module = g.address.slice(0, g.address.indexOf('.aws_'));
      expect(g.values.log_delivery_configuration, g.address).toEqual([
        { destination: expect.anything(), destination_type: 'cloudwatch-logs', log_format: 'json', log_type: 'slow-log' },
      ]);
      const logGroup = live.resources.find((r) => r.address === `${module}.aws_cloudwatch_log_group.slow_log`);
      expect(logGroup, module).toBeDefined();
      expect((g.values.log_delivery_configuration as Record<string, unknown>[])[0]!.destination).toBe(logGroup!.values.name);
      expect(logGroup!.values.name).toBe(`/elasticache/${g.values.replication_group_id}/slow-log`);
      expect(origin(logGroup!.values.kms_key_id)).toBe('aws_kms_key.this["logs"].arn');
      expect(logGroup!.values.retention_in_days).toBe(30);
      expect(g.values.apply_immediately, g.address).toBe(false);
    }
  });

  it('redis_apply_immediately = true switches every group to apply at once (the one-off apply that adds log delivery)', () => {
    const groups = now.resources.filter((r) => r.type === 'aws_elasticache_replication_group');
    expect(groups.map((g) => g.values.apply_immediately)).toEqual([true, true, true]);
  });
});
