/**
 * The AWS differential fixtures (tests/fixtures/hcl/differential/aws/<name>/, each a root module
 * in the style of public code) planned by the real terraform and the AWS provider from the
 * filesystem mirror, in ONE run: a generated root calls every fixture as a module and re-exports
 * each module's outputs, with fake credentials and the few reads a plan makes (caller identity,
 * availability zones; the state machine definitions aws 5.100 validates at plan time) answered by
 * the loopback stand-in of offline-stack.ts. The static evaluation loads the same generated root,
 * with the same answers given as data facts.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffModels, type DiffEntry } from '../../../../src/load/diff.js';
import type { DataFacts } from '../../../../src/load/hcl/data-facts.js';
import type { StackModel } from '../../../../src/model/resource.js';
import { typeSchema } from '../../../../src/schema/index.js';
import { repoRoot } from '../../../helpers/paths.js';
import { FAKE_ACCOUNT, fakeAws, offlineEnv, run } from '../../plan-diff/offline-stack.js';

export const FIXTURES = join(repoRoot, 'tests/fixtures/hcl/differential/aws');
export const REGION = 'ap-northeast-2';
export const ZONES = ['ap-northeast-2a', 'ap-northeast-2b', 'ap-northeast-2c', 'ap-northeast-2d'];

export const fixtureNames = (): string[] => readdirSync(FIXTURES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

/** The module name a fixture is called under (`ecs-fargate` → `ecs_fargate`). */
export const moduleName = (fixture: string) => fixture.replace(/-/g, '_');

export interface FixturePlan {
  /** The generated root (planned by terraform, evaluated by us). */
  dir: string;
  planJson?: string;
  code: number;
  output: string;
  calls: string[];
  refused: string[];
  /** What the stand-in answered, as data facts for the static evaluation. */
  facts: DataFacts;
  close: () => void;
}

/** Plans `fixtures` (directories of `from`, the differential fixtures by default) as modules of one root. */
export async function planFixtures(fixtures: string[], from = FIXTURES): Promise<FixturePlan> {
  const work = mkdtempSync(join(tmpdir(), 'stackcheck-aws-diff-'));
  const dir = join(work, 'root');
  for (const f of fixtures) cpSync(join(from, f), join(dir, f), { recursive: true });
  const calls: string[] = [];
  const refused: string[] = [];
  const { server, port } = await fakeAws(calls, refused, { availabilityZones: ZONES });
  const endpoint = `http://127.0.0.1:${port}`;
  const root = [
    'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = ">= 5.100"\n    }\n  }\n}\n',
    `provider "aws" {
  region                      = "${REGION}"
  access_key                  = "offline"
  secret_key                  = "offline"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  endpoints {
    ec2 = "${endpoint}"
    sts = "${endpoint}"
    ssm = "${endpoint}"
    sfn = "${endpoint}"
  }
}
`,
    ...fixtures.map((f) => `module "${moduleName(f)}" {\n  source = "./${f}"\n}\n\noutput "${moduleName(f)}" {\n  value     = module.${moduleName(f)}\n  sensitive = true\n}\n`),
  ];
  writeFileSync(join(dir, 'main.tf'), root.join('\n'));
  const facts: DataFacts = {};
  for (const f of fixtures) {
    // Every fixture that reads the zone list names it data.aws_availability_zones.available.
    if (!readFileSync(join(from, f, 'main.tf'), 'utf8').includes('data "aws_availability_zones" "available"')) continue;
    facts[`module.${moduleName(f)}.data.aws_availability_zones.available`] = {
      names: ZONES,
      zone_ids: ZONES.map((_, i) => `${REGION}-az${i + 1}`),
      group_names: [REGION],
      id: REGION,
    };
  }
  const close = () => {
    server.close();
    if (!process.env.STACKCHECK_KEEP_PLAN) rmSync(work, { recursive: true, force: true });
    else console.info(`aws differential: kept ${work}`);
  };
  const env = offlineEnv(work);
  const init = await run('terraform', ['init', '-input=false', '-no-color', '-backend=false'], dir, env);
  if (init.code !== 0) return { dir, code: init.code, output: `${init.stdout}\n${init.stderr}`, calls, refused, facts, close };
  const plan = await run('terraform', ['plan', '-input=false', '-refresh=false', '-lock=false', '-no-color', '-out=plan.bin'], dir, env);
  const output = `${plan.stdout}\n${plan.stderr}`;
  if (plan.code !== 0) return { dir, code: plan.code, output, calls, refused, facts, close };
  const show = await run('terraform', ['show', '-json', 'plan.bin'], dir, env);
  if (show.code !== 0) return { dir, code: show.code, output: `${output}\n${show.stderr}`, calls, refused, facts, close };
  const planJson = join(work, 'plan.json');
  writeFileSync(planJson, show.stdout);
  return { dir, planJson, code: 0, output, calls, refused, facts, close };
}

export { FAKE_ACCOUNT };

/** The figures of one comparison (docs/evaluator.md "Differential suite"). */
export interface Figures {
  /** Values both know, and how many of them are equal. */
  known: number;
  equal: number;
  /** Values we claim known that terraform plans as unknown: must be 0. */
  guesses: number;
  /** Values only terraform knows (honest unknowns on our side). */
  unknownOurs: number;
  planned: number;
  present: number;
  differences: DiffEntry[];
}

/** Only the resources under `prefix` (`module.vpc.`) and the root output `output`. */
export function part(model: StackModel, prefix: string, output: string): StackModel {
  return {
    ...model,
    resources: model.resources.filter((r) => r.address.startsWith(prefix)),
    outputs: model.outputs[output] ? { [output]: model.outputs[output] } : {},
  };
}

export function figures(ours: StackModel, theirs: StackModel): Figures {
  const d = diffModels(ours, theirs, { schema: (mode, type) => typeSchema(mode, type) });
  const of = (k: DiffEntry['kind']) => d.entries.filter((e) => e.kind === k);
  return {
    known: d.compared.known,
    equal: d.compared.equal,
    guesses: of('known-ours-unknown-plan').length,
    unknownOurs: of('unknown-ours-known-plan').length,
    planned: d.compared.planned,
    present: d.compared.present,
    differences: d.entries.filter((e) => ['value-differs', 'known-ours-unknown-plan', 'only-in-plan', 'only-in-ours', 'attribute-only-in-ours'].includes(e.kind)),
  };
}

export const percent = (a: number, b: number) => (b === 0 ? 100 : (100 * a) / b);

export function formatFigures(name: string, f: Figures): string {
  return `${name.padEnd(18)} ${String(f.known).padStart(5)} known to both, ${percent(f.equal, f.known).toFixed(2).padStart(6)} % equal, ${f.guesses} guesses, ${f.present}/${f.planned} resources present (${percent(f.present, f.planned).toFixed(1)} %), ${f.unknownOurs} unknown to us only`;
}
