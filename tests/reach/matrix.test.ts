/**
 * The matrix takes a fast path (port sets only, cached hops, pruned sources); it must agree with
 * the explained evaluation of every pair, and its role cells must read as the contract matrix.
 */
import { describe, expect, it } from 'vitest';
import { ModelIndex } from '../../src/model/query.js';
import { directFlows, unionFlows } from '../../src/reach/evaluate.js';
import { computeMatrix } from '../../src/reach/matrix.js';
import { buildNetwork, PROTOS, type Network } from '../../src/network/index.js';
import { formatPorts, subtract } from '../../src/network/ports.js';
import { syntheticStack } from '../../bench/reach.bench.js';
import { contractStack } from './contract-stack.js';

function agree(net: Network) {
  const m = computeMatrix(net);
  const fast = new Map(m.entries.filter((e) => !e.via).map((e) => [`${e.from}|${e.to}|${e.proto}`, `${formatPorts(e.yes)} ? ${formatPorts(e.unknown)}`]));
  const slow = new Map<string, string>();
  const targets = new Set(net.endpoints.flatMap((lb) => (lb.lb ? lb.lb.listeners.flatMap((l) => l.forwards.flatMap((f) => f.targetGroup.targets.map((t) => `${lb.key}|${t.endpoint}`))) : [])));
  for (const src of [net.internet, ...net.endpoints]) {
    if (['rds', 'aurora', 'elasticache', 'efs', 'opensearch', 'vpc-endpoint'].includes(src.kind)) continue;
    for (const dst of [...net.endpoints, net.internet]) {
      if (src === dst || (src.kind === 'internet' && dst.kind === 'internet')) continue;
      if (src.lb && !targets.has(`${src.key}|${dst.key}`)) continue;
      for (const proto of PROTOS) {
        // the private address, and the public one of an internet-facing load balancer
        const f = unionFlows(directFlows(net, src, dst, proto));
        if (f.possible.length) slow.set(`${src.key}|${dst.key}|${proto}`, `${formatPorts(f.yes)} ? ${formatPorts(subtract(f.possible, f.yes))}`);
      }
    }
  }
  expect(Object.fromEntries(fast)).toEqual(Object.fromEntries(slow));
  return m;
}

describe('matrix', () => {
  it('agrees with the explained evaluation on the contract stack, and reads as the contract', () => {
    const m = agree(buildNetwork(new ModelIndex(contractStack().b.build())));
    const cell = (from: string, to: string, via = 'direct') => m.cells.find((c) => c.from === from && c.to === to && c.via === via);
    expect(cell('internet', 'shared-alb')).toMatchObject({ tcp: '80, 443', udp: '' });
    expect(cell('internet', 'shared-nlb')).toMatchObject({ tcp: '7881', udp: '7882' });
    expect(cell('internet', 'shared-livekit', 'shared-nlb:7882')).toMatchObject({ udp: '7882' });
    expect(cell('internet', 'staging-api', 'shared-alb:443')).toMatchObject({ tcp: '8000' });
    // Signalling direct; media only to the NLB's Elastic IP ("${aws_eip.nlb.public_ip}/32": that
    // address, decided before apply), never to LiveKit's private address.
    expect(cell('staging-ai-agent', 'shared-livekit')).toMatchObject({ tcp: '7880', udp: '', unknown: '' });
    expect(cell('staging-ai-agent', 'shared-nlb')).toMatchObject({ tcp: '7881', udp: '7882', unknown: '' });
    // A load balancer is the source of no flow but to its targets.
    for (const c of m.cells) if (c.from === 'shared-alb' || c.from === 'shared-nlb') expect(['staging-api', 'prod-api', 'staging-web', 'prod-web', 'shared-livekit']).toContain(c.to);
    expect(cell('staging-api', 'prod-rds')).toBeUndefined();
    expect(cell('staging-web', 'staging-rds')).toBeUndefined();
    expect(cell('internet', 'staging-api')).toBeUndefined();
  });

  it('agrees with the explained evaluation on a synthetic stack with CIDR, SG and mixed rules', () => {
    const m = agree(buildNetwork(new ModelIndex(syntheticStack(40, 20, 30))));
    expect(m.entries.length).toBeGreaterThan(100);
  });
});
