/**
 * IPv4 CIDR arithmetic for matching rule CIDRs against endpoint addresses. IPv6 rules are parsed
 * as "not IPv4" and never match an IPv4 endpoint (the stack is IPv4-only; a hop names them).
 */
export interface Cidr {
  text: string;
  /** network address as an unsigned 32-bit number */
  base: number;
  /** prefix length 0..32 */
  bits: number;
}

export function parseCidr(text: string): Cidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  const bits = m[5] === undefined ? 32 : Number(m[5]);
  if (bits > 32) return undefined;
  const addr = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  return { text, base: (addr & mask(bits)) >>> 0, bits };
}

function mask(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/** a ⊇ b */
export function cidrContains(a: Cidr, b: Cidr): boolean {
  return a.bits <= b.bits && ((b.base & mask(a.bits)) >>> 0) === a.base;
}

export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

/** Address space that is not "the internet": RFC 1918, CGNAT, loopback, link-local. */
export const NON_PUBLIC: Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16'].map(
  (c) => parseCidr(c)!,
);

/** True when the CIDR holds at least one public (internet) address. */
export function includesPublic(c: Cidr): boolean {
  return !NON_PUBLIC.some((p) => cidrContains(p, c));
}

export const ANYWHERE = parseCidr('0.0.0.0/0')!;
