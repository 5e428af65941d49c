/**
 * The policy packs as one Checker (src/check): `stackcheck check` runs them on every deployment next
 * to the reachability intents (one run, so the suppression check knows every rule id of every pack). Suppressions come from inline comments (in the model) and from
 * `<rootDir>/.stackcheck/suppressions.yaml` when it exists.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Checker } from '../check/checker.js';
import { runRules } from './engine.js';
import { applyPack } from './packs/apply.js';
import { dolbomPack } from './packs/dolbom.js';
import { loadSuppressionsFile, type FileSuppression } from './suppressions.js';
import type { Pack, RuleOptions } from './types.js';

export const SUPPRESSIONS_FILE = join('.stackcheck', 'suppressions.yaml');

/** The packs `check` runs when nothing selects others: our contract and the apply-time pack. */
export const DEFAULT_PACKS: Pack[] = [dolbomPack, applyPack];

export function policyChecker(packs: Pack[] = DEFAULT_PACKS, ruleOptions: RuleOptions = {}): Checker {
  const rules = packs.flatMap((p) => p.rules);
  const cache = new Map<string, FileSuppression[]>();
  const suppressionsFor = (rootDir: string): FileSuppression[] => {
    let s = cache.get(rootDir);
    if (!s) {
      const path = join(rootDir, SUPPRESSIONS_FILE);
      s = existsSync(path) ? loadSuppressionsFile(path, SUPPRESSIONS_FILE) : [];
      cache.set(rootDir, s);
    }
    return s;
  };
  return {
    name: `policy:${packs.map((p) => p.name).join('+')}`,
    async run(model, index, ctx) {
      const suppressions = suppressionsFor(ctx.rootDir);
      return { results: runRules(rules, model, index, { deployment: ctx.deployment, strict: ctx.strict, suppressions, ruleOptions }) };
    },
  };
}
