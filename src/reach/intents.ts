/**
 * Intents: the intended network matrix, written once in roles (`<Environment>-<Role>` from tags,
 * `internet`, `address:<glob>`), with `{env}` / `{other}` placeholders expanded over the
 * environments present in the model. Each expanded intent is one check:
 *
 * - `expect: allow` — every (from, to) endpoint pair reaches on every listed port; pass carries the
 *   witness path, fail the first blocking hop and every setting that would have to change.
 * - `expect: deny` — no pair reaches on any listed port (or `any`), except what `except` exempts;
 *   fail carries the witness of the flow that gets through, naming the rule (address, file:line).
 *
 * An unknown answer is `unknown` with its reason, never a silent allow or deny.
 */
import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { parseValidatedYaml } from '../config/yaml.js';
import { UserError } from '../errors.js';
import type { Finding, CheckResult, Severity } from '../check/types.js';
import { ask, blocking, directFlows, lbPathsTo, undecidedLbFlow, unionFlows, unknownReasons, viaFlows, witness, type EvalOptions, type Flow, type ViaMode, type WitnessHop } from './evaluate.js';
import type { Matrix } from './matrix.js';
import type { Endpoint, Network, Proto, Unmodelled } from '../network/index.js';
import { ALL_PORTS, contains, formatPorts, intersect, isEmpty, range, subtract, union, type PortSet } from '../network/ports.js';
import { globMatches } from '../model/glob.js';

export interface PortSpec {
  proto: Proto;
  ports: PortSet;
  text: string;
}

export interface IntentSpec {
  id?: string;
  title?: string;
  expect: 'allow' | 'deny';
  from: string | string[];
  to: string | string[];
  ports: 'any' | string[];
  via?: ViaMode;
  except?: { from?: string | string[]; to?: string | string[]; ports?: string[] }[];
  severity?: Severity;
  rationale?: string;
  /** allow only: no endpoint matching is not-applicable instead of a failure */
  optional?: boolean;
}

export interface IntentsFile {
  version: 1;
  description?: string;
  environments?: string[];
  intents: IntentSpec[];
  /**
   * Closed world: every direct flow the analysis finds must be one an allow intent states (or one
   * listed here as tolerated, with why) — so an extra port between allowed roles fails too.
   */
  closed?: { title?: string; tolerate?: { from?: string | string[]; to?: string | string[]; ports: string[]; why: string }[] };
}

/** The JSON schema of an intents file (also written to docs/reachability.md). */
export const intentsSchema = {
  $id: 'https://dolbom.invalid/schemas/intents.json',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'intents'],
  properties: {
    version: { const: 1 },
    description: { type: 'string' },
    environments: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' }, uniqueItems: true },
    intents: { type: 'array', minItems: 1, items: { $ref: '#/$defs/intent' } },
    closed: {
      type: 'object',
      additionalProperties: false,
      properties: {
        title: { type: 'string' },
        tolerate: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['ports', 'why'],
            properties: { from: { $ref: '#/$defs/selector' }, to: { $ref: '#/$defs/selector' }, ports: { type: 'array', minItems: 1, items: { $ref: '#/$defs/port' } }, why: { type: 'string', minLength: 3 } },
          },
        },
      },
    },
  },
  $defs: {
    selector: {
      oneOf: [
        { type: 'string', minLength: 1 },
        { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      ],
    },
    port: { type: 'string', pattern: '^(\\d{1,5})(-(\\d{1,5}))?/(tcp|udp)$' },
    intent: {
      type: 'object',
      additionalProperties: false,
      required: ['expect', 'from', 'to', 'ports'],
      properties: {
        id: { type: 'string', pattern: '^[A-Za-z0-9{}_.:-]+$' },
        title: { type: 'string' },
        expect: { enum: ['allow', 'deny'] },
        from: { $ref: '#/$defs/selector' },
        to: { $ref: '#/$defs/selector' },
        ports: { oneOf: [{ const: 'any' }, { type: 'array', minItems: 1, items: { $ref: '#/$defs/port' } }] },
        via: { enum: ['any', 'direct', 'lb'] },
        except: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: { from: { $ref: '#/$defs/selector' }, to: { $ref: '#/$defs/selector' }, ports: { type: 'array', items: { $ref: '#/$defs/port' } } },
          },
        },
        severity: { enum: ['error', 'warning', 'info'] },
        rationale: { type: 'string' },
        optional: { type: 'boolean' },
      },
      if: { properties: { expect: { const: 'allow' } } },
      then: { properties: { ports: { type: 'array' }, except: false } },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true });
