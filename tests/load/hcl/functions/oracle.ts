/**
 * A differential oracle for the built-in functions: the same calls evaluated by real terraform.
 *
 * Every case becomes `output "c<N>" { value = <call> }` in ONE temporary root module (with a
 * `terraform_data` resource whose id stands in for an unknown value, and copies of the fixture
 * files for the filesystem functions). Terraform runs `init`, `plan -out`, `show -json` once for the
 * cases that succeed; a first pass with `can(<call>)` finds the ones that fail.
 *
 * Run `npx tsx tests/load/hcl/functions/oracle.ts --record` to rewrite recorded.json from
 * terraform (the offline suite compares against that file when terraform is absent).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Unknown, type Value } from '../../../../src/model/value.js';
import { functions } from '../../../../src/load/hcl/functions/index.js';
import { FunctionError } from '../../../../src/load/hcl/functions/types.js';
import { functionContext } from '../../../../src/load/hcl/template.js';
import { CASES, type Arg, type Case } from './cases.js';

export const here = dirname(fileURLToPath(import.meta.url));
export const fixturesDir = join(here, 'fixtures');
export const recordedPath = join(here, 'recorded.json');

/** A result as both sides report it: a value with `{ $unknown: true }` where unknown, or `{ $error: true }`. */
export type Outcome = Value | { $unknown: true } | { $error: true };
export const UNKNOWN = { $unknown: true } as const;
export const ERROR = { $error: true } as const;

