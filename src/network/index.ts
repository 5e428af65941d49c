/** The network model (see types.ts): build it once per stack model, read it from policies and reachability. */
export { buildNetwork } from './build.js';
export { formatRuleRef, isCidr, loc } from './context.js';
export * from './types.js';
