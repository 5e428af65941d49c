/**
 * Shared helpers of the policy suites: load a fixture through the static evaluator, run rules,
 * read the `# expect-finding` markers, hand-build small models, and — for every run — assert that
 * no rule threw (an engine error must never hide inside a passing test).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import type { CheckResult } from '../../src/check/types.js';
import { loadStack } from '../../src/load/index.js';
import { ModelIndex } from '../../src/model/query.js';
import type { Resource, StackModel } from '../../src/model/resource.js';
import type { ObjectValue } from '../../src/model/value.js';
import { runRules, type EngineOptions } from '../../src/policy/engine.js';
import type { Rule } from '../../src/policy/types.js';
import { repoRoot } from '../helpers/paths.js';

export const fixturesDir = join(repoRoot, 'tests', 'fixtures', 'policy');

/** Every finding of every result: none may be an engine error. */
export function expectNoRuleThrew(results: CheckResult[]): void {
  const errors = results.flatMap((r) => r.findings.filter((f) => f.verdict === 'error').map((f) => `${f.checkId} ${f.address ?? ''}: ${f.message}`));
  expect(errors, 'a rule threw').toEqual([]);
}

/** Run rules on a model (suppression check dropped unless asked), asserting no rule threw. */
export function check(rules: Rule[], model: StackModel, opts: Partial<EngineOptions> = {}): CheckResult[] {
  const results = runRules(rules, model, new ModelIndex(model), { deployment: 'test', strict: false, ...opts });
  expectNoRuleThrew(results);
  return results;
}

export async function loadFixture(dir: string, varFiles: string[] = []): Promise<StackModel> {
  return loadStack({ dir, varFiles, env: {} });
}

/** `file:line` (relative to the fixture dir) of every line carrying `# expect-finding`. */
export function expectedLines(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.tf')).sort()) {
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        // `# expect-finding-on-next-line` where a comment cannot sit on the line itself (heredocs).
        if (line.includes('expect-finding-on-next-line')) out.push(`${f}:${i + 2}`);
        else if (line.includes('expect-finding')) out.push(`${f}:${i + 1}`);
      });
  }
  return out.sort();
}

/** `file:line` of the unsuppressed failing findings of a result, relative to `dir` (each line once). */
export function failingLines(result: CheckResult, dir: string): string[] {
  const lines = result.findings
    .filter((f) => f.verdict === 'fail' && !f.suppressed)
    .map((f) => (f.location ? `${relative(dir, f.location.file)}:${f.location.line}` : `(no location) ${f.address}`));
  return [...new Set(lines)].sort();
}

/** A hand-built resource for engine tests (plan-like: no source unless given). */
export function resource(address: string, values: ObjectValue, extra: Partial<Resource> = {}): Resource {
  const parts = address.split('.');
  return {
    address,
    module: '',
    mode: 'managed',
    type: parts[parts.length - 2],
    name: parts[parts.length - 1].replace(/\[.*$/, ''),
    provider: 'registry.terraform.io/hashicorp/aws',
    values,
    sensitive: [],
    references: [],
    ...extra,
  };
}

export function model(resources: Resource[], extra: Partial<StackModel> = {}): StackModel {
  return { origin: 'plan', source: 'test.json', resources, variables: {}, outputs: {}, providers: [], unevaluatedModules: [], diagnostics: [], ...extra };
}

/** Every `.json` plan under a directory, sorted (the corpus). */
export function planFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...planFiles(p));
    else if (name.endsWith('.json')) out.push(p);
  }
  return out.sort();
}
