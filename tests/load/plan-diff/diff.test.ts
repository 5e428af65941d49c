import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';
import { diffModels, formatDiff, normalisation, NORMALISATIONS } from '../../../src/load/diff.js';
import { loadStack } from '../../../src/load/index.js';
import { fromPlanDocument, loadPlanJson } from '../../../src/load/plan-json.js';
import { toPlanDocument } from '../../../src/load/plan-writer.js';
import { Unknown, type Resource, type StackModel } from '../../../src/model/index.js';
import type { BlockSchema } from '../../../src/schema/types.js';
import { typeSchema } from '../../../src/schema/index.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

function model(origin: 'hcl' | 'plan', resources: Partial<Resource>[], outputs: StackModel['outputs'] = {}): StackModel {
  return {
    origin,
    source: origin,
    resources: resources.map((r) => ({
      module: '',
      mode: 'managed',
      type: 'terraform_data',
      name: 'x',
      provider: 'terraform.io/builtin/terraform',
      values: {},
      sensitive: [],
      references: [],
      address: 'terraform_data.x',
      ...r,
    })),
    variables: {},
    outputs,
    providers: [],
    unevaluatedModules: [],
    diagnostics: [],
  };
}

describe('diffModels on a synthetic pair', () => {
  const ours = model(
    'hcl',
    [
      { address: 'terraform_data.a', values: { input: { name: 'a', port: 8000, tags: ['x'] }, extra: 'ours' } },
      { address: 'terraform_data.b', values: { input: 'known-here', id: new Unknown('known after apply') } },
      { address: 'terraform_data.c', values: { input: new Unknown('depends on random_id.x') } },
      { address: 'terraform_data.only_ours', values: {} },
    ],
    { o: { value: 'x', sensitive: false } },
  );
  const theirs = model(
    'plan',
    [
      { address: 'terraform_data.a', values: { input: { name: 'b', port: '8000', tags: ['x'] }, output: new Unknown('known after apply'), blocks: [] } },
      { address: 'terraform_data.b', values: { input: new Unknown('known after apply'), id: new Unknown('known after apply') } },
      { address: 'terraform_data.c', values: { input: 'known-there', id: new Unknown('known after apply') } },
      { address: 'terraform_data.only_plan', values: {} },
    ],
    { o: { value: 'y', sensitive: false } },
  );
  const diff = diffModels(ours, theirs);
  const kinds = (kind: string) => diff.entries.filter((e) => e.kind === kind).map((e) => `${e.address} ${e.attribute ?? ''}`.trim());

  it('reports every kind of disagreement, grouped', () => {
    expect(kinds('only-in-ours')).toEqual(['terraform_data.only_ours']);
    expect(kinds('only-in-plan')).toEqual(['terraform_data.only_plan']);
    expect(kinds('value-differs')).toEqual(['terraform_data.a input.name', 'output.o']);
    expect(kinds('known-ours-unknown-plan')).toEqual(['terraform_data.b input']);
    expect(kinds('unknown-ours-known-plan')).toEqual(['terraform_data.c input']);
    expect(kinds('attribute-only-in-ours')).toEqual(['terraform_data.a extra']);
    expect(kinds('attribute-only-in-plan')).toEqual(['terraform_data.a output', 'terraform_data.c id']);
    expect(diff.agree).toBe(false);
  });

  it('does not count 8000 vs "8000", unknown vs unknown, or [] vs absent as disagreements', () => {
    const text = formatDiff(diff, { oursLabel: 'dir', theirsLabel: 'plan.json' });
    expect(text).not.toMatch(/port/);
    expect(text).toContain('values that differ (2):\n  terraform_data.a  input.name: ours "a", terraform\'s "b"');
    expect(text).toContain("known in the static evaluation, unknown in terraform's plan (1):\n  terraform_data.b  input: ours \"known-here\", terraform's (known after apply)");
    expect(text).toMatch(/result: 7 disagreements\n$/);
  });

  it('a list with unknown elements against a wholly unknown value is no disagreement', () => {
    const a = model('hcl', [{ values: { security_groups: [new Unknown('known after apply')] } }]);
    const b = model('plan', [{ values: { security_groups: new Unknown('known after apply') } }]);
    expect(diffModels(a, b).agree).toBe(true);
    const c = model('hcl', [{ values: { security_groups: ['sg-1'] } }]);
    expect(diffModels(c, b).entries.map((e) => e.kind)).toEqual(['known-ours-unknown-plan']);
  });

  it('agrees with itself', () => {
    expect(diffModels(ours, ours)).toMatchObject({ agree: true, entries: [] });
  });
});

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });
const terraformAvailable = terraform.status === 0;
const skipReason = 'terraform not on PATH; the real-plan diff needs terraform >= 1.11 (it runs offline for provider-less configurations)';
if (!terraformAvailable) console.warn(`tests/load/plan-diff: skipped the real-plan diff: ${skipReason}`);

