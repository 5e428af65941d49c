/**
 * AWS Backup (review M9), as the static evaluator plans the deployments: a daily plan into a vault
 * under its own customer-managed key, a selection of exactly the data that lives only here (the
 * databases, the env-file bucket, the api and ai-agent hosts), no copy by default, a copy to a
 * vault (and key) this stack creates in a second region, or to an existing vault by ARN, and no
 * backups at all in ephemeral copies (a vault with recovery points cannot be deleted).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadStack } from '../../src/load/index.js';
import type { Resource, StackModel } from '../../src/model/resource.js';
import { isUnknown, type Unknown, type Value } from '../../src/model/value.js';
import { local, moduleBody, parseStack, stackDir } from './helpers.js';

const load = (file: string, vars: Record<string, string> = {}) => loadStack({ dir: stackDir, varFiles: [join(stackDir, 'envs', file)], vars, env: {} });
const OTHER_VAULT = 'arn:aws:backup:ap-northeast-2:444455556666:backup-vault:dolbom-copies';

let live: StackModel;
let toRegion: StackModel;
let toVault: StackModel;
let ephemeral: StackModel;
beforeAll(async () => {
  [live, toRegion, toVault, ephemeral] = await Promise.all([
    load('live.tfvars'),
    load('live.tfvars', { backup: '{ copy = { region = "ap-northeast-1" } }' }),
    load('live.tfvars', { backup: `{ copy = { vault_arn = "${OTHER_VAULT}", retention_days = 90 } }` }),
    load('ephemeral.tfvars'),
  ]);
}, 240_000);

const ofType = (m: StackModel, prefix: string) => m.resources.filter((r) => r.type.startsWith(prefix));
const find = (m: StackModel, address: string): Resource => {
  const r = m.resources.find((x) => x.address === address);
  expect(r, address).toBeDefined();
  return r!;
};
/** Where an unknown value comes from (`<address>.<attribute>`), else the value itself as JSON. */
const origin = (v: Value | undefined): string => (isUnknown(v) ? (v as Unknown).origins.map((o) => `${o.address}.${o.attribute}`).join(' + ') : JSON.stringify(v));
type Rule = { schedule: Value; lifecycle: { delete_after: Value }[]; copy_action?: { destination_vault_arn: Value; lifecycle: { delete_after: Value }[] }[] };
const rule = (m: StackModel) => (find(m, 'aws_backup_plan.this[0]').values.rule as Rule[])[0]!;

