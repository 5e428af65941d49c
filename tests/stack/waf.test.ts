/**
 * WAF on the public ALB (review M7), as the static evaluator plans the live deployment: the web ACL
 * the ALB is associated with, its rules in order (country allow-list when asked, IP reputation, rate
 * limit per client IP, the AWS managed baseline), single rules switched to count, and where the
 * blocked requests are logged (a log group named as WAF demands, under the logs key, headers that
 * carry credentials redacted). LB-008 passes on the stack itself, with no suppression left for it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadStack } from '../../src/load/index.js';
import type { Resource, StackModel } from '../../src/model/resource.js';
import { isUnknown, type Unknown, type Value } from '../../src/model/value.js';
import { LB_008 } from '../../src/policy/rules/lb/LB-008-public-alb-waf.js';
import { repoRoot } from '../helpers/paths.js';
import { check } from '../policy/helpers.js';
import { stackDir } from './helpers.js';

let live: StackModel;
let restricted: StackModel;
let ephemeral: StackModel;
const load = (file: string, vars: Record<string, string> = {}) => loadStack({ dir: stackDir, varFiles: [join(stackDir, 'envs', file)], vars, env: {} });
beforeAll(async () => {
  [live, restricted, ephemeral] = await Promise.all([
    load('live.tfvars'),
    load('live.tfvars', {
      waf: '{ allowed_country_codes = ["KR"], rate_limit_per_ip = 600, rate_limit_window_seconds = 60, count_rules = { AWSManagedRulesCommonRuleSet = ["SizeRestrictions_BODY", "NoUserAgent_HEADER"] } }',
    }),
    load('ephemeral.tfvars', { run_id: 'e2e7run01x' }),
  ]);
}, 180_000);

type Rule = { name: string; priority: number; action?: Record<string, unknown>[]; override_action?: Record<string, unknown>[]; statement: Record<string, any>[] };

const find = (model: StackModel, address: string): Resource => {
  const r = model.resources.find((x) => x.address === address);
  expect(r, address).toBeDefined();
  return r!;
};
const rules = (model: StackModel) => [...(find(model, 'aws_wafv2_web_acl.alb').values.rule as Rule[])].sort((a, b) => a.priority - b.priority);
/** The address an unknown value comes from (`module.alb.aws_lb.this.arn`), else the value shown. */
const origin = (v: Value | undefined) => (isUnknown(v) ? (v as Unknown).origins.map((o) => `${o.address}.${o.attribute}`).join(' ') : JSON.stringify(v));
const actionOf = (r: Rule) => Object.keys((r.action ?? r.override_action)![0]!).join();

const BASELINE = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'];

