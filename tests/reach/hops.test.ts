/**
 * One tiny stack per hop kind: each test builds the smallest network where that hop decides, and
 * checks the verdict, the witness (which rule, where) or the blocking hop (and what must change).
 */
import { describe, expect, it } from 'vitest';
import { ModelIndex } from '../../src/model/query.js';
import { Unknown } from '../../src/model/value.js';
import { ask, blocking, unknownReasons, witness } from '../../src/reach/evaluate.js';
import { buildNetwork, type Network } from '../../src/network/index.js';
import { healthChecks } from '../../src/reach/checker.js';
import { StackBuilder, arnOf, idOf } from './builder.js';

/** VPC with a public subnet (IGW, NAT) and two private subnets routed through the NAT. */
function base() {
  const b = new StackBuilder();
  const vpc = b.vpc();
  const igw = b.igw(vpc);
  const pub = b.subnet('public', vpc, '10.0.0.0/24');
  const pub2 = b.subnet('public_b', vpc, '10.0.10.0/24');
  const a = b.subnet('private_a', vpc, '10.0.1.0/24');
  const c = b.subnet('private_b', vpc, '10.0.2.0/24');
  const nat = b.nat('nat', pub);
  b.routeTable('public', vpc, igw, [pub, pub2]);
  b.routeTable('private', vpc, nat, [a, c]);
  return { b, vpc, igw, pub, pub2, a, c, nat };
}

/** web (private_a) and api (private_b), each with its own SG; web may send anything. */
function webApi() {
  const s = base();
  const web = s.b.sg('web', s.vpc);
  const api = s.b.sg('api', s.vpc);
  s.b.rule('web_out', 'egress', web, '-1', null, null, '0.0.0.0/0');
  s.b.rule('api_out', 'egress', api, '-1', null, null, '0.0.0.0/0');
  s.b.instance('web', s.a, [web], { Role: 'web', Environment: 'staging' });
  s.b.instance('api', s.c, [api], { Role: 'api', Environment: 'staging' });
  return { ...s, webSg: web, apiSg: api };
}

function net(b: StackBuilder): Network {
  return buildNetwork(new ModelIndex(b.build()));
}

function q(n: Network, from: string, to: string, port: number, proto: 'tcp' | 'udp' = 'tcp', via: 'any' | 'direct' | 'lb' = 'any') {
  const ep = (k: string) => (k === 'internet' ? n.internet : n.byKey.get(k)!);
  expect(ep(from), from).toBeDefined();
  expect(ep(to), to).toBeDefined();
  return ask(n, ep(from), ep(to), port, proto, via);
}

describe('security group by reference', () => {
  it('allows web → api:8000 when api ingress references web SG, naming the rule and its file:line', () => {
    const s = webApi();
    s.b.rule('api_from_web', 'ingress', s.apiSg, 'tcp', 8000, 8000, s.webSg);
    const a = q(net(s.b), 'aws_instance.web', 'aws_instance.api', 8000);
    expect(a.verdict).toBe('allowed');
    const w = witness(a.flow, 8000);
    const ing = w.find((h) => h.hop.startsWith('security group ingress'))!;
    expect(ing.address).toBe('aws_vpc_security_group_ingress_rule.api_from_web');
    expect(ing.location).toMatch(/^security-groups\.tf:\d+$/);
    expect(w.find((h) => h.hop.startsWith('security group egress'))!.address).toBe('aws_vpc_security_group_egress_rule.web_out');
  });

  it('denies api → web and another port, blocking at the destination SG', () => {
    const s = webApi();
    s.b.rule('api_from_web', 'ingress', s.apiSg, 'tcp', 8000, 8000, s.webSg);
    const n = net(s.b);
    expect(q(n, 'aws_instance.api', 'aws_instance.web', 8000).verdict).toBe('denied');
    const other = q(n, 'aws_instance.web', 'aws_instance.api', 8001);
    expect(other.verdict).toBe('denied');
    const bl = blocking(other.flow, 8001)!;
    expect(bl.first.hop).toMatch(/security group ingress of staging-api/);
    expect(bl.change.join('\n')).toMatch(/add an ingress rule to aws_security_group\.api for tcp 8001/);
  });
});

describe('security group by CIDR', () => {
  it('matches sources inside the CIDR only', () => {
    const s = webApi();
    s.b.rule('api_from_a', 'ingress', s.apiSg, 'tcp', 8000, 8000, '10.0.1.0/24');
    const other = s.b.sg('other', s.vpc);
    s.b.rule('other_out', 'egress', other, '-1', null, null, '0.0.0.0/0');
    s.b.instance('other', s.pub, [other]);
    const n = net(s.b);
    expect(q(n, 'aws_instance.web', 'aws_instance.api', 8000).verdict).toBe('allowed');
    expect(q(n, 'aws_instance.other', 'aws_instance.api', 8000).verdict).toBe('denied');
  });
});

