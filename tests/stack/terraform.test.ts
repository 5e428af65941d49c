/**
 * The stack under real terraform, offline: a copy of terraform/ inits from the filesystem mirror
 * (aws constraint pinned to the mirrored 5.x version, random/tls stood in by terraform_data, no
 * backend), then
 *   - `terraform validate` (argument names, types, references),
 *   - `terraform console` evaluates the security-group matrix for live.tfvars and ephemeral.tfvars,
 *     compared rule by rule with the stack contract,
 *   - `terraform test` plans live and ephemeral against a mock aws provider (every expression,
 *     for_each key, templatefile and variable validation evaluated), multi-AZ by a list change and
 *     one environment alone, and checks that bad inputs fail.
 * v6-only arguments are judged against the v6 docs, not here. Skips with a reason when terraform or
 * the mirror is absent (CI machines).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTRACT_FLOWS,
  evaluate,
  expectedRules,
  ruleKey,
  terraformAvailable,
  terraformCopy,
  terraformSkipReason,
  type SgRule,
  type TerraformCopy,
} from './helpers.js';
import { parse as parseYaml } from 'yaml';
import { renderUserDataWithTerraform, sampleVars } from '../host/templates.js';

const LIVE = ['-var-file=envs/live.tfvars'];
const EPHEMERAL = ['-var-file=envs/ephemeral.tfvars', '-var=run_id=t1'];

const suite = terraformAvailable ? describe : describe.skip;
if (!terraformAvailable) console.warn(`tests/stack/terraform.test.ts skipped: ${terraformSkipReason}`);

interface EvaluatedRule {
  security_group: string;
  peer: string;
  protocol: string;
  port: number;
  why: string;
}

const toKeys = (rules: Record<string, EvaluatedRule>) =>
  Object.values(rules).map((r) => ruleKey({ group: r.security_group, peer: r.peer, protocol: r.protocol, port: r.port })).sort();
const expectedKeys = (rules: SgRule[]) => rules.map(ruleKey).sort();

suite(`stack under terraform (offline mirror${terraformAvailable ? '' : `: ${terraformSkipReason}`})`, () => {
  let copy: TerraformCopy;
  // One console session per variable set: live.tfvars is read once for every live assertion.
  let live: Promise<any>;

  beforeAll(async () => {
    copy = await terraformCopy();
    live = evaluate(
      copy,
      LIVE,
      `{
        ingress = local.sg_ingress_rules, egress = local.sg_egress_rules, open_ports = local.sg_open_ports,
        routes  = { for k, r in local.alb_routes : k => { host = r.host, port = r.port, priority = r.priority, environment = r.environment } }
      }`.replace(/\n\s*/g, ' '),
    );
  }, 120_000);

  afterAll(async () => {
    await copy?.dispose();
  });

  it('terraform validate accepts the configuration', async () => {
    const { stdout } = await copy.terraform(['validate', '-no-color']);
    expect(stdout).toContain('The configuration is valid');
  });

  it('live: the evaluated SG rules are exactly the contract matrix for staging + prod', async () => {
    const sg = await live;
    const expected = expectedRules(['staging', 'prod'], CONTRACT_FLOWS);
    expect(toKeys(sg.ingress)).toEqual(expectedKeys(expected.ingress));
    expect(toKeys(sg.egress)).toEqual(expectedKeys(expected.egress));
    // Never across environments: no rule names staging on one end and prod on the other.
    for (const r of [...Object.values<EvaluatedRule>(sg.ingress), ...Object.values<EvaluatedRule>(sg.egress)]) {
      const envs = new Set([r.security_group, r.peer].map((n) => n.split('-')[0]).filter((e) => e === 'staging' || e === 'prod'));
      expect(envs.size, `${r.security_group} / ${r.peer}`).toBeLessThanOrEqual(1);
    }
  });

  it('LiveKit: the config user-data renders (real templatefile) listens on exactly the NLB listener ports, the SG admits exactly those, no TURN, webhooks by private name', async () => {
    const out = await evaluate(
      copy,
      LIVE,
      `{
        listeners = local.nlb_listeners, open = local.sg_open_ports["livekit"], webhooks = local.livekit_webhook_urls,
        udp = local.user_data_common.livekit_udp_port, tcp = local.user_data_common.livekit_tcp_port,
        internet = sort([for r in values(local.sg_ingress_rules) : "\${r.protocol}/\${r.port}" if r.security_group == "livekit" && r.peer == "internet"]),
        health = local.ports.livekit_ice_tcp
      }`.replace(/\n\s*/g, ' '),
    );
    const vars = { ...sampleVars('livekit', false), livekit_udp_port: out.udp, livekit_tcp_port: out.tcp, livekit_webhook_urls: out.webhooks, tcp_ports: out.open.tcp, udp_ports: out.open.udp };
    const script = renderUserDataWithTerraform({ livekit: { role: 'livekit', vars } }).livekit!;
    const yaml = /cat <<'YAML'\n([\s\S]*?)\nYAML\n/.exec(script);
    expect(yaml, 'livekit.yaml heredoc in the rendered user-data').not.toBeNull();
    const cfg = parseYaml(yaml![1]!) as { rtc: { udp_port: number; tcp_port: number }; turn?: { enabled?: boolean; udp_port?: number; tls_port?: number } };
    // What LiveKit listens on for clients (TURN only if enabled) ...
    const livekit = [`UDP/${cfg.rtc.udp_port}`, `TCP/${cfg.rtc.tcp_port}`];
    if (cfg.turn?.enabled) {
      if (cfg.turn.udp_port) livekit.push(`UDP/${cfg.turn.udp_port}`);
      if (cfg.turn.tls_port) livekit.push(`TCP/${cfg.turn.tls_port}`);
    }
    // ... is exactly what the NLB forwards (listener target protocol/port), and what LiveKit's SG admits from the internet.
    const listeners = Object.values<{ port: number; target_protocol: string }>(out.listeners).map((l) => `${l.target_protocol}/${l.port}`);
    expect(listeners.sort()).toEqual(livekit.sort());
    expect(out.internet).toEqual(livekit.map((p) => p.toLowerCase()).sort());
    expect(cfg.turn?.enabled ?? false).toBe(false);
    expect(out.health).toBe(cfg.rtc.tcp_port);
    // Webhooks: each environment's API by its private DNS name, as terraform computed them.
    expect(script).toContain(`WEBHOOK_URLS="${out.webhooks.join(' ')}"`);
    expect(out.webhooks).toEqual(['http://api.prod.dolbom.internal:8000/livekit/webhook', 'http://api.staging.dolbom.internal:8000/livekit/webhook']);
  });

  it('ephemeral: one environment, same matrix, names carry the run id', async () => {
    const out = await evaluate(copy, EPHEMERAL, '{ ingress = local.sg_ingress_rules, egress = local.sg_egress_rules, prefix = local.name_prefix, tags = local.default_tags, hosts = local.hosts }');
    const expected = expectedRules(['staging'], CONTRACT_FLOWS);
    expect(toKeys(out.ingress)).toEqual(expectedKeys(expected.ingress));
    expect(toKeys(out.egress)).toEqual(expectedKeys(expected.egress));
    expect(out.prefix).toBe('dolbom-t1');
    expect(out.tags).toEqual({ Project: 'dolbom', ManagedBy: 'terraform', 'stackcheck:run-id': 't1' });
    expect(Object.keys(out.hosts).sort()).toEqual(['livekit', 'staging-ai-agent', 'staging-api', 'staging-web']);
  });

  it('user-data ports: each host is told exactly the ports its group admits', async () => {
    const ports = (await live).open_ports;
    const sort = (p: { tcp: number[]; udp: number[] }) => ({ tcp: [...p.tcp].sort(), udp: [...p.udp].sort() });
    expect(sort(ports.livekit)).toEqual({ tcp: [7880, 7881], udp: [7882] });
    expect(sort(ports['prod-api'])).toEqual({ tcp: [8000], udp: [] });
    expect(sort(ports['staging-ai-agent'])).toEqual({ tcp: [], udp: [] });
    expect(sort(ports['prod-rds'])).toEqual({ tcp: [5432], udp: [] });
  });

  it('ALB routes: per-environment hosts to their own instances, fixed priorities, LiveKit signalling on 7880', async () => {
    const routes = (await live).routes;
    expect(routes).toEqual({
      'prod-api': { host: 'api.example.com', port: 8000, priority: 210, environment: 'prod' },
      'prod-web': { host: 'www.example.com', port: 3000, priority: 220, environment: 'prod' },
      'staging-api': { host: 'stg-api.example.com', port: 8000, priority: 110, environment: 'staging' },
      'staging-web': { host: 'stg.example.com', port: 3000, priority: 120, environment: 'staging' },
      livekit: { host: 'livekit.example.com', port: 7880, priority: 10, environment: 'shared' },
    });
  });

  it('subnet plan: no overlaps, data tiers in every AZ, CIDRs stable when an environment is left out or an AZ added', async () => {
    const vpc = join(copy.dir, 'modules', 'vpc');
    await copy.terraform(['-chdir=' + vpc, 'init', '-backend=false', '-input=false', '-no-color']);
    const subnets = async (environments: string, computeAzs: string) => {
      const { stdout } = await copy.terraform(
        [
          '-chdir=' + vpc, 'console', '-no-color', '-var=name_prefix=t', '-var=cidr_block=10.0.0.0/16',
          '-var=availability_zones=["ap-northeast-2a","ap-northeast-2c"]', `-var=compute_availability_zones=${computeAzs}`,
          `-var=environments=${environments}`,
        ],
        'jsonencode({ for k, s in local.subnets : k => s.cidr })\n',
      );
      return JSON.parse(JSON.parse(stdout.trim())) as Record<string, string>;
    };
    const both = await subnets('{staging=1,prod=2}', '["ap-northeast-2a"]');
    expect(both).toEqual({
      'public-ap-northeast-2a': '10.0.0.0/24',
      'public-ap-northeast-2c': '10.0.1.0/24',
      'private-shared-ap-northeast-2a': '10.0.16.0/24',
      'private-staging-ap-northeast-2a': '10.0.32.0/24',
      'data-staging-ap-northeast-2a': '10.0.48.0/24',
      'data-staging-ap-northeast-2c': '10.0.49.0/24',
      'private-prod-ap-northeast-2a': '10.0.64.0/24',
      'data-prod-ap-northeast-2a': '10.0.80.0/24',
      'data-prod-ap-northeast-2c': '10.0.81.0/24',
    });
    const prodOnly = await subnets('{prod=2}', '["ap-northeast-2a"]');
    for (const [key, cidr] of Object.entries(prodOnly)) expect(both[key], key).toBe(cidr);
    const twoAzs = await subnets('{staging=1,prod=2}', '["ap-northeast-2a","ap-northeast-2c"]');
    for (const [key, cidr] of Object.entries(both)) expect(twoAzs[key], key).toBe(cidr);
    expect(twoAzs['private-prod-ap-northeast-2c']).toBe('10.0.65.0/24');
  }, 60_000);

  it('terraform test: live and ephemeral plan against a mock provider; bad inputs are refused', async () => {
    const tests = join(copy.dir, 'tests');
    await mkdir(tests, { recursive: true });
    await writeFile(join(tests, 'live.tftest.hcl'), MOCK_PROVIDER + LIVE_RUNS);
    await writeFile(join(tests, 'ephemeral.tftest.hcl'), MOCK_PROVIDER + EPHEMERAL_RUNS);
    const liveRuns = await copy.terraform(['test', '-no-color', '-filter=tests/live.tftest.hcl', ...LIVE]).catch((e) => e);
    expect(liveRuns.stdout, liveRuns.stderr).toMatch(/Success! 12 passed, 0 failed/);
    const eph = await copy.terraform(['test', '-no-color', '-filter=tests/ephemeral.tftest.hcl', ...EPHEMERAL]).catch((e) => e);
    expect(eph.stdout, eph.stderr).toMatch(/Success! 1 passed, 0 failed/);
  }, 420_000);
});

