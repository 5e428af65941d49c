import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { fromPlanDocument, loadPlanJson, mostSpecific, parseTraversal } from '../../../src/load/plan-json.js';
import { getPath, isUnknown, ModelIndex, Unknown } from '../../../src/model/index.js';

/** A minimal plan document around the given parts, in the 1.2 shape unless overridden. */
function plan(parts: Record<string, unknown>) {
  return { format_version: '1.2', terraform_version: '1.11.4', ...parts };
}

function change(address: string, after: unknown, extra: Record<string, unknown> = {}, actions = ['create']) {
  const steps = address.split('.');
  const mode = address.includes('data.') ? 'data' : 'managed';
  const [type, name] = mode === 'data' ? steps.slice(steps.indexOf('data') + 1) : steps.slice(-2);
  const moduleAddress = address.replace(/\.?(data\.)?[a-z0-9_]+\.[a-z0-9_-]+(\[[^\]]+\])?$/, '');
  return {
    address,
    ...(moduleAddress ? { module_address: moduleAddress } : {}),
    mode,
    type,
    name: name.replace(/\[.*$/, ''),
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: { actions, before: null, after, after_unknown: {}, after_sensitive: {}, ...extra },
  };
}

function tempFile(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'plan-json-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('fromPlanDocument: values', () => {
  it('turns after_unknown leaves into Unknown, in objects, nested blocks and list elements', () => {
    const m = fromPlanDocument(
      plan({
        resource_changes: [
          change(
            'aws_instance.a',
            { ami: 'ami-1', tags: { Name: 'a' }, vpc_security_group_ids: [null, 'sg-2'], root_block_device: [{ encrypted: true }] },
            { after_unknown: { id: true, vpc_security_group_ids: [true, false], root_block_device: [{ volume_id: true }] } },
          ),
        ],
      }),
      'p.json',
    );
    const v = m.resources[0].values;
    expect(v.ami).toBe('ami-1');
    expect(isUnknown(v.id)).toBe(true);
    expect((v.id as Unknown).reason).toBe('known after apply');
    expect((v.id as Unknown).origins).toEqual([{ address: 'aws_instance.a', attribute: 'id' }]);
    expect(isUnknown(getPath(v, 'vpc_security_group_ids.0'))).toBe(true);
    expect(getPath(v, 'vpc_security_group_ids.1')).toBe('sg-2');
    expect(getPath(v, 'root_block_device.0.encrypted')).toBe(true);
    expect(isUnknown(getPath(v, 'root_block_device.0.volume_id'))).toBe(true);
  });

  it('records after_sensitive paths', () => {
    const m = fromPlanDocument(
      plan({
        resource_changes: [
          change('aws_db_instance.d', { password: 'x', tags: { a: 'b' }, list: ['p', 'q'] }, { after_sensitive: { password: true, list: [false, true], tags: {} } }),
        ],
      }),
      'p.json',
    );
    expect(m.resources[0].sensitive).toEqual(['password', 'list.1']);
  });

  it('reads resources only present in planned_values, recursing through child_modules', () => {
    const m = fromPlanDocument(
      plan({
        planned_values: {
          root_module: {
            resources: [{ address: 'aws_vpc.v', mode: 'managed', type: 'aws_vpc', name: 'v', provider_name: 'aws', values: { cidr_block: '10.0.0.0/16' } }],
            child_modules: [
              {
                address: 'module.a',
                child_modules: [
                  {
                    address: 'module.a.module.b["x"]',
                    resources: [
                      { address: 'module.a.module.b["x"].aws_subnet.s[0]', mode: 'managed', type: 'aws_subnet', name: 's', index: 0, provider_name: 'aws', values: { cidr_block: '10.0.1.0/24' } },
                    ],
                  },
                ],
              },
            ],
          },
        },
      }),
      'p.json',
    );
    expect(m.resources.map((r) => [r.address, r.module, r.index, r.provider])).toEqual([
      ['aws_vpc.v', '', undefined, 'registry.terraform.io/hashicorp/aws'],
      ['module.a.module.b["x"].aws_subnet.s[0]', 'module.a.module.b["x"]', 0, 'registry.terraform.io/hashicorp/aws'],
    ]);
    expect(m.resources[1].actions).toBeUndefined();
  });

  it('keeps delete, forget and deposed objects out of resources, with their before values', () => {
    const m = fromPlanDocument(
      plan({
        resource_changes: [
          change('aws_s3_bucket.gone', null, { before: { bucket: 'old' } }, ['delete']),
          change('aws_s3_bucket.forgotten', null, { before: { bucket: 'f' } }, ['forget']),
          { ...change('aws_instance.r', null, { before: { ami: 'old' } }, ['delete']), deposed: '00000001' },
          change('aws_instance.r', { ami: 'new' }, {}, ['create']),
          change('aws_instance.replaced', { ami: 'n' }, {}, ['delete', 'create']),
        ],
      }),
      'p.json',
    );
    expect(m.resources.map((r) => [r.address, r.actions])).toEqual([
      ['aws_instance.r', ['create']],
      ['aws_instance.replaced', ['delete', 'create']],
    ]);
    expect(m.removed?.map((r) => [r.address, r.actions, r.values])).toEqual([
      ['aws_s3_bucket.gone', ['delete'], { bucket: 'old' }],
      ['aws_s3_bucket.forgotten', ['forget'], { bucket: 'f' }],
      ['aws_instance.r', ['delete', 'deposed:00000001'], { ami: 'old' }],
    ]);
  });

  it('data sources: deferred reads from resource_changes, plan-time reads from prior_state', () => {
    const m = fromPlanDocument(
      plan({
        resource_changes: [change('data.aws_iam_policy_document.p', {}, { after_unknown: { json: true } }, ['read'])],
        prior_state: {
          values: {
            root_module: {
              resources: [
                { address: 'data.aws_region.current', mode: 'data', type: 'aws_region', name: 'current', provider_name: 'registry.terraform.io/hashicorp/aws', values: { name: 'ap-northeast-2' } },
                { address: 'aws_vpc.old', mode: 'managed', type: 'aws_vpc', name: 'old', provider_name: 'aws', values: {} },
              ],
            },
          },
        },
      }),
      'p.json',
    );
    expect(m.resources.map((r) => [r.address, r.mode, r.actions])).toEqual([
      ['data.aws_iam_policy_document.p', 'data', ['read']],
      ['data.aws_region.current', 'data', undefined],
    ]);
    expect(m.resources[1].values.name).toBe('ap-northeast-2');
  });

  it('outputs: known, unknown, sensitive', () => {
    const m = fromPlanDocument(
      plan({
        planned_values: { outputs: { a: { sensitive: false, value: 'x' }, b: { sensitive: false }, c: { sensitive: true, value: 's' } } },
        output_changes: { b: { actions: ['create'], after_unknown: true } },
      }),
      'p.json',
    );
    expect(m.outputs.a).toEqual({ value: 'x', sensitive: false });
    expect(isUnknown(m.outputs.b.value)).toBe(true);
    expect(m.outputs.c).toEqual({ value: 's', sensitive: true });
  });

  it('variables, provider configs (constant default_tags, referenced region) and requirements', () => {
    const m = fromPlanDocument(
      plan({
        variables: { region: { value: 'ap-northeast-2' }, azs: { value: ['a', 'b'] } },
        configuration: {
          provider_config: {
            aws: {
              name: 'aws',
              full_name: 'registry.terraform.io/hashicorp/aws',
              version_constraint: '~> 5.0',
              expressions: {
                region: { references: ['var.region'] },
                default_tags: [{ tags: { constant_value: { Project: 'dolbom', ManagedBy: 'terraform' } } }],
              },
            },
            'aws.use1': { name: 'aws', alias: 'use1', expressions: { region: { constant_value: 'us-east-1' } } },
          },
        },
      }),
      'p.json',
    );
    expect(m.variables).toEqual({ region: 'ap-northeast-2', azs: ['a', 'b'] });
    const [aws, use1] = m.providers;
    expect(aws.name).toBe('aws');
    expect(aws.config.default_tags).toEqual([{ tags: { Project: 'dolbom', ManagedBy: 'terraform' } }]);
    expect(isUnknown(aws.config.region)).toBe(true);
    expect(aws.references).toEqual({ region: ['var.region'] });
    expect(use1).toMatchObject({ name: 'aws.use1', config: { region: 'us-east-1' } });
    expect(m.requirements).toEqual({ providers: { aws: { source: 'registry.terraform.io/hashicorp/aws', version: '~> 5.0' } } });
  });

  it('errored and incomplete plans load with a diagnostic; a newer format gets a warning', () => {
    const errored = fromPlanDocument(plan({ errored: true, resource_changes: [change('aws_vpc.v', { cidr_block: '10.0.0.0/16' })] }), 'e.json');
    expect(errored.resources).toHaveLength(1);
    expect(errored.plan?.errored).toBe(true);
    expect(errored.diagnostics.map((d) => d.severity)).toEqual(['error']);
    const incomplete = fromPlanDocument(plan({ complete: false, resource_changes: [] }), 'i.json');
    expect(incomplete.diagnostics.map((d) => d.severity)).toEqual(['warning']);
    const newer = fromPlanDocument({ format_version: '2.0', resource_changes: [] }, 'n.json');
    expect(newer.diagnostics[0].message).toMatch(/newer than 1\.2/);
  });
});

