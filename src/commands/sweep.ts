import { parseDuration } from '../ephemeral/duration.js';
import { UserError } from '../errors.js';
import { parseCommandLine } from './args.js';
import { EXIT, type Command } from './types.js';

const USAGE = `usage: stackcheck sweep [--older-than 6h] [--run-id ID] [--dry-run | --yes]

Deletes what crashed ephemeral runs left in the sandbox account: resources tagged
stackcheck:run-id whose run started longer ago than --older-than (or every resource of --run-id),
in dependency order. Never touches an untagged resource. Same account guard as 'ephemeral'
(STACKCHECK_SANDBOX_ACCOUNT_ID). In a terminal it only lists what it would delete unless --yes is
given; elsewhere (CI) it deletes unless --dry-run is given.`;

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'delete resources left by crashed ephemeral runs (tagged stackcheck:run-id), oldest first',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseCommandLine(
      args,
      {
        'older-than': { type: 'string', default: '6h' },
        'run-id': { type: 'string' },
        'dry-run': { type: 'boolean' },
        yes: { type: 'boolean' },
      },
      USAGE,
    );
    const olderThanMs = parseDuration(values['older-than']!);
    if (olderThanMs === undefined) throw new UserError(`--older-than takes a duration like 6h, 90m or 2d, got '${values['older-than']}'`);
    if (values['dry-run'] && values.yes) throw new UserError('--dry-run and --yes contradict each other');
    const dryRun = values['dry-run'] ?? (io.isTTY && !values.yes);
    // The AWS SDK takes about a second to load: only the commands that call AWS pay for it.
    const [{ createClients, regionFrom }, { guardSandboxAccount, refusal }, { sweep }] = await Promise.all([
      import('../aws/clients.js'),
      import('../aws/sts.js'),
      import('../ephemeral/sweep.js'),
    ]);
    const aws = createClients(regionFrom(io.env));
    try {
      const account = await guardSandboxAccount(aws.sts, io.env.STACKCHECK_SANDBOX_ACCOUNT_ID);
      io.stderr(`sweeping account ${account}${dryRun ? ' (dry run: nothing is deleted)' : ''}\n`);
    } catch (err) {
      const why = refusal(err);
      if (!why) throw err;
      io.stderr(`stackcheck sweep: ${why}; nothing was deleted.\n`);
      return EXIT.usage;
    }
    const r = await sweep(aws, { olderThanMs, dryRun, runId: values['run-id'], now: new Date(), log: (l) => io.stdout(`${l}\n`) });
    for (const s of r.skipped) io.stdout(`left alone: run ${s.runId} — ${s.reason}\n`);
    io.stdout(
      `${r.runs.length} run(s) swept: ${r.deleted.length} deleted, ${r.failed.length} failed, ${r.manual.length} to remove by hand${dryRun ? ' (dry run)' : ''}\n`,
    );
    return r.failed.length || r.manual.length ? EXIT.failed : EXIT.ok;
  },
};
