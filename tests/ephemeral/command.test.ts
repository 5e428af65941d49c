import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { repoRoot } from '../helpers/paths.js';

async function run(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env, cwd: repoRoot, isTTY: false });
  return { code, out: out.join(''), err: err.join('') };
}

describe('stackcheck ephemeral / sweep without what they need', () => {
  it('ephemeral without terraform says so and exits non-zero (the nightly must not pass silently)', async () => {
    const r = await run(['ephemeral'], { TERRAFORM_BIN: '/nonexistent/terraform' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/terraform not found \('\/nonexistent\/terraform'\).*Nothing was created/);
  });
  it('sweep refuses without a configured sandbox account', async () => {
    const r = await run(['sweep', '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/STACKCHECK_SANDBOX_ACCOUNT_ID is not set/);
  });
  it('sweep rejects a malformed bound and contradictory flags', async () => {
    expect((await run(['sweep', '--older-than', 'soon'])).code).toBe(2);
    expect((await run(['sweep', '--dry-run', '--yes'])).err).toMatch(/contradict/);
  });
});

describe('stackcheck ephemeral end to end against stand-ins', () => {
  it('runs apply → verify → probe → destroy and writes the test-plan report formats', async () => {
    const { cpSync, existsSync, mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { mockClient } = await import('aws-sdk-client-mock');
    const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    const { ResourceGroupsTaggingAPIClient, GetResourcesCommand } = await import('@aws-sdk/client-resource-groups-tagging-api');
    const dir = mkdtempSync(join(tmpdir(), 'stackcheck-eph-cmd-'));
    for (const d of ['terraform', 'user-data', '.stackcheck']) cpSync(join(repoRoot, d), join(dir, d), { recursive: true });
    const sts = mockClient(STSClient).on(GetCallerIdentityCommand).resolves({ Account: '111122223333', Arn: 'arn:aws:sts::111122223333:x' });
    // Nothing tagged with the run id exists: verify must fail, not pass vacuously.
    const tagging = mockClient(ResourceGroupsTaggingAPIClient).on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
    const tfLog = join(dir, 'tf.log');
    process.env.FAKE_TF_LOG = tfLog;
    try {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(['ephemeral'], {
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
        env: { TERRAFORM_BIN: join(repoRoot, 'tests/fixtures/ephemeral/fake-terraform'), STACKCHECK_SANDBOX_ACCOUNT_ID: '111122223333', FAKE_TF_LOG: tfLog },
        cwd: dir,
        isTTY: false,
      });
      const text = out.join('');
      expect(code).toBe(1);
      expect(text).toMatch(/instances tagged with the run id/);
      expect(text.trimEnd().split('\n').at(-1)).toMatch(/^\d+ passed, [1-9]\d* failed$/);
      expect(err.join('')).toMatch(/static analysis of terraform with envs\/ephemeral\.tfvars: \d+ intents to probe/);
      expect(readFileSync(tfLog, 'utf8').trim().split('\n').map((l) => l.split(' ')[0])).toEqual(['version', 'init', 'apply', 'output', 'destroy']);
      for (const ext of ['json', 'xml', 'sarif']) expect(existsSync(join(dir, 'reports', `test-ephemeral.${ext}`))).toBe(true);
      const json = JSON.parse(readFileSync(join(dir, 'reports', 'test-ephemeral.json'), 'utf8'));
      expect(JSON.stringify(json)).toContain('verify:instances tagged with the run id');
      // the run itself is a check: completed and destroyed
      expect(text).not.toMatch(/FAIL.*run:destroyed/);
      expect(JSON.stringify(json)).toContain('run:destroyed');
    } finally {
      delete process.env.FAKE_TF_LOG;
      sts.restore();
      tagging.restore();
    }
  });
});
