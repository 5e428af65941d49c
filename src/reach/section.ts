/**
 * The reachability section of a report: the role matrix and a topology (VPC → subnets → endpoints,
 * with the allowed flows between endpoints) that the HTML report draws and other tools can read.
 */
import { isCidr, type Network, type Unmodelled } from '../network/index.js';
import { formatPorts, isEmpty } from '../network/ports.js';
import type { Matrix, RoleCell } from './matrix.js';

export interface TopologyEndpoint {
  key: string;
  label: string;
  kind: string;
  env?: string;
  role?: string;
}

export interface TopologySubnet {
  address: string;
  cidr: string;
  /** public: routes 0.0.0.0/0 to an internet gateway; private: through NAT; isolated: neither */
  tier: 'public' | 'private' | 'isolated';
  endpoints: TopologyEndpoint[];
}

export interface Topology {
  vpcs: { address: string; label: string; cidr: string; subnets: TopologySubnet[] }[];
  /** Endpoints placed in no known subnet (load balancers span several: they sit in the first) */
  unplaced: TopologyEndpoint[];
  edges: { from: string; to: string; ports: string; via?: string; env?: string }[];
}

export interface ReachabilitySection {
  roles: string[];
  cells: RoleCell[];
  topology: Topology;
  notes: string[];
  /** Resources that put interfaces in the VPC but are not modelled */
  notModelled: Unmodelled[];
  stats: { endpoints: number; securityGroups: number; flows: number; evaluated: number; millis: number };
}

export function topologyOf(net: Network, m: Matrix): Topology {
  const ep = (e: (typeof net.endpoints)[number]): TopologyEndpoint => ({ key: e.key, label: e.label, kind: e.kind, env: e.env, role: e.role });
  const placed = new Set<string>();
  const vpcs = [...net.vpcs.values()].map((v) => ({
    address: v.address,
    label: v.label,
    cidr: isCidr(v.cidr) ? v.cidr.text : '(unknown)',
    subnets: [...net.subnets.values()]
      .filter((s) => s.vpc === v.address)
      .map((s) => {
        const route = s.routeTable?.routes.find((r) => isCidr(r.dest) && r.dest.bits === 0);
        const tier: TopologySubnet['tier'] = route?.target.kind === 'igw' ? 'public' : route?.target.kind === 'nat' ? 'private' : 'isolated';
        const endpoints = net.endpoints.filter((e) => e.subnets[0] === s && !placed.has(e.key)).map((e) => (placed.add(e.key), ep(e)));
        return { address: s.address, cidr: isCidr(s.cidr) ? s.cidr.text : '(unknown)', tier, endpoints };
      })
      .sort((a, b) => a.tier.localeCompare(b.tier) || a.cidr.localeCompare(b.cidr, undefined, { numeric: true })),
  }));
  const unplaced = net.endpoints.filter((e) => !placed.has(e.key)).map(ep);
  const edges = new Map<string, Topology['edges'][number]>();
  for (const e of m.entries) {
    if (isEmpty(e.yes)) continue;
    const k = `${e.from}\u0000${e.to}\u0000${e.via?.lb ?? ''}`;
    const text = `${formatPorts(e.yes)}/${e.proto}`;
    const prev = edges.get(k);
    const env = net.byKey.get(e.from)?.env ?? net.byKey.get(e.to)?.env;
    edges.set(k, { from: e.from, to: e.to, ports: prev ? `${prev.ports}, ${text}` : text, via: e.via?.lb, env });
  }
  return { vpcs, unplaced, edges: [...edges.values()] };
}
