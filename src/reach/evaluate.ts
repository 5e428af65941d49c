/**
 * The flow evaluator: src → dst on a protocol and a set of ports, hop by hop, as AWS decides it.
 *
 * Every hop answers with two port sets: `yes` (certainly let through) and `possible` (let through
 * under some value still unknown before apply; always ⊇ yes). A flow's sets are the intersections
 * over its hops, so a port is allowed (in yes), unknown (possible only) or denied (neither) — never
 * a silent guess. Each hop keeps the rules that let ports through (the witness) and what blocks the
 * rest (the "blocked path": every setting that would have to change).
 */
import { cidrContains, cidrOverlaps, includesPublic, type Cidr } from '../network/cidr.js';
import {
  isCidr,
  type AddressSpace,
  type Certainty,
  type Endpoint,
  type Forward,
  type Listener,
  type Nacl,
  type NaclRule,
  type Network,
  type Peer,
  type Proto,
  type Route,
  type RuleRef,
  type SgRule,
  type Subnet,
  type TargetGroup,
} from '../network/index.js';
import { ALL_PORTS, EPHEMERAL, NO_PORTS, contains, covers, formatPorts, intersect, isEmpty, range, subtract, union, type PortSet } from '../network/ports.js';
import { formatLocation } from '../errors.js';

export type HopKind =
  | 'sg-egress'
  | 'nacl-out'
  | 'route'
  | 'nacl-in'
  | 'sg-ingress'
  | 'listener'
  | 'service-port'
  | 'lb-forward'
  | 'nat-subnet'
  | 'lb-source';

export interface Grant {
  ports: PortSet;
  certain: boolean;
  ref: RuleRef;
  note?: string;
}

export interface Hop {
  kind: HopKind;
  /** `security group egress of staging-web (module.app.aws_instance.web)` */
  title: string;
  yes: PortSet;
  possible: PortSet;
  /** The rules that let ports through (certain or not). */
  grants: Grant[];
  /** Why ports outside `yes` do not pass (rules that deny, or "no rule allows …"). */
  blocked: string[];
  /** What would have to change for the blocked ports to pass. */
  change: string[];
  /** Reasons some ports are only possibly allowed. */
  unknown: string[];
}

export interface Flow {
  from: Endpoint;
  to: Endpoint;
  proto: Proto;
  /** The load balancer the flow goes through, with the listener and forward that carry it. */
  via?: { lb: Endpoint; listener: Listener; forward: Forward; listenerPort: number; targetPort: number };
  /** Sent to the load balancer's public address: the address it arrives from (a NAT gateway's, the host's public IP). */
  arrivesAs?: Endpoint;
  hops: Hop[];
  yes: PortSet;
  possible: PortSet;
}

export type FlowVerdict = 'allowed' | 'denied' | 'unknown';

export function verdictFor(flow: Flow, port: number): FlowVerdict {
  if (contains(flow.yes, port)) return 'allowed';
  if (contains(flow.possible, port)) return 'unknown';
  return 'denied';
}

export function formatRef(r: RuleRef): string {
  const where = r.location ? ` (${formatLocation(r.location)})` : '';
  return `${r.address} ${r.what}${where}`;
}

/**
 * How much to say: a single question explains every hop; the matrix only needs the port sets, so it
 * skips the words and caches hops that depend on subnets and addresses only (NACLs).
 */
export interface EvalOptions {
  explain: boolean;
  cache?: Map<string, Hop>;
  /** Security-group sets compiled for fast matching, by owner SG set + direction + protocol */
  compiled?: Map<string, CompiledSgs>;
}

/** The rules of a set of security groups for one direction and protocol, indexed by peer kind. */
interface CompiledSgs {
  bySg: Map<string, { yes: PortSet; possible: PortSet }>;
  cidrs: { cidr: Cidr; ports: PortSet; certain: boolean }[];
  /** Ports of rules whose peer is unknown (an unknown CIDR, a prefix list) */
  unknownPeers: PortSet;
  /** Rules whose peer is an address named by a resource attribute */
  symbols: { symbol: string; ports: PortSet; certain: boolean }[];
  /** Ports of IPv6 rules (possible when both sides may have IPv6 addresses) */
  ipv6: PortSet;
  /** Every port any rule opens (what an owner with unknown peers' SGs might get) */
  any: PortSet;
  /** A certain rule opens every port to 0.0.0.0/0: every peer address gets every port */
  allToAnywhere: boolean;
  /** CIDR rules evaluated per peer address (endpoints of a subnet share one AddressSpace object) */
  byAddress: Map<AddressSpace, { yes: PortSet; possible: PortSet }>;
}

const keys = new WeakMap<object, string>();
/** Compiled rule sets per owner SG list (the array object of an endpoint, alive as long as the network) */
const compiledByOwner = new WeakMap<readonly string[], Map<string, CompiledSgs>>();
/** Per owner SG list: the four compiled sets for all ports (ingress/egress × tcp/udp) */
const compiledAll = new WeakMap<readonly string[], (CompiledSgs | undefined)[]>();
const naclByPlace = new WeakMap<object, Map<AddressSpace, (Hop | undefined)[]>>();
const naclByPlaceKeyed = new WeakMap<object, Map<string, Hop>>();
function addrKeyOf(a: AddressSpace): string {
  let k = keys.get(a);
  if (k === undefined) keys.set(a, (k = addressKey(a)));
  return k;
}
const portsKey = (p: PortSet) => (p === ALL_PORTS ? 'all' : p.map((x) => x.join('-')).join(','));

const NONE: never[] = [];

/**
 * The rules that may hold for an owner's security groups in one direction: its groups' rules, then
 * the rules whose group could not be resolved (orphans: any group may hold them, never certain).
 */
function ruleGroups(net: Network, sgs: readonly string[], direction: 'ingress' | 'egress'): { rules: readonly SgRule[]; orphan: boolean }[] {
  const groups = sgs.map((g) => ({ rules: net.sgs.get(g)?.[direction] ?? NONE, orphan: false }));
  if (net.orphanRules[direction].length) groups.push({ rules: net.orphanRules[direction], orphan: true });
  return groups;
}

/** The ports a rule may open for a protocol and port set, and whether its protocol and ports are certain. */
function ruleHit(rule: SgRule, proto: Proto, ports: PortSet): { hit: PortSet; protoCertain: boolean; certain: boolean } | undefined {
  if (rule.protocol === 'other') return undefined;
  const protoCertain = rule.protocol === 'all' || rule.protocol === proto;
  if (!protoCertain && rule.protocol !== 'unknown') return undefined;
  const hit = intersect(rule.ports === 'unknown' ? ALL_PORTS : rule.ports, ports);
  return isEmpty(hit) ? undefined : { hit, protoCertain, certain: protoCertain && rule.ports !== 'unknown' };
}

function compileSgs(net: Network, sgs: readonly string[], direction: 'ingress' | 'egress', proto: Proto, ports: PortSet): CompiledSgs {
  const c: CompiledSgs = { bySg: new Map(), cidrs: [], unknownPeers: NO_PORTS, symbols: [], ipv6: NO_PORTS, any: NO_PORTS, allToAnywhere: false, byAddress: new Map() };
  for (const { rules, orphan } of ruleGroups(net, sgs, direction)) {
    for (const rule of rules) {
      const h = ruleHit(rule, proto, ports);
      if (!h) continue;
      const hit = h.hit;
      const certain = !orphan && h.certain;
      for (const p of rule.peers) {
        if (p.kind === 'sg') {
          const e = c.bySg.get(p.sg) ?? { yes: NO_PORTS, possible: NO_PORTS };
          c.bySg.set(p.sg, { yes: certain ? union(e.yes, hit) : e.yes, possible: union(e.possible, hit) });
          c.any = union(c.any, hit);
        } else if (p.kind === 'cidr') {
          c.cidrs.push({ cidr: p.cidr, ports: hit, certain });
          if (certain && p.cidr.bits === 0 && hit === ports) c.allToAnywhere = true;
        } else if (p.kind === 'address-of') c.symbols.push({ symbol: p.symbol, ports: hit, certain });
        else if (p.kind === 'ipv6') c.ipv6 = union(c.ipv6, hit);
        else c.unknownPeers = union(c.unknownPeers, hit);
      }
    }
  }
  return c;
}

