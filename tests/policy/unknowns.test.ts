/**
 * Review of the pack for silent passes: wherever a rule needs a value that is not known before
 * apply, the verdict is unknown (with the reason), never pass and never not-applicable. Hand-built
 * plan-like models, one describe per rule, numbered cases.
 */
import { describe, expect, it } from 'vitest';
import { concatStrings, Unknown, type Value } from '../../src/model/value.js';
import { allRules } from '../../src/policy/packs/index.js';
import { policyArguments } from '../../src/policy/resource-policies.js';
import { check, model, resource } from './helpers.js';

const rule = (id: string) => allRules.find((r) => r.id === id)!;
/** An unknown that comes from elsewhere (an expression), not a provider-computed default. */
const later = (reason = 'depends on random_pet.p.id') => new Unknown(reason, [{ address: 'random_pet.p', attribute: 'id' }]);

describe('LB-002 TLS policy: an unknown listener protocol', () => {
  it('1. is unknown, not "not applicable"', () => {
    const [r] = check([rule('LB-002')], model([resource('aws_lb_listener.l', { protocol: later(), ssl_policy: 'ELBSecurityPolicy-2016-08' })]));
    expect(r.verdict).toBe('unknown');
    expect(r.findings[0].message).toMatch(/random_pet/);
  });
});

describe('LB-004 drop invalid headers: an unknown load_balancer_type', () => {
  it('1. is unknown, not "not applicable"', () => {
    const [r] = check([rule('LB-004')], model([resource('aws_lb.a', { load_balancer_type: later(), drop_invalid_header_fields: false })]));
    expect(r.verdict).toBe('unknown');
  });
});

describe('NET-006 two AZs: an unknown load_balancer_type', () => {
  it('1. is unknown, not "not applicable"', () => {
    const [r] = check([rule('NET-006')], model([resource('aws_lb.a', { load_balancer_type: later(), subnets: ['subnet-1'] })]));
    expect(r.verdict).toBe('unknown');
  });
});

describe('NET-006 two AZs: subnet_mapping blocks', () => {
  const subnet = (n: string, az: string) => resource(`aws_subnet.${n}`, { id: `subnet-${n}`, availability_zone: az });
  it('1. one zone through subnet_mapping fails', () => {
    const lb = resource('aws_lb.a', { load_balancer_type: 'application', subnet_mapping: [{ subnet_id: 'subnet-a' }, { subnet_id: 'subnet-b' }] });
    const [r] = check([rule('NET-006')], model([lb, subnet('a', 'ap-northeast-2a'), subnet('b', 'ap-northeast-2a'), subnet('c', 'ap-northeast-2c')]));
    expect(r.verdict).toBe('fail');
  });
  it('2. two zones through subnet_mapping pass', () => {
    const lb = resource('aws_lb.a', { load_balancer_type: 'application', subnet_mapping: [{ subnet_id: 'subnet-a' }, { subnet_id: 'subnet-c' }] });
    const [r] = check([rule('NET-006')], model([lb, subnet('a', 'ap-northeast-2a'), subnet('c', 'ap-northeast-2c')]));
    expect(r.verdict).toBe('pass');
  });
});

describe('LB-006 UDP health check: an unknown port', () => {
  const tg = (port: unknown) => resource('aws_lb_target_group.u', { protocol: 'UDP', health_check: [{ protocol: 'TCP', port: port as never }] });
  it('1. a port known only after apply is unknown (it may be the traffic port)', () => {
    const [r] = check([rule('LB-006')], model([tg(later())]));
    expect(r.verdict).toBe('unknown');
  });
  it('2. a provider-computed default port is the traffic port: fail', () => {
    const computed = new Unknown('known after apply', [{ address: 'aws_lb_target_group.u', attribute: 'health_check' }]);
    const [r] = check([rule('LB-006')], model([tg(computed)]));
    expect(r.verdict).toBe('fail');
  });
  it('3. an explicit TCP port passes', () => {
    const [r] = check([rule('LB-006')], model([tg('7880')]));
    expect(r.verdict).toBe('pass');
  });
});

