/**
 * Public faces: the address of something in the VPC as the internet sees it (an internet-facing
 * load balancer's Elastic IPs, a NAT gateway's, an instance's public IP). Known as a /32 once the
 * address is known; before apply, a public address with the symbols that name it
 * (`aws_eip.x.public_ip`), so a rule written as `"${aws_eip.x.public_ip}/32"` matches it exactly.
 */
import type { Resource } from '../model/resource.js';
import { parseCidr } from './cidr.js';
import type { AddressSpace, Endpoint } from './types.js';

/** The public address of an Elastic IP: its /32 once known, else the symbol `<eip>.public_ip`. */
export function eipAddress(eip: Resource, alsoKnownAs: string[] = []): AddressSpace {
  const ip = eip.values.public_ip;
  const c = typeof ip === 'string' ? parseCidr(ip) : undefined;
  return c && c.bits === 32
    ? { kind: 'cidrs', cidrs: [c] }
    : { kind: 'public', reason: `${eip.address}.public_ip is known after apply`, addresses: [[`${eip.address}.public_ip`, ...alsoKnownAs]] };
}

/** An address on the internet side of something in the VPC (see Endpoint.publicFace). */
export function face(key: string, label: string, address: AddressSpace): Endpoint {
  const text = address.kind === 'cidrs' ? address.cidrs.map((c) => c.text).join(', ') : address.kind === 'public' && address.addresses?.length ? `${address.addresses.map((a) => a[0]).join(', ')} (known after apply)` : 'known after apply';
  return { key: `${key} (public address)`, kind: 'internet', label: `${label} public address ${text}`, subnets: [], sgs: [], sgsUnknown: [], address, publicIp: { value: 'yes', note: 'a public address' } };
}
