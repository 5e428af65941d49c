/**
 * Policy speed: the whole dolbom pack over (1) synthetic `terraform show -json` plans of 10,000 and
 * 20,000 resources (a realistic mix: network, security groups and rules, instances with IAM, load
 * balancers, data stores, buckets with their companions) and (2) the ~50,000-line synthetic HCL stack
 * of the evaluator benchmark. Target: ≤ 0.5 s per 10,000 resources, linear growth.
 *
 *   npx tsx bench/policy.bench.ts [resources=20000]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromPlanDocument } from '../src/load/plan-json.js';
import { loadHcl } from '../src/load/hcl/index.js';
import { ModelIndex } from '../src/model/query.js';
import type { StackModel } from '../src/model/resource.js';
import { runRules } from '../src/policy/engine.js';
import { allRules } from '../src/policy/packs/index.js';
import { generateStack } from './eval-stack-generator.js';

type Res = { address: string; type: string; name: string; values: Record<string, unknown>; refs: Record<string, string[]> };

/** One "cell" of about 25 resources: an app slice as the stack would plan it. */
function cell(i: number, env: string): Res[] {
  const p = `c${i}`;
  const r = (type: string, name: string, values: Record<string, unknown>, refs: Record<string, string[]> = {}): Res => ({
    address: `module.${p}.${type}.${name}`,
    type,
    name,
    values: { tags: { Environment: env, Role: name.split('_')[0] }, tags_all: { Project: 'dolbom', ManagedBy: 'terraform', Environment: env, Role: name.split('_')[0] }, ...values },
    refs,
  });
  const ref = (type: string, name: string, attr = 'id') => `module.${p}.${type}.${name}.${attr}`;
  return [
    r('aws_vpc', 'main', { cidr_block: '10.0.0.0/16' }),
    r('aws_subnet', 'api_a', { vpc_id: null, availability_zone: 'ap-northeast-2a', map_public_ip_on_launch: false }, { vpc_id: [ref('aws_vpc', 'main')] }),
    r('aws_subnet', 'data_a', { vpc_id: null, availability_zone: 'ap-northeast-2a' }, { vpc_id: [ref('aws_vpc', 'main')] }),
    r('aws_subnet', 'data_c', { vpc_id: null, availability_zone: 'ap-northeast-2c' }, { vpc_id: [ref('aws_vpc', 'main')] }),
    r('aws_route_table', 'private', { vpc_id: null, route: [] }, { vpc_id: [ref('aws_vpc', 'main')] }),
    r('aws_route_table_association', 'api_a', { subnet_id: null, route_table_id: null }, { subnet_id: [ref('aws_subnet', 'api_a')], route_table_id: [ref('aws_route_table', 'private')] }),
    r('aws_route_table_association', 'data_a', { subnet_id: null, route_table_id: null }, { subnet_id: [ref('aws_subnet', 'data_a')], route_table_id: [ref('aws_route_table', 'private')] }),
    r('aws_security_group', 'api', { name: `${p}-api`, ingress: [], egress: [] }),
    r('aws_security_group', 'rds', { name: `${p}-rds`, ingress: [], egress: [] }),
    r('aws_vpc_security_group_ingress_rule', 'rds_from_api', { ip_protocol: 'tcp', from_port: 5432, to_port: 5432, security_group_id: null, referenced_security_group_id: null }, { security_group_id: [ref('aws_security_group', 'rds')], referenced_security_group_id: [ref('aws_security_group', 'api')] }),
    r('aws_vpc_security_group_egress_rule', 'api_out', { ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0', security_group_id: null }, { security_group_id: [ref('aws_security_group', 'api')] }),
    r('aws_iam_role', 'api', { name: `${p}-api`, assume_role_policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' } }] }) }),
    r('aws_iam_role_policy_attachment', 'api_ssm', { role: `${p}-api`, policy_arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' }, { role: [ref('aws_iam_role', 'api', 'name')] }),
    r('aws_iam_role_policy', 'api_env', { role: `${p}-api`, policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: `arn:aws:s3:::${p}-env/${env}/*` }] }) }),
    r('aws_iam_instance_profile', 'api', { name: `${p}-api`, role: `${p}-api` }, { role: [ref('aws_iam_role', 'api', 'name')] }),
    r('aws_instance', 'api', { instance_type: 't3.small', subnet_id: null, iam_instance_profile: `${p}-api`, associate_public_ip_address: false, metadata_options: [{ http_tokens: 'required' }], root_block_device: [{ encrypted: true }], ebs_block_device: [], key_name: null }, { subnet_id: [ref('aws_subnet', 'api_a')], iam_instance_profile: [ref('aws_iam_instance_profile', 'api', 'name')] }),
    r('aws_db_subnet_group', 'db', { name: `${p}-db`, subnet_ids: null }, { subnet_ids: [ref('aws_subnet', 'data_a'), ref('aws_subnet', 'data_c')] }),
    r('aws_db_parameter_group', 'pg', { name: `${p}-pg`, parameter: [{ name: 'rds.force_ssl', value: '1' }] }),
    r('aws_db_instance', 'rds', { engine: 'postgres', storage_encrypted: true, publicly_accessible: false, backup_retention_period: 14, manage_master_user_password: true, deletion_protection: true, db_subnet_group_name: `${p}-db`, parameter_group_name: `${p}-pg` }, { db_subnet_group_name: [ref('aws_db_subnet_group', 'db', 'name')], parameter_group_name: [ref('aws_db_parameter_group', 'pg', 'name')] }),
    r('aws_lb_target_group', 'api', { name: `${p}-api`, protocol: 'HTTP', port: 8000 }),
    r('aws_lb_target_group_attachment', 'api', { target_group_arn: null, target_id: null }, { target_group_arn: [ref('aws_lb_target_group', 'api', 'arn')], target_id: [ref('aws_instance', 'api')] }),
    r('aws_s3_bucket', 'env', { bucket: `${p}-env` }),
    r('aws_s3_bucket_public_access_block', 'env', { bucket: `${p}-env`, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true }, { bucket: [ref('aws_s3_bucket', 'env')] }),
    r('aws_s3_bucket_versioning', 'env', { bucket: `${p}-env`, versioning_configuration: [{ status: 'Enabled' }] }, { bucket: [ref('aws_s3_bucket', 'env')] }),
    r('aws_s3_bucket_server_side_encryption_configuration', 'env', { bucket: `${p}-env` }, { bucket: [ref('aws_s3_bucket', 'env')] }),
  ];
}

/** A plan document (format 1.2) with planned_values, resource_changes and configuration references. */
function syntheticPlan(resources: number): unknown {
  const perCell = cell(0, 'prod').length;
  const cells = Math.ceil(resources / perCell);
  const modules: { address: string; resources: unknown[] }[] = [];
  const changes: unknown[] = [];
  const config: Record<string, unknown> = {};
  for (let i = 0; i < cells; i++) {
    const rs = cell(i, i % 2 ? 'prod' : 'staging');
    const unknown = (r: Res) => Object.fromEntries(Object.keys(r.refs).map((k) => [k, true]));
    modules.push({
      address: `module.c${i}`,
      resources: rs.map((r) => ({ address: r.address, mode: 'managed', type: r.type, name: r.name, provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 0, values: r.values, sensitive_values: {} })),
    });
    for (const r of rs) {
      changes.push({ address: r.address, module_address: `module.c${i}`, mode: 'managed', type: r.type, name: r.name, provider_name: 'registry.terraform.io/hashicorp/aws', change: { actions: ['create'], before: null, after: r.values, after_unknown: { ...unknown(r), id: true, arn: true }, before_sensitive: false, after_sensitive: {} } });
    }
    config[`c${i}`] = {
      source: './cell',
      module: {
        resources: rs.map((r) => ({
          address: `${r.type}.${r.name}`,
          mode: 'managed',
          type: r.type,
          name: r.name,
          provider_config_key: 'aws',
          expressions: Object.fromEntries(Object.entries(r.refs).map(([k, targets]) => [k, { references: targets.flatMap((t) => [t.replace(/^module\.c\d+\./, ''), t.replace(/^module\.c\d+\./, '').replace(/\.[a-z_]+$/, '')]) }])),
          schema_version: 0,
        })),
      },
    };
  }
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    planned_values: { root_module: { child_modules: modules } },
    resource_changes: changes,
    configuration: { root_module: { module_calls: config } },
  };
}

const ms = (t0: number) => performance.now() - t0;

function timePack(model: StackModel): number {
  const t0 = performance.now();
  const results = runRules(allRules, model, new ModelIndex(model), { deployment: 'bench', strict: false });
  const elapsed = ms(t0);
  const errors = results.flatMap((r) => r.findings.filter((f) => f.verdict === 'error'));
  if (errors.length > 0) throw new Error(`engine errors: ${errors[0].message}`);
  return elapsed;
}

const target = Number(process.argv[2] ?? 20_000);
const sizes = [target / 2, target];
console.log(`dolbom pack: ${allRules.length} rules; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`);
const models = sizes.map((n) => {
  const doc = syntheticPlan(n);
  const t0 = performance.now();
  const model = fromPlanDocument(doc, `synthetic-${n}.json`);
  return { model, loadMs: ms(t0) };
});
// The first run of a process pays for JIT compilation (what one `stackcheck check` sees); the
// steady state is the median of five runs after two warm-ups on every model.
const cold = timePack(models[0].model);
for (const { model } of models) {
  timePack(model);
  timePack(model);
}
const perTenK: number[] = [];
for (const { model, loadMs } of models) {
  const policyMs = Array.from({ length: 5 }, () => timePack(model)).sort((a, b) => a - b)[2];
  const per = (policyMs / model.resources.length) * 10_000;
  perTenK.push(per);
  console.log(`  plan ${model.resources.length.toLocaleString('en')} resources: load ${loadMs.toFixed(0)} ms, policies ${policyMs.toFixed(0)} ms (median of 5, warm) = ${per.toFixed(0)} ms per 10,000 resources`);
}
console.log(`  first run in a fresh process (JIT cold), ${models[0].model.resources.length.toLocaleString('en')} resources: ${cold.toFixed(0)} ms`);
const growth = perTenK[1] / perTenK[0];
console.log(`  target ≤ 500 ms per 10,000 resources: ${perTenK.every((x) => x <= 500) ? 'MET' : 'MISSED'}; per-resource cost ${target / 2}→${target}: ×${growth.toFixed(2)} (${growth < 1.3 ? 'linear' : 'NOT linear'})`);

const work = await mkdtemp(join(tmpdir(), 'policy-bench-'));
try {
  const stack = await generateStack(work, 40, 40);
  const model = await loadHcl({ dir: work });
  const coldMs = timePack(model);
  timePack(model);
  const policyMs = Array.from({ length: 5 }, () => timePack(model)).sort((a, b) => a - b)[2];
  console.log(
    `  HCL stack ${stack.lines.toLocaleString('en')} lines, ${model.resources.length.toLocaleString('en')} resources: policies ${policyMs.toFixed(0)} ms warm (${coldMs.toFixed(0)} ms cold) = ${((policyMs / model.resources.length) * 10_000).toFixed(0)} ms per 10,000 resources`,
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
