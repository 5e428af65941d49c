/**
 * Every case of cases.ts against terraform's recorded result (recorded.json, observed with the
 * oracle) and, where given, against terraform's documented result. Runs without terraform.
 */
import { describe, expect, it } from 'vitest';
import { CASES } from './cases.js';
import { callText, fixturesDir, ours, readRecorded } from './oracle.js';

const recorded = readRecorded();
const byFunction = new Map<string, typeof CASES>();
for (const c of CASES.filter((x) => !x.machineSpecific)) byFunction.set(c.fn, [...(byFunction.get(c.fn) ?? []), c]);

describe('built-in functions agree with terraform 1.11 (recorded results)', () => {
  for (const [fn, cases] of [...byFunction.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    describe(fn, () => {
      for (const c of cases) {
        const text = callText(c);
        it(text, async () => {
          const got = await ours(c, fixturesDir);
          expect(Object.prototype.hasOwnProperty.call(recorded, text), `no recorded terraform result for ${text}; run oracle.ts --record`).toBe(true);
          if (c.diverges) {
            expect(got).toEqual(c.diverges.ours);
            expect(recorded[text]).not.toEqual(c.diverges.ours);
          } else {
            expect(got).toEqual(recorded[text]);
          }
          if (c.doc !== undefined) expect(got).toEqual(c.doc);
        });
      }
    });
  }
});
