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
  { label: 'staging-web', instanceId: 'i-web', host: '10.0.16.10' },
  { label: 'staging-api', instanceId: 'i-api', host: '10.0.16.11' },
  { label: 'staging-rds', host: 'db.staging.example' },
  { label: 'shared-alb', host: 'alb.example' },
];

const intent = (over: Partial<IntentToProbe>): IntentToProbe => ({
  checkId: 'x',
  title: 'x',
  expect: 'allow',
  from: ['staging-web'],
  to: ['staging-api'],
  ports: ['8000/tcp'],
  staticVerdict: 'pass',
  ...over,
});

describe('planProbes', () => {
  it('expands roles, globs and ports over the endpoints that exist', () => {
    const { probes, notProbed } = planProbes(
      [
        intent({ checkId: 'a', from: ['staging-*'], to: ['staging-rds'], ports: ['5432/tcp'] }),
        intent({ checkId: 'b', from: ['internet'], to: ['shared-alb'], ports: ['80/tcp', '443/tcp'] }),
        intent({ checkId: 'c', from: ['staging-rds'], to: ['staging-api'] }),
        intent({ checkId: 'd', expect: 'deny', from: ['staging-web'], to: ['staging-rds'], ports: 'any' }),
      ],
      endpoints,
    );
    const summary = probes.map((p) => `${p.checkId} ${p.from.label}->${p.to.label} ${p.port}/${p.proto}`);
    expect(summary.filter((s) => s.startsWith('a '))).toEqual(['a staging-web->staging-rds 5432/tcp', 'a staging-api->staging-rds 5432/tcp']);
    expect(summary.filter((s) => s.startsWith('b '))).toEqual(['b internet->shared-alb 80/tcp', 'b internet->shared-alb 443/tcp']);
    expect(summary.filter((s) => s.startsWith('d ')).length).toBe(13); // representative ports for `any`
    expect(notProbed).toEqual([{ checkId: 'c', reason: 'no probe source for staging-rds (sources are instances or the internet)' }]);
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
      intent({ checkId: 'deny-web-rds', expect: 'deny', to: ['staging-rds'], ports: ['5432/tcp'], staticVerdict: 'pass' }),
      intent({ checkId: 'alb', from: ['internet'], to: ['shared-alb'], ports: ['443/tcp'] }),
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
