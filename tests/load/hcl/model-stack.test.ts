/**
 * The real stack (terraform/ with envs/live.tfvars and envs/ephemeral.tfvars) evaluates with no
 * error and the values that matter come out as the tfvars say.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHcl } from '../../../src/load/hcl/index.js';
import { ModelIndex } from '../../../src/model/query.js';
import type { StackModel } from '../../../src/model/resource.js';
import { isObjectValue, isUnknown, type ObjectValue } from '../../../src/model/value.js';
import { repoRoot } from '../../helpers/paths.js';

const dir = join(repoRoot, 'terraform');
const present = existsSync(join(dir, 'envs/live.tfvars')) && existsSync(join(dir, 'envs/ephemeral.tfvars'));

const ipv4 = (cidr: string) => {
  const [addr, len] = cidr.split('/');
  const n = addr.split('.').reduce((a, b) => a * 256 + Number(b), 0);
  const size = 2 ** (32 - Number(len));
  return { start: n, end: n + size - 1, aligned: n % size === 0 };
};

describe.skipIf(!present)('the real stack evaluates', () => {
  const models: Record<string, StackModel> = {};
  beforeAll(async () => {
    for (const env of ['live', 'ephemeral']) {
      models[env] = await loadHcl({
        dir,
        varFiles: [join(dir, `envs/${env}.tfvars`)],
        availabilityZones: ['ap-northeast-2a', 'ap-northeast-2b', 'ap-northeast-2c', 'ap-northeast-2d'],
      });
    }
  });

  for (const env of ['live', 'ephemeral']) {
    describe(env, () => {
      const m = () => models[env];
      const environments = () => m().variables.environments as Record<string, ObjectValue>;

      it('has no error, no unknown count/for_each, no unevaluated module', () => {
        expect(m().diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
        expect(m().unevaluatedModules).toEqual([]);
        expect(m().resources.length).toBeGreaterThan(100);
      });

      it('creates one set of hosts, database and Redis per environment', () => {
        const idx = new ModelIndex(m());
        const envs = Object.keys(environments()).sort();
        expect(envs).toEqual(env === 'live' ? ['prod', 'staging'] : ['staging']);
        const instances = idx.ofType('aws_instance').map((r) => r.address);
        for (const e of envs) {
          for (const role of ['api', 'web', 'ai-agent']) expect(instances).toContain(`module.app_hosts["${e}"].aws_instance.this["${role}"]`);
        }
        expect(instances).toContain('module.livekit_host.aws_instance.this["livekit"]');
        expect(instances).toHaveLength(envs.length * 3 + 1);
        expect(idx.ofType('aws_db_instance').map((r) => r.module).sort()).toEqual(envs.map((e) => `module.rds["${e}"]`));
        expect(idx.ofType('aws_elasticache_replication_group')).toHaveLength(envs.length + 1);
      });

      it('gives every host the instance type its tfvars name', () => {
        const idx = new ModelIndex(m());
        for (const [e, cfg] of Object.entries(environments())) {
          const types = cfg.instance_types as ObjectValue;
          expect(idx.get(`module.app_hosts["${e}"].aws_instance.this["api"]`)?.values.instance_type).toBe(types.api);
          expect(idx.get(`module.app_hosts["${e}"].aws_instance.this["web"]`)?.values.instance_type).toBe(types.web);
          expect(idx.get(`module.app_hosts["${e}"].aws_instance.this["ai-agent"]`)?.values.instance_type).toBe(types.ai_agent);
        }
        const livekit = m().variables.livekit as ObjectValue;
        expect(idx.get('module.livekit_host.aws_instance.this["livekit"]')?.values.instance_type).toBe(livekit.instance_type);
      });

      it('routes each environment host header to that environment and nothing else', () => {
        const idx = new ModelIndex(m());
        const rules = idx.ofType('aws_lb_listener_rule');
        const hostOf = (address: string) => {
          const r = idx.get(address);
          const cond = (r?.values.condition as ObjectValue[] | undefined)?.find((c) => Array.isArray(c.host_header) && c.host_header.length);
          return ((cond?.host_header as ObjectValue[])[0].values as string[])[0];
        };
        for (const [e, cfg] of Object.entries(environments())) {
          expect(hostOf(`module.alb.aws_lb_listener_rule.host["${e}-api"]`)).toBe(cfg.api_host);
          expect(hostOf(`module.alb.aws_lb_listener_rule.host["${e}-web"]`)).toBe(cfg.web_host);
        }
        expect(rules).toHaveLength(Object.keys(environments()).length * 2 + 1);
        const priorities = rules.map((r) => r.values.priority);
        expect(new Set(priorities).size).toBe(priorities.length);
      });

      it('lays out subnets inside the VPC, aligned and without overlap, per tier', () => {
        const idx = new ModelIndex(m());
        const vpc = idx.ofType('aws_vpc')[0];
        const vpcRange = ipv4(vpc.values.cidr_block as string);
        const subnets = idx.ofType('aws_subnet');
        const ranges = subnets.map((s) => ({ address: s.address, ...ipv4(s.values.cidr_block as string) }));
        for (const r of ranges) {
          expect(r.aligned, r.address).toBe(true);
          expect(r.start >= vpcRange.start && r.end <= vpcRange.end, r.address).toBe(true);
        }
        const sorted = [...ranges].sort((a, b) => a.start - b.start);
        for (let i = 1; i < sorted.length; i++) expect(sorted[i].start > sorted[i - 1].end, `${sorted[i].address} overlaps`).toBe(true);
        const keys = subnets.map((s) => String(s.index));
        const azs = m().variables.availability_zones as string[];
        for (const az of azs) expect(keys).toContain(`public-${az}`);
        for (const e of Object.keys(environments())) {
          for (const az of azs) expect(keys).toContain(`data-${e}-${az}`);
        }
        expect(idx.get('module.vpc.aws_subnet.this["public-ap-northeast-2a"]')?.values.cidr_block).toBe('10.0.0.0/24');
      });

      it('keeps unknown what only AWS knows, with the resource it comes from', () => {
        const idx = new ModelIndex(m());
        const api = idx.get(`module.app_hosts["staging"].aws_instance.this["api"]`)!;
        expect(isUnknown(api.values.ami)).toBe(true);
        expect(idx.follow(api, 'subnet_id').map((r) => r.type)).toEqual(['aws_subnet']);
        expect(idx.follow(api, 'vpc_security_group_ids').map((r) => r.address)).toEqual(['aws_security_group.this["staging-api"]']);
        expect(isObjectValue(api.values.tags_all) && api.values.tags_all.ManagedBy).toBe('terraform');
      });

      it('resolves every security-group rule and every instance to exactly the resources it names', () => {
        const idx = new ModelIndex(m());
        const rules = idx.ofType('aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule');
        expect(rules.length).toBeGreaterThan(20);
        for (const rule of rules) {
          const key = String(rule.index);
          const own = idx.follow(rule, 'security_group_id');
          expect(own.map((r) => r.type), rule.address).toEqual(['aws_security_group']);
          expect(key.startsWith(String(own[0].index)), `${rule.address} → ${own[0].address}`).toBe(true);
          if (rule.values.referenced_security_group_id !== null) {
            expect(idx.follow(rule, 'referenced_security_group_id').map((r) => r.type), rule.address).toEqual(['aws_security_group']);
          }
        }
        for (const instance of idx.ofType('aws_instance')) {
          expect(idx.follow(instance, 'subnet_id').map((r) => r.type), instance.address).toEqual(['aws_subnet']);
          expect(idx.follow(instance, 'vpc_security_group_ids').length, instance.address).toBeGreaterThan(0);
        }
      });
    });
  }
});
