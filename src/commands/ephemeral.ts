import { spawnSync } from 'node:child_process';
import { join, relative, resolve } from 'node:path';
import type { CheckResult, Report } from '../check/types.js';
import { adapters, closingLine, summarize, type Summary } from '../report/index.js';
import type { IntentToProbe, ProbeRow } from '../ephemeral/probe.js';
import type { EphemeralResult, Stage } from '../ephemeral/run.js';
import { writeFilesAtomic } from '../atomic-write.js';
import { UserError } from '../errors.js';
import { parseCommandLine } from './args.js';
import { EXIT, type Command, type CommandIO } from './types.js';

const USAGE = `usage: stackcheck ephemeral [--terraform-dir terraform] [--var-file envs/ephemeral.tfvars] [--deadline-minutes 90]

Applies a throw-away copy of the stack in the sandbox account, verifies it through the AWS APIs,
probes every reachability intent from inside the instances (SSM Run Command), and destroys it —
whatever happens. Needs terraform (TERRAFORM_BIN, default 'terraform') and AWS credentials for the
account named by STACKCHECK_SANDBOX_ACCOUNT_ID; refuses any other account.

Environment:
  STACKCHECK_SANDBOX_ACCOUNT_ID  the only account this may create anything in (required)
  AWS_REGION                     region (default ap-northeast-2)
  TERRAFORM_BIN                  terraform binary (default terraform)
  SKIP_apply SKIP_verify SKIP_probe SKIP_destroy=1   skip a stage (keep a stack while iterating)
  STACKCHECK_RUN_ID              reuse a kept run (with SKIP_apply=1)
Exit: 0 passed and destroyed; 1 a check failed or the run was interrupted; 2 not runnable here
(no terraform, no credentials, wrong account); 3 destroy failed (the manifest says what to run).`;

export const ephemeralCommand: Command = {
  name: 'ephemeral',
  summary: 'apply a throw-away copy in the sandbox account, verify and probe it, always destroy',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseCommandLine(
      args,
      {
        'terraform-dir': { type: 'string', default: 'terraform' },
        'var-file': { type: 'string', default: 'envs/ephemeral.tfvars' },
        'deadline-minutes': { type: 'string', default: '90' },
        intents: { type: 'string' },
      },
      USAGE,
    );
    // The AWS SDK takes about a second to load: only this command (and sweep) pays for it.
    const [{ createClients, regionFrom }, { refusal }, { probeStack }, { runEphemeral, STAGES }, { verifyStack }] = await Promise.all([
      import('../aws/clients.js'),
      import('../aws/sts.js'),
      import('../ephemeral/probe.js'),
      import('../ephemeral/run.js'),
      import('../ephemeral/verify.js'),
    ]);
    const env = io.env;
    const bin = env.TERRAFORM_BIN || 'terraform';
    const probe = spawnSync(bin, ['version'], { encoding: 'utf8' });
    if (probe.error) {
      io.stderr(`stackcheck ephemeral: terraform not found ('${bin}'); make test-ephemeral needs terraform on PATH (or TERRAFORM_BIN) and sandbox credentials. Nothing was created.\n`);
      return EXIT.usage;
    }
    const deadlineMinutes = Number(values['deadline-minutes']);
    if (!Number.isFinite(deadlineMinutes) || deadlineMinutes <= 0) throw new UserError(`--deadline-minutes must be a positive number, got '${values['deadline-minutes']}'`);
    const region = regionFrom(env);
    const repoRoot = io.cwd;
    const terraformDir = values['terraform-dir']!;
    const skip = Object.fromEntries(STAGES.map((s) => [s, env[`SKIP_${s}`] === '1' || env[`SKIP_${s.toUpperCase()}`] === '1'])) as Record<Stage, boolean>;
    const started = Date.now();
    const log = (line: string) => io.stderr(`[${elapsed(started)}] ${line}\n`);

    const intents = await staticIntents(resolve(repoRoot, terraformDir), values['var-file']!, values.intents, repoRoot);
    log(`static analysis of ${terraformDir} with ${values['var-file']}: ${intents.length} intents to probe`);

    const aws = createClients(region);
    let result: EphemeralResult;
    try {
      result = await runEphemeral(
        {
          repoRoot,
          terraformDir,
          varFile: values['var-file']!,
          companionDirs: ['user-data'],
          region,
          sandboxAccountId: env.STACKCHECK_SANDBOX_ACCOUNT_ID,
          terraformBin: bin,
          runId: env.STACKCHECK_RUN_ID || undefined,
          skip,
          deadlineMs: deadlineMinutes * 60_000,
          runsDir: join(repoRoot, '.stackcheck', 'runs'),
        },
        {
          sts: aws.sts,
          log,
          verify: (ctx) => verifyStack(ctx, aws, { ssmDeadlineMs: 15 * 60_000, healthDeadlineMs: 10 * 60_000 }),
          probe: (ctx) => probeStack(ctx, intents, aws),
        },
      );
    } catch (err) {
      const why = refusal(err);
      if (!why) throw err;
      io.stderr(`stackcheck ephemeral: ${why}; nothing was created.\n`);
      return EXIT.usage;
    }
    const summary = await emit(io, repoRoot, result);
    if (result.destroyed === false) return EXIT.internal;
    return summary.failed === 0 ? EXIT.ok : EXIT.failed;
  },
};

