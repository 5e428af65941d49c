import { instanceSubnet, subnetInternet } from '../../network.js';
import type { ResourceRule } from '../../types.js';

export const NET_004: ResourceRule = {
  id: 'NET-004',
  title: 'No instance in a subnet routed to an internet gateway',
  severity: 'error',
  rationale:
    'DESIGN.md network tiers: app hosts live in private-<env>/private-shared subnets that reach the internet only through the NAT gateway. A subnet with an IGW route is public: one security-group mistake away from exposure.',
  fix: 'Move the instance to a private subnet whose route table sends 0.0.0.0/0 to the NAT gateway, not the internet gateway.',
  resourceTypes: ['aws_instance'],
  check(r, ctx) {
    const s = instanceSubnet(r, ctx);
    if (s === 'default-vpc') {
      return { verdict: 'fail', path: 'subnet_id', message: `no subnet_id: the instance lands in the default VPC's default subnet, which is routed to the internet gateway. ${NET_004.fix}` };
    }
    if (s === 'unresolved') return { verdict: 'unknown', path: 'subnet_id', message: 'the instance subnet is not in the model; its routes cannot be judged' };
    if (s.type === 'aws_default_subnet') return { verdict: 'fail', path: 'subnet_id', message: `default subnet ${s.address} is routed to the internet gateway. ${NET_004.fix}` };
    const net = subnetInternet(s, ctx);
    if (net.kinds.has('igw')) return { verdict: 'fail', path: 'subnet_id', message: `subnet ${s.address} is routed to an internet gateway. ${NET_004.fix}` };
    if (net.unknown.length > 0) return { verdict: 'unknown', path: 'subnet_id', message: `a route gateway of subnet ${s.address} is not known before apply (${net.unknown.join(', ')})` };
    if (net.via === 'none') return { verdict: 'unknown', path: 'subnet_id', message: `subnet ${s.address} has no route table association in the model; it uses the VPC main route table, which is not declared here` };
    return { verdict: 'pass', path: 'subnet_id', message: `subnet ${s.address} has no internet-gateway route` };
  },
};
