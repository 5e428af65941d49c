/**
 * Probe every reachability intent for real in an applied ephemeral stack: from inside the source
 * instance through SSM Run Command (one bounded command per source instance, one verdict line per
 * probe — Run Command output is cut at 24,000 characters and only arrives when the command ends),
 * and from the runner itself for intents that start on the internet. Each intent's observed verdict
 * is compared with the static analysis' verdict, and every disagreement is reported.
 */
import { createConnection } from 'node:net';
import { createSocket } from 'node:dgram';
import type { AwsClients } from '../aws/clients.js';
import { privateIps } from '../aws/ec2.js';
import { describeReplicationGroup } from '../aws/elasticache.js';
import { loadBalancerDnsNames } from '../aws/elbv2.js';
import { describeDb } from '../aws/rds.js';
import { runShellScript } from '../aws/ssm.js';
import { roleLabel, RUN_ID_TAG, taggedResources } from '../aws/tagging.js';
import type { Proto } from '../network/index.js';
import type { CheckOutcome, StageContext, StageReport } from './run.js';

export type { Proto };
/** connected: a listener answered; refused: the host answered with a reset (the network let it through); timeout: dropped on the way. */
export type Observation = 'connected' | 'refused' | 'timeout' | 'unresolved' | 'error';

/** One concrete flow the static analysis expects (REACH's `expectedFlows`, `except` applied). */
export interface FlowToProbe {
  from: string; // endpoint label: `<Environment>-<Role>` or `internet`
  to: string;
  port: number;
  proto: Proto;
}

/** One expanded intent, as the static analysis checked it, with the flows it expects. */
export interface IntentToProbe {
  checkId: string;
  title: string;
  expect: 'allow' | 'deny';
  flows: FlowToProbe[];
  /** Flows the static side already knows cannot be probed, with the reason. */
  unprobeable?: string[];
  /** The static analysis' verdict for this intent (pass/fail/unknown/…). */
  staticVerdict?: string;
}

/** Something a probe can start from or aim at. */
export interface ProbeEndpoint {
  label: string; // `<Environment>-<Role>` or `internet`
  instanceId?: string; // a source must be an instance (or the internet)
  host?: string; // where to connect to
  /** A VPC-private address: never probed from the runner (it could hit a host of the runner's own network). */
  private?: boolean;
}

export interface Probe {
  checkId: string;
  from: ProbeEndpoint;
  to: ProbeEndpoint;
  port: number;
  proto: Proto;
  expect: 'allow' | 'deny';
}

export interface ProbeRow extends Probe {
  observed: Observation;
  /** Did the observation meet the expectation? */
  ok: boolean;
}

/** Turn the intents' flows into probes over the live endpoints; say why the rest is not probed. */
export function planProbes(intents: IntentToProbe[], endpoints: ProbeEndpoint[]): { probes: Probe[]; notProbed: { checkId: string; reason: string }[] } {
  const probes: Probe[] = [];
  const notProbed: { checkId: string; reason: string }[] = [];
  const byLabel = new Map<string, ProbeEndpoint>();
  for (const e of endpoints) if (!byLabel.has(e.label)) byLabel.set(e.label, e);
  for (const it of intents) {
    const reasons = new Set(it.unprobeable ?? []);
    let planned = 0;
    for (const f of it.flows) {
      const from = byLabel.get(f.from);
      const to = byLabel.get(f.to);
      if (!from || (f.from !== 'internet' && !from.instanceId)) reasons.add(`${f.from} is not a probe source (sources are instances and the internet)`);
      else if (!to?.host) reasons.add(`no live address for ${f.to}`);
      else if (f.from === 'internet' && to.private) reasons.add(`${f.to} has only a private address: unreachable from the internet by construction, and not probed from the runner's own network`);
      else {
        probes.push({ checkId: it.checkId, from, to, port: f.port, proto: f.proto, expect: it.expect });
        planned++;
      }
    }
    if (reasons.size) notProbed.push({ checkId: it.checkId, reason: [...reasons].join('; ') });
    else if (planned === 0) notProbed.push({ checkId: it.checkId, reason: 'no flow to probe' });
  }
  return { probes, notProbed };
}

/**
 * The bash a source instance runs: one `PROBE <n> <observation>` line per probe. TCP through bash's
 * /dev/tcp under `timeout`; UDP with python3 (present on Amazon Linux 2023), expecting the
 * ephemeral responder's echo.
 */