/** sgHop without words: the same port sets from the compiled rules (tested equal to sgHop). */
function sgHopFast(net: Network, owner: Endpoint, direction: 'ingress' | 'egress', other: Identity, proto: Proto, ports: PortSet): Hop {
  const s = sgSets(net, owner, direction, other, proto, ports);
  return { kind: ('sg-' + direction) as HopKind, title: '', yes: s.yes, possible: s.possible, grants: NONE, blocked: NONE, change: NONE, unknown: NONE };
}

interface Sets {
  yes: PortSet;
  possible: PortSet;
}

function sgSets(net: Network, owner: Endpoint, direction: 'ingress' | 'egress', other: Identity, proto: Proto, ports: PortSet, _o?: EvalOptions): Sets {
  if (owner.noSecurityGroups) return { yes: ports, possible: ports };
  let c: CompiledSgs | undefined;
  if (ports === ALL_PORTS) {
    let slots = compiledAll.get(owner.sgs);
    if (!slots) compiledAll.set(owner.sgs, (slots = [undefined, undefined, undefined, undefined]));
    const i = (direction === 'ingress' ? 0 : 2) + (proto === 'tcp' ? 0 : 1);
    c = slots[i] ??= compileSgs(net, owner.sgs, direction, proto, ports);
  } else {
    const key = direction + proto + portsKey(ports);
    let perOwner = compiledByOwner.get(owner.sgs);
    if (!perOwner) compiledByOwner.set(owner.sgs, (perOwner = new Map()));
    c = perOwner.get(key);
    if (!c) perOwner.set(key, (c = compileSgs(net, owner.sgs, direction, proto, ports)));
  }
  const addr = other.address;
  if (c.allToAnywhere && addr.kind !== 'unknown' && !owner.sgsUnknown.length) return { yes: ports, possible: ports };
  let byCidr = c.byAddress.get(addr);
  if (!byCidr) {
    let y: PortSet = NO_PORTS;
    let p: PortSet = NO_PORTS;
    for (const r of c.cidrs) {
      const m = cidrVsAddress(r.cidr, other.address).m;
      if (m === 'no') continue;
      p = union(p, r.ports);
      if (m === 'yes' && r.certain) y = union(y, r.ports);
    }
    c.byAddress.set(addr, (byCidr = { yes: y, possible: p }));
  }
  let yes: PortSet = byCidr.yes;
  let possible: PortSet = union(c.unknownPeers, byCidr.possible);
  for (const r of c.symbols) {
    const m = symbolVsAddress(r.symbol, other).m;
    if (m === 'no') continue;
    possible = union(possible, r.ports);
    if (m === 'yes' && r.certain) yes = union(yes, r.ports);
  }
  if (!isEmpty(c.ipv6) && ipv6Matches(owner, other).m !== 'no') possible = union(possible, c.ipv6);
  for (const g of other.sgs) {
    const e = c.bySg.get(g);
    if (e) {
      yes = union(yes, e.yes);
      possible = union(possible, e.possible);
    }
  }
  if (other.sgsUnknown.length) possible = union(possible, c.any);
  if (owner.sgsUnknown.length) possible = ports;
  return { yes, possible: union(possible, yes) };
}
const EXPLAIN: EvalOptions = { explain: true };

/** What a hop sees as the other side of the packet: an address and the security groups it carries. */
interface Identity {
  label: string;
  address: AddressSpace;
  sgs: readonly string[];
  sgsUnknown: readonly string[];
  /** Addresses it holds as resource attributes (`aws_instance.x.private_ip`) */
  symbols?: readonly string[];
  /** Whether it may have an IPv6 address (the internet: yes; absent: no) */
  ipv6?: Certainty;
}

// ---------------------------------------------------------------- matching

export function cidrVsAddress(c: Cidr, a: AddressSpace): { m: Certainty; note?: string } {
  if (a.kind === 'internet') {
    if (c.bits === 0) return { m: 'yes' };
    return includesPublic(c) ? { m: 'yes', note: `only from/to ${c.text}, not the whole internet` } : { m: 'no' };
  }
  if (a.kind === 'unknown') return { m: 'maybe', note: a.reason };
  if (a.kind === 'public') {
    // some public address: inside 0.0.0.0/0, never inside private ranges, else not known before apply
    if (c.bits === 0) return { m: 'yes' };
    return includesPublic(c) ? { m: 'maybe', note: a.reason } : { m: 'no' };
  }
  const inside = a.cidrs.filter((x) => cidrContains(c, x)).length;
  if (inside === a.cidrs.length) return { m: 'yes' };
  if (!a.cidrs.some((x) => cidrOverlaps(c, x))) return { m: 'no' };
  return { m: 'maybe', note: `${c.text} covers only part of ${a.cidrs.map((x) => x.text).join(', ')}` };
}

/**
 * An address that is a resource attribute (`aws_eip.x.public_ip`, `aws_instance.y.private_ip`)
 * against an identity, before apply: the identity that holds that symbol matches it; a public
 * address is never inside private ranges and a private one never on the internet; another public
 * face named by other symbols is another resource's address.
 */
export function symbolVsAddress(symbol: string, other: Identity): { m: Certainty; note?: string } {
  const a = other.address;
  const isPublic = symbol.endsWith('.public_ip');
  if (other.symbols?.includes(symbol)) return { m: 'yes', note: `${other.label} holds ${symbol}` };
  if (a.kind === 'public' && a.addresses?.length) {
    // Distinct resources hold distinct addresses; the aliases of one address name the same one.
    const hits = a.addresses.filter((x) => x.includes(symbol)).length;
    if (hits === a.addresses.length) return { m: 'yes', note: `${other.label} is ${symbol}` };
    return hits ? { m: 'maybe', note: `${symbol} is one of the ${a.addresses.length} addresses of ${other.label}` } : { m: 'no' };
  }
  if (a.kind === 'public') return isPublic ? { m: 'maybe', note: `${symbol} and ${a.reason}` } : { m: 'no' };
  if (a.kind === 'internet') return isPublic ? { m: 'yes', note: `only to ${symbol}/32, not the whole internet` } : { m: 'no' };
  if (a.kind === 'unknown') return { m: 'maybe', note: a.reason };
  if (isPublic) return a.cidrs.some(includesPublic) ? { m: 'maybe', note: `${symbol} is known after apply` } : { m: 'no' };
  return { m: 'maybe', note: `${symbol} is known after apply and may be an address of ${other.label}` };
}

function ipv6Matches(owner: Identity, other: Identity): { m: Certainty; note?: string } {
  if ((owner.ipv6 ?? 'no') === 'no' || (other.ipv6 ?? 'no') === 'no') return { m: 'no' };
  return { m: 'maybe', note: `an IPv6 rule: ${owner.label} and ${other.label} may both have IPv6 addresses, and IPv6 paths are not evaluated hop by hop` };
}

function peerMatches(p: Peer, other: Identity, owner: Identity): { m: Certainty; note?: string } {
  switch (p.kind) {
    case 'cidr':
      return cidrVsAddress(p.cidr, other.address);
    case 'address-of':
      return symbolVsAddress(p.symbol, other);
    case 'sg':
      if (other.sgs.includes(p.sg)) return { m: 'yes', note: `${other.label} carries ${p.sg}` };
      if (other.sgsUnknown.length) return { m: 'maybe', note: `security groups of ${other.label} unknown: ${other.sgsUnknown.join('; ')}` };
      return { m: 'no' };
    case 'unknown':
      return { m: 'maybe', note: p.reason };
    case 'prefix-list':
      return { m: 'maybe', note: `prefix list ${p.id}: its entries are not known to the analysis` };
    case 'ipv6':
      return ipv6Matches(owner, other);
  }
}

const rank: Record<Certainty, number> = { no: 0, maybe: 1, yes: 2 };

// ---------------------------------------------------------------- hops