describe('fromPlanDocument: references', () => {
  // Root SG passed into module.app["prod"] as a variable; the module's instance uses it and a
  // root resource reads a module output that points at the instance.
  const doc = plan({
    resource_changes: [
      change('aws_security_group.api', { name: 'api' }, { after_unknown: { id: true } }),
      change('module.app["prod"].aws_instance.api[0]', { ami: 'a' }, { after_unknown: { id: true, vpc_security_group_ids: true, subnet_id: true } }),
      change('module.app["prod"].aws_subnet.s', { cidr_block: '10.0.1.0/24' }, { after_unknown: { id: true } }),
      change('aws_route53_record.r', { name: 'x' }, { after_unknown: { records: true } }),
    ],
    configuration: {
      root_module: {
        resources: [
          { address: 'aws_security_group.api', mode: 'managed', type: 'aws_security_group', name: 'api', expressions: { name: { constant_value: 'api' } } },
          { address: 'aws_route53_record.r', mode: 'managed', type: 'aws_route53_record', name: 'r', expressions: { records: { references: ['module.app["prod"].private_ip', 'module.app["prod"]', 'module.app'] } } },
        ],
        module_calls: {
          app: {
            source: './modules/app',
            for_each_expression: { references: ['var.envs'] },
            expressions: { security_group_ids: { references: ['aws_security_group.api.id', 'aws_security_group.api'] } },
            module: {
              outputs: { private_ip: { expression: { references: ['aws_instance.api[0].private_ip', 'aws_instance.api[0]', 'aws_instance.api'] } } },
              resources: [
                {
                  address: 'aws_instance.api',
                  mode: 'managed',
                  type: 'aws_instance',
                  name: 'api',
                  count_expression: { constant_value: 1 },
                  expressions: {
                    vpc_security_group_ids: { references: ['var.security_group_ids'] },
                    subnet_id: { references: ['aws_subnet.s.id', 'aws_subnet.s'] },
                    ami: { constant_value: 'a' },
                  },
                },
              ],
            },
          },
        },
      },
    },
  });
  const m = fromPlanDocument(doc, 'refs.json');
  const get = (a: string) => m.resources.find((r) => r.address === a)!;

  it('resolves module-relative references to full instance addresses', () => {
    expect(get('module.app["prod"].aws_instance.api[0]').references).toContainEqual({
      attribute: 'subnet_id',
      target: 'module.app["prod"].aws_subnet.s.id',
      via: 'aws_subnet.s.id',
    });
  });

  it("follows var.x to the caller's argument and module.m.out into the output", () => {
    const instance = get('module.app["prod"].aws_instance.api[0]');
    expect(instance.references).toContainEqual({ attribute: 'vpc_security_group_ids', target: 'aws_security_group.api.id', via: 'var.security_group_ids' });
    expect(get('aws_route53_record.r').references).toEqual([
      { attribute: 'records', target: 'module.app["prod"].aws_instance.api[0].private_ip', via: 'module.app["prod"].private_ip' },
    ]);
  });

  it("gives an unknown value the origins of its expression, so checks can follow it", () => {
    const instance = get('module.app["prod"].aws_instance.api[0]');
    expect((instance.values.vpc_security_group_ids as Unknown).origins).toEqual([{ address: 'aws_security_group.api', attribute: 'id' }]);
    const index = new ModelIndex(m);
    expect(index.follow(instance, 'vpc_security_group_ids').map((r) => r.address)).toEqual(['aws_security_group.api']);
  });

  it('records module calls with inputs, outputs and repetition', () => {
    expect(m.moduleCalls).toEqual([
      {
        address: 'module.app',
        source: './modules/app',
        inputs: { security_group_ids: ['aws_security_group.api.id', 'aws_security_group.api'] },
        outputs: { private_ip: ['aws_instance.api[0].private_ip', 'aws_instance.api[0]', 'aws_instance.api'] },
        repetition: 'for_each',
      },
    ]);
  });

  it('parses traversals and keeps the most specific of terraform\'s prefix lists', () => {
    expect(parseTraversal('module.a["x.y"].b[0].c')).toEqual([
      { name: 'module', keys: [] },
      { name: 'a', keys: ['x.y'] },
      { name: 'b', keys: [0] },
      { name: 'c', keys: [] },
    ]);
    expect(mostSpecific(['aws_vpc.main.id', 'aws_vpc.main', 'var.x', 'aws_subnet.s', 'aws_subnet.s[0]'])).toEqual([
      'aws_vpc.main.id',
      'var.x',
      'aws_subnet.s[0]',
    ]);
  });
});

