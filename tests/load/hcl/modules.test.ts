import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { loadHcl } from '../../../src/load/hcl/index.js';
import { ModelIndex } from '../../../src/model/query.js';
import { isUnknown } from '../../../src/model/value.js';

function stack(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hcl-mod-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function userError(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('dependency graph', () => {
  it('reports a cycle of locals with every member and its file:line', async () => {
    const dir = stack({ 'main.tf': 'locals {\n  a = local.b\n  b = "${local.c}-x"\n  c = local.a\n}\n' });
    const e = await userError(loadHcl({ dir }));
    const f = join(dir, 'main.tf');
    expect(e.message).toBe(`Cycle between local.a (${f}:2) → local.b (${f}:3) → local.c (${f}:4) → local.a`);
  });

  it('reports a cycle through resources', async () => {
    const dir = stack({
      'main.tf': 'resource "terraform_data" "a" {\n  input = terraform_data.b.output\n}\nresource "terraform_data" "b" {\n  input = terraform_data.a.output\n}\n',
    });
    expect((await userError(loadHcl({ dir }))).message).toMatch(/^Cycle between terraform_data\.a .* → terraform_data\.b .* → terraform_data\.a$/);
  });

  it('lets two modules read each other’s outputs when the outputs do not form a cycle (as terraform does)', async () => {
    const dir = stack({
      'main.tf': `
module "a" {
  source = "./m"
  input  = module.b.constant
}
module "b" {
  source = "./m"
  input  = "fixed"
}
output "a_echo" {
  value = module.a.echo
}
`,
      'm/main.tf': 'variable "input" {\n  type = string\n}\noutput "constant" {\n  value = "k"\n}\noutput "echo" {\n  value = "got ${var.input}"\n}\n',
    });
    const m = await loadHcl({ dir });
    expect(m.outputs.a_echo.value).toBe('got k');
  });

  it('depends_on orders without referencing values; moved/import/removed/check blocks are ignored', async () => {
    const dir = stack({
      'main.tf': `
resource "terraform_data" "first" {}
resource "terraform_data" "second" {
  depends_on = [terraform_data.first]
  input      = 1
}
moved {
  from = terraform_data.old
  to   = terraform_data.second
}
removed {
  from = terraform_data.gone
  lifecycle {
    destroy = false
  }
}
`,
    });
    const m = await loadHcl({ dir });
    expect(m.resources.map((r) => r.address)).toEqual(['terraform_data.first', 'terraform_data.second']);
    expect(m.resources[1].values).not.toHaveProperty('depends_on');
  });
});

describe('count and for_each', () => {
  it('an unknown count or for_each keeps the resource once as addr[*] (N instances, count unknown), its body evaluated with the key unknown, with a diagnostic at file:line', async () => {
    const dir = stack({
      'main.tf': `
resource "random_integer" "n" {
  min = 1
  max = 3
}
resource "terraform_data" "x" {
  count = random_integer.n.result
  input = { fixed = "a", index = "i-\${count.index}" }
}
resource "terraform_data" "y" {
  for_each = toset([random_integer.n.id])
  input    = each.key
}
output "xs" {
  value = length(terraform_data.x)
}
`,
    });
    const m = await loadHcl({ dir });
    expect(m.resources.map((r) => r.address)).toEqual(['random_integer.n', 'terraform_data.x[*]', 'terraform_data.y[*]']);
    const x = m.resources[1];
    expect(x.unknownInstances).toMatchObject({ by: 'count', of: 'terraform_data.x', dependsOn: ['random_integer.n.result'] });
    expect((x.values.input as Record<string, unknown>).fixed).toBe('a');
    expect(isUnknown((x.values.input as Record<string, unknown>).index)).toBe(true);
    expect(isUnknown(m.resources[2].values.input)).toBe(true);
    expect(m.resources[2].unknownInstances?.by).toBe('for_each');
    expect(m.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', address: 'terraform_data.x[*]', location: expect.objectContaining({ line: 7 }) }),
      expect.objectContaining({ severity: 'warning', address: 'terraform_data.y[*]', location: expect.objectContaining({ line: 11 }) }),
    ]);
    expect(m.diagnostics[0].message).toMatch(/^terraform_data\.x\[\*\]: N instances, count unknown: the count of terraform_data\.x is not known before apply \(it depends on random_integer\.n\.result\)/);
    expect(m.diagnostics[1].message).toMatch(/N instances, for_each keys unknown/);
    expect(isUnknown(m.outputs.xs.value)).toBe(true);
  });

  it('a module call whose for_each is unknown keeps its resources under module.m[*], reads of its outputs unknown', async () => {
    const dir = stack({
      'main.tf': `
resource "terraform_data" "ids" {}
module "m" {
  source   = "./m"
  for_each = toset([terraform_data.ids.id])
  name     = each.key
}
output "o" {
  value = module.m
}
`,
      'm/main.tf': `variable "name" {}
resource "aws_s3_bucket" "b" {
  bucket = var.name
  tags   = { Fixed = "yes" }
}
output "bucket" {
  value = aws_s3_bucket.b.bucket
}
`,
    });
    const m = await loadHcl({ dir });
    const b = m.resources.find((r) => r.type === 'aws_s3_bucket')!;
    expect(b.address).toBe('module.m[*].aws_s3_bucket.b');
    expect(b.unknownInstances).toMatchObject({ by: 'for_each', of: 'module.m' });
    expect(b.values.tags).toEqual({ Fixed: 'yes' });
    expect(isUnknown(b.values.bucket)).toBe(true);
    expect(isUnknown(m.outputs.o.value)).toBe(true);
  });

  it('a count from the length of a set holding an unknown is unknown (the set may collapse), not its element count', async () => {
    const dir = stack({
      'main.tf': `
resource "terraform_data" "a" {}
resource "terraform_data" "b" {
  count = length(toset(["x", terraform_data.a.id]))
}
variable "names" {
  type    = set(string)
  default = ["x"]
}
resource "terraform_data" "c" {
  count = length(setunion(var.names, [terraform_data.a.id]))
}
`,
    });
    const m = await loadHcl({ dir });
    expect(m.resources.map((r) => r.address)).toEqual(['terraform_data.a', 'terraform_data.b[*]', 'terraform_data.c[*]']);
    expect(m.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', address: 'terraform_data.b[*]', location: expect.objectContaining({ line: 4 }) }),
      expect.objectContaining({ severity: 'warning', address: 'terraform_data.c[*]', location: expect.objectContaining({ line: 11 }) }),
    ]);
  });

  it('dynamic blocks and for_each instances follow terraform\'s byte order of keys (U+FB01 before U+1F600)', async () => {
    const dir = stack({
      'main.tf': `
resource "aws_security_group" "g" {
  dynamic "ingress" {
    for_each = { "\\U0001F600" = 1, "\\uFB01" = 2 }
    content {
      from_port = ingress.value
    }
  }
}
resource "terraform_data" "t" {
  for_each = toset(["\\U0001F600", "\\uFB01"])
}
`,
    });
    const m = await loadHcl({ dir });
    const g = m.resources.find((r) => r.address === 'aws_security_group.g')!;
    expect((g.values.ingress as { from_port: number }[]).map((i) => i.from_port)).toEqual([2, 1]);
    expect(m.resources.filter((r) => r.type === 'terraform_data').map((r) => r.index)).toEqual(['\uFB01', '\u{1F600}']);
  });

  it('for_each over a map, a set of strings and an object; count over modules', async () => {
    const dir = stack({
      'main.tf': `
resource "terraform_data" "m" {
  for_each = { b = 2, a = 1 }
  input    = "\${each.key}=\${each.value}"
}
resource "terraform_data" "s" {
  for_each = toset(["y", "x", "y"])
  input    = each.value
}
module "c" {
  source = "./child"
  count  = 2
  n      = count.index
}
output "m" {
  value = { for k, v in terraform_data.m : k => v.input }
}
output "c" {
  value = module.c[*].doubled
}
`,
      'child/main.tf': 'variable "n" {\n  type = number\n}\nresource "terraform_data" "t" {\n  input = var.n\n}\noutput "doubled" {\n  value = var.n * 2\n}\n',
    });
    const m = await loadHcl({ dir });
    expect(m.resources.map((r) => r.address)).toEqual([
      'module.c[0].terraform_data.t',
      'module.c[1].terraform_data.t',
      'terraform_data.m["a"]',
      'terraform_data.m["b"]',
      'terraform_data.s["x"]',
      'terraform_data.s["y"]',
    ]);
    expect(m.outputs.m.value).toEqual({ a: 'a=1', b: 'b=2' });
    expect(m.outputs.c.value).toEqual([0, 2]);
  });

  it('rejects count and for_each together, and a negative count, naming the line', async () => {
    const both = stack({ 'main.tf': 'resource "terraform_data" "x" {\n  count    = 1\n  for_each = {}\n}\n' });
    expect((await userError(loadHcl({ dir: both }))).message).toMatch(/"count" and "for_each" cannot both be set/);
    const text = stack({ 'main.tf': 'resource "terraform_data" "x" {\n  count = "2"\n}\n' });
    expect((await loadHcl({ dir: text })).resources).toHaveLength(2);
    const neg = stack({ 'main.tf': 'resource "terraform_data" "x" {\n  count = -1\n}\n' });
    const e = await userError(loadHcl({ dir: neg }));
    expect(e.message).toMatch(/Invalid count/);
    expect(e.location?.line).toBe(2);
  });
});