function sgHop(net: Network, owner: Endpoint, direction: 'ingress' | 'egress', other: Identity, proto: Proto, ports: PortSet, o: EvalOptions = EXPLAIN): Hop {
  if (!o.explain && o.compiled) return sgHopFast(net, owner, direction, other, proto, ports);
  const title = o.explain ? `security group ${direction} of ${owner.label} ${direction === 'ingress' ? 'from' : 'to'} ${other.label}` : '';
  if (owner.noSecurityGroups) {
    return pass('sg-' + direction as HopKind, title, ports, { address: owner.key, what: 'no security groups (network load balancer without security groups filters nothing)' });
  }
  const grants: Grant[] = [];
  const unknown: string[] = [];
  let yes: PortSet = NO_PORTS;
  let possible: PortSet = NO_PORTS;
  for (const { rules, orphan } of ruleGroups(net, owner.sgs, direction)) {
    for (const rule of rules) {
      const h = ruleHit(rule, proto, ports);
      if (!h) continue;
      let best: { m: Certainty; note?: string } = { m: 'no' };
      for (const p of rule.peers) {
        const m = peerMatches(p, other, owner);
        if (rank[m.m] > rank[best.m]) best = m;
        if (best.m === 'yes') break;
      }
      if (best.m === 'no') continue;
      const certain = !orphan && best.m === 'yes' && h.certain;
      const note = orphan ? 'its security group is not known' : best.note;
      grants.push({ ports: h.hit, certain, ref: rule.ref, note });
      possible = union(possible, h.hit);
      if (certain) yes = union(yes, h.hit);
      else if (o.explain) {
        const why = orphan
          ? `its security group is not known (it may be one of ${owner.label}'s)`
          : rule.ports === 'unknown'
            ? 'ports unknown until apply'
            : !h.protoCertain
              ? 'protocol unknown until apply'
              : (best.note ?? 'peer unknown');
        unknown.push(`${formatRef(rule.ref)}: ${why}`);
      }
    }
  }
  if (owner.sgsUnknown.length) {
    possible = ports;
    unknown.push(`security groups of ${owner.label} are not all known: ${owner.sgsUnknown.join('; ')}`);
  }
  const rest = subtract(ports, yes);
  const blocked: string[] = [];
  const change: string[] = [];
  if (o.explain && !isEmpty(rest)) {
    const where = owner.sgs.length ? owner.sgs.join(', ') : '(none)';
    const dir = direction === 'ingress' ? 'from' : 'to';
    blocked.push(`no ${direction} rule of ${where} allows ${proto} ${formatPorts(rest)} ${dir} ${other.label}`);
    change.push(`add an ${direction} rule to ${owner.sgs[0] ?? `a security group of ${owner.label}`} for ${proto} ${formatPorts(rest)} ${dir} ${describeIdentity(other)}`);
  }
  return { kind: ('sg-' + direction) as HopKind, title, yes, possible, grants, blocked, change, unknown };
}

function describeIdentity(i: Identity): string {
  if (i.sgs.length) return `security group ${i.sgs[0]} (or ${addressText(i.address)})`;
  return addressText(i.address);
}

function addressText(a: AddressSpace): string {
  return a.kind === 'internet' ? '0.0.0.0/0' : a.kind === 'cidrs' ? a.cidrs.map((c) => c.text).join(', ') : a.kind === 'public' ? '(public address known after apply)' : '(address unknown)';
}

/** First-match NACL evaluation under one reading of "maybe" matches. */
function naclEval(rules: NaclRule[], peer: AddressSpace, proto: Proto, ports: PortSet, assumeMaybe: boolean) {
  let remaining = ports;
  let allowed: PortSet = NO_PORTS;
  const grants: Grant[] = [];
  const denies: { ports: PortSet; ref: RuleRef }[] = [];
  const notes: string[] = [];
  for (const r of rules) {
    if (isEmpty(remaining)) break;
    if (r.protocol === 'other') continue;
    let pm: Certainty = r.protocol === 'all' || r.protocol === proto ? 'yes' : r.protocol === 'unknown' ? 'maybe' : 'no';
    if (pm === 'no') continue;
    let cm: Certainty;
    if ('ipv6' in r.cidr) cm = 'no';
    else if ('unknown' in r.cidr) {
      cm = 'maybe';
      notes.push(`${formatRef(r.ref)}: ${r.cidr.unknown}`);
    } else {
      const m = cidrVsAddress(r.cidr, peer);
      cm = m.m;
      if (m.m === 'maybe' && m.note) notes.push(`${formatRef(r.ref)}: ${m.note}`);
    }
    if (r.ports === 'unknown') {
      pm = pm === 'yes' ? 'maybe' : pm;
      notes.push(`${formatRef(r.ref)}: ports unknown until apply`);
    }
    const m = rank[cm] < rank[pm] ? cm : pm;
    if (m === 'no' || (m === 'maybe' && !assumeMaybe)) continue;
    const hit = intersect(remaining, r.ports === 'unknown' ? ALL_PORTS : r.ports);
    if (isEmpty(hit)) continue;
    if (r.allow) {
      allowed = union(allowed, hit);
      grants.push({ ports: hit, certain: m === 'yes', ref: r.ref });
    } else denies.push({ ports: hit, ref: r.ref });
    remaining = subtract(remaining, hit);
  }
  return { allowed, grants, denies, remaining, notes };
}

function naclDirection(nacl: Nacl, direction: 'ingress' | 'egress', peer: AddressSpace, proto: Proto, ports: PortSet) {
  const rules = nacl[direction];
  const strict = naclEval(rules, peer, proto, ports, false);
  const loose = naclEval(rules, peer, proto, ports, true);
  return {
    yes: intersect(strict.allowed, loose.allowed),
    possible: union(strict.allowed, loose.allowed),
    grants: strict.grants.length ? strict.grants : loose.grants,
    denies: strict.denies,
    remaining: strict.remaining,
    notes: [...new Set(loose.notes)],
  };
}

/**
 * The NACL of a subnet for a packet leaving (`out`) or entering (`in`) it, plus the reply in the
 * other direction to the ephemeral ports (NACLs are stateless).
 */
function naclHop(subnets: Subnet[], side: 'out' | 'in', peer: Identity, proto: Proto, ports: PortSet, ownerLabel: string, o: EvalOptions = EXPLAIN): Hop {
  if (!o.explain && o.cache) {
    const place = subnets.length === 1 ? subnets[0] : subnets;
    if (ports === ALL_PORTS) {
      let perPlace = naclByPlace.get(place);
      if (!perPlace) naclByPlace.set(place, (perPlace = new Map()));
      let slots = perPlace.get(peer.address);
      if (!slots) perPlace.set(peer.address, (slots = [undefined, undefined, undefined, undefined]));
      const i = (side === 'out' ? 0 : 2) + (proto === 'tcp' ? 0 : 1);
      return (slots[i] ??= naclHopUncached(subnets, side, peer, proto, ports, ownerLabel, o));
    }
    let perPlace = naclByPlaceKeyed.get(place);
    if (!perPlace) naclByPlaceKeyed.set(place, (perPlace = new Map()));
    const key = side + proto + addrKeyOf(peer.address) + '|' + portsKey(ports);
    let hit = perPlace.get(key);
    if (!hit) perPlace.set(key, (hit = naclHopUncached(subnets, side, peer, proto, ports, ownerLabel, o)));
    return hit;
  }
  return naclHopUncached(subnets, side, peer, proto, ports, ownerLabel, o);
}

function addressKey(a: AddressSpace): string {
  return a.kind === 'internet' ? 'internet' : a.kind === 'unknown' || a.kind === 'public' ? `${a.kind}?${a.reason}` : a.cidrs.map((c) => c.text).join(',');
}

