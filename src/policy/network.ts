/**
 * Security-group permissions, subnets and routes, read uniformly from the three ways Terraform
 * declares them: inline `ingress`/`egress` blocks of aws_security_group, aws_security_group_rule,
 * and aws_vpc_security_group_{ingress,egress}_rule (the form our stack uses).
 */
import type { Resource } from '../model/resource.js';
import { isUnknown, type Unknown, type Value } from '../model/value.js';
import { perResource } from './memo.js';
import { follow, isDeletedOnly, referrers } from './refs.js';
import type { RuleContext } from './types.js';
import { asNumber, blocksOf, isTrue, list, read, readSet } from './values.js';

export const SG_TYPES = ['aws_security_group', 'aws_default_security_group'];
export const SG_RULE_TYPES = [
  'aws_security_group',
  'aws_default_security_group',
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
];

export interface Permission {
  direction: 'ingress' | 'egress';
  /** The security group(s) the permission belongs to (the group itself for inline blocks). */
  owners: Resource[];
  /** True when the owning group cannot be resolved in the model. */
  ownerUnresolved: boolean;
  /** Attribute path of the permission in the judged resource (`ingress.0`, or '' for a rule resource). */
  path: string;
  /** `tcp`, `udp`, `icmp`, `all`, another protocol name or number; Unknown before apply. */
  protocol: string | Unknown;
  from: number | Unknown;
  to: number | Unknown;
  /** CIDR sources/destinations with their attribute paths. */
  cidrs: { cidr: string | Unknown; path: string }[];
  /** Security groups on the other side (source for ingress, destination for egress). */
  peers: Resource[];
  /** A peer group is referenced but cannot be resolved in the model. */
  peerUnresolved: boolean;
  self: boolean;
}

