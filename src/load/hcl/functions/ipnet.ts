/**
 * IP network functions: cidrhost cidrnetmask cidrsubnet cidrsubnets, for IPv4 and IPv6, with the
 * errors terraform gives when a prefix cannot hold the requested subnet or host.
 */
import { defineFunctions, fail, formatNumber, requireInteger } from './helpers.js';

interface Network {
  bits: 32 | 128;
  addr: bigint; // network address (host bits cleared)
  prefix: number;
}

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(Number(p));
  }
  return v;
}

function parseIPv6(s: string): bigint | undefined {
  let text = s;
  if (text.includes('.')) {
    // an embedded IPv4 tail (::ffff:10.0.0.1) becomes its two hex groups
    const lastColon = text.lastIndexOf(':');
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string): bigint[] | undefined => {
    if (h === '') return [];
    const groups = h.split(':');
    if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
    return groups.map((g) => BigInt(parseInt(g, 16)));
  };
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const count = head.length + tail.length;
  if (halves.length === 2 ? count > 7 : count !== 8) return undefined;
  const all = [...head, ...Array<bigint>(8 - count).fill(0n), ...tail];
  return all.reduce((acc, g) => (acc << 16n) | g, 0n);
}

function parseCidr(name: string, prefix: string): Network {
  const slash = prefix.indexOf('/');
  const bad = () => fail(name, `invalid CIDR expression: invalid CIDR address: ${prefix}`);
  if (slash < 0) throw bad();
  const ip = prefix.slice(0, slash);
  const lenText = prefix.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lenText)) throw bad();
  const len = Number(lenText);
  const v4 = parseIPv4(ip);
  if (v4 !== undefined) {
    if (len > 32) throw bad();
    return { bits: 32, addr: v4 & mask(32, len), prefix: len };
  }
  const v6 = parseIPv6(ip);
  if (v6 === undefined || len > 128) throw bad();
  return { bits: 128, addr: v6 & mask(128, len), prefix: len };
}

function mask(bits: number, len: number): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return all ^ ((1n << BigInt(bits - len)) - 1n);
}

/** Go's net.IP String(): dotted quad, or RFC 5952 IPv6 (longest zero run as ::, IPv4-mapped as dotted). */
function formatIp(v: bigint, bits: 32 | 128): string {
  if (bits === 32) return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 0xffn)).join('.');
  if (v >> 32n === 0xffffn) return formatIp(v & 0xffffffffn, 32);
  const groups = Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(112 - 16 * i)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

function toCidr(addr: bigint, bits: 32 | 128, len: number): string {
  return `${formatIp(addr, bits)}/${len}`;
}

function subnet(name: string, net: Network, newbits: number, netnum: number): bigint {
  requireInteger(name, 'newbits', newbits);
  requireInteger(name, 'netnum', netnum);
  if (newbits < 0) throw fail(name, 'newbits must not be negative');
  const newLen = net.prefix + newbits;
  if (newLen > net.bits) throw fail(name, `insufficient address space to extend prefix of ${net.prefix} by ${newbits}`);
  const num = BigInt(netnum);
  if (num < 0n || num >= 1n << BigInt(newbits)) {
    throw fail(name, `prefix extension of ${newbits} does not accommodate a subnet numbered ${formatNumber(netnum)}`);
  }
  return net.addr | (num << BigInt(net.bits - newLen));
}

export const ipnetFunctions = defineFunctions({
  cidrhost: {
    params: [
      { name: 'prefix', kind: 'string' },
      { name: 'hostnum', kind: 'number' },
    ],
    impl: ([prefix, hostnum]: [string, number], _ctx, name) => {
      const net = parseCidr(name, prefix);
      requireInteger(name, 'hostnum', hostnum);
      const hostBits = BigInt(net.bits - net.prefix);
      const max = (1n << hostBits) - 1n;
      let num = BigInt(hostnum);
      const tooBig = () => fail(name, `prefix of ${net.prefix} does not accommodate a host numbered ${formatNumber(hostnum)}`);
      if (num >= 0n) {
        if (num > max) throw tooBig();
      } else {
        if (-num - 1n > max) throw tooBig();
        num = max + num + 1n;
      }
      return formatIp(net.addr | num, net.bits);
    },
  },
  cidrnetmask: {
    params: [{ name: 'prefix', kind: 'string' }],
    impl: ([prefix]: [string], _ctx, name) => {
      const net = parseCidr(name, prefix);
      if (net.bits !== 32) throw fail(name, `only IPv4 networks have a netmask; ${JSON.stringify(prefix)} is IPv6`);
      return formatIp(mask(32, net.prefix), 32);
    },
  },
  cidrsubnet: {
    params: [
      { name: 'prefix', kind: 'string' },
      { name: 'newbits', kind: 'number' },
      { name: 'netnum', kind: 'number' },
    ],
    impl: ([prefix, newbits, netnum]: [string, number, number], _ctx, name) => {
      const net = parseCidr(name, prefix);
      return toCidr(subnet(name, net, newbits, netnum), net.bits, net.prefix + newbits);
    },
  },
  cidrsubnets: {
    params: [{ name: 'prefix', kind: 'string' }],
    variadic: { name: 'newbits', kind: 'number' },
    impl: ([prefix, ...newbits]: [string, ...number[]], _ctx, name) => {
      const net = parseCidr(name, prefix);
      const total = 1n << BigInt(net.bits);
      const netEnd = net.addr + (1n << BigInt(net.bits - net.prefix)); // first address after the prefix
      const out: string[] = [];
      let current: { addr: bigint; len: number } | undefined;
      newbits.forEach((bits, i) => {
        requireInteger(name, 'newbits', bits);
        if (bits < 1) throw fail(name, `invalid newbits value ${formatNumber(bits)} for argument ${i + 2}: must extend prefix by at least one bit`);
        // terraform allows at most 32 new bits per subnet here, for IPv6 too
        if (bits > 32) throw fail(name, `invalid newbits value ${bits} for argument ${i + 2}: may not extend prefix by more than 32 bits`);
        const len = net.prefix + bits;
        if (len > net.bits) {
          throw fail(name, `invalid newbits value ${bits} for argument ${i + 2}: would extend prefix to ${len} bits, which is too long for an ${net.bits === 32 ? 'IPv4' : 'IPv6'} address`);
        }
        let addr: bigint;
        if (!current) addr = net.addr;
        else {
          // the subnet of the new size holding the last address so far, then the one after it
          const lastSoFar = current.addr + (1n << BigInt(net.bits - current.len)) - 1n;
          const size = 1n << BigInt(net.bits - len);
          const containing = lastSoFar & mask(net.bits, len);
          const next = containing + size;
          if (next >= total || next >= netEnd) {
            throw fail(name, `not enough remaining address space for a subnet with a prefix of ${len} bits after ${toCidr(current.addr, net.bits, current.len)}`);
          }
          addr = next;
        }
        current = { addr, len };
        out.push(toCidr(addr, net.bits, len));
      });
      return out;
    },
  },
});