describe('loadPlanJson: bad input', () => {
  const userError = async (path: string) => {
    try {
      await loadPlanJson(path);
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      return (e as UserError).format();
    }
    throw new Error('expected a UserError');
  };

  it('a JSON syntax error names file:line:column', async () => {
    const path = tempFile('bad.json', '{\n  "format_version": "1.2",\n  "resource_changes": [1 2]\n}\n');
    expect(await userError(path)).toBe(`${path}:3:26: the plan JSON file is not valid JSON: Expected ',' or ']' after array element`);
    const truncated = tempFile('cut.json', '{"format_version": "1.2", "planned_values": {');
    expect(await userError(truncated)).toMatch(/cut\.json:1:46: .*not valid JSON/);
    const badToken = tempFile('tok.json', '{"a":\n tru}');
    expect(await userError(badToken)).toMatch(/tok\.json:2:5: .*Unexpected token/);
  });

  it('a state, an arbitrary object, a non-object or a missing file is refused by name', async () => {
    expect(await userError(tempFile('state.json', '{"format_version":"1.0","values":{}}'))).toMatch(/state\.json: not a Terraform plan: it is a state/);
    expect(await userError(tempFile('other.json', '{"name":"x"}'))).toMatch(/other\.json: not a Terraform plan: it has none of/);
    expect(await userError(tempFile('list.json', '[]'))).toMatch(/list\.json: not a Terraform plan/);
    expect(await userError(tempFile('fv.json', '{"format_version": 2, "resource_changes": []}'))).toMatch(/format_version is 2/);
    expect(await userError('/nonexistent/plan.json')).toMatch(/\/nonexistent\/plan\.json: cannot read the plan JSON file \(ENOENT\)/);
  });

  it('reads UTF-16 (PowerShell redirection) and a UTF-8 byte-order mark', async () => {
    const text = JSON.stringify(plan({ resource_changes: [change('aws_vpc.v', { cidr_block: '10.0.0.0/16' })] }));
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect((await loadPlanJson(tempFile('u16.json', utf16))).resources[0].values.cidr_block).toBe('10.0.0.0/16');
    expect((await loadPlanJson(tempFile('bom.json', `\ufeff${text}`))).resources).toHaveLength(1);
  });
});
