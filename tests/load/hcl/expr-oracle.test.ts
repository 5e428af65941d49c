/**
 * Differential check of the evaluator against terraform itself: the same configuration text is
 * planned by terraform (one run for all succeeding expressions) and parsed + evaluated by us.
 * Skips with a stated reason when terraform is absent; expr.test.ts keeps hand-written
 * expectations for those machines.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/load/hcl/expr.js';
import { functions } from '../../../src/load/hcl/functions/index.js';
import { parseHclFile } from '../../../src/load/hcl/parse.js';
import { rootScope, withResourceOrigin } from '../../../src/load/hcl/scope.js';
import { functionContext } from '../../../src/load/hcl/template.js';
import { Unknown, type Value } from '../../../src/model/value.js';
import { UNKNOWN, canonical, oracleConfig, oracleEach, oracleValues, terraformPath, terraformSkipReason, type OracleOutcome } from './oracle.js';

/** Variables both sides see: terraform as variable defaults, us as `var.*`. */
const VARS: Record<string, Value> = {
  name: 'dolbom',
  port: 443,
  enabled: true,
  envs: ['staging', 'prod'],
  sizes: { prod: 3, staging: 1 },
  subnets: [
    { id: 's-1', az: 'a' },
    { id: 's-2', az: 'b' },
  ],
  nothing: null,
  numstr: '5',
  fraction: 0.25,
  words: { b: 'B', a: 'A', c: 'C' },
};

const PREAMBLE = [
  ...Object.entries(VARS).map(([k, v]) => `variable "${k}" {\n  default = ${JSON.stringify(v)}\n}\n`),
  // terraform_data's `output` is unknown during plan: our stand-in for "known after apply".
  'resource "terraform_data" "u" {\n  input = "x"\n}\n',
].join('\n');

const U = 'terraform_data.u.output';