describe('M9: AWS Backup', () => {
  it('live: a daily plan after the RDS backup window into a vault under the backup key, kept 35 days, no copy by default', () => {
    const vault = find(live, 'aws_backup_vault.this[0]').values;
    expect(vault.name).toBe('dolbom-backups');
    expect(origin(vault.kms_key_arn)).toBe('aws_kms_key.this["backup"].arn');
    const r = rule(live);
    expect(r.schedule).toBe('cron(0 19 * * ? *)');
    expect(r.lifecycle[0]!.delete_after).toBe(35);
    expect(r.copy_action ?? []).toEqual([]);
    expect(ofType(live, 'aws_backup_vault').map((x) => x.address)).toEqual(['aws_backup_vault.this[0]']);
    expect(live.resources.some((x) => x.address.startsWith('aws_kms_key.backup_copy'))).toBe(false);
  });

  it('live: the selection names exactly the databases, the env-file bucket and the api and ai-agent hosts', async () => {
    // The selection's resources are a set, unknown as a whole before apply (the host ARNs are): the
    // hosts are read from its references, the databases and the bucket from the expression.
    const selection = find(live, 'aws_backup_selection.this[0]');
    const hosts = selection.references.filter((r) => r.attribute === 'resources').map((r) => r.target);
    expect(hosts.sort()).toEqual(['prod', 'staging'].flatMap((env) => ['api', 'ai-agent'].map((role) => `module.app_hosts["${env}"].aws_instance.this["${role}"].arn`)).sort());
    const arns = local(moduleBody(await parseStack(), ''), 'backup_resource_arns') as string;
    expect(arns).toContain('[for env in keys(var.environments) : module.rds[env].arn]');
    expect(arns).toContain('[module.iam.env_bucket_arn]');
    expect(local(moduleBody(await parseStack(), ''), 'backup_hosts')).toEqual(['api', 'ai-agent']);
    expect(find(live, 'aws_iam_role.backup[0]').values.name).toBe('dolbom-backup');
    const attached = ofType(live, 'aws_iam_role_policy_attachment').filter((a) => a.address.startsWith('aws_iam_role_policy_attachment.backup['));
    expect(attached.map((a) => a.values.policy_arn).sort()).toEqual(
      ['service-role/AWSBackupServiceRolePolicyForBackup', 'service-role/AWSBackupServiceRolePolicyForRestores', 'AWSBackupServiceRolePolicyForS3Backup', 'AWSBackupServiceRolePolicyForS3Restore'].map((p) => `arn:aws:iam::aws:policy/${p}`).sort(),
    );
  });

  it('copy to a second region: a vault and a key there (provider aws.backup_copy), the key usable only through Backup, RDS and EC2 of that region', () => {
    const copyVault = find(toRegion, 'aws_backup_vault.copy[0]').values;
    expect(copyVault.name).toBe('dolbom-backups-copy');
    expect(origin(copyVault.kms_key_arn)).toBe('aws_kms_key.backup_copy[0].arn');
    const r = rule(toRegion);
    expect(r.copy_action!.map((c) => [origin(c.destination_vault_arn), c.lifecycle[0]!.delete_after])).toEqual([['aws_backup_vault.copy[0].arn', 35]]);
    type St = { sid: string; condition?: { variable: string; values: Value[] }[] };
    const use = (find(toRegion, 'data.aws_iam_policy_document.backup_copy_key[0]').values.statement as St[]).find((s) => s.sid === 'UseOnlyThroughTheService')!;
    expect(use.condition!.find((c) => c.variable === 'kms:ViaService')!.values).toEqual(['backup.ap-northeast-1.amazonaws.com', 'rds.ap-northeast-1.amazonaws.com', 'ec2.ap-northeast-1.amazonaws.com']);
    expect(find(toRegion, 'aws_kms_key.backup_copy[0]').values).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
  });

  it('copy to an existing vault (a second account): only the copy action, nothing created for it', () => {
    const r = rule(toVault);
    expect(r.copy_action!.map((c) => [c.destination_vault_arn, c.lifecycle[0]!.delete_after])).toEqual([[OTHER_VAULT, 90]]);
    expect(ofType(toVault, 'aws_backup_vault').map((x) => x.address)).toEqual(['aws_backup_vault.this[0]']);
    expect(toVault.resources.some((x) => x.address.startsWith('aws_kms_key.backup_copy'))).toBe(false);
  });

  it('ephemeral: no vault, plan, selection or role (a vault with recovery points would block the nightly destroy)', () => {
    expect(ofType(ephemeral, 'aws_backup_').map((x) => x.address)).toEqual([]);
    expect(ephemeral.resources.some((x) => x.address.startsWith('aws_iam_role.backup'))).toBe(false);
  });

  it('refuses a copy that names both a region and a vault, or this region', async () => {
    await expect(load('live.tfvars', { backup: `{ copy = { region = "ap-northeast-1", vault_arn = "${OTHER_VAULT}" } }` })).rejects.toThrow(/exactly one of region/);
    await expect(load('live.tfvars', { backup: '{ copy = { region = "ap-northeast-2" } }' })).rejects.toThrow(/other than var.region/);
    await expect(load('live.tfvars', { backup: '{ vault_lock = { min_retention_days = 7, max_retention_days = 365, changeable_for_days = 1 } }' })).rejects.toThrow(/changeable_for_days >= 3/);
  });
});
