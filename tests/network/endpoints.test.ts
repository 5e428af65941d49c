/**
 * One tiny stack per endpoint kind of the network model: an allowed flow (with its witness) and a
 * denied one (with its blocking hop); a load balancer is the source of no flow but to its targets;
 * what the model does not understand makes deny and closed-world intents unknown, never a pass.
 */
import { describe, expect, it } from 'vitest';
import { ModelIndex } from '../../src/model/query.js';
import { concatStrings, Unknown, type ObjectValue } from '../../src/model/value.js';
import { buildNetwork, type Endpoint, type Network } from '../../src/network/index.js';
import { ask, blocking, unknownReasons, witness } from '../../src/reach/evaluate.js';
import { runReach } from '../../src/reach/checker.js';
import { parseIntents } from '../../src/reach/intents.js';
import { StackBuilder, arnOf, idOf } from '../reach/builder.js';
import { contractStack } from '../reach/contract-stack.js';

/** VPC: public subnets (IGW), two private subnets (NAT); a client `app` (private_a) that may send anything, and `other` likewise. */
function base() {
  const b = new StackBuilder();
  const vpc = b.vpc();
  const igw = b.igw(vpc);
  const pub = b.subnet('public', vpc, '10.0.0.0/24', { map_public_ip_on_launch: true });
  const pub2 = b.subnet('public_b', vpc, '10.0.10.0/24', { map_public_ip_on_launch: true });
  const a = b.subnet('private_a', vpc, '10.0.1.0/24');
  const c = b.subnet('private_b', vpc, '10.0.2.0/24');
  const nat = b.nat('nat', pub);
  b.routeTable('public', vpc, igw, [pub, pub2]);
  b.routeTable('private', vpc, nat, [a, c]);
  const appSg = b.sg('app', vpc);
  const otherSg = b.sg('other', vpc);
  for (const g of [appSg, otherSg]) b.rule(`${g.split('.')[1]}_out`, 'egress', g, '-1', null, null, '0.0.0.0/0');
  b.instance('app', a, [appSg], { Role: 'app', Environment: 'staging' });
  b.instance('other', a, [otherSg], { Role: 'other', Environment: 'staging' });
  return { b, vpc, igw, pub, pub2, a, c, nat, appSg, otherSg };
}

function network(b: StackBuilder): Network {
  return buildNetwork(new ModelIndex(b.build()));
}

function ep(net: Network, key: string): Endpoint {
  const e = net.byKey.get(key);
  if (!e) throw new Error(`no endpoint ${key}; have ${[...net.byKey.keys()].join(', ')}`);
  return e;
}

/** app → target:port allowed (witness names the ingress rule), other → target:port denied at its SG ingress. */
function allowedAndDenied(net: Network, target: string, port: number, ingressRule: string) {
  const t = ep(net, target);
  const ok = ask(net, ep(net, 'aws_instance.app'), t, port, 'tcp', 'direct');
  expect(ok.verdict, unknownReasons(ok.flow, port).join('; ')).toBe('allowed');
  expect(witness(ok.flow, port).some((h) => h.hop.startsWith('security group ingress') && h.address === ingressRule)).toBe(true);
  const no = ask(net, ep(net, 'aws_instance.other'), t, port, 'tcp', 'direct');
  expect(no.verdict).toBe('denied');
  expect(blocking(no.flow, port)!.first.hop).toMatch(/^security group ingress of /);
  return t;
}