describe('dynamic blocks', () => {
  it('expands nested dynamic blocks with iterators, keys, and unknown for_each as unknown blocks', async () => {
    const dir = stack({
      'main.tf': `
variable "rules" {
  default = {
    web = { ports = [80, 443] }
  }
}
resource "random_id" "r" {
  byte_length = 2
}
resource "aws_security_group" "sg" {
  dynamic "ingress" {
    for_each = var.rules
    iterator = rule
    content {
      description = rule.key
      from_port   = rule.value.ports[0]
      dynamic "nested" {
        for_each = rule.value.ports
        content {
          port = nested.value
          idx  = nested.key
        }
      }
    }
  }
  dynamic "egress" {
    for_each = split(",", random_id.r.hex)
    content {
      description = egress.value
    }
  }
}
resource "aws_lb_listener_rule" "ordered" {
  dynamic "condition" {
    for_each = ["a", "b"]
    content {
      value = condition.value
    }
  }
  condition {
    value = "static"
  }
}
`,
    });
    const m = await loadHcl({ dir });
    const sg = new ModelIndex(m).get('aws_security_group.sg')!;
    // self: the provider's default for an ingress rule that leaves it unset (aws 5.100 plans
    // `self = false`, schema/aws-defaults.json), added to each expanded block like to a written one.
    expect(sg.values.ingress).toEqual([{ description: 'web', from_port: 80, self: false, nested: [{ port: 80, idx: 0 }, { port: 443, idx: 1 }] }]);
    expect(isUnknown(sg.values.egress)).toBe(true);
    expect(sg.source?.attributes['ingress.0.nested.1.port']).toMatchObject({ line: 20 });
    // static and dynamic blocks of one type keep the order they are written in
    const rule = new ModelIndex(m).get('aws_lb_listener_rule.ordered')!;
    expect(rule.values.condition).toEqual([{ value: 'a' }, { value: 'b' }, { value: 'static' }]);
  });
});

