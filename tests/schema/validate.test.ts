import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { providerSchema, shapeValues, typeSchema } from '../../src/schema/index.js';
import { admits, validateDirectory } from '../../src/schema/validate.js';
import { isUnknown } from '../../src/model/value.js';
import { repoRoot } from '../helpers/paths.js';
import { terraformAvailable, terraformSkipReason, terraformValidate } from '../stack/helpers.js';

/** Validate one main.tf written into a fresh directory; messages as `line: message` (`line: warning: message`). */
async function validate(tf: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'stackcheck-validate-'));
  writeFileSync(join(dir, 'main.tf'), tf);
  const errors = await validateDirectory(dir);
  return errors.map((e) => `${e.location.line}: ${e.severity === 'warning' ? 'warning: ' : ''}${e.message}`);
}

describe('the extracted schema matches the provider documentation', () => {
  // Required arguments and blocks as the registry docs for hashicorp/aws 6.x list them.
  const required = (type: string) => {
    const s = typeSchema('managed', type)!;
    return {
      arguments: Object.entries(s.attributes).filter(([, a]) => a.required).map(([k]) => k).sort(),
      blocks: Object.entries(s.blocks).filter(([, b]) => (b.minItems ?? 0) > 0).map(([k]) => k).sort(),
    };
  };
  it('records the provider versions', () => {
    expect(providerSchema('aws')!.version).toBe('6.66.0');
    expect(providerSchema('aws')!.provider).toBe('registry.terraform.io/hashicorp/aws');
    expect(providerSchema('random')!.version).toMatch(/^3\./);
    expect(providerSchema('tls')!.version).toMatch(/^4\./);
  });
  it('aws_instance: nothing required; metadata_options and root_block_device at most one', () => {
    expect(required('aws_instance')).toEqual({ arguments: [], blocks: [] });
    const s = typeSchema('managed', 'aws_instance')!;
    expect(s.blocks.metadata_options.maxItems).toBe(1);
    expect(s.blocks.root_block_device.maxItems).toBe(1);
    expect(s.blocks.ebs_block_device.nesting).toBe('set');
    expect(s.attributes.arn).toEqual({ type: 'string', computed: true });
    expect(s.attributes.vpc_security_group_ids.type).toEqual(['set', 'string']);
    expect(s.blocks.metadata_options.attributes.http_tokens.type).toBe('string');
  });
  it('aws_lb_listener_rule: listener_arn, action and condition', () => {
    expect(required('aws_lb_listener_rule')).toEqual({ arguments: ['listener_arn'], blocks: ['action', 'condition'] });
    const cond = typeSchema('managed', 'aws_lb_listener_rule')!.blocks.condition;
    expect(cond.blocks.host_header.attributes.values.type).toEqual(['set', 'string']);
  });
  it('aws_elasticache_replication_group: description and replication_group_id', () => {
    expect(required('aws_elasticache_replication_group')).toEqual({
      arguments: ['description', 'replication_group_id'],
      blocks: [],
    });
    const s = typeSchema('managed', 'aws_elasticache_replication_group')!;
    expect(s.attributes.transit_encryption_enabled.type).toBe('bool');
    expect(s.attributes.primary_endpoint_address.computed).toBe(true);
  });
  it('aws_db_instance: instance_class', () => {
    expect(required('aws_db_instance')).toEqual({ arguments: ['instance_class'], blocks: [] });
    const s = typeSchema('managed', 'aws_db_instance')!;
    expect(s.attributes.manage_master_user_password.type).toBe('bool');
    expect(s.attributes.backup_retention_period.type).toBe('number');
  });
});