const PROTOCOLS: Record<string, string> = { '-1': 'all', all: 'all', '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

export function normaliseProtocol(p: Value | undefined): string | Unknown {
  if (isUnknown(p)) return p;
  const s = String(p ?? '').toLowerCase();
  return PROTOCOLS[s] ?? s;
}

function port(v: Value | undefined, fallback: number): number | Unknown {
  if (isUnknown(v)) return v;
  return asNumber(v) ?? fallback;
}

function cidrList(block: Value | undefined, attrs: string[], basePath: string): Permission['cidrs'] {
  const out: Permission['cidrs'] = [];
  for (const a of attrs) {
    const path = basePath ? `${basePath}.${a}` : a;
    const v = list(read(block, a));
    if (isUnknown(v)) out.push({ cidr: v, path });
    else v.forEach((c, i) => (typeof c === 'string' || isUnknown(c)) && out.push({ cidr: c, path: Array.isArray(read(block, a)) ? `${path}.${i}` : path }));
  }
  return out;
}

/** The permissions one resource declares (inline blocks of a group, or the rule resource itself). */
export function permissionsOf(r: Resource, ctx: RuleContext): Permission[] {
  // NET-001, NET-002 and NET-007 all read them: compute once per resource per model.
  return perResource(ctx, 'permissions', r, () => computePermissions(r, ctx));
}

function computePermissions(r: Resource, ctx: RuleContext): Permission[] {
  if (r.type === 'aws_security_group' || r.type === 'aws_default_security_group') {
    const out: Permission[] = [];
    for (const direction of ['ingress', 'egress'] as const) {
      const bs = blocksOf(r, direction);
      if (isUnknown(bs)) {
        out.push({ direction, owners: [r], ownerUnresolved: false, path: direction, protocol: bs, from: bs, to: bs, cidrs: [], peers: [], peerUnresolved: false, self: false });
        continue;
      }
      for (const b of bs) {
        const protocol = normaliseProtocol(b.value.protocol);
        const sgRefs = list(b.value.security_groups);
        const peers = follow(ctx, r, `${b.path}.security_groups`, SG_TYPES);
        const declared = isUnknown(sgRefs) ? 1 : sgRefs.length;
        out.push({
          direction,
          owners: [r],
          ownerUnresolved: false,
          path: b.path,
          protocol,
          from: port(b.value.from_port, 0),
          to: port(b.value.to_port, 65535),
          cidrs: cidrList(b.value, ['cidr_blocks', 'ipv6_cidr_blocks'], b.path),
          peers,
          peerUnresolved: peers.length < declared,
          self: isTrue(b.value.self),
        });
      }
    }
    return out;
  }
  const owners = follow(ctx, r, 'security_group_id', SG_TYPES);
  if (r.type === 'aws_security_group_rule') {
    const type = read(r.values, 'type');
    const peers = follow(ctx, r, 'source_security_group_id', SG_TYPES);
    // Only a present value names a peer: a reference without one is an untaken conditional branch.
    const hasPeer = read(r.values, 'source_security_group_id') != null;
    return [
      {
        direction: type === 'egress' ? 'egress' : 'ingress',
        owners,
        ownerUnresolved: owners.length === 0,
        path: '',
        protocol: normaliseProtocol(r.values.protocol),
        from: port(r.values.from_port, 0),
        to: port(r.values.to_port, 65535),
        cidrs: cidrList(r.values, ['cidr_blocks', 'ipv6_cidr_blocks'], ''),
        peers,
        peerUnresolved: hasPeer && peers.length === 0,
        self: isTrue(r.values.self),
      },
    ];
  }
  // aws_vpc_security_group_{ingress,egress}_rule: one CIDR or one referenced group per rule.
  const peers = follow(ctx, r, 'referenced_security_group_id', SG_TYPES);
  const hasPeer = read(r.values, 'referenced_security_group_id') != null;
  const protocol = normaliseProtocol(r.values.ip_protocol);
  const cidrs: Permission['cidrs'] = [];
  for (const a of ['cidr_ipv4', 'cidr_ipv6']) {
    const v = read(r.values, a);
    if (typeof v === 'string' || isUnknown(v)) cidrs.push({ cidr: v, path: a });
  }
  return [
    {
      direction: r.type === 'aws_vpc_security_group_egress_rule' ? 'egress' : 'ingress',
      owners,
      ownerUnresolved: owners.length === 0,
      path: '',
      protocol,
      from: protocol === 'all' ? 0 : port(r.values.from_port, 0),
      to: protocol === 'all' ? 65535 : port(r.values.to_port, 65535),
      cidrs,
      peers,
      peerUnresolved: hasPeer && peers.length === 0,
      self: false,
    },
  ];
}

export const WORLD = new Set(['0.0.0.0/0', '::/0']);

/** Does the permission cover `port` on `proto`? `unknown` when its protocol or range is unknown. */
export function covers(p: Permission, proto: 'tcp' | 'udp', portNo: number): boolean | 'unknown' {
  if (isUnknown(p.protocol)) return 'unknown';
  if (p.protocol !== 'all' && p.protocol !== proto) return false;
  if (p.protocol === 'all') return true;
  if (isUnknown(p.from) || isUnknown(p.to)) return 'unknown';
  // -1/-1 or 0/0 with a port protocol means every port only for `all`; here a literal range.
  return p.from <= portNo && portNo <= p.to;
}

export function describePermission(p: Permission): string {
  const proto = isUnknown(p.protocol) ? '?' : p.protocol;
  if (proto === 'all') return 'all traffic';
  if (proto === 'icmp' || proto === 'icmpv6') return `${proto} type ${isUnknown(p.from) ? '?' : p.from}`;
  const from = isUnknown(p.from) ? '?' : p.from;
  const to = isUnknown(p.to) ? '?' : p.to;
  return from === to ? `${from}/${proto}` : `${from}-${to}/${proto}`;
}

// ---- subnets and routes ----------------------------------------------------------------------

export type InternetRoute = 'igw' | 'nat' | 'egress-only-igw';

/**
 * The internet routes of a route table (inline `route` blocks and aws_route resources), each with
 * the gateway kind; `unknown` when a gateway cannot be told apart before apply.
 */
export function internetRoutes(rt: Resource, ctx: RuleContext): { kinds: Set<InternetRoute>; unknown: string[] } {
  const kinds = new Set<InternetRoute>();
  const unknown: string[] = [];
  const judge = (owner: Resource, base: string, values: Value) => {
    const gw = read(values, 'gateway_id');
    const nat = read(values, 'nat_gateway_id');
    const eigw = read(values, 'egress_only_gateway_id');
    const pathOf = (a: string) => (base ? `${base}.${a}` : a);
    const hit = (a: string, v: Value | undefined, types: string[], prefix: string, kind: InternetRoute) => {
      if (v === undefined || v === null || v === '') {
        if (!owner.references.some((x) => x.attribute === pathOf(a))) return;
      }
      if (typeof v === 'string' && v.startsWith(prefix)) return kinds.add(kind);
      if (follow(ctx, owner, pathOf(a), types).length > 0) return kinds.add(kind);
      if (isUnknown(v)) unknown.push(`${owner.address} ${pathOf(a)}`);
    };
    hit('gateway_id', gw, ['aws_internet_gateway'], 'igw-', 'igw');
    hit('nat_gateway_id', nat, ['aws_nat_gateway'], 'nat-', 'nat');
    hit('egress_only_gateway_id', eigw, ['aws_egress_only_internet_gateway'], 'eigw-', 'egress-only-igw');
  };
  const inline = blocksOf(rt, 'route');
  if (isUnknown(inline)) unknown.push(`${rt.address} route`);
  else inline.forEach((b) => judge(rt, b.path, b.value));
  for (const route of referrers(ctx, rt, ['aws_route'], 'route_table_id')) judge(route, '', route.values);
  return { kinds, unknown };
}

/**
 * Route tables that serve a subnet: its explicit associations, else the VPC's main route table
 * when the model manages it (aws_main_route_table_association / aws_default_route_table).
 */
export function routeTablesOf(subnet: Resource, ctx: RuleContext): { tables: Resource[]; via: 'association' | 'main' | 'none' } {
  const assocs = referrers(ctx, subnet, ['aws_route_table_association'], 'subnet_id');
  const tables = assocs.flatMap((a) => follow(ctx, a, 'route_table_id', ['aws_route_table', 'aws_default_route_table']));
  if (tables.length > 0) return { tables, via: 'association' };
  const vpcs = follow(ctx, subnet, 'vpc_id', ['aws_vpc']);
  const main: Resource[] = [];
  for (const vpc of vpcs) {
    for (const m of referrers(ctx, vpc, ['aws_main_route_table_association'], 'vpc_id')) {
      main.push(...follow(ctx, m, 'route_table_id', ['aws_route_table']));
    }
    for (const d of referrers(ctx, vpc, ['aws_default_route_table'], 'vpc_id')) main.push(d);
    for (const d of ctx.index.ofType('aws_default_route_table')) {
      if (follow(ctx, d, 'default_route_table_id', ['aws_vpc']).includes(vpc)) main.push(d);
    }
  }
  return main.length > 0 ? { tables: [...new Set(main)], via: 'main' } : { tables: [], via: 'none' };
}

export interface SubnetInternet {
  kinds: Set<InternetRoute>;
  unknown: string[];
  via: 'association' | 'main' | 'none';
}

/** Internet routes reaching a subnet, as one summary (once per subnet per model: NET-004 and NET-005 share subnets). */
export function subnetInternet(subnet: Resource, ctx: RuleContext): SubnetInternet {
  return perResource(ctx, 'subnet-internet', subnet, () => computeSubnetInternet(subnet, ctx));
}

function computeSubnetInternet(subnet: Resource, ctx: RuleContext): SubnetInternet {
  const { tables, via } = routeTablesOf(subnet, ctx);
  const kinds = new Set<InternetRoute>();
  const unknown: string[] = [];
  for (const t of tables) {
    if (isDeletedOnly(t)) continue;
    const r = internetRoutes(t, ctx);
    r.kinds.forEach((k) => kinds.add(k));
    unknown.push(...r.unknown);
  }
  return { kinds, unknown, via };
}

/**
 * The subnet an instance is placed in: the subnet resource, `default-vpc` when no subnet_id is set
 * (the instance lands in the default VPC's default subnet: public IP, IGW route), or `unresolved`
 * when the subnet is not in the model. NET-003 and NET-004 both start here.
 */
export function instanceSubnet(instance: Resource, ctx: RuleContext): Resource | 'default-vpc' | 'unresolved' {
  const subnets = follow(ctx, instance, 'subnet_id', ['aws_subnet', 'aws_default_subnet']);
  if (subnets.length > 0) return subnets[0];
  return readSet(instance, 'subnet_id') === undefined ? 'default-vpc' : 'unresolved';
}

/** Distinct availability zones of subnets; `unknown` lists subnets whose zone is not known. */
export function zonesOf(subnets: Resource[]): { zones: Set<string>; unknown: string[] } {
  const zones = new Set<string>();
  const unknown: string[] = [];
  for (const s of subnets) {
    const az = read(s.values, 'availability_zone');
    const azId = read(s.values, 'availability_zone_id');
    if (typeof az === 'string' && az !== '') zones.add(az);
    else if (typeof azId === 'string' && azId !== '') zones.add(azId);
    else unknown.push(s.address);
  }
  return { zones, unknown };
}
