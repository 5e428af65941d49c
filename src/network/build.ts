/**
 * buildNetwork: the stack model → the network model, one concern per file, in data-flow order:
 * security groups (permissions.ts → security-groups.ts), NACLs, gateways and routes, subnets, then
 * the endpoints (hosts, data stores, services, load balancers) and what is not modelled.
 */
import type { ModelIndex } from '../model/query.js';
import { BuildContext } from './context.js';
import { readDataStores } from './data-stores.js';
import { readAutoScalingGroups, readInstances } from './hosts.js';
import { readLoadBalancers } from './load-balancers.js';
import { readNacls } from './nacls.js';
import { Placement } from './placement.js';
import { readRouting } from './routes.js';
import { readSecurityGroups } from './security-groups.js';
import { readServices } from './services.js';
import { readSubnets } from './subnets.js';
import type { Endpoint, Network } from './types.js';
import { readUnmodelled } from './unmodelled.js';

export const INTERNET: Endpoint = {
  key: 'internet',
  kind: 'internet',
  label: 'internet',
  subnets: [],
  sgs: [],
  sgsUnknown: [],
  address: { kind: 'internet' },
  publicIp: { value: 'yes', note: 'the internet' },
  ipv6: 'yes',
};

/** Build the network from a model. Pure; one pass per resource kind. */
export function buildNetwork(index: ModelIndex): Network {
  const ctx = new BuildContext(index);
  const groups = readSecurityGroups(ctx);
  const nacls = readNacls(ctx);
  const routing = readRouting(ctx);
  const subnets = readSubnets(ctx, nacls, routing);
  const pl = new Placement(ctx, subnets, groups);
  const hosts = [...readInstances(pl), ...readAutoScalingGroups(pl), ...readDataStores(pl), ...readServices(pl)];
  const lbs = readLoadBalancers(pl, hosts);
  const endpoints = [...hosts, ...lbs.endpoints];
  const byKey = new Map(endpoints.map((e) => [e.key, e]));
  const members = new Map<string, Endpoint[]>();
  for (const e of endpoints) for (const g of e.sgs) (members.get(g) ?? members.set(g, []).get(g)!).push(e);
  const unmodelled = readUnmodelled(index.resources);
  const crossVpc = index.ofType('aws_vpc_peering_connection', 'aws_ec2_transit_gateway_vpc_attachment').map((r) => r.address);
  ctx.notes.push(...lbs.wiringUnknown, ...nacls.wiring, ...routing.wiring, ...unmodelled.map((u) => `not modelled: ${u.address} (${u.why})`));
  return {
    endpoints,
    byKey,
    internet: { ...INTERNET },
    sgs: groups.sgs,
    subnets,
    vpcs: ctx.vpcs,
    members,
    notes: ctx.notes,
    lbWiringUnknown: lbs.wiringUnknown,
    orphanRules: groups.orphanRules,
    unmodelled,
    crossVpc: crossVpc.length ? `${crossVpc.join(', ')} may connect VPCs; traffic across peering and transit gateways is not modelled` : undefined,
  };
}