describe('validate: each kind of error, with its message and line', () => {
  it('1. unknown resource type, with a suggestion', async () => {
    expect(await validate('resource "aws_instanse" "a" {\n}\n')).toEqual([
      '1: unknown resource type "aws_instanse"; did you mean "aws_instance"?',
    ]);
  });
  it('2. unknown argument, with a suggestion', async () => {
    expect(await validate('resource "aws_instance" "a" {\n  ami           = "ami-1"\n  instance_tpye = "t3.micro"\n}\n')).toEqual([
      '3: unsupported argument "instance_tpye"; did you mean "instance_type"?',
    ]);
  });
  it('3. a block written as an argument, and an argument written as a block', async () => {
    const tf =
      'resource "aws_instance" "a" {\n  metadata_options = { http_tokens = "required" }\n  tags {\n    Name = "x"\n  }\n}\n';
    expect(await validate(tf)).toEqual([
      '2: "metadata_options" is a block, not an argument: write it as metadata_options { … }',
      '3: "tags" is an argument, not a block: write it as tags = …',
    ]);
  });
  it('4. missing required argument and block', async () => {
    expect(await validate('resource "aws_lb_listener_rule" "r" {\n  priority = 10\n}\n')).toEqual([
      '1: missing required argument "listener_arn"',
      '1: missing required block "action": at least 1 required',
      '1: missing required block "condition": at least 1 required',
    ]);
  });
  it('5. literal of the wrong type, at top level and in a nested block', async () => {
    const tf =
      'resource "aws_db_instance" "d" {\n  instance_class          = "db.t4g.micro"\n  backup_retention_period = "a week"\n  multi_az                = "yes"\n}\n' +
      'resource "aws_instance" "a" {\n  metadata_options {\n    http_put_response_hop_limit = "two"\n  }\n}\n';
    expect(await validate(tf)).toEqual([
      '3: "backup_retention_period" expects number, got string "a week"',
      '4: "multi_az" expects bool, got string "yes"',
      '8: "http_put_response_hop_limit" expects number, got string "two" in block "metadata_options"',
    ]);
  });
  it('6. too many blocks', async () => {
    const tf =
      'resource "aws_instance" "a" {\n  metadata_options {\n    http_tokens = "required"\n  }\n  metadata_options {\n    http_tokens = "optional"\n  }\n}\n';
    expect(await validate(tf)).toEqual(['5: at most 1 "metadata_options" block allowed, found more']);
  });
  it('7. a read-only attribute set', async () => {
    expect(await validate('resource "aws_instance" "a" {\n  arn = "arn:aws:ec2:x"\n}\n')).toEqual([
      '2: "arn" is read-only (computed by the provider) and cannot be set',
    ]);
  });
  it('8. unknown nested block and dynamic block names; dynamic content checked', async () => {
    const tf =
      'resource "aws_security_group" "s" {\n  ingres {\n  }\n  dynamic "egress" {\n    for_each = var.x\n    content {\n      from_port = "any"\n    }\n  }\n}\n';
    expect(await validate(tf)).toEqual([
      '2: unsupported block type "ingres"; did you mean "ingress"?',
      '7: "from_port" expects number, got string "any" in block "egress"',
    ]);
  });
  it('9. a required_providers constraint that does not admit the schema version: one warning naming both, the stack still validated', async () => {
    const pin = 'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.0"\n    }\n  }\n}\n';
    const errors = await validate(pin + 'resource "aws_instance" "a" {\n  instance_tpye = "t3.micro"\n}\n');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^3: warning: required_providers\.aws version "~> 5\.0" does not admit registry\.terraform\.io\/hashicorp\/aws 6\.66\.0.*validated against 6\.66\.0 anyway/);
    expect(errors[1]).toBe('10: unsupported argument "instance_tpye"; did you mean "instance_type"?');
  });
  it('9b. the version warning comes once per provider, not once per module', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackcheck-validate-'));
    const pin = 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "~> 5.0" }\n  }\n}\n';
    for (const m of ['a', 'b']) {
      mkdirSync(join(dir, 'modules', m), { recursive: true });
      writeFileSync(join(dir, 'modules', m, 'versions.tf'), pin);
    }
    writeFileSync(join(dir, 'versions.tf'), pin);
    const found = await validateDirectory(dir);
    expect(found.map((e) => e.severity)).toEqual(['warning']);
  });
  it('passes a correct resource with expressions, meta-arguments and dynamic blocks', async () => {
    const tf = `resource "aws_instance" "a" {
  count         = 2
  ami           = var.ami
  instance_type = "t3.micro"
  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
  }
  dynamic "ebs_block_device" {
    for_each = var.disks
    content {
      device_name = ebs_block_device.key
      volume_size = ebs_block_device.value
    }
  }
  lifecycle {
    ignore_changes = [ami]
  }
  depends_on = [aws_s3_bucket.b]
}
data "aws_region" "current" {}
`;
    expect(await validate(tf)).toEqual([]);
  });
});