const validate = ajv.compile<IntentsFile>(intentsSchema);

/** Read and validate an intents file (YAML or JSON); errors name file:line. */
export async function loadIntents(file: string): Promise<IntentsFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read the intents file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file, line: 1 });
  }
  return parseIntents(text, file);
}

export function parseIntents(text: string, file: string): IntentsFile {
  const { data, lineOf } = parseValidatedYaml(text, file, validate, 'intents');
  data.intents.forEach((it, i) => {
    for (const p of [...(it.ports === 'any' ? [] : it.ports), ...(it.except ?? []).flatMap((x) => x.ports ?? [])]) {
      const spec = parsePort(p);
      if (!spec) throw new UserError(`intents: port "${p}" is out of range (0-65535, from ≤ to)`, { file, line: lineOf(['intents', i, 'ports']) });
    }
  });
  return data;
}

export function parsePort(text: string): PortSpec | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?\/(tcp|udp)$/.exec(text);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a > 65535 || b > 65535 || a > b) return undefined;
  return { proto: m[3] as Proto, ports: range(a, b), text };
}

// ------------------------------------------------------------------ expansion

export interface ExpandedIntent extends Omit<IntentSpec, 'from' | 'to' | 'except'> {
  checkId: string;
  title: string;
  from: string[];
  to: string[];
  except: { from: string[]; to: string[]; ports?: string[] }[];
  /** index in the file, for messages */
  index: number;
}

const asList = (s: string | string[] | undefined, dflt: string[]): string[] => (s === undefined ? dflt : Array.isArray(s) ? s : [s]);

/** Environments of the model: `Environment` tag values except `shared`, sorted. */
export function modelEnvironments(net: Network): string[] {
  return [...new Set(net.endpoints.map((e) => e.env).filter((e): e is string => !!e && e !== 'shared'))].sort();
}

export function expandIntents(file: IntentsFile, environments: string[]): ExpandedIntent[] {
  const out: ExpandedIntent[] = [];
  file.intents.forEach((it, index) => {
    const text = JSON.stringify(it);
    const usesEnv = text.includes('{env}');
    const usesOther = text.includes('{other}');
    const bindings: Record<string, string>[] = [];
    for (const env of usesEnv || usesOther ? environments : ['']) {
      if (usesOther) for (const other of environments) if (other !== env) bindings.push({ env, other });
      if (!usesOther) bindings.push(usesEnv ? { env } : {});
    }
    for (const b of bindings) {
      const sub = (s: string) => s.replace(/\{env\}/g, b.env ?? '').replace(/\{other\}/g, b.other ?? '');
      const from = asList(it.from, ['*']).map(sub);
      const to = asList(it.to, ['*']).map(sub);
      const portsText = it.ports === 'any' ? 'any' : it.ports.join(',');
      const via = it.via ?? 'any';
      let checkId = it.id ? sub(it.id) : `${it.expect}:${from.join(',')}->${to.join(',')}:${portsText}${via === 'any' ? '' : `@${via}`}`;
      // two intents that expand to the same flow stay two checks
      if (out.some((x) => x.checkId === checkId)) checkId = `${checkId}#${index + 1}`;
      out.push({
        ...it,
        checkId,
        title: it.title ? sub(it.title) : `${from.join(', ')} ${it.expect === 'allow' ? 'reaches' : 'does not reach'} ${to.join(', ')} on ${portsText}${via === 'direct' ? ' directly' : via === 'lb' ? ' through a load balancer' : ''}`,
        from,
        to,
        except: (it.except ?? []).map((x) => ({ from: asList(x.from, ['*']).map(sub), to: asList(x.to, ['*']).map(sub), ports: x.ports })),
        index,
      });
    }
  });
  return out;
}

