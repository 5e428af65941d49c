/**
 * Where an endpoint sits: its subnets and security groups (resolved element by element; none given
 * → the VPC's default group), its address space (its subnets' ranges, or a known private IP), its
 * public IP (set explicitly, else its subnet's map_public_ip_on_launch) and labels from its tags.
 */
import type { Resource } from '../model/resource.js';
import type { Value } from '../model/value.js';
import { isUnknown } from '../model/value.js';
import { parseCidr, type Cidr } from './cidr.js';
import { BuildContext, isCidr, ref, tagsOf } from './context.js';
import { SG_TYPES } from './permissions.js';
import type { SecurityGroups } from './security-groups.js';
import type { AddressSpace, Endpoint, EndpointKind, RuleRef, Subnet } from './types.js';

export interface Placed {
  list: Subnet[];
  unknown?: string;
  /** The VPC of the subnets: of the ones found, else of every candidate when they agree (one of several subnets, all in one VPC). */
  vpc?: string;
}

export class Placement {
  /** One AddressSpace object per distinct address set, so evaluation caches can key on identity. */
  private readonly spaces = new Map<string, AddressSpace>();

  constructor(
    readonly ctx: BuildContext,
    readonly subnets: Map<string, Subnet>,
    readonly groups: SecurityGroups,
  ) {}

  subnetsOf(r: Resource, attr: string): Placed {
    if (!this.ctx.configured(r, attr)) return { list: [], unknown: `${attr} is not set` };
    const { found, unresolved, candidates } = this.ctx.resolve(r, attr, ['aws_subnet']);
    const l = found.map((s) => this.subnets.get(s.address)!).filter(Boolean);
    const vpcs = new Set((l.length ? l : candidates.map((c) => this.subnets.get(c.address)).filter((x): x is Subnet => !!x)).map((x) => x.vpc));
    return { list: l, unknown: unresolved.length ? unresolved.join('; ') : l.length ? undefined : `${attr} resolves to no subnet of this model`, vpc: vpcs.size === 1 ? [...vpcs][0] : undefined };
  }

  /** The subnets of the subnet group `attr` names (RDS, ElastiCache). */
  groupSubnets(r: Resource, attr: string, groupType: string): Placed {
    const g = this.ctx.resolve(r, attr, [groupType]).found[0];
    if (!g) return { list: [], unknown: `${attr} resolves to no ${groupType} of this model` };
    return this.subnetsOf(g, 'subnet_ids');
  }

  /** Security groups from the first of `attrs` that is set (several: their union); none set → the VPC default. */
  sgsOf(r: Resource, attrs: string[], vpc: string | undefined): { sgs: string[]; unknown: string[] } {
    const out: string[] = [];
    const unknown: string[] = [];
    let declared = false;
    for (const a of attrs) {
      if (!this.ctx.configured(r, a)) continue;
      declared = true;
      const { found, unresolved } = this.ctx.resolve(r, a, SG_TYPES);
      for (const f of found) out.push(f.address);
      unknown.push(...unresolved);
    }
    if (!declared) {
      // Not given: AWS attaches the VPC's default security group.
      const d = this.groups.defaultSgOf(vpc);
      if (d) out.push(d);
    }
    return { sgs: [...new Set(out)], unknown };
  }

  /** The fields every VPC endpoint has: who it is, where it is, which security groups it carries. */
  placed(r: Resource, kind: EndpointKind, s: Placed, g: { sgs: string[]; unknown: string[] }) {
    return {
      key: r.address,
      kind,
      ...tagsOf(r),
      resource: r,
      vpc: s.vpc ?? this.ctx.onlyVpc(),
      subnets: s.list,
      subnetsUnknown: s.unknown,
      sgs: g.sgs,
      sgsUnknown: g.unknown,
      ipv6: s.list.some((x) => x.ipv6) ? ('maybe' as const) : undefined,
    };
  }

  canonical(a: AddressSpace): AddressSpace {
    const k = a.kind === 'cidrs' ? a.cidrs.map((c) => c.text).join(',') : a.kind === 'unknown' || a.kind === 'public' ? `${a.kind}?${a.reason}?${a.kind === 'public' ? (a.addresses ?? []).map((x) => x.join('=')).join(',') : ''}` : 'internet';
    let c = this.spaces.get(k);
    if (!c) this.spaces.set(k, (c = a));
    return c;
  }

  addrOf(subs: Subnet[], unknown: string | undefined, ip?: Value): AddressSpace {
    return this.canonical(addrOfRaw(subs, unknown, ip));
  }

  /** A public IP from an explicit setting, else from the subnet (map_public_ip_on_launch). */
  publicIpOf(setting: Value | undefined, settingRef: RuleRef | undefined, what: string, s: Placed, configured = true): Endpoint['publicIp'] {
    // A plan's computed value the configuration does not set: the subnet decides.
    if (isUnknown(setting) && !configured) setting = undefined;
    if (setting === true) return { value: 'yes', ref: settingRef, note: `${what} = true` };
    if (setting === false) return { value: 'no', ref: settingRef, note: `${what} = false` };
    if (isUnknown(setting)) return { value: 'maybe', ref: settingRef, note: `${what} is unknown until apply` };
    if (!s.list.length) return { value: 'maybe', note: `whether it gets a public IP is unknown (its subnet is unknown)` };
    const mps = s.list.map((x) => x.mapPublicIp);
    const sr = ref(s.list[0].resource, 'map_public_ip_on_launch', 'map_public_ip_on_launch');
    if (mps.every((m) => m === false)) return { value: 'no', ref: sr, note: `no public IP (${what} unset, subnet map_public_ip_on_launch = false)` };
    if (mps.every((m) => m === true)) return { value: 'yes', ref: sr, note: 'its subnet has map_public_ip_on_launch = true' };
    return { value: 'maybe', ref: sr, note: 'whether it gets a public IP is unknown until apply (its subnets differ or are unknown)' };
  }
}

function addrOfRaw(subs: Subnet[], unknown: string | undefined, ip?: Value): AddressSpace {
  if (typeof ip === 'string' && parseCidr(ip)) return { kind: 'cidrs', cidrs: [parseCidr(ip)!] };
  if (unknown && subs.length === 0) return { kind: 'unknown', reason: unknown };
  const cidrs: Cidr[] = [];
  for (const s of subs) {
    if (!isCidr(s.cidr)) return { kind: 'unknown', reason: s.cidr.unknown };
    cidrs.push(s.cidr);
  }
  return cidrs.length ? { kind: 'cidrs', cidrs } : { kind: 'unknown', reason: unknown ?? 'no subnet' };
}