describe('modules', () => {
  it('passes providers explicitly and by inheritance (default_tags follow the configuration)', async () => {
    const dir = stack({
      'main.tf': `
provider "aws" {
  region = "ap-northeast-2"
  default_tags {
    tags = { Side = "default" }
  }
}
provider "aws" {
  alias  = "east"
  region = "us-east-1"
  default_tags {
    tags = { Side = "east" }
  }
}
module "inherits" {
  source = "./m"
}
module "passed" {
  source    = "./m"
  providers = {
    aws = aws.east
  }
}
`,
      'm/main.tf': 'resource "aws_s3_bucket" "b" {\n  tags = { Name = "b" }\n}\ndata "aws_region" "here" {}\noutput "region" {\n  value = data.aws_region.here.region\n}\n',
    });
    const m = await loadHcl({ dir });
    const idx = new ModelIndex(m);
    expect(idx.get('module.inherits.aws_s3_bucket.b')?.values.tags_all).toEqual({ Side: 'default', Name: 'b' });
    expect(idx.get('module.passed.aws_s3_bucket.b')?.values.tags_all).toEqual({ Side: 'east', Name: 'b' });
    expect(idx.get('module.passed.data.aws_region.here')?.values.region).toBe('us-east-1');
  });

  it('an argument the module does not declare is an error at its line', async () => {
    const dir = stack({ 'main.tf': 'module "m" {\n  source = "./m"\n  nope   = 1\n}\n', 'm/main.tf': '' });
    const e = await userError(loadHcl({ dir }));
    expect(e.message).toMatch(/Unsupported argument "nope" for module "m"/);
    expect(e.location?.line).toBe(3);
  });

  it('a missing required module variable names the module instance', async () => {
    const dir = stack({ 'main.tf': 'module "m" {\n  source = "./m"\n}\n', 'm/main.tf': 'variable "x" {\n  type = string\n}\n' });
    expect((await userError(loadHcl({ dir }))).message).toMatch(/No value for required variable "x" in module\.m/);
  });

  it('a registry module is reported, the rest is still evaluated', async () => {
    const dir = stack({
      'main.tf': 'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.0.0"\n}\nresource "terraform_data" "uses" {\n  input = module.vpc.vpc_id\n}\n',
    });
    const m = await loadHcl({ dir });
    expect(m.unevaluatedModules).toEqual([expect.objectContaining({ address: 'module.vpc', source: 'terraform-aws-modules/vpc/aws' })]);
    const uses = m.resources.find((r) => r.address === 'terraform_data.uses')!;
    expect(isUnknown(uses.values.input)).toBe(true);
    expect(m.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', address: 'module.vpc', location: expect.objectContaining({ file: join(dir, 'main.tf'), line: 2 }), message: expect.stringMatching(/not installed \(run terraform init.*Its resources are missing from the model/) }),
    ]);
  });

  it('after terraform init, registry modules (and theirs) are evaluated from .terraform/modules/modules.json', async () => {
    const dir = stack({
      'main.tf': 'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.0.0"\n  name    = "x"\n}\noutput "id" {\n  value = module.vpc.name\n}\n',
      '.terraform/modules/modules.json': JSON.stringify({
        Modules: [
          { Key: '', Source: '', Dir: '.' },
          { Key: 'vpc', Source: 'registry.terraform.io/terraform-aws-modules/vpc/aws', Version: '5.0.0', Dir: '.terraform/modules/vpc' },
          { Key: 'vpc.flow', Source: 'registry.terraform.io/acme/flow/aws', Version: '1.0.0', Dir: '.terraform/modules/vpc.flow' },
        ],
      }),
      '.terraform/modules/vpc/main.tf': 'variable "name" {}\nresource "aws_vpc" "this" {\n  cidr_block = "10.0.0.0/16"\n  tags       = { Name = var.name }\n}\nmodule "flow" {\n  source = "acme/flow/aws"\n  vpc    = var.name\n}\noutput "name" {\n  value = "${var.name}-${module.flow.suffix}"\n}\n',
      '.terraform/modules/vpc.flow/main.tf': 'variable "vpc" {}\nresource "aws_flow_log" "this" {\n  traffic_type = "ALL"\n}\noutput "suffix" {\n  value = "flow"\n}\n',
    });
    const m = await loadHcl({ dir });
    expect(m.unevaluatedModules).toEqual([]);
    expect(m.resources.map((r) => r.address)).toEqual(['module.vpc.aws_vpc.this', 'module.vpc.module.flow.aws_flow_log.this']);
    expect(m.outputs.id.value).toBe('x-flow');
    expect(m.diagnostics).toEqual([]);
  });

  it('an unknown reference target is an error naming the line', async () => {
    const dir = stack({ 'main.tf': 'output "x" {\n  value = local.nope\n}\n' });
    const e = await userError(loadHcl({ dir }));
    expect(e.location?.line).toBe(2);
    expect(e.message).toMatch(/local\.nope|undeclared/i);
  });
});

