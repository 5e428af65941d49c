/**
 * Gateways and route tables: NAT gateways (with their public address), internet gateways, routes
 * (inline and aws_route; IPv4 and IPv6 destinations), route-table associations and each VPC's main
 * table. A route to a transit gateway, a peering connection or a middlebox (ENI, instance, gateway
 * load balancer endpoint) is unknown with that reason: where it leads is not modelled.
 */
import type { Resource } from '../model/resource.js';
import { isObjectValue, isUnknown, type Value } from '../model/value.js';
import { parseCidr } from './cidr.js';
import { BuildContext, cidrOf, list, ref, str } from './context.js';
import { eipAddress, face } from './faces.js';
import type { AddressSpace, Endpoint, Route, RouteTable, RouteTarget } from './types.js';

export interface Routing {
  tables: Map<string, RouteTable>;
  /** subnet address → route table address (explicit association) */
  ofSubnet: Map<string, string>;
  /** VPC address → main route table address */
  main: Map<string, string>;
  /** NAT gateway address → its subnet address */
  natSubnet: Map<string, string>;
  wiring: string[];
}

/** Route targets that lead somewhere this analysis does not follow. */
const ELSEWHERE: [string, string][] = [
  ['transit_gateway_id', 'a transit gateway: where it leads (its route tables and attachments) is not modelled'],
  ['vpc_peering_connection_id', 'a VPC peering connection: the peer VPC is not modelled'],
  ['network_interface_id', 'a network interface (a middlebox that may forward anywhere)'],
  ['vpc_endpoint_id', 'a gateway load balancer endpoint (a middlebox that may forward anywhere)'],
  ['instance_id', 'an instance (a middlebox that may forward anywhere)'],
  ['carrier_gateway_id', 'a carrier gateway (Wavelength), not modelled'],
  ['local_gateway_id', 'a local gateway (Outposts), not modelled'],
  ['core_network_arn', 'a Cloud WAN core network, not modelled'],
];

