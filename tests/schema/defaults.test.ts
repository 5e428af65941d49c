/**
 * The provider-defaults table (schema/aws-defaults.json, scripts/provider-defaults.ts): what the
 * evaluator makes of arguments a configuration leaves unset. The values expected here are the ones
 * terraform 1.11 with hashicorp/aws 5.100 plans for these arguments (the differential suite,
 * tests/load/hcl/differential, compares them with real plans).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHcl } from '../../src/load/hcl/index.js';
import { loadPlanJson } from '../../src/load/plan-json.js';
import type { Resource, StackModel } from '../../src/model/resource.js';
import { isUnknown } from '../../src/model/value.js';
import { defaultsTable } from '../../src/schema/defaults.js';
import { schemaDir } from '../../src/schema/index.js';
import { repoRoot } from '../helpers/paths.js';
import { figures, part, planFixtures, type FixturePlan } from '../load/hcl/differential/aws-fixtures.js';
import { mirror } from '../load/plan-diff/offline-stack.js';

let model: StackModel;
const get = (address: string): Resource => model.resources.find((r) => r.address === address)!;
const at = (r: Resource, path: string) => path.split('.').reduce<any>((v, k) => v?.[k], r.values);

beforeAll(async () => {
  model = await loadHcl({ dir: join(repoRoot, 'tests/fixtures/hcl/defaults') });
});

describe('unset arguments are planned as the provider plans them', () => {
  it('a default where the provider has one (parameter.apply_method, origin_access_control_id, health check fields)', () => {
    expect(at(get('aws_db_parameter_group.pg'), 'parameter.0.apply_method')).toBe('immediate');
    expect(get('aws_db_parameter_group.pg').values.description).toBe('Managed by Terraform');
    const cdn = get('aws_cloudfront_distribution.cdn');
    expect(at(cdn, 'origin.0.origin_access_control_id')).toBe('');
    expect(at(cdn, 'origin.0.connection_attempts')).toBe(3);
    expect(cdn.values.price_class).toBe('PriceClass_All');
    const tg = get('aws_lb_target_group.checked');
    expect(at(tg, 'health_check.0')).toMatchObject({ path: '/healthz', interval: 30, healthy_threshold: 3, unhealthy_threshold: 3, port: 'traffic-port', enabled: true });
    expect(tg.values.deregistration_delay).toBe('300');
  });

  it('unknown where the provider computes one, with the resource as origin (never a guess)', () => {
    const bare = get('aws_lb_target_group.bare');
    expect(isUnknown(bare.values.health_check)).toBe(true);
    expect(isUnknown(bare.values.health_check) && bare.values.health_check.origins).toEqual([{ address: 'aws_lb_target_group.bare', attribute: 'health_check' }]);
    // A field of a written block the provider computes (matcher, timeout) stays unknown.
    const checked = get('aws_lb_target_group.checked');
    expect(isUnknown(at(checked, 'health_check.0.matcher'))).toBe(true);
    expect(isUnknown(at(checked, 'health_check.0.timeout'))).toBe(true);
    // Rules written on no aws_default_security_group: the provider plans the rule sets unknown.
    expect(isUnknown(get('aws_default_security_group.default').values.ingress)).toBe(true);
    // Written as null is unset: vpc_id of a security group is the default VPC's, computed.
    expect(isUnknown(get('aws_security_group.written_null').values.vpc_id)).toBe(true);
  });

  it('a block left unset where the minimal configuration needed one argument of several is measured too', () => {
    // "one of `subnet_mapping,subnets`": given subnets, the provider plans subnet_mapping unknown.
    expect(isUnknown(get('aws_lb.subnets').values.subnet_mapping)).toBe(true);
    // "one of `alias,records`": given records, no alias (planned []).
    expect(get('aws_route53_record.records').values.alias ?? []).toEqual([]);
    // A dynamic block over nothing is a block left unset: the mixed instances policy is computed.
    expect(isUnknown(get('aws_autoscaling_group.web').values.mixed_instances_policy)).toBe(true);
  });

  it('unset and without a default: absent (null), and tags_all unknown without tags', () => {
    const pg = get('aws_db_parameter_group.pg');
    expect(pg.values.tags ?? null).toBeNull();
    expect(isUnknown(pg.values.tags_all)).toBe(true);
    // Written empty, with no default_tags to merge: unknown too (not {}); written, the tags.
    expect(isUnknown(get('aws_vpc.empty_tags').values.tags_all)).toBe(true);
    expect(get('aws_vpc.some_tags').values.tags_all).toEqual({ Name: 'some' });
  });
});

const available = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0 && existsSync(join(mirror, 'registry.terraform.io/hashicorp/aws'));

describe.skipIf(!available)('the same fixture against the real plan (terraform 1.11, aws 5.100 from the mirror)', () => {
  let planned: FixturePlan;
  beforeAll(async () => {
    planned = await planFixtures(['defaults'], join(repoRoot, 'tests/fixtures/hcl'));
  }, 300_000);
  afterAll(() => planned?.close());

  it('every value both know is equal, none is a guess, every planned resource is there', async () => {
    expect(planned.code, planned.output.slice(-4000)).toBe(0);
    const ours = await loadHcl({ dir: planned.dir });
    const theirs = await loadPlanJson(planned.planJson!);
    const f = figures(part(ours, 'module.defaults.', 'defaults'), part(theirs, 'module.defaults.', 'defaults'));
    expect(f.differences.map((e) => `${e.kind} ${e.address} ${e.attribute ?? ''}: ${JSON.stringify(e.ours)} vs ${JSON.stringify(e.theirs)}`)).toEqual([]);
    expect(f.present).toBe(f.planned);
    expect(f.known).toBeGreaterThan(50);
  }, 120_000);
});

describe('the table', () => {
  it('is measured from the provider the tests plan with, covers most resource types and says why it leaves the rest', () => {
    const t = defaultsTable('aws', schemaDir)!;
    expect(t.version).toBe('5.100.0');
    const covered = Object.keys(t.types).length;
    const underived = Object.keys(t.underived);
    expect(covered).toBeGreaterThan(1000);
    for (const type of underived) expect(t.underived[type].length, type).toBeGreaterThan(10);
    for (const type of underived) expect(t.types[type], type).toBeUndefined();
    // The types our stack declares are all covered.
    for (const type of ['aws_lb_target_group', 'aws_security_group', 'aws_db_instance', 'aws_elasticache_replication_group', 'aws_lb', 'aws_lb_listener', 'aws_subnet', 'aws_vpc']) {
      expect(t.types[type], type).toBeDefined();
    }
  });
});
