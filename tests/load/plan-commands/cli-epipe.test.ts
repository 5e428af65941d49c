import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/paths.js';

describe('the stackcheck binary in a pipe', () => {
  it('exits quietly with its own status when the reader closes early (| head)', () => {
    // 750 kB of JSON: far more than a pipe buffer, so the CLI is still writing when head has gone.
    const r = spawnSync(
      'bash',
      ['-c', 'node bin/stackcheck.js model terraform --var-file terraform/envs/live.tfvars --json | head -c 50 >/dev/null; echo "status=${PIPESTATUS[0]}"'],
      { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(r.stdout.trim()).toBe('status=0');
  }, 60_000);

  it('still reports bad input with exit 2 when stdout is a closed pipe', () => {
    const r = spawnSync('bash', ['-c', 'node bin/stackcheck.js model no-such-dir | head -c 1; echo "status=${PIPESTATUS[0]}"'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toMatch(/no-such-dir: not a directory/);
    expect(r.stdout.trim()).toBe('status=2');
  }, 60_000);
});
