import type { SourceLocation } from '../../../src/model/resource.js';
import { Unknown, type Value } from '../../../src/model/value.js';
import { FunctionError, type TfFunction } from '../../../src/load/hcl/functions/index.js';
import { rootScope, withResourceOrigin, type Scope } from '../../../src/load/hcl/scope.js';

export const AT: SourceLocation = { file: 'main.tf', line: 7 };

/** A few functions of our own, so the evaluator's call mechanics are tested apart from FUNCS' library. */
export const testFunctions: Record<string, TfFunction> = {
  upper: ([s]) => {
    if (s instanceof Unknown) return s;
    if (typeof s !== 'string') throw new FunctionError('upper: a string is required');
    return s.toUpperCase();
  },
  sum: (args) => args.reduce<number>((a, b) => a + (b as number), 0),
  count_args: (args) => args.length,
  slow: async ([x]) => {
    await new Promise((r) => setTimeout(r, 1));
    return x ?? null;
  },
};

export const unknownId = new Unknown('known after apply', [{ address: 'aws_instance.api', attribute: 'id' }]);

/** A scope like a module's: var, local, a resource with an origin, path, and free names. */
export function testScope(extra: Record<string, Value> = {}): Scope {
  const instance = withResourceOrigin({ ami: 'ami-1', id: unknownId as Value, tags: { Name: 'api' } }, { address: 'aws_instance.api' });
  return rootScope(
    {
      var: {
        name: 'dolbom',
        port: 443,
        enabled: true,
        envs: ['staging', 'prod'],
        sizes: { prod: 3, staging: 1 },
        subnets: [
          { id: 's-1', az: 'a' },
          { id: 's-2', az: 'b' },
        ],
        nothing: null,
        numstr: '5',
      },
      local: { n: 5, unknown: unknownId },
      aws_instance: { api: instance },
      ...extra,
    },
    testFunctions,
    { cwd: '.', renderTemplate: async () => '' },
  );
}
