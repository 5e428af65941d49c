/**
 * terraform/bootstrap (review M14): the state bucket as code. The real terraform is the oracle:
 * `terraform validate` and an offline `terraform plan` of the bootstrap root (aws 5.100 from the
 * mirror, fake credentials, STS at a loopback stand-in) must plan every control the state needs —
 * a customer-managed rotating key whose policy keeps decryption behind S3, SSE-KMS with that key
 * and a Bucket Key, versioning with expiring old versions, no public access and no ACLs, a policy
 * that refuses plain HTTP and puts under any other key, access logs to their own bucket — and a
 * destroy of the bucket or the key must be refused (prevent_destroy), planned against a state that
 * holds them. Then the harness must judge the root green on its own config, and the stack's backend
 * must name no DynamoDB table. Skips with a reason without terraform or the mirror.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from '@cdktf/hcl2json';
import { main } from '../../src/cli.js';
import { repoRoot } from '../helpers/paths.js';
import { FAKE_ACCOUNT } from '../load/plan-diff/offline-stack.js';
import { stackDir, terraformAvailable, terraformSkipReason } from './helpers.js';
import { configuredResources, offlineRoot, plannedResources, type OfflineRoot, type PlanJson } from './offline-root.js';

const bootstrapDir = join(stackDir, 'bootstrap');
const suite = terraformAvailable ? describe : describe.skip;
if (!terraformAvailable) console.warn(`tests/stack/bootstrap.test.ts: terraform suites skipped: ${terraformSkipReason}`);

interface Statement {
  sid?: string;
  effect?: string;
  actions?: string[];
  principals?: { type: string; identifiers: string[] }[];
  condition?: { test: string; variable: string; values: string[] }[];
}

/** The statements of a data.aws_iam_policy_document as planned (known arguments; ARNs unknown). */
const statementsOf = (values: Record<string, any>): Statement[] => values.statement;
const bySid = (statements: Statement[], sid: string) => statements.find((s) => s.sid === sid);

