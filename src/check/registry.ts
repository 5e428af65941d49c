import type { Checker } from './checker.js';
import { policyChecker, type PolicyCheckerOptions } from '../policy/checker.js';
import { intentsChecker } from '../reach/checker.js';
import type { IntentsFile } from '../reach/intents.js';

/**
 * The checkers `stackcheck check` runs, in order: the selected policy rules, then the intents.
 * Each family registers itself here with one line.
 */
export function checkersFor(opts: PolicyCheckerOptions & { intents: IntentsFile }): Checker[] {
  return [policyChecker(opts), intentsChecker(opts.intents)];
}
