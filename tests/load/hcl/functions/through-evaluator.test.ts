/**
 * The same cases written as HCL call expressions and evaluated by the static evaluator
 * (src/load/hcl/expr.ts) with these functions in scope: the literal arguments go through HCL's
 * parser and the evaluator's tuple/object/number handling, as they would in a configuration.
 */
import { describe, expect, it } from 'vitest';
import { Unknown, type Value } from '../../../../src/model/value.js';
import { evaluateExpression } from '../../../../src/load/hcl/expr.js';
import { functions } from '../../../../src/load/hcl/functions/index.js';
import { rootScope } from '../../../../src/load/hcl/scope.js';
import { functionContext } from '../../../../src/load/hcl/template.js';
import { CASES } from './cases.js';
import { ERROR, UNKNOWN, callText, fixturesDir, readRecorded, type Outcome } from './oracle.js';

const unknown = (address: string, attribute: string) => new Unknown('known after apply', [{ address, attribute }]);
const scope = rootScope(
  {
    terraform_data: {
      u: { id: unknown('terraform_data.u', 'id') },
      l: { output: unknown('terraform_data.l', 'output') },
      m: { output: unknown('terraform_data.m', 'output') },
    },
    // the oracle's locals (templatestring takes its template from a reference)
    local: { greeting: 'Hello, ${name}!%{ for x in list } [${x}]%{ endfor }', broken: '${nope}' },
  },
  functions,
  functionContext(fixturesDir),
);

function outcome(v: Value): Outcome {
  if (v instanceof Unknown) return UNKNOWN;
  if (Array.isArray(v)) return v.map(outcome) as Value;
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, outcome(e)])) as Value;
  return v;
}

describe('function calls evaluated as HCL expressions agree with terraform', () => {
  const recorded = readRecorded();
  it(`all ${CASES.filter((c) => !c.machineSpecific).length} cases`, async () => {
    const disagreements: string[] = [];
    for (const c of CASES) {
      if (c.machineSpecific) continue;
      const text = callText(c);
      let got: Outcome;
      try {
        got = outcome(await evaluateExpression(text, scope, { file: 'cases.tf', line: 1 }));
      } catch (e) {
        if (!['EvaluationError', 'UserError'].includes((e as Error).name)) throw e;
        got = ERROR;
      }
      const want = c.diverges ? c.diverges.ours : recorded[text];
      try {
        expect(got).toEqual(want);
      } catch {
        disagreements.push(`${text}\n  evaluated: ${JSON.stringify(got)}\n  expected:  ${JSON.stringify(want)}`);
      }
    }
    expect(disagreements.join('\n')).toBe('');
  });
});
