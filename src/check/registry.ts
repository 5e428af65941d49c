import type { Checker } from './checker.js';
import { policyChecker } from '../policy/checker.js';
import { intentsChecker } from '../reach/checker.js';

/**
 * The checkers `stackcheck check` runs, in order. Each family registers itself here with one line
 * (the policy pack from src/policy, the intents from src/reach).
 */
export const checkers: Checker[] = [
  policyChecker(),
  intentsChecker(),
];