function elapsed(start: number): string {
  const s = Math.round((Date.now() - start) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** The intents as the static analysis expands and judges them for the ephemeral deployment. */
async function staticIntents(terraformDir: string, varFile: string, intentsArg: string | undefined, cwd: string): Promise<IntentToProbe[]> {
  const { loadStack } = await import('../load/index.js');
  const { ModelIndex } = await import('../model/query.js');
  const { expandIntents, modelEnvironments } = await import('../reach/intents.js');
  const { intentsFor } = await import('../config/intents.js');
  const { runReach } = await import('../reach/checker.js');
  const { intentsToProbe } = await import('../ephemeral/intents.js');
  // The run id only shapes names; any id the stack's validation admits gives the same network.
  const model = await loadStack({ dir: terraformDir, varFiles: [join(terraformDir, varFile)], vars: { run_id: 'estatic000' } });
  const file = await intentsFor(terraformDir, cwd, intentsArg);
  const run = runReach(new ModelIndex(model), file);
  return intentsToProbe(run.net, file, expandIntents(file, file.environments ?? modelEnvironments(run.net)), run.results);
}

/** The run as a Report, so the same adapters as `make test-plan` render it. */
/** One check of the run as a CheckResult with its single finding. */
function outcome(checkId: string, title: string, kind: 'policy' | 'intent', ok: boolean, message: string): CheckResult {
  const verdict = ok ? ('pass' as const) : ('fail' as const);
  return { checkId, kind, title, severity: 'error', verdict, findings: [{ checkId, kind, severity: 'error', verdict, message }] };
}

function toReport(r: EphemeralResult): Report {
  const results: CheckResult[] = r.reports.flatMap((rep) =>
    rep.checks.map((c) => outcome(`${rep.stage}:${c.name}`, c.name, rep.stage === 'probe' ? 'intent' : 'policy', c.ok, c.detail)),
  );
  // The run itself is checked too, so that the closing line and the exit code always agree: a run
  // that stopped early or left its stack behind has failed, whatever its checks said.
  const runCheck = (checkId: string, title: string, ok: boolean, message: string) => outcome(checkId, title, 'policy', ok, message);
  results.push(runCheck('run:completed', 'the run went through apply, verify and probe', !r.error, r.error ?? 'completed'));
  if (r.destroyed !== 'skipped') {
    results.push(runCheck('run:destroyed', 'the throw-away stack was destroyed', r.destroyed, r.destroyed ? 'destroyed' : `destroy failed: read ${r.manifestPath}`));
  }
  const diagnostics: Report['runs'][number]['diagnostics'] = [];
  return {
    tool: { name: 'stackcheck', version: '0.1.0' },
    generatedAt: new Date().toISOString(),
    strict: false,
    runs: [
      {
        deployment: `ephemeral run ${r.runId}`,
        origin: 'plan',
        source: 'AWS (applied ephemeral stack)',
        results,
        diagnostics,
        sections: { probes: r.reports.find((x) => x.stage === 'probe')?.data, destroyed: r.destroyed },
      },
    ],
  };
}

function probeTable(r: EphemeralResult): string {
  const probe = r.reports.find((x) => x.stage === 'probe');
  const rows = ((probe?.data as { rows?: ProbeRow[] } | undefined)?.rows ?? []).map((p) => [
    p.from.label,
    p.to.label,
    `${p.port}/${p.proto}`,
    p.expect,
    p.observed,
    p.ok ? 'ok' : 'FAIL',
  ]);
  if (rows.length === 0) return '';
  const all = [['from', 'to', 'port', 'expect', 'observed', ''], ...rows];
  const widths = all[0].map((_, i) => Math.max(...all.map((row) => row[i].length)));
  return '\nprobes:\n' + all.map((row) => '  ' + row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n';
}

/** Terminal report + probe table on stdout; reports/test-ephemeral.<ext> for every file adapter. */
async function emit(io: CommandIO, repoRoot: string, r: EphemeralResult): Promise<Summary> {
  const report = toReport(r);
  const opts = { rootDir: repoRoot, color: io.isTTY };
  const files = adapters
    .filter((a) => a.extension)
    .map((a) => ({ path: join(repoRoot, 'reports', `test-ephemeral.${a.extension}`), text: a.render(report, opts) }));
  await writeFilesAtomic(files);
  const written = files.map((f) => f.path);
  const terminal = adapters.find((a) => a.name === 'terminal');
  let text = terminal ? terminal.render(report, opts) : '';
  const summary = summarize(report);
  const closing = closingLine(summary);
  // The closing line stays last: the probe table goes before it.
  if (text.trimEnd().endsWith(closing)) text = text.trimEnd().slice(0, -closing.length);
  io.stdout(text + probeTable(r) + `\nrun ${r.runId}: ${r.error ? `stopped: ${r.error}; ` : ''}destroyed: ${r.destroyed}\nreports: ${written.map((f) => relative(repoRoot, f)).join(', ')}\n${closing}\n`);
  return summary;
}
