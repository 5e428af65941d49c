/**
 * The network as AWS sees it, built from the stack model: VPCs, subnets (route table, NACL),
 * gateways, security groups with their rules, and the endpoints traffic flows between (instances,
 * ENIs, RDS, ElastiCache, load balancers with listeners → rules → target groups → targets).
 *
 * Everything a value could not tell before apply stays explicit (`unknown` with a reason), so the
 * evaluator can answer "unknown" instead of guessing.
 */
import type { ModelIndex } from '../model/query.js';
import { effectiveTags } from '../model/query.js';
import type { Resource, SourceLocation } from '../model/resource.js';
import { getPath, isObjectValue, isUnknown, type Value } from '../model/value.js';
import { parseCidr, type Cidr } from './cidr.js';
import { ALL_PORTS, range, type PortSet } from './ports.js';

export type Proto = 'tcp' | 'udp';
export const PROTOS: readonly Proto[] = ['tcp', 'udp'];

/** A rule, route or setting that decides a hop, named so a person can find it. */
export interface RuleRef {
  /** Resource address */
  address: string;
  /** What inside it: `ingress[1]`, `route 0.0.0.0/0`, `rule 100` */
  what: string;
  location?: SourceLocation;
}

export type RuleProtocol = Proto | 'all' | 'other' | 'unknown';

export type Peer =
  | { kind: 'cidr'; cidr: Cidr }
  | { kind: 'sg'; sg: string }
  | { kind: 'unknown'; reason: string }
  | { kind: 'prefix-list'; id: string }
  | { kind: 'ipv6'; text: string };

export interface SgRule {
  direction: 'ingress' | 'egress';
  protocol: RuleProtocol;
  /** Ports the rule opens for its protocol; `unknown` when from/to ports are unknown. */
  ports: PortSet | 'unknown';
  peers: Peer[];
  ref: RuleRef;
}

export interface SecurityGroup {
  address: string;
  vpc?: string;
  name?: string;
  /** An inline rule list unknown until apply is one rule of unknown protocol, ports and peer. */
  ingress: SgRule[];
  egress: SgRule[];
}

export interface NaclRule {
  number: number;
  allow: boolean;
  protocol: RuleProtocol;
  ports: PortSet | 'unknown';
  cidr: Cidr | { unknown: string } | { ipv6: string };
  ref: RuleRef;
  /** Why its place in the order or its action is not known before apply */
  undecided?: string;
}

export interface Nacl {
  address: string;
  isDefault: boolean;
  ingress: NaclRule[];
  egress: NaclRule[];
}

export type RouteTarget =
  | { kind: 'local' }
  | { kind: 'igw'; address: string }
  | { kind: 'nat'; address: string; subnet?: Subnet; face?: Endpoint }
  | { kind: 'other'; what: string }
  | { kind: 'unknown'; reason: string };

export interface Route {
  dest: Cidr | { unknown: string };
  target: RouteTarget;
  ref: RuleRef;
}

export interface RouteTable {
  address: string;
  routes: Route[];
}

export interface Subnet {
  address: string;
  vpc?: string;
  cidr: Cidr | { unknown: string };
  az?: string;
  routeTable?: RouteTable;
  /** How the route table was chosen: explicit association, the VPC's main table, or none known. */
  routeTableVia: string;
  nacl: Nacl;
  mapPublicIp: boolean | 'unknown';
  /** Why its NACL may not be the one shown (unresolved NACL wiring somewhere in the model) */
  naclUncertain?: string;
  /** Why its routes may not be the ones shown (unresolved route wiring somewhere in the model) */
  routesUncertain?: string;
  resource: Resource;
}

export type Certainty = 'yes' | 'no' | 'maybe';

/**
 * Where an endpoint is: `internet` is every address outside the VPC (the internet as one endpoint);
 * `public` is one or more public addresses not known before apply (an Elastic IP, an address AWS
 * assigns): a rule CIDR of private ranges never contains them, 0.0.0.0/0 always does.
 */
export type AddressSpace =
  | { kind: 'internet' }
  | { kind: 'cidrs'; cidrs: Cidr[] }
  | { kind: 'public'; reason: string }
  | { kind: 'unknown'; reason: string };

export interface TargetGroup {
  address: string;
  port?: number;
  protocol: string;
  targetType: string;
  preserveClientIp: boolean;
  /** Health-check port when set; undefined = the traffic port of each target */
  healthPort?: number;
  targets: { endpoint: string; port?: number; ref: RuleRef }[];
}

export interface Forward {
  targetGroup: TargetGroup;
  /** The listener default action or the listener rule that forwards. */
  ref: RuleRef;
  /** Human text of the rule's conditions (`host api.example.com`), empty for a default action. */
  conditions: string;
}

export interface Listener {
  address: string;
  port: number | 'unknown';
  protocol: string;
  /** L4 protocol clients use to reach the listener (both when its protocol is unknown) */
  transport: Proto | 'tcp+udp';
  /** Why the protocol is not known before apply (an NLB listener: TCP or UDP); its ports are then only possible */
  protocolUnknown?: string;
  forwards: Forward[];
  /** The default action when it does not forward (`redirect`, `fixed-response`). */
  defaultAction: string;
  ref: RuleRef;
}

export interface LoadBalancer {
  type: 'application' | 'network';
  internal: boolean | 'unknown';
  listeners: Listener[];
}

export type EndpointKind = 'internet' | 'instance' | 'eni' | 'rds' | 'elasticache' | 'alb' | 'nlb';

export interface Endpoint {
  key: string;
  kind: EndpointKind;
  /** `<Environment>-<Role>` from tags, else the address */
  label: string;
  role?: string;
  env?: string;
  resource?: Resource;
  vpc?: string;
  subnets: Subnet[];
  /** Why the subnets are not (all) known, when they are not. */
  subnetsUnknown?: string;
  sgs: string[];
  /** Security groups that could not be resolved (unknown ids, foreign ids). */
  sgsUnknown: string[];
  /** True when the endpoint type filters nothing with security groups (an NLB without SGs). */
  noSecurityGroups?: boolean;
  address: AddressSpace;
  publicIp: { value: Certainty; ref?: RuleRef; note: string };
  /** The only port it listens on (RDS, ElastiCache) */
  servicePort?: { port: number | 'unknown'; ref: RuleRef };
  lb?: LoadBalancer;
  /**
   * Its address on the internet side (kind `internet`, never in `endpoints`): an internet-facing
   * load balancer's public addresses (its Elastic IPs, else the ones AWS assigns), an instance's
   * public IP. A VPC host that dials a load balancer's DNS name reaches it there, through its own
   * internet route.
   */
  publicFace?: Endpoint;
}

