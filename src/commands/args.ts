/**
 * The one command-line parser of every command: `node:util` parseArgs in strict mode, with its
 * errors ("Unknown option '--x'", "Option '--port <value>' argument missing", an option value that
 * looks like another option) turned into one UserError followed by the command's usage text.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandLine<O extends Options>(args: string[], options: O, usage: string, allowPositionals = false) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (err) {
    throw new UserError(`${(err as Error).message}\n${usage}`);
  }
}
