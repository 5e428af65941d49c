/**
 * A hand-built model of the contract stack (shared/contracts-stack.md): one VPC with public,
 * private-<env>, private-shared and data-<env> subnets, the security-group matrix as
 * aws_vpc_security_group_{ingress,egress}_rule resources (as terraform/security-groups.tf writes
 * them), the hosts, RDS, ElastiCache, the ALB with host rules and the NLB for LiveKit media.
 * It lets the intents be tested before the HCL evaluator can load terraform/ itself.
 */
import { concatStrings, Unknown } from '../../src/model/value.js';
import type { CheckResult } from '../../src/check/types.js';
import { StackBuilder, arnOf, idOf } from './builder.js';

type Row = { from: string; to: string; proto: 'tcp' | 'udp'; port: number; via?: 'nlb' };

const ENV_ROLES = ['api', 'web', 'ai-agent', 'rds', 'redis'];
const SHARED_ROLES = ['alb', 'nlb', 'livekit', 'livekit-redis', 'vpc-endpoints'];

export const MATRIX: Row[] = [
  { from: 'internet', to: 'alb', proto: 'tcp', port: 443 },
  { from: 'internet', to: 'alb', proto: 'tcp', port: 80 },
  { from: 'alb', to: 'api', proto: 'tcp', port: 8000 },
  { from: 'alb', to: 'web', proto: 'tcp', port: 3000 },
  { from: 'alb', to: 'livekit', proto: 'tcp', port: 7880 },
  { from: 'internet', to: 'livekit', proto: 'udp', port: 7882, via: 'nlb' },
  { from: 'internet', to: 'livekit', proto: 'tcp', port: 7881, via: 'nlb' },
  { from: 'web', to: 'api', proto: 'tcp', port: 8000 },
  { from: 'api', to: 'rds', proto: 'tcp', port: 5432 },
  { from: 'api', to: 'redis', proto: 'tcp', port: 6379 },
  { from: 'ai-agent', to: 'rds', proto: 'tcp', port: 5432 },
  { from: 'ai-agent', to: 'redis', proto: 'tcp', port: 6379 },
  { from: 'ai-agent', to: 'livekit', proto: 'tcp', port: 7880 },
  // Media to the NLB's Elastic IP (LiveKit's only ICE candidate), out through the NAT gateway: an
  // egress rule to the EIP /32, whose address is known only after apply.
  { from: 'ai-agent', to: 'nlb-eip', proto: 'udp', port: 7882 },
  { from: 'ai-agent', to: 'nlb-eip', proto: 'tcp', port: 7881 },
  { from: 'livekit', to: 'livekit-redis', proto: 'tcp', port: 6379 },
  { from: 'livekit', to: 'api', proto: 'tcp', port: 8000 },
  { from: 'api', to: 'internet', proto: 'tcp', port: 443 },
  { from: 'web', to: 'internet', proto: 'tcp', port: 443 },
  { from: 'ai-agent', to: 'internet', proto: 'tcp', port: 443 },
  { from: 'livekit', to: 'internet', proto: 'tcp', port: 443 },
  // The VPC interface endpoints of the AWS APIs (terraform/endpoints.tf).
  { from: 'api', to: 'vpc-endpoints', proto: 'tcp', port: 443 },
  { from: 'web', to: 'vpc-endpoints', proto: 'tcp', port: 443 },
  { from: 'ai-agent', to: 'vpc-endpoints', proto: 'tcp', port: 443 },
  { from: 'livekit', to: 'vpc-endpoints', proto: 'tcp', port: 443 },
];

/**
 * `eip`: how the agent's media rules name the NLB's Elastic IP — `symbolic` as the HCL evaluator
 * writes `"${aws_eip.nlb.public_ip}/32"` (that EIP's address, decided symbolically), or `opaque`:
 * an unknown with no known shape (what a plan gives), which stays undecided.
 */