const awsMirror = '/opt/tf-plugins/registry.terraform.io/hashicorp/aws';
const awsAvailable = terraformAvailable && existsSync(awsMirror);
const awsSkipReason = terraformAvailable ? `no AWS provider in the filesystem mirror ${awsMirror}` : skipReason;

/** Plan the fixture with the real terraform in a scratch copy (providers from the local mirror only), return the plan JSON path. */
function realPlan(fixture: string, varFile?: string): string {
  const work = mkdtempSync(join(tmpdir(), 'stackcheck-diff-'));
  cpSync(join(fixtures, fixture), work, { recursive: true });
  const rc = join(work, '.terraformrc');
  writeFileSync(
    rc,
    'provider_installation {\n  filesystem_mirror {\n    path    = "/opt/tf-plugins"\n    include = ["registry.terraform.io/*/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }\n}\n',
  );
  const env = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: rc };
  const run = (args: string[]) => {
    const r = spawnSync('terraform', args, { cwd: work, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`terraform ${args.join(' ')} failed:\n${r.stderr}`);
    return r.stdout;
  };
  run(['init', '-input=false', '-no-color']);
  run(['plan', '-input=false', '-refresh=false', '-no-color', ...(varFile ? [`-var-file=${varFile}`] : []), '-out=tfplan']);
  const path = join(work, 'plan.json');
  writeFileSync(path, run(['show', '-json', 'tfplan']));
  return path;
}

describe.skipIf(!terraformAvailable)(`diff against a real terraform plan${terraformAvailable ? '' : ` (skipped: ${skipReason})`}`, () => {
  const dir = join(fixtures, 'provider-less');
  const varFile = join(fixtures, 'provider-less.tfvars');
  const planPath = terraformAvailable ? realPlan('provider-less', varFile) : '';

  it('the static evaluation agrees with terraform on every resource and output', async () => {
    const ours = await loadStack({ dir, varFiles: [varFile] });
    const theirs = await loadPlanJson(planPath);
    expect(theirs.resources).toHaveLength(7);
    const diff = diffModels(ours, theirs);
    expect(diff.entries.filter((e) => e.kind !== 'attribute-only-in-plan')).toEqual([]);
    expect(diff.agree).toBe(true);
    expect(diff.compared.resources).toBe(7);
  });

  it('and so does the plan document we write from it', async () => {
    const ours = await loadStack({ dir, varFiles: [varFile] });
    const written = fromPlanDocument(JSON.parse(JSON.stringify(toPlanDocument(ours))), 'written.json');
    const diff = diffModels(written, await loadPlanJson(planPath));
    expect(diff.entries.filter((e) => e.kind !== 'attribute-only-in-plan')).toEqual([]);
  });

  it('stackcheck diff exits 0 when they agree and 1 with the differences when they do not', async () => {
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), env: {}, cwd: fixtures, isTTY: false };
    expect(await main(['diff', 'provider-less', '--var-file', 'provider-less.tfvars', '--plan-json', planPath], io)).toBe(0);
    expect(out.join('')).toMatch(/result: the static evaluation agrees with terraform/);
    out.length = 0;
    const code = await main(['diff', 'provider-less', '--var-file', 'provider-less.tfvars', '--var', 'project=other', '--plan-json', planPath], io);
    expect(code).toBe(1);
    expect(out.join('')).toContain('terraform_data.network["prod"]  input.name: ours "other-prod", terraform\'s "dolbom-prod"');
  });
});

