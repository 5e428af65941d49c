/**
 * The project config, `.stackcheck.yaml`: which packs run and at which severity, the deployments to
 * evaluate (var files, `--var`s, throw-away or not), the intents and suppressions files, the
 * report formats and directory. Found at the checked directory or its nearest ancestor that has one
 * (up to the filesystem root), or given with `--config FILE`. Paths in it are relative to the file.
 * Validated with a JSON schema; a problem is bad input naming file:line.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import type { Severity } from '../check/types.js';
import { UserError } from '../errors.js';
import { parseValidatedYaml } from './yaml.js';

export const CONFIG_FILE = '.stackcheck.yaml';

export interface DeploymentConfig {
  name: string;
  /** -var-file, in order, relative to the config file. */
  var_files?: string[];
  /** -var name=value. */
  vars?: Record<string, string | number | boolean>;
  /** A throw-away copy of the stack (applied and destroyed by tests), not the real thing. */
  ephemeral?: boolean;
}

export interface ProjectConfigFile {
  version: 1;
  /** Root module directory when `check` is given none, relative to the config file. */
  root?: string;
  packs?: string[];
  severity?: Record<string, Severity>;
  deployments?: DeploymentConfig[];
  intents?: string;
  suppressions?: string;
  output?: { formats?: string[]; dir?: string };
}

/** A config as read: its data, where it is, and the line of each value for later messages. */
export interface ProjectConfig {
  file: string;
  dir: string;
  data: ProjectConfigFile;
  lineOf(path: (string | number)[]): number;
}

const NAME = '^[A-Za-z0-9][A-Za-z0-9_.-]*$';

/** The JSON schema of `.stackcheck.yaml` (also shown in docs/config.md). */
export const configSchema = {
  $id: 'https://dolbom.invalid/schemas/stackcheck-config.json',
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: {
    version: { const: 1 },
    root: { type: 'string', minLength: 1 },
    packs: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: NAME } },
    severity: {
      type: 'object',
      propertyNames: { pattern: '^[A-Z][A-Z0-9]*-\\d{3}$' },
      additionalProperties: { enum: ['error', 'warning', 'info'] },
    },
    deployments: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: { type: 'string', pattern: NAME },
          var_files: { type: 'array', items: { type: 'string', minLength: 1 } },
          vars: { type: 'object', propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_-]*$' }, additionalProperties: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] } },
          ephemeral: { type: 'boolean' },
        },
      },
    },
    intents: { type: 'string', minLength: 1 },
    suppressions: { type: 'string', minLength: 1 },
    output: {
      type: 'object',
      additionalProperties: false,
      properties: {
        formats: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 } },
        dir: { type: 'string' },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true }).compile<ProjectConfigFile>(configSchema);

/** The nearest `.stackcheck.yaml` at `dir` or above it, up to the filesystem root; undefined if none. */
export function findProjectConfig(dir: string): string | undefined {
  let at = resolve(dir);
  for (;;) {
    const candidate = join(at, CONFIG_FILE);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    const up = dirname(at);
    if (up === at) return undefined;
    at = up;
  }
}

/** Read and validate a config file; `shown` is how messages name it. */
export function loadProjectConfig(path: string, shown = path): ProjectConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read the project config (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file: shown, line: 1 });
  }
  const { data, lineOf } = parseValidatedYaml(text, shown, validate, 'config');
  const names = new Set<string>();
  (data.deployments ?? []).forEach((d, i) => {
    if (names.has(d.name)) throw new UserError(`config: deployment "${d.name}" is declared twice`, { file: shown, line: lineOf(['deployments', i, 'name']) });
    names.add(d.name);
  });
  return { file: resolve(path), dir: dirname(resolve(path)), data, lineOf };
}
