/**
 * `stackcheck check`: evaluate every deployment (or read a real plan), run every registered
 * checker (the policy pack, the reachability intents), print the terminal report and write
 * reports/test-plan.{json,xml,sarif}. Exit 0 ok, 1 an error-severity check failed (a loader error
 * counts as one: LOAD-001), 2 bad input, 3 an engine error (a rule or intent that threw).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { checkersFor } from '../check/registry.js';
import { findProjectConfig, loadProjectConfig } from '../config/project.js';
import { resolveSettings } from '../config/settings.js';
import { readIntents } from '../config/intents.js';
import { parseLoadArgs } from './load-args.js';
import type { CheckResult, CheckRun, Report } from '../check/types.js';
import { writeFilesAtomic } from '../atomic-write.js';
import { UserError } from '../errors.js';
import { loadStack } from '../load/index.js';
import { ModelIndex } from '../model/query.js';
import type { StackModel } from '../model/resource.js';
import { redactText, secretStrings } from '../model/secrets.js';
import { adapter, adapters, runOutcome, summarize } from '../report/index.js';
import { EXIT, type Command, type CommandIO } from './types.js';

const usage = `usage: stackcheck check [terraform-dir] [--config FILE] [--plan-json FILE] [--var-file FILE]...
                       [--var NAME=VALUE]... [--account-id N] [--data-file FILE]... [--strict] [--out DIR] [--format terminal|json|junit|sarif|html]...

  terraform-dir        root module to evaluate statically, once per deployment (default: the config's
                       root, else the current directory)
  --config FILE        the project config (default: .stackcheck.yaml in terraform-dir or its nearest
                       ancestor that has one); without one: packs aws, generic intents, one deployment
                       per <dir>/envs/*.tfvars (else the directory alone)
  --plan-json FILE     check a real \`terraform show -json\` plan instead (also PLAN_JSON=FILE)
  --var-file FILE      evaluate one deployment with these var files instead of the configured ones
  --var NAME=VALUE     set a root variable in every deployment (as terraform -var)
  --account-id N       the account data "aws_caller_identity" answers (else unknown)
  --data-file FILE     data source results by address (YAML/JSON), instead of reading AWS
  --strict             checks that cannot be decided before apply (unknown) fail
  --out DIR            where report files go (default: the config's output.dir, else reports);
                       --out '' writes none
  --format NAME        output formats (repeatable; default: the config's output.formats, else
                       terminal json junit sarif html); the others than terminal go to <out>/test-plan.<ext>

Exit: 0 every error-severity check passed, 1 one failed, 2 bad input, 3 engine error.`;

interface Target {
  deployment: string;
  ephemeral: boolean;
  load: () => Promise<StackModel>;
}

/** stackcheck's own version (its package.json), whichever directory it checks. */
function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? '0.0.0';
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
  const cwd = io.cwd;
  const a = parseLoadArgs(args, cwd, usage, { flags: ['strict'], options: { out: {}, format: { multiple: true }, config: {} }, dirOptional: true });
  const planArg = a.planLabel ?? (io.env.PLAN_JSON || undefined);
  const planJson = a.load.planJson ?? (planArg ? resolve(cwd, planArg) : undefined);
  const strict = a.flags.strict;
  const configArg = a.options.config as string | undefined;
  const configPath = configArg !== undefined ? resolve(cwd, configArg) : findProjectConfig(a.load.dir ?? cwd);
  if (configArg !== undefined && !existsSync(configPath!)) throw new UserError(`${configArg}: no such config file`);
  const config = configPath ? loadProjectConfig(configPath, relative(cwd, configPath) || configPath) : undefined;
  const settings = await resolveSettings(
    {
      cwd,
      ...(a.dirLabel !== undefined ? { dirArg: a.dirLabel } : {}),
      varFiles: a.load.varFiles ?? [],
      vars: a.load.vars ?? {},
      ...(a.options.format ? { formats: a.options.format as string[] } : {}),
      ...(a.options.out !== undefined ? { outDir: a.options.out as string } : {}),
      knownFormats: adapters.map((x) => x.name),
      defaultFormats: adapters.map((x) => x.name),
    },
    config,
  );
  const { formats, outDir } = settings;
  const intents = await readIntents(settings.intents);
  const checkers = checkersFor({ rules: settings.rules, intents, ...(settings.suppressionsFile ? { suppressionsFile: settings.suppressionsFile } : {}) });
  const shared = { env: {}, ...(a.load.accountId ? { accountId: a.load.accountId } : {}), ...(a.load.dataFacts ? { dataFacts: a.load.dataFacts } : {}), ...(a.load.shapeValues ? { shapeValues: a.load.shapeValues } : {}) };

  const targets: Target[] = [];
  if (planJson) {
    if (!existsSync(planJson)) throw new UserError(`${planArg}: no such plan file`);
    const rel = relative(cwd, planJson);
    targets.push({ deployment: rel.length < planArg!.length ? rel : planArg!, ephemeral: false, load: () => loadStack({ planJson }) });
  } else {
    for (const d of settings.deployments) {
      targets.push({ deployment: d.name, ephemeral: d.ephemeral, load: () => loadStack({ ...shared, dir: settings.dir, varFiles: d.varFiles, vars: d.vars }) });
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
      const out = await c.run(model, index, { deployment: t.deployment, rootDir: cwd, strict, ephemeral: t.ephemeral });
      run.results.push(...out.results);
      if (out.sections) run.sections = { ...(run.sections ?? {}), ...out.sections };
    }
    // A rule may quote the value it judged; a secret's value never leaves the process.
    const secrets = [...secretStrings(model)].sort((x, y) => y.length - x.length);
    if (secrets.length > 0) {
      for (const res of run.results) for (const f of res.findings) f.message = redactText(f.message, secrets);
    }
    runs.push(run);
  }

  const report: Report = { tool: { name: 'stackcheck', version: version() }, generatedAt: new Date().toISOString(), strict, runs };
  const opts = { rootDir: cwd, color: io.isTTY && !io.env.NO_COLOR };
  const files = formats
    .map((name) => adapter(name)!)
    .filter((x) => x.extension && outDir !== '')
    .map((x) => {
      const path = join(resolve(cwd, outDir), `test-plan.${x.extension}`);
      return { path, label: relative(cwd, path), text: x.render(report, { ...opts, color: false }) };
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