describe('plantimestamp(): unknown to a static evaluation, the plan time when it reproduces a plan', () => {
  const dir = join(fixtures, 'plan-time');
  const input = (m: StackModel, address: string) => m.resources.find((r) => r.address === address)!.values.input;

  it('without a plan time, the values built from it are unknown and say why', async () => {
    const m = await loadStack({ dir });
    for (const address of ['terraform_data.final_snapshot', 'terraform_data.banner']) {
      const v = input(m, address);
      expect(v, address).toBeInstanceOf(Unknown);
      expect((v as Unknown).reason).toMatch(/plantimestamp/);
    }
  });

  it('with the plan time (planTimestamp), they are what terraform computes from it, inside templates too', async () => {
    const m = await loadStack({ dir, planTimestamp: '2026-12-02T13:07:31Z' });
    expect(input(m, 'terraform_data.final_snapshot')).toBe('dolbom-prod-final-20261202130731');
    expect(input(m, 'terraform_data.banner')).toBe('planned at 2026-12-02T13:07:31Z');
    expect(m.outputs.planned_at?.value).toBe('2026-12-02T13:07:31Z');
  });

  it('a plan time that is not RFC 3339 is refused', async () => {
    await expect(loadStack({ dir, planTimestamp: '2026-12-02 13:07' })).rejects.toThrow(/not an RFC 3339 timestamp/);
  });
});

describe.skipIf(!terraformAvailable)(`stackcheck diff reproduces the plan's time${terraformAvailable ? '' : ` (skipped: ${skipReason})`}`, () => {
  const planPath = terraformAvailable ? realPlan('plan-time') : '';

  it("the plan records its time; diff evaluates plantimestamp() as that time, so the names built from it compare and agree", async () => {
    const theirs = await loadPlanJson(planPath);
    const at = theirs.plan?.timestamp;
    expect(at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(theirs.resources.find((r) => r.address === 'terraform_data.final_snapshot')!.values.input).toBe(`dolbom-prod-final-${at!.replace(/\D/g, '')}`);
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), env: {}, cwd: fixtures, isTTY: false };
    expect(await main(['diff', 'plan-time', '--plan-json', planPath, '--json'], io)).toBe(0);
    const diff = JSON.parse(out.join('')) as { entries: unknown[]; compared: { attributes: number; equal: number } };
    expect(diff.entries.filter((e) => (e as { kind: string }).kind !== 'attribute-only-in-plan')).toEqual([]);
    // final_snapshot.input, banner.input and the output: known to both and equal
    expect(diff.compared.equal).toBeGreaterThanOrEqual(3);
  });
});

describe.skipIf(!awsAvailable)(`diff against the AWS provider's real plan${awsAvailable ? '' : ` (skipped: ${awsSkipReason})`}`, () => {
  // VPC, for_each subnets from a flattened map, a dynamic ingress block, an SG rule, routes, an
  // association filtered by key, provider default_tags → tags_all; planned offline.
  const planPath = awsAvailable ? realPlan('aws-network') : '';

  it('the static evaluation agrees with the AWS provider on every value both know', async () => {
    const ours = await loadStack({ dir: join(fixtures, 'aws-network') });
    const theirs = await loadPlanJson(planPath);
    const diff = diffModels(ours, theirs);
    expect(diff.entries.filter((e) => e.kind !== 'attribute-only-in-plan')).toEqual([]);
    expect(diff.compared.resources).toBe(12);
    const subnet = theirs.resources.find((r) => r.address === 'aws_subnet.this["app-ap-northeast-2c"]')!;
    expect(subnet.values).toMatchObject({ cidr_block: '10.0.11.0/24', tags_all: { Project: 'dolbom', ManagedBy: 'terraform', Tier: 'app' } });
  });
});

