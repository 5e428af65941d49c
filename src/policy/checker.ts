/**
 * The policy pack as a Checker (src/check): `stackcheck check` runs it on every deployment next to
 * the reachability intents. Suppressions come from inline comments (in the model) and from
 * `<rootDir>/.stackcheck/suppressions.yaml` when it exists.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Checker } from '../check/checker.js';
import { runRules } from './engine.js';
import { dolbomPack } from './packs/dolbom.js';
import { loadSuppressionsFile, type FileSuppression } from './suppressions.js';
import type { Pack } from './types.js';

export const SUPPRESSIONS_FILE = join('.stackcheck', 'suppressions.yaml');

export function policyChecker(pack: Pack = dolbomPack): Checker {
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
    name: `policy:${pack.name}`,
    async run(model, index, ctx) {
      const suppressions = suppressionsFor(ctx.rootDir);
      return { results: runRules(pack.rules, model, index, { deployment: ctx.deployment, strict: ctx.strict, suppressions }) };
    },
  };
}