describe('references', () => {
  it('resolve computed instance keys (each.key, count.index) and go through module outputs to the instance', async () => {
    const dir = stack({
      'main.tf': `
resource "aws_subnet" "s" {
  for_each   = { a = "10.0.1.0/24", "1" = "10.0.2.0/24" }
  cidr_block = each.value
}
resource "aws_route_table_association" "r" {
  for_each  = aws_subnet.s
  subnet_id = aws_subnet.s[each.key].id
  note      = aws_subnet.s[each.key].cidr_block
  first     = aws_subnet.s["1"].cidr_block
}
module "m" {
  source   = "./m"
  for_each = toset(["x", "y"])
  name     = each.key
}
resource "terraform_data" "t" {
  for_each = toset(["x"])
  input    = module.m[each.key].name
}
`,
      'm/main.tf': 'variable "name" {\n  type = string\n}\nresource "terraform_data" "inner" {\n  input = var.name\n}\noutput "name" {\n  value = terraform_data.inner.input\n}\n',
    });
    const idx = new ModelIndex(await loadHcl({ dir }));
    const r = idx.get('aws_route_table_association.r["a"]')!;
    const targets = (attr: string) => r.references.filter((x) => x.attribute === attr).map((x) => x.target);
    expect(targets('subnet_id')).toEqual(['aws_subnet.s["a"].id']);
    expect(targets('note')).toEqual(['aws_subnet.s["a"]']);
    expect(targets('first')).toEqual(['aws_subnet.s["1"]']);
    expect(idx.follow(r, 'note').map((x) => x.address)).toEqual(['aws_subnet.s["a"]']);
    const t = idx.get('terraform_data.t["x"]')!;
    expect(t.references.map((x) => x.target)).toEqual(['module.m["x"].terraform_data.inner']);
  });

  it('an attribute unknown as a whole refers to where its value comes from, not to what a known condition read', async () => {
    const dir = stack({
      'main.tf': `
resource "aws_subnet" "s" {
  cidr_block = "10.0.1.0/24"
}
resource "aws_security_group" "sg" {
  for_each = toset(["app", "db"])
  name     = each.key
}
locals {
  peer_cidrs = { subnet = aws_subnet.s.cidr_block }
}
resource "aws_vpc_security_group_egress_rule" "r" {
  for_each                     = toset(["db", "subnet"])
  security_group_id            = aws_security_group.sg["app"].id
  cidr_ipv4                    = lookup(local.peer_cidrs, each.key, null)
  referenced_security_group_id = contains(keys(local.peer_cidrs), each.key) ? null : aws_security_group.sg[each.key].id
}
`,
    });
    const idx = new ModelIndex(await loadHcl({ dir }));
    const toDb = idx.get('aws_vpc_security_group_egress_rule.r["db"]')!;
    expect(idx.follow(toDb, 'referenced_security_group_id').map((x) => x.address)).toEqual(['aws_security_group.sg["db"]']);
    const toSubnet = idx.get('aws_vpc_security_group_egress_rule.r["subnet"]')!;
    expect(idx.follow(toSubnet, 'cidr_ipv4').map((x) => x.address)).toEqual(['aws_subnet.s']);
  });

  it('a resource the expression names stays a target when the unknown it reads comes from elsewhere', async () => {
    const dir = stack({
      'main.tf': `
resource "aws_security_group" "a" {}
resource "terraform_data" "pass" {
  input = aws_security_group.a.id
}
resource "terraform_data" "reader" {
  input = terraform_data.pass.input
}
`,
    });
    const idx = new ModelIndex(await loadHcl({ dir }));
    const reader = idx.get('terraform_data.reader')!;
    expect(isUnknown(reader.values.input)).toBe(true);
    expect(idx.follow(reader, 'input').map((x) => x.address).sort()).toEqual(['aws_security_group.a', 'terraform_data.pass']);
  });
});