export function probeScript(probes: { host: string; port: number; proto: Proto }[], timeoutSeconds = 4): string[] {
  const lines = [
    'set -u',
    'probe_tcp() { getent hosts "$2" >/dev/null 2>&1 || { echo "PROBE $1 unresolved"; return; }',
    `  if timeout ${timeoutSeconds} bash -c "exec 3<>/dev/tcp/$2/$3" 2>/dev/null; then echo "PROBE $1 connected";`,
    '  else rc=$?; if [ "$rc" -eq 124 ]; then echo "PROBE $1 timeout"; else echo "PROBE $1 refused"; fi; fi; }',
    'probe_udp() { getent hosts "$2" >/dev/null 2>&1 || { echo "PROBE $1 unresolved"; return; }',
    `  python3 -c 'import socket,sys; s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.settimeout(${timeoutSeconds}); s.sendto(b"stackcheck-probe",(sys.argv[1],int(sys.argv[2])));`,
    `s.recvfrom(512); print("connected")' "$2" "$3" 2>/dev/null | sed "s/^/PROBE $1 /" | grep . || echo "PROBE $1 timeout"; }`,
  ];
  probes.forEach((p, i) => {
    if (!/^[A-Za-z0-9.-]+$/.test(p.host)) throw new Error(`refusing to probe a host name with unexpected characters: ${p.host}`);
    lines.push(`probe_${p.proto} ${i} ${p.host} ${p.port}`);
  });
  return lines;
}

export function parseProbeOutput(stdout: string, count: number): Observation[] {
  const out: Observation[] = Array.from({ length: count }, () => 'error');
  for (const m of stdout.matchAll(/^PROBE (\d+) (connected|refused|timeout|unresolved)$/gm)) {
    const i = Number(m[1]);
    if (i < count) out[i] = m[2] as Observation;
  }
  return out;
}

/** An observation meets an expectation: allow needs a listener to answer; deny needs silence. */
export function meets(expect: 'allow' | 'deny', observed: Observation): boolean {
  if (expect === 'allow') return observed === 'connected';
  return observed === 'timeout';
}

/** Probe from the runner (internet → load balancer or public address). */
export function probeFromRunner(host: string, port: number, proto: Proto, timeoutMs = 4000): Promise<Observation> {
  return new Promise((resolve) => {
    if (proto === 'tcp') {
      const sock = createConnection({ host, port });
      const done = (o: Observation) => {
        sock.destroy();
        resolve(o);
      };
      sock.setTimeout(timeoutMs, () => done('timeout'));
      sock.once('connect', () => done('connected'));
      sock.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED' ? 'refused' : e.code === 'ENOTFOUND' ? 'unresolved' : 'error'));
    } else {
      const sock = createSocket('udp4');
      const timer = setTimeout(() => finish('timeout'), timeoutMs);
      const finish = (o: Observation) => {
        clearTimeout(timer);
        sock.close();
        resolve(o);
      };
      sock.once('message', () => finish('connected'));
      sock.once('error', (e: NodeJS.ErrnoException) => finish(e.code === 'ENOTFOUND' ? 'unresolved' : 'error'));
      sock.send(Buffer.from('stackcheck-probe'), port, host);
    }
  });
}

export interface ProbeDeps {
  /** Runs probes on a source instance; returns one observation per probe (SSM in real runs). */
  onInstance(instanceId: string, probes: { host: string; port: number; proto: Proto }[]): Promise<Observation[]>;
  fromRunner(host: string, port: number, proto: Proto): Promise<Observation>;
}

export function ssmProbeDeps(aws: AwsClients): ProbeDeps {
  return {
    async onInstance(instanceId, probes) {
      const res = await runShellScript(aws.ssm, instanceId, probeScript(probes), {
        timeoutSeconds: 60,
        executionTimeoutSeconds: 10 + probes.length * 6,
        comment: 'stackcheck reachability probes',
      });
      return parseProbeOutput(res.stdout, probes.length);
    },
    fromRunner: (host, port, proto) => probeFromRunner(host, port, proto),
  };
}