export interface Network {
  endpoints: Endpoint[];
  byKey: Map<string, Endpoint>;
  internet: Endpoint;
  sgs: Map<string, SecurityGroup>;
  subnets: Map<string, Subnet>;
  vpcs: Map<string, { address: string; cidr: Cidr | { unknown: string }; label: string }>;
  /** SG address → endpoints that carry it */
  members: Map<string, Endpoint[]>;
  /** Things the analysis does not model, said once. */
  notes: string[];
  /** Load-balancer wiring (listeners, rules, attachments) that could not be resolved */
  lbWiringUnknown: string[];
  /** Security-group rules whose group could not be resolved: any group may hold them */
  orphanRules: { ingress: SgRule[]; egress: SgRule[] };
}

const VPC_TYPES = ['aws_vpc'];
const SG_TYPES = ['aws_security_group', 'aws_default_security_group'];

export function loc(r: Resource | undefined, attr?: string): SourceLocation | undefined {
  if (!r?.source) return undefined;
  if (attr) {
    const exact = r.source.attributes[attr];
    if (exact) return exact;
    const top = attr.split('.')[0];
    if (r.source.attributes[top]) return r.source.attributes[top];
  }
  return r.source.block;
}

function formatRuleRef(r: RuleRef): string {
  return `${r.address} ${r.what}`;
}

function ref(r: Resource, what: string, attr?: string): RuleRef {
  return { address: r.address, what, location: loc(r, attr) };
}

