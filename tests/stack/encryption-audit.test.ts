/**
 * Customer-managed keys (review M8) and the audit trail (review M6), as the static evaluator plans
 * the live and the ephemeral deployment: which key each store names, what each key policy lets whom
 * do (the part terraform plan cannot check and AWS refuses at apply: the service principals CloudTrail
 * and CloudWatch Logs need), and that CloudTrail, Session Manager logging and GuardDuty exist where
 * they should and can be switched off for an Organization that provides them.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadStack } from '../../src/load/index.js';
import type { Resource, StackModel } from '../../src/model/resource.js';
import { isUnknown, stringSegments, type Unknown, type Value } from '../../src/model/value.js';
import { stackDir } from './helpers.js';

let live: StackModel;
let ephemeral: StackModel;
let organization: StackModel;
const ACCOUNT = '111122223333';
const load = (file: string, vars: Record<string, string> = {}) => loadStack({ dir: stackDir, varFiles: [join(stackDir, 'envs', file)], vars, env: {}, accountId: ACCOUNT });
beforeAll(async () => {
  [live, ephemeral, organization] = await Promise.all([
    load('live.tfvars'),
    load('ephemeral.tfvars', { run_id: 'e2e7run01x' }),
    load('live.tfvars', { audit: '{ cloudtrail = false, session_logging = false, guardduty = false }' }),
  ]);
}, 180_000);

type Statement = {
  sid?: string;
  effect?: string;
  actions?: string[];
  resources?: Value[];
  principals?: { type: string; identifiers: Value[] }[];
  condition?: { test: string; variable: string; values: Value[] }[];
};

const find = (model: StackModel, address: string): Resource => {
  const r = model.resources.find((x) => x.address === address);
  expect(r, address).toBeDefined();
  return r!;
};
const statements = (model: StackModel, address: string) => find(model, address).values.statement as Statement[];
const ofType = (model: StackModel, type: string) => model.resources.filter((r) => r.type === type);

/** The key a value names: `rds` for the ARN of aws_kms_key.this["rds"], else the value shown. */
function keyOf(v: Value | undefined): string {
  if (isUnknown(v)) {
    const origin = (v as Unknown).origins.find((o) => /(^|\.)aws_kms_key\.this\["[\w-]+"\]$/.test(o.address));
    if (origin) return /\["([\w-]+)"\]$/.exec(origin.address)![1]!;
  }
  return JSON.stringify(v);
}

/** A string whose shape is known: literal text with <address.attribute> for the unknown parts. */
function shape(v: Value | undefined): string {
  if (!isUnknown(v)) return String(v);
  return stringSegments(v as Unknown)
    .map((s) => (s.kind === 'literal' ? s.text : s.kind === 'symbol' ? `<${s.origin.address}.${s.origin.attribute}>` : '<?>'))
    .join('');
}