describe('sensitivity', () => {
  it('follows values: into modules, through locals and sensitive module outputs', async () => {
    const dir = stack({
      'main.tf': `
variable "password" {
  type      = string
  sensitive = true
  default   = "p"
}
locals {
  dsn = "postgres://u:\${var.password}@db"
}
module "m" {
  source = "./m"
  secret = local.dsn
  plain  = "x"
}
resource "terraform_data" "root" {
  input            = module.m.token
  triggers_replace = module.m.plain
}
output "dsn" {
  value     = local.dsn
  sensitive = true
}
output "plain" {
  value = module.m.plain
}
`,
      'm/main.tf': `
variable "secret" {
  type = string
}
variable "plain" {
  type = string
}
resource "terraform_data" "inner" {
  input            = var.secret
  triggers_replace = var.plain
}
output "token" {
  value     = "t"
  sensitive = true
}
output "plain" {
  value = var.plain
}
`,
    });
    const m = await loadHcl({ dir });
    const idx = new ModelIndex(m);
    expect(idx.get('module.m.terraform_data.inner')!.sensitive).toEqual(['input']);
    expect(idx.get('terraform_data.root')!.sensitive).toEqual(['input']);
    expect([m.outputs.dsn.sensitive, m.outputs.plain.sensitive]).toEqual([true, false]);
  });
});

