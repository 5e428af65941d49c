/**
 * The strongest differential check we can run offline: OUR stack (terraform/, both var files)
 * planned by the real terraform and the real AWS provider, against the static evaluation of the
 * same files. How the scratch copy differs from terraform/ (and why) is in offline-stack.ts; the
 * test prints it. Slow (two real plans of ~250 resources, about a minute on 2 cores).
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';
import { diffModels, type DiffEntry } from '../../../src/load/diff.js';
import { loadStack } from '../../../src/load/index.js';
import { loadPlanJson } from '../../../src/load/plan-json.js';
import type { StackModel } from '../../../src/model/resource.js';
import { isUnknown } from '../../../src/model/value.js';
import { attributeSchema, shapeValues, typeSchema } from '../../../src/schema/index.js';
import { repoRoot } from '../../helpers/paths.js';
import { configuredOnly, FAKE_ACCOUNT, fromSubstitutes, mirror, offlineStack, type OfflinePlan } from './offline-stack.js';

const terraformAvailable = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;
const awsMirror = join(mirror, 'registry.terraform.io/hashicorp/aws');
const available = terraformAvailable && existsSync(awsMirror);
const skipReason = !terraformAvailable
  ? 'terraform not on PATH'
  : `no AWS provider in the filesystem mirror ${awsMirror} (the stack is planned offline from it)`;
if (!available) console.warn(`tests/load/plan-diff/stack-real-plan: skipped: ${skipReason}`);

const schema = (mode: 'managed' | 'data', type: string) => typeSchema(mode, type);

/** Data sources whose values the plan reads from AWS (here: the loopback stand-in) or from the provider's own tables. */
const READ_AT_PLAN = /\bdata\.(aws_ssm_parameter|aws_caller_identity|aws_elb_service_account)\./;

/**
 * Ours unknown, terraform's known: acceptable only where the value comes from a data source read at
 * plan time — the entry is that data source, or our unknown names it as its origin.
 */
function readAtPlan(e: DiffEntry): boolean {
  if (READ_AT_PLAN.test(e.address)) return true;
  return isUnknown(e.ours) && e.ours.origins.some((o) => READ_AT_PLAN.test(o.address));
}

/**
 * Ours null, terraform's unknown: the configuration sets an optional+computed argument to null,
 * which terraform treats as unset, so the provider computes it. Without a schema the evaluator
 * cannot know; reported, and accepted only in exactly this form.
 */
function nullForComputed(e: DiffEntry, ours: StackModel): boolean {
  if (e.ours !== null || !isUnknown(e.theirs) || !e.attribute || e.attribute.includes('.')) return false;
  const r = ours.resources.find((x) => x.address === e.address);
  const block = r && typeSchema(r.mode, r.type);
  const attr = block && attributeSchema(block, e.attribute);
  return Boolean(attr?.optional && attr.computed);
}

/** Per resource block (`module.a.aws_x.y`, no instance keys): the arguments the configuration sets. */
function configuredArguments(plan: { configuration?: { root_module?: unknown } }): Map<string, Set<string>> {
  type Mod = { resources?: { address: string; expressions?: Record<string, unknown> }[]; module_calls?: Record<string, { module: Mod }> };
  const out = new Map<string, Set<string>>();
  const walk = (mod: Mod | undefined, prefix: string) => {
    for (const r of mod?.resources ?? []) out.set(`${prefix}${r.address}`, new Set(Object.keys(r.expressions ?? {})));
    for (const [name, call] of Object.entries(mod?.module_calls ?? {})) walk(call.module, `${prefix}module.${name}.`);
  };
  walk(plan.configuration?.root_module as Mod | undefined, '');
  return out;
}

const list = (entries: DiffEntry[]) => entries.map((e) => `${e.kind} ${e.address} ${e.attribute ?? ''}`.trim());