describe('M8: customer-managed keys', () => {
  it('every store of personal data or secrets names its own customer-managed key', () => {
    const named: [string, string][] = [];
    for (const db of ofType(live, 'aws_db_instance')) {
      named.push([`${db.address} storage`, keyOf(db.values.kms_key_id)], [`${db.address} master secret`, keyOf(db.values.master_user_secret_kms_key_id)]);
    }
    for (const rg of ofType(live, 'aws_elasticache_replication_group')) named.push([rg.address, keyOf(rg.values.kms_key_id)]);
    for (const secret of ofType(live, 'aws_secretsmanager_secret')) named.push([secret.address, keyOf(secret.values.kms_key_id)]);
    for (const i of ofType(live, 'aws_instance')) named.push([i.address, keyOf((i.values.root_block_device as Record<string, Value>[])[0]!.kms_key_id)]);
    for (const g of ofType(live, 'aws_cloudwatch_log_group')) named.push([g.address, keyOf(g.values.kms_key_id)]);
    const sse = find(live, 'module.iam.aws_s3_bucket_server_side_encryption_configuration.env_files').values.rule as { apply_server_side_encryption_by_default: Record<string, Value>[] }[];
    named.push(['env bucket', keyOf(sse[0]!.apply_server_side_encryption_by_default[0]!.kms_master_key_id)]);
    named.push(['trail', keyOf(find(live, 'aws_cloudtrail.account[0]').values.kms_key_id)]);

    const expected = (what: string) =>
      /aws_db_instance.* storage$/.test(what) ? 'rds'
      : /master secret$|aws_secretsmanager_secret/.test(what) ? 'secrets'
      : /elasticache/.test(what) ? 'elasticache'
      : /aws_instance/.test(what) ? 'ebs'
      : /log_group/.test(what) ? 'logs'
      : what === 'env bucket' ? 'env-files'
      : 'audit';
    expect(named.filter(([what, key]) => key !== expected(what))).toEqual([]);
    // 2 databases (storage + secret), 3 Redis groups and their 3 secrets, 7 hosts, flow + session logs, bucket, trail
    expect(named.length).toBeGreaterThanOrEqual(2 * 2 + 3 + 3 + 7 + 2 + 2);
  });

  it('each key rotates yearly and has an alias; no key lets a principal of the account decrypt except through its own service', () => {
    const keys = ofType(live, 'aws_kms_key');
    expect(keys.map((k) => k.address).sort()).toEqual(
      ['alarms', 'audit', 'backup', 'ebs', 'elasticache', 'env-files', 'logs', 'rds', 'secrets'].map((k) => `aws_kms_key.this["${k}"]`).sort(),
    );
    for (const k of keys) expect(k.values, k.address).toMatchObject({ enable_key_rotation: true, rotation_period_in_days: 365, deletion_window_in_days: 30 });
    expect(ofType(live, 'aws_kms_alias')).toHaveLength(keys.length);
    for (const k of keys) {
      const name = /\["([\w-]+)"\]/.exec(k.address)![1]!;
      for (const st of statements(live, `data.aws_iam_policy_document.kms["${name}"]`)) {
        const toAccount = st.principals?.some((p) => p.type === 'AWS');
        const crypto = (st.actions ?? []).filter((a) => /^kms:(Decrypt|Encrypt|GenerateDataKey|ReEncrypt)/.test(a));
        if (!toAccount || crypto.length === 0) continue;
        // kms:ViaService names exactly the key's own service(s) of this region.
        const via = st.condition?.find((c) => c.variable === 'kms:ViaService');
        expect(via, `${name} ${st.sid}`).toBeDefined();
        expect(via!.values.every((s) => String(s).endsWith('.ap-northeast-2.amazonaws.com')), `${name} ${st.sid}`).toBe(true);
      }
    }
    // The administrative statement holds no cryptographic action at all.
    const admin = statements(live, 'data.aws_iam_policy_document.kms["rds"]').find((s) => s.sid === 'AccountAdministersButDoesNotDecrypt')!;
    expect(admin.actions!.filter((a) => /Decrypt|Encrypt|GenerateDataKey|^kms:\*$/.test(a))).toEqual([]);
  });

  it('the logs key lets CloudWatch Logs of this region use it for this account\'s log groups only', () => {
    const logs = statements(live, 'data.aws_iam_policy_document.kms["logs"]').find((s) => s.sid === 'CloudWatchLogsOfThisAccount')!;
    expect(logs.principals).toEqual([{ type: 'Service', identifiers: ['logs.ap-northeast-2.amazonaws.com'] }]);
    expect(logs.actions).toEqual(expect.arrayContaining(['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*', 'kms:Describe*']));
    const context = logs.condition!.find((c) => c.variable === 'kms:EncryptionContext:aws:logs:arn')!;
    expect(context.test).toBe('ArnLike');
    expect(context.values.map(shape)).toEqual(['arn:aws:logs:ap-northeast-2:111122223333:log-group:*']);
  });

  it('the audit key lets CloudTrail encrypt for this one trail and describe the key', () => {
    const st = statements(live, 'data.aws_iam_policy_document.kms["audit"]');
    const encrypt = st.find((s) => s.sid === 'CloudTrailEncryptsTrailsOfThisAccount')!;
    expect(encrypt.principals).toEqual([{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }]);
    expect(encrypt.actions).toEqual(['kms:GenerateDataKey*']);
    expect(encrypt.condition!.map((c) => [c.test, c.variable, c.values.map(shape)])).toEqual([
      ['StringLike', 'kms:EncryptionContext:aws:cloudtrail:arn', ['arn:aws:cloudtrail:*:111122223333:trail/*']],
      ['StringEquals', 'aws:SourceArn', ['arn:aws:cloudtrail:ap-northeast-2:111122223333:trail/dolbom-account']],
    ]);
    expect(st.find((s) => s.sid === 'CloudTrailDescribesTheKey')!.actions).toEqual(['kms:DescribeKey']);
  });

  it('hosts decrypt env files only through S3 and secrets only through Secrets Manager; the bucket refuses puts under any other key', () => {
    for (const host of ['staging-web', 'prod-api', 'livekit']) {
      const st = statements(live, `module.iam.data.aws_iam_policy_document.kms_use["${host}"]`);
      for (const s of st) {
        expect(s.actions, host).toEqual(['kms:Decrypt']);
        expect(s.condition!.map((c) => c.variable), host).toEqual(['kms:ViaService']);
      }
      const services = st.flatMap((s) => s.condition![0]!.values);
      // web reads no secret, so it decrypts none
      expect(services, host).toEqual(host === 'staging-web' ? ['s3.ap-northeast-2.amazonaws.com'] : ['s3.ap-northeast-2.amazonaws.com', 'secretsmanager.ap-northeast-2.amazonaws.com']);
    }
    const deny = statements(live, 'module.iam.data.aws_iam_policy_document.env_files_bucket').find((s) => s.sid === 'DenyOtherKmsKeys')!;
    expect(deny).toMatchObject({ effect: 'Deny', actions: ['s3:PutObject'] });
    expect(deny.condition!.map((c) => [c.test, c.variable, c.values.map(keyOf)])).toEqual([['StringNotEqualsIfExists', 's3:x-amz-server-side-encryption-aws-kms-key-id', ['env-files']]]);
    expect(keyOf(live.outputs.env_files_kms_key_arn!.value)).toBe('env-files');
  });

  it('ephemeral copies keep the keys for 7 days only (the shortest deletion window)', () => {
    for (const k of ofType(ephemeral, 'aws_kms_key')) expect(k.values.deletion_window_in_days, k.address).toBe(7);
  });
});

