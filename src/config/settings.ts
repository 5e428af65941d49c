/**
 * What one `stackcheck check` run does, decided once from the command line, the project config (if
 * any) and the defaults: the rules to run, the deployments to evaluate, the intents and
 * suppressions, the report formats and directory. Every path the config names must exist; a wrong
 * value is bad input naming the config's file:line.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import type { Severity } from '../check/types.js';
import { UserError } from '../errors.js';
import { discoverDeployments } from '../load/index.js';
import { DEFAULT_PACKS, PACKS, selectRules } from '../policy/packs/index.js';
import type { Rule } from '../policy/types.js';
import { intentsSetting, type IntentsSetting } from './intents.js';
import type { ProjectConfig } from './project.js';

export interface DeploymentSettings {
  name: string;
  varFiles: string[];
  vars: Record<string, string>;
  /** A throw-away copy of the stack (`ephemeral: true` in the project config; never guessed from a name). */
  ephemeral: boolean;
}

export interface RunSettings {
  config?: ProjectConfig;
  packs: string[];
  rules: Rule[];
  dir: string;
  deployments: DeploymentSettings[];
  /** The intents file to read, or the generic intents when the project names none. */
  intents: IntentsSetting;
  suppressionsFile?: string;
  formats: string[];
  outDir: string;
}

export interface CliChoices {
  cwd: string;
  /** The directory argument, if given. */
  dirArg?: string;
  varFiles: string[];
  vars: Record<string, string>;
  formats?: string[];
  outDir?: string;
  knownFormats: string[];
  defaultFormats: string[];
}

export async function resolveSettings(cli: CliChoices, config: ProjectConfig | undefined): Promise<RunSettings> {
  const c = config?.data;
  const at = (path: (string | number)[]) => (config ? { file: relative(cli.cwd, config.file) || config.file, line: config.lineOf(path) } : undefined);
  const fromConfig = (p: string) => resolve(config!.dir, p);
  const mustExist = (path: string, shown: string, where: (string | number)[], kind: 'file' | 'directory') => {
    const ok = existsSync(path) && (kind === 'file' ? statSync(path).isFile() : statSync(path).isDirectory());
    if (!ok) throw new UserError(`config: ${shown}: no such ${kind}`, at(where));
  };

  const packs = c?.packs ?? DEFAULT_PACKS;
  packs.forEach((p, i) => {
    if (!PACKS.some((k) => k.name === p)) throw new UserError(`config: unknown pack "${p}" (one of: ${PACKS.map((k) => k.name).join(', ')})`, at(['packs', i]));
  });
  const rules = selectRules(packs, (c?.severity ?? {}) as Record<string, Severity>);
  for (const id of Object.keys(c?.severity ?? {})) {
    if (!rules.some((r) => r.id === id)) throw new UserError(`config: severity names ${id}, which is not a rule of the selected packs (${packs.join(', ')})`, at(['severity', id]));
  }

  const dir = cli.dirArg !== undefined ? resolve(cli.cwd, cli.dirArg) : c?.root ? fromConfig(c.root) : cli.cwd;
  if (cli.dirArg === undefined && c?.root) mustExist(dir, c.root, ['root'], 'directory');
  else if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`${cli.dirArg ?? dir}: not a directory`);

  let deployments: DeploymentSettings[];
  if (cli.varFiles.length > 0) {
    const name = basename(cli.varFiles[cli.varFiles.length - 1]).replace(/\.tfvars(\.json)?$/, '');
    deployments = [{ name, varFiles: cli.varFiles, vars: cli.vars, ephemeral: false }];
  } else if (c?.deployments) {
    deployments = c.deployments.map((d, i) => {
      const varFiles = (d.var_files ?? []).map((f, j) => {
        mustExist(fromConfig(f), f, ['deployments', i, 'var_files', j], 'file');
        return fromConfig(f);
      });
      const vars = Object.fromEntries(Object.entries(d.vars ?? {}).map(([k, v]) => [k, String(v)]));
      return { name: d.name, varFiles, vars: { ...vars, ...cli.vars }, ephemeral: d.ephemeral === true };
    });
  } else {
    const found = await discoverDeployments(dir);
    deployments = found.length > 0
      ? found.map((d) => ({ name: d.name, varFiles: d.varFiles, vars: cli.vars, ephemeral: false }))
      : [{ name: 'default', varFiles: [], vars: cli.vars, ephemeral: false }];
  }

  const intents = intentsSetting(config, cli.cwd);
  let suppressionsFile: string | undefined;
  if (c?.suppressions) {
    mustExist(fromConfig(c.suppressions), c.suppressions, ['suppressions'], 'file');
    suppressionsFile = fromConfig(c.suppressions);
  }

  const formats = cli.formats ?? c?.output?.formats ?? cli.defaultFormats;
  formats.forEach((f, i) => {
    if (!cli.knownFormats.includes(f)) {
      const where = cli.formats ? undefined : at(['output', 'formats', i]);
      throw new UserError(`${where ? 'config: ' : ''}unknown --format '${f}' (one of: ${cli.knownFormats.join(', ')})`, where);
    }
  });
  const outDir = cli.outDir ?? (c?.output?.dir !== undefined ? (c.output.dir === '' ? '' : fromConfig(c.output.dir)) : 'reports');
  return { ...(config ? { config } : {}), packs, rules, dir, deployments, intents, ...(suppressionsFile ? { suppressionsFile } : {}), formats, outDir };
}
