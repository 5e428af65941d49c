import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UserError } from '../errors.js';
import type { LoadStackOptions } from '../load/index.js';
import { shapeValues } from '../schema/index.js';

/**
 * The options every command that loads a stack shares: `<dir>` or `--plan-json f`, `--var-file F`
 * (repeatable, in order), `--var k=v` (repeatable), `--account-id <12 digits>` (the answer for
 * data "aws_caller_identity", else unknown), plus the command's own flags.
 */
export interface LoadArgs {
  load: LoadStackOptions;
  /** The directory or plan file as the person wrote it, for messages. */
  label: string;
  dirLabel?: string;
  planLabel?: string;
  flags: Record<string, boolean>;
}

export function parseLoadArgs(
  args: string[],
  cwd: string,
  usage: string,
  opts: { flags?: string[]; requireDir?: boolean; allowPlanJson?: boolean } = {},
): LoadArgs {
  const flagOptions = Object.fromEntries((opts.flags ?? []).map((f) => [f, { type: 'boolean' as const }]));
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        'plan-json': { type: 'string' },
        'var-file': { type: 'string', multiple: true },
        var: { type: 'string', multiple: true },
        'account-id': { type: 'string' },
        shape: { type: 'boolean' },
        ...flagOptions,
      },
    });
  } catch (err) {
    throw new UserError(`${(err as Error).message}\n${usage}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UserError(`expected one directory, got ${positionals.join(' ')}\n${usage}`);
  const planJson = values['plan-json'];
  if (planJson !== undefined && opts.allowPlanJson === false) throw new UserError(`--plan-json is not an option here\n${usage}`);
  const dirArg = positionals[0];
  if (!dirArg && (opts.requireDir || planJson === undefined)) throw new UserError(`expected a Terraform root module directory\n${usage}`);
  if (!opts.requireDir && dirArg && planJson !== undefined) {
    throw new UserError(`give a directory or --plan-json, not both\n${usage}`);
  }
  const vars: Record<string, string> = {};
  for (const kv of values.var ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UserError(`--var expects name=value, got '${kv}'\n${usage}`);
    vars[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  const accountId = values['account-id'];
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) throw new UserError(`--account-id expects a 12-digit AWS account id, got '${accountId}'\n${usage}`);
  const dir = dirArg ? resolve(cwd, dirArg) : undefined;
  if (dir && (!existsSync(dir) || !statSync(dir).isDirectory())) throw new UserError(`${dirArg}: not a directory`);
  const varFiles = (values['var-file'] ?? []).map((f) => resolve(cwd, f));
  for (const [i, f] of varFiles.entries()) if (!existsSync(f)) throw new UserError(`${values['var-file']![i]}: no such var file`);
  const flags: Record<string, boolean> = {};
  for (const f of opts.flags ?? []) flags[f] = (values as Record<string, unknown>)[f] === true;
  return {
    load: {
      ...(planJson !== undefined ? { planJson: resolve(cwd, planJson) } : {}),
      ...(dir ? { dir } : {}),
      varFiles,
      vars,
      env: {},
      ...(accountId !== undefined ? { accountId } : {}),
      ...(values.shape ? { shapeValues } : {}),
    },
    label: planJson ?? dirArg ?? '.',
    ...(dirArg ? { dirLabel: dirArg } : {}),
    ...(planJson !== undefined ? { planLabel: planJson } : {}),
    flags,
  };
}
