export * from './types.js';
export { runRules, locate, aggregate, createRuleContext, SUPPRESSION_CHECK_ID } from './engine.js';
export { loadSuppressionsFile, reasonIsValid, MIN_REASON_WORDS, type FileSuppression } from './suppressions.js';
export { PACKS, DEFAULT_PACKS, allRules, selectRules } from './packs/index.js';
export { policyChecker } from './checker.js';