describe('diffModels: values the provider rewrites', () => {
  it('the same JSON document in another layout is no disagreement; a different one is', () => {
    const pretty = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject' }] }, null, 2);
    const compact = '{"Statement":[{"Action":"s3:GetObject","Effect":"Allow"}],"Version":"2012-10-17"}';
    const a = model('hcl', [{ values: { policy: pretty } }]);
    expect(diffModels(a, model('plan', [{ values: { policy: compact } }])).agree).toBe(true);
    const other = compact.replace('GetObject', 'PutObject');
    expect(diffModels(a, model('plan', [{ values: { policy: other } }])).entries.map((e) => e.kind)).toEqual(['value-differs']);
  });

  it("user_data agrees with the SHA-1 the AWS provider plans, and only with the right one", () => {
    const ours = model('hcl', [{ type: 'aws_instance', address: 'aws_instance.x', values: { user_data: '#!/bin/bash\necho hi\n' } }]);
    const sha1 = 'f4f9a3ec2b0c9b8ab09d0a2a5e0f0bd8f8c5f0c1';
    const right = createHash('sha1').update('#!/bin/bash\necho hi\n').digest('hex');
    const plan = (user_data: string) => model('plan', [{ type: 'aws_instance', address: 'aws_instance.x', values: { user_data } }]);
    expect(diffModels(ours, plan(right)).agree).toBe(true);
    expect(diffModels(ours, plan(sha1)).agree).toBe(false);
    // Only aws_instance plans its user_data as a hash.
    const template = model('hcl', [{ type: 'aws_launch_template', address: 'aws_launch_template.x', values: { user_data: '#!/bin/bash\necho hi\n' } }]);
    expect(diffModels(template, model('plan', [{ type: 'aws_launch_template', address: 'aws_launch_template.x', values: { user_data: right } }])).agree).toBe(false);
  });

  it('with a schema, sets compare without regard to order (nested too); lists keep their order', () => {
    const schema: BlockSchema = {
      attributes: { tags_set: { type: ['set', 'string'], optional: true }, order: { type: ['list', 'string'], optional: true } },
      blocks: {
        statement: {
          nesting: 'list',
          attributes: { actions: { type: ['set', 'string'], optional: true } },
          blocks: { condition: { nesting: 'set', attributes: { variable: { type: 'string', optional: true } }, blocks: {} } },
        },
      },
    };
    const ours = model('hcl', [
      { values: { tags_set: ['b', 'a'], order: ['x', 'y'], statement: [{ actions: ['s3:Put', 's3:Delete'], condition: [{ variable: 'sub' }, { variable: 'aud' }] }] } },
    ]);
    const theirs = model('plan', [
      { values: { tags_set: ['a', 'b'], order: ['x', 'y'], statement: [{ actions: ['s3:Delete', 's3:Put'], condition: [{ variable: 'aud' }, { variable: 'sub' }] }] } },
    ]);
    expect(diffModels(ours, theirs).agree).toBe(false);
    expect(diffModels(ours, theirs, { schema: () => schema })).toMatchObject({ agree: true, entries: [] });
    const swapped = model('plan', [{ values: { ...theirs.resources[0].values, order: ['y', 'x'] } }]);
    expect(diffModels(ours, swapped, { schema: () => schema }).entries.map((e) => e.attribute)).toEqual(['order.0', 'order.1']);
  });

  it('set elements pair by content even where the plan fills in what the configuration left unset (WAF rules, metric queries)', () => {
    const statement: BlockSchema['blocks'][string] = { nesting: 'list', attributes: { name: { type: 'string', optional: true } }, blocks: {} };
    const schema: BlockSchema = {
      attributes: {},
      blocks: {
        rule: {
          nesting: 'set',
          attributes: { name: { type: 'string', required: true }, priority: { type: 'number', required: true }, captcha_config: { type: ['list', 'string'], optional: true } },
          blocks: { statement },
        },
        metric_query: {
          nesting: 'set',
          attributes: { id: { type: 'string', required: true }, expression: { type: 'string', optional: true }, label: { type: 'string', optional: true }, return_data: { type: 'bool', optional: true }, period: { type: 'number', optional: true } },
          blocks: {},
        },
      },
    };
    // Written: rules and queries with fewer attributes than the plan holds (unset ones absent), so
    // each element's full sort key differs from its planned twin's and the sorted orders part:
    // "alpha" sorts first here, "zeta" (with a captcha_config) first in the plan; "e1" first here,
    // last in the plan (the queries' planned expression "").
    const ours = model('hcl', [
      {
        values: {
          rule: [
            { name: 'zeta', priority: 2, statement: [{ name: 'AWSManagedRulesCommonRuleSet' }] },
            { name: 'alpha', priority: 1, statement: [{ name: 'AWSManagedRulesKnownBadInputsRuleSet' }] },
          ],
          metric_query: [
            { id: 'e1', expression: 'm1/m2', return_data: true },
            { id: 'm1', label: 'errors' },
            { id: 'm2', label: 'requests' },
          ],
        },
      },
    ]);
    const planned = (alphaPriority: number) =>
      model('plan', [
        {
          values: {
            rule: [
              { name: 'zeta', priority: 2, captcha_config: ['x'], statement: [{ name: 'AWSManagedRulesCommonRuleSet' }] },
              { name: 'alpha', priority: alphaPriority, captcha_config: null, statement: [{ name: 'AWSManagedRulesKnownBadInputsRuleSet' }] },
            ],
            metric_query: [
              { id: 'm2', label: 'requests', expression: '', return_data: null, period: 0 },
              { id: 'e1', expression: 'm1/m2', label: null, return_data: true, period: 0 },
              { id: 'm1', label: 'errors', expression: '', return_data: null, period: 0 },
            ],
          },
        },
      ]);
    const same = diffModels(ours, planned(1), { schema: () => schema });
    expect(same.entries.filter((e) => e.kind !== 'attribute-only-in-plan')).toEqual([]);
    expect(same.compared.equal).toBe(same.compared.known);
    // A rule that really differs is reported on that rule alone.
    const other = diffModels(ours, planned(7), { schema: () => schema });
    expect(other.entries.filter((e) => e.kind === 'value-differs').map((e) => `${e.attribute}: ${e.ours} vs ${e.theirs}`)).toEqual([expect.stringMatching(/^rule\.\d\.priority: 1 vs 7$/)]);
  });
});

