import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromPlanDocument, loadPlanJson } from '../../../src/load/plan-json.js';
import { known, sensitiveTree, toPlanDocument, unknownTree } from '../../../src/load/plan-writer.js';
import { Unknown, type StackModel } from '../../../src/model/index.js';
import { corpusAvailable, corpusDir, corpusSkipReason } from '../../helpers/paths.js';

/** The model as plain data, unknowns with reason and origins, for deep comparison. */
export function comparable(m: StackModel, opts: { unknownDetail?: boolean } = {}) {
  const plain = (v: unknown): unknown => {
    if (v instanceof Unknown) return opts.unknownDetail === false ? { unknown: true } : { unknown: true, reason: v.reason, origins: v.origins };
    if (Array.isArray(v)) return v.map(plain);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, plain(x)]));
    return v;
  };
  const resource = (r: StackModel['resources'][number]) => plain({ ...r, sensitive: [...r.sensitive].sort(), source: undefined });
  const byAddress = (a: { address: string }, b: { address: string }) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0);
  return {
    resources: [...m.resources].sort(byAddress).map(resource),
    removed: [...(m.removed ?? [])].sort(byAddress).map(resource),
    variables: plain(m.variables),
    outputs: plain(m.outputs),
    providers: plain(m.providers),
    requirements: plain(m.requirements?.providers ?? {}),
    moduleCalls: plain(m.moduleCalls ?? []),
    terraformVersion: m.plan?.terraformVersion,
    errored: m.plan?.errored ?? m.diagnostics.some((d) => d.severity === 'error'),
  };
}

function planFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? planFiles(dir, join(prefix, e.name)) : e.name.endsWith('.json') ? [join(prefix, e.name)] : [],
  );
}

describe.skipIf(!corpusAvailable)(`round trip over the real plans${corpusAvailable ? '' : ` (skipped: ${corpusSkipReason})`}`, () => {
  it.each(corpusAvailable ? planFiles(corpusDir) : [])('%s: loadPlanJson(toPlanDocument(m)) equals m', async (file) => {
    const model = await loadPlanJson(join(corpusDir, file));
    const doc = JSON.parse(JSON.stringify(toPlanDocument(model)));
    expect(doc.format_version).toBe('1.2');
    const again = fromPlanDocument(doc, 'written.json');
    expect(comparable(again)).toEqual(comparable(model));
  });
});

