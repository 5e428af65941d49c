import { diffModels, formatDiff } from '../load/diff.js';
import { loadStack } from '../load/index.js';
import { loadPlanJson } from '../load/plan-json.js';
import { UserError } from '../errors.js';
import { typeSchema } from '../schema/index.js';
import { parseLoadArgs } from './load-args.js';
import { EXIT, type Command } from './types.js';

export const diffCommand: Command = {
  name: 'diff',
  summary: "compare the static evaluation of the HCL with terraform's real plan of it",
  usage: `usage: stackcheck diff <dir> --plan-json <plan.json> [--var-file F]... [--var k=v]... [--account-id N] [--data-file F]... [--verbose] [--json]

Evaluates <dir> statically (with the same var files and vars the plan was made with) and compares
it with terraform's plan ('terraform show -json <planfile>'): resources in one but not the other,
values known in both that differ, values known in one and unknown in the other. Sets (by the
committed provider schema) compare without regard to order, JSON documents by content, and an
aws_instance's user_data by the SHA-1 the AWS provider plans. --account-id gives the account
data "aws_caller_identity" answers (the plan's), so that names built from it can be compared;
plantimestamp() is the plan's own time (its 'timestamp'), so that names built from it compare too.
Exit 0: they agree; 1: they disagree; 2: bad arguments or input.`,
  async run(args, io) {
    const { load, flags, dirLabel, planLabel } = parseLoadArgs(args, io.cwd, this.usage, { flags: ['json', 'verbose'], requireDir: true });
    if (!load.planJson) throw new UserError(`--plan-json <plan.json> is required\n${this.usage}`);
    const theirs = await loadPlanJson(load.planJson);
    // The evaluation reproduces this plan, so plantimestamp() is its time, as it was in terraform.
    const planTimestamp = theirs.plan?.timestamp;
    const ours = await loadStack({ ...load, planJson: undefined, ...(planTimestamp !== undefined ? { planTimestamp } : {}) });
    const diff = diffModels(ours, theirs, { schema: (mode, type) => typeSchema(mode, type) });
    if (flags.json) io.stdout(`${JSON.stringify(diff, null, 2)}\n`);
    else io.stdout(formatDiff(diff, { oursLabel: dirLabel ?? '.', theirsLabel: planLabel ?? 'plan', verbose: flags.verbose }));
    return diff.agree ? EXIT.ok : EXIT.failed;
  },
};
