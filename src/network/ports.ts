/**
 * Port sets as sorted, disjoint, inclusive intervals. Every hop of a flow answers with the set of
 * ports it lets through, so one evaluation answers one port or the whole matrix alike.
 */
export type Interval = readonly [number, number];
export type PortSet = readonly Interval[];

export const ALL_PORTS: PortSet = [[0, 65535]];
export const NO_PORTS: PortSet = [];
/** Ephemeral ports a reply goes back to (the range AWS documents for NACLs; NAT gateways use it). */
export const EPHEMERAL: PortSet = [[1024, 65535]];

export function range(from: number, to: number): PortSet {
  const a = Math.max(0, Math.min(from, to));
  const b = Math.min(65535, Math.max(from, to));
  return [[a, b]];
}

export function isEmpty(s: PortSet): boolean {
  return s.length === 0;
}

export function union(a: PortSet, b: PortSet): PortSet {
  if (a.length === 0 || a === b) return b;
  if (b.length === 0) return a;
  if (a === ALL_PORTS || b === ALL_PORTS) return ALL_PORTS;
  // linear merge of two sorted interval lists
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i][0] <= b[j][0]) ? a[i++] : b[j++];
    const last = out[out.length - 1];
    if (last && next[0] <= last[1] + 1) {
      if (next[1] > last[1]) last[1] = next[1];
    } else out.push([next[0], next[1]]);
  }
  return out;
}

export function intersect(a: PortSet, b: PortSet): PortSet {
  if (a === ALL_PORTS || a === b) return b;
  if (b === ALL_PORTS) return a;
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i][0], b[j][0]);
    const e = Math.min(a[i][1], b[j][1]);
    if (s <= e) out.push([s, e]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

export function subtract(a: PortSet, b: PortSet): PortSet {
  if (a === b || a.length === 0 || b === ALL_PORTS) return NO_PORTS;
  if (b.length === 0) return a;
  const out: [number, number][] = [];
  for (const [s0, e0] of a) {
    let s = s0;
    for (const [bs, be] of b) {
      if (be < s || bs > e0) continue;
      if (bs > s) out.push([s, bs - 1]);
      s = Math.max(s, be + 1);
      if (s > e0) break;
    }
    if (s <= e0) out.push([s, e0]);
  }
  return out;
}

export function contains(s: PortSet, port: number): boolean {
  return s.some(([a, b]) => port >= a && port <= b);
}

export function covers(outer: PortSet, inner: PortSet): boolean {
  return isEmpty(subtract(inner, outer));
}

export function equal(a: PortSet, b: PortSet): boolean {
  return a.length === b.length && a.every((x, i) => x[0] === b[i][0] && x[1] === b[i][1]);
}

/** `80, 443, 1024-65535`, or `all` */
export function formatPorts(s: PortSet): string {
  if (s.length === 1 && s[0][0] === 0 && s[0][1] === 65535) return 'all';
  return s.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ');
}

export function count(s: PortSet): number {
  return s.reduce((n, [a, b]) => n + b - a + 1, 0);
}
