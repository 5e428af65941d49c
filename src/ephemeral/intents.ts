/**
 * The reachability intents as the ephemeral probes need them: REACH's concrete expected flows
 * (`except` applied, `any` narrowed to the ports the intents name), with flows that enter through a load
 * balancer turned into what a client can really try — the load balancer's listener.
 */
import type { CheckResult } from '../check/types.js';
import { lbPathsTo } from '../reach/evaluate.js';
import { expectedFlows, intentPorts, type ExpandedIntent, type IntentsFile } from '../reach/intents.js';
import type { Network } from '../network/index.js';
import type { FlowToProbe, IntentToProbe } from './probe.js';

/** `ports: any` is probed on every port the intents name (`intentPorts`). */
export function intentsToProbe(net: Network, file: IntentsFile, expanded: ExpandedIntent[], results: CheckResult[]): IntentToProbe[] {
  const verdicts = new Map(results.map((r) => [r.checkId, r.verdict]));
  const flows = expectedFlows(net, expanded, intentPorts(file));
  return expanded.map((it) => {
    const mine = flows.filter((f) => f.checkId === it.checkId);
    const out: FlowToProbe[] = [];
    const unprobeable: string[] = [];
    for (const f of mine) {
      if (f.via !== 'lb' || f.from !== 'internet') {
        out.push({ from: f.from, to: f.to, port: f.port, proto: f.proto });
        continue;
      }
      // From the internet a target behind a load balancer is reached at the listener; the rule →
      // target-group → target hop is verified through the API (host rules, target health).
      const dst = net.endpoints.find((e) => e.key === f.toAddress);
      const entries = dst ? lbPathsTo(net, dst).filter((p) => p.port === f.port && typeof p.listener.port === 'number') : [];
      if (!entries.length) unprobeable.push(`${f.to}:${f.port}/${f.proto} through a load balancer: no listener forwards to it`);
      for (const e of entries) {
        const transport = e.listener.transport === 'tcp+udp' ? f.proto : e.listener.transport;
        out.push({ from: 'internet', to: e.lb.label, port: e.listener.port as number, proto: transport });
      }
    }
    const seen = new Set<string>();
    return {
      checkId: it.checkId,
      title: it.title,
      expect: it.expect,
      flows: out.filter((f) => {
        const k = `${f.from}|${f.to}|${f.port}|${f.proto}`;
        return seen.has(k) ? false : (seen.add(k), true);
      }),
      unprobeable,
      staticVerdict: verdicts.get(it.checkId),
    };
  });
}
