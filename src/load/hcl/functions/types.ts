/** The contract between the evaluator and the functions (contracts-eval.md). */
import type { ObjectValue, Value } from '../../../model/value.js';

export interface FunctionContext {
  /** terraform's working directory (the root module dir): file() paths are relative to it */
  cwd: string;
  /** Render a template with only `vars` in scope (terraform `templatefile` semantics). */
  renderTemplate(text: string, vars: ObjectValue, file: string): Promise<Value>;
  /**
   * The time of the plan being reproduced (RFC 3339, as terraform records it in the plan's
   * `timestamp`): what `plantimestamp()` returns. Absent: no plan, so `plantimestamp()` is unknown.
   */
  planTimestamp?: string;
}

/**
 * A function called with bad arguments. The message names the function (`cidrsubnet(): …`);
 * `fn` and `detail` hold the two parts for a caller that names the function itself. The evaluator
 * adds file:line.
 */
export class FunctionError extends Error {
  readonly fn: string | undefined;
  readonly detail: string;
  constructor(message: string, fn?: string) {
    super(fn ? `${fn}(): ${message}` : message);
    this.name = 'FunctionError';
    this.fn = fn;
    this.detail = message;
  }
}

export type TfFunction = (args: Value[], ctx: FunctionContext) => Value | Promise<Value>;
