/**
 * The static evaluation against real terraform plans of AWS configurations written in the style
 * of public code (tests/fixtures/hcl/differential/aws/*): one terraform run for all fixtures
 * (aws-fixtures.ts), compared value by value. Figures per fixture and in total are printed
 * (docs/evaluator.md records them): values known to both and how many are equal, guesses (values
 * we claim to know that terraform plans unknown: must be 0), planned resources present (with
 * unknown instance keys where the count is unknown to us: must be 100 %). Every difference must be
 * one of the causes listed below, each documented in docs/evaluator.md. Skips, saying why, without
 * terraform or the AWS provider mirror.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiffEntry } from '../../../../src/load/diff.js';
import { loadHcl } from '../../../../src/load/hcl/index.js';
import { loadPlanJson } from '../../../../src/load/plan-json.js';
import type { StackModel } from '../../../../src/model/resource.js';
import { mirror } from '../../plan-diff/offline-stack.js';
import { FAKE_ACCOUNT, figures, fixtureNames, formatFigures, moduleName, part, percent, planFixtures, type Figures, type FixturePlan } from './aws-fixtures.js';

const terraformAvailable = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;
const awsMirror = join(mirror, 'registry.terraform.io/hashicorp/aws');
const available = terraformAvailable && existsSync(awsMirror);
const skipReason = !terraformAvailable ? 'terraform not on PATH' : `no AWS provider in the filesystem mirror ${awsMirror}`;
if (!available) console.warn(`tests/load/hcl/differential: skipped: ${skipReason}`);

/**
 * Known causes of the remaining differences (docs/evaluator.md, "Differential suite"). None is a
 * guess; each is a provider behaviour the static evaluation does not model yet.
 */
const CAUSES: { cause: string; matches: (e: DiffEntry) => boolean }[] = [
  {
    cause: 'provider drops passthrough_behavior for an AWS_PROXY integration',
    matches: (e) => e.kind === 'value-differs' && /aws_apigatewayv2_integration/.test(e.address) && e.attribute === 'passthrough_behavior' && e.theirs === null,
  },
  {
    // aws_dynamodb_table's top level is derived, its blocks are not (the table's block instances
    // never planned: an index, an import and attributes corrected value by value ran out of rounds);
    // the provider plans an unset range_key of an index as "".
    cause: 'a block argument underived in the checked-in defaults table',
    matches: (e) =>
      e.kind === 'value-differs' && /\.aws_dynamodb_table\./.test(e.address) && /^global_secondary_index\.\d+\.range_key$/.test(e.attribute ?? '') && e.ours === null && e.theirs === '',
  },
  {
    cause: 'aws_region.region: an attribute of aws 6.x, absent from 5.100',
    matches: (e) => e.kind === 'attribute-only-in-ours' && /data\.aws_region\./.test(e.address) && e.attribute === 'region',
  },
];

const causeOf = (e: DiffEntry) => CAUSES.find((c) => c.matches(e))?.cause;

describe.skipIf(!available)(`AWS configurations in the style of public code against real terraform plans${available ? '' : ` (skipped: ${skipReason})`}`, () => {
  const names = fixtureNames();
  let planned: FixturePlan;
  let theirs: StackModel;
  beforeAll(async () => {
    planned = await planFixtures(names);
    if (planned.planJson) theirs = await loadPlanJson(planned.planJson);
  }, 400_000);
  afterAll(() => planned?.close());

  it('terraform plans every fixture, reading only the caller identity and the zone list from the stand-in (and validating the state machine definitions there)', () => {
    expect(planned.code, planned.output.slice(-4000)).toBe(0);
    expect(planned.output).not.toMatch(/^(Warning|Error):/m);
    expect(planned.refused).toEqual([]);
    expect(new Set(planned.calls)).toEqual(new Set(['sts:GetCallerIdentity', 'ec2:DescribeAvailabilityZones', 'states:ValidateStateMachineDefinition']));
  });

  const report = (label: string, ours: StackModel): { per: Record<string, Figures>; total: Figures } => {
    const per: Record<string, Figures> = {};
    const total: Figures = { known: 0, equal: 0, guesses: 0, unknownOurs: 0, planned: 0, present: 0, differences: [] };
    const lines = [`aws differential (${label}):`];
    for (const f of names) {
      const m = moduleName(f);
      const fig = figures(part(ours, `module.${m}.`, m), part(theirs, `module.${m}.`, m));
      per[f] = fig;
      for (const k of ['known', 'equal', 'guesses', 'unknownOurs', 'planned', 'present'] as const) total[k] += fig[k];
      total.differences.push(...fig.differences);
      lines.push(`  ${formatFigures(f, fig)}`);
    }
    lines.push(`  ${formatFigures('total', total)}`);
    const byCause = new Map<string, number>();
    for (const e of total.differences) byCause.set(causeOf(e) ?? 'UNEXPLAINED', (byCause.get(causeOf(e) ?? 'UNEXPLAINED') ?? 0) + 1);
    for (const [cause, n] of byCause) lines.push(`  ${n} × ${cause}`);
    console.info(lines.join('\n'));
    return { per, total };
  };

  it('with the data facts the stand-in answered: no guess, every resource present, every difference a known cause', async () => {
    const ours = await loadHcl({ dir: planned.dir, accountId: FAKE_ACCOUNT, dataFacts: planned.facts });
    expect(ours.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const { per, total } = report('with data facts', ours);
    for (const [f, fig] of Object.entries(per)) {
      expect({ f, guesses: fig.differences.filter((e) => e.kind === 'known-ours-unknown-plan') }).toEqual({ f, guesses: [] });
      expect({ f, present: fig.present }).toEqual({ f, present: fig.planned });
      expect(fig.known, f).toBeGreaterThan(30);
    }
    const unexplained = total.differences.filter((e) => !causeOf(e)).map((e) => `${e.kind} ${e.address} ${e.attribute ?? ''}: ${JSON.stringify(e.ours)} vs ${JSON.stringify(e.theirs)}`);
    expect(unexplained).toEqual([]);
    expect(total.planned).toBeGreaterThan(100);
    expect(percent(total.equal, total.known)).toBeGreaterThan(99.5);
  }, 120_000);

  it('without them: the zone-dependent resources are present with unknown instance keys, still no guess', async () => {
    const ours = await loadHcl({ dir: planned.dir, accountId: FAKE_ACCOUNT });
    const { per } = report('without data facts', ours);
    const stands = ours.resources.filter((r) => r.unknownInstances);
    expect(stands.map((r) => r.address)).toContain('module.vpc.aws_subnet.private[*]');
    expect(stands.every((r) => r.address.includes('[*]'))).toBe(true);
    const warned = ours.diagnostics.filter((d) => /N instances, (count|for_each keys) unknown/.test(d.message)).map((d) => d.address);
    expect(warned.sort()).toEqual(stands.map((r) => r.address).sort());
    for (const [f, fig] of Object.entries(per)) {
      expect({ f, guesses: fig.guesses }).toEqual({ f, guesses: 0 });
      expect({ f, present: fig.present }).toEqual({ f, present: fig.planned });
    }
  }, 120_000);
});