describe('endpoint kinds', () => {
  it('ECS service (awsvpc): its subnets, groups and container ports; denied on a port its task does not listen on', () => {
    const s = base();
    const sg = s.b.sg('svc', s.vpc);
    s.b.rule('svc_in', 'ingress', sg, 'tcp', 0, 65535, s.appSg);
    const td = s.b.add('aws_ecs_task_definition', 'svc', { network_mode: 'awsvpc', container_definitions: JSON.stringify([{ name: 'web', portMappings: [{ containerPort: 8080 }] }]) });
    s.b.add('aws_ecs_service', 'svc', { task_definition: arnOf(td), network_configuration: [{ subnets: [idOf(s.c)], security_groups: [idOf(sg)], assign_public_ip: false }], tags: { Role: 'svc', Environment: 'staging' } });
    const net = network(s.b);
    const svc = allowedAndDenied(net, 'aws_ecs_service.svc', 8080, 'aws_vpc_security_group_ingress_rule.svc_in');
    expect(svc.kind).toBe('ecs-service');
    const other = ask(net, ep(net, 'aws_instance.app'), svc, 9090, 'tcp', 'direct');
    expect(other.verdict).toBe('denied');
    expect(blocking(other.flow, 9090)!.first.hop).toMatch(/listens on 8080/);
  });

  it('ECS service as an ALB target: the internet reaches it through the listener; the ALB reaches nothing else', () => {
    const s = base();
    const albSg = s.b.sg('alb', s.vpc);
    s.b.rule('alb_in', 'ingress', albSg, 'tcp', 443, 443, '0.0.0.0/0');
    s.b.rule('alb_out', 'egress', albSg, '-1', null, null, '0.0.0.0/0');
    const sg = s.b.sg('svc', s.vpc);
    s.b.rule('svc_in', 'ingress', sg, 'tcp', 8080, 8080, albSg);
    s.b.rule('svc_ssh', 'ingress', sg, 'tcp', 22, 22, albSg);
    const alb = s.b.add('aws_lb', 'alb', { load_balancer_type: 'application', internal: false, subnets: [idOf(s.pub), idOf(s.pub2)], security_groups: [idOf(albSg)], tags: { Role: 'alb', Environment: 'shared' } });
    const tg = s.b.add('aws_lb_target_group', 'svc', { port: 8080, protocol: 'HTTP', target_type: 'ip' });
    s.b.add('aws_lb_listener', 'https', { load_balancer_arn: arnOf(alb), port: 443, protocol: 'HTTPS', default_action: [{ type: 'forward', target_group_arn: arnOf(tg) }] });
    s.b.add('aws_ecs_service', 'svc', { network_configuration: [{ subnets: [idOf(s.c)], security_groups: [idOf(sg)] }], load_balancer: [{ target_group_arn: arnOf(tg), container_name: 'web', container_port: 8080 }] });
    const net = network(s.b);
    const via = ask(net, net.internet, ep(net, 'aws_ecs_service.svc'), 8080, 'tcp', 'lb');
    expect(via.verdict).toBe('allowed');
    expect(witness(via.flow, 8080).map((h) => h.hop)).toContain('security group ingress of aws_ecs_service.svc from shared-alb');
    // The ALB's groups would let it open 22, but it connects only to its targets on their ports.
    const ssh = ask(net, ep(net, alb), ep(net, 'aws_ecs_service.svc'), 22, 'tcp', 'direct');
    expect(ssh.verdict).toBe('denied');
    expect(blocking(ssh.flow, 22)!.first.hop).toBe('shared-alb connects only to its targets');
    const out = ask(net, ep(net, alb), net.internet, 22, 'tcp', 'direct');
    expect(out.verdict).toBe('denied');
    expect(blocking(out.flow, 22)!.first.why.join(' ')).toMatch(/opens connections only to its registered targets/);
  });

  it('Lambda in a VPC: reaches a data store by its group; never has a public address', () => {
    const s = base();
    const fnSg = s.b.sg('fn', s.vpc);
    s.b.rule('fn_out', 'egress', fnSg, 'tcp', 5432, 5432, '10.0.0.0/16');
    const dbSg = s.b.sg('db', s.vpc);
    s.b.rule('db_in', 'ingress', dbSg, 'tcp', 5432, 5432, fnSg);
    const group = s.b.add('aws_db_subnet_group', 'db', { subnet_ids: [idOf(s.c), idOf(s.a)] });
    s.b.add('aws_db_instance', 'db', { engine: 'postgres', db_subnet_group_name: idOf(group, 'name'), vpc_security_group_ids: [idOf(dbSg)] });
    s.b.add('aws_lambda_function', 'fn', { vpc_config: [{ subnet_ids: [idOf(s.pub)], security_group_ids: [idOf(fnSg)] }] });
    const net = network(s.b);
    const fn = ep(net, 'aws_lambda_function.fn');
    expect(fn.kind).toBe('lambda');
    const ok = ask(net, fn, ep(net, 'aws_db_instance.db'), 5432, 'tcp');
    expect(ok.verdict).toBe('allowed');
    expect(witness(ok.flow, 5432).map((h) => h.address)).toContain('aws_vpc_security_group_egress_rule.fn_out');
    // In a public subnet, but a Lambda interface gets no public IP: the internet gateway drops its traffic.
    const web = ask(net, fn, net.internet, 443, 'tcp');
    expect(web.verdict).toBe('denied');
    expect(blocking(web.flow, 443)!.first.hop).toMatch(/security group egress|public address/);
  });

  it('EFS mount target: NFS 2049 from the app group; nothing else', () => {
    const s = base();
    const sg = s.b.sg('efs', s.vpc);
    s.b.rule('efs_in', 'ingress', sg, 'tcp', 0, 65535, s.appSg);
    const fs = s.b.add('aws_efs_file_system', 'data', { tags: { Role: 'files', Environment: 'staging' } });
    s.b.add('aws_efs_mount_target', 'a', { file_system_id: idOf(fs), subnet_id: idOf(s.c), security_groups: [idOf(sg)] });
    const net = network(s.b);
    const mt = allowedAndDenied(net, 'aws_efs_mount_target.a', 2049, 'aws_vpc_security_group_ingress_rule.efs_in');
    expect(mt.label).toBe('staging-files');
    expect(ask(net, ep(net, 'aws_instance.app'), mt, 22, 'tcp').verdict).toBe('denied');
  });

  it('Aurora cluster instance: placed and guarded by its cluster, on the engine port', () => {
    const s = base();
    const sg = s.b.sg('aurora', s.vpc);
    s.b.rule('aurora_in', 'ingress', sg, 'tcp', 5432, 5432, s.appSg);
    const group = s.b.add('aws_db_subnet_group', 'aurora', { subnet_ids: [idOf(s.a), idOf(s.c)] });
    const cluster = s.b.add('aws_rds_cluster', 'main', { engine: 'aurora-postgresql', db_subnet_group_name: idOf(group, 'name'), vpc_security_group_ids: [idOf(sg)] });
    s.b.add('aws_rds_cluster_instance', 'one', { cluster_identifier: idOf(cluster), engine: 'aurora-postgresql', publicly_accessible: false });
    const net = network(s.b);
    const db = allowedAndDenied(net, 'aws_rds_cluster_instance.one', 5432, 'aws_vpc_security_group_ingress_rule.aurora_in');
    expect(db.kind).toBe('aurora');
    expect(ask(net, net.internet, db, 5432, 'tcp').verdict).toBe('denied');
  });

  it('OpenSearch domain in a VPC: HTTPS from the app group; HTTP only possibly (enforce_https unknown)', () => {
    const s = base();
    const sg = s.b.sg('search', s.vpc);
    s.b.rule('search_in', 'ingress', sg, 'tcp', 0, 65535, s.appSg);
    s.b.add('aws_opensearch_domain', 'logs', { vpc_options: [{ subnet_ids: [idOf(s.c)], security_group_ids: [idOf(sg)] }], domain_endpoint_options: [{ enforce_https: new Unknown('known after apply') }] });
    const net = network(s.b);
    const d = allowedAndDenied(net, 'aws_opensearch_domain.logs', 443, 'aws_vpc_security_group_ingress_rule.search_in');
    expect(ask(net, ep(net, 'aws_instance.app'), d, 80, 'tcp').verdict).toBe('unknown');
    expect(ask(net, ep(net, 'aws_instance.app'), d, 9200, 'tcp').verdict).toBe('denied');
  });

  it('VPC interface endpoint: HTTPS from the app group', () => {
    const s = base();
    const sg = s.b.sg('vpce', s.vpc);
    s.b.rule('vpce_in', 'ingress', sg, 'tcp', 443, 443, s.appSg);
    s.b.add('aws_vpc_endpoint', 'ssm', { vpc_id: idOf(s.vpc), vpc_endpoint_type: 'Interface', service_name: 'com.amazonaws.ap-northeast-2.ssm', subnet_ids: [idOf(s.c)], security_group_ids: [idOf(sg)] });
    s.b.add('aws_vpc_endpoint', 's3', { vpc_id: idOf(s.vpc), vpc_endpoint_type: 'Gateway', service_name: 'com.amazonaws.ap-northeast-2.s3' });
    const net = network(s.b);
    const e = allowedAndDenied(net, 'aws_vpc_endpoint.ssm', 443, 'aws_vpc_security_group_ingress_rule.vpce_in');
    expect(e.kind).toBe('vpc-endpoint');
    expect(net.byKey.has('aws_vpc_endpoint.s3')).toBe(false); // a gateway endpoint is a route target, not an endpoint
  });

  it('auto-scaling group from a launch template: public IPs in an internet-routed subnet with SSH open fail "the internet reaches nothing on 22"', () => {
    const s = base();
    const sg = s.b.sg('asg', s.vpc);
    s.b.rule('asg_ssh', 'ingress', sg, 'tcp', 22, 22, '0.0.0.0/0');
    s.b.rule('asg_app', 'ingress', sg, 'tcp', 8080, 8080, s.appSg);
    const lt = s.b.add('aws_launch_template', 'web', { network_interfaces: [{ device_index: 0, associate_public_ip_address: 'true', security_groups: [idOf(sg)] }] });
    s.b.add('aws_autoscaling_group', 'web', { vpc_zone_identifier: [idOf(s.pub)], launch_template: [{ id: idOf(lt), version: '$Latest' }], tag: [{ key: 'Role', value: 'web', propagate_at_launch: true }, { key: 'Environment', value: 'staging', propagate_at_launch: true }] });
    const net = network(s.b);
    const asg = allowedAndDenied(net, 'aws_autoscaling_group.web', 8080, 'aws_vpc_security_group_ingress_rule.asg_app');
    expect(asg.label).toBe('staging-web');
    const ssh = ask(net, net.internet, asg, 22, 'tcp');
    expect(ssh.verdict).toBe('allowed');
    expect(witness(ssh.flow, 22).map((h) => h.address)).toContain('aws_vpc_security_group_ingress_rule.asg_ssh');
    const intents = parseIntents('version: 1\nintents:\n  - title: the internet reaches nothing on 22\n    expect: deny\n    from: internet\n    to: "*"\n    ports: [22/tcp]\n', 'i.yaml');
    const r = runReach(new ModelIndex(s.b.build()), intents);
    expect(r.results.find((x) => x.title === 'the internet reaches nothing on 22')!.verdict).toBe('fail');
    // without the public IP, denied at the public-address hop
    s.b.get(lt).values.network_interfaces = [{ device_index: 0, associate_public_ip_address: 'false', security_groups: [idOf(sg)] }];
    const net2 = network(s.b);
    const no = ask(net2, net2.internet, ep(net2, 'aws_autoscaling_group.web'), 22, 'tcp');
    expect(no.verdict).toBe('denied');
    expect(blocking(no.flow, 22)!.first.hop).toBe('public address of staging-web');
  });

  it('an endpoint kind the model does not understand makes a deny intent and the closed world unknown, and is reported', () => {
    const s = base();
    s.b.add('aws_eks_node_group', 'nodes', { subnet_ids: [idOf(s.pub)] });
    const intents = parseIntents('version: 1\nclosed:\n  tolerate:\n    - { from: "*", to: "*", ports: [0-65535/tcp, 0-65535/udp], why: every modelled flow is tolerated here }\nintents:\n  - title: the internet reaches nothing on 22\n    expect: deny\n    from: internet\n    to: "*"\n    ports: [22/tcp]\n', 'i.yaml');
    const r = runReach(new ModelIndex(s.b.build()), intents);
    expect(r.results.find((x) => x.title === 'the internet reaches nothing on 22')!.verdict).toBe('unknown');
    expect(r.results.find((x) => x.checkId === 'reach:closed-world')!.verdict).toBe('unknown');
    const nm = r.results.find((x) => x.checkId === 'reach:not-modelled')!;
    expect(nm.verdict).toBe('unknown');
    expect(nm.findings[0].address).toBe('aws_eks_node_group.nodes');
    expect(r.section.notModelled.map((u) => u.address)).toEqual(['aws_eks_node_group.nodes']);
  });
});