// ------------------------------------------------------------------ selection


/** Does a selector (`staging-api`, `*-rds`, `internet`, `address:module.x.*`, `kind:alb`) match the endpoint? */
export function selects(pattern: string, e: Endpoint): boolean {
  if (pattern.startsWith('kind:')) return e.kind === pattern.slice(5);
  return selectsNamed(pattern, { label: e.label, role: e.role, address: e.kind === 'internet' ? undefined : e.key });
}

/** A selector against something named by its label (`<Environment>-<Role>`), Role and address. */
export function selectsNamed(pattern: string, n: { label: string; role?: string; address?: string }): boolean {
  if (pattern.startsWith('address:')) return n.address !== undefined && globMatches(pattern.slice(8), n.address);
  if (pattern.startsWith('kind:')) return false;
  if (pattern.startsWith('role:')) return globMatches(pattern.slice(5), n.role ?? '');
  return globMatches(pattern, n.label);
}

/** Every port an intent, exception or tolerance names: what probes try for `ports: any`. */
export function intentPorts(file: IntentsFile): { port: number; proto: Proto }[] {
  const seen = new Map<string, { port: number; proto: Proto }>();
  const add = (list: string[] | 'any' | undefined) => {
    if (!Array.isArray(list)) return;
    for (const p of list) {
      const s = parsePort(p);
      if (!s) continue;
      for (const [a, b] of s.ports) for (const port of b - a < 4 ? Array.from({ length: b - a + 1 }, (_, i) => a + i) : [a, b]) seen.set(`${port}/${s.proto}`, { port, proto: s.proto });
    }
  };
  for (const it of file.intents) {
    add(it.ports);
    for (const x of it.except ?? []) add(x.ports);
  }
  for (const t of file.closed?.tolerate ?? []) add(t.ports);
  return [...seen.values()].sort((x, y) => x.proto.localeCompare(y.proto) || x.port - y.port);
}

/** Does a selector match a resource the network does not model (by its tags, address and type)? */
export function selectsUnmodelled(pattern: string, u: Unmodelled): boolean {
  return selectsNamed(pattern, u);
}

/** The unmodelled resources a flow between these selectors could involve (either end). */
function unmodelledIn(net: Network, from: string[], to: string[]): Unmodelled[] {
  return net.unmodelled.filter((u) => from.some((p) => selectsUnmodelled(p, u)) || to.some((p) => selectsUnmodelled(p, u)));
}

function unmodelledFindings(net: Network, from: string[], to: string[], base: Pick<Finding, 'checkId' | 'kind' | 'severity'>): Finding[] {
  return unmodelledIn(net, from, to).map((u) => ({ ...base, verdict: 'unknown' as const, address: u.address, message: `${u.address} is not modelled (${u.why}); a flow from or to it cannot be ruled out` }));
}

export function selectEndpoints(net: Network, patterns: string[]): Endpoint[] {
  return [net.internet, ...net.endpoints].filter((e) => patterns.some((p) => selects(p, e)));
}

// ------------------------------------------------------------------ checking

interface PairPorts {
  tcp: PortSet;
  udp: PortSet;
}

function portsOf(list: string[] | 'any' | undefined): PairPorts {
  if (list === undefined || list === 'any') return { tcp: ALL_PORTS, udp: ALL_PORTS };
  const out: PairPorts = { tcp: [], udp: [] };
  for (const p of list) {
    const s = parsePort(p)!;
    out[s.proto] = union(out[s.proto], s.ports);
  }
  return out;
}

