/**
 * Parse and expression-evaluation speed on a generated 50,000-line HCL file.
 *
 *   npx tsx bench/parse.bench.ts [lines]      (default 50000)
 *
 * Phases, each timed separately in one process:
 *   parse (cold)   hcl2json + tree-sitter positions + batched expression trees, no disk cache
 *   evaluate       every attribute value of every block, with a scope that knows var/local/each
 *                  and the generated resources (their ids unknown, as before apply)
 *   evaluate again the same, expression trees cached in memory
 *   parse (warm)   a new in-memory cache reading the disk cache a first run wrote
 * and prints lines/s and peak RSS. Targets (issue 4): ≥ 10,000 lines/s end to end, < 1 GB RSS,
 * evaluation time ≤ parse time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate } from '../src/load/hcl/expr.js';
import { astStats, clearAstCache } from '../src/load/hcl/expr-ast.js';
import { functions } from '../src/load/hcl/functions/index.js';
import { clearParseCache, configureParseCache, parseHclFile, type ParsedFile } from '../src/load/hcl/parse.js';
import { childScope, rootScope, withResourceOrigin, type Scope } from '../src/load/hcl/scope.js';
import { functionContext } from '../src/load/hcl/template.js';
import { Unknown, type ObjectValue, type Value } from '../src/model/value.js';

/** One unit of a synthetic stack: a security group with a dynamic block, rules by for_each, locals. */
function unit(i: number): string {
  return `resource "aws_security_group" "sg_${i}" {
  name        = "\${local.name}-sg-${i}"
  description = "security group ${i} for \${var.env}"
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
  for_each = toset(["10.${i % 256}.0.0/24", "10.${(i + 1) % 256}.0.0/16"])

  security_group_id = aws_security_group.sg_${i}.id
  cidr_ipv4         = each.value
  from_port         = var.env == "prod" ? 443 : 8443
  to_port           = var.env == "prod" ? 443 : 8443
  ip_protocol       = "tcp"
  description       = format("rule %s of %d", each.key, ${i})
}

locals {
  sg_${i}_ports = { for p in var.ports : "p\${p}" => p * 2 if p > 0 }
  sg_${i}_ids   = [for k, v in aws_vpc_security_group_ingress_rule.r_${i} : v.id]
}

`;
}

const HEADER = `variable "env" {
  type    = string
  default = "prod"
}

locals {
  name = "dolbom-\${var.env}"
  tags = { Project = "dolbom", Environment = var.env }
}

`;

export function generate(lines: number): string {
  const parts = [HEADER];
  let count = HEADER.split('\n').length;
  const unitLines = unit(0).split('\n').length - 1;
  for (let i = 0; count < lines; i++) {
    parts.push(unit(i));
    count += unitLines;
  }
  return parts.join('');
}

function rssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** A scope for the generated file: the declared variables, locals as written, resources by name. */
function benchScope(file: ParsedFile): Scope {
  const resources: Record<string, Record<string, Value>> = {};
  for (const [type, byName] of Object.entries(file.body.resource ?? {})) {
    const out: Record<string, Value> = {};
    for (const name of Object.keys(byName as object)) {
      const address = `${type}.${name}`;
      out[name] = withResourceOrigin({} as ObjectValue, { address });
    }
    resources[type] = out;
  }
  const vars = {
    var: {
      env: 'prod',
      vpc_id: new Unknown('known after apply', [{ address: 'aws_vpc.main', attribute: 'id' }]),
      ports: [80, 443],
      subnets: [
        { cidr: '10.0.0.0/24', public: true },
        { cidr: '10.0.1.0/24', public: false },
      ],
    },
    local: { name: 'dolbom-prod', tags: { Project: 'dolbom', Environment: 'prod' } },
    ...resources,
  };
  return rootScope(vars, functions, functionContext(process.cwd()));
}

