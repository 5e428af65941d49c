/**
 * The intents a run is held to, decided in one place for every command (`check`, `reach`,
 * `ephemeral`): an `--intents FILE` given on the command line, else the file the project config
 * names (`intents:` in `.stackcheck.yaml`, relative to that file), else the generic intents
 * (src/config/generic-intents.ts). There is no other default.
 */
import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { loadIntents, type IntentsFile } from '../reach/intents.js';
import { GENERIC_INTENTS } from './generic-intents.js';
import { findProjectConfig, loadProjectConfig, type ProjectConfig } from './project.js';

export type IntentsSetting = { file: string } | { builtIn: IntentsFile };

/** The project config's intents file (it must exist: a wrong path is bad input at its line), else the generic intents. */
export function intentsSetting(config: ProjectConfig | undefined, cwd: string): IntentsSetting {
  const named = config?.data.intents;
  if (!config || !named) return { builtIn: GENERIC_INTENTS };
  const file = resolve(config.dir, named);
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new UserError(`config: ${named}: no such file`, { file: relative(cwd, config.file) || config.file, line: config.lineOf(['intents']) });
  }
  return { file };
}

export async function readIntents(setting: IntentsSetting): Promise<IntentsFile> {
  return 'file' in setting ? loadIntents(setting.file) : setting.builtIn;
}

/**
 * The intents for a stack directory: `--intents` if given (relative to cwd), else those of the
 * project config found at `dir` or its nearest ancestor, else the generic intents.
 */
export async function intentsFor(dir: string, cwd: string, intentsArg?: string): Promise<IntentsFile> {
  if (intentsArg !== undefined) return loadIntents(resolve(cwd, intentsArg));
  const path = findProjectConfig(dir);
  const config = path ? loadProjectConfig(path, relative(cwd, path) || path) : undefined;
  return readIntents(intentsSetting(config, cwd));
}
