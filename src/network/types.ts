/**
 * The network model: what AWS would build from the stack model — VPCs, subnets (route table, NACL),
 * gateways, security groups with their rules, and the endpoints traffic flows between, with load
 * balancers as forwarders (listener → rule → target group → targets). Policies (NET-*) and the
 * reachability analysis (src/reach) both read it. Built by `buildNetwork` (build.ts), one file per
 * concern. Everything a value could not tell before apply stays explicit (`unknown` with a reason).
 */
import type { Resource, SourceLocation } from '../model/resource.js';
import type { Cidr } from './cidr.js';
import type { PortSet } from './ports.js';

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

/** A rule's protocol: ICMP and any other protocol never carry a TCP/UDP flow. */
export type RuleProtocol = Proto | 'all' | 'icmp' | 'icmpv6' | 'other' | 'unknown';

export type Peer =
  | { kind: 'cidr'; cidr: Cidr }
  | { kind: 'sg'; sg: string }
  | { kind: 'unknown'; reason: string }
  | { kind: 'prefix-list'; id: string }
  | { kind: 'ipv6'; text: string }
  /** `"${R.attr}/32"`: the one address `attr` of resource R holds (an EIP's public_ip), unknown until apply. */
  | { kind: 'address-of'; symbol: string; text: string };

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
  | { kind: 'other'; what: string; egressOnly?: boolean }
  | { kind: 'unknown'; reason: string };

export interface Route {
  /** IPv4 destination; an IPv6 one (`{ ipv6 }`) never carries the IPv4 flows evaluated here. */
  dest: Cidr | { unknown: string } | { ipv6: string };
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
  /** The subnet has an IPv6 range (so what is in it may have IPv6 addresses) */
  ipv6?: boolean;
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
  /** `addresses`: each public address it may be, as the symbols that name it (aliases: `[aws_eip.x.public_ip, aws_nat_gateway.n.public_ip]`) */
  | { kind: 'public'; reason: string; addresses?: readonly (readonly string[])[] }
  | { kind: 'unknown'; reason: string };

export interface TargetGroup {
  address: string;
  port?: number;
  protocol: string;
  targetType: string;
  preserveClientIp: boolean;
  /** Health-check port when set; undefined = the traffic port of each target */
  healthPort?: number;
  /**
   * Registered targets. `maybe` says why a target is only possibly this one (an attachment whose
   * target or target group is one of several instances, unknown which): flows to it are unknown.
   */
  targets: { endpoint: string; port?: number; ref: RuleRef; maybe?: string }[];
  /**
   * Attachments whose target is not known before apply and names nothing of the model (a plan's
   * `target_id = each.value.instance_id`): any endpoint of the target type may be one of them.
   */
  unknownTargets?: { why: string; port?: number; ref: RuleRef }[];
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

export type EndpointKind =
  | 'internet'
  | 'instance'
  | 'eni'
  | 'rds'
  | 'aurora'
  | 'elasticache'
  | 'alb'
  | 'nlb'
  | 'ecs-service'
  | 'lambda'
  | 'efs'
  | 'opensearch'
  | 'vpc-endpoint'
  | 'asg';

/** A resource that puts network interfaces into the VPC but that the analysis does not model. */
export interface Unmodelled {
  address: string;
  type: string;
  label: string;
  role?: string;
  env?: string;
  why: string;
}

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
  /** The only port it listens on (RDS, Aurora, ElastiCache, EFS, OpenSearch, interface endpoints) */
  servicePort?: {
    port: number | 'unknown';
    /** More ports it certainly listens on (an ECS task's container ports) */
    ports?: readonly number[];
    /** Ports it may listen on (OpenSearch's HTTP 80 unless HTTPS is enforced) */
    maybePorts?: readonly number[];
    ref: RuleRef;
  };
  /** Whether it may have an IPv6 address (absent: no): IPv6 rules then may match it (not evaluated hop by hop) */
  ipv6?: Certainty;
  /** The addresses `R.attr` it holds, as symbols (`aws_instance.x.private_ip`), for `address-of` peers. */
  symbols?: readonly string[];
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
  /** Why a flow between two VPCs may exist (peering, transit gateway in the model), else undefined: none. */
  crossVpc?: string;
  /** Resources that put interfaces in the VPC but are not modelled: every report lists them. */
  unmodelled: Unmodelled[];
}

