/**
 * The policy rules as a Checker (src/check): `stackcheck check` runs them on every deployment next to
 * the reachability intents. Suppressions come from inline comments (in the model) and from the
 * project's suppressions file when it names one.
 */
import { relative } from 'node:path';
import type { Checker } from '../check/checker.js';
import type { IntentsFile } from '../reach/intents.js';
import { runRules } from './engine.js';
import { loadSuppressionsFile, type FileSuppression } from './suppressions.js';
import type { Rule } from './types.js';

export interface PolicyCheckerOptions {
  rules: Rule[];
  /** Absolute path of the suppressions file, if the project has one. */
  suppressionsFile?: string;
  /** The project's intents: rules of a project contract read its declared entry points. */
  intents?: IntentsFile;
}

export function policyChecker(opts: PolicyCheckerOptions): Checker {
  let suppressions: FileSuppression[] | undefined;
  return {
    name: 'policy',
    async run(model, index, ctx) {
      suppressions ??= opts.suppressionsFile ? loadSuppressionsFile(opts.suppressionsFile, relative(ctx.rootDir, opts.suppressionsFile) || opts.suppressionsFile) : [];
      return {
        results: runRules(opts.rules, model, index, {
          deployment: ctx.deployment,
          strict: ctx.strict,
          suppressions,
          ephemeral: ctx.ephemeral === true,
          ...(opts.intents ? { intents: opts.intents } : {}),
        }),
      };
    },
  };
}
