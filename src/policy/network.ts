/**
 * What the NET-* rules read about networks: security-group permissions (through the network
 * model's one reader, src/network/permissions.ts), subnets and their internet routes.
 */
import { configuredState } from '../model/refs.js';
import type { Resource } from '../model/resource.js';
import { isUnknown, type Value } from '../model/value.js';
import { permissionRange, readPermissions, type Permission } from '../network/permissions.js';
import { perResource } from './memo.js';
import { follow, isDeletedOnly, referrers } from './refs.js';
import type { RuleContext } from './types.js';
import { blocksOf, read } from './values.js';

export { normaliseProtocol, SG_RULE_TYPES, SG_TYPES, type Permission } from '../network/permissions.js';

/** The permissions one resource declares (inline blocks of a group, or the rule resource itself). */
export function permissionsOf(r: Resource, ctx: RuleContext): Permission[] {
  // NET-001, NET-002 and NET-007 all read them: compute once per resource per model.
  return perResource(ctx, 'permissions', r, () => readPermissions(ctx.index, r));
}

export const WORLD = new Set(['0.0.0.0/0', '::/0']);

/** Does the permission cover `port` on `proto`? `unknown` when its protocol or range is unknown. */
export function covers(p: Permission, proto: 'tcp' | 'udp', portNo: number): boolean | 'unknown' {
  if (isUnknown(p.protocol)) return 'unknown';
  if (p.protocol !== 'all' && p.protocol !== proto) return false;
  const r = permissionRange(p);
  if (r === 'unknown') return 'unknown';
  return r.from <= portNo && portNo <= r.to;
}

export function describePermission(p: Permission): string {
  const proto = isUnknown(p.protocol) ? '?' : p.protocol;
  if (proto === 'all') return 'all traffic';
  if (proto === 'icmp' || proto === 'icmpv6') return `${proto} type ${isUnknown(p.from) ? '?' : (p.from ?? -1)}`;
  const r = permissionRange(p);
  if (r === 'unknown') return `?/${proto}`;
  return r.from === r.to ? `${r.from}/${proto}` : `${r.from}-${r.to}/${proto}`;
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
  // A plan's `subnet_id = each.value.subnet_id` is unknown with no resource behind it: set, or null
  // (the default VPC)? Not known, so not the default VPC.
  return configuredState(instance, 'subnet_id') === 'no' ? 'default-vpc' : 'unresolved';
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