function num(v: Value | undefined): number | undefined | 'unknown' {
  if (isUnknown(v)) return 'unknown';
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

function str(v: Value | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function list(v: Value | undefined): Value[] {
  return Array.isArray(v) ? v : [];
}

/** The elements of a list attribute, or the one value of a scalar one (null: none). */
function items(v: Value | undefined): Value[] {
  return Array.isArray(v) ? v : v === null || v === undefined || v === '' ? [] : [v];
}

/** `self` of a separate rule resource: the group it is attached to, filled in by attachRule. */
const SELF = '<self>';

export function normProtocol(v: Value | undefined): RuleProtocol {
  if (isUnknown(v)) return 'unknown';
  const p = String(v ?? '').toLowerCase();
  if (p === '-1' || p === 'all') return 'all';
  if (p === 'tcp' || p === '6') return 'tcp';
  if (p === 'udp' || p === '17') return 'udp';
  return 'other';
}

function rulePorts(protocol: RuleProtocol, from: Value | undefined, to: Value | undefined): PortSet | 'unknown' {
  if (protocol === 'all') return ALL_PORTS;
  const f = num(from);
  const t = num(to);
  if (f === 'unknown' || t === 'unknown') return 'unknown';
  if (f === undefined && t === undefined) return ALL_PORTS;
  if ((f ?? 0) < 0 || (t ?? 0) < 0) return ALL_PORTS;
  return range(f ?? t ?? 0, t ?? f ?? 65535);
}

/**
 * The resources an attribute refers to, of the given types, and whether some reference could not be
 * resolved (an unknown without origins, an id that belongs to nothing in the model).
 */
export function resolve(
  index: ModelIndex,
  r: Resource,
  attr: string,
  types: string[],
): { found: Resource[]; unresolved: string[] } {
  const v = getPath(r.values, attr);
  let found = index.follow(r, attr).filter((x) => types.includes(x.type));
  if (found.length === 0 && attr.includes('.')) {
    // Plans record references per attribute without block indices (`ingress.security_groups`).
    const loose = attr.replace(/\.\d+(?=\.|$)/g, '');
    for (const rf of r.references) {
      if (rf.attribute.replace(/\.\d+(?=\.|$)/g, '') === loose) {
        for (const t of index.resolveTarget(stripAttr(rf.target), r)) if (types.includes(t.type)) found.push(t);
      }
    }
    found = [...new Map(found.map((x) => [x.address, x])).values()];
  }
  // Each element must be accounted for: one that resolves to nothing is unresolved even when its
  // neighbours resolve (a list of one model group and one data-source group is not just the first).
  // An unknown without origins can only be matched to the attribute's references as a whole.
  const fromRefs = found.length > 0;
  const unresolved: string[] = [];
  const visit = (x: Value | undefined) => {
    if (x === undefined || x === null) return;
    if (Array.isArray(x)) return x.forEach(visit);
    if (isUnknown(x)) {
      const known = x.origins.length
        ? x.origins.some((o) => index.resolveTarget(o.address, r).some((t) => types.includes(t.type)))
        : fromRefs;
      if (!known) unresolved.push(`${attr} is unknown until apply (${x.reason}${x.origins.length ? `; from ${x.origins.map((o) => `${o.address}.${o.attribute}`).join(', ')}` : ''})`);
      return;
    }
    if (typeof x === 'string' && x !== '') {
      const hit = index.byKnownId(x) ?? index.resources.find((y) => y.values.arn === x || (types.includes(y.type) && y.values.name === x));
      if (hit && types.includes(hit.type)) {
        if (!found.includes(hit)) found.push(hit);
      } else if (!found.some((f) => f.values.id === x || f.values.arn === x || f.values.name === x)) unresolved.push(`${attr} = "${x}" is not a resource of this model`);
    }
  };
  visit(v);
  return { found, unresolved };
}

function stripAttr(target: string): string {
  // aws_x.y.id → aws_x.y; keep module prefixes and index keys
  const m = /^(.*?(?:^|\.)(?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?)(?:\.[A-Za-z0-9_]+.*)?$/.exec(target);
  return m ? m[1] : target;
}

function cidrOf(v: Value | undefined, what: string): Cidr | { unknown: string } {
  if (isUnknown(v)) return { unknown: `${what} is unknown until apply (${v.reason})` };
  const c = typeof v === 'string' ? parseCidr(v) : undefined;
  return c ?? { unknown: `${what} is not an IPv4 CIDR (${JSON.stringify(v ?? null)})` };
}

function isCidr(c: Cidr | { unknown: string } | { ipv6: string }): c is Cidr {
  return 'base' in c;
}
export { isCidr };

/** Build the network from a model. Pure; one pass per resource kind. */
export function buildNetwork(index: ModelIndex): Network {
  const notes: string[] = [];
  const fromPlan = index.model.origin === 'plan';
  /**
   * Was the attribute set in the configuration? A plan marks every computed attribute the
   * configuration left out as unknown; those carry no reference. (From HCL, unset is absent.)
   */
  const configured = (r: Resource, path: string): boolean => {
    const v = getPath(r.values, path);
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return false;
    if (!isUnknown(v) || !fromPlan || v.origins.some((o) => o.address !== r.address)) return true;
    const loose = path.replace(/\.\d+(?=\.|$)/g, '');
    return r.references.some((x) => x.attribute === path || x.attribute.startsWith(path + '.') || x.attribute.replace(/\.\d+(?=\.|$)/g, '') === loose);
  };
  const vpcs: Network['vpcs'] = new Map();
  for (const v of index.ofType(...VPC_TYPES)) {
    vpcs.set(v.address, { address: v.address, cidr: cidrOf(v.values.cidr_block, `${v.address}.cidr_block`), label: nameOf(v) });
  }
  const vpcOf = (r: Resource, attr = 'vpc_id'): string | undefined => {
    const { found } = resolve(index, r, attr, VPC_TYPES);
    return found[0]?.address ?? (vpcs.size === 1 ? [...vpcs.keys()][0] : undefined);
  };

  // ---- security groups
  const sgs = new Map<string, SecurityGroup>();
  for (const r of index.ofType(...SG_TYPES)) {
    const sg: SecurityGroup = { address: r.address, vpc: vpcOf(r), name: str(r.values.name), ingress: [], egress: [] };
    for (const direction of ['ingress', 'egress'] as const) {
      const v = r.values[direction];
      if (isUnknown(v)) {
        // Not configured inline (a plan's computed value): terraform creates no inline rules (and
        // removes AWS's default allow-all egress), so only separate rule resources add rules.
        // Configured but unknown (a dynamic block over a value known after apply): any rule.
        if (configured(r, direction)) {
          const from = v.origins.filter((o) => o.address !== r.address).map((o) => `${o.address}.${o.attribute}`);
          const what = `${direction} is unknown until apply (${v.reason}${from.length ? `; from ${from.join(', ')}` : ''})`;
          sg[direction].push({ direction, protocol: 'unknown', ports: 'unknown', peers: [{ kind: 'unknown', reason: what }], ref: ref(r, what, direction) });
        }
        continue;
      }
      list(v).forEach((block, i) => {
        if (!isObjectValue(block)) return;
        const path = `${direction}.${i}`;
        sg[direction].push(
          sgRule(r, direction, block.protocol, block.from_port, block.to_port, `${direction}[${i}]${descr(block.description)}`, path, {
            cidrs: [block.cidr_blocks, `${path}.cidr_blocks`],
            ipv6: block.ipv6_cidr_blocks,
            prefixLists: block.prefix_list_ids,
            self: block.self === true ? r.address : undefined,
            sgAttr: list(block.security_groups).length || isUnknown(block.security_groups) ? `${path}.security_groups` : undefined,
          }),
        );
      });
    }
    sgs.set(r.address, sg);
  }
  const orphanRules: Network['orphanRules'] = { ingress: [], egress: [] };
  const attachRule = (owner: Resource, ownerAttr: string, rule: SgRule) => {
    const { found, unresolved } = resolve(index, owner, ownerAttr, SG_TYPES);
    if (found.length === 0) {
      // It belongs to some group: every group may have it (possible, never certain).
      notes.push(`${owner.address}: its security group could not be resolved (${unresolved.join('; ') || 'no reference'}); counted as possibly any group's rule`);
      orphanRules[rule.direction].push(rule);
      return;
    }
    for (const f of found) {
      const sg = sgs.get(f.address);
      if (!sg) continue;
      // `self` on a separate rule means the group the rule belongs to
      const peers = rule.peers.map((p) => (p.kind === 'sg' && p.sg === SELF ? { kind: 'sg' as const, sg: f.address } : p));
      sg[rule.direction].push({ ...rule, peers });
    }
  };
  for (const r of index.ofType('aws_security_group_rule')) {
    const v = r.values;
    const direction = v.type === 'egress' ? 'egress' : 'ingress';
    attachRule(
      r,
      'security_group_id',
      sgRule(r, direction, v.protocol, v.from_port, v.to_port, `${direction} rule${descr(v.description)}`, undefined, {
        cidrs: [v.cidr_blocks, 'cidr_blocks'],
        ipv6: v.ipv6_cidr_blocks,
        prefixLists: v.prefix_list_ids,
        self: v.self === true ? SELF : undefined,
        sgAttr: configured(r, 'source_security_group_id') ? 'source_security_group_id' : undefined,
      }),
    );
  }
  for (const [type, direction] of [
    ['aws_vpc_security_group_ingress_rule', 'ingress'],
    ['aws_vpc_security_group_egress_rule', 'egress'],
  ] as const) {
    for (const r of index.ofType(type)) {
      const v = r.values;
      // cidr_ipv6 and prefix_list_id are configured or null; an unknown one is still an IPv6 CIDR / a prefix list
      attachRule(
        r,
        'security_group_id',
        sgRule(r, direction, v.ip_protocol, v.from_port, v.to_port, `${direction} rule${descr(v.description)}`, undefined, {
          cidrs: [v.cidr_ipv4, 'cidr_ipv4'],
          ipv6: v.cidr_ipv6,
          prefixLists: v.prefix_list_id,
          sgAttr: v.referenced_security_group_id !== null && v.referenced_security_group_id !== undefined ? 'referenced_security_group_id' : undefined,
        }),
      );
    }
  }
  // AWS's default security group of each VPC when the configuration does not manage it.
  const defaultSg = new Map<string, string>();
  for (const r of index.ofType('aws_default_security_group')) {
    const v = vpcOf(r);
    if (v) defaultSg.set(v, r.address);
  }
  const defaultSgOf = (vpc: string | undefined): string | undefined => {
    if (!vpc) return undefined;
    const known = defaultSg.get(vpc);
    if (known) return known;
    const address = `${vpc} (default security group)`;
    if (!sgs.has(address)) {
      const v = index.get(vpc);
      const r: RuleRef = { address: vpc, what: 'AWS default security group (not managed by this configuration)', location: loc(v) };
      sgs.set(address, {
        address,
        vpc,
        ingress: [{ direction: 'ingress', protocol: 'all', ports: ALL_PORTS, peers: [{ kind: 'sg', sg: address }], ref: r }],
        egress: [{ direction: 'egress', protocol: 'all', ports: ALL_PORTS, peers: [{ kind: 'cidr', cidr: parseCidr('0.0.0.0/0')! }], ref: r }],
      });
    }
    defaultSg.set(vpc, address);
    return address;
  };

  // Wiring that could not be resolved makes every subnet's NACL / routing uncertain (never silently
  // "no NACL" or "no route").
  const naclWiring: string[] = [];
  const routeWiring: string[] = [];

  // ---- NACLs
  const nacls = new Map<string, Nacl>();
  const naclOfSubnet = new Map<string, string>();
  for (const r of index.ofType('aws_network_acl', 'aws_default_network_acl')) {
    const n: Nacl = { address: r.address, isDefault: r.type === 'aws_default_network_acl', ingress: [], egress: [] };
    for (const direction of ['ingress', 'egress'] as const) {
      list(r.values[direction]).forEach((b, i) => {
        if (!isObjectValue(b)) return;
        n[direction].push(naclRule(r, `${direction}.${i}`, b.rule_no, b.action, b.protocol, b.from_port, b.to_port, b.cidr_block, b.ipv6_cidr_block));
      });
    }
    nacls.set(r.address, n);
    for (const s of resolve(index, r, 'subnet_ids', ['aws_subnet']).found) naclOfSubnet.set(s.address, r.address);
  }
  for (const r of index.ofType('aws_network_acl_rule')) {
    const { found } = resolve(index, r, 'network_acl_id', ['aws_network_acl', 'aws_default_network_acl']);
    const rule = naclRule(r, '', r.values.rule_number, r.values.rule_action, r.values.protocol, r.values.from_port, r.values.to_port, r.values.cidr_block, r.values.ipv6_cidr_block);
    for (const f of found) nacls.get(f.address)?.[r.values.egress === true ? 'egress' : 'ingress'].push(rule);
    if (!found.length) naclWiring.push(`${r.address}: its network ACL could not be resolved`);
  }
  for (const r of index.ofType('aws_network_acl_association')) {
    const n = resolve(index, r, 'network_acl_id', ['aws_network_acl']).found[0];
    const subs = resolve(index, r, 'subnet_id', ['aws_subnet']).found;
    if (!n || !subs.length) naclWiring.push(`${r.address}: its network ACL or subnet could not be resolved`);
    for (const s of subs) if (n) naclOfSubnet.set(s.address, n.address);
  }
  const defaultNacl = new Map<string, string>();
  for (const r of index.ofType('aws_default_network_acl')) {
    // default_network_acl_id = aws_vpc.x.default_network_acl_id names the VPC
    const v = vpcOf(r, 'default_network_acl_id');
    if (v) defaultNacl.set(v, r.address);
  }
  for (const n of nacls.values()) for (const d of ['ingress', 'egress'] as const) n[d].sort((a, b) => a.number - b.number);
  // A rule whose number or action is unknown could stand anywhere in the order, or allow or deny:
  // the whole ACL is uncertain (never read as if that rule came last or denied).
  const naclUnknown = new Map<string, string>();
  for (const n of nacls.values()) {
    const u = [...n.ingress, ...n.egress].filter((x) => x.undecided).map((x) => `${formatRuleRef(x.ref)}: ${x.undecided}`);
    if (u.length) naclUnknown.set(n.address, u.join('; '));
  }
  const allowAll = (vpc: string | undefined): Nacl => {
    const address = `${vpc ?? 'vpc'} (default network ACL)`;
    const r: RuleRef = { address: vpc ?? address, what: 'AWS default network ACL (allows all; not managed by this configuration)' };
    const any = (): NaclRule => ({ number: 100, allow: true, protocol: 'all', ports: ALL_PORTS, cidr: parseCidr('0.0.0.0/0')!, ref: r });
    return { address, isDefault: true, ingress: [any()], egress: [any()] };
  };

  // ---- gateways and route tables
  const natSubnet = new Map<string, string>();
  const natFaces = new Map<string, Endpoint>();
  for (const r of index.ofType('aws_nat_gateway')) {
    const s = resolve(index, r, 'subnet_id', ['aws_subnet']).found[0];
    if (s) natSubnet.set(r.address, s.address);
    const ip = r.values.public_ip;
    const eipR = resolve(index, r, 'allocation_id', ['aws_eip']).found[0];
    const address: AddressSpace =
      typeof ip === 'string' && parseCidr(ip) ? { kind: 'cidrs', cidrs: [parseCidr(ip)!] } : eipR ? eipAddress(eipR) : { kind: 'public', reason: `the public address of ${r.address} is known after apply` };
    natFaces.set(r.address, face(r.address, `NAT gateway ${r.address}`, address));
  }
  const routeTarget = (r: Resource, b: Record<string, Value>, path: string): RouteTarget => {
    const p = path ? `${path}.` : '';
    const has = (k: string) => configured(r, `${p}${k}`);
    if (b.gateway_id === 'local') return { kind: 'local' };
    if (has('nat_gateway_id')) {
      const f = resolve(index, r, `${p}nat_gateway_id`, ['aws_nat_gateway']);
      const g = f.found[0];
      if (!g) return { kind: 'unknown', reason: f.unresolved.join('; ') || 'NAT gateway not in this model' };
      const ct = g.values.connectivity_type;
      if (ct === 'private') return { kind: 'other', what: `${g.address} (a private NAT gateway: no internet)` };
      if (isUnknown(ct) && configured(g, 'connectivity_type')) return { kind: 'unknown', reason: `${g.address}.connectivity_type is unknown until apply (a private NAT gateway reaches no internet)` };
      return { kind: 'nat', address: g.address, face: natFaces.get(g.address) };
    }
    if (has('gateway_id')) {
      const f = resolve(index, r, `${p}gateway_id`, ['aws_internet_gateway', 'aws_vpn_gateway', 'aws_egress_only_internet_gateway']);
      const g = f.found[0];
      if (g?.type === 'aws_internet_gateway') return { kind: 'igw', address: g.address };
      if (g) return { kind: 'other', what: g.address };
      if (typeof b.gateway_id === 'string' && b.gateway_id.startsWith('igw-')) return { kind: 'igw', address: b.gateway_id };
      return { kind: 'unknown', reason: f.unresolved.join('; ') || 'gateway not in this model' };
    }
    for (const k of ['transit_gateway_id', 'vpc_peering_connection_id', 'network_interface_id', 'vpc_endpoint_id', 'egress_only_gateway_id', 'carrier_gateway_id', 'local_gateway_id', 'core_network_arn', 'instance_id']) {
      if (has(k)) return { kind: 'other', what: k.replace(/_id$|_arn$/, '') };
    }
    if (isUnknown(b.gateway_id)) {
      // Old plans omit the references of nested blocks. An id unknown before apply is the id of
      // something this plan creates; when the model holds exactly one gateway a route can name,
      // it is that one.
      const candidates = index.ofType('aws_internet_gateway', 'aws_vpn_gateway');
      if (candidates.length === 1 && candidates[0].type === 'aws_internet_gateway') {
        notes.push(`${r.address}: ${p}gateway_id is unknown and unreferenced in the plan; taken as ${candidates[0].address}, the only gateway in the model`);
        return { kind: 'igw', address: candidates[0].address };
      }
    }
    return { kind: 'unknown', reason: `route target unknown until apply and not referenced (${r.address}${path ? ` ${path}` : ''})` };
  };
  const tables = new Map<string, RouteTable>();
  for (const r of index.ofType('aws_route_table', 'aws_default_route_table')) {
    const t: RouteTable = { address: r.address, routes: [] };
    const routes = r.values.route;
    list(routes).forEach((b, i) => {
      if (!isObjectValue(b)) return;
      if (b.cidr_block === null || b.cidr_block === undefined || b.cidr_block === '') return; // IPv6-only route
      t.routes.push({ dest: cidrOf(b.cidr_block, `${r.address}.route[${i}].cidr_block`), target: routeTarget(r, b, `route.${i}`), ref: ref(r, `route ${str(b.cidr_block) ?? '?'}`, `route.${i}`) });
    });
    tables.set(r.address, t);
  }
  for (const r of index.ofType('aws_route')) {
    const t = resolve(index, r, 'route_table_id', ['aws_route_table', 'aws_default_route_table']).found[0];
    if (!t) {
      routeWiring.push(`${r.address}: its route table could not be resolved`);
      continue;
    }
    const d = r.values.destination_cidr_block;
    if (d === null || d === undefined) continue;
    tables.get(t.address)?.routes.push({ dest: cidrOf(d, `${r.address}.destination_cidr_block`), target: routeTarget(r, r.values, ''), ref: ref(r, `route ${str(d) ?? '?'}`) });
  }
  const tableOfSubnet = new Map<string, string>();
  for (const r of index.ofType('aws_route_table_association')) {
    const t = resolve(index, r, 'route_table_id', ['aws_route_table', 'aws_default_route_table']).found[0];
    const subs = resolve(index, r, 'subnet_id', ['aws_subnet']).found;
    if (!t || !subs.length) routeWiring.push(`${r.address}: its route table or subnet could not be resolved`);
    for (const s of subs) if (t) tableOfSubnet.set(s.address, t.address);
  }
  const mainTable = new Map<string, string>();
  for (const r of index.ofType('aws_default_route_table')) {
    // default_route_table_id = aws_vpc.x.default_route_table_id names the VPC
    const vpc = vpcOf(r, 'default_route_table_id');
    if (vpc) mainTable.set(vpc, r.address);
  }
  for (const r of index.ofType('aws_main_route_table_association')) {
    const t = resolve(index, r, 'route_table_id', ['aws_route_table']).found[0];
    const v = vpcOf(r);
    if (t && v) mainTable.set(v, t.address);
  }

  // ---- subnets
  const subnets = new Map<string, Subnet>();
  for (const r of index.ofType('aws_subnet')) {
    const vpc = vpcOf(r);
    const explicit = tableOfSubnet.get(r.address);
    const main = vpc ? mainTable.get(vpc) : undefined;
    const naclAddr = naclOfSubnet.get(r.address) ?? (vpc ? defaultNacl.get(vpc) : undefined);
    const mp = r.values.map_public_ip_on_launch;
    subnets.set(r.address, {
      address: r.address,
      vpc,
      cidr: cidrOf(r.values.cidr_block, `${r.address}.cidr_block`),
      az: str(r.values.availability_zone),
      routeTable: tables.get(explicit ?? main ?? ''),
      routeTableVia: explicit ? 'association' : main ? 'main route table of the VPC' : 'the VPC main route table (local route only; not managed here)',
      nacl: (naclAddr && nacls.get(naclAddr)) || allowAll(vpc),
      mapPublicIp: isUnknown(mp) ? 'unknown' : mp === true,
      naclUncertain: [...naclWiring, ...(naclAddr && naclUnknown.has(naclAddr) ? [naclUnknown.get(naclAddr)!] : [])].join('; ') || undefined,
      routesUncertain: routeWiring.length ? routeWiring.join('; ') : undefined,
      resource: r,
    });
  }
  for (const [nat, s] of natSubnet) {
    for (const t of tables.values()) for (const rt of t.routes) if (rt.target.kind === 'nat' && rt.target.address === nat) rt.target.subnet = subnets.get(s);
  }

  // ---- endpoints
  const endpoints: Endpoint[] = [];
  const internet: Endpoint = {
    key: 'internet',
    kind: 'internet',
    label: 'internet',
    subnets: [],
    sgs: [],
    sgsUnknown: [],
    address: { kind: 'internet' },
    publicIp: { value: 'yes', note: 'the internet' },
  };
  const subnetsOf = (r: Resource, attr: string): { list: Subnet[]; unknown?: string } => {
    const { found, unresolved } = resolve(index, r, attr, ['aws_subnet']);
    const l = found.map((s) => subnets.get(s.address)!).filter(Boolean);
    return { list: l, unknown: unresolved.length ? unresolved.join('; ') : l.length ? undefined : `${attr} resolves to no subnet of this model` };
  };
  const sgsOf = (r: Resource, attrs: string[], vpc: string | undefined): { sgs: string[]; unknown: string[] } => {
    const out: string[] = [];
    const unknown: string[] = [];
    let declared = false;
    for (const a of attrs) {
      if (!configured(r, a)) continue;
      declared = true;
      const { found, unresolved } = resolve(index, r, a, SG_TYPES);
      for (const f of found) out.push(f.address);
      unknown.push(...unresolved);
    }
    if (!declared) {
      // Not given: AWS attaches the VPC's default security group.
      const d = defaultSgOf(vpc);
      if (d) out.push(d);
    }
    return { sgs: [...new Set(out)], unknown };
  };
  /** The fields every VPC endpoint has: who it is, where it is, which security groups it carries. */
  const placed = (r: Resource, kind: EndpointKind, s: { list: Subnet[]; unknown?: string }, g: { sgs: string[]; unknown: string[] }) => ({
    key: r.address,
    kind,
    ...tagsOf(r),
    resource: r,
    vpc: s.list[0]?.vpc ?? (kind === 'instance' && vpcs.size === 1 ? [...vpcs.keys()][0] : undefined),
    subnets: s.list,
    subnetsUnknown: s.unknown,
    sgs: g.sgs,
    sgsUnknown: g.unknown,
  });
  // One AddressSpace object per distinct address set, so evaluation caches can key on identity.
  const spaces = new Map<string, AddressSpace>();
  const canonical = (a: AddressSpace): AddressSpace => {
    const k = a.kind === 'cidrs' ? a.cidrs.map((c) => c.text).join(',') : a.kind === 'unknown' || a.kind === 'public' ? `${a.kind}?${a.reason}` : 'internet';
    let c = spaces.get(k);
    if (!c) spaces.set(k, (c = a));
    return c;
  };
  const addrOf = (subs: Subnet[], unknown: string | undefined, ip?: Value): AddressSpace => canonical(addrOfRaw(subs, unknown, ip));
  const addrOfRaw = (subs: Subnet[], unknown: string | undefined, ip?: Value): AddressSpace => {
    if (typeof ip === 'string' && parseCidr(ip)) return { kind: 'cidrs', cidrs: [parseCidr(ip)!] };
    if (unknown && subs.length === 0) return { kind: 'unknown', reason: unknown };
    const cidrs: Cidr[] = [];
    for (const s of subs) {
      if (!isCidr(s.cidr)) return { kind: 'unknown', reason: s.cidr.unknown };
      cidrs.push(s.cidr);
    }
    return cidrs.length ? { kind: 'cidrs', cidrs } : { kind: 'unknown', reason: unknown ?? 'no subnet' };
  };
  const tagsOf = (r: Resource) => {
    const t = effectiveTags(r);
    const role = t.Role;
    const env = t.Environment;
    return { role, env, label: role && env ? `${env}-${role}` : role ?? r.address };
  };
  /** instance → its Elastic IP (the aws_eip, or the association when the EIP is not in the model) */
  const eip = new Map<string, Resource>();
  for (const r of index.ofType('aws_eip')) for (const i of resolve(index, r, 'instance', ['aws_instance']).found) eip.set(i.address, r);
  for (const r of index.ofType('aws_eip_association')) {
    const e = resolve(index, r, 'allocation_id', ['aws_eip']).found[0];
    for (const i of resolve(index, r, 'instance_id', ['aws_instance']).found) eip.set(i.address, e ?? r);
  }

  for (const r of index.ofType('aws_instance')) {
    const s = subnetsOf(r, 'subnet_id');
    const vpc = s.list[0]?.vpc ?? (vpcs.size === 1 ? [...vpcs.keys()][0] : undefined);
    const g = sgsOf(r, ['vpc_security_group_ids', 'security_groups'], vpc);
    const t = tagsOf(r);
    const apip = r.values.associate_public_ip_address;
    let publicIp: Endpoint['publicIp'];
    const elastic = eip.get(r.address);
    if (elastic) publicIp = { value: 'yes', ref: ref(r, 'Elastic IP'), note: 'an Elastic IP is associated' };
    else if (typeof r.values.public_ip === 'string' && r.values.public_ip !== '') publicIp = { value: 'yes', ref: ref(r, 'public_ip'), note: `public IP ${r.values.public_ip}` };
    else if (apip === true) publicIp = { value: 'yes', ref: ref(r, 'associate_public_ip_address', 'associate_public_ip_address'), note: 'associate_public_ip_address = true' };
    else if (apip === false) publicIp = { value: 'no', ref: ref(r, 'associate_public_ip_address', 'associate_public_ip_address'), note: 'associate_public_ip_address = false' };
    else {
      const mp = s.list.length ? s.list[0].mapPublicIp : 'unknown';
      const sr = s.list[0] ? ref(s.list[0].resource, 'map_public_ip_on_launch', 'map_public_ip_on_launch') : undefined;
      publicIp =
        mp === true
          ? { value: 'yes', ref: sr, note: 'its subnet has map_public_ip_on_launch = true' }
          : mp === false
            ? { value: 'no', ref: sr, note: 'no public IP (associate_public_ip_address unset, subnet map_public_ip_on_launch = false)' }
            : { value: 'maybe', ref: sr, note: 'whether it gets a public IP is unknown until apply' };
    }
    endpoints.push({
      ...placed(r, 'instance', s, g),
      address: addrOf(s.list, s.unknown, r.values.private_ip),
      publicIp,
      publicFace:
        publicIp.value === 'no'
          ? undefined
          : face(
              r.address,
              t.label,
              elastic?.type === 'aws_eip'
                ? eipAddress(elastic)
                : typeof r.values.public_ip === 'string' && parseCidr(r.values.public_ip)
                  ? { kind: 'cidrs', cidrs: [parseCidr(r.values.public_ip)!] }
                  : { kind: 'public', reason: `the public IP of ${r.address} is known after apply` },
            ),
    });
  }
  for (const r of index.ofType('aws_network_interface')) {
    if (isObjectValue(list(r.values.attachment)[0])) continue; // attached ENIs act as their instance
    const s = subnetsOf(r, 'subnet_id');
    const vpc = s.list[0]?.vpc;
    const g = sgsOf(r, ['security_groups'], vpc);
    endpoints.push({
      ...placed(r, 'eni', s, g),
      address: addrOf(s.list, s.unknown, list(r.values.private_ips)[0]),
      publicIp: { value: 'no', note: 'a network interface without an Elastic IP' },
    });
  }
  const groupSubnets = (r: Resource, attr: string, groupType: string): { list: Subnet[]; unknown?: string } => {
    const g = resolve(index, r, attr, [groupType]).found[0];
    if (!g) return { list: [], unknown: `${attr} resolves to no ${groupType} of this model` };
    return subnetsOf(g, 'subnet_ids');
  };
  for (const r of index.ofType('aws_db_instance')) {
    const s = groupSubnets(r, 'db_subnet_group_name', 'aws_db_subnet_group');
    const vpc = s.list[0]?.vpc;
    const g = sgsOf(r, ['vpc_security_group_ids'], vpc);
    const engine = String(r.values.engine ?? '');
    const dflt = engine.includes('postgres') ? 5432 : engine.includes('mysql') || engine.includes('maria') || engine.includes('aurora') ? 3306 : engine.includes('sqlserver') ? 1433 : engine.includes('oracle') ? 1521 : undefined;
    const p = num(r.values.port);
    const pub = r.values.publicly_accessible;
    endpoints.push({
      ...placed(r, 'rds', s, g),
      address: addrOf(s.list, s.unknown),
      publicIp: { value: pub === true ? 'yes' : isUnknown(pub) ? 'maybe' : 'no', ref: ref(r, 'publicly_accessible', 'publicly_accessible'), note: `publicly_accessible = ${JSON.stringify(pub ?? false)}` },
      servicePort: { port: typeof p === 'number' ? p : (dflt ?? 'unknown'), ref: ref(r, `port${p === undefined ? ` (engine default for ${engine || 'unknown engine'})` : ''}`, 'port') },
    });
  }
  for (const r of index.ofType('aws_elasticache_replication_group', 'aws_elasticache_cluster')) {
    if (r.type === 'aws_elasticache_cluster' && r.values.replication_group_id) continue;
    const s = groupSubnets(r, 'subnet_group_name', 'aws_elasticache_subnet_group');
    const vpc = s.list[0]?.vpc;
    const g = sgsOf(r, ['security_group_ids'], vpc);
    const p = num(r.values.port);
    endpoints.push({
      ...placed(r, 'elasticache', s, g),
      address: addrOf(s.list, s.unknown),
      publicIp: { value: 'no', note: 'ElastiCache has no public address' },
      servicePort: { port: typeof p === 'number' ? p : 6379, ref: ref(r, p === undefined ? 'port (default 6379)' : 'port', 'port') },
    });
  }

  /** An internet-facing load balancer's public addresses: the Elastic IPs of its subnet mappings, else AWS's. */
  const lbPublicAddress = (r: Resource, mappings: number): AddressSpace => {
    const cidrs: Cidr[] = [];
    for (let i = 0; i < mappings; i++) {
      if (!configured(r, `subnet_mapping.${i}.allocation_id`)) return { kind: 'public', reason: `AWS assigns the public address of ${r.address} in subnet_mapping[${i}] at apply` };
      const e = resolve(index, r, `subnet_mapping.${i}.allocation_id`, ['aws_eip']).found[0];
      const a = e ? eipAddress(e) : undefined;
      if (a?.kind !== 'cidrs') return a ?? { kind: 'public', reason: `subnet_mapping[${i}].allocation_id of ${r.address} is not an aws_eip of this model` };
      cidrs.push(...a.cidrs);
    }
    return cidrs.length ? canonical({ kind: 'cidrs', cidrs }) : { kind: 'public', reason: `AWS assigns the public addresses of ${r.address} at apply` };
  };

  // load balancers
  const lbByAddress = new Map<string, Endpoint>();
  for (const r of index.ofType('aws_lb', 'aws_alb')) {
    const type = r.values.load_balancer_type === 'network' ? 'network' : r.values.load_balancer_type === 'gateway' ? undefined : 'application';
    if (!type) {
      notes.push(`${r.address}: gateway load balancers are not modelled`);
      continue;
    }
    let s = subnetsOf(r, 'subnets');
    const mappings = list(r.values.subnet_mapping);
    if (!s.list.length) {
      const fromMapping = mappings.flatMap((_, i) => subnetsOf(r, `subnet_mapping.${i}.subnet_id`).list);
      if (fromMapping.length) s = { list: fromMapping };
    }
    const vpc = s.list[0]?.vpc;
    const sgDeclared = configured(r, 'security_groups');
    const g = type === 'network' && !sgDeclared ? { sgs: [], unknown: [] } : sgsOf(r, ['security_groups'], vpc);
    const internal = r.values.internal;
    const e: Endpoint = {
      ...placed(r, type === 'network' ? 'nlb' : 'alb', s, g),
      noSecurityGroups: type === 'network' && !sgDeclared,
      address: addrOf(s.list, s.unknown),
      publicIp: {
        value: internal === true ? 'no' : isUnknown(internal) ? 'maybe' : 'yes',
        ref: ref(r, 'internal', 'internal'),
        note: internal === true ? 'internal load balancer' : 'internet-facing load balancer',
      },
      lb: { type, internal: isUnknown(internal) ? 'unknown' : internal === true, listeners: [] },
    };
    if (internal !== true) e.publicFace = face(r.address, e.label, lbPublicAddress(r, mappings.length));
    endpoints.push(e);
    lbByAddress.set(r.address, e);
  }
  const tgs = new Map<string, TargetGroup>();
  const lbWiringUnknown: string[] = [];
  for (const r of index.ofType('aws_lb_target_group', 'aws_alb_target_group')) {
    const protocol = String(r.values.protocol ?? 'HTTP').toUpperCase();
    const targetType = String(r.values.target_type ?? 'instance');
    const pci = r.values.preserve_client_ip;
    const preserve =
      protocol === 'UDP' || protocol === 'TCP_UDP' ? true : pci === true || pci === 'true' ? true : pci === false || pci === 'false' ? false : targetType === 'instance';
    const hc = isObjectValue(list(r.values.health_check)[0]) ? (list(r.values.health_check)[0] as Record<string, Value>) : undefined;
    const hp = hc?.port;
    const port = num(r.values.port);
    tgs.set(r.address, {
      address: r.address,
      port: typeof port === 'number' ? port : undefined,
      protocol,
      targetType,
      preserveClientIp: preserve,
      healthPort: typeof hp === 'string' && /^\d+$/.test(hp) ? Number(hp) : typeof hp === 'number' ? hp : undefined,
      targets: [],
    });
  }
  for (const r of index.ofType('aws_lb_target_group_attachment', 'aws_alb_target_group_attachment')) {
    const tg = resolve(index, r, 'target_group_arn', ['aws_lb_target_group', 'aws_alb_target_group']).found[0];
    const target = resolve(index, r, 'target_id', ['aws_instance', 'aws_lb', 'aws_alb']).found[0];
    if (!tg || !target) {
      lbWiringUnknown.push(`${r.address}: target group or target could not be resolved; attachment ignored`);
      continue;
    }
    const p = num(r.values.port);
    tgs.get(tg.address)?.targets.push({ endpoint: target.address, port: typeof p === 'number' ? p : undefined, ref: ref(r, 'target attachment') });
  }
  const forwardsOf = (r: Resource, path: string, block: Record<string, Value>, conditions: string, rr: RuleRef): Forward[] => {
    const out: Forward[] = [];
    const addTg = (attr: string) => {
      for (const t of resolve(index, r, attr, ['aws_lb_target_group', 'aws_alb_target_group']).found) {
        const tg = tgs.get(t.address);
        if (tg && !out.some((f) => f.targetGroup === tg)) out.push({ targetGroup: tg, ref: rr, conditions });
      }
    };
    if (block.type !== 'forward') return out;
    if (block.target_group_arn !== null && block.target_group_arn !== undefined) addTg(`${path}.target_group_arn`);
    list(block.forward).forEach((f, i) => {
      if (isObjectValue(f)) list(f.target_group).forEach((_, j) => addTg(`${path}.forward.${i}.target_group.${j}.arn`));
    });
    return out;
  };
  const listeners = new Map<string, Listener>();
  for (const r of index.ofType('aws_lb_listener', 'aws_alb_listener')) {
    const lb = resolve(index, r, 'load_balancer_arn', ['aws_lb', 'aws_alb']).found[0];
    const e = lb && lbByAddress.get(lb.address);
    if (!e?.lb) {
      lbWiringUnknown.push(`${r.address}: its load balancer could not be resolved; listener ignored`);
      continue;
    }
    const pv = r.values.protocol;
    // An ALB listens on TCP whatever its protocol; an NLB listener of unknown protocol may be TCP or UDP.
    const protocolUnknown = isUnknown(pv) && e.lb.type === 'network' ? `${r.address}.protocol is unknown until apply (${pv.reason})` : undefined;
    const protocol = isUnknown(pv) ? '(unknown)' : String(pv ?? (e.lb.type === 'application' ? 'HTTP' : 'TCP')).toUpperCase();
    const port = num(r.values.port);
    const l: Listener = {
      address: r.address,
      port: typeof port === 'number' ? port : 'unknown',
      protocol,
      transport: protocolUnknown ? 'tcp+udp' : protocol === 'UDP' ? 'udp' : protocol === 'TCP_UDP' ? 'tcp+udp' : 'tcp',
      protocolUnknown,
      forwards: [],
      defaultAction: '',
      ref: ref(r, `listener ${protocol}:${typeof port === 'number' ? port : '?'}`, 'port'),
    };
    list(r.values.default_action).forEach((a, i) => {
      if (!isObjectValue(a)) return;
      l.defaultAction = String(a.type ?? '');
      l.forwards.push(...forwardsOf(r, `default_action.${i}`, a, '', ref(r, 'default action', `default_action.${i}`)));
    });
    e.lb.listeners.push(l);
    listeners.set(r.address, l);
  }
  for (const r of index.ofType('aws_lb_listener_rule', 'aws_alb_listener_rule')) {
    const lr = resolve(index, r, 'listener_arn', ['aws_lb_listener', 'aws_alb_listener']).found[0];
    const l = lr && listeners.get(lr.address);
    if (!l) {
      lbWiringUnknown.push(`${r.address}: its listener could not be resolved; rule ignored`);
      continue;
    }
    const conds: string[] = [];
    for (const c of list(r.values.condition)) {
      if (!isObjectValue(c)) continue;
      for (const [k, label] of [['host_header', 'host'], ['path_pattern', 'path'], ['http_request_method', 'method'], ['source_ip', 'source-ip']] as const) {
        for (const h of list(c[k])) if (isObjectValue(h)) conds.push(`${label} ${list(h.values).map((x) => (isUnknown(x) ? '(unknown)' : String(x))).join('|')}`);
      }
    }
    const prio = num(r.values.priority);
    const rr = ref(r, `listener rule${typeof prio === 'number' ? ` priority ${prio}` : ''}${conds.length ? ` (${conds.join(', ')})` : ''}`, 'condition');
    list(r.values.action).forEach((a, i) => {
      if (isObjectValue(a)) l.forwards.push(...forwardsOf(r, `action.${i}`, a, conds.join(', '), rr));
    });
  }

  const byKey = new Map(endpoints.map((e) => [e.key, e]));
  const members = new Map<string, Endpoint[]>();
  for (const e of endpoints) for (const g of e.sgs) (members.get(g) ?? members.set(g, []).get(g)!).push(e);
  notes.push(...lbWiringUnknown, ...naclWiring, ...routeWiring);
  return { endpoints, byKey, internet, sgs, subnets, vpcs, members, notes, lbWiringUnknown, orphanRules };

  /**
   * One security-group rule, from any of its three forms (inline block, aws_security_group_rule,
   * aws_vpc_security_group_*_rule). A list unknown as a whole is an unknown peer, never none; an
   * IPv6 CIDR, known or not, never matches an IPv4 endpoint; a prefix list is never resolved.
   */
  function sgRule(
    r: Resource,
    direction: 'ingress' | 'egress',
    protocol: Value | undefined,
    from: Value | undefined,
    to: Value | undefined,
    what: string,
    path: string | undefined,
    p: { cidrs: [Value | undefined, string]; ipv6?: Value; prefixLists?: Value; self?: string; sgAttr?: string },
  ): SgRule {
    const peers: Peer[] = [];
    const [cidrs, cidrAttr] = p.cidrs;
    if (isUnknown(cidrs)) peers.push({ kind: 'unknown', reason: `${cidrAttr} is unknown until apply (${cidrs.reason})` });
    else for (const c of items(cidrs)) peers.push(peerCidr(c, cidrAttr));
    for (const c of isUnknown(p.ipv6) ? [p.ipv6] : items(p.ipv6)) peers.push({ kind: 'ipv6', text: isUnknown(c) ? '(IPv6, known after apply)' : String(c) });
    for (const x of isUnknown(p.prefixLists) ? [p.prefixLists] : items(p.prefixLists)) peers.push({ kind: 'prefix-list', id: isUnknown(x) ? '(known after apply)' : String(x) });
    if (p.self) peers.push({ kind: 'sg', sg: p.self });
    if (p.sgAttr) {
      const { found, unresolved } = resolve(index, r, p.sgAttr, SG_TYPES);
      for (const f of found) peers.push({ kind: 'sg', sg: f.address });
      for (const u of unresolved) peers.push({ kind: 'unknown', reason: u });
    }
    const proto = normProtocol(protocol);
    return { direction, protocol: proto, ports: rulePorts(proto, from, to), peers, ref: ref(r, what, path) };
  }

  function peerCidr(c: Value, what: string): Peer {
    if (isUnknown(c)) return { kind: 'unknown', reason: `${what} is unknown until apply (${c.reason})` };
    const p = typeof c === 'string' ? parseCidr(c) : undefined;
    return p ? { kind: 'cidr', cidr: p } : { kind: 'unknown', reason: `${what} = ${JSON.stringify(c)} is not an IPv4 CIDR` };
  }

  function naclRule(r: Resource, path: string, no: Value | undefined, action: Value | undefined, protocol: Value | undefined, from: Value | undefined, to: Value | undefined, cidr: Value | undefined, v6: Value | undefined): NaclRule {
    const p = normProtocol(protocol);
    const n = num(no);
    const c: NaclRule['cidr'] =
      cidr === null || cidr === undefined || cidr === ''
        ? typeof v6 === 'string' && v6 !== ''
          ? { ipv6: v6 }
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
      ports: rulePorts(p, from, to),
      cidr: c,
      ref: ref(r, `rule ${typeof n === 'number' ? n : '?'} ${String(action ?? '?')}`, path || undefined),
    };
  }
}

/** The public address of an Elastic IP: its /32 once known, else a public address known after apply. */
function eipAddress(eip: Resource): AddressSpace {
  const ip = eip.values.public_ip;
  const c = typeof ip === 'string' ? parseCidr(ip) : undefined;
  return c && c.bits === 32 ? { kind: 'cidrs', cidrs: [c] } : { kind: 'public', reason: `${eip.address}.public_ip is known after apply` };
}

/** An address on the internet side of something in the VPC (see Endpoint.publicFace). */
function face(key: string, label: string, address: AddressSpace): Endpoint {
  const text = address.kind === 'cidrs' ? address.cidrs.map((c) => c.text).join(', ') : 'known after apply';
  return { key: `${key} (public address)`, kind: 'internet', label: `${label} public address ${text}`, subnets: [], sgs: [], sgsUnknown: [], address, publicIp: { value: 'yes', note: 'a public address' } };
}

function descr(d: Value | undefined): string {
  return typeof d === 'string' && d !== '' ? ` "${d}"` : '';
}

function nameOf(r: Resource): string {
  const t = effectiveTags(r);
  return t.Name ?? r.address;
}
