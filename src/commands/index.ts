import type { Command } from './types.js';

/** Every subcommand of `stackcheck`; each lives in its own file beside this one. */
export const commands: Command[] = [];
