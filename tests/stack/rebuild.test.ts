/**
 * Rebuild-safe names (review M10): a destroy followed by an apply of the same configuration — the
 * nightly ephemeral stack every night, a disaster-recovery rebuild of live — must never meet a name
 * that the first life of a resource still holds after its destroy:
 *   (a) a log group kept at destroy (skip_destroy) stays in the account under its name;
 *   (b) a deleted secret keeps its name for its recovery window ("You can't create this secret because
 *       a secret with this name is already scheduled for deletion");
 *   (c) a final DB snapshot stays after the instance, so its name can be used once only.
 * (d), security groups by name_prefix, is checked in tests/stack/structure.test.ts;
 *   (e) a deleted S3 bucket's name is not free again for hours ("it might take 48-72 hours", AWS
 *       Knowledge Center), so the log buckets a destroy deletes are named by bucket_prefix.
 * The static evaluation of both deployments shows the names; the real terraform (offline, the rds
 * module under a wrapper root) is the oracle for what plantimestamp() and ignore_changes do.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStack } from '../../src/load/index.js';
import type { Resource, StackModel } from '../../src/model/resource.js';
import { isUnknown } from '../../src/model/value.js';
import { modulesDir, stackDir, terraformAvailable, terraformSkipReason } from './helpers.js';
import { offlineRoot, type OfflineRoot, type PlanJson } from './offline-root.js';

const models: Record<'live' | 'ephemeral', StackModel> = {} as never;
beforeAll(async () => {
  for (const name of ['live', 'ephemeral'] as const) {
    // the ephemeral copy with the longest run id the variable allows (10): the worst case for name lengths
    models[name] = await loadStack({ dir: stackDir, varFiles: [join(stackDir, 'envs', `${name}.tfvars`)], vars: name === 'ephemeral' ? { run_id: 'e2e7run01x' } : {}, env: {} });
  }
}, 120_000);

const ofType = (model: StackModel, type: string) => model.resources.filter((r) => r.type === type && r.mode === 'managed');
/** A name that AWS gives out once: generated from name_prefix at create (unknown until apply). */
const generatedName = (r: Resource) => typeof r.values.name_prefix === 'string' && r.values.name_prefix.length > 0 && isUnknown(r.values.name);

describe('rebuild-safe names (M10), both deployments as evaluated', () => {
  it('(a) a log group kept at destroy (skip_destroy) is named by name_prefix, so the next apply creates a new one beside it', () => {
    const kept = ofType(models.live, 'aws_cloudwatch_log_group').filter((r) => r.values.skip_destroy === true);
    expect(kept.map((r) => r.address)).toContain('module.vpc.aws_cloudwatch_log_group.flow_logs');
    for (const r of kept) expect(generatedName(r), r.address).toBe(true);
    // A throw-away copy keeps nothing: destroy removes every log group it made.
    expect(ofType(models.ephemeral, 'aws_cloudwatch_log_group').filter((r) => r.values.skip_destroy === true)).toEqual([]);
  });

  it('(b) a secret with a recovery window is named by name_prefix; the throw-away copy deletes its secrets at once', () => {
    const secrets = ofType(models.live, 'aws_secretsmanager_secret');
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    for (const r of secrets) {
      const window = r.values.recovery_window_in_days ?? 30;
      if (window !== 0) expect(generatedName(r), `${r.address} (recovery window ${String(window)} days)`).toBe(true);
    }
    expect(secrets.filter((r) => r.values.recovery_window_in_days === 7)).toHaveLength(secrets.length);
    for (const r of ofType(models.ephemeral, 'aws_secretsmanager_secret')) expect(r.values.recovery_window_in_days, r.address).toBe(0);
  });

  it('(e) a log bucket that a destroy may delete is named by bucket_prefix: S3 frees a deleted bucket name only after hours', () => {
    for (const name of ['live', 'ephemeral'] as const) {
      const buckets = ofType(models[name], 'aws_s3_bucket');
      const generated = buckets.filter((r) => typeof r.values.bucket_prefix === 'string' && isUnknown(r.values.bucket)).map((r) => r.address);
      expect(generated, name).toEqual(['aws_s3_bucket.trail[0]', 'module.alb.aws_s3_bucket.access_logs[0]']);
      // The env-file bucket keeps its fixed name: every host's user data carries it (terraform/README.md, "Destroy and rebuild").
      expect(buckets.map((r) => r.address).filter((a) => !generated.includes(a)), name).toEqual(['module.iam.aws_s3_bucket.env_files']);
      // bucket_prefix is at most 37 characters (aws_s3_bucket docs): the worst case is the longest run id.
      for (const r of buckets.filter((b) => generated.includes(b.address))) expect(String(r.values.bucket_prefix).length, r.address).toBeLessThanOrEqual(37);
    }
  });

  it('(c) no DB instance has a constant final snapshot name: it carries the plan time (plantimestamp), unknown to a static evaluation', () => {
    for (const name of ['live', 'ephemeral'] as const) {
      for (const r of ofType(models[name], 'aws_db_instance')) {
        const id = r.values.final_snapshot_identifier;
        expect(isUnknown(id), `${name} ${r.address}: ${JSON.stringify(id)}`).toBe(true);
        expect(isUnknown(id) && id.reason).toMatch(/plantimestamp/);
      }
    }
    // prod keeps a final snapshot in live; that is the deletion a fixed name made fail the second time.
    expect(models.live.resources.find((r) => r.address === 'module.rds["prod"].aws_db_instance.this')?.values.skip_final_snapshot).toBe(false);
  });
});

