import type { Command } from './types.js';
import { fmtCommand } from './fmt.js';
import { validateCommand } from './validate.js';

/** Every subcommand of `stackcheck`; each lives in its own file beside this one. */
export const commands: Command[] = [fmtCommand, validateCommand];