describe('ephemeral resources (terraform >= 1.10)', () => {
  it('are evaluated for what reads them (unknown results), never planned', async () => {
    const dir = stack({
      'main.tf': `
ephemeral "random_password" "db" {
  length = 20
}
resource "aws_db_instance" "db" {
  password_wo = ephemeral.random_password.db.result
  identifier  = "db-\${ephemeral.random_password.db.length}"
}
`,
    });
    const m = await loadHcl({ dir });
    expect(m.resources.map((r) => r.address)).toEqual(['aws_db_instance.db']);
    const db = m.resources[0];
    expect(isUnknown(db.values.password_wo) && db.values.password_wo.origins).toEqual([{ address: 'ephemeral.random_password.db', attribute: 'result' }]);
    expect(db.values.identifier).toBe('db-20');
  });
});

describe('module outputs', () => {
  it('reading an output the module does not declare is an error at the line, not an unknown', async () => {
    const dir = stack({
      'main.tf': 'module "m" {\n  source = "./m"\n}\noutput "x" {\n  value = module.m.nope\n}\n',
      'm/main.tf': 'output "yes" {\n  value = 1\n}\n',
    });
    const e = await userError(loadHcl({ dir }));
    expect(e.location?.line).toBe(5);
    expect(e.message).toMatch(/nope/);
  });
});

describe('for_each over a list', () => {
  it('is rejected as terraform rejects it when the expression is evidently a list', async () => {
    const cases = [
      'for_each = ["a", "b"]',
      'for_each = [for s in ["a"] : s]',
      'for_each = var.names',
    ];
    for (const c of cases) {
      const dir = stack({ 'main.tf': `variable "names" {\n  type    = list(string)\n  default = ["a"]\n}\nresource "terraform_data" "x" {\n  ${c}\n}\n` });
      const e = await userError(loadHcl({ dir }));
      expect(e.message, c).toMatch(/Invalid for_each for terraform_data\.x: it must be a map, or a set of strings.*toset/);
      expect(e.location?.line, c).toBe(6);
    }
    const ok = stack({ 'main.tf': 'variable "names" {\n  type    = set(string)\n  default = ["b", "a"]\n}\nresource "terraform_data" "x" {\n  for_each = var.names\n}\n' });
    expect((await loadHcl({ dir: ok })).resources.map((r) => r.address)).toEqual(['terraform_data.x["a"]', 'terraform_data.x["b"]']);
  });
});

