/** The contract between the evaluator and the functions (contracts-eval.md). */
import type { ObjectValue, Value } from '../../../model/value.js';

export interface FunctionContext {
  /** terraform's working directory (the root module dir): file() paths are relative to it */
  cwd: string;
  /** Render a template with only `vars` in scope (terraform `templatefile` semantics). */
  renderTemplate(text: string, vars: ObjectValue, file: string): Promise<Value>;
}

/** A function called with bad arguments; the message names the function. The evaluator adds file:line. */
export class FunctionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FunctionError';
  }
}

export type TfFunction = (args: Value[], ctx: FunctionContext) => Value | Promise<Value>;
