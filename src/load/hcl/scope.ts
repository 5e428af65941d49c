/**
 * What an expression can see while it is evaluated (contract: contracts-eval.md).
 *
 * The evaluator (expr.ts) knows nothing about variables, resources or modules: it asks its Scope to
 * resolve the longest known prefix of a traversal and applies the rest of the traversal itself.
 * EVAL-CONFIG builds the module scopes (var, local, module, resources, data, each, count, path,
 * terraform); for-expressions, template `for` directives and dynamic-block iterators add names
 * with `childScope`.
 */
import type { Value } from '../../model/value.js';
import type { FunctionContext, TfFunction } from './functions/index.js';

export interface ScopeLookup {
  value: Value;
  /** How many leading parts of the traversal the value stands for (at least 1). */
  consumed: number;
}

export interface Scope {
  /**
   * Resolve the longest known prefix of a traversal (`var.x`, `local.y`, `module.m.out`,
   * `aws_instance.a`, `data.t.n`, `each.key`, `count.index`, `path.module`, `terraform.workspace`,
   * a for-expression or dynamic-iterator variable). Attribute names and index keys both arrive as
   * strings: `module.env["prod"].out` is `['module', 'env', 'prod', 'out']`. Return undefined for an
   * unknown root name (the evaluator then raises "Reference to undeclared …" with file:line).
   */
  lookup(parts: string[]): ScopeLookup | undefined;
  functions: Record<string, TfFunction>;
  functionContext: FunctionContext;
}

/**
 * Attach to a resource object value: a missing attribute read from it evaluates to
 * `Unknown('known after apply', [{address, attribute}])` instead of an error.
 * `obj[RESOURCE_ORIGIN] = { address: 'aws_instance.a' }`
 */
export const RESOURCE_ORIGIN: unique symbol = Symbol('stackcheck.resourceOrigin');

export interface ResourceOrigin {
  /** Full address of the resource instance the object stands for. */
  address: string;
  /** Attribute path of this object inside the resource (`''` for the resource itself, `root_block_device.0`). */
  attribute?: string;
}

/** The origin attached to an object value, if any. */
export function resourceOriginOf(v: unknown): ResourceOrigin | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  return (v as { [RESOURCE_ORIGIN]?: ResourceOrigin })[RESOURCE_ORIGIN];
}

/** Mark an object value as a resource (instance): reads of attributes it lacks become unknown. */
export function withResourceOrigin<T extends object>(obj: T, origin: ResourceOrigin): T {
  Object.defineProperty(obj, RESOURCE_ORIGIN, { value: origin, enumerable: false, configurable: true });
  return obj;
}

/** A scope that sees `vars` by name first, then everything its parent sees. */
export function childScope(parent: Scope, vars: Record<string, Value>): Scope {
  return {
    lookup(parts) {
      const name = parts[0];
      if (name !== undefined && Object.prototype.hasOwnProperty.call(vars, name)) {
        return { value: vars[name] as Value, consumed: 1 };
      }
      return parent.lookup(parts);
    },
    functions: parent.functions,
    functionContext: parent.functionContext,
  };
}

/**
 * A scope of plain root names and nothing else (templatefile's variables, tests, tfvars).
 * `var.x` resolves only when `var` is one of the names (as an object).
 */
export function rootScope(
  vars: Record<string, Value>,
  functions: Record<string, TfFunction>,
  functionContext: FunctionContext,
): Scope {
  return childScope({ lookup: () => undefined, functions, functionContext }, vars);
}
