/**
 * VPC endpoints (review M13), as the static evaluator plans the live deployment: interface
 * endpoints for the AWS APIs the hosts use, with private DNS, in the private-shared subnets, behind a
 * security group that admits 443 from the host groups only; the S3 gateway endpoint on every private
 * route table with a policy that lets the hosts read their env files and AWS's own buckets and put
 * nothing. The reachability analysis agrees: every host reaches the endpoints on 443 and nothing else
 * reaches them (the intents in .stackcheck/intents.yaml).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadStack } from '../../src/load/index.js';
import { ModelIndex } from '../../src/model/query.js';
import type { Resource, StackModel } from '../../src/model/resource.js';
import { isUnknown, type Unknown, type Value } from '../../src/model/value.js';
import { runReach } from '../../src/reach/checker.js';
import { loadIntents } from '../../src/reach/intents.js';
import { stackIntentsFile } from '../helpers/paths.js';
import { stackDir } from './helpers.js';

let live: StackModel;
let minimal: StackModel;
const load = (file: string, vars: Record<string, string> = {}) => loadStack({ dir: stackDir, varFiles: [join(stackDir, 'envs', file)], vars, env: {} });
beforeAll(async () => {
  [live, minimal] = await Promise.all([load('live.tfvars'), load('live.tfvars', { vpc_endpoints: '{ interface_services = ["ssm", "ssmmessages", "ec2messages"], s3_gateway = false }' })]);
}, 180_000);

const ofType = (m: StackModel, type: string) => m.resources.filter((r) => r.type === type);
const find = (m: StackModel, address: string): Resource => {
  const r = m.resources.find((x) => x.address === address);
  expect(r, address).toBeDefined();
  return r!;
};
/** Where an unknown value comes from (`<address>.<attribute>` of each origin), else the value shown. */
const origins = (v: Value | undefined): string[] => (isUnknown(v) ? (v as Unknown).origins.map((o) => `${o.address}.${o.attribute}`) : [JSON.stringify(v)]);
const flat = (v: Value | undefined): string[] => (Array.isArray(v) ? v.flatMap((x) => origins(x as Value)) : origins(v));

const HOST_GROUPS = ['staging-api', 'staging-web', 'staging-ai-agent', 'prod-api', 'prod-web', 'prod-ai-agent', 'livekit'];