function witnessText(w: WitnessHop[]): string {
  return w.map((h) => `  ${h.certain ? '✓' : '?'} ${h.hop}: ${h.rule}${h.location ? ` (${h.location})` : ''}`).join('\n');
}

/** The rule a person would edit to remove a flow: the destination's ingress grant (else the last grant). */
function culprit(flow: Flow, port: number): WitnessHop | undefined {
  const w = witness(flow, port);
  return w.find((h) => h.hop.startsWith('security group ingress') && h.address) ?? [...w].reverse().find((h) => h.address && h.location);
}

function pathText(flow: Flow): string {
  const at = flow.arrivesAs ? ` (public address, arriving as ${flow.arrivesAs.label})` : '';
  return flow.via ? `${flow.from.label} → ${flow.via.lb.label}:${flow.via.listenerPort}${at} → ${flow.to.label}` : `${flow.from.label} → ${flow.to.label}${at}`;
}

function locationOf(w: WitnessHop | undefined) {
  if (!w?.location) return undefined;
  const m = /^(.*):(\d+)$/.exec(w.location);
  return m ? { file: m[1], line: Number(m[2]) } : undefined;
}

/** The flows src → dst on a port set, as an allow intent's `via` reads them. */
function flowsOver(net: Network, s: Endpoint, d: Endpoint, ports: PortSet, proto: Proto, via: string): Flow[] {
  const flows: Flow[] = [];
  if (via !== 'lb') flows.push(...directFlows(net, s, d, proto, ports));
  if (via !== 'direct') {
    for (const p of lbPathsTo(net, d)) if (p.protos.includes(proto) && contains(ports, p.port)) flows.push(...viaFlows(net, s, p, d, proto));
    const undecided = undecidedLbFlow(net, s, d, proto, ports);
    if (undecided) flows.push(undecided);
  }
  return flows;
}

const rangeCache = new WeakMap<Endpoint, Map<string, { yes: PortSet; maybe: PortSet; no: PortSet }>>();
/** A long port range split by verdict (allowed / unknown / denied), every port of it evaluated. */
function rangeSplit(net: Network, s: Endpoint, d: Endpoint, a: number, b: number, proto: Proto, via: string) {
  let m = rangeCache.get(s);
  if (!m) rangeCache.set(s, (m = new Map()));
  const key = `${d.key}|${a}-${b}|${proto}|${via}`;
  let r = m.get(key);
  if (!r) {
    const all = range(a, b);
    let yes: PortSet = [];
    let possible: PortSet = [];
    for (const f of flowsOver(net, s, d, all, proto, via)) {
      yes = union(yes, intersect(f.yes, all));
      possible = union(possible, intersect(f.possible, all));
    }
    m.set(key, (r = { yes, maybe: subtract(possible, yes), no: subtract(all, union(possible, yes)) }));
  }
  return r;
}

/** One representative port per verdict of a long range: its first allowed, unknown and denied port. */
function rangeVerdictPorts(net: Network, s: Endpoint, d: Endpoint, a: number, b: number, proto: Proto, via: string): number[] {
  const r = rangeSplit(net, s, d, a, b, proto, via);
  return [r.yes, r.maybe, r.no].filter((x) => !isEmpty(x)).map((x) => x[0][0]);
}

/** The ports of a long range that share `port`'s verdict, as text (`10000-20000`). */
function spanOf(net: Network, s: Endpoint, d: Endpoint, a: number, b: number, proto: Proto, via: string, port: number): string {
  const r = rangeSplit(net, s, d, a, b, proto, via);
  return formatPorts([r.yes, r.maybe, r.no].find((x) => contains(x, port)) ?? range(port, port));
}

