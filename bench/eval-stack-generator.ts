/**
 * A synthetic Terraform stack for the evaluator benchmark: a root module calling N distinct local
 * modules (each its own directory, so nothing is shared by text), each with M security groups
 * carrying dynamic ingress blocks, for_each rules, locals and outputs; the root wires module
 * outputs into the next module's inputs.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SyntheticStack {
  dir: string;
  lines: number;
  files: number;
  /** Resource instances terraform would plan. */
  resources: number;
}

function moduleSource(m: number, resources: number): string {
  const out: string[] = [
    `variable "name" {\n  type = string\n}\n`,
    `variable "vpc_id" {\n  type = string\n}\n`,
    `variable "env" {\n  type    = string\n  default = "staging"\n}\n`,
    `variable "ports" {\n  type    = list(number)\n  default = [80, 443, ${8000 + m}]\n}\n`,
    `variable "subnets" {\n  type = map(object({\n    cidr   = string\n    public = optional(bool, false)\n  }))\n  default = {\n    a = { cidr = "10.${m % 256}.0.0/24", public = true }\n    b = { cidr = "10.${m % 256}.1.0/24" }\n  }\n}\n`,
    `locals {\n  name = "\${var.name}-m${m}"\n  tags = { Module = "m${m}", Env = var.env }\n  peers = { for k, s in var.subnets : k => cidrsubnet(s.cidr, 2, 1) }\n}\n`,
  ];
  for (let i = 0; i < resources; i++) {
    out.push(`resource "aws_security_group" "sg_${i}" {
  name        = "\${local.name}-sg-${i}"
  description = "security group ${i} of module ${m} for \${var.env}"
  vpc_id      = var.vpc_id
  tags        = merge(local.tags, { Name = "\${local.name}-sg-${i}", Index = ${i} })

  dynamic "ingress" {
    for_each = var.ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = [for s in var.subnets : s.cidr if s.public]
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "r_${i}" {
  for_each = local.peers

  security_group_id = aws_security_group.sg_${i}.id
  cidr_ipv4         = each.value
  from_port         = var.env == "prod" ? 443 : ${8000 + i}
  to_port           = var.env == "prod" ? 443 : ${8000 + i}
  ip_protocol       = "tcp"
  description       = format("rule %s of sg %d in module %d", each.key, ${i}, ${m})
}
`);
  }
  out.push(`output "sg_ids" {\n  value = [${Array.from({ length: resources }, (_, i) => `aws_security_group.sg_${i}.id`).join(', ')}]\n}\n`);
  out.push(`output "name" {\n  value = local.name\n}\n`);
  return out.join('\n');
}

/** Write a stack of about `targetLines` lines: `modules` modules of `perModule` security groups. */
export async function generateStack(dir: string, modules: number, perModule: number): Promise<SyntheticStack> {
  let lines = 0;
  let files = 0;
  const write = async (path: string, text: string) => {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, text);
    lines += text.split('\n').length;
    files++;
  };
  const root: string[] = [
    `terraform {\n  required_providers {\n    aws = {\n      source = "hashicorp/aws"\n    }\n  }\n}\n`,
    `provider "aws" {\n  region = "ap-northeast-2"\n  default_tags {\n    tags = { Project = "bench" }\n  }\n}\n`,
    `resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/8"\n}\n`,
  ];
  for (let m = 0; m < modules; m++) {
    await write(join(dir, 'modules', `m${m}`, 'main.tf'), moduleSource(m, perModule));
    const name = m === 0 ? '"bench"' : `module.m${m - 1}.name`;
    root.push(`module "m${m}" {\n  source = "./modules/m${m}"\n  name   = ${name}\n  vpc_id = aws_vpc.main.id\n}\n`);
  }
  await write(join(dir, 'main.tf'), root.join('\n'));
  // per module: perModule SGs + 2 rules each (one per subnet)
  return { dir, lines, files, resources: 1 + modules * perModule * 3 };
}
