import { relative, resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { UserError } from '../errors.js';
import { providerSchema } from '../schema/index.js';
import { validateDirectory } from '../schema/validate.js';
import { EXIT, type Command } from './types.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check resource and data blocks against the hashicorp/aws (+ random, tls) provider schema, offline',
  usage: `usage: stackcheck validate <dir> [--json]

Checks every .tf file under <dir> (modules included) against the committed provider schemas
(schema/*.json): resource/data types, argument and block names (with a suggestion), read-only
attributes, required arguments and blocks, literal types, block counts, and that the
required_providers constraints admit the schema's provider versions.
Exit 0: no errors; 1: errors (each printed as file:line: message); 2: bad arguments.`,
  async run(args, io) {
    const json = args.includes('--json');
    const dirs = args.filter((a) => !a.startsWith('--'));
    if (dirs.length !== 1 || args.some((a) => a.startsWith('--') && a !== '--json')) {
      throw new UserError(`expected one directory and optionally --json\n${this.usage}`);
    }
    const dir = resolve(io.cwd, dirs[0]);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`${dirs[0]}: not a directory`);
    const started = performance.now();
    const errors = await validateDirectory(dir, { relativeTo: io.cwd });
    const ms = Math.round(performance.now() - started);
    if (json) {
      io.stdout(JSON.stringify({ errors, milliseconds: ms }, null, 2) + '\n');
    } else {
      for (const e of errors) io.stdout(`${e.location.file}:${e.location.line}: ${e.address ? `${e.address}: ` : ''}${e.message}\n`);
      const aws = providerSchema('aws');
      io.stdout(
        `${errors.length === 0 ? 'valid' : `${errors.length} error${errors.length === 1 ? '' : 's'}`} — ${relative(io.cwd, dir) || '.'} against ${aws?.provider} ${aws?.version} (${ms} ms)\n`,
      );
    }
    return errors.length === 0 ? EXIT.ok : EXIT.failed;
  },
};