describe('validate: recursive blocks (WAFv2 statements) to the depth the provider allows', () => {
  const fixture = join(repoRoot, 'tests/schema/fixtures/wafv2');
  const acl = (rule: string) => `resource "aws_wafv2_web_acl" "a" {
  name  = "a"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
  rule {
    name     = "r"
    priority = 1
    action {
      block {}
    }
${rule}
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "r"
      sampled_requests_enabled   = true
    }
  }
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "a"
    sampled_requests_enabled   = true
  }
}
`;
  /** `and_statement { statement { … } statement { geo FR } }` nested `depth` times around a geo match. */
  const nested = (depth: number): string =>
    depth === 0
      ? 'geo_match_statement {\n  country_codes = ["GB"]\n}\n'
      : `and_statement {\nstatement {\n${nested(depth - 1)}}\nstatement {\ngeo_match_statement {\ncountry_codes = ["FR"]\n}\n}\n}\n`;
  const lineOf = (text: string, needle: string, nth = 1) => {
    let at = -1;
    for (let i = 0; i < nth; i++) at = text.indexOf(needle, at + 1);
    return text.slice(0, at).split('\n').length;
  };

  it('the schema holds the provider\'s statement tree, grafted from the real 5.100 schema', () => {
    const rule = typeSchema('managed', 'aws_wafv2_web_acl')!.blocks.rule;
    expect(rule.attributes.statement).toBeUndefined();
    const statement = rule.blocks.statement;
    expect(statement).toMatchObject({ nesting: 'list', maxItems: 1, minItems: 1, from: '5.100.0' });
    expect(statement.blocks.and_statement.blocks.statement.blocks.not_statement).toBeDefined();
    expect(statement.blocks.managed_rule_group_statement.blocks.scope_down_statement).toBeDefined();
  });
  it('nested and/not/scope-down statements: valid, no warning', async () => {
    expect(await validateDirectory(fixture)).toEqual([]);
  });
  it('three levels of and_statement are allowed; a fourth is beyond the provider, a warning at its line naming 5.100', async () => {
    expect(await validate(acl(`statement {\n${nested(2)}}`))).toEqual([]);
    const deep = acl(`statement {\n${nested(4)}}`);
    const found = await validate(deep);
    expect(found).toEqual([
      `${lineOf(deep, 'and_statement', 4)}: warning: unsupported block type "and_statement" in block "statement" (by hashicorp/aws 5.100.0's schema of this block: the 6.66.0 bindings do not spell it out, so terraform validate with your provider decides)`,
    ]);
  });
  it('a misspelt statement: a warning with a suggestion; a statement written as an argument: an error', async () => {
    const typo = acl('statement {\n  geo_mach_statement {\n    country_codes = ["GB"]\n  }\n}');
    expect(await validate(typo)).toEqual([
      `${lineOf(typo, 'geo_mach')}: warning: unsupported block type "geo_mach_statement" in block "statement"; did you mean "geo_match_statement"? (by hashicorp/aws 5.100.0's schema of this block: the 6.66.0 bindings do not spell it out, so terraform validate with your provider decides)`,
    ]);
    const attr = acl('statement = {}');
    expect(await validate(attr)).toEqual([
      `${lineOf(attr, 'statement =')}: "statement" is a block, not an argument in block "rule": write it as statement { … }`,
      `${lineOf(attr, 'rule {')}: missing required block "statement" in block "rule": at least 1 required`,
    ]);
  });
  (terraformAvailable ? it : it.skip)(
    `the real terraform agrees: the fixture is valid, the fourth level is refused at the same line${terraformAvailable ? '' : ` (skipped: ${terraformSkipReason})`}`,
    async () => {
      const ok = mkdtempSync(join(tmpdir(), 'stackcheck-waf-'));
      cpSync(fixture, ok, { recursive: true });
      await terraformValidate(ok);
      const bad = mkdtempSync(join(tmpdir(), 'stackcheck-waf-deep-'));
      const deep = acl(`statement {\n${nested(4)}}`);
      writeFileSync(join(bad, 'main.tf'), deep);
      const refused = await terraformValidate(bad).then(
        () => '',
        (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}`,
      );
      expect(refused).toContain('Blocks of type "and_statement" are not expected here');
      expect(refused).toContain(`on main.tf line ${lineOf(deep, 'and_statement', 4)}`);
    },
    120_000,
  );
});

describe('version constraints, by terraform rules', () => {
  it.each([
    ['~> 6.0', '6.66.0', true],
    ['~> 6.0', '7.0.0', false],
    ['~> 6.66.1', '6.66.0', false],
    ['~> 6.66.0', '6.67.0', false],
    ['>= 5.0, < 7.0', '6.66.0', true],
    ['!= 6.66.0', '6.66.0', false],
    ['6.66.0', '6.66.0', true],
    ['~> 6', '9.1.0', true],
  ])('%s admits %s: %s', (c, v, ok) => expect(admits(c, v)).toBe(ok));
});

describe('shapeValues: what a plan holds for a create', () => {
  it('fills optional attributes with null, computed ones with unknown, blocks with lists', () => {
    const v = shapeValues('aws_instance', 'managed', { ami: 'ami-1', metadata_options: [{ http_tokens: 'required' }] }, 'aws_instance.a');
    expect(v.ami).toBe('ami-1');
    // What terraform 1.11 + aws 5.100 plans for this configuration (checked against a real plan):
    // unset `hibernation` null, unset `user_data` unknown (the provider computes it), and inside
    // metadata_options the provider's defaults where it has them (through the defaults table).
    expect(v.hibernation).toBeNull(); // optional, not computed
    expect(isUnknown(v.user_data)).toBe(true);
    expect(isUnknown(v.arn)).toBe(true);
    expect(isUnknown(v.arn) && v.arn.origins).toEqual([{ address: 'aws_instance.a', attribute: 'arn' }]);
    expect(isUnknown(v.ebs_block_device)).toBe(true); // a computed block set, planned unknown when unset
    expect(v.credit_specification).toEqual([]); // a block the provider does not compute: no blocks
    const mo = (v.metadata_options as any[])[0];
    expect(mo.http_tokens).toBe('required');
    expect(isUnknown(mo.http_put_response_hop_limit)).toBe(true); // optional + computed
    expect(mo.http_endpoint).toBe('enabled');
    expect(mo.http_protocol_ipv6).toBe('disabled');
    expect(isUnknown(mo.instance_metadata_tags)).toBe(true);
  });
  it('leaves types we hold no schema for untouched', () => {
    expect(shapeValues('google_compute_instance', 'managed', { name: 'x' })).toEqual({ name: 'x' });
  });
});

describe('stackcheck validate on the stack', () => {
  it('the whole stack validates with zero errors', async () => {
    const out: string[] = [];
    const code = await main(['validate', 'terraform'], {
      stdout: (t) => out.push(t),
      stderr: (t) => out.push(t),
      env: {},
      cwd: repoRoot,
      isTTY: false,
    });
    expect(out.join('')).toMatch(/^valid — terraform against registry\.terraform\.io\/hashicorp\/aws 6\.66\.0/m);
    expect(code).toBe(0);
  });
  it('a bad argument list is a usage error (exit 2)', async () => {
    const err: string[] = [];
    const code = await main(['validate'], { stdout: () => {}, stderr: (t) => err.push(t), env: {}, cwd: repoRoot, isTTY: false });
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/expected one directory/);
  });
});

describe('planUnsetArguments: an argument written as null that the provider computes', () => {
  it('is planned unknown, at the top level and in nested blocks; other nulls stay null', async () => {
    const { planUnsetArguments } = await import('../../src/schema/index.js');
    const v = planUnsetArguments(
      'aws_lb_listener',
      'managed',
      { port: 7882, ssl_policy: null, alpn_policy: null, default_action: [{ type: 'forward', order: null }] },
      'module.nlb.aws_lb_listener.this["ice-udp"]',
    );
    expect(isUnknown(v.ssl_policy)).toBe(true); // optional + computed
    expect(isUnknown(v.ssl_policy) && v.ssl_policy.origins).toEqual([{ address: 'module.nlb.aws_lb_listener.this["ice-udp"]', attribute: 'ssl_policy' }]);
    expect(v.alpn_policy).toBeNull(); // optional only
    expect(isUnknown((v.default_action as any[])[0].order)).toBe(true);
    expect(v.port).toBe(7882);
  });
});
