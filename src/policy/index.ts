export * from './types.js';
export { runRules, locate, aggregate, createRuleContext, SUPPRESSION_CHECK_ID } from './engine.js';
export { loadSuppressionsFile, reasonIsValid, MIN_REASON_WORDS, type FileSuppression } from './suppressions.js';
export { dolbomPack } from './packs/dolbom.js';
export { applyPack } from './packs/apply.js';
export { policyChecker, SUPPRESSIONS_FILE } from './checker.js';