function naclHopUncached(subnets: Subnet[], side: 'out' | 'in', peer: Identity, proto: Proto, ports: PortSet, ownerLabel: string, o: EvalOptions): Hop {
  if (!subnets.length) {
    const why = `the subnet of ${ownerLabel} is not known, so neither is its network ACL`;
    return gate(side === 'out' ? 'nacl-out' : 'nacl-in', `network ACL ${side === 'out' ? 'outbound from' : 'inbound to'} ${ownerLabel}'s subnet`, ports, 'maybe', undefined, why, '');
  }
  const first = side === 'out' ? 'egress' : 'ingress';
  const reply = side === 'out' ? 'ingress' : 'egress';
  const title = `network ACL ${side === 'out' ? 'outbound from' : 'inbound to'} ${ownerLabel}'s subnet`;
  let yes: PortSet | undefined;
  let possible: PortSet = NO_PORTS;
  const grants: Grant[] = [];
  const blocked: string[] = [];
  const change: string[] = [];
  const unknown: string[] = [];
  for (const s of subnets) {
    const n = s.nacl;
    const fwd = naclDirection(n, first, peer.address, proto, ports);
    const back = naclDirection(n, reply, peer.address, proto, EPHEMERAL);
    const backYes = covers(back.yes, EPHEMERAL);
    const backPossible = !isEmpty(back.possible);
    // an unresolved NACL association or rule may change this subnet's ACL: nothing is certain
    const sy = backYes && !s.naclUncertain ? fwd.yes : NO_PORTS;
    const sp = s.naclUncertain ? ports : backPossible ? fwd.possible : NO_PORTS;
    if (s.naclUncertain) unknown.push(`network ACL of ${s.address} not certain: ${s.naclUncertain}`);
    yes = yes === undefined ? sy : intersect(yes, sy);
    possible = union(possible, sp);
    grants.push(...fwd.grants.map((g) => ({ ...g, note: `${first} ${proto} ${formatPorts(g.ports)}` })));
    if (backYes) grants.push(...back.grants.map((g) => ({ ...g, ports: ALL_PORTS, note: `${reply} reply to ephemeral ports ${formatPorts(g.ports)}` })));
    unknown.push(...fwd.notes, ...back.notes);
    const fwdBlocked = subtract(ports, fwd.yes);
    if (o.explain && !isEmpty(fwdBlocked)) {
      for (const d of fwd.denies) blocked.push(`${formatRef(d.ref)} denies ${first} ${proto} ${formatPorts(d.ports)} ${side === 'out' ? 'to' : 'from'} ${peer.label} (a lower rule number wins)`);
      if (!isEmpty(fwd.remaining)) blocked.push(`no rule of ${n.address} allows ${first} ${proto} ${formatPorts(fwd.remaining)} ${side === 'out' ? 'to' : 'from'} ${peer.label} (the final * rule denies)`);
      change.push(`${n.address}: allow ${first} ${proto} ${formatPorts(fwdBlocked)} ${side === 'out' ? 'to' : 'from'} ${addressText(peer.address)} with a rule number below any deny that matches`);
    }
    if (o.explain && !backYes) {
      const missing = subtract(EPHEMERAL, back.yes);
      for (const d of back.denies) blocked.push(`${formatRef(d.ref)} denies the ${reply} reply ${proto} ${formatPorts(d.ports)} ${side === 'out' ? 'from' : 'to'} ${peer.label}`);
      blocked.push(`${n.address} does not allow ${reply} replies on ephemeral ports ${formatPorts(missing)} ${side === 'out' ? 'from' : 'to'} ${peer.label} (network ACLs are stateless)`);
      change.push(`${n.address}: allow ${reply} ${proto} 1024-65535 ${side === 'out' ? 'from' : 'to'} ${addressText(peer.address)}`);
    }
  }
  return {
    kind: side === 'out' ? 'nacl-out' : 'nacl-in',
    title,
    yes: yes ?? NO_PORTS,
    possible: union(possible, yes ?? NO_PORTS),
    grants,
    blocked,
    change,
    unknown: [...new Set(unknown)],
  };
}

function pass(kind: HopKind, title: string, ports: PortSet, ref: RuleRef, note?: string): Hop {
  return { kind, title, yes: ports, possible: ports, grants: [{ ports, certain: true, ref, note }], blocked: [], change: [], unknown: [] };
}

function gate(kind: HopKind, title: string, ports: PortSet, c: Certainty, ref: RuleRef | undefined, why: string, change: string, unknownWhy?: string): Hop {
  const r = ref ?? { address: title, what: why };
  return {
    kind,
    title,
    yes: c === 'yes' ? ports : NO_PORTS,
    possible: c === 'no' ? NO_PORTS : ports,
    grants: c === 'no' ? [] : [{ ports, certain: c === 'yes', ref: r, note: why }],
    blocked: c === 'yes' ? [] : [why],
    change: c === 'yes' ? [] : [change],
    unknown: c === 'maybe' ? [unknownWhy ?? why] : [],
  };
}

function sameTarget(a: Route['target'], b: Route['target'] | undefined): boolean {
  if (!b || a.kind !== b.kind) return false;
  return a.kind === 'local' || ('address' in a && 'address' in b && a.address === b.address);
}

function targetText(t: Route['target']): string {
  return t.kind === 'igw' || t.kind === 'nat' ? t.address : t.kind === 'other' ? t.what : t.kind === 'unknown' ? t.reason : 'local';
}

function internetRoute(subnets: Subnet[]): { c: Certainty; ref?: RuleRef; why: string; via?: 'igw' | 'nat'; nat?: { subnet?: Subnet; face?: Endpoint; ref: RuleRef } } {
  if (!subnets.length) return { c: 'maybe', why: 'the subnet is unknown' };
  let worst: ReturnType<typeof internetRoute> | undefined;
  for (const s of subnets) {
    const rt = s.routeTable;
    const route = rt?.routes.find((r) => isCidr(r.dest) && r.dest.bits === 0) ?? rt?.routes.find((r) => 'unknown' in r.dest);
    let res: ReturnType<typeof internetRoute>;
    if (!rt || !route) res = { c: 'no', why: `${s.address} has no route to 0.0.0.0/0 (route table: ${rt?.address ?? s.routeTableVia})` };
    else if ('unknown' in route.dest) res = { c: 'maybe', ref: route.ref, why: route.dest.unknown };
    else if (!isCidr(route.dest)) res = { c: 'no', why: `${s.address} has no IPv4 default route` };
    else if (route.target.kind === 'igw') res = { c: 'yes', ref: route.ref, why: `${s.address} routes 0.0.0.0/0 to internet gateway ${route.target.address}`, via: 'igw' };
    else if (route.target.kind === 'nat') res = { c: 'yes', ref: route.ref, why: `${s.address} routes 0.0.0.0/0 to NAT gateway ${route.target.address}`, via: 'nat', nat: { subnet: route.target.subnet, face: route.target.face, ref: route.ref } };
    else if (route.target.kind === 'unknown') res = { c: 'maybe', ref: route.ref, why: `route target unknown: ${route.target.reason}` };
    else res = { c: 'no', ref: route.ref, why: `${s.address} routes 0.0.0.0/0 to ${route.target.kind === 'other' ? route.target.what : 'local'}, not to the internet` };
    if (res.c === 'no' && s.routesUncertain) res = { ...res, c: 'maybe', why: `${res.why}; but ${s.routesUncertain}` };
    // Routes more specific than the default decide the public addresses they cover (longest prefix wins).
    const specific = rt?.routes.filter((r) => r !== route && isCidr(r.dest) && r.dest.bits > 0 && includesPublic(r.dest) && !sameTarget(r.target, route?.target));
    if (specific?.length) {
      const what = specific.map((r) => `${formatRef(r.ref)} → ${targetText(r.target)}`).join('; ');
      res = res.c === 'no' ? res : { ...res, c: 'maybe', why: `${res.why}; but more specific routes send part of the internet elsewhere (${what})` };
    }
    if (!worst || rank[res.c] < rank[worst.c]) worst = res;
  }
  return worst!;
}

/**
 * Traffic to the internet through a NAT gateway crosses the NAT gateway's subnet: in from the host
 * and out to the internet, with the replies back (its NACL sees both legs).
 */
function natNaclHops(src: Endpoint, dst: Endpoint, proto: Proto, ports: PortSet, o: EvalOptions): Hop[] {
  if (src.kind === 'internet') return [];
  const r = internetRoute(src.subnets);
  const nat = r.c === 'yes' && r.via === 'nat' ? r.nat?.subnet : undefined;
  if (!nat || src.subnets.includes(nat)) return [];
  const place = [nat];
  return [naclHop(place, 'in', src, proto, ports, 'the NAT gateway', o), naclHop(place, 'out', dst, proto, ports, 'the NAT gateway', o)];
}

