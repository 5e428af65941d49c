/**
 * Static evaluation of a Terraform root module (+ tfvars) into a `StackModel`, without terraform
 * and without AWS credentials (contract: contracts-eval.md, `loadHcl`).
 */
import { resolve } from 'node:path';
import type { StackModel } from '../../model/resource.js';
import type { ObjectValue, Value } from '../../model/value.js';
import { loadModuleConfig, type ModuleConfig } from './config.js';
import { evaluate } from './expr.js';
import { functions } from './functions/index.js';
import { compareStrings } from './functions/helpers.js';
import { isRfc3339 } from './functions/datetime.js';
import { constantScope, ModuleInstance, variableSpecs, type LoadContext } from './modules.js';
import { functionContext as templateFunctionContext } from './template.js';
import { rootGivenValues, type VariableSpec } from './variables.js';
import type { DataFacts } from './data-facts.js';
import { UserError } from '../../errors.js';
import { redactText, stringsOf } from '../../model/secrets.js';

export interface HclLoadOptions {
  /** Root module directory. */
  dir: string;
  /** -var-file, applied in order (.tfvars / .tfvars.json). */
  varFiles?: string[];
  /** -var k=v (raw text, parsed like terraform does). */
  vars?: Record<string, string>;
  /** TF_VAR_* source (defaults to {} — never process.env implicitly). */
  env?: Record<string, string | undefined>;
  /** For data aws_availability_zones. */
  availabilityZones?: string[];
  /**
   * Results of data sources by address (`data.aws_availability_zones.available: { names: [...] }`,
   * `module.net.data.aws_vpc.main: { id: ... }`; without instance keys a fact is every instance's):
   * the attributes given replace what would be computed or unknown. A fact matching no data source
   * is a warning. `--data-file` reads them (data-facts.ts).
   */
  dataFacts?: DataFacts;
  /** For data aws_caller_identity (else unknown). */
  accountId?: string;
  /**
   * The time of the plan this evaluation reproduces (RFC 3339, a plan's `timestamp`): what
   * `plantimestamp()` returns. Absent (the usual static evaluation, of no particular plan):
   * `plantimestamp()` is unknown.
   */
  planTimestamp?: string;
  /** terraform.workspace, default "default". */
  workspace?: string;
  /** Schema hook (SCHEMA): shape each resource's values. */
  shapeValues?: (resourceType: string, mode: 'managed' | 'data', values: ObjectValue) => ObjectValue;
}

export async function loadHcl(opts: HclLoadOptions): Promise<StackModel> {
  const rootDir = resolve(opts.dir);
  if (opts.planTimestamp !== undefined && !isRfc3339(opts.planTimestamp)) {
    throw new UserError(`the plan time ${JSON.stringify(opts.planTimestamp)} is not an RFC 3339 timestamp (like "2026-12-02T13:00:31Z")`);
  }
  const functionContext = templateFunctionContext(rootDir, functions, opts.planTimestamp);
  const ctx: LoadContext = {
    rootDir,
    workspace: opts.workspace ?? 'default',
    accountId: opts.accountId,
    availabilityZones: opts.availabilityZones,
    dataFacts: opts.dataFacts,
    usedFacts: new Set(),
    shapeValues: opts.shapeValues,
    functions,
    functionContext,
    configs: new Map(),
    specs: new Map<ModuleConfig, Promise<Map<string, VariableSpec>>>(),
    resources: [],
    providers: [],
    diagnostics: [],
    unevaluatedModules: [],
    providerValues: new Map(),
    providerSources: new Map(),
    inProgress: [],
  };
  const root = await loadModuleConfig(rootDir, ctx.configs);
  ctx.diagnostics.push(...root.diagnostics);
  for (const [name, p] of Object.entries(root.terraform.requiredProviders)) if (p.source) ctx.providerSources.set(name, p.source);

  const specs = await variableSpecs(ctx, root);
  const scope = constantScope(ctx);
  const evaluateConstant = (raw: unknown, at: import('../../model/resource.js').SourceLocation) => evaluate(raw, scope, at);
  const given = await rootGivenValues(specs, { dir: rootDir, varFiles: opts.varFiles, vars: opts.vars, env: opts.env }, evaluateConstant, ctx.diagnostics);

  const instance = new ModuleInstance(ctx, root, '', specs, new Map(), async (name) => given.get(name));
  try {
    await instance.evaluateAll();
  } catch (err) {
    // An error may quote the value it could not use ("a number is required, got …"): never a
    // sensitive one (terraform prints "(sensitive value)" in its diagnostics too).
    if (err instanceof UserError) {
      const sensitive = [...specs].filter(([name, spec]) => spec.sensitive || instance.sensitive.has(`var.${name}`));
      const secrets = stringsOf([
        ...sensitive.map(([name]) => given.get(name)?.value),
        ...sensitive.map(([, spec]) => spec.default),
        ...[...instance.sensitive].map((key) => instance.values.get(key)),
      ]);
      err.message = redactText(err.message, [...secrets]);
    }
    throw err;
  }
  for (const address of Object.keys(opts.dataFacts ?? {})) {
    if (!ctx.usedFacts.has(address)) {
      ctx.diagnostics.push({ severity: 'warning', message: `The data fact for ${address} matches no data source of this configuration; it was not used`, address });
    }
  }
  ctx.resources.sort((a, b) => compareStrings(a.address, b.address));

  const variables: Record<string, Value> = {};
  for (const name of specs.keys()) variables[name] = instance.values.get(`var.${name}`) ?? null;

  const backend = root.terraform.backend;
  return {
    origin: 'hcl',
    source: rootDir,
    resources: ctx.resources,
    variables,
    sensitiveVariables: [...specs.keys()].filter((name) => instance.sensitive.has(`var.${name}`)),
    outputs: instance.outputs(),
    ...(backend
      ? {
          backend: {
            type: backend.type,
            config: (await evaluateConstant(backend.body, backend.location)) as ObjectValue,
            location: backend.location,
          },
        }
      : {}),
    providers: ctx.providers,
    requirements: {
      ...(root.terraform.requiredVersion ? { terraform: root.terraform.requiredVersion } : {}),
      providers: root.terraform.requiredProviders,
    },
    unevaluatedModules: ctx.unevaluatedModules,
    diagnostics: ctx.diagnostics,
  };
}