/** Expressions terraform evaluates without error. */
const VALUES: string[] = [
  '1 + 1',
  '"${1 + 1}"',
  '5 / 2',
  '7 % 3',
  '-7 % 3',
  '0.1 + 0.2',
  '1 / 3',
  '2 * 0.1',
  '10 - 0.3',
  '1.5e3',
  '-var.port',
  'var.numstr + 1',
  'var.numstr * var.fraction',
  'var.numstr > 4',
  '"10" < 9',
  '"a" == "a"',
  '"1" == 1',
  '[1, 2] == [1, 2]',
  '{ a = 1 } == { a = 1 }',
  'null == null',
  'var.nothing == null',
  '!var.enabled',
  'var.enabled && var.port > 80',
  'false || var.port == 443',
  'var.enabled ? "on" : "off"',
  'var.enabled ? 1 : "x"',
  '!var.enabled ? 1 : "x"',
  'var.enabled ? 1 : null',
  'var.enabled ? true : "no"',
  '"port-${var.port}"',
  '"${var.enabled}-${var.fraction}"',
  '"${var.port}"',
  '"${var.envs}" == "x" ? 1 : 2 == 2 ? "a" : "b"',
  '"$${literal} %%{literal}"',
  '"a\\nb\\t\\"q\\" \\\\ \\u00e9"',
  '"%{ for e in var.envs }[${e}]%{ endfor }"',
  '"%{ for i, e in var.envs ~} ${i}=${e} %{~ endfor }"',
  '"%{ if var.enabled }yes%{ else }no%{ endif }"',
  '"%{ if !var.enabled }yes%{ endif }!"',
  '"%{ for k, v in var.words }${k}${v}%{ endfor }"',
  '<<EOT\nhello ${var.name}\n  indented\nEOT',
  '<<-EOT\n    flush ${var.port}\n      kept\n    EOT',
  // Text that starts with `{` or `[` is a template like any other (a JSON policy heredoc).
  '"{${var.name}}"',
  '"[${var.port}]"',
  '"{%{ if var.enabled }on%{ endif }}"',
  '"{$${var.name}}"',
  `"{ ${'${'}${U}} }"`,
  '<<EOT\n{"Statement": [{"Resource": "arn:aws:s3:::${var.name}/*"}]}\nEOT',
  '<<-EOT\n  [\n    "${var.port}"\n  ]\n  EOT',
  '<<EOT\n{\n%{ for e in var.envs ~}\n  "${e}": true,\n%{ endfor ~}\n}\nEOT',
  // A for over a set binds each element as its own key (a list gives indices).
  '{ for k, v in toset(["p", "q"]) : k => v }',
  '{ for k, v in toset(var.envs) : k => upper(v) }',
  '[for k, v in toset(["b", "a", "b"]) : "${k}=${v}"]',
  '{ for k, v in tolist(toset(["p", "q"])) : k => v }',
  '{ for k, v in setunion(["x"], ["y"]) : k => v }',
  '{ for k, v in concat(tolist(toset(["z"])), ["w"]) : k => v }',
  '"%{ for k, v in toset(var.envs) }${k}:${v};%{ endfor }"',
  'var.envs[1]',
  'var.envs["1"]',
  'var.sizes["prod"]',
  'var.sizes.staging',
  'var.subnets[0].id',
  'var.subnets.0.az',
  'var.subnets[*].id',
  'var.subnets.*.az',
  'var.subnets.*.id[0]',
  'var.nothing[*]',
  'var.name[*]',
  'var.sizes[*].prod',
  '[for e in var.envs : "${e}-x"]',
  '[for i, e in var.envs : "${i}:${e}"]',
  '{ for k, v in var.sizes : k => v * 2 }',
  '[for k, v in var.words : v]',
  '[for s in var.subnets : s.id if s.az == "b"]',
  '{ for s in ["a", "b", "a"] : s => s... }',
  '{ for i, s in ["x", "y", "x"] : s => i... }',
  '{ for s in var.subnets : s.az => s.id }',
  '{ for k, v in var.words : v => k if k != "b" }',
  '[for e in [] : e]',
  '{ a = 1, "b c" = 2, (var.name) = 3, "${var.port}" = 4 }',
  '[1, "two", var.enabled, null]',
  '(1 + 2) * 3',
  '1 + 2 * 3 - 4 / 2',
  '2 > 1 == true',
  '{ nested = { deep = [var.sizes] } }',
  'var.words',
  U,
  `"id-${U}"`,
  `${U} == "x"`,
  `true && ${U} == "x"`,
  `false && ${U} == "x"`,
  `${U} == "x" ? 1 : 2`,
  `[${U}, 1]`,
  `{ a = ${U}, b = 2 }`,
  `[for e in var.envs : "${U}-${'${e}'}"]`,
  'terraform_data.u.input',
  `try(var.sizes.dev, 0)`,
  `try(var.sizes.prod, 0)`,
  `try(var.nothing.x, var.envs[5], "third")`,
  `can(var.envs[5])`,
  `can(var.envs[1])`,
  `try(${U}, "fallback")`,
  '"${1 / 3}"',
  '"${0.1 + 0.2}"',
  '"${1e3}"',
  '"${-0.5}"',
  '"${2.50}"',
  '"${100000000000000000000}"',
  '"${var.fraction * 4}"',
  'var.enabled ? ["a"] : [1]',
  '!var.enabled ? ["a"] : [1]',
  'var.enabled ? { a = 1 } : {}',
  '!var.enabled ? { a = 1 } : {}',
  'var.enabled ? [] : ["x"]',
  'var.enabled ? "x" : null',
  '{ for i, s in ["a", "b"] : i => s }',
  '[[1, 2], [3]][*][0]',
  '{ for k, v in var.words : k => v }["b"]',
  '[for x in [3, 1, 2] : x * 2]',
  '"%{ for x in [] }x%{ endfor }"',
  '"%{ if true ~}  yes  %{~ endif }"',
  '1 == 1.0',
  '[1] == ["1"]',
  '{ a = "1" } == { a = 1 }',
  'null != 1',
  '-(-1)',
  '!!true',
  '1 - -1',
  '5 % -3',
  '5.5 % 2',
  '10 / 4 * 2',
  '(var.port - 3) / 10',
  'var.sizes["${var.envs[1]}"]',
  'try(var.words["zz"], var.words["a"])',
  'can(var.nothing.x)',
  `"${'${'}${U}}" != ""`,
  `[for e in var.envs : e if e == ${U}]`,
  `{ for e in var.envs : e => ${U} }`,
  `${U} == null`,
  '[for i, e in var.envs : i]',
  '{ for k, v in {} : k => v }',
  '[for s in var.subnets : { for k, v in s : v => k }]',
  '<<EOT\n%{ if var.enabled ~}\non\n%{ endif ~}\nEOT',
  '"a%b${1} 100% $ a$b"',
  '"ü${var.name}"',
  '007',
  '3.0 == 3',
  'var.subnets[*]',
  '[for k, v in var.sizes : "${k}=${v}" if v > 1]',
  '{ for s in var.subnets : s.az => s... }',
  '"${{}}"',
  '!var.enabled ? { a = 1, b = true } : { a = "x", b = false }',
  '!var.enabled ? [1, 2] : ["a"]',
  '!var.enabled ? { a = 1 } : { b = "x" }',
  '[for x in var.envs : "%{ if x == "prod" }P%{ else }S%{ endif }-${x}"]',
  '[\n    for s in var.subnets : # comment inside\n    s.id\n    if s.az != "z" /* block comment */\n  ]',
  '{\n    a = 1 # one\n    b = [\n      2,\n      3,\n    ]\n  }',
  '"quote \\" inside ${"nested \\"q\\""} end"',
  '"${var.name}${var.port}${var.enabled}"',
  '"${"${"${var.name}"}"}"',
  '{ "key with spaces" = 1, "${var.name}-k" = 2 }["dolbom-k"]',
  '[{ l = [{ id = 1 }, { id = 2 }] }, { l = [{ id = 3 }] }][*].l[*].id',
  '[for x in [1, 2] : [for y in [3, 4] : x * y]]',
  '{ for k, v in var.sizes : k => { doubled = v * 2, name = "${k}-x" } }',
  '[for x in ["a", "b"] : { (x) = 1 }]',
  '[for i, s in var.subnets : s.id if i > 0][0]',
  '{ for s in var.subnets : s.id => s }["s-2"].az',
];