const suite = terraformAvailable ? describe : describe.skip;
if (!terraformAvailable) console.warn(`tests/stack/rebuild.test.ts: terraform suite skipped: ${terraformSkipReason}`);

const INSTANCE = 'module.rds.aws_db_instance.this';
const SNAPSHOT_NAME = /^dolbom-prod-final-(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const finalSnapshotChange = (plan: PlanJson) => plan.resource_changes!.find((c) => c.address === INSTANCE)!.change;

suite('final snapshot names under the real terraform (offline, modules/rds)', () => {
  let root: OfflineRoot;

  beforeAll(async () => {
    root = await offlineRoot({
      copy: { rds: join(modulesDir, 'rds') },
      files: {
        'main.tf': `module "rds" {
  source = "./rds"

  identifier          = "dolbom-prod"
  environment         = "prod"
  subnet_ids          = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
  security_group_id   = "sg-0cccccccccccccccc"
  alarms              = { topic_arn = "arn:aws:sns:ap-northeast-2:111122223333:alarms" }
  skip_final_snapshot = false
}
`,
        'provider.tf': 'provider "aws" {\n  region = "ap-northeast-2"\n}\n',
      },
    });
  }, 120_000);

  afterAll(async () => {
    await root?.close();
  });

  it('plantimestamp() is known in the plan: each create plans <identifier>-final-<plan time, UTC>, so the next life of the instance gets another name', async () => {
    const before = Date.now();
    const first = finalSnapshotChange(await root.plan());
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = finalSnapshotChange(await root.plan());
    const after = Date.now();
    expect(first.actions).toEqual(['create']);
    for (const change of [first, second]) {
      const m = SNAPSHOT_NAME.exec(change.after.final_snapshot_identifier);
      expect(m, change.after.final_snapshot_identifier).not.toBeNull();
      const at = Date.UTC(+m![1], +m![2] - 1, +m![3], +m![4], +m![5], +m![6]);
      expect(at).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(at).toBeLessThanOrEqual(after);
    }
    expect(second.after.final_snapshot_identifier).not.toBe(first.after.final_snapshot_identifier);
  }, 120_000);

  it('an existing instance keeps the name recorded at its create (ignore_changes), and a destroy uses that name', async () => {
    const recorded = 'dolbom-prod-final-20260101000000';
    // The arguments that force replacement as configured, so the plan is an update in place.
    root.writeState([
      {
        module: 'module.rds',
        type: 'aws_db_instance',
        name: 'this',
        schemaVersion: 2,
        attributes: {
          id: 'db-ABCDEFGHIJKLMNOPQRSTUVWXYZ', identifier: 'dolbom-prod', engine: 'postgres', db_name: 'dolbom', username: 'dolbom_admin',
          storage_encrypted: true, instance_class: 'db.t4g.medium', skip_final_snapshot: false, final_snapshot_identifier: recorded,
        },
      },
    ]);
    const update = finalSnapshotChange(await root.plan());
    expect(update.actions).toEqual(['update']);
    expect(update.before.final_snapshot_identifier).toBe(recorded);
    expect(update.after.final_snapshot_identifier).toBe(recorded);
    const destroy = finalSnapshotChange(await root.plan(['-destroy']));
    expect(destroy.actions).toEqual(['delete']);
    // The provider's delete reads the name from the state (resourceInstanceDelete).
    expect(destroy.before).toMatchObject({ skip_final_snapshot: false, final_snapshot_identifier: recorded });
  }, 120_000);
});
