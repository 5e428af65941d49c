/**
 * A small root module planned by the real terraform offline: a scratch directory with copies of the
 * given directories (a root such as terraform/bootstrap, or a module under a wrapper root), the aws
 * constraint relaxed to the mirrored 5.100 provider, and a provider override with fake credentials
 * and STS at the loopback stand-in of offline-stack.ts (data.aws_caller_identity answers
 * 111122223333). A state file can be written beside it (`writeState`) to plan changes to, or the
 * destruction of, resources terraform believes exist — no AWS call is made for them with
 * -refresh=false. Used where a behaviour is terraform's own (prevent_destroy, ignore_changes,
 * plantimestamp) and only the real binary is the oracle.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Server } from 'node:http';
import { fakeAws, offlineEnv, run } from '../load/plan-diff/offline-stack.js';

export interface PlanJson {
  planned_values?: { root_module?: PlannedModule; outputs?: Record<string, { value?: unknown; sensitive?: boolean }> };
  resource_changes?: { address: string; type: string; change: { actions: string[]; before: any; after: any; after_unknown?: any } }[];
  configuration?: { root_module?: ConfigModule };
}
export interface PlannedModule {
  resources?: { address: string; type: string; name: string; values: Record<string, any> }[];
  child_modules?: PlannedModule[];
}
export interface ConfigModule {
  resources?: { address: string; type: string; mode: string; expressions?: Record<string, any> }[];
  module_calls?: Record<string, { module: ConfigModule }>;
}

export interface OfflineRoot {
  dir: string;
  terraform(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** `terraform plan -refresh=false -lock=false` + `terraform show -json`; rejects with terraform's output when the plan fails. */
  plan(args?: string[]): Promise<PlanJson>;
  /** The plan's output text and exit code, for plans that are expected to fail. */
  planText(args?: string[]): Promise<{ code: number; output: string }>;
  /** Write terraform.tfstate (format 4) with these managed resources, each one instance. */
  writeState(resources: StateResource[]): void;
  close(): Promise<void>;
}

export interface StateResource {
  type: string;
  name: string;
  module?: string;
  /** for_each key, if the block has one */
  key?: string;
  attributes: Record<string, unknown>;
  /** The provider's schema version of the type (`terraform providers schema -json`); 0 runs every state upgrader. */
  schemaVersion?: number;
}

function tfFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) tfFiles(p, out);
    else if (p.endsWith('.tf')) out.push(p);
  }
  return out;
}

/**
 * `copy`: destination (relative to the scratch root, '.' for the root itself) → source directory.
 * `files`: more files by relative path (a wrapper main.tf, tfvars).
 */
export async function offlineRoot(layout: { copy?: Record<string, string>; files?: Record<string, string> }): Promise<OfflineRoot> {
  const work = mkdtempSync(join(tmpdir(), 'stackcheck-root-'));
  const dir = join(work, 'root');
  mkdirSync(dir);
  for (const [to, from] of Object.entries(layout.copy ?? {})) {
    cpSync(from, join(dir, to), { recursive: true, filter: (src) => !/[/\\](\.terraform|terraform\.tfstate[^/\\]*|\.terraform\.lock\.hcl)$/.test(src) });
  }
  for (const [rel, text] of Object.entries(layout.files ?? {})) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  // Only aws 5.100 is mirrored: the constraint is relaxed, so the provider's validation is 5.100's.
  for (const file of tfFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    const relaxed = text.replace(/(\n\s*aws\s*=\s*\{[^}]*?version\s*=\s*)"~>\s*6\.\d+"/g, '$1">= 5.100"');
    if (relaxed !== text) writeFileSync(file, relaxed);
  }
  const calls: string[] = [];
  const refused: string[] = [];
  const { server, port } = await fakeAws(calls, refused);
  writeFileSync(
    join(dir, 'zz_offline_override.tf'),
    `provider "aws" {
  access_key                  = "offline"
  secret_key                  = "offline"
  skip_credentials_validation = true
  skip_requesting_account_id  = false
  skip_metadata_api_check     = true
  skip_region_validation      = true
  endpoints {
    sts = "http://127.0.0.1:${port}"
    ssm = "http://127.0.0.1:${port}"
  }
}
`,
  );
  const env = offlineEnv(work);
  const terraform = (args: string[]) => run('terraform', args, dir, env);
  const close = () => new Promise<void>((resolve) => (server as Server).close(() => resolve())).then(() => rmSync(work, { recursive: true, force: true }));
  const init = await terraform(['init', '-backend=false', '-input=false', '-no-color']);
  if (init.code !== 0) {
    await close();
    throw new Error(`terraform init failed in ${dir}:\n${init.stdout}\n${init.stderr}`);
  }
  let plans = 0;
  const planText = async (args: string[] = []) => {
    const out = `p${++plans}.tfplan`;
    const p = await terraform(['plan', '-input=false', '-refresh=false', '-lock=false', '-no-color', ...args, `-out=${out}`]);
    return { code: p.code, output: `${p.stdout}\n${p.stderr}`, out };
  };
  return {
    dir,
    terraform,
    async planText(args = []) {
      const { code, output } = await planText(args);
      return { code, output };
    },
    async plan(args = []) {
      const p = await planText(args);
      if (p.code !== 0) throw new Error(`terraform plan failed:\n${p.output}`);
      const show = await terraform(['show', '-json', p.out]);
      if (show.code !== 0) throw new Error(`terraform show failed:\n${show.stderr}`);
      return JSON.parse(show.stdout) as PlanJson;
    },
    writeState(resources) {
      const state = {
        version: 4,
        terraform_version: '1.11.4',
        serial: 1,
        lineage: '00000000-0000-4000-8000-000000000000',
        outputs: {},
        resources: resources.map((r) => ({
          ...(r.module ? { module: r.module } : {}),
          mode: 'managed',
          type: r.type,
          name: r.name,
          provider: 'provider["registry.terraform.io/hashicorp/aws"]',
          instances: [{ ...(r.key !== undefined ? { index_key: r.key } : {}), schema_version: r.schemaVersion ?? 0, attributes: r.attributes }],
        })),
      };
      writeFileSync(join(dir, 'terraform.tfstate'), JSON.stringify(state));
    },
    close,
  };
}

/** Every planned resource of a plan (root and child modules), by address. */
export function plannedResources(plan: PlanJson): Map<string, { type: string; values: Record<string, any> }> {
  const out = new Map<string, { type: string; values: Record<string, any> }>();
  const walk = (m?: PlannedModule) => {
    for (const r of m?.resources ?? []) out.set(r.address, { type: r.type, values: r.values });
    for (const c of m?.child_modules ?? []) walk(c);
  };
  walk(plan.planned_values?.root_module);
  return out;
}

/** Every configured resource/data block (root and module calls), by address, with terraform's parsed expressions. */
export function configuredResources(plan: PlanJson): Map<string, Record<string, any>> {
  const out = new Map<string, Record<string, any>>();
  const walk = (m: ConfigModule | undefined, prefix: string) => {
    for (const r of m?.resources ?? []) out.set(`${prefix}${r.address}`, r.expressions ?? {});
    for (const [name, call] of Object.entries(m?.module_calls ?? {})) walk(call.module, `${prefix}module.${name}.`);
  };
  walk(plan.configuration?.root_module, '');
  return out;
}