/**
 * Patterns real configurations use, mixing the evaluator with the built-in functions (FUNCS):
 * the evaluator's part is argument passing, expansion, unknowns and templates around the calls.
 */
const WITH_FUNCTIONS: string[] = [
  'try(var.subnets[5].id, null)',
  'try(var.subnets[0].id, null)',
  'merge({ a = 1 }, { for k, v in var.sizes : k => v }, { a = 2 })',
  'jsonencode({ name = var.name, ports = [for p in [80, 443] : { port = p }] })',
  'lookup(var.sizes, "dev", 0)',
  'coalesce(var.nothing, "fallback")',
  'flatten([for e in var.envs : [for s in var.subnets : "${e}-${s.az}"]])',
  'length([for s in var.subnets : s if s.az == "a"])',
  'join(",", [for k, v in var.words : "${k}=${v}"])',
  'format("%s-%03d", var.name, var.port)',
  'upper(var.envs[0])',
  'concat(var.envs, ["dev"])',
  'max([3, 1, 2]...)',
  'toset(var.envs)',
  'sort(keys(var.words))',
  'zipmap(var.envs, [for e in var.envs : length(e)])',
  'cidrsubnet("10.0.0.0/16", 8, var.sizes.prod)',
  '[for i, e in var.envs : cidrsubnet("10.0.0.0/16", 8, i)]',
  'contains(var.envs, "prod") ? "yes" : "no"',
  `length([${U}, 1])`,
  `upper(${U})`,
  `merge({ a = ${U} }, { b = 1 })`,
  `jsonencode({ id = ${U} })`,
  `coalesce(${U}, "x")`,
  'replace("a-b-c", "-", "_")',
  'split(",", "a,b,,c")',
  'element(var.envs, 3)',
  'one([for s in var.subnets : s.id if s.az == "b"])',
  'jsonencode(<<EOT\n  line ${var.name}\nEOT\n  )',
  'trimspace(<<-EOT\n    a\n      b\n    EOT\n  )',
  'join("", [<<-EOT\n  ${var.name} tail\n\n    more $${x}\n  EOT\n  ])',
  'upper(<<-EOT\n      x ${var.port}\n        y\n    EOT\n  )',
  '{ for s in setproduct(var.envs, ["a", "b"]) : "${s[0]}-${s[1]}" => s }',
];