export function checkIntent(net: Network, it: ExpandedIntent): CheckResult {
  const severity = it.severity ?? 'error';
  const findings: Finding[] = [];
  const base = { checkId: it.checkId, kind: 'intent' as const, severity };
  const from = selectEndpoints(net, it.from);
  const to = selectEndpoints(net, it.to);
  const via = it.via ?? 'any';
  if (it.expect === 'allow') {
    if (!from.length || !to.length) {
      const missing = !from.length ? it.from : it.to;
      const maybe = net.unmodelled.filter((u) => missing.some((p) => selectsUnmodelled(p, u)));
      if (maybe.length) findings.push({ ...base, verdict: 'unknown', message: `no modelled endpoint matches ${missing.join(', ')}; ${maybe.map((u) => `${u.address} (${u.why})`).join(', ')} may be it, and is not modelled` });
      else findings.push({ ...base, verdict: it.optional ? 'not-applicable' : 'fail', message: `no endpoint matches ${missing.join(', ')} in this model` });
    }
    for (const s of from) {
      for (const d of to) {
        if (s === d) continue;
        for (const p of it.ports as string[]) {
          const spec = parsePort(p)!;
          for (const [a, b] of spec.ports) {
            // A long range is judged as one port set (every port of it), explained at the first port of each verdict.
            const ports = b - a < 16 ? Array.from({ length: b - a + 1 }, (_, i) => a + i) : rangeVerdictPorts(net, s, d, a, b, spec.proto, via);
            for (const port of ports) {
              const span = b - a < 16 ? `${port}` : spanOf(net, s, d, a, b, spec.proto, via, port);
              const ans = ask(net, s, d, port, spec.proto, via);
              const head = `${s.label} → ${d.label} ${span}/${spec.proto}`;
              if (ans.verdict === 'allowed') {
                const w = witness(ans.flow, port);
                findings.push({ ...base, verdict: 'pass', message: `${head} allowed (${pathText(ans.flow)})\n${witnessText(w)}`, address: d.key, details: { flow: pathText(ans.flow), witness: w } });
              } else if (ans.verdict === 'unknown') {
                const reasons = unknownReasons(ans.flow, port);
                findings.push({ ...base, verdict: 'unknown', message: `${head} cannot be decided before apply: ${reasons.join('; ')}`, address: d.key, details: { flow: pathText(ans.flow), unknown: reasons } });
              } else {
                const bl = blocking(ans.flow, port)!;
                findings.push({
                  ...base,
                  verdict: 'fail',
                  message: `${head} is denied at "${bl.first.hop}": ${bl.first.why.join('; ')}. To allow it: ${bl.change.join('; ')}`,
                  address: d.key,
                  location: d.resource?.source?.block,
                  details: { flow: pathText(ans.flow), blocking: bl },
                });
              }
            }
          }
        }
      }
    }
  } else {
    const wanted = portsOf(it.ports);
    const fast: EvalOptions = { explain: false, cache: new Map(), compiled: new Map() };
    let pairs = 0;
    for (const s of from) {
      for (const d of to) {
        if (s === d || (s.kind === 'internet' && d.kind === 'internet')) continue;
        pairs++;
        const exempt: PairPorts = { tcp: [], udp: [] };
        for (const x of it.except) {
          if (x.from.some((p) => selects(p, s)) && x.to.some((p) => selects(p, d))) {
            const e = portsOf(x.ports);
            exempt.tcp = union(exempt.tcp, e.tcp);
            exempt.udp = union(exempt.udp, e.udp);
          }
        }
        for (const proto of ['tcp', 'udp'] as const) {
          const check = subtract(wanted[proto], exempt[proto]);
          if (isEmpty(check)) continue;
          const flows: Flow[] = [];
          if (via !== 'lb') {
            // sets first (fast); the explained evaluation only for a flow that gets through
            const quick = unionFlows(directFlows(net, s, d, proto, check, fast));
            if (!isEmpty(intersect(quick.possible, check))) flows.push(...directFlows(net, s, d, proto, check));
          }
          if (via !== 'direct') {
            for (const p of lbPathsTo(net, d)) {
              if (!p.protos.includes(proto) || !contains(check, p.port)) continue;
              flows.push(...viaFlows(net, s, p, d, proto));
            }
            const undecided = undecidedLbFlow(net, s, d, proto, check);
            if (undecided) flows.push(undecided);
          }
          for (const f of flows) {
            const yes = intersect(f.yes, check);
            const maybe = subtract(intersect(f.possible, check), yes);
            if (!isEmpty(yes)) {
              const port = yes[0][0];
              const w = witness(f, port);
              const c = culprit(f, port);
              findings.push({
                ...base,
                verdict: 'fail',
                message: `${pathText(f)} is allowed on ${formatPorts(yes)}/${proto}${c ? `, opened by ${c.rule}${c.location ? ` (${c.location})` : ''}` : ''}\n${witnessText(w)}`,
                address: c?.address,
                location: locationOf(c),
                details: { flow: pathText(f), ports: `${formatPorts(yes)}/${proto}`, witness: w },
              });
            } else if (!isEmpty(maybe)) {
              const reasons = unknownReasons(f, maybe[0][0]);
              findings.push({ ...base, verdict: 'unknown', message: `${pathText(f)} may be allowed on ${formatPorts(maybe)}/${proto}: ${reasons.join('; ')}`, details: { flow: pathText(f), unknown: reasons } });
            }
          }
        }
      }
    }
    findings.push(...unmodelledFindings(net, it.from, it.to, base));
    if (via !== 'direct' && net.lbWiringUnknown.length && pairs) {
      findings.push({ ...base, verdict: 'unknown', message: `flows through load balancers cannot all be checked: ${net.lbWiringUnknown.join('; ')}` });
    }
    if (!findings.length) {
      findings.push({ ...base, verdict: pairs ? 'pass' : 'not-applicable', message: pairs ? `no flow: ${pairs} endpoint pair(s) checked` : `no endpoint pair matches ${it.from.join(', ')} → ${it.to.join(', ')}` });
    }
  }
  return { checkId: it.checkId, kind: 'intent', title: it.title, severity, verdict: aggregate(findings), findings, rationale: it.rationale };
}