/** Evaluate every attribute of every block (dynamic content with its iterator bound). */
async function evaluateAll(file: ParsedFile, scope: Scope): Promise<{ values: number; unknown: number }> {
  let values = 0;
  let unknown = 0;
  const at = { file: file.path, line: 1 };
  const visit = async (body: Record<string, unknown>, s: Scope) => {
    for (const [k, v] of Object.entries(body)) {
      if (k === 'dynamic') {
        for (const [name, blocks] of Object.entries(v as Record<string, Record<string, unknown>[]>)) {
          for (const d of blocks) {
            const coll = await evaluate(d.for_each, s, at);
            const items = Array.isArray(coll) ? coll : [];
            for (const [i, item] of items.entries()) {
              for (const content of (d.content as Record<string, unknown>[]) ?? []) {
                await visit(content, childScope(s, { [name]: { key: i, value: item } }));
              }
            }
          }
        }
        continue;
      }
      const r = await evaluate(v, s, at);
      values++;
      if (r instanceof Unknown) unknown++;
    }
  };
  for (const [type, byName] of Object.entries(file.body.resource ?? {})) {
    for (const blocks of Object.values(byName as Record<string, Record<string, unknown>[]>)) {
      for (const block of blocks) {
        const { for_each: forEach, ...rest } = block;
        if (forEach !== undefined) {
          const keys = await evaluate(forEach, scope, at);
          for (const key of Array.isArray(keys) ? keys : []) {
            await visit(rest, childScope(scope, { each: { key, value: key } }));
          }
        } else await visit(rest, scope);
      }
    }
    void type;
  }
  for (const locals of (file.body.locals ?? []) as Record<string, unknown>[]) await visit(locals, scope);
  return { values, unknown };
}

async function main(): Promise<void> {
  const lines = Number(process.argv[2] ?? 50_000);
  const text = generate(lines);
  const realLines = text.split('\n').length;
  const cacheDir = await mkdtemp(join(tmpdir(), 'parse-bench-cache-'));
  const path = 'generated.tf';
  // CPU time next to wall time: on a shared 2-core machine wall time also measures the neighbours.
  let cpuMark = process.cpuUsage();
  const cpuSince = () => {
    const d = process.cpuUsage(cpuMark);
    cpuMark = process.cpuUsage();
    return (d.user + d.system) / 1000;
  };
  const report = (label: string, ms: number, extra = '') => {
    const cpu = cpuSince();
    console.log(
      `${label.padEnd(16)} ${ms.toFixed(0).padStart(6)} ms wall ${cpu.toFixed(0).padStart(6)} ms cpu  ${Math.round(realLines / (ms / 1000)).toString().padStart(8)} lines/s  peak RSS ${rssMiB().toFixed(0)} MiB ${extra}`,
    );
    return cpu;
  };

  console.log(`generated ${realLines} lines, ${(text.length / 1024).toFixed(0)} KiB; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  try {
    configureParseCache({ dir: cacheDir });
    cpuSince();
    let t = performance.now();
    const file = await parseHclFile(path, text);
    const parseMs = performance.now() - t;
    const parseCpu = report('parse (cold)', parseMs, `(${astStats.calls} parser calls for expression trees)`);

    const scope = benchScope(file);
    t = performance.now();
    const counts = await evaluateAll(file, scope);
    const evalMs = performance.now() - t;
    const evalCpu = report('evaluate', evalMs, `(${counts.values} values, ${counts.unknown} unknown; ${astStats.calls} parser calls so far)`);

    t = performance.now();
    await evaluateAll(file, scope);
    report('evaluate again', performance.now() - t);

    clearParseCache();
    clearAstCache();
    cpuSince();
    t = performance.now();
    const warm = await parseHclFile(path, text);
    const warmMs = performance.now() - t;
    report('parse (warm)', warmMs, '(disk cache)');
    t = performance.now();
    await evaluateAll(warm, benchScope(warm));
    report('evaluate (warm)', performance.now() - t);

    const endToEnd = parseMs + evalMs;
    const endToEndCpu = parseCpu + evalCpu;
    console.log(
      `end to end cold: ${Math.round(realLines / (endToEnd / 1000))} lines/s wall, ${Math.round(realLines / (endToEndCpu / 1000))} lines/s of cpu (target ≥ 10000); evaluation/parse = ${(evalMs / parseMs).toFixed(2)} (target ≤ 1); peak RSS ${rssMiB().toFixed(0)} MiB (target < 1024)`,
    );
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith("parse.bench.ts")) await main();