describe.skipIf(!available)(`our stack against a real offline plan${available ? '' : ` (skipped: ${skipReason})`}`, () => {
  let stack: OfflinePlan;
  const plans: Record<string, { code: number; output: string; planJson?: string }> = {};
  const envs = ['live', 'ephemeral'] as const;
  // As `make test-ephemeral` runs it: a run id in every name, here the longest the variable allows
  // (10), so that the provider's own name-length validation (load balancers, target groups: 32)
  // sees the worst case.
  const vars: Record<(typeof envs)[number], Record<string, string>> = { live: {}, ephemeral: { run_id: 'e2e7run01x' } };

  beforeAll(async () => {
    stack = await offlineStack(repoRoot);
    console.info(`stack-real-plan: the planned copy differs from terraform/ by:\n  ${stack.changes.join('\n  ')}`);
    const results = await Promise.all(envs.map((env) => stack.plan(`envs/${env}.tfvars`, env, vars[env])));
    envs.forEach((env, i) => (plans[env] = results[i]));
  }, 300_000);
  afterAll(async () => {
    await stack?.close();
    // STACKCHECK_KEEP_PLAN=1 keeps the copy and both plans for a look (`stackcheck diff` on them).
    if (stack && !process.env.STACKCHECK_KEEP_PLAN) rmSync(stack.work, { recursive: true, force: true });
    else if (stack) console.info(`stack-real-plan: kept ${stack.work}`);
  });

  it.each(envs)('%s: terraform and the AWS provider plan the stack without an error or a warning', (env) => {
    const { code, output } = plans[env];
    expect(code, output.slice(-4000)).toBe(0);
    expect(output).not.toMatch(/^(Warning|Error):/m);
    expect(output).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy\./);
  });

  it('the plan reads only the caller identity and the AMI parameters from AWS', () => {
    expect(stack.refused).toEqual([]);
    expect(stack.calls).toContain('sts:GetCallerIdentity');
    for (const call of stack.calls) expect(call).toMatch(/^(sts:GetCallerIdentity|ssm:GetParameter \/aws\/service\/\S+)$/);
  });

  it('and it does catch a value the evaluation gets wrong', async () => {
    const theirs = fromSubstitutes(await loadPlanJson(plans.ephemeral.planJson!), stack.substitutes);
    const wrong = await loadStack({
      dir: stack.originalDir,
      varFiles: [join(stack.originalDir, 'envs', 'ephemeral.tfvars')],
      vars: { ...vars.ephemeral, flow_logs_retention_days: '3' },
      accountId: FAKE_ACCOUNT,
    });
    const diff = diffModels(configuredOnly(wrong, stack.substitutes), theirs, { schema });
    expect(diff.entries.filter((e) => e.kind === 'value-differs').map((e) => `${e.attribute}: ${String(e.ours)} vs ${String(e.theirs)}`)).toContain(
      'retention_in_days: 3 vs 1',
    );
  }, 60_000);

  it.each(envs)('%s: no secret flows into an attribute the provider does not treat as secret', async (env) => {
    // Terraform marks an attribute sensitive when the provider's schema says so, or when a
    // sensitive value (a password, an AUTH token, a private key) flows into it. The second kind is
    // a secret leaking into a tag, a name, user_data…: there must be none.
    const schemas = await stack.providerSchemas();
    const secretByType = new Map<string, Set<string>>();
    for (const p of Object.values(schemas.provider_schemas)) {
      for (const [type, s] of Object.entries(p.resource_schemas ?? {})) {
        secretByType.set(type, new Set(Object.entries(s.block.attributes ?? {}).filter(([, a]) => a.sensitive).map(([n]) => n)));
      }
    }
    const theirs = await loadPlanJson(plans[env].planJson!);
    const stand = new Set([...stack.substitutes.values()].map((s) => s.td));
    const leaks: string[] = [];
    let sensitive = 0;
    for (const r of theirs.resources) {
      if (r.mode !== 'managed' || (r.type === 'terraform_data' && stand.has(r.name))) continue;
      for (const path of r.sensitive) {
        sensitive++;
        if (!secretByType.get(r.type)?.has(path.split('.')[0])) leaks.push(`${r.address} ${path}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(sensitive).toBeGreaterThan(0);
    for (const [name, o] of Object.entries(theirs.outputs)) expect(o.sensitive, `output.${name}`).toBe(false);
  }, 60_000);

  it.each(envs)(
    '%s: `check --plan-json` on the real plan has no failure, and every verdict it decides is the static one',
    async (env) => {
      expect(plans[env].planJson, plans[env].output.slice(-4000)).toBeDefined();
      const verdicts = async (args: string[]) => {
        const out = mkdtempSync(join(tmpdir(), 'stackcheck-plan-check-'));
        const code = await main(['check', ...args, '--format', 'json', '--out', out], { stdout: () => {}, stderr: () => {}, env: {}, cwd: repoRoot, isTTY: false });
        const report = JSON.parse(readFileSync(join(out, 'test-plan.json'), 'utf8')) as { runs: { deployment: string; results: { checkId: string; verdict: string; findings: { verdict: string; message: string }[] }[] }[] };
        rmSync(out, { recursive: true, force: true });
        return { code, runs: report.runs };
      };
      // The project config of the repository (packs, intents, suppressions) applies to both.
      const planned = await verdicts(['--plan-json', plans[env].planJson!]);
      const statically = await verdicts(['terraform', '--var-file', `terraform/envs/${env}.tfvars`, ...Object.entries(vars[env]).flatMap(([k, v]) => ['--var', `${k}=${v}`])]);
      const plan = planned.runs[0].results;
      const stat = new Map(statically.runs[0].results.map((r) => [r.checkId, r.verdict]));
      const failures = plan.filter((r) => r.verdict === 'fail').map((r) => `${r.checkId}: ${r.findings.find((f) => f.verdict === 'fail')?.message}`);
      expect(failures).toEqual([]);
      expect(planned.code).toBe(0);
      const decided = (v: string | undefined) => v === 'pass' || v === 'fail';
      const disagree = plan.filter((r) => decided(r.verdict) && decided(stat.get(r.checkId)) && r.verdict !== stat.get(r.checkId)).map((r) => `${r.checkId}: plan ${r.verdict}, static ${stat.get(r.checkId)}`);
      expect(disagree).toEqual([]);
      // Not vacuous: the plan path decides most checks, the reachability intents among them.
      const count = (v: string) => plan.filter((r) => r.verdict === v).length;
      expect(count('pass')).toBeGreaterThan(50);
      console.info(`stack-real-plan ${env}: check --plan-json: ${count('pass')} pass, ${count('unknown')} unknown, ${count('not-applicable')} not applicable, 0 fail; static: ${[...stat.values()].filter((v) => v === 'pass').length} pass`);
    },
    180_000,
  );

  it.each(envs)('%s: the static evaluation agrees with the real plan on every value both know', async (env) => {
    expect(plans[env].planJson, plans[env].output.slice(-4000)).toBeDefined();
    const theirs = fromSubstitutes(await loadPlanJson(plans[env].planJson!), stack.substitutes);
    // Reproducing this plan: plantimestamp() is its time (the final snapshot names are built from
    // it), as `stackcheck diff` evaluates; the account id is the stand-in STS's.
    const planTimestamp = theirs.plan!.timestamp!;
    expect(planTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const loaded = await loadStack({ dir: stack.originalDir, varFiles: [join(stack.originalDir, 'envs', `${env}.tfvars`)], vars: vars[env], accountId: FAKE_ACCOUNT, planTimestamp });
    // The stand-ins carry the arguments only; compare what the configuration sets.
    const ours = configuredOnly(loaded, stack.substitutes);
    const diff = diffModels(ours, theirs, { schema });

    expect(diff.compared.resources).toBe(theirs.resources.length);
    expect(theirs.resources.length).toBeGreaterThan(150);
    const hard = diff.entries.filter((e) => ['only-in-ours', 'only-in-plan', 'value-differs', 'attribute-only-in-ours'].includes(e.kind));
    expect(list(hard)).toEqual([]);
    const unknownOurs = diff.entries.filter((e) => e.kind === 'unknown-ours-known-plan');
    expect(list(unknownOurs.filter((e) => !readAtPlan(e)))).toEqual([]);
    const knownOurs = diff.entries.filter((e) => e.kind === 'known-ours-unknown-plan');
    expect(list(knownOurs.filter((e) => !nullForComputed(e, ours)))).toEqual([]);

    // Not vacuous: the rendered user_data of every instance terraform knows it for is
    // byte-for-byte what terraform rendered (the provider plans it as its SHA-1; LiveKit's depends
    // on the NLB's addresses, unknown to both), and the outputs were compared.
    const instances = theirs.resources.filter((r) => r.type === 'aws_instance' && typeof r.values.user_data === 'string');
    expect(instances.length).toBeGreaterThan(0);
    for (const r of instances) {
      const mine = ours.resources.find((x) => x.address === r.address)!.values.user_data;
      expect(typeof mine).toBe('string');
      expect(createHash('sha1').update(mine as string).digest('hex'), r.address).toBe(r.values.user_data);
    }
    expect(Object.keys(theirs.outputs).length).toBeGreaterThan(0);
    // Nor for a value built from the plan time: each DB instance's final snapshot name
    // (`<identifier>-final-<plantimestamp, YYYYMMDDhhmmss>`) is known to both and the same.
    const dbs = theirs.resources.filter((r) => r.type === 'aws_db_instance');
    expect(dbs.length).toBeGreaterThan(0);
    for (const r of dbs) {
      expect(r.values.final_snapshot_identifier, r.address).toBe(`${String(r.values.identifier)}-final-${planTimestamp.replace(/\D/g, '')}`);
      expect(ours.resources.find((x) => x.address === r.address)!.values.final_snapshot_identifier, r.address).toBe(r.values.final_snapshot_identifier);
    }

    // The diff does not count an attribute only the plan has (provider defaults, computed values),
    // so an argument the evaluator dropped would slip through there. Close that gap with the plan's
    // own record of the configuration: every argument a resource block sets is in our values.
    const configured = configuredArguments(JSON.parse(readFileSync(plans[env].planJson!, 'utf8')));
    const dropped: string[] = [];
    let arguments_ = 0;
    for (const r of ours.resources) {
      const set = configured.get(r.address.replace(/\[[^\]]*\]/g, ''));
      if (!set) continue; // a substituted random/tls resource: configured as terraform_data
      for (const name of set) {
        arguments_++;
        if (!(name in r.values)) dropped.push(`${r.address} ${name}`);
      }
    }
    expect(dropped).toEqual([]);
    expect(arguments_).toBeGreaterThan(500);

    // 5.100 planned it; the stack asks for 6.x. Every argument it sets must also exist in the
    // committed 6.x schema (v6 removed some 5.x arguments, e.g. aws_flow_log.log_group_name).
    const unknownTo6: string[] = [];
    for (const [address, names] of configured) {
      const m = /(?:^|\.)(data\.)?(aws_\w+)\.\w+$/.exec(address);
      if (!m) continue;
      const block = typeSchema(m[1] ? 'data' : 'managed', m[2]);
      for (const name of names) if (!block || !(name in block.attributes || name in block.blocks)) unknownTo6.push(`${address} ${name}`);
    }
    expect(unknownTo6).toEqual([]);

    // With schema shaping every resource carries every schema attribute: it settles the
    // null-for-computed cases, and shows where the committed schema (6.x, no defaults) and the
    // 5.100 plan part. Numbers for the record, not a verdict.
    const shaped = await loadStack({
      dir: stack.originalDir,
      varFiles: [join(stack.originalDir, 'envs', `${env}.tfvars`)],
      vars: vars[env],
      accountId: FAKE_ACCOUNT,
      planTimestamp,
      shapeValues: (t, m, v) => shapeValues(t, m, v),
    });
    const shapedDiff = diffModels(configuredOnly(shaped, stack.substitutes), theirs, { schema });
    const count = (entries: DiffEntry[]) => {
      const c: Record<string, number> = {};
      for (const e of entries) c[e.kind] = (c[e.kind] ?? 0) + 1;
      return JSON.stringify(c);
    };
    console.info(
      `stack-real-plan ${env}: ${diff.compared.present}/${diff.compared.planned} planned resources present, ${diff.compared.attributes} values compared, ` +
        `${diff.compared.known} known to both, ${diff.compared.equal} equal (${((100 * diff.compared.equal) / Math.max(1, diff.compared.known)).toFixed(2)} %), ${knownOurs.length} known to us only (guesses unless null for a computed argument); ` +
        `${arguments_} configured arguments all present; accepted: ${unknownOurs.length} read at plan time, ${knownOurs.length} null for a computed argument ` +
        `(${knownOurs.map((e) => `${e.address} ${e.attribute}`).join('; ')}); ` +
        `information only: ${diff.entries.filter((e) => e.kind === 'attribute-only-in-plan').length} attributes only in the plan. ` +
        `Shaped: ${shapedDiff.compared.attributes} values, ${count(shapedDiff.entries)}`,
    );
    for (const e of knownOurs) {
      const shapedValue = shaped.resources.find((r) => r.address === e.address)?.values[e.attribute!];
      expect(isUnknown(shapedValue), `${e.address} ${e.attribute} shaped`).toBe(true);
    }
  }, 120_000);
});
