/**
 * Terraform's built-in functions for the static evaluator (contract: contracts-eval.md).
 *
 * Each function takes already-evaluated argument values and returns a value as terraform would.
 * `try` and `can` are special forms of the evaluator and are not here.
 */
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

export const functions: Record<string, TfFunction> = {};