/** Run planned probes; group per source instance so each instance gets one command. */
export async function runProbes(probes: Probe[], deps: ProbeDeps, log: (l: string) => void): Promise<ProbeRow[]> {
  const rows: ProbeRow[] = [];
  const bySource = new Map<string, Probe[]>();
  for (const p of probes) {
    if (p.from.label === 'internet') {
      const observed = await deps.fromRunner(p.to.host!, p.port, p.proto);
      rows.push({ ...p, observed, ok: meets(p.expect, observed) });
    } else {
      const list = bySource.get(p.from.instanceId!) ?? [];
      list.push(p);
      bySource.set(p.from.instanceId!, list);
    }
  }
  for (const [instanceId, list] of bySource) {
    log(`probing ${list.length} flows from ${list[0].from.label} (${instanceId}) through SSM Run Command`);
    let observed: Observation[];
    try {
      observed = await deps.onInstance(instanceId, list.map((p) => ({ host: p.to.host!, port: p.port, proto: p.proto })));
    } catch (err) {
      log(`probes from ${instanceId} failed: ${(err as Error).message}`);
      observed = list.map(() => 'error');
    }
    list.forEach((p, i) => rows.push({ ...p, observed: observed[i], ok: meets(p.expect, observed[i]) }));
  }
  return rows;
}

/** Per intent: its probes' outcome, and whether it agrees with the static verdict. */
export function judge(intents: IntentToProbe[], rows: ProbeRow[], notProbed: { checkId: string; reason: string }[]): CheckOutcome[] {
  return intents.map((it) => {
    const mine = rows.filter((r) => r.checkId === it.checkId);
    const skipped = notProbed.find((n) => n.checkId === it.checkId);
    if (!mine.length) return { name: it.checkId, ok: true, detail: `not probed: ${skipped?.reason ?? 'no probe planned'}` };
    const partly = skipped ? ` (not probed: ${skipped.reason})` : '';
    const bad = mine.filter((r) => !r.ok);
    const observedPass = bad.length === 0;
    const staticPass = it.staticVerdict === 'pass';
    const disagreement =
      it.staticVerdict && it.staticVerdict !== 'unknown' && staticPass !== observedPass
        ? ` — DISAGREES with the static analysis (${it.staticVerdict})`
        : '';
    const detail = observedPass
      ? `${mine.length} probe${mine.length === 1 ? '' : 's'} as expected${partly}${disagreement}`
      : bad.map((r) => `${r.from.label} → ${r.to.label} ${r.port}/${r.proto}: expected ${r.expect}, observed ${r.observed}`).join('; ') + disagreement;
    return { name: it.checkId, ok: observedPass && !disagreement, detail };
  });
}

/** Endpoints of the applied stack, from the run-tagged resources and their live addresses. */
export async function liveEndpoints(ctx: StageContext, aws: AwsClients): Promise<ProbeEndpoint[]> {
  const tagged = await taggedResources(aws.tagging, RUN_ID_TAG, ctx.runId);
  const out: ProbeEndpoint[] = [{ label: 'internet', host: `s3.${ctx.region}.amazonaws.com` }];
  const instances = tagged.filter((r) => r.kind === 'ec2:instance' && r.tags.Role);
  const ips = await privateIps(aws.ec2, instances.map((r) => r.id));
  for (const r of instances) out.push({ label: roleLabel(r.tags), instanceId: r.id, host: ips[r.id], private: true });
  const lbs = tagged.filter((r) => r.kind === 'elasticloadbalancing:loadbalancer');
  const dns = await loadBalancerDnsNames(aws.elbv2, lbs.map((r) => r.arn));
  for (const r of lbs) out.push({ label: roleLabel(r.tags), host: dns[r.arn] });
  for (const r of tagged.filter((t) => t.kind === 'rds:db')) out.push({ label: roleLabel(r.tags), host: (await describeDb(aws.rds, r.id))?.address, private: true });
  for (const r of tagged.filter((t) => t.kind === 'elasticache:replicationgroup')) {
    out.push({ label: roleLabel(r.tags), host: (await describeReplicationGroup(aws.elasticache, r.id))?.primaryAddress, private: true });
  }
  return out;
}

export async function probeStack(ctx: StageContext, intents: IntentToProbe[], aws: AwsClients, deps?: ProbeDeps): Promise<StageReport> {
  const endpoints = await liveEndpoints(ctx, aws);
  const { probes, notProbed } = planProbes(intents, endpoints);
  ctx.log(`probing ${probes.length} flows for ${intents.length} intents (${notProbed.length} intents not probeable)`);
  const rows = await runProbes(probes, deps ?? ssmProbeDeps(aws), ctx.log);
  return { stage: 'probe', checks: judge(intents, rows, notProbed), data: { rows, notProbed } };
}
