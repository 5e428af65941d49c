/** Subnets with their route table (association, else the VPC main table) and NACL. */
import { isUnknown } from '../model/value.js';
import { BuildContext, cidrOf, str } from './context.js';
import type { Nacls } from './nacls.js';
import type { Routing } from './routes.js';
import type { Subnet } from './types.js';

export const SUBNET_TYPES = ['aws_subnet'];

export function readSubnets(ctx: BuildContext, nacls: Nacls, routing: Routing): Map<string, Subnet> {
  const subnets = new Map<string, Subnet>();
  for (const r of ctx.index.ofType(...SUBNET_TYPES)) {
    const vpc = ctx.vpcOf(r);
    const explicit = routing.ofSubnet.get(r.address);
    const main = vpc ? routing.main.get(vpc) : undefined;
    const naclAddr = nacls.ofSubnet.get(r.address) ?? (vpc ? nacls.defaults.get(vpc) : undefined);
    const mp = r.values.map_public_ip_on_launch;
    subnets.set(r.address, {
      address: r.address,
      vpc,
      cidr: cidrOf(r.values.cidr_block, `${r.address}.cidr_block`),
      az: str(r.values.availability_zone),
      routeTable: routing.tables.get(explicit ?? main ?? ''),
      routeTableVia: explicit ? 'association' : main ? 'main route table of the VPC' : 'the VPC main route table (local route only; not managed here)',
      nacl: (naclAddr && nacls.nacls.get(naclAddr)) || nacls.allowAll(vpc),
      mapPublicIp: isUnknown(mp) ? 'unknown' : mp === true,
      ipv6: ctx.configured(r, 'ipv6_cidr_block') || r.values.ipv6_native === true || undefined,
      naclUncertain: [...nacls.wiring, ...(naclAddr && nacls.undecided.has(naclAddr) ? [nacls.undecided.get(naclAddr)!] : [])].join('; ') || undefined,
      routesUncertain: routing.wiring.length ? routing.wiring.join('; ') : undefined,
      resource: r,
    });
  }
  for (const [nat, s] of routing.natSubnet) {
    for (const t of routing.tables.values()) for (const rt of t.routes) if (rt.target.kind === 'nat' && rt.target.address === nat) rt.target.subnet = subnets.get(s);
  }
  return subnets;
}