export function contractStack(envs: string[] = ['staging', 'prod'], eip: 'symbolic' | 'opaque' = 'symbolic') {
  const b = new StackBuilder();
  const vpc = b.vpc('main', '10.0.0.0/16');
  const igw = b.igw(vpc);
  const pubA = b.subnet('public_a', vpc, '10.0.0.0/24', { availability_zone: 'ap-northeast-2a' });
  const pubB = b.subnet('public_b', vpc, '10.0.1.0/24', { availability_zone: 'ap-northeast-2c' });
  const nat = b.nat('nat', pubA);
  b.routeTable('public', vpc, igw, [pubA, pubB]);
  const priv: Record<string, string> = {};
  const data: Record<string, string[]> = {};
  envs.forEach((env, i) => {
    priv[env] = b.subnet(`private_${env}`, vpc, `10.0.${10 + i}.0/24`);
    data[env] = [b.subnet(`data_${env}_a`, vpc, `10.0.${20 + 2 * i}.0/24`), b.subnet(`data_${env}_b`, vpc, `10.0.${21 + 2 * i}.0/24`)];
  });
  priv.shared = b.subnet('private_shared', vpc, '10.0.30.0/24');
  b.routeTable('private', vpc, nat, Object.values(priv));
  b.routeTable('data', vpc, undefined, Object.values(data).flat());

  const sgKey = (env: string, role: string) => `${env}-${role}`;
  const sg: Record<string, string> = {};
  for (const env of envs) for (const role of ENV_ROLES) sg[sgKey(env, role)] = b.sg(`${env}_${role.replace(/-/g, '_')}`, vpc, { Role: role, Environment: env });
  for (const role of SHARED_ROLES) sg[sgKey('shared', role)] = b.sg(`shared_${role.replace(/-/g, '_')}`, vpc, { Role: role, Environment: 'shared' });

  const end = (role: string, env: string) => (role === 'internet' || role === 'nlb-eip' ? role : ENV_ROLES.includes(role) ? sgKey(env, role) : sgKey('shared', role));
  const nlbEip = b.add('aws_eip', 'nlb', { domain: 'vpc' }, 'nlb.tf');
  const eipIp = () => new Unknown('known after apply', [{ address: nlbEip, attribute: 'public_ip' }]);
  const eipCidr = () => (eip === 'symbolic' ? concatStrings([eipIp(), '/32']) : new Unknown('known after apply', [{ address: nlbEip, attribute: 'public_ip' }]));
  let n = 0;
  const rule = (direction: 'ingress' | 'egress', owner: string, peer: string, r: Row) => {
    const peerValue = peer === 'internet' ? '0.0.0.0/0' : peer === 'nlb-eip' ? eipCidr() : sg[peer];
    b.rule(`r${n++}_${owner}_${direction}_${r.proto}_${r.port}`.replace(/-/g, '_'), direction, sg[owner], r.proto, r.port, r.port, peerValue);
  };
  for (const r of MATRIX) {
    const perEnv = ENV_ROLES.includes(r.from) || ENV_ROLES.includes(r.to);
    for (const env of perEnv ? envs : ['shared']) {
      const from = end(r.from, env);
      const to = end(r.to, env);
      const hops = r.via ? [[from, r.via === 'nlb' ? sgKey('shared', 'nlb') : ''], [sgKey('shared', 'nlb'), to]] : [[from, to]];
      for (const [a, z] of hops) {
        if (z !== 'internet' && z !== 'nlb-eip') rule('ingress', z, r.via ? from : a, r);
        if (a !== 'internet') rule('egress', a, z, r);
      }
    }
  }

  const inst: Record<string, string> = {};
  for (const env of envs) {
    for (const role of ['api', 'web', 'ai-agent']) {
      inst[sgKey(env, role)] = b.instance(`${env}_${role.replace(/-/g, '_')}`, priv[env], [sg[sgKey(env, role)]], { Role: role, Environment: env, Name: `dolbom-${env}-${role}` });
    }
    const dbsg = b.add('aws_db_subnet_group', `${env}`, { subnet_ids: data[env].map((s) => idOf(s)) });
    b.add('aws_db_instance', `${env}`, { engine: 'postgres', port: 5432, db_subnet_group_name: idOf(dbsg, 'name'), vpc_security_group_ids: [idOf(sg[sgKey(env, 'rds')])], publicly_accessible: false, tags: { Role: 'rds', Environment: env } });
    const ecsg = b.add('aws_elasticache_subnet_group', `${env}`, { subnet_ids: data[env].map((s) => idOf(s)) });
    b.add('aws_elasticache_replication_group', `${env}`, { port: 6379, subnet_group_name: idOf(ecsg, 'name'), security_group_ids: [idOf(sg[sgKey(env, 'redis')])], tags: { Role: 'redis', Environment: env } });
  }
  inst.livekit = b.instance('livekit', priv.shared, [sg[sgKey('shared', 'livekit')]], { Role: 'livekit', Environment: 'shared' });
  const lkr = b.add('aws_elasticache_subnet_group', 'livekit', { subnet_ids: [idOf(priv.shared)] });
  b.add('aws_elasticache_replication_group', 'livekit', { port: 6379, subnet_group_name: idOf(lkr, 'name'), security_group_ids: [idOf(sg[sgKey('shared', 'livekit-redis')])], tags: { Role: 'livekit-redis', Environment: 'shared' } });
  b.add('aws_vpc_endpoint', 'ssm', { vpc_id: idOf(vpc), vpc_endpoint_type: 'Interface', service_name: 'com.amazonaws.ap-northeast-2.ssm', subnet_ids: [idOf(priv.shared)], security_group_ids: [idOf(sg[sgKey('shared', 'vpc-endpoints')])], private_dns_enabled: true, tags: { Role: 'vpc-endpoints', Environment: 'shared' } }, 'endpoints.tf');

  // ALB: 80 redirects, 443 answers 404 by default; host rules per environment.
  const alb = b.add('aws_lb', 'alb', { load_balancer_type: 'application', internal: false, subnets: [idOf(pubA), idOf(pubB)], security_groups: [idOf(sg['shared-alb'])], tags: { Role: 'alb', Environment: 'shared' } }, 'alb.tf');
  b.add('aws_lb_listener', 'http', { load_balancer_arn: arnOf(alb), port: 80, protocol: 'HTTP', default_action: [{ type: 'redirect' }] }, 'alb.tf');
  const https = b.add('aws_lb_listener', 'https', { load_balancer_arn: arnOf(alb), port: 443, protocol: 'HTTPS', default_action: [{ type: 'fixed-response' }] }, 'alb.tf');
  let prio = 10;
  const hostRule = (name: string, host: string, target: string, port: number) => {
    const tg = b.add('aws_lb_target_group', name, { port, protocol: 'HTTP', target_type: 'instance' }, 'alb.tf');
    b.add('aws_lb_target_group_attachment', name, { target_group_arn: arnOf(tg), target_id: idOf(target), port }, 'alb.tf');
    b.add('aws_lb_listener_rule', name, { listener_arn: arnOf(https), priority: prio++, action: [{ type: 'forward', target_group_arn: arnOf(tg) }], condition: [{ host_header: [{ values: [host] }] }] }, 'alb.tf');
  };
  for (const env of envs) {
    const p = env === 'prod' ? '' : 'stg-';
    hostRule(`${env}_api`, `${p}api.example.com`, inst[sgKey(env, 'api')], 8000);
    hostRule(`${env}_web`, `${p}console.example.com`, inst[sgKey(env, 'web')], 3000);
  }
  hostRule('livekit', 'livekit.example.com', inst.livekit, 7880);

  // NLB for LiveKit media (security group attached at creation).
  const nlb = b.add('aws_lb', 'nlb', { load_balancer_type: 'network', internal: false, subnet_mapping: [{ subnet_id: idOf(pubA), allocation_id: idOf(nlbEip) }], security_groups: [idOf(sg['shared-nlb'])], tags: { Role: 'nlb', Environment: 'shared' } }, 'nlb.tf');
  for (const [name, proto, port] of [
    ['ice_udp', 'UDP', 7882],
    ['ice_tcp', 'TCP', 7881],
  ] as const) {
    const tg = b.add('aws_lb_target_group', name, { port, protocol: proto, target_type: 'instance', health_check: [{ port: '7881', protocol: 'TCP' }] }, 'nlb.tf');
    b.add('aws_lb_target_group_attachment', name, { target_group_arn: arnOf(tg), target_id: idOf(inst.livekit) }, 'nlb.tf');
    b.add('aws_lb_listener', name, { load_balancer_arn: arnOf(nlb), port, protocol: proto, default_action: [{ type: 'forward', target_group_arn: arnOf(tg) }] }, 'nlb.tf');
  }
  return { b, sg, inst, vpc };
}