describe('security group self', () => {
  it('lets members of the same group reach each other (inline self rule)', () => {
    const s = base();
    const r = s.b.add('aws_security_group', 'cluster', {
      vpc_id: idOf(s.vpc),
      ingress: [{ protocol: 'tcp', from_port: 5432, to_port: 5432, self: true, cidr_blocks: [], security_groups: [] }],
      egress: [{ protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'], self: false, security_groups: [] }],
    });
    s.b.instance('n1', s.a, [r]);
    s.b.instance('n2', s.c, [r]);
    const lone = s.b.sg('lone', s.vpc);
    s.b.rule('lone_out', 'egress', lone, '-1', null, null, '0.0.0.0/0');
    s.b.instance('n3', s.c, [lone]);
    const n = net(s.b);
    const a = q(n, 'aws_instance.n1', 'aws_instance.n2', 5432);
    expect(a.verdict).toBe('allowed');
    expect(witness(a.flow, 5432).find((h) => h.hop.includes('ingress'))!.rule).toMatch(/aws_security_group\.cluster ingress\[0\]/);
    expect(q(n, 'aws_instance.n3', 'aws_instance.n2', 5432).verdict).toBe('denied');
  });
});

describe('egress blocking', () => {
  it('denies when the source SG has no egress for the port (terraform removes the default allow-all)', () => {
    const s = base();
    const web = s.b.sg('web', s.vpc);
    const api = s.b.sg('api', s.vpc);
    s.b.rule('web_out_443', 'egress', web, 'tcp', 443, 443, '0.0.0.0/0');
    s.b.rule('api_from_web', 'ingress', api, 'tcp', 8000, 8000, web);
    s.b.instance('web', s.a, [web]);
    s.b.instance('api', s.c, [api]);
    const a = q(net(s.b), 'aws_instance.web', 'aws_instance.api', 8000);
    expect(a.verdict).toBe('denied');
    const bl = blocking(a.flow, 8000)!;
    expect(bl.first.hop).toMatch(/security group egress/);
    expect(bl.change).toHaveLength(1);
    expect(bl.change[0]).toMatch(/add an egress rule to aws_security_group\.web for tcp 8000 to security group aws_security_group\.api/);
  });
});

function withNacl(s: ReturnType<typeof webApi>, ingress: object[], egress: object[]) {
  s.b.add('aws_network_acl', 'api', { vpc_id: idOf(s.vpc), subnet_ids: [idOf(s.c)], ingress: ingress as never, egress: egress as never });
}
const allowAll = (rule_no: number) => ({ rule_no, action: 'allow', protocol: '-1', from_port: 0, to_port: 0, cidr_block: '0.0.0.0/0' });

describe('network ACL', () => {
  it('a deny with a lower rule number wins over a later allow', () => {
    const s = webApi();
    s.b.rule('api_from_web', 'ingress', s.apiSg, 'tcp', 8000, 8000, s.webSg);
    withNacl(s, [{ rule_no: 90, action: 'deny', protocol: 'tcp', from_port: 8000, to_port: 8000, cidr_block: '10.0.1.0/24' }, allowAll(100)], [allowAll(100)]);
    const a = q(net(s.b), 'aws_instance.web', 'aws_instance.api', 8000);
    expect(a.verdict).toBe('denied');
    const bl = blocking(a.flow, 8000)!;
    expect(bl.first.hop).toMatch(/network ACL inbound to staging-api/);
    expect(bl.first.why.join(' ')).toMatch(/rule 90 deny/);
  });

  it('the same deny with a higher rule number than the allow lets it through', () => {
    const s = webApi();
    s.b.rule('api_from_web', 'ingress', s.apiSg, 'tcp', 8000, 8000, s.webSg);
    withNacl(s, [allowAll(100), { rule_no: 110, action: 'deny', protocol: 'tcp', from_port: 8000, to_port: 8000, cidr_block: '10.0.1.0/24' }], [allowAll(100)]);
    const a = q(net(s.b), 'aws_instance.web', 'aws_instance.api', 8000);
    expect(a.verdict).toBe('allowed');
    expect(witness(a.flow, 8000).find((h) => h.hop.includes('inbound'))!.rule).toMatch(/aws_network_acl\.api rule 100 allow/);
  });

  it('a deny whose rule number is unknown could come before the allow: unknown, not allowed', () => {
    const s = webApi();
    s.b.rule('api_from_web', 'ingress', s.apiSg, 'tcp', 8000, 8000, s.webSg);
    withNacl(s, [allowAll(100), { rule_no: new Unknown('depends on var.rule_no'), action: 'deny', protocol: 'tcp', from_port: 8000, to_port: 8000, cidr_block: '10.0.1.0/24' }], [allowAll(100)]);
    const a = q(net(s.b), 'aws_instance.web', 'aws_instance.api', 8000);
    expect(a.verdict).toBe('unknown');
    expect(unknownReasons(a.flow, 8000).join(' ')).toMatch(/aws_network_acl\.api rule \? deny: rule number unknown until apply/);
  });

  it('blocks when replies to the ephemeral ports are not allowed out (NACLs are stateless)', () => {
    const s = webApi();
    s.b.rule('api_from_web', 'ingress', s.apiSg, 'tcp', 8000, 8000, s.webSg);
    withNacl(s, [allowAll(100)], [{ rule_no: 100, action: 'allow', protocol: 'tcp', from_port: 0, to_port: 1023, cidr_block: '0.0.0.0/0' }]);
    const a = q(net(s.b), 'aws_instance.web', 'aws_instance.api', 8000);
    expect(a.verdict).toBe('denied');
    const bl = blocking(a.flow, 8000)!;
    expect(bl.first.why.join(' ')).toMatch(/egress replies on ephemeral ports 1024-65535/);
    expect(bl.change.join(' ')).toMatch(/allow egress tcp 1024-65535 to 10\.0\.1\.0\/24/);
  });
});

describe('routes', () => {
  it('denies a host → internet when its subnet has no route to 0.0.0.0/0', () => {
    const s = webApi();
    const iso = s.b.subnet('isolated', s.vpc, '10.0.3.0/24');
    s.b.routeTable('isolated', s.vpc, undefined, [iso]);
    s.b.instance('db', iso, [s.webSg]);
    const n = net(s.b);
    const a = q(n, 'aws_instance.db', 'internet', 443);
    expect(a.verdict).toBe('denied');
    expect(blocking(a.flow, 443)!.first.why.join(' ')).toMatch(/aws_subnet\.isolated has no route to 0\.0\.0\.0\/0/);
    // the private subnets route through the NAT gateway, whose subnet routes to the IGW
    const ok = q(n, 'aws_instance.web', 'internet', 443);
    expect(ok.verdict).toBe('allowed');
    expect(witness(ok.flow, 443).map((h) => h.rule).join('\n')).toMatch(/aws_route_table\.private route 0\.0\.0\.0\/0/);
  });

  it("checks the NAT gateway subnet's network ACL on the way out (both legs and the replies)", () => {
    const s = webApi();
    s.b.add('aws_network_acl', 'public', {
      vpc_id: idOf(s.vpc),
      subnet_ids: [idOf(s.pub)],
      ingress: [allowAll(100)] as never,
      egress: [{ rule_no: 100, action: 'allow', protocol: 'tcp', from_port: 80, to_port: 80, cidr_block: '0.0.0.0/0' }, { rule_no: 110, action: 'allow', protocol: 'tcp', from_port: 1024, to_port: 65535, cidr_block: '10.0.0.0/16' }] as never,
    });
    const n = net(s.b);
    expect(q(n, 'aws_instance.web', 'internet', 80).verdict).toBe('allowed');
    const a = q(n, 'aws_instance.web', 'internet', 443);
    expect(a.verdict).toBe('denied');
    expect(blocking(a.flow, 443)!.first.hop).toBe("network ACL outbound from the NAT gateway's subnet");
  });

  it("uses the VPC's main route table (aws_default_route_table) for a subnet without association", () => {
    const s = base();
    const loose = s.b.subnet('loose', s.vpc, '10.0.5.0/24');
    s.b.add('aws_default_route_table', 'main', { default_route_table_id: idOf(s.vpc, 'default_route_table_id'), route: [{ cidr_block: '0.0.0.0/0', gateway_id: '', nat_gateway_id: idOf(s.nat) }] });
    const g = s.b.sg('g', s.vpc);
    s.b.rule('out', 'egress', g, 'tcp', 443, 443, '0.0.0.0/0');
    s.b.instance('vm', loose, [g]);
    const a = q(net(s.b), 'aws_instance.vm', 'internet', 443);
    expect(a.verdict).toBe('allowed');
    expect(witness(a.flow, 443).map((h) => h.rule).join('\n')).toContain('aws_default_route_table.main route 0.0.0.0/0');
  });

  it('denies internet → a host in a public subnet without a public IP; allows it with one', () => {
    for (const [pip, expected] of [
      [false, 'denied'],
      [true, 'allowed'],
    ] as const) {
      const s = base();
      const g = s.b.sg('pub', s.vpc);
      s.b.rule('http', 'ingress', g, 'tcp', 80, 80, '0.0.0.0/0');
      s.b.instance('bastion', s.pub, [g], {}, { associate_public_ip_address: pip });
      const a = q(net(s.b), 'internet', 'aws_instance.bastion', 80);
      expect(a.verdict, `public ip ${pip}`).toBe(expected);
      if (!pip) expect(blocking(a.flow, 80)!.first.why.join(' ')).toMatch(/no public address/);
    }
  });
});

/** Public ALB (2 subnets) → listener 443 with a host rule → target group → api. */
function albStack() {
  const s = webApi();
  const alb = s.b.sg('alb', s.vpc);
  s.b.rule('alb_https', 'ingress', alb, 'tcp', 443, 443, '0.0.0.0/0');
  s.b.rule('alb_to_api', 'egress', alb, 'tcp', 8000, 8000, s.apiSg);
  s.b.rule('api_from_alb', 'ingress', s.apiSg, 'tcp', 8000, 8000, alb);
  const lb = s.b.add('aws_lb', 'main', { load_balancer_type: 'application', internal: false, subnets: [idOf(s.pub), idOf(s.pub2)], security_groups: [idOf(alb)], tags: { Role: 'alb', Environment: 'shared' } }, 'alb.tf');
  const tg = s.b.add('aws_lb_target_group', 'api', { port: 8000, protocol: 'HTTP', target_type: 'instance' }, 'alb.tf');
  s.b.add('aws_lb_target_group_attachment', 'api', { target_group_arn: arnOf(tg), target_id: idOf('aws_instance.api'), port: 8000 }, 'alb.tf');
  const l = s.b.add('aws_lb_listener', 'https', { load_balancer_arn: arnOf(lb), port: 443, protocol: 'HTTPS', default_action: [{ type: 'fixed-response' }] }, 'alb.tf');
  s.b.add('aws_lb_listener_rule', 'api', { listener_arn: arnOf(l), priority: 10, action: [{ type: 'forward', target_group_arn: arnOf(tg) }], condition: [{ host_header: [{ values: ['api.example.com'] }] }] }, 'alb.tf');
  return s;
}

describe('application load balancer', () => {
  it('internet → api:8000 only through the ALB host rule; the witness names the rule', () => {
    const s = albStack();
    const n = net(s.b);
    const a = q(n, 'internet', 'aws_instance.api', 8000);
    expect(a.verdict).toBe('allowed');
    expect(a.flow.via?.lb.key).toBe('aws_lb.main');
    const w = witness(a.flow, 8000);
    expect(w.map((h) => h.rule).join('\n')).toContain('aws_lb_listener_rule.api listener rule priority 10 (host api.example.com)');
    expect(w.find((h) => h.rule.includes('listener rule'))!.location).toMatch(/^alb\.tf:\d+$/);
    expect(q(n, 'internet', 'aws_instance.api', 8000, 'tcp', 'direct').verdict).toBe('denied');
    expect(q(n, 'internet', 'aws_lb.main', 443).verdict).toBe('allowed');
    expect(q(n, 'internet', 'aws_lb.main', 80).verdict).toBe('denied');
  });

  it('the ALB leg starts at the ALB: the target SG must admit the ALB, not the client', () => {
    const s = albStack();
    s.b.remove('aws_vpc_security_group_ingress_rule.api_from_alb');
    s.b.rule('api_from_world', 'ingress', s.apiSg, 'tcp', 8000, 8000, '0.0.0.0/0');
    const a = q(net(s.b), 'internet', 'aws_instance.api', 8000, 'tcp', 'lb');
    // 0.0.0.0/0 contains the ALB's subnets, so the ALB's own address is admitted
    expect(a.verdict).toBe('allowed');
    const s2 = albStack();
    s2.b.remove('aws_vpc_security_group_ingress_rule.api_from_alb');
    s2.b.rule('api_from_other', 'ingress', s2.apiSg, 'tcp', 8000, 8000, '192.0.2.0/24');
    expect(q(net(s2.b), 'internet', 'aws_instance.api', 8000, 'tcp', 'lb').verdict).toBe('denied');
  });
});

function nlbStack(livekitPeer: string) {
  const s = base();
  const lk = s.b.sg('livekit', s.vpc);
  s.b.rule('lk_udp', 'ingress', lk, 'udp', 7882, 7882, livekitPeer);
  s.b.instance('livekit', s.a, [lk], { Role: 'livekit', Environment: 'shared' });
  const lb = s.b.add('aws_lb', 'nlb', { load_balancer_type: 'network', internal: false, subnets: [idOf(s.pub)], tags: { Role: 'nlb', Environment: 'shared' } });
  const tg = s.b.add('aws_lb_target_group', 'udp', { port: 7882, protocol: 'UDP', target_type: 'instance', health_check: [{ port: '7880', protocol: 'TCP' }] });
  s.b.add('aws_lb_target_group_attachment', 'lk', { target_group_arn: arnOf(tg), target_id: idOf('aws_instance.livekit') });
  s.b.add('aws_lb_listener', 'udp', { load_balancer_arn: arnOf(lb), port: 7882, protocol: 'UDP', default_action: [{ type: 'forward', target_group_arn: arnOf(tg) }] });
  return s;
}

describe('network load balancer', () => {
  it('preserves the client IP: the target SG must admit the internet, and then it is reachable', () => {
    const a = q(net(nlbStack('0.0.0.0/0').b), 'internet', 'aws_instance.livekit', 7882, 'udp');
    expect(a.verdict).toBe('allowed');
    expect(a.flow.via?.lb.key).toBe('aws_lb.nlb');
    expect(witness(a.flow, 7882).some((h) => h.hop.includes('client address preserved'))).toBe(true);
  });

  it('admitting only the NLB subnet does not let clients through (they keep their address)', () => {
    const a = q(net(nlbStack('10.0.0.0/24').b), 'internet', 'aws_instance.livekit', 7882, 'udp');
    expect(a.verdict).toBe('denied');
    expect(blocking(a.flow, 7882)!.first.hop).toMatch(/security group ingress of shared-livekit/);
  });
});

/**
 * An internet-facing NLB with an Elastic IP (subnet_mapping.allocation_id), LiveKit behind it, and
 * an agent in a private subnet that sends its media to the EIP (LiveKit advertises only that):
 * out through the NAT gateway, back in through the internet gateway, client IP preserved.
 */
function eipStack(eipIp: string | undefined, opts: { agentEgress?: boolean; livekitPeer?: string } = {}) {
  const s = base();
  const lk = s.b.sg('livekit', s.vpc);
  s.b.rule('lk_udp', 'ingress', lk, 'udp', 7882, 7882, opts.livekitPeer ?? '0.0.0.0/0');
  s.b.instance('livekit', s.a, [lk], { Role: 'livekit', Environment: 'shared' });
  const eip = s.b.add('aws_eip', 'nlb', eipIp ? { domain: 'vpc', public_ip: eipIp } : { domain: 'vpc' }, 'nlb.tf');
  const lb = s.b.add(
    'aws_lb',
    'nlb',
    { load_balancer_type: 'network', internal: false, subnet_mapping: [{ subnet_id: idOf(s.pub), allocation_id: idOf(eip) }], tags: { Role: 'nlb', Environment: 'shared' } },
    'nlb.tf',
  );
  const tg = s.b.add('aws_lb_target_group', 'udp', { port: 7882, protocol: 'UDP', target_type: 'instance' }, 'nlb.tf');
  s.b.add('aws_lb_target_group_attachment', 'lk', { target_group_arn: arnOf(tg), target_id: idOf('aws_instance.livekit') }, 'nlb.tf');
  s.b.add('aws_lb_listener', 'udp', { load_balancer_arn: arnOf(lb), port: 7882, protocol: 'UDP', default_action: [{ type: 'forward', target_group_arn: arnOf(tg) }] }, 'nlb.tf');
  const agent = s.b.sg('agent', s.vpc);
  // the egress names the EIP /32: known in a plan of the applied stack, known after apply before
  if (opts.agentEgress !== false) s.b.rule('agent_media', 'egress', agent, 'udp', 7882, 7882, eipIp ? `${eipIp}/32` : new Unknown('known after apply', [{ address: eip, attribute: 'public_ip' }]));
  s.b.instance('agent', s.c, [agent], { Role: 'ai-agent', Environment: 'staging' });
  return s;
}

describe('internet-facing load balancer at its Elastic IP, from inside the VPC', () => {
  it('EIP known: the agent reaches the NLB through the NAT gateway; the witness names the egress rule and the NAT route', () => {
    const n = net(eipStack('203.0.113.10').b);
    const a = q(n, 'aws_instance.agent', 'aws_lb.nlb', 7882, 'udp');
    expect(a.verdict).toBe('allowed');
    expect(a.flow.arrivesAs?.label).toMatch(/^NAT gateway aws_nat_gateway\.nat public address/);
    const w = witness(a.flow, 7882);
    const egress = w.find((h) => h.hop.startsWith('security group egress of staging-ai-agent'))!;
    expect(egress.hop).toBe('security group egress of staging-ai-agent to shared-nlb public address 203.0.113.10');
    expect(egress.address).toBe('aws_vpc_security_group_egress_rule.agent_media');
    expect(egress.location).toMatch(/^security-groups\.tf:\d+$/);
    expect(w.map((h) => h.rule).join('\n')).toMatch(/aws_route_table\.private route 0\.0\.0\.0\/0/);
    // in again through the internet gateway of the NLB's subnet, at its listener
    expect(w.map((h) => h.rule).join('\n')).toMatch(/aws_route_table\.public route 0\.0\.0\.0\/0/);
    expect(w.map((h) => h.rule).join('\n')).toContain('aws_lb_listener.udp listener UDP:7882');
    // not by the NLB's private address: the /32 of a public EIP is not the NLB's subnet
    expect(q(n, 'aws_instance.agent', 'aws_lb.nlb', 7882, 'udp').flows.find((f) => !f.arrivesAs)!.yes).toEqual([]);
  });

  it("EIP known: on to LiveKit, whose security group sees the NAT gateway's address (client IP preserved)", () => {
    const ok = q(net(eipStack('203.0.113.10').b), 'aws_instance.agent', 'aws_instance.livekit', 7882, 'udp', 'lb');
    expect(ok.verdict).toBe('allowed');
    expect(witness(ok.flow, 7882).some((h) => /ingress of shared-livekit from NAT gateway aws_nat_gateway\.nat public address .*client address preserved/.test(h.hop))).toBe(true);
    // LiveKit admitting the VPC only: the agent's private address would pass, the NAT gateway's does not
    const vpcOnly = q(net(eipStack('203.0.113.10', { livekitPeer: '10.0.0.0/16' }).b), 'aws_instance.agent', 'aws_instance.livekit', 7882, 'udp', 'lb');
    expect(vpcOnly.verdict).not.toBe('allowed');
    const pub = vpcOnly.flows.find((f) => f.arrivesAs)!;
    expect(pub.yes).toEqual([]);
    expect(pub.possible).toEqual([]);
  });

  it('EIP unknown before apply: unknown, with the reason', () => {
    const a = q(net(eipStack(undefined).b), 'aws_instance.agent', 'aws_lb.nlb', 7882, 'udp');
    expect(a.verdict).toBe('unknown');
    expect(unknownReasons(a.flow, 7882).join(' ')).toMatch(/aws_vpc_security_group_egress_rule\.agent_media .*cidr_ipv4 is unknown until apply/);
  });

  it("no egress rule to the EIP: denied at the agent's egress, naming the address to allow", () => {
    const a = q(net(eipStack('203.0.113.10', { agentEgress: false }).b), 'aws_instance.agent', 'aws_lb.nlb', 7882, 'udp');
    expect(a.verdict).toBe('denied');
    const bl = blocking(a.flow, 7882)!;
    expect(bl.first.hop).toBe('security group egress of staging-ai-agent to shared-nlb public address 203.0.113.10');
    expect(bl.change.join('\n')).toMatch(/add an egress rule to aws_security_group\.agent for udp 7882 to 203\.0\.113\.10$/m);
  });

  it('a private NAT gateway reaches no internet', () => {
    const s = eipStack('203.0.113.10');
    s.b.get('aws_nat_gateway.nat').values.connectivity_type = 'private';
    const n = net(s.b);
    expect(q(n, 'aws_instance.agent', 'aws_lb.nlb', 7882, 'udp').verdict).toBe('denied');
    expect(q(n, 'aws_instance.agent', 'internet', 7882, 'udp').verdict).toBe('denied');
  });
});

describe('load balancer paths', () => {
  it('a TCP_UDP listener carries UDP as UDP: a TCP-only target rule does not let UDP through', () => {
    const s = nlbStack('0.0.0.0/0');
    s.b.get('aws_lb_listener.udp').values.protocol = 'TCP_UDP';
    s.b.get('aws_lb_target_group.udp').values.protocol = 'TCP_UDP';
    s.b.remove('aws_vpc_security_group_ingress_rule.lk_udp');
    s.b.rule('lk_tcp', 'ingress', 'aws_security_group.livekit', 'tcp', 7882, 7882, '0.0.0.0/0');
    const n = net(s.b);
    expect(q(n, 'internet', 'aws_instance.livekit', 7882, 'tcp', 'lb').verdict).toBe('allowed');
    const udp = q(n, 'internet', 'aws_instance.livekit', 7882, 'udp', 'lb');
    expect(udp.verdict).toBe('denied');
    expect(blocking(udp.flow, 7882)!.first.hop).toMatch(/security group ingress of shared-livekit/);
  });

  it('an NLB listener whose protocol is unknown may carry TCP or UDP: unknown on its port, denied on others', () => {
    const s = nlbStack('0.0.0.0/0');
    s.b.get('aws_lb_listener.udp').values.protocol = new Unknown('depends on var.proto');
    const n = net(s.b);
    const a = q(n, 'internet', 'aws_instance.livekit', 7882, 'udp', 'lb');
    expect(a.verdict).toBe('unknown');
    expect(unknownReasons(a.flow, 7882).join(' ')).toMatch(/aws_lb_listener\.udp\.protocol is unknown until apply/);
    expect(q(n, 'internet', 'aws_lb.nlb', 7882, 'udp').verdict).toBe('unknown');
    expect(q(n, 'internet', 'aws_instance.livekit', 7883, 'udp', 'lb').verdict).toBe('denied');
  });

  it('a listener whose port is unknown makes a path through it unknown, never denied', () => {
    const s = nlbStack('0.0.0.0/0');
    s.b.get('aws_lb_listener.udp').values.port = new Unknown('depends on var.port');
    const a = q(net(s.b), 'internet', 'aws_instance.livekit', 7882, 'udp', 'lb');
    expect(a.verdict).toBe('unknown');
    expect(unknownReasons(a.flow, 7882).join(' ')).toMatch(/aws_lb_listener\.udp .*port unknown until apply/);
  });
});

describe('legacy resource forms', () => {
  it('aws_security_group_rule, aws_network_acl_rule, aws_main_route_table_association and aws_alb_* work as the current forms', () => {
    const b = new StackBuilder();
    const vpc = b.vpc();
    const igw = b.igw(vpc);
    const pubA = b.subnet('a', vpc, '10.0.0.0/24');
    const pubB = b.subnet('b', vpc, '10.0.1.0/24');
    const app = b.subnet('app', vpc, '10.0.2.0/24');
    const main = b.add('aws_route_table', 'main', { vpc_id: idOf(vpc), route: [{ cidr_block: '0.0.0.0/0', gateway_id: idOf(igw), nat_gateway_id: '' }] });
    b.add('aws_main_route_table_association', 'main', { vpc_id: idOf(vpc), route_table_id: idOf(main) });
    const lbSg = b.add('aws_security_group', 'lb', { vpc_id: idOf(vpc), ingress: [{ protocol: 'tcp', from_port: 80, to_port: 80, cidr_blocks: ['0.0.0.0/0'], self: false, security_groups: [] }], egress: [{ protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'], self: false, security_groups: [] }] });
    const appSg = b.add('aws_security_group', 'app', { vpc_id: idOf(vpc) });
    const ruleAddr = b.add('aws_security_group_rule', 'app_from_lb', { type: 'ingress', security_group_id: idOf(appSg), protocol: 'tcp', from_port: 8080, to_port: 8080, source_security_group_id: idOf(lbSg), self: false, cidr_blocks: null });
    b.instance('app', app, [appSg]);
    const acl = b.add('aws_network_acl', 'app', { vpc_id: idOf(vpc), subnet_ids: [idOf(app)], ingress: [], egress: [] });
    b.add('aws_network_acl_rule', 'in_all', { network_acl_id: idOf(acl), rule_number: 200, egress: false, protocol: '-1', rule_action: 'allow', cidr_block: '0.0.0.0/0', from_port: 0, to_port: 0 });
    b.add('aws_network_acl_rule', 'out_all', { network_acl_id: idOf(acl), rule_number: 200, egress: true, protocol: '-1', rule_action: 'allow', cidr_block: '0.0.0.0/0', from_port: 0, to_port: 0 });
    const lb = b.add('aws_alb', 'web', { internal: false, subnets: [idOf(pubA), idOf(pubB)], security_groups: [idOf(lbSg)] });
    const tg = b.add('aws_alb_target_group', 'app', { port: 8080, protocol: 'HTTP' });
    b.add('aws_alb_target_group_attachment', 'app', { target_group_arn: arnOf(tg), target_id: idOf('aws_instance.app') });
    b.add('aws_alb_listener', 'http', { load_balancer_arn: arnOf(lb), port: 80, protocol: 'HTTP', default_action: [{ type: 'forward', target_group_arn: arnOf(tg) }] });
    let n = net(b);
    const a = q(n, 'internet', 'aws_instance.app', 8080);
    expect(a.verdict).toBe('allowed');
    const w = witness(a.flow, 8080);
    expect(w.map((h) => h.rule).join('\n')).toContain(`${ruleAddr} ingress rule`);
    expect(w.map((h) => h.rule).join('\n')).toContain('aws_route_table.main route 0.0.0.0/0');
    expect(w.map((h) => h.rule).join('\n')).toContain('aws_network_acl_rule.in_all rule 200 allow');
    // a lower-numbered aws_network_acl_rule deny wins
    b.add('aws_network_acl_rule', 'deny_lb', { network_acl_id: idOf(acl), rule_number: 100, egress: false, protocol: 'tcp', rule_action: 'deny', cidr_block: '10.0.0.0/23', from_port: 8080, to_port: 8080 });
    n = net(b);
    const d = q(n, 'internet', 'aws_instance.app', 8080);
    expect(d.verdict).toBe('denied');
    expect(blocking(d.flow, 8080)!.first.why.join(' ')).toMatch(/aws_network_acl_rule\.deny_lb rule 100 deny/);
  });
});

describe('load balancer health checks', () => {
  it('fail when the target SG does not admit the health-check port from the load balancer', () => {
    // the UDP target group health-checks over TCP 7880, which livekit's SG does not open
    const h = healthChecks(net(nlbStack('0.0.0.0/0').b))!;
    expect(h.verdict).toBe('fail');
    expect(h.findings[0].message).toMatch(/shared-nlb → shared-livekit health check 7880\/tcp \(aws_lb_target_group\.udp\) is denied at "security group ingress of shared-livekit from shared-nlb"/);
  });

  it('pass once the target admits it', () => {
    const s = nlbStack('0.0.0.0/0');
    s.b.rule('lk_health', 'ingress', 'aws_security_group.livekit', 'tcp', 7880, 7880, '10.0.0.0/24');
    expect(healthChecks(net(s.b))!.verdict).toBe('pass');
  });
});

describe('unknown values', () => {
  it('a rule whose security group cannot be resolved may belong to any group: unknown, not ignored', () => {
    const s = webApi();
    const r = s.b.rule('ssh_somewhere', 'ingress', s.apiSg, 'tcp', 22, 22, '0.0.0.0/0');
    s.b.get(r).values.security_group_id = new Unknown('known after apply');
    s.b.rule('web_ssh_out', 'egress', s.webSg, 'tcp', 22, 22, '0.0.0.0/0');
    const n = net(s.b);
    const a = q(n, 'aws_instance.web', 'aws_instance.api', 22);
    expect(a.verdict).toBe('unknown');
    expect(unknownReasons(a.flow, 22).join(' ')).toMatch(/ssh_somewhere.*its security group is not known/);
    expect(n.notes.join(' ')).toMatch(/counted as possibly any group's rule/);
  });

  it('an unresolved route table association makes "no route" unknown', () => {
    const s = webApi();
    const iso = s.b.subnet('isolated', s.vpc, '10.0.3.0/24');
    s.b.instance('db', iso, [s.webSg]);
    s.b.add('aws_route_table_association', 'mystery', { subnet_id: idOf(iso), route_table_id: new Unknown('from a data source') });
    const a = q(net(s.b), 'aws_instance.db', 'internet', 443);
    expect(a.verdict).toBe('unknown');
    expect(unknownReasons(a.flow, 443).join(' ')).toMatch(/aws_route_table_association\.mystery: its route table or subnet could not be resolved/);
  });

  it('an instance whose subnet cannot be resolved is unknown, never denied', () => {
    const s = webApi();
    s.b.rule('api_from_web', 'ingress', s.apiSg, 'tcp', 8000, 8000, s.webSg);
    s.b.get('aws_instance.web').values.subnet_id = new Unknown('known after apply');
    const n = net(s.b);
    const a = q(n, 'aws_instance.web', 'aws_instance.api', 8000);
    expect(a.verdict).toBe('unknown');
    expect(unknownReasons(a.flow, 8000).join(' ')).toMatch(/subnet of staging-web is not known/);
    expect(q(n, 'aws_instance.web', 'internet', 443).verdict).toBe('unknown');
  });

  it('an inline rule whose cidr_blocks list is unknown as a whole is an unknown peer, not no peer', () => {
    const s = webApi();
    s.b.get(s.apiSg).values.ingress = [{ protocol: 'tcp', from_port: 8000, to_port: 8000, cidr_blocks: new Unknown('depends on data.aws_ip_ranges.x'), self: false }];
    const a = q(net(s.b), 'aws_instance.web', 'aws_instance.api', 8000);
    expect(a.verdict).toBe('unknown');
    expect(unknownReasons(a.flow, 8000).join(' ')).toMatch(/ingress\.0\.cidr_blocks is unknown until apply \(depends on data\.aws_ip_ranges\.x\)/);
  });

  it('inline rules unknown as a whole (a dynamic block over a value known after apply) may be any rule: unknown', () => {
    const s = webApi();
    s.b.get(s.apiSg).values.ingress = new Unknown('known after apply', [{ address: 'data.aws_ip_ranges.x', attribute: 'cidr_blocks' }]);
    const a = q(net(s.b), 'aws_instance.web', 'aws_instance.api', 8000);
    expect(a.verdict).toBe('unknown');
    expect(unknownReasons(a.flow, 8000).join(' ')).toMatch(/aws_security_group\.api ingress is unknown until apply \(known after apply; from data\.aws_ip_ranges\.x\.cidr_blocks\)/);
  });

  it('a rule whose prefix list id is unknown is a prefix list (unknown), not dropped', () => {
    const s = webApi();
    const r = s.b.rule('api_from_pl', 'ingress', s.apiSg, 'tcp', 8000, 8000, '10.0.0.0/8');
    s.b.get(r).values.cidr_ipv4 = null;
    s.b.get(r).values.prefix_list_id = new Unknown('known after apply', [{ address: 'aws_ec2_managed_prefix_list.x', attribute: 'id' }]);
    expect(q(net(s.b), 'aws_instance.web', 'aws_instance.api', 8000).verdict).toBe('unknown');
  });

  it('a security group list with one group of the model and one from a data source: the second is unknown, not left out', () => {
    const s = webApi();
    s.b.get('aws_instance.api').values.vpc_security_group_ids = [idOf(s.apiSg), new Unknown('known after apply', [{ address: 'data.aws_security_group.shared', attribute: 'id' }])];
    const n = net(s.b);
    expect(n.byKey.get('aws_instance.api')!.sgsUnknown.join(' ')).toMatch(/data\.aws_security_group\.shared\.id/);
    // the unknown group may admit web: unknown, where leaving it out would say denied
    const a = q(n, 'aws_instance.web', 'aws_instance.api', 8000);
    expect(a.verdict).toBe('unknown');
  });

  it('a CIDR unknown before apply gives unknown with the reason, never allowed or denied', () => {
    const s = webApi();
    s.b.rule('api_from_var', 'ingress', s.apiSg, 'tcp', 8000, 8000, new Unknown('depends on data.aws_ip_ranges.x'));
    const a = q(net(s.b), 'aws_instance.web', 'aws_instance.api', 8000);
    expect(a.verdict).toBe('unknown');
    expect(unknownReasons(a.flow, 8000).join(' ')).toMatch(/data\.aws_ip_ranges\.x/);
  });
});
