import type { ModelIndex } from '../model/query.js';
import type { StackModel } from '../model/resource.js';
import type { CheckResult } from './types.js';

/** What every checker is given besides the model. */
export interface CheckContext {
  /** Deployment name: `live`, `ephemeral`, or the plan file's path. */
  deployment: string;
  /** Repository-relative paths in findings are relative to this directory. */
  rootDir: string;
  /** `--strict`: unknown verdicts count as failures. */
  strict: boolean;
  /** The deployment is a throw-away copy of the stack (`ephemeral: true` in the project config). */
  ephemeral?: boolean;
}

/**
 * A family of checks run over one model: the policy pack is one checker, the reachability
 * intents another. `stackcheck check` runs every registered checker on every deployment.
 */
export interface Checker {
  name: string;
  run(model: StackModel, index: ModelIndex, ctx: CheckContext): Promise<{
    results: CheckResult[];
    /** Extra report sections (e.g. `reachability` matrix) keyed by name. */
    sections?: Record<string, unknown>;
  }>;
}
