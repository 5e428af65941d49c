/**
 * The full matrix: every endpoint (and the internet) × every endpoint (and the internet), per
 * protocol, as port sets — direct flows and flows through load balancers — then aggregated by role
 * (`<Environment>-<Role>`). Sources are pruned per destination by what its ingress rules can match,
 * so the work grows with rules × endpoints, not endpoints².
 */
import { allLbPaths, cidrVsAddress, directFlows, unionFlows, viaFlows, type EvalOptions, type Flow, type Hop } from './evaluate.js';
import { PROTOS, type Endpoint, type Listener, type Network, type Proto } from '../network/index.js';
import { contains, formatPorts, isEmpty, subtract, union, type PortSet } from '../network/ports.js';

export interface MatrixEntry {
  from: string;
  to: string;
  fromLabel: string;
  toLabel: string;
  proto: Proto;
  /** Ports certainly allowed */
  yes: PortSet;
  /** Ports allowed under some value unknown before apply */
  unknown: PortSet;
  /** Load balancer the flow goes through (its address), with the listener port */
  via?: { lb: string; lbLabel: string; listenerPort: number };
}

export interface RoleCell {
  from: string;
  to: string;
  via: string;
  tcp: string;
  udp: string;
  unknown: string;
}

export interface Matrix {
  entries: MatrixEntry[];
  roles: string[];
  cells: RoleCell[];
  /** Candidate pairs evaluated (for the benchmark's growth check) */
  evaluated: number;
}

/** Endpoint kinds that only answer (data stores, file systems, search domains, service endpoints). */
const PASSIVE = new Set(['rds', 'aurora', 'elasticache', 'efs', 'opensearch', 'vpc-endpoint']);

function candidates(net: Network, dst: Endpoint, cache: Map<string, Endpoint[]>): Endpoint[] {
  const everyone = [net.internet, ...net.endpoints];
  // At a public address the load balancer sees NAT gateways, not its clients: no pruning by its rules.
  if (dst.kind === 'internet' || dst.publicFace || dst.noSecurityGroups || dst.sgsUnknown.length || net.orphanRules.ingress.length) return everyone;
  const out = new Set<Endpoint>();
  let sgPeer = false;
  for (const g of dst.sgs) {
    const sg = net.sgs.get(g);
    if (!sg) continue;
    for (const rule of sg.ingress) {
      for (const p of rule.peers) {
        if (p.kind === 'sg') {
          for (const e of net.members.get(p.sg) ?? []) out.add(e);
          sgPeer = true;
        } else if (p.kind === 'cidr') {
          let hit = cache.get(p.cidr.text);
          if (!hit) {
            hit = everyone.filter((e) => cidrVsAddress(p.cidr, e.address).m !== 'no');
            cache.set(p.cidr.text, hit);
          }
          for (const e of hit) out.add(e);
        } else if (p.kind !== 'ipv6') {
          return everyone;
        }
      }
    }
  }
  // endpoints whose groups are not all known may carry any referenced group (once, not per rule)
  if (sgPeer) for (const e of unknownSgEndpoints(net)) out.add(e);
  return [...out];
}

const withUnknownSgs = new WeakMap<Network, Endpoint[]>();
function unknownSgEndpoints(net: Network): Endpoint[] {
  let l = withUnknownSgs.get(net);
  if (!l) withUnknownSgs.set(net, (l = net.endpoints.filter((e) => e.sgsUnknown.length)));
  return l;
}