/**
 * The address a VPC host's traffic to the internet carries: its NAT gateway's public address, or
 * its own public IP behind an internet gateway (else a placeholder: its route already blocks).
 */
const faceless = new WeakMap<Endpoint, Endpoint>();
function sourceFace(src: Endpoint): Endpoint {
  const r = internetRoute(src.subnets);
  if (r.c === 'yes' && r.via === 'nat' && r.nat?.face) return r.nat.face;
  if (r.c === 'yes' && r.via === 'igw' && src.publicFace) return src.publicFace;
  let f = faceless.get(src);
  if (!f) {
    const reason = `the public address ${src.label} leaves with is not known (${r.why})`;
    faceless.set(src, (f = { key: `${src.key} (public address)`, kind: 'internet', label: `${src.label}'s public address`, subnets: [], sgs: [], sgsUnknown: [], address: { kind: 'public', reason }, publicIp: { value: 'maybe', note: reason } }));
  }
  return f;
}

/** Hosts dial names; only they take the public path (load balancers open connections to targets by private address). */
const DIALERS = new Set(['instance', 'eni', 'asg', 'ecs-service', 'lambda']);
function dialsPublic(src: Endpoint, dst: Endpoint): boolean {
  return !!dst.publicFace && !!dst.lb && DIALERS.has(src.kind);
}

/**
 * A VPC host → an internet-facing load balancer at its public address (what its DNS name resolves
 * to, e.g. LiveKit's node_ip = the NLB's Elastic IP): out through the host's internet route (its
 * egress and NACL checked against the public address, the NAT gateway's subnet crossed), back in
 * through the internet gateway, arriving from the NAT gateway's public address (or the host's own).
 * Undefined when dst has no public address or src does not dial one.
 */
export function evaluatePublic(net: Network, src: Endpoint, dst: Endpoint, proto: Proto, ports: PortSet = ALL_PORTS, o: EvalOptions = EXPLAIN): Flow | undefined {
  if (!dialsPublic(src, dst)) return undefined;
  const seen = sourceFace(src);
  const out = evaluateDirect(net, src, dst.publicFace!, proto, ports, o);
  if (!o.explain) {
    if (isEmpty(out.possible)) return { from: src, to: dst, proto, hops: NONE, yes: NO_PORTS, possible: NO_PORTS, arrivesAs: seen };
    const back = evaluateDirect(net, seen, dst, proto, ports, o);
    const yes = intersect(out.yes, back.yes);
    return { from: src, to: dst, proto, hops: NONE, yes, possible: union(intersect(out.possible, back.possible), yes), arrivesAs: seen };
  }
  const back = evaluateDirect(net, seen, dst, proto, ports, o);
  return finish({ from: src, to: dst, proto, hops: [...out.hops, ...back.hops], arrivesAs: seen }, ports);
}

/**
 * Every flow addressed to dst itself: its public address first when src dials that (what the DNS
 * name of an internet-facing load balancer gives), then its private address.
 */
export function directFlows(net: Network, src: Endpoint, dst: Endpoint, proto: Proto, ports: PortSet = ALL_PORTS, o: EvalOptions = EXPLAIN): Flow[] {
  const d = evaluateDirect(net, src, dst, proto, ports, o);
  const p = evaluatePublic(net, src, dst, proto, ports, o);
  return p ? [p, d] : [d];
}

/** The port sets of several paths between the same endpoints: a port passes if it passes on one. */
export function unionFlows(flows: Flow[]): Flow {
  if (flows.length === 1) return flows[0];
  let yes: PortSet = NO_PORTS;
  let possible: PortSet = NO_PORTS;
  for (const f of flows) {
    yes = union(yes, f.yes);
    possible = union(possible, f.possible);
  }
  return { ...flows[0], hops: NONE, yes, possible };
}

/** Route hop between two endpoints (either may be the internet). */
function routeHop(net: Network, src: Endpoint, dst: Endpoint, ports: PortSet): Hop[] {
  if (src.kind === 'internet' && dst.kind === 'internet') return [gate('route', 'route', ports, 'no', undefined, 'internet to internet is not a flow of this stack', '')];
  if (src.kind !== 'internet' && dst.kind !== 'internet') {
    if (src.vpc && dst.vpc && src.vpc === dst.vpc) return [pass('route', `local route of ${src.vpc}`, ports, { address: src.vpc, what: 'local route (every route table of a VPC has it)' })];
    if (src.vpc && dst.vpc) {
      const c: Certainty = net.crossVpc ? 'maybe' : 'no';
      const why = net.crossVpc ? `${src.label} (${src.vpc}) and ${dst.label} (${dst.vpc}) are in different VPCs: ${net.crossVpc}` : `${src.label} (${src.vpc}) and ${dst.label} (${dst.vpc}) are in different VPCs, and no peering or transit gateway is in this model`;
      return [gate('route', 'route between VPCs', ports, c, undefined, why, 'connect the VPCs (peering or transit gateway) and route between them')];
    }
    return [gate('route', 'route', ports, 'maybe', undefined, `the VPC of ${src.vpc ? dst.label : src.label} is unknown`, '')];
  }
  if (src.kind === 'internet') {
    // Into the VPC: only to a public address in a subnet whose route table has an IGW route.
    const pub = dst.publicIp;
    const hops: Hop[] = [
      gate('route', `public address of ${dst.label}`, ports, pub.value, pub.ref, pub.value === 'yes' ? pub.note : `${dst.label} has no public address (${pub.note})`, `give ${dst.label} a public address (or put it behind an internet-facing load balancer)`, pub.note),
    ];
    const r = internetRoute(dst.subnets);
    const okIgw: Certainty = r.c === 'yes' && r.via !== 'igw' ? 'no' : r.c;
    hops.push(gate('route', `internet gateway route of ${dst.label}'s subnet`, ports, okIgw, r.ref, okIgw === 'no' && r.via === 'nat' ? `${r.why}: a NAT gateway does not accept connections from the internet` : r.why, `route 0.0.0.0/0 of ${dst.subnets[0]?.address ?? 'its subnet'} to an internet gateway`));
    return hops;
  }
  // Out of the VPC to the internet: IGW with a public address, or a NAT gateway in a public subnet.
  const r = internetRoute(src.subnets);
  if (r.c !== 'yes') return [gate('route', `route to the internet from ${src.label}'s subnet`, ports, r.c, r.ref, r.why, `route 0.0.0.0/0 of ${src.subnets[0]?.address ?? 'its subnet'} to a NAT gateway`)];
  if (r.via === 'igw') {
    const pub = src.publicIp;
    return [
      gate('route', `route to the internet from ${src.label}'s subnet`, ports, 'yes', r.ref, r.why, ''),
      gate('route', `public address of ${src.label}`, ports, pub.value, pub.ref, pub.value === 'yes' ? pub.note : `${src.label} has no public address, so the internet gateway drops its traffic (${pub.note})`, `route through a NAT gateway or give ${src.label} a public address`),
    ];
  }
  const natRoute = r.nat?.subnet ? internetRoute([r.nat.subnet]) : { c: 'maybe' as Certainty, why: 'the NAT gateway subnet is unknown' };
  const natOk: Certainty = natRoute.c === 'yes' && natRoute.via !== 'igw' ? 'no' : natRoute.c;
  return [
    gate('route', `route to the internet from ${src.label}'s subnet`, ports, 'yes', r.ref, r.why, ''),
    gate('nat-subnet', `NAT gateway subnet route`, ports, natOk, natRoute.ref, natRoute.why, `route 0.0.0.0/0 of the NAT gateway's subnet to an internet gateway`),
  ];
}

function sameSubnet(a: Endpoint, b: Endpoint): boolean {
  return a.subnets.length === 1 && b.subnets.length === 1 && a.subnets[0] === b.subnets[0];
}