describe('M6: audit trail', () => {
  it('CloudTrail: multi-region with global events and log-file validation, management events and every env-file object read and write', () => {
    const trail = find(live, 'aws_cloudtrail.account[0]').values;
    expect(trail).toMatchObject({ name: 'dolbom-account', is_multi_region_trail: true, include_global_service_events: true, enable_log_file_validation: true });
    const selectors = trail.advanced_event_selector as { name: string; field_selector: Record<string, Value>[] }[];
    const fields = (i: number) => Object.fromEntries(selectors[i]!.field_selector.map((f) => [f.field, f.equals ?? (f.starts_with as Value[]).map(shape)]));
    expect(fields(0)).toEqual({ eventCategory: ['Management'] });
    expect(fields(1)).toEqual({ eventCategory: ['Data'], 'resources.type': ['AWS::S3::Object'], 'resources.ARN': ['<module.iam.aws_s3_bucket.env_files.arn>/'] });
  });

  it('the trail bucket: CloudTrail may check its ACL and write under AWSLogs/<account>/ for this trail only; TLS only, private, versioned, no S3 Bucket Key', () => {
    const st = statements(live, 'data.aws_iam_policy_document.trail_bucket[0]');
    const bySid = Object.fromEntries(st.map((s) => [s.sid, s]));
    const trailArn = 'arn:aws:cloudtrail:ap-northeast-2:111122223333:trail/dolbom-account';
    expect(bySid.AWSCloudTrailAclCheck!.actions).toEqual(['s3:GetBucketAcl']);
    expect(bySid.AWSCloudTrailAclCheck!.condition!.map((c: { variable: string; values: Value[] }) => [c.variable, c.values.map(shape)])).toEqual([['aws:SourceArn', [trailArn]]]);
    expect(bySid.AWSCloudTrailWrite!.actions).toEqual(['s3:PutObject']);
    expect(bySid.AWSCloudTrailWrite!.resources!.map(shape)).toEqual(['<aws_s3_bucket.trail[0].arn>/AWSLogs/111122223333/*']);
    expect(bySid.AWSCloudTrailWrite!.condition!.map((c: { variable: string; values: Value[] }) => [c.variable, c.values.map(shape)])).toEqual([
      ['s3:x-amz-acl', ['bucket-owner-full-control']],
      ['aws:SourceArn', [trailArn]],
    ]);
    for (const s of [bySid.AWSCloudTrailAclCheck!, bySid.AWSCloudTrailWrite!]) expect(s.principals).toEqual([{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }]);
    expect(bySid.DenyInsecureTransport!.effect).toBe('Deny');
    expect(find(live, 'aws_s3_bucket_public_access_block.trail[0]').values).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    const rule = (find(live, 'aws_s3_bucket_server_side_encryption_configuration.trail[0]').values.rule as Record<string, Value>[])[0]!;
    expect(rule.bucket_key_enabled).toBe(false);
  });

  it('Session Manager: the account preferences stream every session to an encrypted log group each host may write', () => {
    const doc = find(live, 'aws_ssm_document.session_preferences[0]').values;
    expect(doc).toMatchObject({ name: 'SSM-SessionManagerRunShell', document_type: 'Session', document_format: 'JSON' });
    const content = JSON.parse(String(doc.content)) as { inputs: Record<string, unknown> };
    expect(content.inputs).toMatchObject({ cloudWatchLogGroupName: '/dolbom/ssm-sessions', cloudWatchEncryptionEnabled: true, cloudWatchStreamingEnabled: true });
    expect(find(live, 'aws_cloudwatch_log_group.sessions[0]').values).toMatchObject({ name: '/dolbom/ssm-sessions', retention_in_days: 365 });
    for (const host of ['staging-api', 'prod-ai-agent', 'livekit']) {
      const write = statements(live, `module.iam.data.aws_iam_policy_document.host_telemetry["${host}"]`).find((s) => s.sid === 'WriteOwnLogGroups')!;
      // beside its own container log group (tests/stack/monitoring.test.ts)
      expect(write.resources!.map(shape), host).toEqual(
        expect.arrayContaining([
          'arn:aws:logs:ap-northeast-2:111122223333:log-group:/dolbom/ssm-sessions',
          'arn:aws:logs:ap-northeast-2:111122223333:log-group:/dolbom/ssm-sessions:*',
        ]),
      );
    }
  });

  it('GuardDuty: one detector, enabled', () => {
    expect(ofType(live, 'aws_guardduty_detector').map((d) => d.values.enable)).toEqual([true]);
  });

  it('ephemeral copies: a trail of their own, but no account-wide GuardDuty detector or session preferences', () => {
    expect(ofType(ephemeral, 'aws_cloudtrail')).toHaveLength(1);
    expect(find(ephemeral, 'aws_s3_bucket.trail[0]').values.force_destroy).toBe(true);
    expect(ofType(ephemeral, 'aws_guardduty_detector')).toEqual([]);
    expect(ofType(ephemeral, 'aws_ssm_document')).toEqual([]);
  });

  it('where an Organization provides them, each switches off on its own and leaves nothing behind', () => {
    for (const type of ['aws_cloudtrail', 'aws_guardduty_detector', 'aws_ssm_document']) expect(ofType(organization, type), type).toEqual([]);
    expect(organization.resources.filter((r) => /\.trail\b|\.sessions\b/.test(r.address)).map((r) => r.address)).toEqual([]);
    const write = statements(organization, 'module.iam.data.aws_iam_policy_document.host_telemetry["prod-api"]').find((s) => s.sid === 'WriteOwnLogGroups')!;
    // only its own container log group is left
    expect(write.resources!.map(shape)).toEqual([
      'arn:aws:logs:ap-northeast-2:111122223333:log-group:/dolbom/containers/prod/api',
      'arn:aws:logs:ap-northeast-2:111122223333:log-group:/dolbom/containers/prod/api:*',
    ]);
  });
});
