/**
 * Terraform as an oracle for expression semantics: provider-less configurations (outputs, locals,
 * variables, terraform_data) plan offline, so terraform itself says what an expression evaluates
 * to. One temp dir, one `terraform init` + `plan` + `show -json` for a whole batch of expressions;
 * expressions expected to fail get a small dir each (a failing output fails the whole plan).
 *
 * When terraform is absent (CI machines may lack it) `terraformPath` is undefined and callers skip
 * with `terraformSkipReason`.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function findTerraform(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/bin'];
  for (const d of dirs) {
    if (!d) continue;
    const p = join(d, 'terraform');
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return undefined;
}

export const terraformPath = findTerraform();
export const terraformSkipReason = 'terraform is not installed (not on PATH nor /usr/local/bin): differential checks against terraform skipped';

/** What terraform planned for one output: a value (unknown parts marked) or, for error runs, its error. */
export type OracleOutcome = { ok: true; value: unknown } | { ok: false; error: string };

/** The marker standing for an unknown part of a value on both sides of a comparison. */
export const UNKNOWN = '<unknown>';

const ENV = { ...process.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };

async function terraform(dir: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const r = await run(terraformPath!, args, { cwd: dir, env: ENV, maxBuffer: 64 * 1024 * 1024 });
    return { stdout: r.stdout, stderr: r.stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number };
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: typeof e.code === 'number' ? e.code : 1 };
  }
}

/** The configuration text holding `preamble` and one output per expression (`e0`, `e1`, …). */
export function oracleConfig(preamble: string, exprs: readonly string[]): string {
  return `${preamble}\n${exprs.map((e, i) => `output "e${i}" {\n  value = ${e}\n}\n`).join('\n')}`;
}

/** Extra files next to main.tf (templates for templatefile), by relative name. */
export type OracleFiles = Record<string, string>;

async function plan(config: string, files: OracleFiles = {}): Promise<{ json?: any; error?: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tf-oracle-'));
  try {
    await writeFile(join(dir, 'main.tf'), config);
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    const init = await terraform(dir, ['init', '-input=false', '-backend=false']);
    if (init.code !== 0) return { error: cleanError(init.stderr || init.stdout) };
    const p = await terraform(dir, ['plan', '-input=false', '-lock=false', '-no-color', '-out=plan.bin']);
    if (p.code !== 0) return { error: cleanError(p.stderr || p.stdout) };
    const show = await terraform(dir, ['show', '-json', 'plan.bin']);
    if (show.code !== 0) return { error: cleanError(show.stderr) };
    return { json: JSON.parse(show.stdout) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function cleanError(s: string): string {
  const lines = s.split('\n').filter((l) => !/CLI configuration|terraformrc|^\s*│?\s*$|^[╷╵]/.test(l));
  const at = lines.findIndex((l) => /Error:/.test(l));
  return lines
    .slice(at < 0 ? 0 : at, (at < 0 ? 0 : at) + 8)
    .map((l) => l.replace(/^│\s?/, '').trim())
    .filter(Boolean)
    .join(' ');
}

/** Merge a plan's `after` with `after_unknown` into one value with UNKNOWN markers. */
export function withUnknowns(after: unknown, mask: unknown): unknown {
  if (mask === true) return UNKNOWN;
  if (Array.isArray(mask)) return mask.map((m, i) => withUnknowns((after as unknown[] | null)?.[i] ?? null, m));
  if (typeof mask === 'object' && mask !== null) {
    // An unknown attribute is absent from `after` and true in `after_unknown`.
    const known = (after ?? {}) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of new Set([...Object.keys(known), ...Object.keys(mask)])) {
      out[k] = withUnknowns(known[k] ?? null, (mask as Record<string, unknown>)[k]);
    }
    return out;
  }
  return after;
}

/**
 * Evaluate every expression with terraform in ONE plan. All of them must succeed (a failing
 * expression fails the plan; the error names which output).
 */
export async function oracleValues(preamble: string, exprs: readonly string[], files: OracleFiles = {}): Promise<OracleOutcome[]> {
  const r = await plan(oracleConfig(preamble, exprs), files);
  if (r.error) throw new Error(`terraform rejected the batch: ${r.error}`);
  const changes = r.json.output_changes ?? {};
  return exprs.map((_, i) => {
    const c = changes[`e${i}`];
    if (!c) return { ok: false, error: `no output e${i} in the plan` };
    return { ok: true, value: withUnknowns(c.after ?? null, c.after_unknown ?? false) };
  });
}

/** JSON with object keys sorted, for order-insensitive comparison. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

/** Evaluate each expression in its own plan (for expressions expected to fail), two at a time. */
export async function oracleEach(preamble: string, exprs: readonly string[]): Promise<OracleOutcome[]> {
  const out: OracleOutcome[] = new Array(exprs.length);
  let next = 0;
  const worker = async () => {
    while (next < exprs.length) {
      const i = next++;
      const r = await plan(oracleConfig(preamble, [exprs[i]!]));
      out[i] = r.error ? { ok: false, error: r.error } : { ok: true, value: withUnknowns(r.json.output_changes.e0.after ?? null, r.json.output_changes.e0.after_unknown) };
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}