// The backup copy region's provider (terraform/provider.tf) is mocked like the default one.
const MOCK_PROVIDER = `
mock_provider "aws" {
  alias = "backup_copy"

  mock_data "aws_iam_policy_document" {
    defaults = { json = "{}" }
  }
  mock_data "aws_caller_identity" {
    defaults = { account_id = "111122223333" }
  }
}

mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{}" }
  }
  mock_data "aws_caller_identity" {
    defaults = { account_id = "111122223333" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_ssm_parameter" {
    defaults = { insecure_value = "ami-0123456789abcdef0" }
  }
  # The EIPs' addresses, known at plan time here (TEST-NET-3), so the egress rules to them can be checked.
  mock_resource "aws_eip" {
    override_during = plan
    defaults        = { public_ip = "203.0.113.10" }
  }
  mock_resource "aws_db_instance" {
    defaults = { master_user_secret = [{ secret_arn = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:rds", kms_key_id = "k", secret_status = "active" }] }
  }
}
`;

const LIVE_RUNS = `
run "live" {
  command = plan

  assert {
    condition     = toset(keys(output.instance_ids)) == toset(["staging", "prod", "shared"]) && toset(keys(output.instance_ids["prod"])) == toset(["api", "web", "ai-agent"]) && keys(output.instance_ids["shared"]) == ["livekit"]
    error_message = "instance_ids must be { staging = {api, web, ai-agent}, prod = {...}, shared = {livekit} }"
  }

  assert {
    condition     = alltrue([for sg in aws_security_group.this : contains(keys(sg.tags), "Role") && contains(keys(sg.tags), "Environment")])
    error_message = "every security group carries Role and Environment"
  }

  assert {
    condition     = alltrue([for r in aws_vpc_security_group_ingress_rule.this : !(r.from_port <= 22 && r.to_port >= 22) && !(r.from_port <= 3389 && r.to_port >= 3389)])
    error_message = "no rule opens 22 or 3389"
  }

  assert {
    condition     = length(aws_acm_certificate.self_signed) == 0 && keys(output.rds_endpoints) == ["prod", "staging"]
    error_message = "live uses the given certificate and has an RDS per environment"
  }

  assert {
    condition = (
      length(aws_budgets_budget.monthly) == 1 && aws_budgets_budget.monthly[0].limit_amount == "10000.00"
      && toset([for n in aws_budgets_budget.monthly[0].notification : "\${n.notification_type} \${n.threshold}"]) == toset(["ACTUAL 80", "ACTUAL 100", "FORECASTED 100"])
    )
    error_message = "live has the monthly cost budget of live.tfvars with actual 80/100 % and forecast 100 % notifications (m24)"
  }

  assert {
    condition = (
      toset([for k, r in aws_vpc_security_group_egress_rule.this : "\${split("-to-", k)[0]} \${r.cidr_ipv4} \${r.ip_protocol}/\${r.from_port}-\${r.to_port}" if strcontains(k, "-to-nlb-eip-")])
      == toset(flatten([for env in ["staging", "prod"] : [for p in ["udp/7882-7882", "tcp/7881-7881"] : "\${env}-ai-agent 203.0.113.10/32 \${p}"]]))
      && output.nlb_eips == ["203.0.113.10"]
    )
    error_message = "each ai-agent sends media only to the NLB's Elastic IP /32 on 7882/udp, 7881/tcp"
  }
}

run "backup_copy_to_a_second_region" {
  command = plan

  variables {
    backup = { copy = { region = "ap-northeast-1" } }
  }

  assert {
    condition     = length(aws_backup_vault.copy) == 1 && length(aws_kms_key.backup_copy) == 1 && length(one(aws_backup_plan.this[0].rule).copy_action) == 1
    error_message = "a copy region gets a vault and a key there, and the plan copies every recovery point to it"
  }
}

run "backup_copy_to_an_existing_vault" {
  command = plan

  variables {
    backup = { copy = { vault_arn = "arn:aws:backup:ap-northeast-2:444455556666:backup-vault:dolbom-copies" } }
  }

  assert {
    condition     = length(aws_backup_vault.copy) == 0 && one(one(aws_backup_plan.this[0].rule).copy_action).destination_vault_arn == "arn:aws:backup:ap-northeast-2:444455556666:backup-vault:dolbom-copies"
    error_message = "a copy to an existing vault creates nothing for it and names it in the plan"
  }
}

run "backup_copy_with_region_and_vault_is_refused" {
  command = plan

  variables {
    backup = { copy = { region = "ap-northeast-1", vault_arn = "arn:aws:backup:ap-northeast-2:444455556666:backup-vault:dolbom-copies" } }
  }

  expect_failures = [var.backup]
}

run "multi_az_is_a_list_change" {
  command = plan

  variables {
    compute_availability_zones = ["ap-northeast-2a", "ap-northeast-2c"]
    single_nat_gateway         = false
  }

  assert {
    condition     = length(output.nat_public_ips) == 2 && length(output.nlb_eips) == 2
    error_message = "two compute AZs without single_nat_gateway: a NAT gateway and an NLB address per AZ"
  }

  assert {
    condition     = length([for k in keys(aws_vpc_security_group_egress_rule.this) : k if strcontains(k, "-to-nlb-eip-")]) == 8
    error_message = "an ai-agent media egress rule per NLB Elastic IP (2 environments x 2 ports x 2 EIPs)"
  }
}

run "one_environment_alone" {
  command = plan

  variables {
    environments = { prod = { api_host = "api.example.com", web_host = "www.example.com" } }
  }

  assert {
    condition     = toset(keys(output.instance_ids)) == toset(["prod", "shared"]) && keys(output.redis_endpoints) == ["prod"]
    error_message = "an environment left out of the map has no hosts, database or cache"
  }
}

run "unknown_environment_is_refused" {
  command = plan

  variables {
    environments = { dev = { api_host = "a.example.com", web_host = "b.example.com" } }
  }

  expect_failures = [var.environments]
}

run "single_az_is_refused" {
  command = plan

  variables {
    availability_zones = ["ap-northeast-2a"]
  }

  expect_failures = [var.availability_zones]
}

run "small_gpu_root_volume_is_refused" {
  command = plan

  variables {
    environments = {
      prod = { api_host = "a.example.com", web_host = "b.example.com", root_volume_sizes = { ai_agent = 100 } }
    }
  }

  expect_failures = [var.environments]
}

# RDS: "The maximum allocated storage must be increased by at least 10 percent" (an equal ceiling, the
# ephemeral copy's old 20/20, failed at CreateDBInstance).
run "rds_storage_ceiling_below_ten_percent_is_refused" {
  command = plan

  variables {
    environments = {
      prod = { api_host = "a.example.com", web_host = "b.example.com", rds = { allocated_storage = 20, max_allocated_storage = 21 } }
    }
  }

  expect_failures = [var.environments]
}

# AWS Budgets: "A notification can have ... up to 10 email subscribers".
run "budget_with_eleven_addresses_is_refused" {
  command = plan

  variables {
    budget = { monthly_limit_usd = 100, emails = [for i in range(11) : "ops\${i}@example.com"] }
  }

  expect_failures = [var.budget]
}

run "certificate_or_self_signed_exactly_one" {
  command = plan

  variables {
    self_signed_certificate = true
  }

  expect_failures = [var.self_signed_certificate]
}
`;

const EPHEMERAL_RUNS = `
run "ephemeral" {
  command = plan

  assert {
    condition     = length(aws_acm_certificate.self_signed) == 1 && toset(keys(output.instance_ids)) == toset(["staging", "shared"])
    error_message = "ephemeral: self-signed certificate, one environment plus shared"
  }

  assert {
    condition     = length(aws_budgets_budget.monthly) == 0
    error_message = "no cost budget in an ephemeral copy"
  }

  assert {
    condition     = alltrue([for sg in aws_security_group.this : startswith(sg.name_prefix, "dolbom-t1-")])
    error_message = "every security group name carries the run id"
  }

  assert {
    condition     = length(aws_backup_vault.this) == 0 && length(aws_backup_plan.this) == 0 && output.backup == null
    error_message = "ephemeral copies have no backups (a vault with recovery points cannot be deleted)"
  }
}
`;