/** Expressions terraform rejects: we must reject them too. */
const ERRORS: string[] = [
  'var.envs[5]',
  'var.sizes["dev"]',
  '"a" + 1',
  '"x${var.nothing}"',
  '"x${var.envs}"',
  'var.nothing.x',
  'var.envs.x',
  '{ for s in ["a", "a"] : s => s }',
  '[for s in var.nothing : s]',
  'var.nothing ? 1 : 2',
  'var.enabled ? 1 : false',
  '1 / 0',
  'var.subnets[*].id[0]',
  '!"yes"',
  '"a" < "b"',
  'null + 1',
  '[for c in "abc" : c]',
  'var.sizes.nope',
  '{ for k, v in var.words : v => k if v }',
  'var.envs[1.5]',
  'var.envs[-1]',
  'var.name.x',
  'var.enabled + 1',
  '{ a = 1 }[0]',
  '[1, 2][var.name]',
  'var.port ? 1 : 2',
  'max(var.sizes...)',
  'max(var.nothing...)',
  '[for k in ["b", "a"] : { (k) = upper0 }]',
];

function toComparable(v: Value): unknown {
  if (v instanceof Unknown) return UNKNOWN;
  if (Array.isArray(v)) return v.map(toComparable);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toComparable(x)]));
  }
  return v;
}

function oracleScope() {
  const u = withResourceOrigin({ input: 'x', id: new Unknown('known after apply', [{ address: 'terraform_data.u', attribute: 'id' }]) as Value }, { address: 'terraform_data.u' });
  return rootScope({ var: VARS, terraform_data: { u } }, functions, functionContext(process.cwd()));
}

/** Parse the same configuration text terraform planned and evaluate each output's value. */
async function ours(exprs: readonly string[]): Promise<OracleOutcome[]> {
  const parsed = await parseHclFile('oracle.tf', oracleConfig(PREAMBLE, exprs));
  const scope = oracleScope();
  const out: OracleOutcome[] = [];
  for (let i = 0; i < exprs.length; i++) {
    const raw = parsed.body.output[`e${i}`][0].value;
    try {
      out.push({ ok: true, value: toComparable(await evaluate(raw, scope, { file: 'oracle.tf', line: i })) });
    } catch (err) {
      out.push({ ok: false, error: (err as Error).message });
    }
  }
  return out;
}

describe.skipIf(!terraformPath)(`evaluator vs terraform ${terraformPath ? '' : `(skipped: ${terraformSkipReason})`}`, () => {
  let tfValues: OracleOutcome[];
  let tfErrors: OracleOutcome[];
  let tfFunctions: OracleOutcome[];
  beforeAll(async () => {
    // One plan for everything that succeeds; the functions part is split off after.
    const all = await oracleValues(PREAMBLE, [...VALUES, ...WITH_FUNCTIONS]);
    tfValues = all.slice(0, VALUES.length);
    tfFunctions = all.slice(VALUES.length);
    tfErrors = await oracleEach(PREAMBLE, ERRORS);
  }, 120_000);

  it(`agrees on ${VALUES.length} expressions (one terraform plan)`, async () => {
    const mine = await ours(VALUES);
    const disagreements = VALUES.flatMap((e, i) =>
      canonical(mine[i]) === canonical(tfValues[i]) ? [] : [{ expr: e, terraform: tfValues[i], ours: mine[i] }],
    );
    expect(disagreements).toEqual([]);
  });

  it(`agrees on ${WITH_FUNCTIONS.length} expressions with built-in functions (FUNCS)`, async () => {
    const mine = await ours(WITH_FUNCTIONS);
    const disagreements = WITH_FUNCTIONS.flatMap((e, i) =>
      canonical(mine[i]) === canonical(tfFunctions[i]) ? [] : [{ expr: e, terraform: tfFunctions[i], ours: mine[i] }],
    );
    expect(disagreements).toEqual([]);
  });

  it(`rejects the ${ERRORS.length} expressions terraform rejects`, async () => {
    const mine = await ours(ERRORS);
    const terraformAccepted = ERRORS.filter((_, i) => tfErrors[i]!.ok);
    expect(terraformAccepted, 'the error list must hold only expressions terraform rejects').toEqual([]);
    const weAccepted = ERRORS.flatMap((e, i) => (mine[i]!.ok ? [{ expr: e, ours: mine[i], terraform: tfErrors[i] }] : []));
    expect(weAccepted).toEqual([]);
  });
});