export function readRouting(ctx: BuildContext): Routing {
  const { index } = ctx;
  const natSubnet = new Map<string, string>();
  const natFaces = new Map<string, Endpoint>();
  for (const r of index.ofType('aws_nat_gateway')) {
    const s = ctx.resolve(r, 'subnet_id', ['aws_subnet']).found[0];
    if (s) natSubnet.set(r.address, s.address);
    const ip = r.values.public_ip;
    const eip = ctx.resolve(r, 'allocation_id', ['aws_eip']).found[0];
    const address: AddressSpace =
      typeof ip === 'string' && parseCidr(ip)
        ? { kind: 'cidrs', cidrs: [parseCidr(ip)!] }
        : eip
          ? eipAddress(eip, [`${r.address}.public_ip`])
          : { kind: 'public', reason: `the public address of ${r.address} is known after apply`, addresses: [[`${r.address}.public_ip`]] };
    natFaces.set(r.address, face(r.address, `NAT gateway ${r.address}`, address));
  }
  const target = (r: Resource, b: Record<string, Value>, path: string): RouteTarget => {
    const p = path ? `${path}.` : '';
    const has = (k: string) => ctx.configured(r, `${p}${k}`);
    if (b.gateway_id === 'local') return { kind: 'local' };
    if (has('nat_gateway_id')) {
      const f = ctx.resolve(r, `${p}nat_gateway_id`, ['aws_nat_gateway']);
      const g = f.found[0];
      if (!g) return { kind: 'unknown', reason: f.unresolved.join('; ') || 'NAT gateway not in this model' };
      const ct = g.values.connectivity_type;
      if (ct === 'private') return { kind: 'other', what: `${g.address} (a private NAT gateway: no internet)` };
      if (isUnknown(ct) && ctx.configured(g, 'connectivity_type')) return { kind: 'unknown', reason: `${g.address}.connectivity_type is unknown until apply (a private NAT gateway reaches no internet)` };
      return { kind: 'nat', address: g.address, face: natFaces.get(g.address) };
    }
    if (has('gateway_id')) {
      const f = ctx.resolve(r, `${p}gateway_id`, ['aws_internet_gateway', 'aws_vpn_gateway', 'aws_egress_only_internet_gateway']);
      const g = f.found[0];
      if (g?.type === 'aws_internet_gateway') return { kind: 'igw', address: g.address };
      if (g?.type === 'aws_vpn_gateway') return { kind: 'unknown', reason: `${g.address}: a VPN gateway; what lies behind it is not modelled` };
      if (g) return { kind: 'other', what: g.address, ...(g.type === 'aws_egress_only_internet_gateway' ? { egressOnly: true } : {}) };
      if (typeof b.gateway_id === 'string' && b.gateway_id.startsWith('igw-')) return { kind: 'igw', address: b.gateway_id };
      return { kind: 'unknown', reason: f.unresolved.join('; ') || 'gateway not in this model' };
    }
    if (has('egress_only_gateway_id')) return { kind: 'other', what: 'an egress-only internet gateway (IPv6 out only)', egressOnly: true };
    for (const [k, why] of ELSEWHERE) if (has(k)) return { kind: 'unknown', reason: `${r.address}${path ? ` ${path}` : ''} routes to ${why}` };
    if (isUnknown(b.gateway_id)) {
      // Old plans omit the references of nested blocks. An id unknown before apply and named by no
      // reference could be any internet or virtual private gateway, of this plan or not: even when
      // the model holds exactly one, taking it would be a guess, so the target stays unknown and
      // the reason names the likely one for the reader.
      const candidates = index.ofType('aws_internet_gateway', 'aws_vpn_gateway');
      const likely = candidates.length === 1 ? `; the only gateway in the model is ${candidates[0].address}, but the plan does not say this route uses it` : '';
      return { kind: 'unknown', reason: `${r.address}${path ? ` ${path}` : ''}: gateway_id is unknown until apply and the plan records no reference to say which gateway${likely}` };
    }
    return { kind: 'unknown', reason: `route target unknown until apply and not referenced (${r.address}${path ? ` ${path}` : ''})` };
  };
  const route = (r: Resource, b: Record<string, Value>, path: string, v4: Value | undefined, v6: Value | undefined, pl: Value | undefined): Route | undefined => {
    const at = path ? `${r.address}.${path}` : r.address;
    const has = (v: Value | undefined) => v !== null && v !== undefined && v !== '';
    if (has(v4)) return { dest: cidrOf(v4, `${at} destination`), target: target(r, b, path), ref: ref(r, `route ${str(v4) ?? '?'}`, path || undefined) };
    if (has(v6)) return { dest: { ipv6: String(isUnknown(v6) ? '(known after apply)' : v6) }, target: target(r, b, path), ref: ref(r, `route ${str(v6) ?? '(IPv6)'}`, path || undefined) };
    if (has(pl)) return { dest: { unknown: `${at}: a route to a prefix list (its entries decide which addresses)` }, target: target(r, b, path), ref: ref(r, 'route (prefix list)', path || undefined) };
    return undefined;
  };
  const tables = new Map<string, RouteTable>();
  const wiring: string[] = [];
  const TABLE_TYPES = ['aws_route_table', 'aws_default_route_table'];
  for (const r of index.ofType(...TABLE_TYPES)) {
    const t: RouteTable = { address: r.address, routes: [] };
    list(r.values.route).forEach((b, i) => {
      if (!isObjectValue(b)) return;
      const x = route(r, b, `route.${i}`, b.cidr_block, b.ipv6_cidr_block, b.destination_prefix_list_id);
      if (x) t.routes.push(x);
    });
    tables.set(r.address, t);
  }
  for (const r of index.ofType('aws_route')) {
    const t = ctx.resolve(r, 'route_table_id', TABLE_TYPES).found[0];
    if (!t) {
      wiring.push(`${r.address}: its route table could not be resolved`);
      continue;
    }
    const v = r.values;
    const x = route(r, v, '', v.destination_cidr_block, v.destination_ipv6_cidr_block, v.destination_prefix_list_id);
    if (x) tables.get(t.address)?.routes.push(x);
  }
  const ofSubnet = new Map<string, string>();
  for (const r of index.ofType('aws_route_table_association')) {
    const t = ctx.resolve(r, 'route_table_id', TABLE_TYPES).found[0];
    const subs = ctx.resolve(r, 'subnet_id', ['aws_subnet']).found;
    if (!t || !subs.length) wiring.push(`${r.address}: its route table or subnet could not be resolved`);
    for (const s of subs) if (t) ofSubnet.set(s.address, t.address);
  }
  const main = new Map<string, string>();
  for (const r of index.ofType('aws_default_route_table')) {
    // default_route_table_id = aws_vpc.x.default_route_table_id names the VPC
    const vpc = ctx.vpcOf(r, 'default_route_table_id');
    if (vpc) main.set(vpc, r.address);
  }
  for (const r of index.ofType('aws_main_route_table_association')) {
    const t = ctx.resolve(r, 'route_table_id', ['aws_route_table']).found[0];
    const v = ctx.vpcOf(r);
    if (t && v) main.set(v, t.address);
  }
  for (const [type, what] of [
    ['aws_vpc_peering_connection', 'VPC peering connection'],
    ['aws_ec2_transit_gateway_vpc_attachment', 'transit gateway attachment'],
  ] as const) {
    for (const r of index.ofType(type)) ctx.notes.push(`${r.address}: a ${what}; traffic across it is not modelled (flows that could take it are unknown, with this reason)`);
  }
  return { tables, ofSubnet, main, natSubnet, wiring };
}