describe('M7: the public ALB is behind a WAF web ACL', () => {
  it('a regional web ACL that allows by default is associated with the ALB itself', () => {
    const acl = find(live, 'aws_wafv2_web_acl.alb').values;
    expect(acl).toMatchObject({ name: 'dolbom-alb', scope: 'REGIONAL' });
    expect(Object.keys((acl.default_action as Record<string, unknown>[])[0]!)).toEqual(['allow']);
    const association = find(live, 'aws_wafv2_web_acl_association.alb').values;
    expect(origin(association.resource_arn)).toBe('module.alb.aws_lb.this.arn');
    expect(origin(association.web_acl_arn)).toBe('aws_wafv2_web_acl.alb.arn');
  });

  it('rules in order: IP reputation, the rate limit per client IP, then the managed baseline; no country rule unless asked', () => {
    const r = rules(live);
    expect(r.map((x) => x.name)).toEqual(['AWSManagedRulesAmazonIpReputationList', 'rate-limit-per-ip', ...BASELINE]);
    const rate = r.find((x) => x.name === 'rate-limit-per-ip')!;
    expect(actionOf(rate)).toBe('block');
    expect(rate.statement[0]!.rate_based_statement[0]).toMatchObject({ aggregate_key_type: 'IP', limit: 2000, evaluation_window_sec: 300 });
    for (const group of r.filter((x) => x.name.startsWith('AWSManagedRules'))) {
      // none: the group's own rule actions (block) apply
      expect(actionOf(group), group.name).toBe('none');
      const statement = group.statement[0]!.managed_rule_group_statement[0];
      expect(statement, group.name).toMatchObject({ vendor_name: 'AWS', name: group.name });
      expect(statement.rule_action_override ?? [], group.name).toEqual([]);
    }
    // every rule and the ACL publish metrics and sampled requests under their own names
    const metrics = r.map((x) => (x as any).visibility_config[0]);
    expect(metrics.every((m) => m.cloudwatch_metrics_enabled === true && m.sampled_requests_enabled === true)).toBe(true);
    expect(new Set(metrics.map((m) => m.metric_name)).size).toBe(r.length);
  });

  it('with allowed_country_codes = ["KR"], requests from anywhere else are blocked first; count_rules count single rules only', () => {
    const r = rules(restricted);
    expect(r[0]!.name).toBe('allowed-countries-only');
    expect(actionOf(r[0]!)).toBe('block');
    expect(r[0]!.statement[0]!.not_statement[0].statement[0].geo_match_statement[0].country_codes).toEqual(['KR']);
    expect(r.find((x) => x.name === 'rate-limit-per-ip')!.statement[0]!.rate_based_statement[0]).toMatchObject({ limit: 600, evaluation_window_sec: 60 });
    const crs = r.find((x) => x.name === 'AWSManagedRulesCommonRuleSet')!;
    expect(actionOf(crs)).toBe('none');
    const overrides = crs.statement[0]!.managed_rule_group_statement[0].rule_action_override as { name: string; action_to_use: Record<string, unknown>[] }[];
    expect(overrides.map((o) => [o.name, Object.keys(o.action_to_use[0]!).join()]).sort()).toEqual([
      ['NoUserAgent_HEADER', 'count'],
      ['SizeRestrictions_BODY', 'count'],
    ]);
    expect(r.find((x) => x.name === 'AWSManagedRulesSQLiRuleSet')!.statement[0]!.managed_rule_group_statement[0].rule_action_override ?? []).toEqual([]);
  });

  it('blocked and counted requests are logged to aws-waf-logs-<name> under the logs key, without credentials', () => {
    const group = find(live, 'aws_cloudwatch_log_group.waf').values;
    expect(String(group.name)).toMatch(/^aws-waf-logs-/);
    expect(group.retention_in_days).toBe(90);
    expect(origin(group.kms_key_id)).toBe('aws_kms_key.this["logs"].arn');
    const logging = find(live, 'aws_wafv2_web_acl_logging_configuration.alb').values;
    expect(origin(logging.resource_arn)).toBe('aws_wafv2_web_acl.alb.arn');
    expect((logging.log_destination_configs as Value[]).map(origin)).toEqual(['aws_cloudwatch_log_group.waf.arn']);
    const redacted = (logging.redacted_fields as { single_header: { name: string }[] }[]).map((f) => f.single_header[0]!.name).sort();
    expect(redacted).toEqual(['authorization', 'cookie']);
    const filter = (logging.logging_filter as Record<string, any>[])[0]!;
    expect(filter.default_behavior).toBe('DROP');
    const kept = filter.filter[0];
    expect(kept).toMatchObject({ behavior: 'KEEP', requirement: 'MEETS_ANY' });
    expect(kept.condition.map((c: any) => c.action_condition[0].action).sort()).toEqual(['BLOCK', 'COUNT']);
  });

  it('an ephemeral copy has its own web ACL and log group under its run id', () => {
    expect(find(ephemeral, 'aws_wafv2_web_acl.alb').values.name).toBe('dolbom-e2e7run01x-alb');
    expect(find(ephemeral, 'aws_cloudwatch_log_group.waf').values.name).toBe('aws-waf-logs-dolbom-e2e7run01x-alb');
  });

  it('LB-008 passes on the ALB of both deployments, and no suppression of it is left', () => {
    for (const model of [live, ephemeral]) {
      const [result] = check([LB_008], model);
      const alb = result!.findings.filter((f) => f.address === 'module.alb.aws_lb.this');
      expect(alb.map((f) => f.verdict)).toEqual(['pass']);
    }
    const suppressions = parseYaml(readFileSync(join(repoRoot, '.stackcheck', 'suppressions.yaml'), 'utf8')) as { suppressions: { rule: string }[] };
    expect(suppressions.suppressions.map((s) => s.rule)).not.toContain('LB-008');
  });
});
