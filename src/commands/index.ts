import type { Command } from './types.js';
import { fmtCommand } from './fmt.js';
import { validateCommand } from './validate.js';
import { modelCommand } from './model.js';
import { planJsonCommand } from './plan-json.js';
import { diffCommand } from './diff.js';
import { reachCommand } from './reach.js';
import { ephemeralCommand } from './ephemeral.js';
import { sweepCommand } from './sweep.js';
import { checkCommand } from './check.js';

/** Every subcommand of `stackcheck`; each lives in its own file beside this one. */
export const commands: Command[] = [fmtCommand, validateCommand, modelCommand, planJsonCommand, diffCommand, reachCommand, checkCommand, ephemeralCommand, sweepCommand];
