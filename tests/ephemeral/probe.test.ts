import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createSocket } from 'node:dgram';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  judge,
  meets,
  parseProbeOutput,
  planProbes,
  probeFromRunner,
  probeScript,
  runProbes,
  type IntentToProbe,
  type ProbeEndpoint,
} from '../../src/ephemeral/probe.js';

const endpoints: ProbeEndpoint[] = [
  { label: 'internet', host: 's3.ap-northeast-2.amazonaws.com' },
  { label: 'staging-web', instanceId: 'i-web', host: '10.0.16.10', private: true },
  { label: 'staging-api', instanceId: 'i-api', host: '10.0.16.11', private: true },
  { label: 'staging-rds', host: 'db.staging.example', private: true },
  { label: 'shared-alb', host: 'alb.example' },
];

const flow = (from: string, to: string, port: number, proto: 'tcp' | 'udp' = 'tcp') => ({ from, to, port, proto });
const intent = (over: Partial<IntentToProbe>): IntentToProbe => ({
  checkId: 'x',
  title: 'x',
  expect: 'allow',
  flows: [flow('staging-web', 'staging-api', 8000)],
  staticVerdict: 'pass',
  ...over,
});

describe('planProbes', () => {
  it('maps each expected flow onto the live endpoints and says why the rest is not probed', () => {
    const { probes, notProbed } = planProbes(
      [
        intent({ checkId: 'a', flows: [flow('staging-web', 'staging-rds', 5432), flow('staging-api', 'staging-rds', 5432)] }),
        intent({ checkId: 'b', flows: [flow('internet', 'shared-alb', 80), flow('internet', 'shared-alb', 443)] }),
        intent({ checkId: 'c', flows: [flow('staging-rds', 'staging-api', 8000)] }),
        intent({ checkId: 'd', flows: [flow('staging-web', 'prod-api', 8000)], unprobeable: ['through a load balancer: no listener'] }),
        intent({ checkId: 'e', expect: 'deny', flows: [flow('internet', 'staging-api', 8000)] }),
      ],
      endpoints,
    );
    expect(probes.map((p) => `${p.checkId} ${p.from.label}->${p.to.label} ${p.port}/${p.proto}`)).toEqual([
      'a staging-web->staging-rds 5432/tcp',
      'a staging-api->staging-rds 5432/tcp',
      'b internet->shared-alb 80/tcp',
      'b internet->shared-alb 443/tcp',
    ]);
    expect(notProbed).toEqual([
      { checkId: 'c', reason: 'staging-rds is not a probe source (sources are instances and the internet)' },
      { checkId: 'd', reason: 'through a load balancer: no listener; no live address for prod-api' },
      {
        checkId: 'e',
        reason: "staging-api has only a private address: unreachable from the internet by construction, and not probed from the runner's own network",
      },
    ]);
  });
});

describe('intentsToProbe on the stack (ephemeral deployment)', () => {
  it('applies except, and turns internet-through-a-load-balancer flows into listener probes', async () => {
    const { loadStack } = await import('../../src/load/index.js');
    const { ModelIndex } = await import('../../src/model/query.js');
    const { loadIntents, expandIntents, modelEnvironments } = await import('../../src/reach/intents.js');
    const { runReach } = await import('../../src/reach/checker.js');
    const { intentsToProbe } = await import('../../src/ephemeral/intents.js');
    const { join } = await import('node:path');
    const { repoRoot, stackIntentsFile } = await import('../helpers/paths.js');
    const tf = join(repoRoot, 'terraform');
    const model = await loadStack({ dir: tf, varFiles: [join(tf, 'envs/ephemeral.tfvars')], vars: { run_id: 'estatic000' } });
    const file = await loadIntents(stackIntentsFile());
    const run = runReach(new ModelIndex(model), file);
    const intents = intentsToProbe(run.net, file, expandIntents(file, modelEnvironments(run.net)), run.results);
    const flows = (expect: string) =>
      intents.filter((i) => i.expect === expect).flatMap((i) => i.flows.map((f) => `${f.from}->${f.to} ${f.port}/${f.proto}`));
    // what the internet may reach is exempt from the deny intents, so it is never probed as "must be closed"
    expect(flows('deny')).not.toContain('internet->shared-alb 443/tcp');
    expect(flows('deny')).toContain('internet->staging-api 8000/tcp');
    // through the load balancers: the listener a client really connects to
    expect(flows('allow')).toContain('internet->shared-alb 443/tcp');
    expect(flows('allow')).toContain('internet->shared-nlb 7882/udp');
    expect(flows('allow')).not.toContain('internet->staging-api 8000/tcp');
    expect(intents.every((i) => i.staticVerdict === 'pass' || i.staticVerdict === 'unknown' || i.staticVerdict === 'not-applicable')).toBe(true);
  });
});