suite('terraform/bootstrap under the real terraform (offline)', () => {
  let root: OfflineRoot;
  let plan: PlanJson;
  let planned: ReturnType<typeof plannedResources>;
  let configured: ReturnType<typeof configuredResources>;
  const values = (address: string) => {
    const r = planned.get(address);
    expect(r, `${address} is planned`).toBeDefined();
    return r!.values;
  };

  beforeAll(async () => {
    root = await offlineRoot({ copy: { '.': bootstrapDir } });
    plan = await root.plan(['-var-file=envs/live.tfvars']);
    planned = plannedResources(plan);
    configured = configuredResources(plan);
  }, 240_000);

  afterAll(async () => {
    await root?.close();
  });

  it('terraform validate accepts it; the plan creates the two buckets and the key, and nothing else but their settings', async () => {
    const v = await root.terraform(['validate', '-no-color']);
    expect(v.code, v.stderr).toBe(0);
    const created = plan.resource_changes!.filter((c) => c.change.actions.join() === 'create').map((c) => c.type);
    expect(created.filter((t) => t === 'aws_s3_bucket')).toHaveLength(2);
    expect(created.filter((t) => t === 'aws_kms_key')).toHaveLength(1);
    expect(created.filter((t) => !t.startsWith('aws_s3_bucket') && !t.startsWith('aws_kms_'))).toEqual([]);
    expect(created.some((t) => t.startsWith('aws_dynamodb'))).toBe(false);
  });

  it('the key: customer-managed, rotated yearly, 30-day deletion window; the account administers it but decrypts only through S3 of this region', () => {
    const key = values('aws_kms_key.state');
    expect(key).toMatchObject({ enable_key_rotation: true, rotation_period_in_days: 365, deletion_window_in_days: 30, key_usage: 'ENCRYPT_DECRYPT' });
    const policy = JSON.parse(key.policy) as { Statement: { Sid: string; Action: string[] | string; Principal: { AWS: string }; Condition?: Record<string, Record<string, string>> }[] };
    const crypto = /^kms:(Decrypt|Encrypt|ReEncrypt|GenerateDataKey)/;
    for (const st of policy.Statement) {
      expect(st.Principal.AWS).toBe(`arn:aws:iam::${FAKE_ACCOUNT}:root`);
      const actions = [st.Action].flat();
      expect(actions).not.toContain('kms:*');
      if (actions.some((a) => crypto.test(a))) {
        expect(st.Condition?.StringEquals?.['kms:ViaService'], st.Sid).toBe('s3.ap-northeast-2.amazonaws.com');
        expect(st.Condition?.StringEquals?.['kms:CallerAccount'], st.Sid).toBe(FAKE_ACCOUNT);
      }
    }
    expect(policy.Statement.map((s) => s.Sid).sort()).toEqual(['AccountAdministersButDoesNotDecrypt', 'UseOnlyThroughS3']);
  });

  it('the state bucket: SSE-KMS by default under that key with a Bucket Key, versioned, public access blocked, ACLs disabled', () => {
    const sse = values('aws_s3_bucket_server_side_encryption_configuration.state').rule[0];
    expect(sse.apply_server_side_encryption_by_default[0].sse_algorithm).toBe('aws:kms');
    expect(sse.bucket_key_enabled).toBe(true);
    const sseConfig = configured.get('aws_s3_bucket_server_side_encryption_configuration.state')!;
    expect(sseConfig.rule[0].apply_server_side_encryption_by_default[0].kms_master_key_id.references).toContain('aws_kms_key.state.arn');
    expect(values('aws_s3_bucket_versioning.state').versioning_configuration[0].status).toBe('Enabled');
    expect(values('aws_s3_bucket_public_access_block.state')).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(values('aws_s3_bucket_ownership_controls.state').rule[0].object_ownership).toBe('BucketOwnerEnforced');
    expect(values('aws_s3_bucket.state')).toMatchObject({ bucket: 'example-terraform-state', force_destroy: false });
    const rule = values('aws_s3_bucket_lifecycle_configuration.state').rule[0];
    expect(rule.status).toBe('Enabled');
    expect(rule.noncurrent_version_expiration[0].noncurrent_days).toBe(90);
  });

  it('the state bucket policy refuses plain HTTP, puts that are not SSE-KMS, and puts naming another key (or none)', () => {
    const statements = statementsOf(values('data.aws_iam_policy_document.state_bucket'));
    const everyone = [{ type: '*', identifiers: ['*'] }];
    expect(bySid(statements, 'DenyInsecureTransport')).toMatchObject({
      effect: 'Deny', actions: ['s3:*'], principals: everyone, condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    });
    expect(bySid(statements, 'DenyUnencryptedPuts')).toMatchObject({
      effect: 'Deny', actions: ['s3:PutObject'], principals: everyone,
      condition: [{ test: 'StringNotEquals', variable: 's3:x-amz-server-side-encryption', values: ['aws:kms'] }],
    });
    expect(bySid(statements, 'DenyOtherKmsKeys')).toMatchObject({
      effect: 'Deny', actions: ['s3:PutObject'], principals: everyone,
      condition: [{ test: 'StringNotEqualsIfExists', variable: 's3:x-amz-server-side-encryption-aws-kms-key-id' }],
    });
    const keyCondition = configured.get('data.aws_iam_policy_document.state_bucket')!.statement[2].condition[0];
    expect(keyCondition.values.references).toContain('aws_kms_key.state.arn');
    // Nothing in it allows anything: the IAM policies of the account decide who reads the state.
    expect(statements.every((s) => s.effect === 'Deny')).toBe(true);
    expect(configured.get('aws_s3_bucket_policy.state')!.policy.references).toContain('data.aws_iam_policy_document.state_bucket.json');
  });

  it('access logs of the state bucket go to their own bucket (SSE-S3, versioned, private), written only by S3 logging for that bucket', () => {
    const logging = values('aws_s3_bucket_logging.state');
    expect(logging.target_prefix).toBe('example-terraform-state/');
    expect(configured.get('aws_s3_bucket_logging.state')!.target_bucket.references).toContain('aws_s3_bucket.access_logs.id');
    expect(values('aws_s3_bucket.access_logs').bucket).toBe('example-terraform-state-access-logs');
    expect(values('aws_s3_bucket_server_side_encryption_configuration.access_logs').rule[0].apply_server_side_encryption_by_default[0].sse_algorithm).toBe('AES256');
    expect(values('aws_s3_bucket_versioning.access_logs').versioning_configuration[0].status).toBe('Enabled');
    expect(values('aws_s3_bucket_public_access_block.access_logs')).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(values('aws_s3_bucket_ownership_controls.access_logs').rule[0].object_ownership).toBe('BucketOwnerEnforced');
    const statements = statementsOf(values('data.aws_iam_policy_document.access_logs'));
    const allow = statements.filter((s) => s.effect !== 'Deny');
    expect(allow).toHaveLength(1);
    expect(allow[0]).toMatchObject({ actions: ['s3:PutObject'], principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }] });
    expect(allow[0].condition!.map((c) => `${c.test} ${c.variable}`).sort()).toEqual(['ArnLike aws:SourceArn', 'StringEquals aws:SourceAccount']);
    expect(allow[0].condition!.find((c) => c.variable === 'aws:SourceAccount')!.values).toEqual([FAKE_ACCOUNT]);
    expect(bySid(statements, 'DenyInsecureTransport')?.effect).toBe('Deny');
  });

  it('a destroy of the state bucket or its key is refused by terraform (prevent_destroy), planned against a state holding them', async () => {
    root.writeState([
      { type: 'aws_s3_bucket', name: 'state', attributes: { id: 'example-terraform-state', bucket: 'example-terraform-state', arn: 'arn:aws:s3:::example-terraform-state' } },
      { type: 'aws_kms_key', name: 'state', attributes: { id: 'k', key_id: 'k', arn: `arn:aws:kms:ap-northeast-2:${FAKE_ACCOUNT}:key/k` } },
    ]);
    const destroy = await root.planText(['-destroy', '-var-file=envs/live.tfvars']);
    expect(destroy.code).not.toBe(0);
    const refused = [...destroy.output.matchAll(/Resource (\S+) has lifecycle\.prevent_destroy set/g)].map((m) => m[1]).sort();
    expect(refused).toEqual(['aws_kms_key.state', 'aws_s3_bucket.state']);
  }, 120_000);
});

