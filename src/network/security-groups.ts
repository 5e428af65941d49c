/**
 * Security groups and their rules, from the one permission reader (permissions.ts): peers by CIDR,
 * referenced group, self, prefix list (its entries when the list is in the model with known
 * entries), an IPv6 CIDR, or an address that is a resource attribute (`"${aws_eip.x.public_ip}/32"`,
 * matched symbolically against the endpoint that holds it). A CIDR list unknown as a whole is an
 * unknown peer, never none; a rule whose group cannot be resolved may be any group's.
 */
import type { Resource } from '../model/resource.js';
import { isObjectValue, isUnknown, type Unknown, type Value } from '../model/value.js';
import { parseCidr } from './cidr.js';
import { BuildContext, list, loc, ref } from './context.js';
import { permissionRange, readPermissions, SG_TYPES, type Permission } from './permissions.js';
import { ALL_PORTS, range, type PortSet } from './ports.js';
import type { Network, Peer, RuleProtocol, RuleRef, SecurityGroup, SgRule } from './types.js';

/** Attributes whose value is one address (so `"${R.attr}/32"` is exactly that address). */
const ADDRESS_ATTRIBUTES = new Set(['public_ip', 'private_ip']);

export function ruleProtocol(p: string | Unknown): RuleProtocol {
  if (isUnknown(p)) return 'unknown';
  return p === 'all' || p === 'tcp' || p === 'udp' || p === 'icmp' || p === 'icmpv6' ? p : 'other';
}

export function rulePorts(p: Permission): PortSet | 'unknown' {
  const r = permissionRange(p);
  if (r === 'unknown') return 'unknown';
  return r.from === 0 && r.to === 65535 ? ALL_PORTS : range(r.from, r.to);
}

/** `"${R.attr}/32"` (or R.attr itself) for an address attribute: the symbol `R.attr`. */
export function addressSymbol(u: Unknown): string | undefined {
  const s = u.domain?.segments;
  if (!s || s.length === 0 || s.length > 2 || s[0].kind !== 'symbol') return undefined;
  if (s.length === 2 && !(s[1].kind === 'literal' && s[1].text === '/32')) return undefined;
  const o = s[0].origin;
  return ADDRESS_ATTRIBUTES.has(o.attribute) ? `${o.address}.${o.attribute}` : undefined;
}

function v4Peer(c: string | Unknown, what: string): Peer {
  if (isUnknown(c)) {
    const symbol = addressSymbol(c);
    if (symbol) return { kind: 'address-of', symbol, text: `${symbol}/32` };
    return { kind: 'unknown', reason: `${what} is unknown until apply (${c.reason})` };
  }
  const p = parseCidr(c);
  return p ? { kind: 'cidr', cidr: p } : { kind: 'unknown', reason: `${what} = ${JSON.stringify(c)} is not an IPv4 CIDR` };
}

/** The entries of a managed prefix list in the model, when every one is known. */
function prefixListEntries(ctx: BuildContext, list_: Resource): { v4: string[]; v6: string[] } | undefined {
  const entries: Value[] = [...list(list_.values.entry)];
  for (const e of ctx.index.ofType('aws_ec2_managed_prefix_list_entry')) {
    if (ctx.resolve(e, 'prefix_list_id', ['aws_ec2_managed_prefix_list']).found.includes(list_)) entries.push(e.values);
  }
  const v4: string[] = [];
  const v6: string[] = [];
  for (const e of entries) {
    const c = isObjectValue(e) ? e.cidr : undefined;
    if (typeof c !== 'string') return undefined;
    (c.includes(':') ? v6 : v4).push(c);
  }
  return { v4, v6 };
}

