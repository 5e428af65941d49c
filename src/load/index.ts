/**
 * One entry to the stack model, whichever the source: a real `terraform show -json` plan or the
 * static evaluation of the HCL. Both produce the same `StackModel`, so every check runs on either.
 */
import { readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { StackModel } from '../model/resource.js';
import type { HclLoadOptions } from './hcl/index.js';
import { loadPlanJson } from './plan-json.js';

export type { StackModel } from '../model/resource.js';

/**
 * What to load: a `terraform show -json` plan file (`planJson`; the HCL is then not evaluated), or a
 * root module directory (`dir`) with the static evaluator's options.
 */
export type LoadStackOptions = Omit<HclLoadOptions, 'dir'> & { planJson?: string; dir?: string };

export async function loadStack(opts: LoadStackOptions): Promise<StackModel> {
  if (opts.planJson) return loadPlanJson(opts.planJson);
  if (!opts.dir) throw new UserError('nothing to load: give a Terraform root module directory or --plan-json <file>');
  // Imported on demand: reading a plan needs none of the evaluator (nor its WebAssembly start-up).
  const { loadHcl } = await import('./hcl/index.js');
  return loadHcl({ ...opts, dir: opts.dir, env: opts.env ?? {} });
}

/** A named way to plan the stack: `envs/live.tfvars` → `live`. */
export interface Deployment {
  name: string;
  varFiles: string[];
}

/**
 * The deployments of a root module: one per `envs/*.tfvars` (or `.tfvars.json`) file, by file name,
 * sorted. A directory without `envs/` has none.
 */
export async function discoverDeployments(terraformDir: string): Promise<Deployment[]> {
  const envs = join(resolve(terraformDir), 'envs');
  let names: string[];
  try {
    names = await readdir(envs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new UserError(`${envs}: cannot list the deployments (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return names
    .filter((n) => /\.tfvars(\.json)?$/.test(n))
    .sort()
    .map((n) => ({ name: basename(n).replace(/\.tfvars(\.json)?$/, ''), varFiles: [join(envs, n)] }));
}