export const terraformBin = process.env.TERRAFORM ?? 'terraform';
export const terraformAvailable = (() => {
  try {
    execFileSync(terraformBin, ['version'], { stdio: 'ignore', timeout: 20_000, env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    return true;
  } catch {
    return false;
  }
})();
export const terraformSkipReason = `terraform not found at ${terraformBin} (set TERRAFORM to a terraform 1.11 binary)`;

// ---------------------------------------------------------------------------------------------
// HCL text of a case

function hclString(s: string): string {
  let out = '"';
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  // `${` and `%{` start interpolations and directives in HCL strings
  return out.replace(/\$\{/g, '$$$${').replace(/%\{/g, '%%{') + '"';
}

export function hclOf(arg: Arg): string {
  if (arg === null) return 'null';
  if (typeof arg === 'string') return hclString(arg);
  if (typeof arg === 'number') return Object.is(arg, -0) ? '-0' : Number.isInteger(arg) || !String(arg).includes('e') ? String(arg) : arg.toExponential();
  if (typeof arg === 'boolean') return String(arg);
  if (Array.isArray(arg)) return `[${arg.map(hclOf).join(', ')}]`;
  if ('$unknown' in arg) return { string: 'terraform_data.u.id', list: 'terraform_data.l.output', map: 'terraform_data.m.output' }[arg.$unknown as string]!;
  if ('$hcl' in arg && typeof arg.$hcl === 'string') return arg.$hcl;
  return `{ ${Object.entries(arg)
    .map(([k, v]) => `${hclString(k)} = ${hclOf(v as Arg)}`)
    .join(', ')} }`;
}

export function callText(c: Case): string {
  return `${c.fn}(${c.args.map(hclOf).join(', ')}${c.expand ? '...' : ''})`;
}

/** The Value an argument stands for when our implementation is called directly. */
export function argValue(arg: Arg): Value {
  if (arg === null || typeof arg !== 'object') return arg;
  if (Array.isArray(arg)) return arg.map(argValue);
  if ('$unknown' in arg) {
    const [address, attribute] = arg.$unknown === 'string' ? ['terraform_data.u', 'id'] : [`terraform_data.${arg.$unknown === 'list' ? 'l' : 'm'}`, 'output'];
    return new Unknown('known after apply', [{ address: address!, attribute: attribute! }]);
  }
  if ('$hcl' in arg && typeof arg.$hcl === 'string') return argValue((arg as { value: Arg }).value);
  const out: Record<string, Value> = {};
  for (const [k, v] of Object.entries(arg)) out[k] = argValue(v as Arg);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Our side

function toOutcome(v: Value): Outcome {
  if (v instanceof Unknown) return UNKNOWN;
  if (Array.isArray(v)) return v.map(toOutcome) as Value;
  if (v !== null && typeof v === 'object') {
    const out: Record<string, Value> = {};
    for (const [k, e] of Object.entries(v)) out[k] = toOutcome(e) as Value;
    return out;
  }
  return v;
}

/** Call our implementation of a case; a FunctionError becomes ERROR, anything else propagates. */
export async function ours(c: Case, cwd: string): Promise<Outcome> {
  const fn = functions[c.fn];
  if (!fn) throw new Error(`no function ${c.fn}`);
  let args = c.args.map(argValue);
  if (c.expand) args = [...args.slice(0, -1), ...(args[args.length - 1] as Value[])];
  try {
    return toOutcome(await fn(args, functionContext(cwd)));
  } catch (e) {
    if (e instanceof FunctionError || (e as Error).name === 'UserError' || (e as Error).name === 'EvaluationError') return ERROR;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Terraform's side

function combine(after: unknown, unknown: unknown): Outcome {
  if (unknown === true) return UNKNOWN;
  if (Array.isArray(after)) return after.map((e, i) => combine(e, Array.isArray(unknown) ? unknown[i] : false)) as Value;
  if ((after !== null && typeof after === 'object') || (after === null && unknown && typeof unknown === 'object')) {
    // unknown map entries and object attributes appear only in after_unknown
    const known = (after ?? {}) as Record<string, unknown>;
    const unknowns = (unknown && typeof unknown === 'object' ? unknown : {}) as Record<string, unknown>;
    const out: Record<string, Value> = {};
    for (const k of new Set([...Object.keys(known), ...Object.keys(unknowns)])) {
      out[k] = combine(known[k] ?? null, unknowns[k] ?? false) as Value;
    }
    return out;
  }
  return after as Value;
}

function plan(dir: string, outputs: string[]): Record<string, Outcome> {
  const resources = [
    'resource "terraform_data" "u" {}',
    'resource "terraform_data" "l" { input = ["a"] }',
    'resource "terraform_data" "m" { input = { a = "x" } }',
    // templatestring() takes its template from a reference, never a literal
    'locals {\n  greeting = "Hello, $${name}!%%{ for x in list } [$${x}]%%{ endfor }"\n  broken = "$${nope}"\n}',
  ];
  const main = [...resources, ...outputs].join('\n');
  writeFileSync(join(dir, 'main.tf'), main + '\n');
  const env = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: join(dir, 'none.tfrc') };
  const run = (args: string[]) => {
    const r = spawnSync(terraformBin, args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`terraform ${args.join(' ')} failed:\n${r.stderr}`);
    return r.stdout;
  };
  if (!existsSync(join(dir, '.terraform.lock.hcl')) && !existsSync(join(dir, '.terraform'))) run(['init', '-input=false', '-no-color']);
  run(['plan', '-input=false', '-no-color', '-lock=false', '-out', 'p']);
  const show = JSON.parse(run(['show', '-json', 'p'])) as { output_changes?: Record<string, { after: unknown; after_unknown: unknown }> };
  const out: Record<string, Outcome> = {};
  for (const [k, ch] of Object.entries(show.output_changes ?? {})) out[k] = combine(ch.after, ch.after_unknown);
  return out;
}

/** A temp root module holding copies of the fixtures; the caller removes it. */
export function oracleDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stackcheck-funcs-oracle-'));
  cpSync(fixturesDir, dir, { recursive: true });
  writeFileSync(join(dir, 'none.tfrc'), '');
  return dir;
}

/** Terraform's outcome for every case, keyed by call text. */
export function theirs(cases: readonly Case[], dir: string): Map<string, Outcome> {
  const texts = [...new Set(cases.map(callText))];
  const sensitive = (t: string) => (/\bsensitive\(/.test(t) ? ' sensitive = true\n' : '');
  const okPass = plan(
    dir,
    texts.map((t, i) => `output "c${i}" {\n value = can(${t})\n${sensitive(t)}}`),
  );
  const good = texts.filter((_, i) => okPass[`c${i}`] !== false);
  const valuePass = plan(
    dir,
    good.map((t, i) => `output "c${i}" {\n value = ${t}\n${sensitive(t)}}`),
  );
  const result = new Map<string, Outcome>();
  for (const t of texts) result.set(t, ERROR);
  good.forEach((t, i) => result.set(t, valuePass[`c${i}`] === undefined ? null : valuePass[`c${i}`]!));
  return result;
}

export function readRecorded(): Record<string, Outcome> {
  return existsSync(recordedPath) ? (JSON.parse(readFileSync(recordedPath, 'utf8')) as Record<string, Outcome>) : {};
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv.includes('--record')) {
  if (!terraformAvailable) {
    console.error(terraformSkipReason);
    process.exit(2);
  }
  const dir = oracleDir();
  try {
    const started = Date.now();
    const results = theirs(CASES.filter((c) => !c.machineSpecific), dir);
    const sorted = Object.fromEntries([...results.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    writeFileSync(recordedPath, JSON.stringify(sorted, null, 1) + '\n');
    console.log(`recorded ${results.size} terraform results in ${Date.now() - started} ms → ${recordedPath}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