function aggregate(findings: Finding[]): CheckResult['verdict'] {
  const v = new Set(findings.map((f) => f.verdict));
  for (const x of ['fail', 'error', 'unknown', 'pass'] as const) if (v.has(x)) return x;
  return 'not-applicable';
}

/**
 * The closed-world check: every direct flow of the matrix is stated by an allow intent (not through
 * a load balancer only) or tolerated in `closed.tolerate`. Fails with the witness of each flow
 * nobody stated, naming the rule that opens it.
 */
export function checkClosedWorld(net: Network, matrix: Matrix, file: IntentsFile, expanded: ExpandedIntent[]): CheckResult | undefined {
  if (!file.closed) return undefined;
  const checkId = 'reach:closed-world';
  const base = { checkId, kind: 'intent' as const, severity: 'error' as const };
  const stated = [
    ...expanded.filter((i) => i.expect === 'allow' && i.via !== 'lb').map((i) => ({ from: i.from, to: i.to, ports: portsOf(i.ports) })),
    ...(file.closed.tolerate ?? []).flatMap((t) => {
      const envs = modelEnvironments(net);
      const text = JSON.stringify(t);
      return (text.includes('{env}') ? envs : ['']).map((env) => {
        const sub = (x: string) => x.replace(/\{env\}/g, env);
        return { from: asList(t.from, ['*']).map(sub), to: asList(t.to, ['*']).map(sub), ports: portsOf(t.ports) };
      });
    }),
  ];
  const findings: Finding[] = [];
  let flows = 0;
  for (const e of matrix.entries) {
    if (e.via) continue;
    flows++;
    const src = e.from === 'internet' ? net.internet : net.byKey.get(e.from)!;
    const dst = e.to === 'internet' ? net.internet : net.byKey.get(e.to)!;
    let covered: PortSet = [];
    for (const s of stated) if (s.from.some((p) => selects(p, src)) && s.to.some((p) => selects(p, dst))) covered = union(covered, s.ports[e.proto]);
    const extra = subtract(e.yes, covered);
    const extraUnknown = subtract(e.unknown, covered);
    if (!isEmpty(extra)) {
      const port = extra[0][0];
      const fs = directFlows(net, src, dst, e.proto, range(port, port));
      const f = fs.find((x) => contains(x.yes, port)) ?? fs[0];
      const w = witness(f, port);
      const c = culprit(f, port);
      findings.push({
        ...base,
        verdict: 'fail',
        message: `${src.label} → ${dst.label} ${formatPorts(extra)}/${e.proto} is allowed but no intent states it${c ? `; opened by ${c.rule}${c.location ? ` (${c.location})` : ''}` : ''}\n${witnessText(w)}`,
        address: c?.address,
        location: locationOf(c),
        details: { flow: `${src.label} → ${dst.label}`, ports: `${formatPorts(extra)}/${e.proto}`, witness: w },
      });
    } else if (!isEmpty(extraUnknown)) {
      const port = extraUnknown[0][0];
      const fs = directFlows(net, src, dst, e.proto, range(port, port));
      const f = fs.find((x) => contains(x.possible, port)) ?? fs[0];
      findings.push({ ...base, verdict: 'unknown', message: `${src.label} → ${dst.label} ${formatPorts(extraUnknown)}/${e.proto} may be allowed and no intent states it: ${unknownReasons(f, port).join('; ')}` });
    }
  }
  findings.push(...unmodelledFindings(net, ['*'], [], base));
  if (!findings.length) findings.push({ ...base, verdict: 'pass', message: `all ${flows} direct flows are stated by an intent or tolerated` });
  return {
    checkId,
    kind: 'intent',
    title: file.closed.title ?? 'nothing else is allowed: every direct flow is stated by an intent',
    severity: 'error',
    verdict: aggregate(findings),
    findings,
    rationale: 'An extra port or peer between roles that are allowed to talk is as much a mistake as a flow between roles that must not.',
  };
}