function listenerHop(dst: Endpoint, proto: Proto, ports: PortSet, only?: Listener): Hop {
  const title = `listeners of ${dst.label}`;
  let yes: PortSet = NO_PORTS;
  let possible: PortSet = NO_PORTS;
  const grants: Grant[] = [];
  const unknown: string[] = [];
  for (const l of only ? [only] : dst.lb!.listeners) {
    if (l.transport !== proto && l.transport !== 'tcp+udp') continue;
    if (l.port === 'unknown') {
      possible = ports;
      unknown.push(`${formatRef(l.ref)}: port unknown until apply`);
      continue;
    }
    const hit = intersect(ports, range(l.port, l.port));
    if (isEmpty(hit)) continue;
    possible = union(possible, hit);
    if (l.protocolUnknown) {
      unknown.push(l.protocolUnknown);
      grants.push({ ports: hit, certain: false, ref: l.ref, note: l.protocolUnknown });
      continue;
    }
    yes = union(yes, hit);
    grants.push({ ports: hit, certain: true, ref: l.ref });
  }
  const rest = subtract(ports, yes);
  return {
    kind: 'listener',
    title,
    yes,
    possible,
    grants,
    blocked: isEmpty(rest) ? [] : [`${dst.label} has no ${proto} listener on ${formatPorts(rest)}`],
    change: isEmpty(rest) ? [] : [`add a ${proto.toUpperCase()} listener on ${dst.label} for ${formatPorts(rest)}`],
    unknown,
  };
}

function servicePortHop(dst: Endpoint, ports: PortSet): Hop {
  const sp = dst.servicePort!;
  if (sp.port === 'unknown') return gate('service-port', `port of ${dst.label}`, ports, 'maybe', sp.ref, 'service port unknown until apply', '');
  const listening = [sp.port, ...(sp.ports ?? [])];
  let open: PortSet = NO_PORTS;
  for (const p of listening) open = union(open, range(p, p));
  let maybe: PortSet = NO_PORTS;
  for (const p of sp.maybePorts ?? []) maybe = union(maybe, range(p, p));
  const yes = intersect(ports, open);
  const possible = union(yes, intersect(ports, maybe));
  const rest = subtract(ports, possible);
  const text = listening.join(', ');
  return {
    kind: 'service-port',
    title: `${dst.label} listens on ${text}`,
    yes,
    possible,
    grants: isEmpty(possible) ? [] : [{ ports: possible, certain: isEmpty(subtract(possible, yes)), ref: sp.ref }],
    blocked: isEmpty(rest) ? [] : [`${dst.label} listens only on ${[...listening, ...(sp.maybePorts ?? [])].join(', ')}`],
    change: isEmpty(rest) ? [] : [`${dst.label}: change its port`],
    unknown: isEmpty(subtract(possible, yes)) ? [] : [`${formatRef(sp.ref)}`],
  };
}

/**
 * A load balancer opens connections only to its registered targets, on their traffic and
 * health-check ports: it is never the source of any other flow.
 */
function lbSourceHop(net: Network, src: Endpoint, dst: Endpoint, ports: PortSet): Hop {
  const known = lbReach(net, src).get(dst.key);
  const any = unknownTargetReach(src, dst);
  const reach = known && any ? { ...known, possible: union(known.possible, any.possible), maybe: [...known.maybe, ...any.maybe] } : (known ?? any);
  const yes = reach ? intersect(ports, reach.yes) : NO_PORTS;
  const possible = reach ? union(yes, intersect(ports, reach.possible)) : NO_PORTS;
  const rest = subtract(ports, possible);
  return {
    kind: 'lb-source',
    title: `${src.label} connects only to its targets`,
    yes,
    possible,
    grants: isEmpty(possible) ? [] : [{ ports: possible, certain: isEmpty(subtract(possible, yes)), ref: reach!.ref }],
    blocked: isEmpty(rest) ? [] : [reach ? `${src.label} connects to ${dst.label} only on its target and health-check ports` : `${dst.label} is not a target of ${src.label}; a load balancer opens connections only to its registered targets`],
    change: isEmpty(rest) ? [] : [`register ${dst.label} in a target group of ${src.label} on that port`],
    unknown: isEmpty(subtract(possible, yes)) ? [] : reach!.maybe.length ? [`${dst.label} may be a target of ${src.label}: ${reach!.maybe.join('; ')}`] : [`a target port of ${src.label} → ${dst.label} is unknown until apply`],
  };
}

interface LbReach {
  yes: PortSet;
  possible: PortSet;
  ref: RuleRef;
  /** Why some of these ports reach it only if it is the target (an attachment naming one of several). */
  maybe: string[];
}

/** Can dst be a target of this target group's type (instance, ip, alb; a Lambda is no network target)? */
function mayBeTargetOf(tg: TargetGroup, dst: Endpoint): boolean {
  if (dst.kind === 'internet') return false;
  if (tg.targetType === 'instance') return dst.kind === 'instance' || dst.kind === 'asg';
  if (tg.targetType === 'alb') return dst.kind === 'alb';
  if (tg.targetType === 'ip') return !dst.lb;
  return false;
}

/** What a load balancer may open to dst through attachments whose target is unknown: possible ports, never certain ones. */
function unknownTargetReach(lb: Endpoint, dst: Endpoint): LbReach | undefined {
  let out: LbReach | undefined;
  for (const l of lb.lb?.listeners ?? []) {
    for (const f of l.forwards) {
      const tg = f.targetGroup;
      if (!tg.unknownTargets?.length || !mayBeTargetOf(tg, dst)) continue;
      for (const u of tg.unknownTargets) {
        const port = u.port ?? tg.port;
        const ports = port === undefined ? ALL_PORTS : union(range(port, port), range(tg.healthPort ?? port, tg.healthPort ?? port));
        out ??= { yes: NO_PORTS, possible: NO_PORTS, ref: u.ref, maybe: [] };
        out.possible = union(out.possible, ports);
        if (!out.maybe.includes(u.why)) out.maybe.push(u.why);
      }
    }
  }
  return out;
}

const lbReaches = new WeakMap<Endpoint, Map<string, LbReach>>();
function lbReach(net: Network, lb: Endpoint): Map<string, LbReach> {
  let m = lbReaches.get(lb);
  if (m) return m;
  m = new Map();
  for (const { lb: l, forward, target } of lbTargets(net)) {
    if (l !== lb) continue;
    const e = m.get(target.endpoint) ?? { yes: NO_PORTS, possible: NO_PORTS, ref: target.ref, maybe: [] };
    const port = target.port ?? forward.targetGroup.port;
    let ports: PortSet = ALL_PORTS;
    if (port !== undefined) {
      const hp = forward.targetGroup.healthPort ?? port;
      ports = union(range(port, port), range(hp, hp));
    }
    if (target.maybe) {
      if (!e.maybe.includes(target.maybe)) e.maybe.push(target.maybe);
    } else if (port !== undefined) e.yes = union(e.yes, ports);
    e.possible = union(e.possible, union(ports, e.yes));
    m.set(target.endpoint, e);
  }
  lbReaches.set(lb, m);
  return m;
}

// ---------------------------------------------------------------- flows

function finish(flow: Omit<Flow, 'yes' | 'possible'>, ports: PortSet): Flow {
  let yes = ports;
  let possible = ports;
  for (const h of flow.hops) {
    yes = intersect(yes, h.yes);
    possible = intersect(possible, h.possible);
  }
  return { ...flow, yes, possible: union(possible, yes) };
}

