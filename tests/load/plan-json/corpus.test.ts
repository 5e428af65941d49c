import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlanJson } from '../../../src/load/plan-json.js';
import { getPath, isUnknown, ModelIndex, stripAttribute, type StackModel } from '../../../src/model/index.js';
import { corpusAvailable, corpusDir, corpusSkipReason } from '../../helpers/paths.js';

/**
 * Every real plan of the corpus loads without error; its resource count equals the SOURCES.md
 * table; and values read by hand from each file come out of the model unchanged.
 */

/** SOURCES.md table: file → planned resources (all modes) and managed ones. */
function sourcesTable(): Map<string, { planned: number; managed: number }> {
  const table = new Map<string, { planned: number; managed: number }>();
  for (const line of readFileSync(join(corpusDir, 'SOURCES.md'), 'utf8').split('\n')) {
    const m = /^\| `([^`]+)` \|.*\| (\d+)(?: \((\d+) managed\))? \| [^|]*\|$/.exec(line);
    if (m) table.set(m[1], { planned: Number(m[2]), managed: Number(m[3] ?? m[2]) });
  }
  return table;
}

function planFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? planFiles(dir, join(prefix, e.name)) : e.name.endsWith('.json') ? [join(prefix, e.name)] : [],
  );
}

const cf = 'terraform-compliance__cli/tests/functional';
const ck = 'bridgecrewio__checkov/tests/terraform';
/** [address, attribute path, value read from the file by hand]; `'unknown'` = after_unknown true. */
type Known = [string, string, unknown];
const knownValues: Record<string, Known[]> = {
  'Manasuni__AWS_Infra_Deployment/tfplan.json': [
    ['module.vpc.aws_vpc.this', 'cidr_block', '10.0.0.0/16'],
    ['module.vpc.aws_subnet.public["us-east-1a"]', 'cidr_block', '10.0.0.0/24'],
    ['module.vpc.aws_subnet.public["us-east-1b"]', 'map_public_ip_on_launch', true],
    ['module.vpc.aws_subnet.private["us-east-1a"]', 'cidr_block', '10.0.10.0/24'],
    ['module.vpc.aws_subnet.private["us-east-1b"]', 'availability_zone', 'us-east-1b'],
    ['module.vpc.aws_subnet.private["us-east-1b"]', 'map_public_ip_on_launch', false],
    ['module.vpc.aws_nat_gateway.nat["us-east-1a"]', 'connectivity_type', 'public'],
    ['module.vpc.aws_nat_gateway.nat["us-east-1b"]', 'public_ip', 'unknown'],
    ['module.vpc.aws_route_table.public', 'route.0.cidr_block', '0.0.0.0/0'],
    ['module.vpc.aws_route_table.public', 'route.0.gateway_id', 'unknown'],
    ['module.rds.aws_db_instance.this', 'publicly_accessible', false],
    ['module.rds.aws_db_instance.this', 'storage_encrypted', true],
    ['module.eks.aws_eks_cluster.this', 'name', 'idurar-erp-crm-non-prod-eks'],
  ],
  [`${ck}/image_referencer/resources/aws/apprunner_tfplan.json`]: [['aws_apprunner_service.example', 'service_name', 'example']],
  [`${ck}/image_referencer/resources/aws/batch_tfplan.json`]: [['aws_batch_job_definition.test', 'name', 'tf_test_batch_job_definition']],
  [`${ck}/image_referencer/resources/aws/codebuild_tfplan.json`]: [['aws_codebuild_project.alias', 'name', 'test-project-cache']],
  [`${ck}/image_referencer/resources/aws/ecs_tfplan.json`]: [['aws_ecs_task_definition.service', 'family', 'service']],
  [`${ck}/image_referencer/resources/aws/lightsail_tfplan.json`]: [['aws_lightsail_container_service.example', 'name', 'example']],
  [`${ck}/parser/resources/plan_provisioners/tfplan.json`]: [['aws_instance.web', 'instance_type', 't3.micro']],
  [`${ck}/parser/resources/plan_tags_variety/tfplan.json`]: [['aws_dynamodb_table.basic-dynamodb-table', 'name', 'test']],
  [`${ck}/runner/resources/plan/tfplan.json`]: [
    ['aws_db_instance.default', 'name', 'db1'],
    ['aws_db_instance.default', 'publicly_accessible', true],
    ['aws_db_instance.default', 'storage_encrypted', false],
  ],
  [`${ck}/runner/resources/plan_and_tf_combine_graph/tfplan.json`]: [['aws_s3_bucket.example_2', 'bucket', 'example_2']],
  [`${ck}/runner/resources/plan_change_keys/tfplan.json`]: [
    ['aws_security_group_rule.foo', 'from_port', 5432],
    ['aws_security_group_rule.bar', 'from_port', 8888],
  ],
  [`${ck}/runner/resources/plan_nested_child_modules_with_connections/tfplan.json`]: [
    ['module.s3_bucket.aws_s3_bucket.this[0]', 'bucket', 'my-s3-bucket'],
  ],
  [`${ck}/runner/resources/plan_root_module_resources_no_values/tfplan_route53.json`]: [
    ['aws_route53_zone.example_com', 'name', 'example.com'],
  ],
  [`${ck}/runner/resources/plan_with_deleted_resources/tfplan.json`]: [
    ['aws_secretsmanager_secret.default', 'recovery_window_in_days', 30],
  ],
  [`${ck}/runner/resources/plan_with_iam_data_block/tfplan.json`]: [
    ['aws_s3_bucket.example', 'bucket', 'my-tf-test-bucket'],
    ['data.aws_iam_policy_document.allow_access_from_another_account', 'json', 'unknown'],
  ],
  [`${ck}/runner/resources/plan_with_iam_policies/tfplan.json`]: [['aws_iam_group.fail_2', 'name', 'example']],
  [`${ck}/runner/resources/unexpected/eks_node_group_remote_access.json`]: [
    ['aws_eks_node_group.test', 'node_group_name', 'example'],
    ['aws_eks_node_group.test', 'subnet_ids', ['subnet-ids']],
  ],
  'cmomodo__customer_feedback_ECS/infra/tfplan.json': [
    ['module.alb.aws_lb.coderco_alb', 'name', 'coderco-alb'],
    ['module.alb.aws_lb.coderco_alb', 'load_balancer_type', 'application'],
    ['module.alb.aws_lb.coderco_alb', 'arn', 'unknown'],
    ['aws_route53_record.main', 'name', 'ceedev.co.uk'],
    ['module.rds.aws_db_instance.default', 'publicly_accessible', false],
  ],
  'snyk-labs__terraform-goof@1f94be8/tfplan.json': [
    ['module.vpc.aws_security_group.allow_ssh', 'ingress.0.from_port', 22],
    ['module.vpc.aws_security_group.allow_ssh', 'ingress.0.cidr_blocks', ['0.0.0.0/0']],
    ['module.vpc.aws_security_group.allow_ssh_with_valid_cidr', 'ingress.0.cidr_blocks', ['10.0.0.0/16']],
    ['module.storage.aws_security_group.km_rds_sg', 'ingress.0.from_port', 5432],
    ['module.storage.aws_security_group.km_rds_sg', 'ingress.0.cidr_blocks', ['0.0.0.0/0']],
    ['module.storage.aws_db_instance.km_db', 'engine', 'postgres'],
    ['module.storage.aws_db_instance.km_db', 'publicly_accessible', false],
    ['module.instance.aws_instance.this[0]', 'instance_type', 't2.micro'],
  ],
  'snyk-labs__terraform-goof@c57a14c/tfplan.json': [
    ['module.vpc.aws_security_group.allow_ssh', 'ingress.0.from_port', 22],
    ['module.vpc.aws_security_group.allow_ssh', 'ingress.0.cidr_blocks', ['0.0.0.0/0']],
    ['module.storage.aws_db_instance.km_db', 'name', 'km_db_dev'],
  ],
  [`${cf}/actions_for_each_and_modules/plan.out.json`]: [['aws_iam_role.test_iam_role["repository_1"]', 'name', '1234']],
  [`${cf}/test-it_must_not_be_in-pass/plan.out.json`]: [['aws_cloudwatch_log_group.example2', 'name', 'lambda_function_name2']],
  [`${cf}/test_issue-120/plan.out.json`]: [['aws_rds_cluster.default', 'engine', 'aurora-mysql']],
  [`${cf}/test_issue-126/plan.out.json`]: [['aws_elb.bar', 'name', 'foobar-terraform-elb']],
  [`${cf}/test_issue-153/plan.out.json`]: [['aws_ebs_volume.fail', 'size', 50], ['aws_ebs_volume.success', 'size', 40]],
  [`${cf}/test_issue-156/plan.out.json`]: [['aws_instance.demo-prod-AppOne', 'instance_type', 't2.micro']],
  [`${cf}/test_issue-158/plan.out.json`]: [
    ['module.vpc.aws_subnet.private[0]', 'cidr_block', '10.0.1.0/24'],
    ['module.vpc.aws_subnet.private[1]', 'cidr_block', '10.0.2.0/24'],
  ],
  [`${cf}/test_issue-168/plan.out.json`]: [['aws_vpc.test', 'cidr_block', '10.103.0.0/16']],
  [`${cf}/test_issue-171/plan.out.json`]: [
    ['aws_lb.nlb-noncompliant', 'load_balancer_type', 'network'],
    ['aws_lb.nlb-noncompliant', 'internal', false],
    ['aws_lb.nlb-noncompliant', 'dns_name', 'unknown'],
    ['aws_lb_listener.tcp-listener-noncompliant', 'port', 80],
    ['aws_lb_listener.tcp-listener-noncompliant', 'protocol', 'TCP'],
    ['aws_lb_listener.udp-listener-noncompliant', 'port', 1443],
    ['aws_lb_listener.udp-listener-noncompliant', 'protocol', 'UDP'],
    ['aws_lb_listener.udp-listener-noncompliant', 'default_action.0.type', 'fixed-response'],
    ['aws_lb_listener.udp-listener-noncompliant', 'default_action.0.fixed_response.0.message_body', 'HEALTHY'],
    ['aws_lb_listener.udp-listener-noncompliant', 'load_balancer_arn', 'unknown'],
  ],
  [`${cf}/test_issue-177/plan.out.json`]: [['aws_iam_policy.assumeany-policy', 'name', 'assumeany-policy']],
  [`${cf}/test_issue-181_sg_with_comma_separated/plan.out.json`]: [['aws_security_group.something_else', 'name', 'Some_other_sg']],
  [`${cf}/test_issue-198/plan.out.json`]: [['aws_security_group_rule.efs_access', 'from_port', 2049]],
  [`${cf}/test_issue-203/plan.out.json`]: [['aws_iam_role.build_user_s3_dev', 'name', 'AWSBuildUserRole']],
  [`${cf}/test_issue-208/plan.out.json`]: [['aws_autoscaling_group.thing', 'max_size', 3]],
  [`${cf}/test_issue-216/plan.out.json`]: [['aws_security_group.ecs_task', 'name', 'ecs-tasks']],
  [`${cf}/test_issue-232/plan.out.json`]: [['aws_lb.internal', 'name', 'test-alb']],
  [`${cf}/test_issue-234-egress/plan.out.json`]: [['aws_security_group.alb_ecs', 'name', 'alb-ecs-access']],
  [`${cf}/test_issue-243/plan.out.json`]: [['aws_autoscaling_group.failure_2', 'name', 'test_2']],
  [`${cf}/test_issue-249/plan.out.json`]: [['aws_iam_role.instance_role', 'name', 'myapp-sandbox-instance-role-terraform']],
  [`${cf}/test_issue-279/plan.out.json`]: [['aws_launch_template.foobar', 'instance_type', 't2.micro']],
  [`${cf}/test_issue-284/plan.out.json`]: [['aws_s3_bucket.bucket', 'bucket', 'mybucket']],
  [`${cf}/test_issue-338/plan.out.json`]: [['aws_api_gateway_rest_api.tf_example_rest_api', 'name', 'example_api']],
  [`${cf}/test_issue-427/plan.out.json`]: [['aws_route53_record.domains_alias[1]', 'name', 'misayu.cl']],
  [`${cf}/test_issue-456/plan.out.json`]: [['aws_ecr_repository.nonmodulerepository', 'name', 'non_module_bar']],
  [`${cf}/test_issue-514/plan.out.json`]: [['module.vpc_module.aws_subnet.vpc_subnet[0]', 'cidr_block', '172.16.0.128/25']],
  [`${cf}/test_issue_360/plan.out.json`]: [['aws_security_group.allow_ping', 'name', 'allow_ping']],
  [`${cf}/test_issue_400/plan.out.json`]: [['aws_db_security_group.example_db', 'name', 'rds_sg']],
  [`${cf}/test_issue_401/plan.out.json`]: [['aws_db_instance.default', 'name', 'mydb']],
  [`${cf}/test_issue_410/plan.out.json`]: [['aws_instance.ebs_encrypted_not_present', 'instance_type', 't2.medium']],
  [`${cf}/test_issue_522/plan.out.json`]: [['aws_cloudwatch_log_group.log_group', 'name', '/aws/lambda/metrics-lambda-primary-lambda']],
  [`${cf}/test_issue_796/plan.out.json`]: [
    ['module.outer[0].module.inner.aws_cloudwatch_event_rule.example', 'schedule_expression', 'rate(15 minutes)'],
  ],
  [`${cf}/test_multi-module-referencing/plan.out.json`]: [
    ['aws_s3_bucket.no_module_boundary', 'bucket', 'some-test-bucket-no_module_boundary'],
  ],
  [`${cf}/test_non_created_module_resource_parameter/plan.out.json`]: [
    ['module.apigw_test_1.aws_api_gateway_rest_api.base', 'name', 'cc-testapi'],
  ],
  [`${cf}/test_pull_330/plan.out.json`]: [['aws_customer_gateway.main', 'type', 'ipsec.1']],
  [`${cf}/test_regex_on_when/plan.out.json`]: [['module.project1.aws_kms_key.test', 'description', 'Test KMS Key with any tags']],
  [`${cf}/test_resource_ref_in_module_fails/plan.out.json`]: [['module.test["a"].aws_s3_bucket.test["a"]', 'bucket', 'test-bucket']],
};

describe.skipIf(!corpusAvailable)(`the real plan corpus${corpusAvailable ? '' : ` (skipped: ${corpusSkipReason})`}`, () => {
  const table = corpusAvailable ? sourcesTable() : new Map();
  const files = corpusAvailable ? planFiles(corpusDir) : [];
  const models = new Map<string, StackModel>();
  const load = async (file: string) => {
    let m = models.get(file);
    if (!m) {
      m = await loadPlanJson(join(corpusDir, file));
      models.set(file, m);
    }
    return m;
  };

  it('has 56 plans, each in the SOURCES.md table and in the known-values table', () => {
    expect(files).toHaveLength(56);
    expect([...table.keys()].sort()).toEqual([...files].sort());
    expect(Object.keys(knownValues).sort()).toEqual([...files].sort());
  });

  it.each(corpusAvailable ? planFiles(corpusDir) : [])('%s: loads, counts and values match the file', async (file) => {
    const model = await load(file);
    const expected = table.get(file)!;
    const planned = model.resources.filter((r) => r.actions !== undefined);
    expect(planned).toHaveLength(expected.planned);
    expect(planned.filter((r) => r.mode === 'managed')).toHaveLength(expected.managed);
    expect(model.origin).toBe('plan');
    for (const [address, path, value] of knownValues[file]) {
      const r = model.resources.find((x) => x.address === address);
      expect(r, `${address} in ${file}`).toBeDefined();
      const got = getPath(r!.values, path);
      if (value === 'unknown') expect(isUnknown(got), `${address}.${path} unknown`).toBe(true);
      else expect(got, `${address}.${path}`).toEqual(value);
    }
  });

  it('every reference resolves to a resource of the model (references to count = 0 resources are dropped: the value cannot come from them)', async () => {
    const unresolved: string[] = [];
    let total = 0;
    for (const file of files) {
      const m = await load(file);
      const index = new ModelIndex(m);
      for (const r of m.resources) {
        for (const ref of r.references) {
          total++;
          if (index.resolveTarget(stripAttribute(ref.target), r).length === 0) unresolved.push(`${r.address} → ${ref.target}`);
        }
      }
    }
    expect(total).toBeGreaterThan(400);
    expect(unresolved).toEqual([]);
    // The two references to count = 0 resources (formerly left unresolved) are not references of the model.
    const s3 = await load('bridgecrewio__checkov/tests/terraform/runner/resources/plan_nested_child_modules_with_connections/tfplan.json');
    const block = s3.resources.find((r) => r.address === 'module.s3_bucket.aws_s3_bucket_public_access_block.this[0]')!;
    expect(block.references.map((x) => x.target)).not.toContain('module.s3_bucket.aws_s3_bucket_policy.this[0].id');
    const api = await load('terraform-compliance__cli/tests/functional/test_non_created_module_resource_parameter/plan.out.json');
    const domain = api.resources.find((r) => r.address === 'module.apigw_test_1.aws_api_gateway_domain_name.apigw')!;
    expect(domain.references.map((x) => x.target)).not.toContain('module.apigw_test_1.module.acm_cert_edge[0].aws_acm_certificate.cert');
  });

  it('terraform 0.12 prior_state: module-relative data source addresses are made whole', async () => {
    const m = await load(`${cf}/test_issue-249/plan.out.json`);
    const vpc = m.resources.find((r) => r.address === 'module.alb.module.data-tags.data.aws_vpc.default');
    expect(vpc).toMatchObject({ mode: 'data', module: 'module.alb.module.data-tags', type: 'aws_vpc', name: 'default' });
    const sg = m.resources.find((r) => r.address === 'module.alb.aws_security_group.alb')!;
    expect(new ModelIndex(m).follow(sg, 'vpc_id')).toEqual([vpc]);
  });

  it('cmomodo: an errored plan loads what it holds and says it is errored', async () => {
    const m = await load('cmomodo__customer_feedback_ECS/infra/tfplan.json');
    // timestamp: the plan's time, what plantimestamp() returned in it (terraform 1.5+ records it)
    expect(m.plan).toEqual({ formatVersion: '1.2', terraformVersion: '1.10.5', errored: true, timestamp: '2026-02-22T14:21:14Z' });
    expect(m.diagnostics.filter((d) => d.severity === 'error')).toHaveLength(1);
    expect(m.diagnostics[0].message).toMatch(/errored/);
    // Data sources read while planning come from prior_state.
    const zone = m.resources.find((r) => r.address === 'module.acm.data.aws_route53_zone.primary');
    expect(zone?.mode).toBe('data');
    expect(zone?.values.zone_id).toBe('Z030173428PFHIJ7AINAQ');
    // A root reference to a module output resolves into the module's resource.
    const record = m.resources.find((r) => r.address === 'aws_route53_record.main')!;
    expect(record.references).toContainEqual({
      attribute: 'alias.0.name',
      target: 'module.alb.aws_lb.coderco_alb.dns_name',
      via: 'module.alb.alb_dns_name',
    });
    const unknownName = getPath(record.values, 'alias.0.name');
    expect(isUnknown(unknownName) && unknownName.origins).toEqual([{ address: 'module.alb.aws_lb.coderco_alb', attribute: 'dns_name' }]);
  });

  it('terraform-goof c57a14c: destroyed resources are kept apart from the stack', async () => {
    const m = await load('snyk-labs__terraform-goof@c57a14c/tfplan.json');
    expect(m.removed?.map((r) => [r.address, r.actions])).toEqual([
      ['module.storage.aws_s3_bucket.insecure-bucket', ['delete']],
      ['module.storage.aws_s3_bucket.secure-bucket', ['delete']],
    ]);
    expect(m.resources.some((r) => r.address.endsWith('insecure-bucket'))).toBe(false);
    expect(m.removed?.[0].values.bucket).toBeTypeOf('string');
    const replaced = m.resources.find((r) => r.address === 'module.instance.aws_instance.this[0]');
    expect(replaced?.actions).toEqual(['delete', 'create']);
  });

  it('terraform-goof 1f94be8: sensitive values, variables and the SG → DB link', async () => {
    const m = await load('snyk-labs__terraform-goof@1f94be8/tfplan.json');
    const db = m.resources.find((r) => r.address === 'module.storage.aws_db_instance.km_db')!;
    expect(db.sensitive).toContain('password');
    expect(m.variables.region).toBe('us-west-1');
    const index = new ModelIndex(m);
    expect(index.follow(db, 'vpc_security_group_ids').map((r) => r.address)).toContain('module.storage.aws_security_group.km_rds_sg');
  });

  it('test_issue-171: listeners follow their load balancer while its ARN is unknown', async () => {
    const m = await load(`${cf}/test_issue-171/plan.out.json`);
    const index = new ModelIndex(m);
    const listeners = index.ofType('aws_lb_listener');
    expect(listeners).toHaveLength(3);
    for (const l of listeners) expect(index.follow(l, 'load_balancer_arn').map((r) => r.address)).toEqual(['aws_lb.nlb-noncompliant']);
  });

  it('Manasuni: a NAT gateway follows its EIPs inside the module', async () => {
    const m = await load('Manasuni__AWS_Infra_Deployment/tfplan.json');
    const index = new ModelIndex(m);
    const nat = index.get('module.vpc.aws_nat_gateway.nat["us-east-1a"]')!;
    // `allocation_id = aws_eip.nat[each.key].id`: terraform records `aws_eip.nat` and `each.key`,
    // and the NAT gateway's own key names the EIP of the same key.
    expect(index.follow(nat, 'allocation_id').map((r) => r.address).sort()).toEqual(['module.vpc.aws_eip.nat["us-east-1a"]']);
  });
});
