/**
 * The differential check: run every case through real terraform (one plan for all of them) and
 * compare with our implementation and with the recorded results the offline suite uses.
 */
import { rmSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES } from './cases.js';
import { callText, oracleDir, ours, readRecorded, terraformAvailable, terraformSkipReason, theirs, type Outcome } from './oracle.js';

describe.skipIf(!terraformAvailable)(`functions vs live terraform${terraformAvailable ? '' : ` (skipped: ${terraformSkipReason})`}`, () => {
  let dir = '';
  let results = new Map<string, Outcome>();
  beforeAll(() => {
    dir = oracleDir();
    results = theirs(CASES, dir);
  }, 120_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('agrees with terraform on every case (except the documented divergences)', async () => {
    const disagreements: string[] = [];
    for (const c of CASES) {
      const text = callText(c);
      const got = await ours(c, dir);
      const want = results.get(text);
      if (c.fn === 'plantimestamp') continue; // terraform knows the plan time; we cannot
      const expected = c.diverges ? c.diverges.ours : want;
      if (!isDeepStrictEqual(got, expected)) {
        disagreements.push(`${text}\n  ours:      ${JSON.stringify(got)}\n  terraform: ${JSON.stringify(want)}`);
      }
    }
    expect(disagreements.join('\n')).toBe('');
  });

  it('recorded.json is what this terraform says', () => {
    const recorded = readRecorded();
    const stale = CASES.filter((c) => !c.machineSpecific)
      .map(callText)
      .filter((t) => !isDeepStrictEqual(recorded[t], results.get(t)));
    expect(stale, 'run `npx tsx tests/load/hcl/functions/oracle.ts --record`').toEqual([]);
  });

  it('plantimestamp() is known to terraform at plan time; we report it unknown', async () => {
    const c = CASES.find((x) => x.fn === 'plantimestamp')!;
    expect(results.get(callText(c))).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(await ours(c, dir)).toEqual({ $unknown: true });
  });
});