export function computeMatrix(net: Network): Matrix {
  const entries: MatrixEntry[] = [];
  const cache = new Map<string, Endpoint[]>();
  const fast: EvalOptions = { explain: false, cache: new Map<string, Hop>(), compiled: new Map() };
  let evaluated = 0;
  const push = (f: Flow) => {
    if (isEmpty(f.possible)) return;
    entries.push({
      from: f.from.key,
      to: f.to.key,
      fromLabel: f.from.label,
      toLabel: f.to.label,
      proto: f.proto,
      yes: f.yes,
      unknown: subtract(f.possible, f.yes),
      via: f.via ? { lb: f.via.lb.key, lbLabel: f.via.lb.label, listenerPort: f.via.listenerPort } : undefined,
    });
  };
  // Load balancers open connections only to their targets; data stores and service endpoints open none.
  const targetsOf = new Map<string, Set<string>>();
  for (const lb of net.endpoints) {
    if (!lb.lb) continue;
    const set = new Set<string>();
    for (const l of lb.lb.listeners) for (const f of l.forwards) for (const t of f.targetGroup.targets) set.add(t.endpoint);
    targetsOf.set(lb.key, set);
  }
  const initiates = (src: Endpoint, dst: Endpoint) =>
    PASSIVE.has(src.kind) ? false : src.lb ? targetsOf.get(src.key)!.has(dst.key) : true;
  for (const dst of [...net.endpoints, net.internet]) {
    for (const src of candidates(net, dst, cache)) {
      if (src === dst || !initiates(src, dst)) continue;
      if (src.kind === 'internet' && dst.kind === 'internet') continue;
      evaluated++;
      for (const proto of PROTOS) push(unionFlows(directFlows(net, src, dst, proto, undefined, fast)));
    }
  }
  // Through load balancers: every client that reaches a listener, to every target behind it.
  const reachLb = new Map<string, MatrixEntry[]>();
  for (const e of entries) if (!e.via) (reachLb.get(e.to) ?? reachLb.set(e.to, []).get(e.to)!).push(e);
  const clientsOf = new Map<Listener, Map<Proto, MatrixEntry[]>>();
  for (const p of allLbPaths(net)) {
    const target = net.byKey.get(p.target);
    if (!target) continue;
    const lport = p.listener.port as number;
    let byProto = clientsOf.get(p.listener);
    if (!byProto) clientsOf.set(p.listener, (byProto = new Map()));
    for (const proto of p.protos) {
      let clients = byProto.get(proto);
      if (!clients) byProto.set(proto, (clients = (reachLb.get(p.lb.key) ?? []).filter((e) => e.proto === proto && (contains(e.yes, lport) || contains(e.unknown, lport)))));
      for (const c of clients) {
        const client = c.from === 'internet' ? net.internet : net.byKey.get(c.from);
        if (!client || client === target) continue;
        evaluated++;
        push(unionFlows(viaFlows(net, client, p, target, proto)));
      }
    }
  }
  const cells = aggregate(entries);
  const roles = [...new Set([net.internet.label, ...net.endpoints.map((e) => e.label)])];
  return { entries, roles, cells, evaluated };
}

export function aggregate(entries: MatrixEntry[]): RoleCell[] {
  type G = { from: string; to: string; via: string; tcp: PortSet; udp: PortSet; unknown: Set<string> };
  // from → to → via → group (nested maps: no composite string key per entry)
  const groups = new Map<string, Map<string, Map<string, G>>>();
  const out: G[] = [];
  for (const e of entries) {
    const via = e.via ? `${e.via.lbLabel}:${e.via.listenerPort}` : 'direct';
    let byTo = groups.get(e.fromLabel);
    if (!byTo) groups.set(e.fromLabel, (byTo = new Map()));
    let byVia = byTo.get(e.toLabel);
    if (!byVia) byTo.set(e.toLabel, (byVia = new Map()));
    let g = byVia.get(via);
    if (!g) {
      byVia.set(via, (g = { from: e.fromLabel, to: e.toLabel, via, tcp: [], udp: [], unknown: new Set() }));
      out.push(g);
    }
    g[e.proto] = union(g[e.proto], e.yes);
    if (!isEmpty(e.unknown)) g.unknown.add(`${formatPorts(e.unknown)}/${e.proto}`);
  }
  return out
    .map((g) => ({ from: g.from, to: g.to, via: g.via, tcp: formatPorts(g.tcp), udp: formatPorts(g.udp), unknown: [...g.unknown].join(', ') }))
    .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.via.localeCompare(b.via));
}

/** `8000/tcp` style text of one cell */
export function cellText(c: RoleCell): string {
  const parts: string[] = [];
  if (c.tcp) parts.push(`${c.tcp}/tcp`);
  if (c.udp) parts.push(`${c.udp}/udp`);
  if (c.unknown) parts.push(`unknown: ${c.unknown}`);
  return parts.join('; ') + (c.via !== 'direct' ? ` via ${c.via}` : '');
}

/** The matrix as a terminal table: one line per (from, to, via). */
export function formatMatrix(m: Matrix): string {
  const rows = m.cells.map((c) => [c.from, c.to, c.via === 'direct' ? '' : c.via, [c.tcp && `${c.tcp}/tcp`, c.udp && `${c.udp}/udp`].filter(Boolean).join(' '), c.unknown]);
  const head = ['from', 'to', 'via', 'allowed', 'unknown'];
  const widths = head.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (r: string[]) => r.map((x, i) => x.padEnd(widths[i])).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}
