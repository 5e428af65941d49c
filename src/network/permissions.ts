/**
 * Security-group permissions, read once from the three ways Terraform declares them: inline
 * `ingress`/`egress` blocks of aws_security_group / aws_default_security_group,
 * aws_security_group_rule, and aws_vpc_security_group_{ingress,egress}_rule. The network model
 * (src/network/security-groups.ts) and the NET-* rules (src/policy/network.ts) both read these, so
 * they cannot disagree on which group owns a rule, which protocol it means (ICMP included) or
 * which peer it names.
 */
import type { ModelIndex } from '../model/query.js';
import { isConfigured, resolveRefs, type Resolved } from '../model/refs.js';
import type { Resource } from '../model/resource.js';
import { getPath, isObjectValue, isUnknown, type Unknown, type Value } from '../model/value.js';

export const SG_TYPES = ['aws_security_group', 'aws_default_security_group'];
export const SG_RULE_TYPES = [...SG_TYPES, 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'];
export const PREFIX_LIST_TYPES = ['aws_ec2_managed_prefix_list'];

export interface PermissionCidr {
  cidr: string | Unknown;
  family: 4 | 6;
  /** Attribute path in the declaring resource (`ingress.0.cidr_blocks.1`, `cidr_ipv4`). */
  path: string;
}

export interface Permission {
  direction: 'ingress' | 'egress';
  /** The resource that declares it (the group for inline blocks, else the rule resource). */
  resource: Resource;
  /** Attribute path of the permission in `resource` (`ingress.0`, or '' for a rule resource). */
  path: string;
  /** `ingress[0] "why"`, `egress rule "why"`: how a report names it. */
  what: string;
  /** The security group(s) it belongs to (the group itself for inline blocks). */
  owners: Resource[];
  /** Why the owner is not (certainly) known; with `ownerCandidates` when it is one of several. */
  ownerUnresolved: string[];
  ownerCandidates: Resource[];
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `all`, another protocol name or number; Unknown before apply. */
  protocol: string | Unknown;
  from: number | Unknown | undefined;
  to: number | Unknown | undefined;
  cidrs: PermissionCidr[];
  /** A CIDR attribute unknown as a whole (a list known after apply): its path and value. */
  cidrListsUnknown: { path: string; value: Unknown; family: 4 | 6 }[];
  /** Prefix lists it names: the resolved list resource, else the raw id. */
  prefixLists: { path: string; list?: Resource; id: string | Unknown }[];
  /** Security groups on the other side (source for ingress, destination for egress). */
  peers: Resource[];
  /** Why a named peer group could not be resolved (one reason per unresolved element). */
  peerUnresolved: string[];
  peerCandidates: Resource[];
  self: boolean;
  /** An inline rule list configured but unknown until apply (a dynamic block over an unknown). */
  unknownList?: Unknown;
}

const PROTOCOLS: Record<string, string> = { '-1': 'all', all: 'all', '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

/** The protocol as the reports say it: tcp, udp, icmp, icmpv6, all, or the name/number given. */
export function normaliseProtocol(p: Value | undefined): string | Unknown {
  if (isUnknown(p)) return p;
  const s = String(p ?? '').toLowerCase();
  return PROTOCOLS[s] ?? s;
}

function port(v: Value | undefined): number | Unknown | undefined {
  if (isUnknown(v)) return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

function descr(d: Value | undefined): string {
  return typeof d === 'string' && d !== '' ? ` "${d}"` : '';
}

/** CIDRs of a list attribute (`cidr_blocks`) or a single one (`cidr_ipv4`: an unknown is one CIDR). */
function cidrs(block: Value | undefined, attr: string, family: 4 | 6, base: string, out: Permission, single = false): void {
  const path = base ? `${base}.${attr}` : attr;
  const v = getPath(block ?? null, attr);
  if (v === undefined || v === null || v === '') return;
  if (isUnknown(v) && single) return void out.cidrs.push({ cidr: v, family, path });
  if (isUnknown(v)) return void out.cidrListsUnknown.push({ path, value: v, family });
  if (Array.isArray(v)) v.forEach((c, i) => (typeof c === 'string' || isUnknown(c)) && out.cidrs.push({ cidr: c, family, path: `${path}.${i}` }));
  else if (typeof v === 'string') out.cidrs.push({ cidr: v, family, path });
}

function prefixLists(index: ModelIndex, r: Resource, block: Value | undefined, attr: string, base: string, out: Permission): void {
  const path = base ? `${base}.${attr}` : attr;
  const v = getPath(block ?? null, attr);
  if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) return;
  const found = resolveRefs(index, r, path, PREFIX_LIST_TYPES).found;
  const ids = Array.isArray(v) ? v : [v];
  ids.forEach((id, i) => {
    if (typeof id !== 'string' && !isUnknown(id)) return;
    const list = found.length === ids.length ? found[i] : found.length === 1 && ids.length === 1 ? found[0] : undefined;
    out.prefixLists.push({ path: Array.isArray(v) ? `${path}.${i}` : path, list, id });
  });
}

function peersOf(index: ModelIndex, r: Resource, path: string, out: Permission): void {
  const x: Resolved = resolveRefs(index, r, path, SG_TYPES);
  out.peers.push(...x.found);
  out.peerUnresolved.push(...x.unresolved);
  out.peerCandidates.push(...(x.ambiguous?.candidates ?? []));
}

function blank(r: Resource, direction: Permission['direction'], path: string, what: string): Permission {
  return {
    direction,
    resource: r,
    path,
    what,
    owners: [],
    ownerUnresolved: [],
    ownerCandidates: [],
    protocol: '',
    from: undefined,
    to: undefined,
    cidrs: [],
    cidrListsUnknown: [],
    prefixLists: [],
    peers: [],
    peerUnresolved: [],
    peerCandidates: [],
    self: false,
  };
}

/** The permissions one resource declares (inline blocks of a group, or the rule resource itself). */
export function readPermissions(index: ModelIndex, r: Resource): Permission[] {
  if (SG_TYPES.includes(r.type)) return inlinePermissions(index, r);
  const isRule = r.type === 'aws_security_group_rule';
  const v = r.values;
  const direction = isRule ? (v.type === 'egress' ? 'egress' : 'ingress') : r.type === 'aws_vpc_security_group_egress_rule' ? 'egress' : 'ingress';
  const p = blank(r, direction, '', `${direction} rule${descr(v.description)}`);
  const owner = resolveRefs(index, r, 'security_group_id', SG_TYPES);
  p.owners = owner.found;
  p.ownerUnresolved = owner.found.length ? [] : owner.unresolved.length ? owner.unresolved : ['security_group_id names no security group of this model'];
  p.ownerCandidates = owner.ambiguous?.candidates ?? [];
  p.protocol = normaliseProtocol(isRule ? v.protocol : v.ip_protocol);
  p.from = port(v.from_port);
  p.to = port(v.to_port);
  if (isRule) {
    cidrs(v, 'cidr_blocks', 4, '', p);
    cidrs(v, 'ipv6_cidr_blocks', 6, '', p);
    prefixLists(index, r, v, 'prefix_list_ids', '', p);
    p.self = v.self === true;
    if (isConfigured(r, 'source_security_group_id')) peersOf(index, r, 'source_security_group_id', p);
  } else {
    cidrs(v, 'cidr_ipv4', 4, '', p, true);
    cidrs(v, 'cidr_ipv6', 6, '', p, true);
    prefixLists(index, r, v, 'prefix_list_id', '', p);
    // Only a present value names a peer: a reference without one is an untaken conditional branch.
    if (v.referenced_security_group_id !== null && v.referenced_security_group_id !== undefined) peersOf(index, r, 'referenced_security_group_id', p);
  }
  return [p];
}

function inlinePermissions(index: ModelIndex, r: Resource): Permission[] {
  const out: Permission[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const bs = r.values[direction];
    if (isUnknown(bs)) {
      // Not configured (a plan's computed value): terraform creates no inline rules (and removes
      // AWS's default allow-all egress). Configured but unknown: any rule.
      if (!isConfigured(r, direction)) continue;
      const p = blank(r, direction, direction, direction);
      p.owners = [r];
      p.protocol = p.from = p.to = p.unknownList = bs;
      out.push(p);
      continue;
    }
    const blocks = Array.isArray(bs) ? bs : isObjectValue(bs) ? [bs] : [];
    blocks.forEach((b, i) => {
      if (!isObjectValue(b)) return;
      const path = `${direction}.${i}`;
      const p = blank(r, direction, path, `${direction}[${i}]${descr(b.description)}`);
      p.owners = [r];
      p.protocol = normaliseProtocol(b.protocol);
      p.from = port(b.from_port);
      p.to = port(b.to_port);
      cidrs(b, 'cidr_blocks', 4, path, p);
      cidrs(b, 'ipv6_cidr_blocks', 6, path, p);
      prefixLists(index, r, b, 'prefix_list_ids', path, p);
      p.self = b.self === true;
      const sg = b.security_groups;
      if ((Array.isArray(sg) && sg.length) || isUnknown(sg)) peersOf(index, r, `${path}.security_groups`, p);
      out.push(p);
    });
  }
  return out;
}

/** The ports of a permission on its protocol: every port for `all`, a literal range otherwise. */
export function permissionRange(p: Permission): { from: number; to: number } | 'unknown' {
  if (p.protocol === 'all') return { from: 0, to: 65535 };
  if (isUnknown(p.from) || isUnknown(p.to)) return 'unknown';
  const f = p.from;
  const t = p.to;
  if (f === undefined && t === undefined) return { from: 0, to: 65535 };
  if ((f ?? 0) < 0 || (t ?? 0) < 0) return { from: 0, to: 65535 };
  return { from: f ?? t ?? 0, to: t ?? f ?? 65535 };
}
