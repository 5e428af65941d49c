/**
 * The rendered user-data scripts, run for real as root — twice, as a re-run would — inside a private
 * mount namespace where every directory they write is an empty tmpfs, with stand-ins for the system
 * tools (dnf, rpm, systemctl, docker, nvidia-smi, nvidia-ctk, aws, ...). Proves the control flow:
 * idempotency, loud failures, the env file's handling, and that no secret reaches the log.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../helpers/paths.js';
import { renderUserData, sampleVars, type UserDataRole } from './templates.js';

const fixtures = join(repoRoot, 'tests', 'host', 'fixtures');
const canSandbox =
  process.getuid?.() === 0 && spawnSync('unshare', ['--mount', '--propagation', 'private', 'true'], { stdio: 'ignore' }).status === 0;
const skipReason = 'needs root and unshare(1) for a private mount namespace';

const CANARY = 'CANARY-h0st-s3cr3t-91b2';

interface Outcome {
  rc: number[];
  output: string[];
  /** Stand-in calls per run. */
  calls: string[][];
  files: string;
}

function runUserData(
  role: UserDataRole,
  opts: { ephemeral: boolean; envObject: boolean; env?: NodeJS.ProcessEnv; runs?: number },
): Outcome {
  const root = mkdtempSync(join(tmpdir(), 'host-ud-'));
  const vars = sampleVars(role, opts.ephemeral);
  const script = join(root, 'user-data.sh');
  writeFileSync(script, renderUserData(role, vars));
  const s3 = join(root, 's3');
  if (opts.envObject) {
    const object = join(s3, String(vars.env_bucket), String(vars.env_object_key));
    mkdirSync(join(object, '..'), { recursive: true });
    writeFileSync(
      object,
      `DATABASE_HOST=rds.example\nREDIS_URL=rediss://:${CANARY}@redis:6379/0\n`,
    );
  }
  const out = join(root, 'out');
  mkdirSync(out);
  const log = join(root, 'calls.log');
  writeFileSync(log, '');
  const runs = opts.runs ?? 2;
  const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'bash', join(fixtures, 'user-data-sandbox.sh'), script, out, String(runs)], {
    env: { PATH: process.env.PATH, STUB_LOG: log, FAKE_HOST_STATE: join(root, 'state'), FAKE_S3: s3, ...opts.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`sandbox failed (${r.status}): ${r.stderr}`);
  const perRun = readFileSync(log, 'utf8').split(/^--- run \d+\n/m).slice(1);
  return {
    rc: Array.from({ length: runs }, (_, i) => Number(readFileSync(join(out, `run-${i + 1}.rc`), 'utf8'))),
    output: Array.from({ length: runs }, (_, i) => readFileSync(join(out, `run-${i + 1}.out`), 'utf8')),
    calls: perRun.map((chunk) => chunk.split('\n').filter(Boolean)),
    files: join(out, 'files'),
  };
}

const CHANGES = /^(dnf install|usermod|nvidia-ctk runtime configure)/;