/** One concrete flow an intent expects, for probing a real stack (ephemeral runs). */
export interface ExpectedFlow {
  checkId: string;
  from: string;
  to: string;
  fromAddress: string;
  toAddress: string;
  port: number;
  proto: Proto;
  expect: 'allow' | 'deny';
  via: ViaMode;
}

/**
 * The concrete (from, to, port, proto) flows each expanded intent expects, with `except` applied:
 * allow intents give their listed ports (up to `maxPerRange` of a range); deny intents give their
 * listed ports, or for `any` the `representative` ports, minus what their exceptions exempt.
 */
export function expectedFlows(net: Network, expanded: ExpandedIntent[], representative: { port: number; proto: Proto }[], maxPerRange = 4): ExpectedFlow[] {
  const out: ExpectedFlow[] = [];
  for (const it of expanded) {
    const candidates =
      it.ports === 'any'
        ? representative
        : it.ports.flatMap((p) => {
            const s = parsePort(p)!;
            const [a, b] = s.ports[0];
            return Array.from({ length: Math.min(b - a + 1, maxPerRange) }, (_, i) => ({ port: a + i, proto: s.proto }));
          });
    for (const s of selectEndpoints(net, it.from)) {
      for (const d of selectEndpoints(net, it.to)) {
        if (s === d || (s.kind === 'internet' && d.kind === 'internet')) continue;
        for (const c of candidates) {
          const exempt = it.except.some(
            (x) => x.from.some((p) => selects(p, s)) && x.to.some((p) => selects(p, d)) && contains(portsOf(x.ports)[c.proto], c.port),
          );
          if (exempt) continue;
          out.push({ checkId: it.checkId, from: s.label, to: d.label, fromAddress: s.key, toAddress: d.key, port: c.port, proto: c.proto, expect: it.expect, via: it.via ?? 'any' });
        }
      }
    }
  }
  return out;
}