describe('nested modules', () => {
  it('compose addresses, path.module and relative sources at every level', async () => {
    const dir = stack({
      'main.tf': 'module "outer" {\n  source   = "./modules/outer"\n  for_each = toset(["a"])\n  tag      = each.key\n}\noutput "paths" {\n  value = module.outer["a"].paths\n}\n',
      'modules/outer/main.tf':
        'variable "tag" {\n  type = string\n}\nmodule "inner" {\n  source = "../inner"\n  count  = 2\n  tag    = "${var.tag}${count.index}"\n}\noutput "paths" {\n  value = concat([path.module], module.inner[*].path)\n}\n',
      'modules/inner/main.tf':
        'variable "tag" {\n  type = string\n}\nresource "terraform_data" "t" {\n  input = var.tag\n}\noutput "path" {\n  value = path.module\n}\n',
    });
    const m = await loadHcl({ dir });
    expect(m.resources.map((r) => [r.address, r.module, r.values.input])).toEqual([
      ['module.outer["a"].module.inner[0].terraform_data.t', 'module.outer["a"].module.inner[0]', 'a0'],
      ['module.outer["a"].module.inner[1].terraform_data.t', 'module.outer["a"].module.inner[1]', 'a1'],
    ]);
    expect(m.outputs.paths.value).toEqual(['modules/outer', 'modules/inner', 'modules/inner']);
  });
});

describe('a resource instance as expressions see it', () => {
  it('has every attribute the provider computes, unknown: lookup/try/keys find it instead of the default (the cloudfront module reads an OAI path so)', async () => {
    const dir = stack({
      'main.tf': `resource "aws_cloudfront_origin_access_identity" "this" {
  for_each = { one = "reads the bucket" }
  comment  = each.value
}
resource "terraform_data" "t" {
  input = {
    path    = lookup(lookup(aws_cloudfront_origin_access_identity.this, "one", {}), "cloudfront_access_identity_path", null)
    missing = lookup(lookup(aws_cloudfront_origin_access_identity.this, "two", {}), "cloudfront_access_identity_path", null)
    has_arn = contains(keys(aws_cloudfront_origin_access_identity.this["one"]), "iam_arn")
    comment = lookup(aws_cloudfront_origin_access_identity.this["one"], "comment", "none")
    other   = lookup(aws_cloudfront_origin_access_identity.this["one"], "no_such_attribute", "none")
  }
}
`,
    });
    const m = await loadHcl({ dir });
    const input = m.resources.find((r) => r.address === 'terraform_data.t')!.values.input as Record<string, unknown>;
    expect(isUnknown(input.path)).toBe(true);
    expect((input.path as { origins: unknown[] }).origins).toContainEqual({ address: 'aws_cloudfront_origin_access_identity.this["one"]', attribute: 'cloudfront_access_identity_path' });
    expect(input.missing).toBe(null);
    expect(input.has_arn).toBe(true);
    expect(input.comment).toBe('reads the bucket');
    expect(input.other).toBe('none');
  });
});

describe('a data source read during apply', () => {
  it('depends_on naming a resource with changes, its own or its module call\'s, defers the read: what the provider computes is unknown (terraform: read_because_dependency_pending)', async () => {
    const dir = stack({
      'main.tf': `provider "aws" {
  region = "us-east-1"
}
resource "aws_sqs_queue" "q" {
  name = "q"
}
data "aws_iam_policy_document" "direct" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = ["*"]
  }
  depends_on = [aws_sqs_queue.q]
}
data "aws_iam_policy_document" "plain" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "after_plain" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = ["*"]
  }
  depends_on = [data.aws_iam_policy_document.plain]
}
module "m" {
  source     = "./m"
  depends_on = [aws_sqs_queue.q]
}
module "free" {
  source = "./m"
}
`,
      'm/main.tf': 'data "aws_region" "here" {}\noutput "region" {\n  value = data.aws_region.here.name\n}\n',
    });
    const m = await loadHcl({ dir });
    const at = (address: string) => m.resources.find((r) => r.address === address)!.values;
    expect(isUnknown(at('data.aws_iam_policy_document.direct').json)).toBe(true);
    expect(String((at('data.aws_iam_policy_document.direct').json as { reason: string }).reason)).toMatch(/read during apply: data\.aws_iam_policy_document\.direct depends on aws_sqs_queue\.q/);
    expect((at('data.aws_iam_policy_document.direct').statement as unknown[]).length).toBe(1);
    expect(typeof at('data.aws_iam_policy_document.plain').json).toBe('string');
    expect(typeof at('data.aws_iam_policy_document.after_plain').json).toBe('string');
    expect(isUnknown(at('module.m.data.aws_region.here').name)).toBe(true);
    expect(at('module.free.data.aws_region.here').name).toBe('us-east-1');
  });
});
