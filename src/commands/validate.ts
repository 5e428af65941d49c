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
attributes, required arguments and blocks, literal types, block counts, and recursive blocks
(WAFv2 statements) to the depth the provider allows. A required_providers constraint that does
not admit the schema's provider version is one warning, and the stack is validated anyway.
Exit 0: no errors (warnings allowed); 1: errors (each printed as file:line: message);
2: bad arguments.`,
  async run(args, io) {
    const json = args.includes('--json');
    const dirs = args.filter((a) => !a.startsWith('--'));
    if (dirs.length !== 1 || args.some((a) => a.startsWith('--') && a !== '--json')) {
      throw new UserError(`expected one directory and optionally --json\n${this.usage}`);
    }
    const dir = resolve(io.cwd, dirs[0]);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`${dirs[0]}: not a directory`);
    const started = performance.now();
    const found = await validateDirectory(dir, { relativeTo: io.cwd });
    const ms = Math.round(performance.now() - started);
    const errors = found.filter((e) => e.severity === 'error');
    const warnings = found.filter((e) => e.severity === 'warning');
    if (json) {
      io.stdout(JSON.stringify({ errors, warnings, milliseconds: ms }, null, 2) + '\n');
    } else {
      for (const e of found) {
        io.stdout(`${e.location.file}:${e.location.line}: ${e.severity === 'warning' ? 'warning: ' : ''}${e.address ? `${e.address}: ` : ''}${e.message}\n`);
      }
      const aws = providerSchema('aws');
      const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
      const verdict = errors.length === 0 ? 'valid' : plural(errors.length, 'error');
      const also = warnings.length ? `, ${plural(warnings.length, 'warning')}` : '';
      io.stdout(`${verdict}${also} — ${relative(io.cwd, dir) || '.'} against ${aws?.provider} ${aws?.version} (${ms} ms)\n`);
    }
    return errors.length === 0 ? EXIT.ok : EXIT.failed;
  },
};