describe.skipIf(!canSandbox)(`user-data run twice in a sandbox ${canSandbox ? '' : `(skipped: ${skipReason})`}`, () => {
  it.each(['ai-agent', 'api-server', 'web-server', 'livekit'] as const)('%s: succeeds, and the second run installs and reconfigures nothing', (role) => {
    const o = runUserData(role, { ephemeral: false, envObject: true });
    expect(o.rc, o.output.join('\n----\n')).toEqual([0, 0]);
    expect(o.calls[0]!.filter((c) => CHANGES.test(c)).length).toBeGreaterThan(0);
    expect(o.calls[1]!.filter((c) => CHANGES.test(c))).toEqual([]);
    expect(o.calls[0]).toContain('systemctl enable --now amazon-ssm-agent');
    expect(o.calls[0]).toContain('dnf install -y -q ec2-instance-connect');

    // the env file: fetched beside its target, mode 600, never printed
    const envFile = join(o.files, 'dolbom', '.env');
    expect(readFileSync(envFile, 'utf8')).toContain(CANARY);
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    for (const text of [...o.output, readFileSync(join(o.files, 'dolbom-init.log'), 'utf8')]) expect(text).not.toContain(CANARY);

    const cw = JSON.parse(readFileSync(join(o.files, 'etc', 'amazon-cloudwatch-agent.json'), 'utf8')) as {
      metrics: { namespace: string; append_dimensions: Record<string, string>; metrics_collected: Record<string, unknown> };
    };
    expect(cw.metrics.namespace).toBe('Dolbom');
    expect(cw.metrics.append_dimensions.InstanceId).toBe('${aws:InstanceId}');
    expect('nvidia_gpu' in cw.metrics.metrics_collected).toBe(role === 'ai-agent');
  });

  it('ai-agent: registers the NVIDIA runtime once; without a working driver it fails loudly (not in ephemeral)', () => {
    const ok = runUserData('ai-agent', { ephemeral: false, envObject: true });
    expect(ok.calls[0]).toContain('nvidia-ctk runtime configure --runtime=docker');
    expect(ok.calls[0]).toContain('systemctl restart docker');
    expect(ok.calls[1]).not.toContain('systemctl restart docker');

    const broken = runUserData('ai-agent', { ephemeral: false, envObject: true, env: { FAKE_NO_GPU: '1' }, runs: 1 });
    expect(broken.rc).toEqual([1]);
    expect(broken.output[0]).toMatch(/FATAL: nvidia-smi failed: no working NVIDIA driver/);

    const ephemeral = runUserData('ai-agent', { ephemeral: true, envObject: true, env: { FAKE_NO_GPU: '1' }, runs: 1 });
    expect(ephemeral.rc).toEqual([0]);
    expect(ephemeral.output[0]).toContain('WARNING: no NVIDIA GPU on this ephemeral host');
  });

  it('missing env object: a loud failure naming the object (after retries); a warning on an ephemeral stack', () => {
    const real = runUserData('api-server', { ephemeral: false, envObject: false, runs: 1 });
    expect(real.rc).toEqual([1]);
    expect(real.output[0]).toContain('FATAL: cannot read s3://dolbom-env-123456789012/staging/api.env');
    expect(real.calls[0]!.filter((c) => c.startsWith('aws s3 cp'))).toHaveLength(5);
    expect(real.calls[0]!.filter((c) => c.startsWith('sleep'))).toEqual(['sleep 5', 'sleep 10', 'sleep 20', 'sleep 40']);

    const eph = runUserData('api-server', { ephemeral: true, envObject: false, runs: 1 });
    expect(eph.rc).toEqual([0]);
    expect(eph.output[0]).toContain('WARNING: no env file at s3://dolbom-env-123456789012/staging/api.env');
  });

  it('ephemeral livekit: responder unit on the template ports; livekit.yaml with the webhook URLs terraform passed', () => {
    const o = runUserData('livekit', { ephemeral: true, envObject: true });
    expect(o.rc).toEqual([0, 0]);
    const unit = readFileSync(join(o.files, 'dolbom-responder.service'), 'utf8');
    expect(unit).toContain('ExecStart=/usr/bin/python3 /usr/local/lib/dolbom/responder.py --tcp=7880,7881 --udp=7882');
    expect(o.calls[1]).toContain('systemctl restart dolbom-responder.service');
    const cfg = parseYaml(readFileSync(join(o.files, 'dolbom', 'livekit', 'livekit.yaml'), 'utf8')) as { webhook: { urls: string[] }; rtc: { node_ip: string } };
    expect(cfg.webhook.urls).toEqual(sampleVars('livekit', true).livekit_webhook_urls);
    expect(cfg.rtc.node_ip).toBe('203.0.113.10');
    expect(readFileSync(join(o.files, '90-livekit.conf'), 'utf8')).toContain('net.core.rmem_max = 5000000');
  });
});