describe('terraform/bootstrap beside the stack', () => {
  it('stackcheck judges it green on its own config (packs aws and aws-apply, its own tfvars), and the stack check ignores it', async () => {
    // As `node bin/stackcheck.js check terraform/bootstrap` from the repository root.
    const out = mkdtempSync(join(tmpdir(), 'stackcheck-bootstrap-check-'));
    const printed: string[] = [];
    const code = await main(['check', 'terraform/bootstrap', '--format', 'json', '--out', out], {
      stdout: (t) => printed.push(t), stderr: (t) => printed.push(t), env: {}, cwd: repoRoot, isTTY: false,
    });
    const report = JSON.parse(readFileSync(join(out, 'test-plan.json'), 'utf8'));
    rmSync(out, { recursive: true, force: true });
    expect(code, printed.join('')).toBe(0);
    const run = report.runs[0];
    expect(run.deployment).toBe('bootstrap');
    const verdict = (id: string) => run.results.find((r: { checkId: string }) => r.checkId === id)?.verdict;
    for (const id of ['S3-001', 'S3-002', 'S3-003', 'S3-004', 'KMS-001', 'APL-KMS-001']) expect(verdict(id), id).toBe('pass');
    expect(run.results.filter((r: { verdict: string }) => r.verdict === 'fail')).toEqual([]);
    // The stack's own evaluation (make test-plan's first command) holds nothing of it: a root of its own.
    const model: string[] = [];
    expect(await main(['model', 'terraform', '--var-file', 'terraform/envs/live.tfvars'], {
      stdout: (t) => model.push(t), stderr: (t) => model.push(t), env: {}, cwd: repoRoot, isTTY: false,
    })).toBe(0);
    expect(model.join('')).toMatch(/terraform\/kms\.tf:\d+/);
    expect(model.join('')).not.toContain('terraform/bootstrap/');
  }, 120_000);

  it('the stack backend encrypts and locks with a lock file, names no DynamoDB table, and leaves bucket and kms_key_id to init', async () => {
    const body = await parse('backend.tf', readFileSync(join(stackDir, 'backend.tf'), 'utf8'));
    const s3 = body.terraform[0].backend.s3[0];
    expect(s3).toMatchObject({ encrypt: true, use_lockfile: true });
    for (const k of ['dynamodb_table', 'bucket', 'key', 'kms_key_id']) expect(s3[k], k).toBeUndefined();
    const readme = readFileSync(join(stackDir, 'README.md'), 'utf8');
    expect(readme).toContain('terraform -chdir=terraform/bootstrap output -raw backend_config');
    for (const wf of ['apply.yml', 'pr.yml']) {
      const text = readFileSync(join(repoRoot, '.github', 'workflows', wf), 'utf8');
      const inits = text.split('terraform -chdir=terraform init').length - 1;
      expect(inits, wf).toBeGreaterThan(0);
      expect(text.split('-backend-config="kms_key_id=${{ vars.TF_STATE_KMS_KEY_ARN }}"').length - 1, wf).toBe(inits);
    }
  });
});