/**
 * The checks that cannot be decided while the ai-agent's media egress rules name the NLB's Elastic
 * IP as an unknown of no known shape (a plan: no expression text). Per environment: the allow intent
 * for the agent's media, the deny intent for LiveKit's private address on the media ports, and
 * (once) the closed-world check, each with that reason only. With the symbolic form (HCL) there are
 * none.
 */
export function eipUnknownCheckIds(envs: string[]): string[] {
  return [
    ...envs.flatMap((env) => [`allow:${env}-ai-agent->shared-nlb:7882/udp,7881/tcp`, `deny:${env}-ai-agent->shared-livekit:7882/udp,7881/tcp@direct`]),
    'reach:closed-world',
  ].sort();
}

/** Every check that is not a pass, except the expected EIP unknowns (whose only reason must be the unknown EIP). */
export function unexpectedVerdicts(results: CheckResult[], envs: string[], eip: 'symbolic' | 'opaque' = 'symbolic'): string[] {
  const expected = new Set(eip === 'opaque' ? eipUnknownCheckIds(envs) : []);
  const eipOnly = (x: CheckResult) =>
    x.verdict === 'unknown' &&
    x.findings.filter((f) => f.verdict !== 'pass').every((f) => f.verdict === 'unknown' && /ai-agent → (shared-nlb|shared-livekit)\b/.test(f.message) && /cidr_ipv4 is unknown until apply/.test(f.message));
  const bad = results.filter((x) => x.verdict !== 'pass' && !(expected.has(x.checkId) && eipOnly(x)));
  const unknown = results.filter((x) => x.verdict === 'unknown').map((x) => x.checkId).sort();
  return [
    ...bad.map((x) => `${x.checkId}: ${x.verdict}\n${x.findings.filter((f) => f.verdict !== 'pass').map((f) => f.message).join('\n')}`),
    ...(JSON.stringify(unknown) === JSON.stringify([...expected].sort()) ? [] : [`unknown checks ${JSON.stringify(unknown)} ≠ expected ${JSON.stringify([...expected].sort())}`]),
  ];
}