/** A flow addressed to dst itself (not through a load balancer). */
export function evaluateDirect(net: Network, src: Endpoint, dst: Endpoint, proto: Proto, ports: PortSet = ALL_PORTS, o: EvalOptions = EXPLAIN): Flow {
  if (!o.explain && o.compiled && o.cache) return directSets(net, src, dst, proto, ports, o);
  const ingress = dst.kind !== 'internet' ? sgHop(net, dst, 'ingress', src, proto, ports, o) : undefined;
  // Without explanations, stop as soon as the destination's security groups admit nothing.
  if (!o.explain && ingress && isEmpty(ingress.possible)) return { from: src, to: dst, proto, hops: [ingress], yes: NO_PORTS, possible: NO_PORTS };
  const hops: Hop[] = [];
  if (src.lb) hops.push(lbSourceHop(net, src, dst, ports));
  if (src.kind !== 'internet') hops.push(sgHop(net, src, 'egress', dst, proto, ports, o));
  const crossesNacl = !sameSubnet(src, dst);
  if (src.kind !== 'internet' && crossesNacl) hops.push(naclHop(src.subnets, 'out', dst, proto, ports, src.label, o));
  hops.push(...routeHop(net, src, dst, ports));
  if (dst.kind === 'internet') hops.push(...natNaclHops(src, dst, proto, ports, o));
  if (dst.kind !== 'internet' && crossesNacl) hops.push(naclHop(dst.subnets, 'in', src, proto, ports, dst.label, o));
  if (ingress) hops.push(ingress);
  if (dst.lb) hops.push(listenerHop(dst, proto, ports));
  if (dst.servicePort) hops.push(servicePortHop(dst, ports));
  return finish({ from: src, to: dst, proto, hops }, ports);
}

/**
 * evaluateDirect for the matrix: the same hops in the same order, keeping only the port sets (no
 * hop objects, no words), with subnet- and address-keyed hops cached. Tested equal to the full form.
 */
function directSets(net: Network, src: Endpoint, dst: Endpoint, proto: Proto, ports: PortSet, o: EvalOptions): Flow {
  // Hot path of the matrix: no closures, no hop objects.
  let yes = ports;
  let possible = ports;
  let h: Sets;
  if (dst.kind !== 'internet') {
    h = sgSets(net, dst, 'ingress', src, proto, ports);
    yes = intersect(yes, h.yes);
    possible = intersect(possible, h.possible);
    if (isEmpty(possible)) return { from: src, to: dst, proto, hops: NONE, yes: NO_PORTS, possible: NO_PORTS };
  }
  if (src.lb) {
    h = lbSourceHop(net, src, dst, ports);
    yes = intersect(yes, h.yes);
    possible = intersect(possible, h.possible);
  }
  if (src.kind !== 'internet') {
    h = sgSets(net, src, 'egress', dst, proto, ports);
    yes = intersect(yes, h.yes);
    possible = intersect(possible, h.possible);
  }
  const crossesNacl = !sameSubnet(src, dst);
  if (src.kind !== 'internet' && crossesNacl) {
    h = naclHop(src.subnets, 'out', dst, proto, ports, src.label, o);
    yes = intersect(yes, h.yes);
    possible = intersect(possible, h.possible);
  }
  if (isEmpty(possible)) return { from: src, to: dst, proto, hops: NONE, yes: NO_PORTS, possible: NO_PORTS };
  const cache = o.cache!;
  const routeKey = src.vpc && src.vpc === dst.vpc ? `route|${src.vpc}|${portsKey(ports)}` : undefined;
  const cached = routeKey ? cache.get(routeKey) : undefined;
  for (const r of cached ? [cached] : routeHop(net, src, dst, ports)) {
    if (routeKey && !cached) cache.set(routeKey, r);
    yes = intersect(yes, r.yes);
    possible = intersect(possible, r.possible);
  }
  if (dst.kind === 'internet') {
    for (const n of natNaclHops(src, dst, proto, ports, o)) {
      yes = intersect(yes, n.yes);
      possible = intersect(possible, n.possible);
    }
  }
  if (dst.kind !== 'internet' && crossesNacl) {
    h = naclHop(dst.subnets, 'in', src, proto, ports, dst.label, o);
    yes = intersect(yes, h.yes);
    possible = intersect(possible, h.possible);
  }
  if (dst.lb) {
    h = listenerHop(dst, proto, ports);
    yes = intersect(yes, h.yes);
    possible = intersect(possible, h.possible);
  }
  if (dst.servicePort) {
    h = servicePortHop(dst, ports);
    yes = intersect(yes, h.yes);
    possible = intersect(possible, h.possible);
  }
  return { from: src, to: dst, proto, hops: NONE, yes, possible: union(possible, yes) };
}

/** Collapse a hop evaluated at one port into a port-independent gate (for multi-leg flows). */
function atPort(h: Hop, port: number, all: PortSet): Hop {
  return { ...h, yes: contains(h.yes, port) ? all : NO_PORTS, possible: contains(h.possible, port) ? all : NO_PORTS };
}

/**
 * client → load balancer listener → (rule) → target group → target. An ALB terminates: the leg to
 * the target starts at the ALB (its addresses and security groups). An NLB with client IP
 * preservation passes the client's address through, so the target's security group and NACL see
 * the client.
 */
export function evaluateVia(
  net: Network,
  client: Endpoint,
  lb: Endpoint,
  listener: Listener,
  forward: Forward,
  target: Endpoint,
  targetPort: number,
  atPublic = false,
  proto: Proto = listener.transport === 'udp' ? 'udp' : 'tcp',
): Flow {
  const lport = listener.port as number;
  const tport = range(targetPort, targetPort);
  const front = (atPublic && evaluatePublic(net, client, lb, proto, range(lport, lport))) || evaluateDirect(net, client, lb, proto, range(lport, lport));
  const from = front.arrivesAs ?? client;
  const hops: Hop[] = front.hops.map((h) => (h.kind === 'listener' ? { ...listenerHop(lb, proto, range(lport, lport), listener) } : h)).map((h) => atPort(h, lport, tport));
  hops.push(pass('lb-forward', `${lb.label} forwards ${listener.protocol}:${lport}${forward.conditions ? ` (${forward.conditions})` : ''} to ${forward.targetGroup.address}`, tport, forward.ref, `target ${target.label} port ${targetPort}`));
  const tproto: Proto = forward.targetGroup.protocol === 'UDP' || forward.targetGroup.protocol === 'TCP_UDP' ? proto : 'tcp';
  if (lb.kind === 'nlb' && forward.targetGroup.preserveClientIp) {
    const seen: Identity = { label: `${from.label} (client address preserved by ${lb.label})`, address: from.address, sgs: lb.sgs, sgsUnknown: lb.sgsUnknown };
    if (!lb.noSecurityGroups) hops.push(sgHop(net, lb, 'egress', target, tproto, tport));
    if (!sameSubnet(lb, target)) {
      // the NLB's subnet sends to the target (and takes its replies); the target's subnet sees the client
      hops.push(naclHop(lb.subnets, 'out', target, tproto, tport, lb.label));
      hops.push(naclHop(target.subnets, 'in', seen, tproto, tport, target.label));
    }
    hops.push(sgHop(net, target, 'ingress', seen, tproto, tport));
  } else {
    const back = evaluateDirect(net, lb, target, tproto, tport);
    hops.push(...back.hops.filter((h) => h.kind !== 'listener'));
  }
  return finish({ from: client, to: target, proto, via: { lb, listener, forward, listenerPort: lport, targetPort }, arrivesAs: front.arrivesAs, hops }, tport);
}

/** Every flow through one load-balancer path: at its public address when the client dials that, and at its private one. */
export function viaFlows(net: Network, client: Endpoint, path: LbPath, target: Endpoint, proto: Proto): Flow[] {
  const f = [evaluateVia(net, client, path.lb, path.listener, path.forward, target, path.port, false, proto)];
  if (dialsPublic(client, path.lb)) f.unshift(evaluateVia(net, client, path.lb, path.listener, path.forward, target, path.port, true, proto));
  return f;
}

/** A way through a load balancer: listener → forward → target (its key) on a target port. */
export interface LbPath {
  lb: Endpoint;
  listener: Listener;
  forward: Forward;
  port: number;
  target: string;
  /** The protocols clients use to reach the listener (both for TCP_UDP) */
  protos: Proto[];
}

interface LbIndex {
  /** target key → its paths (listener and target port known) */
  to: Map<string, LbPath[]>;
  all: LbPath[];
  /** target key → why a path to it cannot be followed before apply (listener port or protocol, target port unknown), with the target port when known */
  undecided: Map<string, { why: string; port?: number }[]>;
  /** Target groups with attachments of unknown target: a path to any endpoint of their target type. */
  anyTarget: { tg: TargetGroup; why: string; port?: number }[];
}

