/**
 * Network ACLs: inline rules and aws_network_acl_rule, associations (`subnet_ids`,
 * aws_network_acl_association), the VPC default NACL (managed, else AWS's allow-all). Ordered by
 * rule number; a rule whose number or action is unknown makes the whole ACL uncertain.
 */
import type { Resource } from '../model/resource.js';
import { isObjectValue, isUnknown, type Value } from '../model/value.js';
import { parseCidr } from './cidr.js';
import { BuildContext, cidrOf, formatRuleRef, list, num, ref } from './context.js';
import { normaliseProtocol } from './permissions.js';
import { ALL_PORTS, range, type PortSet } from './ports.js';
import { ruleProtocol } from './security-groups.js';
import type { Nacl, NaclRule, RuleRef } from './types.js';

export interface Nacls {
  nacls: Map<string, Nacl>;
  /** subnet address → its NACL address (explicit association) */
  ofSubnet: Map<string, string>;
  /** VPC address → the managed default NACL */
  defaults: Map<string, string>;
  /** NACL address → why its order or actions are not known */
  undecided: Map<string, string>;
  /** Wiring that could not be resolved: every subnet's NACL is then uncertain */
  wiring: string[];
  allowAll(vpc: string | undefined): Nacl;
}

function ports(protocol: ReturnType<typeof ruleProtocol>, from: Value | undefined, to: Value | undefined): PortSet | 'unknown' {
  if (protocol === 'all') return ALL_PORTS;
  const f = num(from);
  const t = num(to);
  if (f === 'unknown' || t === 'unknown') return 'unknown';
  if (f === undefined && t === undefined) return ALL_PORTS;
  if ((f ?? 0) < 0 || (t ?? 0) < 0) return ALL_PORTS;
  return range(f ?? t ?? 0, t ?? f ?? 65535);
}

function naclRule(r: Resource, path: string, v: Record<string, Value>, no: Value | undefined, action: Value | undefined): NaclRule {
  const p = ruleProtocol(normaliseProtocol(v.protocol));
  const n = num(no);
  const cidr = v.cidr_block;
  const v6 = v.ipv6_cidr_block;
  const c: NaclRule['cidr'] =
    cidr === null || cidr === undefined || cidr === ''
      ? typeof v6 === 'string' && v6 !== ''
        ? { ipv6: v6 }
        : isUnknown(v6)
          ? { ipv6: '(IPv6, known after apply)' }
          : { unknown: 'no cidr_block' }
      : cidrOf(cidr, `${r.address} cidr_block`);
  const a = isUnknown(action) ? undefined : String(action ?? '').toLowerCase();
  const undecided = [n === 'unknown' || n === undefined ? 'rule number unknown until apply' : '', a !== 'allow' && a !== 'deny' ? `action ${a === undefined ? 'unknown until apply' : JSON.stringify(action)}` : '']
    .filter(Boolean)
    .join(', ');
  return {
    number: typeof n === 'number' ? n : Number.MAX_SAFE_INTEGER,
    allow: a === 'allow',
    undecided: undecided || undefined,
    protocol: p,
    ports: ports(p, v.from_port, v.to_port),
    cidr: c,
    ref: ref(r, `rule ${typeof n === 'number' ? n : '?'} ${String(action ?? '?')}`, path || undefined),
  };
}

export function readNacls(ctx: BuildContext): Nacls {
  const nacls = new Map<string, Nacl>();
  const ofSubnet = new Map<string, string>();
  const wiring: string[] = [];
  const NACL_TYPES = ['aws_network_acl', 'aws_default_network_acl'];
  for (const r of ctx.index.ofType(...NACL_TYPES)) {
    const n: Nacl = { address: r.address, isDefault: r.type === 'aws_default_network_acl', ingress: [], egress: [] };
    for (const direction of ['ingress', 'egress'] as const) {
      list(r.values[direction]).forEach((b, i) => {
        if (isObjectValue(b)) n[direction].push(naclRule(r, `${direction}.${i}`, b, b.rule_no, b.action));
      });
    }
    nacls.set(r.address, n);
    for (const s of ctx.resolve(r, 'subnet_ids', ['aws_subnet']).found) ofSubnet.set(s.address, r.address);
  }
  for (const r of ctx.index.ofType('aws_network_acl_rule')) {
    const { found } = ctx.resolve(r, 'network_acl_id', NACL_TYPES);
    const rule = naclRule(r, '', r.values, r.values.rule_number, r.values.rule_action);
    for (const f of found) nacls.get(f.address)?.[r.values.egress === true ? 'egress' : 'ingress'].push(rule);
    if (!found.length) wiring.push(`${r.address}: its network ACL could not be resolved`);
  }
  for (const r of ctx.index.ofType('aws_network_acl_association')) {
    const n = ctx.resolve(r, 'network_acl_id', ['aws_network_acl']).found[0];
    const subs = ctx.resolve(r, 'subnet_id', ['aws_subnet']).found;
    if (!n || !subs.length) wiring.push(`${r.address}: its network ACL or subnet could not be resolved`);
    for (const s of subs) if (n) ofSubnet.set(s.address, n.address);
  }
  const defaults = new Map<string, string>();
  for (const r of ctx.index.ofType('aws_default_network_acl')) {
    // default_network_acl_id = aws_vpc.x.default_network_acl_id names the VPC
    const v = ctx.vpcOf(r, 'default_network_acl_id');
    if (v) defaults.set(v, r.address);
  }
  for (const n of nacls.values()) for (const d of ['ingress', 'egress'] as const) n[d].sort((a, b) => a.number - b.number);
  // A rule whose number or action is unknown could stand anywhere in the order, or allow or deny.
  const undecided = new Map<string, string>();
  for (const n of nacls.values()) {
    const u = [...n.ingress, ...n.egress].filter((x) => x.undecided).map((x) => `${formatRuleRef(x.ref)}: ${x.undecided}`);
    if (u.length) undecided.set(n.address, u.join('; '));
  }
  const allowAll = (vpc: string | undefined): Nacl => {
    const address = `${vpc ?? 'vpc'} (default network ACL)`;
    const r: RuleRef = { address: vpc ?? address, what: 'AWS default network ACL (allows all; not managed by this configuration)' };
    const any = (): NaclRule => ({ number: 100, allow: true, protocol: 'all', ports: ALL_PORTS, cidr: parseCidr('0.0.0.0/0')!, ref: r });
    return { address, isDefault: true, ingress: [any()], egress: [any()] };
  };
  return { nacls, ofSubnet, defaults, undecided, wiring, allowAll };
}
