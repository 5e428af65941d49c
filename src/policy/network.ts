/**
 * What the NET-* rules read about networks: security-group permissions (through the network
 * model's one reader, src/network/permissions.ts), subnets and their internet routes (the network model's route tables).
 */
import { configuredState } from '../model/refs.js';
import type { Resource } from '../model/resource.js';
import { isUnknown, type Value } from '../model/value.js';
import { BuildContext } from '../network/context.js';
import { launchPublicIp, launchSettings, type LaunchSettings } from '../network/hosts.js';
import { buildNetwork, type Network } from '../network/index.js';
import { permissionRange, readPermissions, type Permission } from '../network/permissions.js';
import { perResource } from './memo.js';
import { follow } from './refs.js';
import type { RuleContext } from './types.js';
import { read } from './values.js';

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

export interface SubnetInternet {
  kinds: Set<InternetRoute>;
  /** Routes whose target (or whose table) is not known before apply, with the reason. */
  unknown: string[];
  via: 'association' | 'main' | 'none';
}

/** The network model of the judged stack (src/network), built once per model for the NET-* rules. */
export function networkOf(ctx: RuleContext): Network {
  return ctx.memo('network-model', () => buildNetwork(ctx.index));
}

/**
 * The gateways a subnet's routes lead to (any destination), read from the network model's route
 * table of the subnet (its association, else the VPC main table): the one reading of routes that
 * the reachability analysis uses too.
 */
export function subnetInternet(subnet: Resource, ctx: RuleContext): SubnetInternet {
  return perResource(ctx, 'subnet-internet', subnet, () => {
    const s = networkOf(ctx).subnets.get(subnet.address);
    const kinds = new Set<InternetRoute>();
    const unknown: string[] = [];
    if (!s) return { kinds, unknown: [`${subnet.address} is not a subnet of the network model`], via: 'none' };
    for (const r of s.routeTable?.routes ?? []) {
      const t = r.target;
      if (t.kind === 'igw') kinds.add('igw');
      else if (t.kind === 'nat') kinds.add('nat');
      else if (t.kind === 'other' && t.egressOnly) kinds.add('egress-only-igw');
      else if (t.kind === 'unknown') unknown.push(`${formatRuleRef(r.ref)}: ${t.reason}`);
    }
    if (s.routesUncertain) unknown.push(s.routesUncertain);
    const via = s.routeTableVia === 'association' ? 'association' : s.routeTable ? 'main' : 'none';
    return { kinds, unknown, via };
  });
}

function formatRuleRef(r: { address: string; what: string }): string {
  return `${r.address} ${r.what}`;
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

// ---- what EC2 launches with ------------------------------------------------------------------

/** The types whose instances NET-003 judges; each names its subnets in `placementAttribute`. */
export const LAUNCHER_TYPES = ['aws_instance', 'aws_spot_instance_request', 'aws_autoscaling_group'];
export const LAUNCH_TEMPLATE_TYPES = ['aws_launch_template', 'aws_launch_configuration'];

/**
 * The launch template or configuration an instance or ASG launches from, and its public-IP setting
 * (the network model's one reader, src/network/hosts.ts). A plan's computed setting the
 * configuration does not write is "not set" (the subnet decides).
 */
export function launchSettingsOf(r: Resource, ctx: RuleContext): LaunchSettings {
  return perResource(ctx, 'launch-settings', r, () => {
    const ls = launchSettings(ctx.memo('build-context', () => new BuildContext(ctx.index)), r);
    return ls.source ? { ...ls, publicIp: publicIpSetting(ls.source) } : ls;
  });
}

/** A launch template's or configuration's own public-IP setting; a plan's computed value the configuration does not write is not set. */
export function publicIpSetting(source: Resource): { value: Value | undefined; path: string } {
  const p = launchPublicIp(source);
  return p.path && isUnknown(p.value) && configuredState(source, p.path) === 'no' ? { ...p, value: undefined } : p;
}

/** Launch template / configuration address → the instances and ASGs of the model that launch from it. */
export function launchersOf(template: Resource, ctx: RuleContext): Resource[] {
  const table = ctx.memo('launchers', () => {
    const m = new Map<string, Resource[]>();
    for (const r of ctx.index.ofType(...LAUNCHER_TYPES)) {
      const src = launchSettingsOf(r, ctx).source;
      if (src) m.set(src.address, [...(m.get(src.address) ?? []), r]);
    }
    return m;
  });
  return table.get(template.address) ?? [];
}