describe('M13: the AWS APIs survive a NAT outage', () => {
  it('interface endpoints for SSM, its messages, CloudWatch Logs and metrics, Secrets Manager and EC2, private DNS on, in private-shared', () => {
    const endpoints = ofType(live, 'aws_vpc_endpoint').filter((r) => r.values.vpc_endpoint_type === 'Interface');
    expect(endpoints.map((e) => e.values.service_name).sort()).toEqual(
      ['ec2', 'ec2messages', 'logs', 'monitoring', 'secretsmanager', 'ssm', 'ssmmessages'].map((s) => `com.amazonaws.ap-northeast-2.${s}`),
    );
    for (const e of endpoints) {
      expect(e.values.private_dns_enabled, e.address).toBe(true);
      expect(flat(e.values.subnet_ids), e.address).toEqual(['module.vpc.aws_subnet.this["private-shared-ap-northeast-2a"].id']);
      expect(flat(e.values.security_group_ids), e.address).toEqual(['aws_security_group.this["vpc-endpoints"].id']);
      expect(e.values.tags, e.address).toMatchObject({ Role: 'vpc-endpoints', Environment: 'shared' });
    }
    // private DNS needs both VPC DNS attributes
    expect(find(live, 'module.vpc.aws_vpc.this').values).toMatchObject({ enable_dns_support: true, enable_dns_hostnames: true });
  });

  it('the endpoint group admits 443/tcp from each host group and nothing else, and sends nothing', () => {
    const ingress = ofType(live, 'aws_vpc_security_group_ingress_rule').filter((r) => flat(r.values.security_group_id)[0] === 'aws_security_group.this["vpc-endpoints"].id');
    const peers = ingress.map((r) => {
      expect(r.values, r.address).toMatchObject({ ip_protocol: 'tcp', from_port: 443, to_port: 443 });
      return /\["([\w-]+)"\]/.exec(flat(r.values.referenced_security_group_id)[0]!)![1];
    });
    expect(peers.sort()).toEqual([...HOST_GROUPS].sort());
    const egress = ofType(live, 'aws_vpc_security_group_egress_rule').filter((r) => flat(r.values.security_group_id)[0] === 'aws_security_group.this["vpc-endpoints"].id');
    expect(egress).toEqual([]);
  });

  it('S3 gateway endpoint on every private route table; its policy reads the env bucket and other accounts\' buckets, puts nothing', () => {
    const s3 = find(live, 'aws_vpc_endpoint.s3[0]').values;
    expect(s3).toMatchObject({ service_name: 'com.amazonaws.ap-northeast-2.s3', vpc_endpoint_type: 'Gateway' });
    const privateTables = ofType(live, 'aws_route_table').filter((r) => r.address.startsWith('module.vpc.aws_route_table.private['));
    expect(privateTables).toHaveLength(3); // private-shared, private-staging, private-prod in one AZ
    expect(flat(s3.route_table_ids).sort()).toEqual(privateTables.map((t) => `${t.address}.id`).sort());
    type St = { sid: string; actions: string[]; resources: Value[]; condition?: { test: string; variable: string; values: Value[] }[] };
    const statements = find(live, 'data.aws_iam_policy_document.s3_endpoint').values.statement as St[];
    const all = statements.flatMap((s) => s.actions);
    expect(all.filter((a) => !/^s3:(Get|List)/.test(a))).toEqual([]);
    const env = statements.find((s) => s.sid === 'EnvFilesOfThisStack')!;
    expect(env.resources.flatMap(origins)).toEqual(['module.iam.aws_s3_bucket.env_files.arn', 'module.iam.aws_s3_bucket.env_files.arn']);
    const others = statements.find((s) => s.sid === 'ReadBucketsOfOtherAccounts')!;
    expect(others.actions).toEqual(['s3:GetObject']);
    expect(others.condition!.map((c) => [c.test, c.variable, c.values.flatMap(origins)])).toEqual([['StringNotEquals', 's3:ResourceAccount', ['data.aws_caller_identity.current.account_id']]]);
  });

  it('the list of services is a variable; the S3 gateway endpoint can be left out', () => {
    expect(ofType(minimal, 'aws_vpc_endpoint').map((e) => e.values.service_name).sort()).toEqual(['ec2messages', 'ssm', 'ssmmessages'].map((s) => `com.amazonaws.ap-northeast-2.${s}`));
  });

  it('reachability: every host reaches the endpoints on 443, nothing else reaches them, every intent holds', async () => {
    const r = runReach(new ModelIndex(live), await loadIntents(stackIntentsFile()));
    // The allow intent expands per environment ({env}); LiveKit is in each expansion.
    const allow = r.results.filter((x) => /VPC interface endpoints on 443/.test(x.title));
    expect(allow.map((x) => x.verdict)).toEqual(['pass', 'pass']);
    // a passing finding per host (and endpoint network interface: one per endpoint in one AZ)
    const reached = new Set(allow.flatMap((x) => x.findings.filter((f) => f.verdict === 'pass').map((f) => f.message.split(' → ')[0])));
    expect([...reached].sort()).toEqual(['prod-ai-agent', 'prod-api', 'prod-web', 'shared-livekit', 'staging-ai-agent', 'staging-api', 'staging-web']);
    const deny = r.results.find((x) => /VPC interface endpoints are reached only from the hosts/.test(x.title))!;
    expect(deny.verdict).toBe('pass');
    expect(r.results.filter((x) => x.verdict === 'fail').map((x) => x.title)).toEqual([]);
  });
});