describe('diffModels: like with like', () => {
  it('a single nested block (timeouts) is one object in the plan and a one-item list here', () => {
    const ours = model('hcl', [{ values: { timeouts: [{ create: '5m' }] } }]);
    expect(diffModels(ours, model('plan', [{ values: { timeouts: { create: '5m', delete: null } } }])).agree).toBe(true);
    const other = diffModels(ours, model('plan', [{ values: { timeouts: { create: '10m', delete: null } } }]));
    expect(other.entries.map((e) => `${e.kind} ${e.attribute}`)).toEqual(['value-differs timeouts.create']);
  });

  it('every normalisation row states its reason and where it applies', () => {
    const ids = NORMALISATIONS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const row of NORMALISATIONS) expect(row.reason.length, row.id).toBeGreaterThan(40);
  });

  it('a row applies only to its types and attributes', () => {
    // "6" and "tcp" are one protocol on a security group, two different strings elsewhere.
    expect(normalisation('aws_security_group', 'ingress.0.protocol', '6', 'tcp')?.id).toBe('security-group-protocol');
    expect(normalisation('aws_security_group_rule', 'protocol', 'all', '-1')?.id).toBe('security-group-protocol');
    expect(normalisation('aws_vpc_security_group_ingress_rule', 'ip_protocol', '6', 'tcp')).toBeUndefined();
    expect(normalisation('aws_network_acl_rule', 'protocol', 'tcp', '6')).toBeUndefined();
    expect(normalisation('aws_security_group', 'ingress.0.description', '6', 'tcp')).toBeUndefined();
    expect(normalisation('aws_security_group', 'ingress.0.protocol', '17', 'tcp')).toBeUndefined();
    expect(normalisation('aws_db_instance', 'maintenance_window', 'Sun:05:00-Sun:06:00', 'sun:05:00-sun:06:00')?.id).toBe('maintenance-window-lower-case');
    expect(normalisation('aws_db_instance', 'identifier', 'Db', 'db')).toBeUndefined();
    expect(normalisation('aws_lb_listener', 'protocol', 'https', 'HTTPS')?.id).toBe('listener-protocol-upper-case');
    expect(normalisation('aws_lb_listener', 'protocol', 'http', 'HTTPS')).toBeUndefined();
    expect(normalisation('aws_dynamodb_table', 'table_class', 'STANDARD', null)?.id).toBe('dynamodb-table-class-standard');
    expect(normalisation('aws_dynamodb_table', 'table_class', 'STANDARD_INFREQUENT_ACCESS', null)).toBeUndefined();
  });

  it('container definitions: field-name case, cpu 0 and environment order aside, the same; a changed value is not', () => {
    const ours = JSON.stringify([{ Name: 'app', Image: 'nginx', Cpu: 0, Essential: true, Environment: [{ Name: 'B', Value: '2' }, { Name: 'A', Value: '1' }], DockerLabels: { 'Com.Example': 'x' } }]);
    // As hashicorp/aws 5.100 plans it.
    const planned = '[{"dockerLabels":{"Com.Example":"x"},"environment":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"essential":true,"image":"nginx","name":"app"}]';
    expect(normalisation('aws_ecs_task_definition', 'container_definitions', ours, planned)?.id).toBe('ecs-container-definitions');
    // A label key is the user's own: its case matters.
    expect(normalisation('aws_ecs_task_definition', 'container_definitions', ours, planned.replace('Com.Example', 'com.example'))).toBeUndefined();
    expect(normalisation('aws_ecs_task_definition', 'container_definitions', ours, planned.replace('"essential":true', '"essential":false'))).toBeUndefined();
    // cpu other than 0 stays.
    expect(normalisation('aws_ecs_task_definition', 'container_definitions', ours.replace('"Cpu":0', '"Cpu":256'), planned)).toBeUndefined();
  });

  it('ACM subject alternative names: the provider plans them with the domain name added, and nothing else', () => {
    const cert = { domain_name: 'example.com' };
    expect(normalisation('aws_acm_certificate', 'subject_alternative_names', ['www.example.com'], ['example.com', 'www.example.com'], cert)?.id).toBe('acm-san-includes-domain');
    expect(normalisation('aws_acm_certificate', 'subject_alternative_names', ['www.example.com'], ['other.com', 'www.example.com'], cert)).toBeUndefined();
    expect(normalisation('aws_acm_certificate', 'subject_alternative_names', ['www.example.com'], ['example.com', 'www.example.com'])).toBeUndefined();
  });

  it('container definitions: the provider plans the containers sorted by name, so their order written is no difference', () => {
    // `jsonencode([for k, v in local.containers : v])` over keys that do not sort like the names.
    const ours = JSON.stringify([{ name: 'log-router', image: 'fluent-bit' }, { name: 'api', image: 'api:1' }]);
    const planned = '[{"image":"api:1","name":"api"},{"image":"fluent-bit","name":"log-router"}]';
    expect(normalisation('aws_ecs_task_definition', 'container_definitions', ours, planned)?.id).toBe('ecs-container-definitions');
    expect(normalisation('aws_ecs_task_definition', 'container_definitions', ours, planned.replace('api:1', 'api:2'))).toBeUndefined();
  });
});