describe('LB-001 HTTP redirects: a listener rule whose actions are unknown', () => {
  it('1. is unknown, not a pass', () => {
    const listener = resource('aws_lb_listener.http', {
      arn: 'arn:aws:elasticloadbalancing:l/http',
      protocol: 'HTTP',
      default_action: [{ type: 'redirect', redirect: [{ protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' }] }],
    });
    const lr = resource('aws_lb_listener_rule.r', { listener_arn: 'arn:aws:elasticloadbalancing:l/http', action: later() });
    const [r] = check([rule('LB-001')], model([listener, lr]));
    expect(r.verdict).toBe('unknown');
    expect(r.findings.some((f) => f.verdict === 'unknown' && f.message.includes('aws_lb_listener_rule.r'))).toBe(true);
  });
});

describe('IAM-001 no * on *: an unknown resource list', () => {
  const doc = (resources: unknown) =>
    resource('data.aws_iam_policy_document.d', { statement: [{ effect: 'Allow', actions: ['*'], resources: resources as never }] }, { mode: 'data' });
  const policy = resource('aws_iam_policy.p', { policy: new Unknown('rendered after apply', [{ address: 'data.aws_iam_policy_document.d', attribute: 'json' }]) });
  it('1. action * on a resource list not known before apply is unknown (it may be *)', () => {
    const [r] = check([rule('IAM-001')], model([policy, doc(later())]));
    expect(r.verdict).toBe('unknown');
  });
  it('2. action * on a known * fails', () => {
    const [r] = check([rule('IAM-001')], model([policy, doc(['*'])]));
    expect(r.verdict).toBe('fail');
  });
  it('3. action * on a known bucket ARN passes', () => {
    const [r] = check([rule('IAM-001')], model([policy, doc(['arn:aws:s3:::b/*'])]));
    expect(r.verdict).toBe('pass');
  });
});

describe('IAM-001/002/004: a policy document not known before apply, merged from source and override documents', () => {
  const policy = resource('aws_iam_policy.p', { policy: new Unknown('rendered after apply', [{ address: 'data.aws_iam_policy_document.d', attribute: 'json' }]) });
  const own = [{ effect: 'Allow', actions: ['s3:GetObject'], resources: [later()] }];
  const doc = (extra: Record<string, unknown>) => resource('data.aws_iam_policy_document.d', { statement: own as never, ...(extra as Record<string, Value>) }, { mode: 'data' });
  const star = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' }] });
  const narrow = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'All', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' }] });
  it('1. * on * in a source document fails (was read as the own statements alone: a silent pass)', () => {
    for (const id of ['IAM-001', 'IAM-004']) expect(check([rule(id)], model([policy, doc({ source_policy_documents: [star] })]))[0].verdict, id).toBe('fail');
  });
  it('2. an override document with the same Sid replaces it', () => {
    expect(check([rule('IAM-001')], model([policy, doc({ source_policy_documents: [star], override_policy_documents: [narrow] })]))[0].verdict).toBe('pass');
  });
  it('3. a source document not known before apply is unknown', () => {
    expect(check([rule('IAM-001')], model([policy, doc({ source_policy_documents: [later()] })]))[0].verdict).toBe('unknown');
  });
  it('4. not_resources known only after apply with actions * is unknown', () => {
    const d = resource('data.aws_iam_policy_document.d', { statement: [{ effect: 'Allow', actions: ['*'], not_resources: later() }] as never }, { mode: 'data' });
    expect(check([rule('IAM-001')], model([policy, d]))[0].verdict).toBe('unknown');
  });
  it('5. NotAction on a Resource not known before apply is unknown for IAM-002', () => {
    const d = resource('data.aws_iam_policy_document.d', { statement: [{ effect: 'Allow', not_actions: ['s3:DeleteBucket'], resources: [later()] }] as never }, { mode: 'data' });
    const inline = resource('aws_iam_role_policy.p', { role: 'ci', policy: new Unknown('rendered after apply', [{ address: 'data.aws_iam_policy_document.d', attribute: 'json' }]) });
    expect(check([rule('IAM-002')], model([inline, d]))[0].verdict).toBe('unknown');
  });
});

describe('NET-003 no public IP: associate_public_ip_address set from a value known after apply', () => {
  it('1. is unknown even when the subnet maps no public IP', () => {
    const subnet = resource('aws_subnet.s', { id: 'subnet-s', map_public_ip_on_launch: false });
    const inst = resource('aws_instance.i', { subnet_id: 'subnet-s', associate_public_ip_address: later() });
    const [r] = check([rule('NET-003')], model([inst, subnet]));
    expect(r.verdict).toBe('unknown');
  });
  it('2. a provider-computed default defers to the subnet (pass)', () => {
    const subnet = resource('aws_subnet.s', { id: 'subnet-s', map_public_ip_on_launch: false });
    const computed = new Unknown('known after apply', [{ address: 'aws_instance.i', attribute: 'associate_public_ip_address' }]);
    const inst = resource('aws_instance.i', { subnet_id: 'subnet-s', associate_public_ip_address: computed });
    const [r] = check([rule('NET-003')], model([inst, subnet]));
    expect(r.verdict).toBe('pass');
  });
});

describe('NET-003 no public IP: what an ASG or launch template launches with', () => {
  const subnet = resource('aws_subnet.s', { id: 'subnet-s', map_public_ip_on_launch: false });
  const lt = (eth0: Record<string, Value> | undefined) => resource('aws_launch_template.t', { id: 'lt-1', network_interfaces: eth0 ? [eth0] : [] });
  const asg = (extra: Record<string, Value> = {}) => resource('aws_autoscaling_group.g', { launch_template: [{ id: 'lt-1' }], vpc_zone_identifier: ['subnet-s'], ...extra });
  const verdicts = (m: ReturnType<typeof model>) => Object.fromEntries(check([rule('NET-003')], m)[0].findings.map((f) => [f.address, f.verdict]));
  it('1. an eth0 setting known only after apply is unknown on the template and on the group', () => {
    expect(verdicts(model([subnet, lt({ device_index: 0, associate_public_ip_address: later() }), asg()]))).toEqual({ 'aws_launch_template.t': 'unknown', 'aws_autoscaling_group.g': 'unknown' });
  });
  it('2. subnets known only after apply are unknown on the group; the template defers to it', () => {
    expect(verdicts(model([subnet, lt(undefined), asg({ vpc_zone_identifier: later() })]))).toEqual({ 'aws_launch_template.t': 'not-applicable', 'aws_autoscaling_group.g': 'unknown' });
  });
  it('3. a launch template not in the model is unknown on the group', () => {
    expect(verdicts(model([subnet, asg({ launch_template: [{ id: later() }] })]))).toEqual({ 'aws_autoscaling_group.g': 'unknown' });
  });
  it('4. a template nothing in the model launches, with no setting, is unknown (its launcher decides)', () => {
    expect(verdicts(model([lt(undefined)]))).toEqual({ 'aws_launch_template.t': 'unknown' });
  });
  it('5. a group with no vpc_zone_identifier launches into the default VPC (fail)', () => {
    expect(verdicts(model([lt(undefined), asg({ vpc_zone_identifier: [] })]))).toEqual({ 'aws_launch_template.t': 'not-applicable', 'aws_autoscaling_group.g': 'fail' });
  });
  it('6. a subnet whose map_public_ip_on_launch is known only after apply is unknown', () => {
    const s2 = resource('aws_subnet.s', { id: 'subnet-s', map_public_ip_on_launch: later() });
    expect(verdicts(model([s2, lt(undefined), asg()]))['aws_autoscaling_group.g']).toBe('unknown');
  });
  it('7. the pass: eth0 says false', () => {
    expect(verdicts(model([subnet, lt({ device_index: 0, associate_public_ip_address: 'false' }), asg()]))).toEqual({ 'aws_launch_template.t': 'pass', 'aws_autoscaling_group.g': 'pass' });
  });
});

describe('DATA-002 not public: defaults that differ by type', () => {
  const computed = (address: string) => new Unknown('known after apply', [{ address, attribute: 'publicly_accessible' }]);
  it('1. a DMS replication instance whose publicly_accessible the provider leaves to AWS (planned unknown, unset) is public: fail', () => {
    const [r] = check([rule('DATA-002')], model([resource('aws_dms_replication_instance.d', { publicly_accessible: computed('aws_dms_replication_instance.d') })]));
    expect(r.verdict).toBe('fail');
  });
  it('2. set from a value known only after apply, it is unknown', () => {
    const [r] = check([rule('DATA-002')], model([resource('aws_redshift_cluster.w', { publicly_accessible: later() })]));
    expect(r.verdict).toBe('unknown');
  });
  it('3. a Redshift cluster planned with the provider default (true) fails; a Neptune instance planned false passes', () => {
    const verdicts = check([rule('DATA-002')], model([resource('aws_redshift_cluster.w', { publicly_accessible: true }), resource('aws_neptune_cluster_instance.n', { publicly_accessible: false })]))[0].findings.map((f) => [f.address, f.verdict]);
    expect(Object.fromEntries(verdicts)).toEqual({ 'aws_redshift_cluster.w': 'fail', 'aws_neptune_cluster_instance.n': 'pass' });
  });
});

describe('rules decided by a tag that is not known before apply', () => {
  const tags = (t: Record<string, unknown>) => ({ tags: t as never });
  it('1. DATA-006: an RDS instance whose Environment is unknown is unknown (it may be prod), not "not prod"', () => {
    const [r] = check([rule('DATA-006')], model([resource('aws_db_instance.d', { ...tags({ Environment: later() }), deletion_protection: false })]));
    expect(r.verdict).toBe('unknown');
  });
  it('2. DATA-006: a known non-prod Environment is not applicable', () => {
    const [r] = check([rule('DATA-006')], model([resource('aws_db_instance.d', { ...tags({ Environment: 'staging' }), deletion_protection: false })]));
    expect(r.verdict).toBe('not-applicable');
  });
  it('3. CMP-005: an instance whose Role is unknown is unknown (it may be the ai-agent)', () => {
    const [r] = check([rule('CMP-005')], model([resource('aws_instance.i', { ...tags({ Role: later() }), instance_type: 't3.small' })]));
    expect(r.verdict).toBe('unknown');
  });
  it('4. NET-007: a prod group referencing a group whose Environment is unknown is unknown, not a pass', () => {
    const prod = resource('aws_security_group.prod', { id: 'sg-prod', ...tags({ Environment: 'prod' }) });
    const other = resource('aws_security_group.other', { id: 'sg-other', tags: later() });
    const ruleRes = resource('aws_vpc_security_group_ingress_rule.r', { security_group_id: 'sg-prod', referenced_security_group_id: 'sg-other', ip_protocol: 'tcp', from_port: 443, to_port: 443 });
    const [r] = check([rule('NET-007')], model([prod, other, ruleRes]));
    expect(r.verdict).toBe('unknown');
  });
  it('5. NET-007: a group with an unknown Environment and only CIDR rules cannot cross environments: pass', () => {
    const g = resource('aws_security_group.g', { id: 'sg-g', tags: later() });
    const ruleRes = resource('aws_vpc_security_group_ingress_rule.r', { security_group_id: 'sg-g', cidr_ipv4: '10.0.0.0/16', ip_protocol: 'tcp', from_port: 443, to_port: 443 });
    const [r] = check([rule('NET-007')], model([g, ruleRes]));
    expect(r.verdict).toBe('pass');
  });
});

describe('SNS-001 / SQS-001 / CT-001: a KMS key of the same stack, its ARN known after apply', () => {
  const key = resource('aws_kms_key.k', { enable_key_rotation: true });
  const keyArn = new Unknown('known after apply', [{ address: 'aws_kms_key.k', attribute: 'arn' }]);
  const trail = (kms: unknown) => resource('aws_cloudtrail.t', { is_multi_region_trail: true, enable_log_file_validation: true, kms_key_id: kms as never });
  it('1. SNS-001: kms_master_key_id = aws_kms_key.k.arn passes, naming the key', () => {
    const [r] = check([rule('SNS-001')], model([key, resource('aws_sns_topic.t', { kms_master_key_id: keyArn })]));
    expect(r.verdict).toBe('pass');
    expect(r.findings[0].message).toMatch(/aws_kms_key\.k/);
  });
  it('2. SNS-001: an id from anything else stays unknown', () => {
    const [r] = check([rule('SNS-001')], model([key, resource('aws_sns_topic.t', { kms_master_key_id: later() })]));
    expect(r.verdict).toBe('unknown');
  });
  it('3. SNS-001: a value that may come from the key or from something else stays unknown', () => {
    const either = new Unknown('known after apply', [{ address: 'aws_kms_key.k', attribute: 'arn' }, { address: 'random_pet.p', attribute: 'id' }]);
    const [r] = check([rule('SNS-001')], model([key, resource('random_pet.p', {}), resource('aws_sns_topic.t', { kms_master_key_id: either })]));
    expect(r.verdict).toBe('unknown');
  });
  it('4. SQS-001 and CT-001 read the same reference', () => {
    const [q] = check([rule('SQS-001')], model([key, resource('aws_sqs_queue.q', { kms_master_key_id: keyArn })]));
    expect(q.verdict).toBe('pass');
    const [t] = check([rule('CT-001')], model([key, trail(keyArn)]));
    expect(t.verdict).toBe('pass');
    const [u] = check([rule('CT-001')], model([key, trail(later())]));
    expect(u.verdict).toBe('unknown');
  });
});

describe('S3-005 TLS-only bucket policy: what the model cannot tie or read', () => {
  const bucket = resource('aws_s3_bucket.b', { bucket: 'dolbom-b', arn: later('known after apply') });
  const policyOf = (statement: Record<string, Value>, bucketRef = true) =>
    resource('aws_s3_bucket_policy.b', { bucket: bucketRef ? later() : 'dolbom-b', policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }) }, bucketRef ? { references: [{ attribute: 'bucket', target: 'aws_s3_bucket.b.id' }] } : {});
  const deny: Record<string, Value> = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::dolbom-b/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } };

  it('1. a bucket policy whose bucket the model cannot tie to a bucket makes a bucket without a policy unknown, not failed', () => {
    const [r] = check([rule('S3-005')], model([bucket, policyOf(deny, false)]));
    expect(r.verdict).toBe('unknown');
    expect(r.findings[0].message).toMatch(/aws_s3_bucket_policy\.b/);
  });
  it('2. a deny whose condition is not known before apply is unknown', () => {
    const p = resource('aws_s3_bucket_policy.b', { bucket: later(), policy: { Version: '2012-10-17', Statement: [{ ...deny, Condition: later() }] } }, { references: [{ attribute: 'bucket', target: 'aws_s3_bucket.b.id' }] });
    const [r] = check([rule('S3-005')], model([bucket, p]));
    expect(r.verdict).toBe('unknown');
  });
  it('3. a resource known to end in "/*" (`${aws_s3_bucket.b.arn}/*`) covers the objects: pass', () => {
    const p = resource('aws_s3_bucket_policy.b', { bucket: later(), policy: { Version: '2012-10-17', Statement: [{ ...deny, Resource: [concatStrings([later(), '/*'])] }] } }, { references: [{ attribute: 'bucket', target: 'aws_s3_bucket.b.id' }] });
    const [r] = check([rule('S3-005')], model([bucket, p]));
    expect(r.verdict).toBe('pass');
  });
  it('4. a resource not known before apply and not known to end in "/*" is unknown, not a pass', () => {
    const p = resource('aws_s3_bucket_policy.b', { bucket: later(), policy: { Version: '2012-10-17', Statement: [{ ...deny, Resource: [later()] }] } }, { references: [{ attribute: 'bucket', target: 'aws_s3_bucket.b.id' }] });
    const [r] = check([rule('S3-005')], model([bucket, p]));
    expect(r.verdict).toBe('unknown');
  });
  it('5. the tied policy with the deny passes; without it, it fails and names the policy', () => {
    expect(check([rule('S3-005')], model([bucket, policyOf(deny)]))[0].verdict).toBe('pass');
    const [r] = check([rule('S3-005')], model([bucket, policyOf({ ...deny, Effect: 'Allow' })]));
    expect(r.verdict).toBe('fail');
    expect(r.findings[0].message).toMatch(/aws_s3_bucket_policy\.b has no statement denying/);
  });
});

