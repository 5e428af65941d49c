/**
 * The reachability intents as a checker of `stackcheck check`: one check per expanded intent, and
 * the matrix + topology as the report's `reachability` section.
 */
import type { Checker, CheckContext } from '../check/checker.js';
import type { CheckResult } from '../check/types.js';
import type { ModelIndex } from '../model/query.js';
import { checkClosedWorld, checkIntent, expandIntents, modelEnvironments, type IntentsFile } from './intents.js';
import { computeMatrix, type Matrix } from './matrix.js';
import { blocking, evaluateDirect, lbTargets, unknownReasons, verdictFor } from './evaluate.js';
import { buildNetwork, type Network } from '../network/index.js';
import { range } from '../network/ports.js';
import type { Finding } from '../check/types.js';
import { topologyOf, type ReachabilitySection } from './section.js';


export interface ReachRun {
  net: Network;
  matrix: Matrix;
  results: CheckResult[];
  section: ReachabilitySection;
}

/** Build the network, check every intent, compute the matrix. Pure apart from reading nothing. */
export function runReach(index: ModelIndex, intents: IntentsFile | undefined): ReachRun {
  const t0 = performance.now();
  const net = buildNetwork(index);
  const matrix = computeMatrix(net);
  const envs = intents?.environments ?? modelEnvironments(net);
  const expanded = intents ? expandIntents(intents, envs) : [];
  const results = expanded.map((it) => checkIntent(net, it));
  const closed = intents ? checkClosedWorld(net, matrix, intents, expanded) : undefined;
  if (closed) results.push(closed);
  const health = healthChecks(net);
  if (health) results.push(health);
  const unmodelled = notModelled(net);
  if (unmodelled) results.push(unmodelled);
  const millis = Math.round(performance.now() - t0);
  const section: ReachabilitySection = {
    roles: matrix.roles,
    cells: matrix.cells,
    topology: topologyOf(net, matrix),
    notes: net.notes,
    notModelled: net.unmodelled,
    stats: { endpoints: net.endpoints.length, securityGroups: net.sgs.size, flows: matrix.entries.length, evaluated: matrix.evaluated, millis },
  };
  return { net, matrix, results, section };
}

/** The intents checker over a read intents file (the project's, or the generic intents). */
export function intentsChecker(intents: IntentsFile): Checker {
  return {
    name: 'reachability',
    async run(_model, index, ctx: CheckContext) {
      const r = runReach(index, intents);
      // witnesses name file:line inside the message text: make them repository-relative
      const prefix = ctx.rootDir.endsWith('/') ? ctx.rootDir : `${ctx.rootDir}/`;
      for (const res of r.results) for (const f of res.findings) f.message = f.message.split(prefix).join('');
      return { results: r.results, sections: { reachability: r.section } };
    },
  };
}

/**
 * What the configuration holds that the network model does not understand (an EKS cluster, a
 * classic ELB, an MQ broker…): one unknown finding each, so every report says so. Undefined when
 * everything is modelled.
 */
export function notModelled(net: Network): CheckResult | undefined {
  if (!net.unmodelled.length) return undefined;
  const checkId = 'reach:not-modelled';
  const findings: Finding[] = net.unmodelled.map((u) => ({ checkId, kind: 'intent', severity: 'warning', verdict: 'unknown', address: u.address, message: `not modelled: ${u.address} (${u.why}); reachability from and to it is not analysed, so deny and closed-world intents that could involve it are unknown` }));
  return { checkId, kind: 'intent', title: 'every endpoint of the configuration is modelled', severity: 'warning', verdict: 'unknown', findings };
}

/**
 * Every load balancer's health checks reach every target (TCP to the health-check port, from the
 * load balancer's own addresses and security groups): a target that fails them gets no traffic.
 * Built in, beside the intents; undefined when the model has no target behind a load balancer.
 */
export function healthChecks(net: Network): CheckResult | undefined {
  const checkId = 'reach:lb-health-checks';
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const { lb, forward: f, target: t } of lbTargets(net)) {
    const target = net.byKey.get(t.endpoint);
    const port = f.targetGroup.healthPort ?? t.port ?? f.targetGroup.port;
    if (!target || port === undefined) continue;
    const key = `${lb.key}|${target.key}|${port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const flow = evaluateDirect(net, lb, target, 'tcp', range(port, port));
    const v = verdictFor(flow, port);
    const head = `${lb.label} → ${target.label} health check ${port}/tcp (${f.targetGroup.address})`;
    const base = { checkId, kind: 'intent' as const, severity: 'error' as const, address: f.targetGroup.address };
    // A possible target (one of several instances an attachment may name): whether its health
    // check matters is unknown, so it decides nothing either way.
    if (t.maybe) {
      findings.push({ ...base, verdict: 'unknown', message: `${head}: ${target.label} may be a target (${t.maybe})` });
      continue;
    }
    if (v === 'allowed') findings.push({ ...base, verdict: 'pass', message: `${head} reaches its target` });
    else if (v === 'unknown') findings.push({ ...base, verdict: 'unknown', message: `${head} cannot be decided before apply: ${unknownReasons(flow, port).join('; ')}` });
    else {
      const b = blocking(flow, port)!;
      findings.push({ ...base, verdict: 'fail', message: `${head} is denied at "${b.first.hop}": ${b.first.why.join('; ')}. To allow it: ${b.change.join('; ')}`, details: { blocking: b } });
    }
  }
  if (!findings.length) return undefined;
  const verdict = findings.some((f) => f.verdict === 'fail') ? 'fail' : findings.some((f) => f.verdict === 'unknown') ? 'unknown' : 'pass';
  return { checkId, kind: 'intent', title: 'load balancer health checks reach every target', severity: 'error', verdict, findings, rationale: 'A target whose health check is blocked is marked unhealthy and gets no traffic.' };
}