/** A permission as the evaluator reads it (`self` of a rule resource is filled in per owner). */
export function toRule(ctx: BuildContext, p: Permission, self?: string): SgRule {
  const r = p.resource;
  const peers: Peer[] = [];
  for (const c of p.cidrs) peers.push(c.family === 4 ? v4Peer(c.cidr, c.path) : { kind: 'ipv6', text: isUnknown(c.cidr) ? '(IPv6, known after apply)' : c.cidr });
  for (const u of p.cidrListsUnknown) {
    peers.push(u.family === 4 ? { kind: 'unknown', reason: `${u.path} is unknown until apply (${u.value.reason})` } : { kind: 'ipv6', text: '(IPv6, known after apply)' });
  }
  for (const pl of p.prefixLists) {
    const entries = pl.list ? prefixListEntries(ctx, pl.list) : undefined;
    if (entries) {
      for (const c of entries.v4) peers.push(v4Peer(c, `${pl.list!.address} entry`));
      for (const c of entries.v6) peers.push({ kind: 'ipv6', text: c });
    } else peers.push({ kind: 'prefix-list', id: pl.list?.address ?? (isUnknown(pl.id) ? '(known after apply)' : pl.id) });
  }
  if (p.self && self) peers.push({ kind: 'sg', sg: self });
  for (const g of p.peers) peers.push({ kind: 'sg', sg: g.address });
  for (const u of p.peerUnresolved) peers.push({ kind: 'unknown', reason: u });
  if (p.unknownList) {
    const from = p.unknownList.origins.filter((o) => o.address !== r.address).map((o) => `${o.address}.${o.attribute}`);
    const what = `${p.direction} is unknown until apply (${p.unknownList.reason}${from.length ? `; from ${from.join(', ')}` : ''})`;
    return { direction: p.direction, protocol: 'unknown', ports: 'unknown', peers: [{ kind: 'unknown', reason: what }], ref: ref(r, what, p.direction) };
  }
  const protocol = ruleProtocol(p.protocol);
  return { direction: p.direction, protocol, ports: protocol === 'all' ? ALL_PORTS : rulePorts(p), peers, ref: ref(r, p.what, p.path || undefined) };
}

export interface SecurityGroups {
  sgs: Map<string, SecurityGroup>;
  orphanRules: Network['orphanRules'];
  /** The VPC's default security group (managed, else AWS's: all from itself, all out). */
  defaultSgOf(vpc: string | undefined): string | undefined;
}

export function readSecurityGroups(ctx: BuildContext): SecurityGroups {
  const sgs = new Map<string, SecurityGroup>();
  const orphanRules: Network['orphanRules'] = { ingress: [], egress: [] };
  for (const r of ctx.index.ofType(...SG_TYPES)) {
    const sg: SecurityGroup = { address: r.address, vpc: ctx.vpcOf(r), name: typeof r.values.name === 'string' ? r.values.name : undefined, ingress: [], egress: [] };
    for (const p of readPermissions(ctx.index, r)) sg[p.direction].push(toRule(ctx, p, r.address));
    sgs.set(r.address, sg);
  }
  for (const r of ctx.index.ofType('aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule')) {
    for (const p of readPermissions(ctx.index, r)) {
      if (p.owners.length === 0) {
        // It belongs to some group: every group may have it (possible, never certain).
        ctx.notes.push(`${r.address}: its security group could not be resolved (${p.ownerUnresolved.join('; ') || 'no reference'}); counted as possibly any group's rule`);
        orphanRules[p.direction].push(toRule(ctx, p));
        continue;
      }
      // `self` on a separate rule means the group the rule belongs to
      for (const owner of p.owners) sgs.get(owner.address)?.[p.direction].push(toRule(ctx, p, owner.address));
    }
  }
  const defaults = new Map<string, string>();
  for (const r of ctx.index.ofType('aws_default_security_group')) {
    const v = ctx.vpcOf(r);
    if (v) defaults.set(v, r.address);
  }
  const defaultSgOf = (vpc: string | undefined): string | undefined => {
    if (!vpc) return undefined;
    const known = defaults.get(vpc);
    if (known) return known;
    const address = `${vpc} (default security group)`;
    const rr: RuleRef = { address: vpc, what: 'AWS default security group (not managed by this configuration)', location: loc(ctx.index.get(vpc)) };
    sgs.set(address, {
      address,
      vpc,
      ingress: [{ direction: 'ingress', protocol: 'all', ports: ALL_PORTS, peers: [{ kind: 'sg', sg: address }], ref: rr }],
      egress: [{ direction: 'egress', protocol: 'all', ports: ALL_PORTS, peers: [{ kind: 'cidr', cidr: parseCidr('0.0.0.0/0')! }], ref: rr }],
    });
    defaults.set(vpc, address);
    return address;
  };
  return { sgs, orphanRules, defaultSgOf };
}