const lbIndexes = new WeakMap<Network, LbIndex>();

/** Every (load balancer, listener, forward, target) of the network, whatever is known of its ports. */
export function* lbTargets(net: Network): Generator<{ lb: Endpoint; listener: Listener; forward: Forward; target: TargetGroup['targets'][number] }> {
  for (const lb of net.endpoints) {
    if (!lb.lb) continue;
    for (const listener of lb.lb.listeners) for (const forward of listener.forwards) for (const target of forward.targetGroup.targets) yield { lb, listener, forward, target };
  }
}

/** Every load-balancer path of the network, indexed by target once (not rescanned per question). */
function lbIndex(net: Network): LbIndex {
  let ix = lbIndexes.get(net);
  if (ix) return ix;
  ix = { to: new Map(), all: [], undecided: new Map(), anyTarget: [] };
  for (const { lb, listener: l, forward: f, target: t } of lbTargets(net)) {
    const port = t.port ?? f.targetGroup.port;
    if (l.port === 'unknown' || port === undefined || l.protocolUnknown || t.maybe) {
      const why =
        l.port === 'unknown'
          ? `${formatRef(l.ref)}: port unknown until apply`
          : port === undefined
            ? `${formatRef(t.ref)}: target port unknown (${f.targetGroup.address} has no known port)`
            : (l.protocolUnknown ?? `${t.endpoint} may be a target of ${f.targetGroup.address}: ${t.maybe}`);
      (ix.undecided.get(t.endpoint) ?? ix.undecided.set(t.endpoint, []).get(t.endpoint)!).push({ why, port });
      continue;
    }
    const protos: Proto[] = l.transport === 'tcp+udp' ? ['tcp', 'udp'] : [l.transport];
    const p: LbPath = { lb, listener: l, forward: f, port, target: t.endpoint, protos };
    ix.all.push(p);
    (ix.to.get(t.endpoint) ?? ix.to.set(t.endpoint, []).get(t.endpoint)!).push(p);
  }
  for (const lb of net.endpoints) {
    for (const l of lb.lb?.listeners ?? []) {
      for (const f of l.forwards) for (const u of f.targetGroup.unknownTargets ?? []) ix.anyTarget.push({ tg: f.targetGroup, why: u.why, port: u.port ?? f.targetGroup.port });
    }
  }
  lbIndexes.set(net, ix);
  return ix;
}

/** Every way traffic can reach dst through a load balancer. */
export function lbPathsTo(net: Network, dst: Endpoint): LbPath[] {
  return lbIndex(net).to.get(dst.key) ?? [];
}

/** Every load-balancer path of the network. */
export function allLbPaths(net: Network): LbPath[] {
  return lbIndex(net).all;
}

/**
 * Paths to dst through a load balancer that cannot be followed before apply (a listener or target
 * port unknown): a flow through them is possible on any port, so it is one unknown flow, never none.
 */
export function undecidedLbFlow(net: Network, src: Endpoint, dst: Endpoint, proto: Proto, ports: PortSet): Flow | undefined {
  const ix = lbIndex(net);
  const paths = [...(ix.undecided.get(dst.key) ?? []), ...ix.anyTarget.filter((a) => mayBeTargetOf(a.tg, dst))];
  let possible: PortSet = NO_PORTS;
  const why: string[] = [];
  for (const u of paths) {
    const hit = u.port === undefined ? ports : intersect(ports, range(u.port, u.port));
    if (isEmpty(hit)) continue;
    possible = union(possible, hit);
    why.push(u.why);
  }
  if (isEmpty(possible)) return undefined;
  const hop = gate('lb-forward', `load balancer path to ${dst.label}`, possible, 'maybe', undefined, [...new Set(why)].join('; '), '');
  return { from: src, to: dst, proto, hops: [hop], yes: NO_PORTS, possible };
}

export interface Answer {
  verdict: FlowVerdict;
  /** The flow that decided the verdict: the witness for allowed, the closest one for denied. */
  flow: Flow;
  /** Every path considered (direct and through each load balancer). */
  flows: Flow[];
}

export type ViaMode = 'any' | 'direct' | 'lb';

/** One question: can src reach dst on port/proto (directly, or through a load balancer)? */
export function ask(net: Network, src: Endpoint, dst: Endpoint, port: number, proto: Proto, via: ViaMode = 'any'): Answer {
  const flows: Flow[] = [];
  if (via !== 'lb') flows.push(...directFlows(net, src, dst, proto, range(port, port)));
  if (via !== 'direct') {
    for (const p of lbPathsTo(net, dst)) {
      if (p.port !== port || !p.protos.includes(proto)) continue;
      flows.push(...viaFlows(net, src, p, dst, proto));
    }
    const undecided = undecidedLbFlow(net, src, dst, proto, range(port, port));
    if (undecided) flows.push(undecided);
  }
  const allowed = flows.find((f) => contains(f.yes, port));
  if (allowed) return { verdict: 'allowed', flow: allowed, flows };
  const unknown = flows.find((f) => contains(f.possible, port));
  if (unknown) return { verdict: 'unknown', flow: unknown, flows };
  if (!flows.length) {
    const p = range(port, port);
    const wiring = net.lbWiringUnknown;
    const hop = gate(
      'lb-forward',
      `load balancer path to ${dst.label}`,
      p,
      wiring.length ? 'maybe' : 'no',
      undefined,
      wiring.length ? `load balancer wiring not fully known: ${wiring.join('; ')}` : `no load balancer listener forwards ${proto} to ${dst.label} on ${port}`,
      `forward to ${dst.label}:${port} from a listener (target group + attachment)`,
    );
    const flow: Flow = { from: src, to: dst, proto, hops: [hop], yes: NO_PORTS, possible: hop.possible };
    return { verdict: wiring.length ? 'unknown' : 'denied', flow, flows: [flow] };
  }
  // The "closest" denied path: the one with the fewest blocking hops.
  const blockers = (f: Flow) => f.hops.filter((h) => !contains(h.possible, port)).length;
  const closest = [...flows].sort((a, b) => blockers(a) - blockers(b))[0];
  return { verdict: 'denied', flow: closest, flows };
}

// ---------------------------------------------------------------- explanations

export interface WitnessHop {
  hop: string;
  rule: string;
  address: string;
  location?: string;
  note?: string;
  certain: boolean;
}

/** The hop-by-hop witness of a port on a flow: each hop with the rule that let it through. */
export function witness(flow: Flow, port: number): WitnessHop[] {
  const p = flow.via ? flow.via.targetPort : port;
  return flow.hops.map((h) => {
    const g = h.grants.find((x) => contains(x.ports, p) && x.certain) ?? h.grants.find((x) => contains(x.ports, p)) ?? h.grants[0];
    return {
      hop: h.title,
      rule: g ? `${g.ref.address} ${g.ref.what}` : '(none)',
      address: g?.ref.address ?? '',
      location: g?.ref.location ? formatLocation(g.ref.location) : undefined,
      note: g?.note,
      certain: g ? g.certain : false,
    };
  });
}

export interface Blocking {
  /** The first hop that blocks the port */
  first: { hop: string; why: string[] };
  /** Every setting that would have to change for the port to pass (the blocked path). */
  change: string[];
}

export function blocking(flow: Flow, port: number): Blocking | undefined {
  const p = flow.via ? flow.via.targetPort : port;
  const blockers = flow.hops.filter((h) => !contains(h.yes, p));
  if (!blockers.length) return undefined;
  const hard = blockers.find((h) => !contains(h.possible, p)) ?? blockers[0];
  return {
    first: { hop: hard.title, why: hard.blocked.length ? hard.blocked : hard.unknown },
    change: [...new Set(blockers.flatMap((h) => (h.change.length ? h.change : h.unknown.map((u) => `make known: ${u}`))))],
  };
}

export function unknownReasons(flow: Flow, port: number): string[] {
  const p = flow.via ? flow.via.targetPort : port;
  return [...new Set(flow.hops.filter((h) => !contains(h.yes, p) && contains(h.possible, p)).flatMap((h) => h.unknown))];
}