describe('S3-005 a TLS deny written with NotAction', () => {
  const bucket = resource('aws_s3_bucket.b', { bucket: 'b' });
  const policyOf = (notAction: Value) => resource('aws_s3_bucket_policy.b', { bucket: later(), policy: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', NotAction: notAction, Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] } }, { references: [{ attribute: 'bucket', target: 'aws_s3_bucket.b.id' }] });
  it('passes when no entry names an S3 action, fails when one does, is unknown when an entry cannot be read', () => {
    expect(check([rule('S3-005')], model([bucket, policyOf(['kms:Decrypt', 's3express:*'])]))[0].verdict).toBe('pass');
    expect(check([rule('S3-005')], model([bucket, policyOf('s3:Get*')]))[0].verdict).toBe('fail');
    expect(check([rule('S3-005')], model([bucket, policyOf(['S*:ListBucket'])]))[0].verdict).toBe('fail');
    expect(check([rule('S3-005')], model([bucket, policyOf('*')]))[0].verdict).toBe('fail');
    expect(check([rule('S3-005')], model([bucket, policyOf(['GetObject'])]))[0].verdict).toBe('unknown');
    expect(check([rule('S3-005')], model([bucket, policyOf([later()])]))[0].verdict).toBe('unknown');
  });
});

describe('IAM-007 public resource policies: conditions and principals it cannot fix', () => {
  const queuePolicy = (statement: Record<string, Value>) =>
    resource('aws_sqs_queue_policy.q', { queue_url: later(), policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:ap-northeast-2:123456789012:q', ...statement }] } });
  it('1. a condition on a key that does not name the caller (aws:SecureTransport) is unknown, not a pass', () => {
    const [r] = check([rule('IAM-007')], model([queuePolicy({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } })]));
    expect(r.verdict).toBe('unknown');
    expect(r.findings[0].message).toMatch(/aws:SecureTransport/);
  });
  it('2. aws:SourceArn compared with a value that may be "*" (a variable) is unknown; with a resource ARN it fixes the caller', () => {
    const fromVariable = new Unknown('var.source', [{ address: 'var.source', attribute: 'value' }]);
    expect(check([rule('IAM-007')], model([queuePolicy({ Condition: { ArnEquals: { 'aws:SourceArn': fromVariable } } })]))[0].verdict).toBe('unknown');
    const topicArn = new Unknown('known after apply', [{ address: 'aws_sns_topic.t', attribute: 'arn' }]);
    expect(check([rule('IAM-007')], model([queuePolicy({ Condition: { ArnEquals: { 'aws:SourceArn': topicArn } } })]))[0].verdict).toBe('pass');
  });
  it('3. aws:SourceArn with a wildcard value, or under ForAllValues, lets anyone through: fail', () => {
    expect(check([rule('IAM-007')], model([queuePolicy({ Condition: { ArnLike: { 'aws:SourceArn': '*' } } })]))[0].verdict).toBe('fail');
    expect(check([rule('IAM-007')], model([queuePolicy({ Condition: { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgPaths': 'o-a/r-b/' } } })]))[0].verdict).toBe('fail');
  });
  it('4. a Lambda permission whose principal is not known before apply is unknown', () => {
    const [r] = check([rule('IAM-007')], model([resource('aws_lambda_permission.p', { principal: later(), action: 'lambda:InvokeFunction', function_name: 'f' })]));
    expect(r.verdict).toBe('unknown');
  });
  it('5. a queue whose inline policy is a provider-computed default (not configured) is not judged', () => {
    const q = resource('aws_sqs_queue.q', { name: 'q', policy: new Unknown('known after apply', [{ address: 'aws_sqs_queue.q', attribute: 'policy' }]) }, { configured: [] });
    expect(check([rule('IAM-007')], model([q]))[0].verdict).toBe('not-applicable');
  });
  it('6. a document in a resource-policy argument that is not IAM policy language (no Statement) is unknown, not a pass', () => {
    const [r] = check([rule('IAM-007')], model([resource('aws_glue_resource_policy.p', { policy: JSON.stringify({ Rules: [{ Principal: ['*'] }] }) })]));
    expect(r.verdict).toBe('unknown');
    expect(r.findings[0].message).toMatch(/not an IAM policy document/);
  });
  it('7. every policy-named argument of the provider schema is classified, and each resource-policy type is read by IAM-007', () => {
    const types = rule('IAM-007').resourceTypes;
    for (const [type, args] of policyArguments()) for (const a of args) if (a.kind === 'resource') expect(types, `${type}.${a.path}`).toContain(type);
    for (const t of ['aws_backup_vault_policy', 'aws_opensearch_domain', 'aws_opensearch_domain_policy', 'aws_elasticsearch_domain_policy', 'aws_glacier_vault', 'aws_ecr_registry_policy', 'aws_api_gateway_rest_api', 'aws_api_gateway_rest_api_policy', 'aws_s3_access_point', 'aws_s3control_access_point_policy', 'aws_cloudwatch_log_resource_policy', 'aws_cloudwatch_event_bus_policy', 'aws_glue_resource_policy', 'aws_codeartifact_domain_permissions_policy', 'aws_codeartifact_repository_permissions_policy', 'aws_dynamodb_resource_policy', 'aws_kinesis_resource_policy', 'aws_kms_key_policy', 'aws_lambda_layer_version_permission', 'aws_cloudwatch_event_permission']) expect(types).toContain(t);
    for (const t of ['aws_vpc_endpoint', 'aws_s3_bucket_policy', 'aws_iam_policy', 'aws_ecr_lifecycle_policy', 'aws_lb_listener']) expect(types).not.toContain(t);
  });
  it('9. a policy nested in blocks that are not known before apply (a dynamic block over an unknown collection) is unknown, not n/a', () => {
    const mrap = (details: Value) => resource('aws_s3control_multi_region_access_point_policy.p', { details });
    const [r] = check([rule('IAM-007')], model([mrap(later())]));
    expect(r.verdict).toBe('unknown');
    expect(r.findings[0].message).toMatch(/details blocks are not known before apply/);
    const open = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }] };
    expect(check([rule('IAM-007')], model([mrap([{ name: 'm', policy: JSON.stringify(open) }])]))[0].verdict).toBe('fail');
  });
  it('8. a Deny that keeps out callers without a fixed aws:SourceVpce narrows "*" only when it covers every allowed action', () => {
    const api = (denyAction: string) => resource('aws_api_gateway_rest_api_policy.p', { rest_api_id: 'abc', policy: { Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Principal: '*', Action: ['execute-api:Invoke', 'execute-api:ManageConnections'], Resource: 'execute-api:/*' },
      { Effect: 'Deny', Principal: '*', Action: denyAction, Resource: '*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } },
    ] } });
    expect(check([rule('IAM-007')], model([api('execute-api:*')]))[0].verdict).toBe('pass');
    expect(check([rule('IAM-007')], model([api('execute-api:Invoke')]))[0].verdict).toBe('fail');
  });
});

describe('S3-004 public bucket policy: the policy of an aws_s3_bucket', () => {
  it('1. unset, the provider computes it (planned unknown, the bucket as origin): no policy written here, not unknown', () => {
    const computed = new Unknown('known after apply', [{ address: 'aws_s3_bucket.b', attribute: 'policy' }]);
    const [r] = check([rule('S3-004')], model([resource('aws_s3_bucket.b', { bucket: 'b', policy: computed })]));
    expect(r.verdict).toBe('not-applicable');
  });
  it('2. written, but known only after apply: unknown', () => {
    const [r] = check([rule('S3-004')], model([resource('aws_s3_bucket.b', { bucket: 'b', policy: later() })]));
    expect(r.verdict).toBe('unknown');
  });
});

describe('APL-RDS-012 / APL-EC-006 parameter group family: what cannot be compared is unknown', () => {
  const rg = (attrs: Record<string, unknown>) => resource('aws_elasticache_replication_group.r', { engine: 'redis', ...attrs } as never);
  it('1. an unset engine_version (AWS picks its default) is unknown', () => {
    const [r] = check([rule('APL-EC-006')], model([rg({ parameter_group_name: 'default.redis6.x' })]));
    expect(r.verdict).toBe('unknown');
    expect(r.findings[0].message).toMatch(/engine_version is not set/);
  });
  it('2. a group not managed here is unknown', () => {
    const [r] = check([rule('APL-EC-006')], model([rg({ engine_version: '7.1', parameter_group_name: 'shared-sessions' })]));
    expect(r.verdict).toBe('unknown');
  });
  it('3. a version known only after apply is unknown', () => {
    const [r] = check([rule('APL-EC-006')], model([rg({ engine_version: later(), parameter_group_name: 'default.redis7' })]));
    expect(r.verdict).toBe('unknown');
  });
  it('4. a version outside the families AWS lists (a future Redis 8) is unknown, not a guess', () => {
    const [r] = check([rule('APL-EC-006')], model([rg({ engine_version: '8.0', parameter_group_name: 'default.redis7' })]));
    expect(r.verdict).toBe('unknown');
  });
  it('5. no group set is not applicable (the engine default group is used)', () => {
    const [r] = check([rule('APL-EC-006')], model([rg({ engine_version: '7.1' })]));
    expect(r.verdict).toBe('not-applicable');
  });
  it('6. a Redis 5.0.6 on default.redis5.0 passes, on default.redis4.0 fails', () => {
    expect(check([rule('APL-EC-006')], model([rg({ engine_version: '5.0.6', parameter_group_name: 'default.redis5.0' })]))[0].verdict).toBe('pass');
    expect(check([rule('APL-EC-006')], model([rg({ engine_version: '5.0.6', parameter_group_name: 'default.redis4.0' })]))[0].verdict).toBe('fail');
  });
  it('7. an RDS instance whose group is an unknown name is unknown', () => {
    const db = resource('aws_db_instance.d', { engine: 'postgres', engine_version: '16.4', parameter_group_name: later() } as never);
    expect(check([rule('APL-RDS-012')], model([db]))[0].verdict).toBe('unknown');
  });
});

describe('APL-ECS-001 Fargate task size: what is not known before apply is unknown', () => {
  const td = (attrs: Record<string, unknown>) => resource('aws_ecs_task_definition.t', { requires_compatibilities: ['FARGATE'], ...attrs } as never);
  it('1. a memory known only after apply is unknown', () => {
    expect(check([rule('APL-ECS-001')], model([td({ cpu: '256', memory: later() })]))[0].verdict).toBe('unknown');
  });
  it('2. unknown compatibilities are unknown, not "not applicable"', () => {
    expect(check([rule('APL-ECS-001')], model([td({ requires_compatibilities: later(), cpu: '256', memory: '4096' })]))[0].verdict).toBe('unknown');
  });
  it('3. an unknown operating system family with a quarter vCPU is unknown (Windows needs 1 vCPU)', () => {
    expect(check([rule('APL-ECS-001')], model([td({ cpu: '256', memory: '512', runtime_platform: [{ operating_system_family: later() }] })]))[0].verdict).toBe('unknown');
  });
  it('4. steps of a range: 2 vCPU with 4.5 GB fails, with 5 GB passes; 8 vCPU takes 4 GB steps', () => {
    expect(check([rule('APL-ECS-001')], model([td({ cpu: '2048', memory: '4608' })]))[0].verdict).toBe('fail');
    expect(check([rule('APL-ECS-001')], model([td({ cpu: '2 vCPU', memory: '5 GB' })]))[0].verdict).toBe('pass');
    expect(check([rule('APL-ECS-001')], model([td({ cpu: '8192', memory: '20480' })]))[0].verdict).toBe('pass');
    expect(check([rule('APL-ECS-001')], model([td({ cpu: '8192', memory: '18432' })]))[0].verdict).toBe('fail');
  });
  it('5. a cpu value Fargate does not offer fails', () => {
    expect(check([rule('APL-ECS-001')], model([td({ cpu: '768', memory: '2048' })]))[0].verdict).toBe('fail');
  });
});

describe('APL-ASG-001 desired within min and max: unknown sizes are unknown', () => {
  const asg = (attrs: Record<string, unknown>) => resource('aws_autoscaling_group.g', attrs as never);
  it('1. a max_size known only after apply is unknown', () => {
    expect(check([rule('APL-ASG-001')], model([asg({ min_size: 1, max_size: later(), desired_capacity: 2 })]))[0].verdict).toBe('unknown');
  });
  it('2. a desired capacity known only after apply is unknown', () => {
    expect(check([rule('APL-ASG-001')], model([asg({ min_size: 1, max_size: 3, desired_capacity: later() })]))[0].verdict).toBe('unknown');
  });
  it('3. a desired capacity below min_size fails', () => {
    expect(check([rule('APL-ASG-001')], model([asg({ min_size: 2, max_size: 3, desired_capacity: 1 })]))[0].verdict).toBe('fail');
  });
});

describe('APL-RDS-013 allocated storage range: what decides the range and is not known is unknown', () => {
  const db = (attrs: Record<string, unknown>) => resource('aws_db_instance.d', { engine: 'postgres', ...attrs } as never);
  it('1. storage known only after apply is unknown', () => {
    expect(check([rule('APL-RDS-013')], model([db({ allocated_storage: later(), storage_type: 'gp3' })]))[0].verdict).toBe('unknown');
  });
  it('2. iops without a storage type (AWS picks io1 or general purpose) is unknown', () => {
    expect(check([rule('APL-RDS-013')], model([db({ allocated_storage: 50, iops: 1000 })]))[0].verdict).toBe('unknown');
  });
  it('3. magnetic storage above 3,072 GiB fails', () => {
    expect(check([rule('APL-RDS-013')], model([db({ allocated_storage: 4000, storage_type: 'standard' })]))[0].verdict).toBe('fail');
  });
});

describe('APL-ECS-002 awsvpc needs ip targets: a target group or task definition not in the stack is unknown', () => {
  const td = resource('aws_ecs_task_definition.t', { network_mode: 'awsvpc', arn: 'arn:aws:ecs:ap-northeast-2:111122223333:task-definition/t:1' } as never);
  it('1. a target group given as an ARN string (not a resource here) is unknown, not a pass', () => {
    const svc = resource('aws_ecs_service.s', { task_definition: 'arn:aws:ecs:ap-northeast-2:111122223333:task-definition/t:1', load_balancer: [{ target_group_arn: 'arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:targetgroup/x/1' }] } as never);
    expect(check([rule('APL-ECS-002')], model([svc, td]))[0].verdict).toBe('unknown');
  });
  it('2. a task definition known only after apply is unknown', () => {
    const svc = resource('aws_ecs_service.s', { task_definition: later(), load_balancer: [{ target_group_arn: 'arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:targetgroup/x/1' }] } as never);
    expect(check([rule('APL-ECS-002')], model([svc]))[0].verdict).toBe('unknown');
  });
});

describe('APL-LAMBDA-003 queue visibility covers the function timeout: what is not in the stack is unknown', () => {
  const fn = resource('aws_lambda_function.f', { function_name: 'f', arn: 'arn:aws:lambda:ap-northeast-2:111122223333:function:f', timeout: 60 } as never);
  it('1. a queue ARN that is no resource here is unknown', () => {
    const m = resource('aws_lambda_event_source_mapping.m', { event_source_arn: 'arn:aws:sqs:ap-northeast-2:111122223333:shared', function_name: 'f' } as never);
    expect(check([rule('APL-LAMBDA-003')], model([m, fn]))[0].verdict).toBe('unknown');
  });
  it('2. a Kinesis stream is not judged', () => {
    const m = resource('aws_lambda_event_source_mapping.m', { event_source_arn: 'arn:aws:kinesis:ap-northeast-2:111122223333:stream/s', function_name: 'f' } as never);
    expect(check([rule('APL-LAMBDA-003')], model([m, fn]))[0].verdict).toBe('not-applicable');
  });
  it('3. an event source known only after apply is unknown', () => {
    const m = resource('aws_lambda_event_source_mapping.m', { event_source_arn: later(), function_name: 'f' } as never);
    expect(check([rule('APL-LAMBDA-003')], model([m, fn]))[0].verdict).toBe('unknown');
  });
});