describe.skipIf(!awsAvailable)(`every normalisation against the AWS provider's real plan${awsAvailable ? '' : ` (skipped: ${awsSkipReason})`}`, () => {
  const planPath = awsAvailable ? realPlan('aws-normalise') : '';

  it('the provider rewrites each value, and the diff takes each rewrite for the same value', async () => {
    const ours = await loadStack({ dir: join(fixtures, 'aws-normalise') });
    const theirs = await loadPlanJson(planPath);
    const diff = diffModels(ours, theirs, { schema: (mode, type) => typeSchema(mode, type) });
    expect(diff.entries.filter((e) => e.kind !== 'attribute-only-in-plan')).toEqual([]);
    // Each row was needed: the planned value is not the configured text, and that row matches it.
    const used = new Map<string, string[]>();
    const cases: [string, string][] = [
      ['aws_security_group.web', 'ingress.0.protocol'],
      ['aws_security_group.web', 'egress.0.protocol'],
      ['aws_security_group_rule.dns', 'protocol'],
      ['aws_security_group_rule.out', 'protocol'],
      ['aws_db_instance.db', 'maintenance_window'],
      ['aws_elasticache_cluster.cache', 'maintenance_window'],
      ['aws_lb_listener.https', 'protocol'],
      ['aws_ecs_task_definition.app', 'container_definitions'],
      ['aws_iam_policy.read', 'policy'],
      ['aws_dynamodb_table.sessions', 'table_class'],
      ['aws_acm_certificate.site', 'subject_alternative_names'],
    ];
    const at = (m: StackModel, address: string, path: string) =>
      path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], m.resources.find((r) => r.address === address)!.values);
    for (const [address, path] of cases) {
      const a = at(ours, address, path) as string;
      const b = at(theirs, address, path) as string;
      expect(a, `${address} ${path}`).not.toEqual(b);
      const row = normalisation(address.split('.')[0], path, a, b, ours.resources.find((r) => r.address === address)!.values);
      expect(row, `${address} ${path}: ours ${a}, plan ${b}`).toBeDefined();
      used.set(row!.id, [...(used.get(row!.id) ?? []), `${address} ${path}`]);
    }
    expect([...used.keys()].sort()).toEqual(
      ['acm-san-includes-domain', 'dynamodb-table-class-standard', 'ecs-container-definitions', 'json-document', 'listener-protocol-upper-case', 'maintenance-window-lower-case', 'security-group-protocol'],
    );
    // The timeouts block is an object in the plan, a one-item list here, and compared.
    expect(theirs.resources.find((r) => r.address === 'aws_security_group.web')!.values.timeouts).toMatchObject({ create: '5m' });
  });

  it('and still reports a value that really differs', async () => {
    const ours = await loadStack({ dir: join(fixtures, 'aws-normalise'), vars: {} });
    const db = ours.resources.find((r) => r.address === 'aws_db_instance.db')!;
    db.values.maintenance_window = 'Mon:05:00-Mon:06:00';
    const web = ours.resources.find((r) => r.address === 'aws_security_group.web')!;
    (web.values.ingress as Record<string, unknown>[])[0].protocol = '17';
    const diff = diffModels(ours, await loadPlanJson(planPath), { schema: (mode, type) => typeSchema(mode, type) });
    expect(diff.entries.filter((e) => e.kind === 'value-differs').map((e) => `${e.address} ${e.attribute}`).sort()).toEqual([
      'aws_db_instance.db maintenance_window',
      'aws_security_group.web ingress.0.protocol',
    ]);
  });
});
