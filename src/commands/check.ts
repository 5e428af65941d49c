/**
 * `stackcheck check`: evaluate every deployment (or read a real plan), run every registered
 * checker (the policy pack, the reachability intents), print the terminal report and write
 * reports/test-plan.{json,xml,sarif}. Exit 0 ok, 1 an error-severity check failed (a loader error
 * counts as one: LOAD-001), 2 bad input, 3 an engine error (a rule or intent that threw).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkers } from '../check/registry.js';
import type { CheckResult, CheckRun, Report } from '../check/types.js';
import { writeFilesAtomic } from '../atomic-write.js';
import { UserError } from '../errors.js';
import { discoverDeployments, loadStack } from '../load/index.js';
import { ModelIndex } from '../model/query.js';
import type { StackModel } from '../model/resource.js';
import { adapter, adapters, runOutcome, summarize } from '../report/index.js';
import { EVALUATION_OPTIONS, evaluationOptions } from './load-args.js';
import { EXIT, type Command, type CommandIO } from './types.js';

const usage = `usage: stackcheck check [terraform-dir] [--plan-json FILE] [--var-file FILE]... [--var k=v]...
                       [--account-id N] [--data-file FILE]... [--strict]
                       [--out DIR] [--format terminal|json|junit|sarif]...

  terraform-dir        root module to evaluate statically, once per deployment found in
                       <dir>/envs/*.tfvars (default: terraform)
  --plan-json FILE     check a real \`terraform show -json\` plan instead (also PLAN_JSON=FILE)
  --var-file FILE      evaluate one deployment with these var files instead of envs/*.tfvars
  --var k=v            set a root variable (every deployment), as terraform's -var
  --account-id N       the account data "aws_caller_identity" answers (else unknown)
  --data-file FILE     data source results by address (YAML/JSON), instead of reading AWS
  --strict             checks that cannot be decided before apply (unknown) fail
  --out DIR            where report files go (default: reports); --out '' writes none
  --format NAME        output formats (repeatable; default: terminal json junit sarif);
                       terminal prints, the others are written to <out>/test-plan.<ext>

Exit: 0 every error-severity check passed, 1 one failed, 2 bad input, 3 engine error.`;

interface Target {
  deployment: string;
  load: () => Promise<StackModel>;
}

/** The version in the repository's package.json (the report's tool.version). */
function version(cwd: string): string {
  try {
    return (JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The id of the check that stands for a loader error (an errored plan): it fails the run like any check. */
export const LOADER_CHECK_ID = 'LOAD-001';

/**
 * A loader error (terraform reported the plan as errored, …) fails the run. It is reported as a
 * failing check, present only when there is such an error, so the closing `N passed, N failed`, the
 * JUnit/SARIF files and the exit code all count it, and clean runs keep their check count.
 */
function loaderCheck(run: CheckRun): CheckResult | undefined {
  const errors = run.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return undefined;
  return {
    checkId: LOADER_CHECK_ID,
    kind: 'policy',
    title: 'The model loaded without errors',
    severity: 'error',
    verdict: 'fail',
    rationale: 'A model the loader could not build completely may miss resources or values, so passing checks on it prove nothing. How to fix: fix what the loader names (for a plan: make terraform plan succeed) and run again.',
    findings: errors.map((d) => ({
      checkId: LOADER_CHECK_ID,
      kind: 'policy',
      severity: 'error',
      verdict: 'fail',
      message: d.message,
      ...(d.address ? { address: d.address } : {}),
      ...(d.location ? { location: d.location } : {}),
    })),
  };
}

export async function runCheck(args: string[], io: CommandIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        'plan-json': { type: 'string' },
        ...EVALUATION_OPTIONS,
        strict: { type: 'boolean' },
        out: { type: 'string' },
        format: { type: 'string', multiple: true },
      },
    });
  } catch (err) {
    throw new UserError(`${(err as Error).message}\n${usage}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UserError(`expected one directory, got ${positionals.join(' ')}\n${usage}`);
  const cwd = io.cwd;
  const planArg = values['plan-json'] ?? (io.env.PLAN_JSON || undefined);
  const formats = values.format ?? adapters.map((a) => a.name);
  for (const f of formats) if (!adapter(f)) throw new UserError(`unknown --format '${f}' (one of: ${adapters.map((a) => a.name).join(', ')})`);
  const outDir = values.out ?? 'reports';
  const strict = values.strict === true;

  const targets: Target[] = [];
  if (planArg) {
    if (positionals.length > 0 && values['plan-json']) throw new UserError(`give a directory or --plan-json, not both\n${usage}`);
    const path = resolve(cwd, planArg);
    if (!existsSync(path)) throw new UserError(`${planArg}: no such plan file`);
    const rel = relative(cwd, path);
    targets.push({ deployment: rel.length < planArg.length ? rel : planArg, load: () => loadStack({ planJson: path }) });
  } else {
    const dirArg = positionals[0] ?? 'terraform';
    const dir = resolve(cwd, dirArg);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`${dirArg}: not a directory`);
    const evaluation = evaluationOptions(values, cwd, usage);
    const varFiles = evaluation.varFiles ?? [];
    if (varFiles.length > 0) {
      const name = basename(varFiles[varFiles.length - 1]).replace(/\.tfvars(\.json)?$/, '');
      targets.push({ deployment: name, load: () => loadStack({ dir, ...evaluation }) });
    } else {
      const deployments = await discoverDeployments(dir);
      if (deployments.length === 0) targets.push({ deployment: 'default', load: () => loadStack({ dir, ...evaluation }) });
      for (const d of deployments) targets.push({ deployment: d.name, load: () => loadStack({ dir, ...evaluation, varFiles: d.varFiles }) });
    }
  }

  const runs: CheckRun[] = [];
  for (const t of targets) {
    const model = await t.load();
    const index = new ModelIndex(model);
    const run: CheckRun = {
      deployment: t.deployment,
      origin: model.origin,
      source: relative(cwd, model.source) || '.',
      results: [],
      diagnostics: model.diagnostics.map((d) => ({ ...d })),
    };
    const loaded = loaderCheck(run);
    if (loaded) run.results.push(loaded);
    for (const c of checkers) {
      const out = await c.run(model, index, { deployment: t.deployment, rootDir: cwd, strict });
      run.results.push(...out.results);
      if (out.sections) run.sections = { ...(run.sections ?? {}), ...out.sections };
    }
    runs.push(run);
  }

  const report: Report = { tool: { name: 'stackcheck', version: version(cwd) }, generatedAt: new Date().toISOString(), strict, runs };
  const opts = { rootDir: cwd, color: io.isTTY && !io.env.NO_COLOR };
  const files = formats
    .map((name) => adapter(name)!)
    .filter((a) => a.extension && outDir !== '')
    .map((a) => {
      const path = join(resolve(cwd, outDir), `test-plan.${a.extension}`);
      return { path, label: relative(cwd, path), text: a.render(report, { ...opts, color: false }) };
    });
  await writeFilesAtomic(files);
  const written = files.map((f) => f.label);
  if (formats.includes('terminal')) {
    if (written.length) io.stdout(`reports: ${written.join(', ')}\n`);
    io.stdout(adapter('terminal')!.render(report, opts));
  }
  const outcome = runOutcome(summarize(report));
  return outcome === 'engine-error' ? EXIT.internal : outcome === 'failed' ? EXIT.failed : EXIT.ok;
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'run every policy and reachability intent on each deployment (or a plan); write reports/',
  usage,
  run: runCheck,
};