describe('toPlanDocument on a model from HCL', () => {
  const sgId = new Unknown('known after apply', [{ address: 'aws_security_group.api', attribute: 'id' }]);
  const model: StackModel = {
    origin: 'hcl',
    source: '/repo/terraform',
    resources: [
      {
        address: 'aws_security_group.api',
        module: '',
        mode: 'managed',
        type: 'aws_security_group',
        name: 'api',
        provider: 'registry.terraform.io/hashicorp/aws',
        values: { name: 'api', ingress: [{ from_port: 443, cidr_blocks: ['10.0.0.0/16'] }], tags_all: { Project: 'dolbom' } },
        sensitive: [],
        references: [],
        source: { block: { file: 'security-groups.tf', line: 1 }, attributes: { name: { file: 'security-groups.tf', line: 2 } } },
      },
      {
        address: 'module.app["prod"].aws_instance.api[0]',
        module: 'module.app["prod"]',
        mode: 'managed',
        type: 'aws_instance',
        name: 'api',
        index: 0,
        provider: 'registry.terraform.io/hashicorp/aws',
        values: { instance_type: 'm6i.large', subnet_id: new Unknown('known after apply'), vpc_security_group_ids: [sgId], user_data: 'secret' },
        sensitive: ['user_data'],
        references: [
          { attribute: 'subnet_id', target: 'module.app["prod"].aws_subnet.s.id' },
          { attribute: 'vpc_security_group_ids', target: 'aws_security_group.api.id' },
        ],
      },
      {
        address: 'module.app["prod"].aws_subnet.s',
        module: 'module.app["prod"]',
        mode: 'managed',
        type: 'aws_subnet',
        name: 's',
        provider: 'registry.terraform.io/hashicorp/aws',
        values: { cidr_block: '10.0.1.0/24' },
        sensitive: [],
        references: [],
      },
      {
        address: 'data.aws_ami.gpu',
        module: '',
        mode: 'data',
        type: 'aws_ami',
        name: 'gpu',
        provider: 'registry.terraform.io/hashicorp/aws',
        values: { id: new Unknown('needs AWS'), most_recent: true },
        sensitive: [],
        references: [],
      },
      {
        address: 'data.aws_region.current',
        module: '',
        mode: 'data',
        type: 'aws_region',
        name: 'current',
        provider: 'registry.terraform.io/hashicorp/aws',
        values: { name: 'ap-northeast-2' },
        sensitive: [],
        references: [],
      },
    ],
    variables: { environments: ['staging', 'prod'] },
    outputs: { alb_dns: { value: new Unknown('known after apply'), sensitive: false }, region: { value: 'ap-northeast-2', sensitive: false } },
    providers: [{ name: 'aws', module: '', config: { region: 'ap-northeast-2', default_tags: [{ tags: { Project: 'dolbom' } }] } }],
    requirements: { providers: { aws: { source: 'hashicorp/aws', version: '~> 5.100' } } },
    unevaluatedModules: [],
    diagnostics: [],
  };
  const doc = toPlanDocument(model) as any;

  it('plans managed resources as create, with known values, after_unknown and after_sensitive', () => {
    const instance = doc.resource_changes.find((c: any) => c.address === 'module.app["prod"].aws_instance.api[0]');
    expect(instance).toMatchObject({ module_address: 'module.app["prod"]', mode: 'managed', type: 'aws_instance', name: 'api', index: 0 });
    expect(instance.change).toEqual({
      actions: ['create'],
      before: null,
      after: { instance_type: 'm6i.large', vpc_security_group_ids: [null], user_data: 'secret' },
      after_unknown: { subnet_id: true, vpc_security_group_ids: [true] },
      before_sensitive: false,
      after_sensitive: { user_data: true, vpc_security_group_ids: [false] },
    });
  });

  it('nests planned_values by module; known data sources go to prior_state, unknown ones are read', () => {
    expect(doc.planned_values.root_module.resources.map((r: any) => r.address)).toEqual(['aws_security_group.api', 'data.aws_ami.gpu']);
    const [app] = doc.planned_values.root_module.child_modules;
    expect(app.address).toBe('module.app["prod"]');
    expect(app.resources.map((r: any) => r.address)).toEqual(['module.app["prod"].aws_instance.api[0]', 'module.app["prod"].aws_subnet.s']);
    expect(doc.resource_changes.find((c: any) => c.address === 'data.aws_ami.gpu').change.actions).toEqual(['read']);
    expect(doc.prior_state.values.root_module.resources.map((r: any) => r.address)).toEqual(['data.aws_region.current']);
  });

  it('writes configuration references module-relative, and provider/module configuration', () => {
    const app = doc.configuration.root_module.module_calls.app;
    expect(app.for_each_expression).toEqual({});
    const instance = app.module.resources.find((r: any) => r.address === 'aws_instance.api');
    // The SG is outside the module (the evaluator resolved it through a variable): not expressible.
    expect(instance.expressions).toEqual({ subnet_id: { references: ['aws_subnet.s.id'] } });
    expect(instance.count_expression).toEqual({});
    expect(doc.configuration.provider_config.aws).toEqual({
      name: 'aws',
      full_name: 'hashicorp/aws',
      version_constraint: '~> 5.100',
      expressions: { region: { constant_value: 'ap-northeast-2' }, default_tags: [{ tags: { constant_value: { Project: 'dolbom' } } }] },
    });
    expect(doc.planned_values.outputs).toEqual({ alb_dns: { sensitive: false }, region: { sensitive: false, value: 'ap-northeast-2' } });
    expect(doc.output_changes.alb_dns.after_unknown).toBe(true);
  });

  it('reads back as the same model: values, unknown positions, sensitivity, addresses, in-module references', () => {
    const again = fromPlanDocument(JSON.parse(JSON.stringify(doc)), 'hcl-plan.json');
    const expected = comparable(model, { unknownDetail: false });
    const got = comparable(again, { unknownDetail: false });
    // Loading a written plan gives terraform's vocabulary: actions, `via`, module calls.
    const strip = (c: ReturnType<typeof comparable>) => ({
      ...c,
      resources: (c.resources as any[]).map(({ actions: _a, references, ...r }) => ({
        ...r,
        references: references.map(({ via: _v, ...ref }: any) => ref),
      })),
      moduleCalls: [],
    });
    const want = strip(expected);
    // The cross-module reference cannot be written as terraform would; it is the one thing lost.
    (want.resources as any[]).find((r) => r.address === 'module.app["prod"].aws_instance.api[0]').references = [
      { attribute: 'subnet_id', target: 'module.app["prod"].aws_subnet.s.id' },
    ];
    expect(strip(got)).toEqual(want);
    expect(again.resources.find((r) => r.address === 'data.aws_region.current')?.actions).toBeUndefined();
  });

  it('value trees follow terraform: unknowns out of objects, null in lists', () => {
    const v = { a: 1, b: new Unknown('x'), c: [1, new Unknown('y')], d: { e: 'f' } };
    expect(known(v)).toEqual({ a: 1, c: [1, null], d: { e: 'f' } });
    expect(unknownTree(v)).toEqual({ b: true, c: [false, true], d: {} });
    expect(sensitiveTree(v, new Set(['d.e', 'c.0']))).toEqual({ c: [true, false], d: { e: true } });
  });
});
