import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { parseCommandLine } from './args.js';
import type { LoadStackOptions } from '../load/index.js';
import { shapeValues } from '../schema/index.js';
import { readDataFacts, type DataFacts } from '../load/hcl/data-facts.js';

/**
 * The options every command that loads a stack shares: `<dir>` or `--plan-json f`, `--var-file F`
 * (repeatable, in order), `--var k=v` (repeatable), `--account-id <12 digits>` (the answer for
 * data "aws_caller_identity", else unknown), `--data-file F` (repeatable: data source results by
 * address, YAML or JSON, later files win; src/load/hcl/data-facts.ts), plus the command's own flags.
 * Commands with their own parser (check, reach) take the same evaluation options from
 * EVALUATION_OPTIONS / evaluationOptions.
 */
export interface LoadArgs {
  load: LoadStackOptions;
  /** The directory or plan file as the person wrote it, for messages. */
  label: string;
  dirLabel?: string;
  planLabel?: string;
  flags: Record<string, boolean>;
  /** The command's own string options (`--out DIR`, `--format X` repeated), as given. */
  options: Record<string, string | string[] | undefined>;
}

/** The evaluation options of every loading command, as `node:util` parseArgs option specs. */
export const EVALUATION_OPTIONS = {
  'var-file': { type: 'string', multiple: true },
  var: { type: 'string', multiple: true },
  'account-id': { type: 'string' },
  'data-file': { type: 'string', multiple: true },
} as const;

/** The evaluation options as given on the command line (parseArgs values). */
export interface EvaluationArgs {
  'var-file'?: string[];
  var?: string[];
  'account-id'?: string;
  'data-file'?: string[];
}

/** What the static evaluation gets from --var-file, --var, --account-id and --data-file, checked. */
export function evaluationOptions(values: EvaluationArgs, cwd: string, usage: string): Pick<LoadStackOptions, 'varFiles' | 'vars' | 'env' | 'accountId' | 'dataFacts'> {
  const vars: Record<string, string> = {};
  for (const kv of values.var ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UserError(`--var expects name=value, got '${kv}'\n${usage}`);
    vars[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  const accountId = values['account-id'];
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) throw new UserError(`--account-id expects a 12-digit AWS account id, got '${accountId}'\n${usage}`);
  const varFiles = (values['var-file'] ?? []).map((f) => resolve(cwd, f));
  for (const [i, f] of varFiles.entries()) if (!existsSync(f)) throw new UserError(`${values['var-file']![i]}: no such var file`);
  const dataFiles = values['data-file'] ?? [];
  const dataFacts: DataFacts = {};
  for (const f of dataFiles) Object.assign(dataFacts, readDataFacts(resolve(cwd, f)));
  return {
    varFiles,
    vars,
    env: {},
    ...(accountId !== undefined ? { accountId } : {}),
    ...(dataFiles.length > 0 ? { dataFacts } : {}),
  };
}

export function parseLoadArgs(
  args: string[],
  cwd: string,
  usage: string,
  opts: { flags?: string[]; options?: Record<string, { multiple?: boolean }>; requireDir?: boolean; allowPlanJson?: boolean; dirOptional?: boolean } = {},
): LoadArgs {
  const flagOptions = Object.fromEntries((opts.flags ?? []).map((f) => [f, { type: 'boolean' as const }]));
  const stringOptions = Object.fromEntries(Object.entries(opts.options ?? {}).map(([k, o]) => [k, { type: 'string' as const, multiple: o.multiple === true }]));
  const parsed = parseCommandLine(
    args,
    {
      'plan-json': { type: 'string' },
      ...EVALUATION_OPTIONS,
      shape: { type: 'boolean' },
      ...flagOptions,
      ...stringOptions,
    },
    usage,
    true,
  );
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UserError(`expected one directory, got ${positionals.join(' ')}\n${usage}`);
  const planJson = values['plan-json'];
  if (planJson !== undefined && opts.allowPlanJson === false) throw new UserError(`--plan-json is not an option here\n${usage}`);
  const dirArg = positionals[0];
  if (!dirArg && (opts.requireDir || (planJson === undefined && !opts.dirOptional))) throw new UserError(`expected a Terraform root module directory\n${usage}`);
  if (!opts.requireDir && dirArg && planJson !== undefined) {
    throw new UserError(`give a directory or --plan-json, not both\n${usage}`);
  }
  const dir = dirArg ? resolve(cwd, dirArg) : undefined;
  if (dir && (!existsSync(dir) || !statSync(dir).isDirectory())) throw new UserError(`${dirArg}: not a directory`);
  const evaluation = evaluationOptions(values as EvaluationArgs, cwd, usage);
  if (planJson !== undefined && !dir && evaluation.dataFacts) throw new UserError(`--data-file gives facts to the static evaluation; a plan already holds them\n${usage}`);
  const flags: Record<string, boolean> = {};
  for (const f of opts.flags ?? []) flags[f] = (values as Record<string, unknown>)[f] === true;
  const options = Object.fromEntries(Object.keys(opts.options ?? {}).map((k) => [k, (values as Record<string, string | string[] | undefined>)[k]]));
  return {
    load: {
      ...(planJson !== undefined ? { planJson: resolve(cwd, planJson) } : {}),
      ...(dir ? { dir } : {}),
      ...evaluation,
      ...(values.shape ? { shapeValues } : {}),
    },
    label: planJson ?? dirArg ?? '.',
    ...(dirArg ? { dirLabel: dirArg } : {}),
    ...(planJson !== undefined ? { planLabel: planJson } : {}),
    flags,
    options,
  };
}