describe('addresses and routes', () => {
  function eipStack(cidr: (eip: string) => string | Unknown) {
    const s = base();
    const eip = s.b.add('aws_eip', 'media', { domain: 'vpc', public_ip: new Unknown('known after apply', [{ address: 'aws_eip.media', attribute: 'public_ip' }]) });
    const other = s.b.add('aws_eip', 'other', { domain: 'vpc' });
    const nlbSg = s.b.sg('nlb', s.vpc);
    s.b.rule('nlb_in', 'ingress', nlbSg, 'udp', 7882, 7882, '0.0.0.0/0');
    const nlb = s.b.add('aws_lb', 'nlb', { load_balancer_type: 'network', internal: false, subnet_mapping: [{ subnet_id: idOf(s.pub), allocation_id: idOf(eip) }], security_groups: [idOf(nlbSg)] });
    s.b.add('aws_lb_listener', 'udp', { load_balancer_arn: arnOf(nlb), port: 7882, protocol: 'UDP', default_action: [{ type: 'fixed-response' }] });
    const agentSg = s.b.sg('agent', s.vpc);
    s.b.rule('agent_media', 'egress', agentSg, 'udp', 7882, 7882, cidr(other === '' ? '' : eip));
    s.b.instance('agent', s.a, [agentSg]);
    return { s, nlb };
  }

  it('"${aws_eip.x.public_ip}/32" matches the NLB whose subnet mapping holds that EIP, before apply', () => {
    const { s, nlb } = eipStack((eip) => concatStrings([new Unknown('known after apply', [{ address: eip, attribute: 'public_ip' }]), '/32']) as Unknown);
    const net = network(s.b);
    const a = ask(net, ep(net, 'aws_instance.agent'), ep(net, nlb), 7882, 'udp');
    expect(a.verdict).toBe('allowed');
    expect(witness(a.flow, 7882).map((h) => h.address)).toContain('aws_vpc_security_group_egress_rule.agent_media');
    // and nothing private: the EIP is a public address
    expect(ask(net, ep(net, 'aws_instance.agent'), ep(net, 'aws_instance.app'), 7882, 'udp', 'direct').verdict).toBe('denied');
  });

  it('another Elastic IP\'s address does not match; an unknown of no known shape stays unknown', () => {
    const other = eipStack(() => concatStrings([new Unknown('known after apply', [{ address: 'aws_eip.other', attribute: 'public_ip' }]), '/32']) as Unknown);
    const n1 = network(other.s.b);
    const denied = ask(n1, ep(n1, 'aws_instance.agent'), ep(n1, other.nlb), 7882, 'udp');
    expect(denied.verdict).toBe('denied');
    expect(blocking(denied.flow, 7882)!.first.hop).toMatch(/^security group egress/);
    const opaque = eipStack((eip) => new Unknown('known after apply', [{ address: eip, attribute: 'public_ip' }]));
    const n2 = network(opaque.s.b);
    expect(ask(n2, ep(n2, 'aws_instance.agent'), ep(n2, opaque.nlb), 7882, 'udp').verdict).toBe('unknown');
  });

  it('IPv6: ::/0 on SSH is unknown (not silently denied) for a host in an IPv6 subnet, and no match without IPv6', () => {
    const build = (v6: boolean) => {
      const s = base();
      const extra: ObjectValue = v6 ? { ipv6_cidr_block: '2001:db8::/64' } : {};
      const sub = s.b.subnet('dual', s.vpc, '10.0.3.0/24', { map_public_ip_on_launch: true, ...extra });
      s.b.routeTable('dual', s.vpc, s.igw, [sub]);
      const sg = s.b.sg('v6', s.vpc);
      s.b.add('aws_vpc_security_group_ingress_rule', 'v6_ssh', { security_group_id: idOf(sg), ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr_ipv6: '::/0' });
      s.b.instance('host', sub, [sg], {}, { associate_public_ip_address: true });
      const net = network(s.b);
      return ask(net, net.internet, ep(net, 'aws_instance.host'), 22, 'tcp');
    };
    const dual = build(true);
    expect(dual.verdict).toBe('unknown');
    expect(unknownReasons(dual.flow, 22).join(' ')).toMatch(/IPv6/);
    expect(build(false).verdict).toBe('denied');
  });

  it('a managed prefix list with known entries is read as its CIDRs', () => {
    const s = base();
    const pl = s.b.add('aws_ec2_managed_prefix_list', 'office', { address_family: 'IPv4', entry: [{ cidr: '10.0.1.0/24' }] });
    const sg = s.b.sg('db', s.vpc);
    s.b.add('aws_vpc_security_group_ingress_rule', 'from_office', { security_group_id: idOf(sg), ip_protocol: 'tcp', from_port: 5432, to_port: 5432, prefix_list_id: idOf(pl) });
    s.b.instance('db', s.c, [sg]);
    const net = network(s.b);
    const ok = ask(net, ep(net, 'aws_instance.app'), ep(net, 'aws_instance.db'), 5432, 'tcp');
    expect(ok.verdict).toBe('allowed');
    expect(ask(net, net.internet, ep(net, 'aws_instance.db'), 5432, 'tcp').verdict).toBe('denied');
  });

  it('a route more specific than the default, and a peering connection, are unknown with the reason', () => {
    const s = base();
    const pcx = s.b.add('aws_vpc_peering_connection', 'peer', { vpc_id: idOf(s.vpc), peer_vpc_id: 'vpc-0abc' });
    const rt = s.b.resources.find((r) => r.address === 'aws_route_table.private')!;
    (rt.values.route as ObjectValue[]).push({ cidr_block: '198.51.100.0/24', vpc_peering_connection_id: idOf(pcx), gateway_id: '', nat_gateway_id: '' });
    const net = network(s.b);
    const a = ask(net, ep(net, 'aws_instance.app'), net.internet, 443, 'tcp');
    expect(a.verdict).toBe('unknown');
    expect(unknownReasons(a.flow, 443).join(' ')).toMatch(/more specific routes .*peering connection/);
    expect(net.notes.join('\n')).toMatch(/aws_vpc_peering_connection\.peer: a VPC peering connection/);
  });
});

