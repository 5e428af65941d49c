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
