/**
 * What the fuzz suite runs: a case is (kind, seed) → one mutated input file and one stackcheck
 * command over it. HCL cases mutate one file of the stack (terraform/**.tf, envs/*.tfvars) in a
 * worker's own copy of terraform/ and run a command on the copy's root; plan cases mutate one
 * corpus plan (read from ../shared/corpus, never copied into the repository) and run a command
 * that reads it. Everything is a pure function of the seed, so a failure is reproduced from it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { corpusAvailable, corpusDir, repoRoot } from '../helpers/paths.js';
import { hclMutations, mutate, planMutations, rng } from './mutate.js';

export type CaseKind = 'hcl' | 'plan';

export interface FuzzCase {
  kind: CaseKind;
  seed: number;
  /** The file replaced by the mutant, relative to the workspace (hcl) or the corpus (plan). */
  target: string;
  /** The command line, with {root} (the workspace's terraform copy) and {plan} (the mutant plan) to fill in. */
  argv: string[];
  /** What the mutator did. */
  how: string;
  /** The mutant's text. */
  text: string;
}

const stackDir = join(repoRoot, 'terraform');

function walk(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p, keep));
    else if (keep(name)) out.push(p);
  }
  return out;
}

/** The stack's HCL files, relative to terraform/. */
export const stackFiles: string[] = walk(stackDir, (n) => n.endsWith('.tf') || n.endsWith('.tfvars')).map((p) => relative(stackDir, p));

/** The corpus plans, relative to the corpus folder (none when it is absent). */
export const corpusPlans: string[] = corpusAvailable ? walk(corpusDir, (n) => n.endsWith('.json')).map((p) => relative(corpusDir, p)) : [];

/** One deployment's var file: every command evaluates the stack once. */
const VARS = ['--var-file', '{root}/envs/live.tfvars'];

const HCL_COMMANDS: string[][] = [
  ['check', '{root}', ...VARS, '--out', '{out}', '--format', 'terminal', '--format', 'json', '--format', 'junit', '--format', 'sarif', '--format', 'html'],
  ['model', '{root}', ...VARS, '--json'],
  ['model', '{root}', ...VARS],
  ['plan-json', '{root}', ...VARS],
  ['validate', '{root}'],
  ['fmt', '--check', '{root}'],
  ['reach', '{root}', ...VARS, '--matrix'],
  ['diff', '{root}', '--plan-json', '{fixedPlan}', ...VARS],
];

const PLAN_COMMANDS: string[][] = [
  ['check', '--plan-json', '{plan}', '--out', '{out}', '--format', 'terminal', '--format', 'json', '--format', 'junit', '--format', 'sarif', '--format', 'html'],
  ['model', '--plan-json', '{plan}', '--json'],
  ['model', '--plan-json', '{plan}'],
  ['reach', '--plan-json', '{plan}', '--matrix'],
  ['diff', '{root}', '--plan-json', '{plan}', ...VARS],
];

const textCache = new Map<string, string>();
function source(path: string): string {
  let t = textCache.get(path);
  if (t === undefined) {
    t = readFileSync(path, 'utf8');
    textCache.set(path, t);
  }
  return t;
}

/** The case of this kind and seed. */
export function fuzzCase(kind: CaseKind, seed: number): FuzzCase {
  const r = rng(seed ^ 0x9e3779b9);
  if (kind === 'hcl') {
    const target = stackFiles[Math.floor(r() * stackFiles.length)]!;
    const argv = HCL_COMMANDS[Math.floor(r() * HCL_COMMANDS.length)]!;
    const m = mutate(source(join(stackDir, target)), seed, hclMutations);
    return { kind, seed, target, argv, how: m.how, text: m.text };
  }
  if (corpusPlans.length === 0) throw new Error(`no corpus plans at ${corpusDir}`);
  const target = corpusPlans[Math.floor(r() * corpusPlans.length)]!;
  const argv = PLAN_COMMANDS[Math.floor(r() * PLAN_COMMANDS.length)]!;
  const m = mutate(source(join(corpusDir, target)), seed, planMutations);
  return { kind, seed, target, argv, how: m.how, text: m.text };
}

/** The original text of a case's target (to restore a workspace after the case). */
export function originalText(kind: CaseKind, target: string): string {
  return source(join(kind === 'hcl' ? stackDir : corpusDir, target));
}

export { stackDir };