describe('the probe script, run for real against local listeners', () => {
  let tcpPort = 0;
  let closedPort = 0;
  let udpPort = 0;
  const server = createServer((s) => s.end());
  const udp = createSocket('udp4');
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    tcpPort = (server.address() as AddressInfo).port;
    const tmp = createServer();
    await new Promise<void>((r) => tmp.listen(0, '127.0.0.1', r));
    closedPort = (tmp.address() as AddressInfo).port;
    await new Promise<void>((r) => tmp.close(() => r()));
    udp.on('message', (msg, rinfo) => udp.send(msg, rinfo.port, rinfo.address));
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
    udpPort = udp.address().port;
  });
  afterAll(() => {
    server.close();
    udp.close();
  });

  it('reports connected, refused, UDP echo and an unresolvable name', async () => {
    const script = probeScript(
      [
        { host: '127.0.0.1', port: tcpPort, proto: 'tcp' },
        { host: '127.0.0.1', port: closedPort, proto: 'tcp' },
        { host: '127.0.0.1', port: udpPort, proto: 'udp' },
        { host: 'no-such-host.invalid', port: 80, proto: 'tcp' },
      ],
      2,
    ).join('\n');
    // async: the UDP echo server lives in this process and must keep answering while bash runs
    const { stdout: out } = await promisify(execFile)('bash', ['-c', script], { encoding: 'utf8' });
    expect(parseProbeOutput(out, 4)).toEqual(['connected', 'refused', 'connected', 'unresolved']);
  });

  it('refuses host names that could inject shell', () => {
    expect(() => probeScript([{ host: 'x; rm -rf /', port: 1, proto: 'tcp' }])).toThrow(/unexpected characters/);
  });

  it('probes from the runner over TCP and UDP', async () => {
    expect(await probeFromRunner('127.0.0.1', tcpPort, 'tcp')).toBe('connected');
    expect(await probeFromRunner('127.0.0.1', closedPort, 'tcp')).toBe('refused');
    expect(await probeFromRunner('127.0.0.1', udpPort, 'udp')).toBe('connected');
  });
});

describe('verdicts', () => {
  it('map observations to expectations', () => {
    expect(meets('allow', 'connected')).toBe(true);
    expect(meets('allow', 'refused')).toBe(false); // reached the host, but nothing listens: the service is not up
    expect(meets('allow', 'timeout')).toBe(false);
    expect(meets('deny', 'timeout')).toBe(true);
    expect(meets('deny', 'refused')).toBe(false); // the network let the packet through
    expect(meets('deny', 'connected')).toBe(false);
    expect(meets('deny', 'error')).toBe(false);
  });
  it('missing output lines are errors, not passes', () => {
    expect(parseProbeOutput('PROBE 1 timeout\n', 3)).toEqual(['error', 'timeout', 'error']);
  });

  it('runs one command per source instance and reports disagreements with the static analysis', async () => {
    const intents = [
      intent({ checkId: 'allow-web-api' }),
      intent({ checkId: 'deny-web-rds', expect: 'deny', flows: [flow('staging-web', 'staging-rds', 5432)], staticVerdict: 'pass' }),
      intent({ checkId: 'alb', flows: [flow('internet', 'shared-alb', 443)] }),
    ];
    const { probes, notProbed } = planProbes(intents, endpoints);
    const calls: string[] = [];
    const rows = await runProbes(
      probes,
      {
        onInstance: async (id, ps) => {
          calls.push(`${id}:${ps.length}`);
          return ps.map((p) => (p.port === 8000 ? 'connected' : 'refused'));
        },
        fromRunner: async () => 'connected',
      },
      () => {},
    );
    expect(calls).toEqual(['i-web:2']);
    const outcomes = judge(intents, rows, notProbed);
    expect(outcomes).toEqual([
      { name: 'allow-web-api', ok: true, detail: '1 probe as expected' },
      {
        name: 'deny-web-rds',
        ok: false,
        detail: 'staging-web → staging-rds 5432/tcp: expected deny, observed refused — DISAGREES with the static analysis (pass)',
      },
      { name: 'alb', ok: true, detail: '1 probe as expected' },
    ]);
  });
});