describe('load balancers are forwarders', () => {
  /** The ALB-in-front-of-an-ECS-service stack of the kinds above, with an NLB to an instance beside it. */
  function lbStack() {
    const s = base();
    const albSg = s.b.sg('alb', s.vpc);
    s.b.rule('alb_in', 'ingress', albSg, 'tcp', 443, 443, '0.0.0.0/0');
    s.b.rule('alb_out', 'egress', albSg, '-1', null, null, '0.0.0.0/0');
    const svcSg = s.b.sg('svc', s.vpc);
    s.b.rule('svc_in', 'ingress', svcSg, '-1', null, null, '0.0.0.0/0');
    // Media from anywhere (the NLB preserves the client address) on both hosts, health checks too.
    for (const g of [s.appSg, s.otherSg]) {
      s.b.rule(`${g.split('.')[1]}_media`, 'ingress', g, 'udp', 7882, 7882, '0.0.0.0/0');
      s.b.rule(`${g.split('.')[1]}_health`, 'ingress', g, 'tcp', 7881, 7881, '10.0.0.0/16');
    }
    const alb = s.b.add('aws_lb', 'alb', { load_balancer_type: 'application', internal: false, subnets: [idOf(s.pub), idOf(s.pub2)], security_groups: [idOf(albSg)], tags: { Role: 'alb', Environment: 'shared' } });
    const tg = s.b.add('aws_lb_target_group', 'svc', { port: 8080, protocol: 'HTTP', target_type: 'ip' });
    s.b.add('aws_lb_listener', 'https', { load_balancer_arn: arnOf(alb), port: 443, protocol: 'HTTPS', default_action: [{ type: 'forward', target_group_arn: arnOf(tg) }] });
    s.b.add('aws_ecs_service', 'svc', { network_configuration: [{ subnets: [idOf(s.c)], security_groups: [idOf(svcSg)] }], load_balancer: [{ target_group_arn: arnOf(tg), container_name: 'web', container_port: 8080 }] });
    const nlb = s.b.add('aws_lb', 'nlb', { load_balancer_type: 'network', internal: false, subnets: [idOf(s.pub)], tags: { Role: 'nlb', Environment: 'shared' } });
    const ntg = s.b.add('aws_lb_target_group', 'media', { port: 7882, protocol: 'UDP', target_type: 'instance', health_check: [{ port: '7881', protocol: 'TCP' }] });
    s.b.add('aws_lb_listener', 'media', { load_balancer_arn: arnOf(nlb), port: 7882, protocol: 'UDP', default_action: [{ type: 'forward', target_group_arn: arnOf(ntg) }] });
    s.b.add('aws_lb_target_group_attachment', 'media', { target_group_arn: arnOf(ntg), target_id: idOf('aws_instance.app'), port: 7882 });
    return { s, alb, nlb, tg, ntg };
  }

  it('a load balancer is the source of no flow in the matrix but to its targets (here and on the contract stack)', () => {
    const { s } = lbStack();
    const contract = contractStack().b;
    for (const b of [s.b, contract]) {
      const r = runReach(new ModelIndex(b.build()), undefined);
      const lbs = r.net.endpoints.filter((e) => e.lb);
      expect(lbs.length).toBeGreaterThan(0);
      const targets = new Map(lbs.map((lb) => [lb.key, new Set(lb.lb!.listeners.flatMap((l) => l.forwards.flatMap((f) => f.targetGroup.targets.map((t) => t.endpoint))))]));
      const fromLb = r.matrix.entries.filter((e) => targets.has(e.from) && !e.via);
      expect(fromLb.length).toBeGreaterThan(0);
      const strays = fromLb.filter((e) => !targets.get(e.from)!.has(e.to)).map((e) => `${e.fromLabel} → ${e.toLabel}`);
      expect(strays).toEqual([]);
      // and never to the internet
      expect(fromLb.some((e) => e.to === 'internet')).toBe(false);
    }
  });

  it('an attachment of one of several targets (a plan\'s key-less reference) makes each a possible target: unknown, never denied', () => {
    const { s, ntg } = lbStack();
    const att = s.b.resources.find((r) => r.type === 'aws_lb_target_group_attachment')!;
    // As a plan records `aws_instance.this[each.value.host].id`: unknown, the reference key-less.
    for (const name of ['app', 'other']) s.b.get(`aws_instance.${name}`).index = name;
    att.values.target_id = new Unknown('known after apply');
    att.references = [{ attribute: 'target_group_arn', target: ntg }, { attribute: 'target_id', target: 'aws_instance.app' }];
    // Two instances under one configuration address: rename so the reference names both.
    const model = s.b.build();
    for (const r of model.resources) if (r.address === 'aws_instance.app' || r.address === 'aws_instance.other') r.address = `aws_instance.app["${r.name}"]`;
    att.references[1].target = 'aws_instance.app';
    const net = buildNetwork(new ModelIndex(model));
    const nlb = ep(net, 'aws_lb.nlb');
    const a = ask(net, nlb, ep(net, 'aws_instance.app["app"]'), 7882, 'udp', 'direct');
    expect(a.verdict).toBe('unknown');
    expect(unknownReasons(a.flow, 7882).join(' ')).toMatch(/may be a target of shared-nlb: .*names one of 2 instances/);
    const via = ask(net, net.internet, ep(net, 'aws_instance.app["other"]'), 7882, 'udp', 'lb');
    expect(via.verdict).toBe('unknown');
  });

  it('an attachment whose target is unknown and tied to nothing makes any endpoint of the target type a possible target', () => {
    const { s } = lbStack();
    const att = s.b.resources.find((r) => r.type === 'aws_lb_target_group_attachment')!;
    att.values.target_id = new Unknown('known after apply');
    att.references = att.references.filter((x) => x.attribute !== 'target_id');
    const net = network(s.b);
    const nlb = ep(net, 'aws_lb.nlb');
    for (const host of ['aws_instance.app', 'aws_instance.other']) {
      const a = ask(net, nlb, ep(net, host), 7882, 'udp', 'direct');
      expect(a.verdict, host).toBe('unknown');
      expect(unknownReasons(a.flow, 7882).join(' ')).toMatch(/configuration records no resource it comes from/);
    }
    // An instance target group: the ECS service (an ip target) is not a possible target.
    expect(ask(net, nlb, ep(net, 'aws_ecs_service.svc'), 7882, 'udp', 'direct').verdict).toBe('denied');
  });
});

describe('routes that leave the model', () => {
  it('a route to a transit gateway is unknown with the reason, and the attachment is noted', () => {
    const s = base();
    const tgw = s.b.add('aws_ec2_transit_gateway', 'hub', {});
    s.b.add('aws_ec2_transit_gateway_vpc_attachment', 'hub', { transit_gateway_id: idOf(tgw), vpc_id: idOf(s.vpc), subnet_ids: [idOf(s.a)] });
    const rt = s.b.resources.find((r) => r.address === 'aws_route_table.private')!;
    (rt.values.route as ObjectValue[]).push({ cidr_block: '203.0.113.0/24', transit_gateway_id: idOf(tgw), gateway_id: '', nat_gateway_id: '' });
    const net = network(s.b);
    const a = ask(net, ep(net, 'aws_instance.app'), net.internet, 443, 'tcp');
    expect(a.verdict).toBe('unknown');
    expect(unknownReasons(a.flow, 443).join(' ')).toMatch(/transit gateway/);
    expect(net.notes.join('\n')).toMatch(/transit gateway/);
  });
});
