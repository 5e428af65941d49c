import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { EvaluationError, evaluate, evaluateExpression, references } from '../../../src/load/hcl/expr.js';
import { Unknown, type Value } from '../../../src/model/value.js';
import { parseHclFile } from '../../../src/load/hcl/parse.js';
import { AT, testScope, unknownId } from './expr-helpers.js';

const ev = (raw: unknown) => evaluate(raw, testScope(), AT);

async function err(raw: unknown): Promise<UserError> {
  const e = await ev(raw).then(
    (v) => new Error(`expected an error, got ${JSON.stringify(v)}`),
    (x: unknown) => x,
  );
  if (!(e instanceof UserError)) throw e;
  return e;
}

// Hand-written expectations (terraform 1.11 semantics); the oracle suite checks many against terraform itself.
const CASES: [string, Value][] = [
  ['plain', 'plain'],
  ['${1 + 1}', 2],
  ['n=${1 + 1}', 'n=2'],
  ['${5 / 2}', 2.5],
  ['${7 % 3}', 1],
  ['${0.1 + 0.2}', 0.3],
  ['${-var.port}', -443],
  ['${"a" == "a"}', true],
  ['${"1" == 1}', false],
  ['${var.numstr + 1}', 6],
  ['${var.numstr > 4}', true],
  ['${[1, 2] == [1, 2]}', true],
  ['${{a = 1} != {a = 1}}', false],
  ['${!var.enabled}', false],
  ['${var.enabled && var.port > 80}', true],
  ['${false || var.port == 443}', true],
  ['${var.enabled ? "on" : "off"}', 'on'],
  ['${var.enabled ? 1 : "x"}', '1'],
  ['${var.enabled ? 1 : null}', 1],
  ['${var.name}', 'dolbom'],
  ['${var.port}', 443],
  ['port-${var.port}', 'port-443'],
  ['${var.enabled}-x', 'true-x'],
  ['${var.envs[1]}', 'prod'],
  ['${var.envs["1"]}', 'prod'],
  ['${var.sizes["prod"]}', 3],
  ['${var.sizes.staging}', 1],
  ['${var.subnets[0].id}', 's-1'],
  ['${var.subnets.0.az}', 'a'],
  ['${var.subnets[*].id}', ['s-1', 's-2']],
  ['${var.subnets.*.az}', ['a', 'b']],
  ['${var.subnets.*.id[0]}', 's-1'],
  ['${var.nothing[*]}', []],
  ['${var.name[*]}', ['dolbom']],
  ['${var.sizes[*].prod}', [3]],
  ['${[for e in var.envs : upper(e)]}', ['STAGING', 'PROD']],
  ['${[for i, e in var.envs : "${i}:${e}"]}', ['0:staging', '1:prod']],
  ['${{for k, v in var.sizes : k => v * 2}}', { prod: 6, staging: 2 }],
  ['${[for k, v in var.sizes : k]}', ['prod', 'staging']],
  ['${[for s in var.subnets : s.id if s.az == "b"]}', ['s-2']],
  ['${{for s in ["a", "b", "a"] : s => s...}}', { a: ['a', 'a'], b: ['b'] }],
  ['${{for s in var.subnets : s.az => s.id}}', { a: 's-1', b: 's-2' }],
  ['${sum(1, 2, 3)}', 6],
  ['${sum([1, 2, 3]...)}', 6],
  ['${count_args(1, var.envs...)}', 3],
  ['${slow("later")}', 'later'],
  ['${{a = 1, "b c" = 2, (var.name) = 3}}', { a: 1, 'b c': 2, dolbom: 3 }],
  ['${[1, "two", var.enabled]}', [1, 'two', true]],
  ['${(1 + 2) * 3}', 9],
  ['${1 + 2 * 3}', 7],
  ['$${not.interpolated}', '${not.interpolated}'],
  ['%%{not} a directive', '%{not} a directive'],
  ['${"$${x}"}', '${x}'],
  ['${"a\\nb"}', 'a\nb'],
  ['%{ for e in var.envs }[${e}]%{ endfor }', '[staging][prod]'],
  ['%{ if var.enabled }yes%{ else }no%{ endif }', 'yes'],
  ['%{ if !var.enabled }yes%{ endif }', ''],
  ['${try(var.sizes.dev, 0)}', 0],
  ['${try(var.sizes.prod, 0)}', 3],
  ['${try(upper(1), "fallback")}', 'fallback'],
  ['${can(var.envs[5])}', false],
  ['${can(var.envs[1])}', true],
  ['${aws_instance.api.ami}', 'ami-1'],
  ['${aws_instance.api.tags.Name}', 'api'],
  ['${null}', null],
  ['${1.5e3}', 1500],
];

describe('evaluate: literals, templates, traversals, operators, for, splat, calls', () => {
  it.each(CASES)('%s', async (raw, expected) => {
    expect(await ev(raw)).toEqual(expected);
  });

  it('evaluates JSON structures from hcl2json recursively, object keys as templates', async () => {
    expect(await ev({ a: ['${var.port}', 1, true, null], '${var.name}-key': { n: '${local.n}' }, '$${lit}': 1 })).toEqual({
      a: [443, 1, true, null],
      'dolbom-key': { n: 5 },
      '${lit}': 1,
    });
  });

  it('a syntax error in expression text is a UserError at the given location', async () => {
    const e = await evaluateExpression('var.name +', testScope(), AT).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).format()).toMatch(/^main\.tf:7: Invalid expression/);
  });

  it('evaluates HCL source text with evaluateExpression', async () => {
    expect(await evaluateExpression('[for e in var.envs : "${e}-x"]', testScope(), AT)).toEqual(['staging-x', 'prod-x']);
    expect(await evaluateExpression('"quoted \\"x\\""', testScope(), AT)).toBe('quoted "x"');
  });

  it('renders numbers in strings as terraform does and reads "+2" as a number (terraform: x15000…0, 3, 2)', async () => {
    expect(await evaluateExpression('"x${1.5e300}"', testScope(), AT)).toBe(`x15${'0'.repeat(299)}`);
    expect(await evaluateExpression('"+2" + 1', testScope(), AT)).toBe(3);
    expect(await evaluateExpression('[1, 2, 3]["+1"]', testScope(), AT)).toBe(2);
    expect(await evaluateExpression('"x${0 * -1}"', testScope(), AT)).toBe('x-0');
  });

  it('iterates object keys in terraform\'s byte order, not JavaScript\'s UTF-16 order (U+FB01 before U+1F600, as terraform plans it)', async () => {
    expect(await evaluateExpression('[for k, v in {"\\U0001F600" = 1, "\\uFB01" = 2} : k]', testScope(), AT)).toEqual(['\uFB01', '\u{1F600}']);
  });
});

describe('evaluate: unknown propagation', () => {
  const isUnknownFrom = (v: Value, attribute = 'id') => {
    expect(v).toBeInstanceOf(Unknown);
    expect((v as Unknown).origins).toContainEqual({ address: 'aws_instance.api', attribute });
  };

  it.each([
    '${aws_instance.api.id}',
    'i-${aws_instance.api.id}',
    '${aws_instance.api.id == "x"}',
    '${upper(aws_instance.api.id)}',
    '${local.unknown ? 1 : 2}',
    '${local.unknown + 1}',
    '${true && local.unknown}',
    '${[for x in local.unknown : x]}',
    '${{for x in ["a"] : local.unknown => x}}',
    '${local.unknown[*]}',
    '${try(local.unknown, "x")}',
    '${can(local.unknown)}',
    // terraform 1.11: try and can give no partly known result (a known length of one is fine)
    '${try([1, local.unknown], "x")}',
    '${can([1, local.unknown])}',
    '${can({ a = local.unknown })}',
    '${sum(local.unknown...)}',
  ])('%s is unknown with its origin', async (raw) => {
    isUnknownFrom(await ev(raw));
  });

  it('try and can of a wholly known value or a failing one stay known (terraform 1.11)', async () => {
    expect(await ev('${try([1, local.unknown][0], 0)}')).toBe(1);
    expect(await ev('${try({ a = local.unknown }.b, "fallback")}')).toBe('fallback');
    expect(await ev('${can({ a = local.unknown }.b)}')).toBe(false);
  });

  it('keeps a known list with an unknown element known', async () => {
    const v = (await ev('${[1, aws_instance.api.id]}')) as Value[];
    expect(v[0]).toBe(1);
    expect(v[1]).toBeInstanceOf(Unknown);
  });

  it('a missing attribute of a resource object is known after apply, named by address and path', async () => {
    isUnknownFrom(await ev('${aws_instance.api.arn}'), 'arn');
    isUnknownFrom(await ev('${aws_instance.api.id.something}'), 'id.something');
  });

  it('== on a known value holding unknowns is false when the shapes differ, unknown otherwise (terraform 1.11 plans each so)', async () => {
    // statement.value == true ? defaults : tolist(statement.value), lookup(x, "k", null) != null
    expect(await ev('${[aws_instance.api.id] == true}')).toBe(false);
    expect(await ev('${[aws_instance.api.id] != true}')).toBe(true);
    expect(await ev('${[aws_instance.api.id] == null}')).toBe(false);
    expect(await ev('${null != { a = aws_instance.api.id }}')).toBe(true);
    expect(await ev('${{ a = aws_instance.api.id } == "x"}')).toBe(false);
    expect(await ev('${{ a = aws_instance.api.id } == { b = 1 }}')).toBe(false);
    // a set with unknowns compares unknown whatever the lengths; object attributes in no fixed order
    isUnknownFrom(await ev('${[aws_instance.api.id] == []}'));
    isUnknownFrom(await ev('${["a", aws_instance.api.id] == ["a", "c"]}'));
    isUnknownFrom(await ev('${{ a = "x", b = aws_instance.api.id } == { a = "y", b = "z" }}'));
    isUnknownFrom(await ev('${aws_instance.api.id == [1]}'));
  });

  it('&& and || do not short-circuit over an unknown operand (terraform 1.11)', async () => {
    expect(await ev('${false && local.unknown}')).toBeInstanceOf(Unknown);
    expect(await ev('${true || local.unknown}')).toBeInstanceOf(Unknown);
  });

  it('the unknown carries the origins of every unknown operand', async () => {
    const v = await evaluate('${a.x}-${b.y}', testScope({
      a: { x: new Unknown('known after apply', [{ address: 'aws_vpc.a', attribute: 'id' }]) },
      b: { y: new Unknown('known after apply', [{ address: 'aws_vpc.b', attribute: 'id' }]) },
    }), AT);
    expect((v as Unknown).origins.map((o) => o.address)).toEqual(['aws_vpc.a', 'aws_vpc.b']);
  });

  it('unknownId is the fixture used above', () => {
    expect(unknownId.origins).toHaveLength(1);
  });
});

describe('evaluate: errors name file:line and what is wrong', () => {
  it.each([
    ['${var.missing}', /main\.tf:7: .*attribute named "missing"/],
    ['${nope.x}', /main\.tf:7: Reference to undeclared name "nope"/],
    ['${nofn(1)}', /main\.tf:7: Call to unknown function: there is no function named "nofn"/],
    ['${var.envs[5]}', /main\.tf:7: Invalid index .*index 5, length 2/],
    ['${var.sizes["dev"]}', /Invalid index .*"dev"/],
    ['${"a" + 1}', /a number is required \(got string "a"\)/],
    ['x${var.nothing}', /Invalid template interpolation value: the expression result is null/],
    ['x${var.envs}', /cannot include a list in a string template/],
    ['${var.nothing.x}', /Attempt to get attribute "x" from null value/],
    ['${var.envs.x}', /can't access attributes on a list of objects/],
    ['${{for s in ["a", "a"] : s => s}}', /Duplicate object key .*"a"/],
    ['${[for s in var.nothing : s]}', /Iteration over null value/],
    ['${[for s in var.name : s]}', /Iteration over non-iterable value/],
    ['${var.nothing ? 1 : 2}', /the value is null; a bool is required/],
    ['${var.enabled ? 1 : false}', /Inconsistent conditional result types/],
    ['${upper(1)}', /Error in function call upper\(\): upper: a string is required/],
    ['${1 / 0}', /divide by zero/],
    ['${var.subnets[*].id[0]}', /this value does not have any indices \(string\)/],
    ['${try(var.nothing.x)}', /try\(\): no expression succeeded/],
    ['${sum(var.nothing...)}', /must not be null/],
  ])('%s', async (raw, message) => {
    const e = await err(raw);
    expect(e.format()).toMatch(message);
    expect(e.location).toEqual(AT);
  });

  it('an error inside a multi-line expression names its own line', async () => {
    const parsed = await parseHclFile(
      'multi.tf',
      'locals {\n  ok = 1\n  merged = count_args(\n    var.sizes,\n    { x = var.missing }\n  )\n  list = [\n    for s in var.subnets :\n    s.nope\n  ]\n}\n',
    );
    const at = (name: string) => parsed.blocks[0]!.attributes[name]!;
    const e1 = await evaluate(parsed.body.locals[0].merged, testScope(), at('merged')).catch((x: unknown) => x);
    expect((e1 as UserError).format()).toMatch(/^multi\.tf:5: .*"missing"/);
    const e2 = await evaluate(parsed.body.locals[0].list, testScope(), at('list')).catch((x: unknown) => x);
    expect((e2 as UserError).format()).toMatch(/^multi\.tf:9: .*"nope"/);
  });

  it('try and can do not hide static errors (undeclared names, unknown functions)', async () => {
    expect((await err('${try(nope.x, 1)}')).message).toMatch(/undeclared/);
    expect((await err('${can(nofn())}')).message).toMatch(/unknown function/);
    expect(await err('${try(nope.x, 1)}')).toBeInstanceOf(EvaluationError);
  });

  it('the unchosen result of a conditional may fail without error (terraform ignores it)', async () => {
    expect(await ev('${length0(var.envs) > 0 ? 1 : 2}').catch((e: Error) => e.message)).toMatch(/unknown function/);
    expect(await ev('${var.enabled ? var.envs[0] : var.envs[9]}')).toBe('staging');
  });
});

describe('references', () => {
  it('lists traversals in source order, without for-expression variables, stopping at dynamic indexes', async () => {
    expect(
      await references({
        a: '${aws_instance.api[0].id}-${var.name}',
        b: ['${[for s in var.subnets : s.id if s.az != local.az]}'],
        '${module.env["prod"].out}': '${var.sizes[var.env]}',
        c: 'plain',
        d: 3,
      }),
    ).toEqual(['aws_instance.api[0].id', 'var.name', 'var.subnets', 'local.az', 'module.env["prod"].out', 'var.sizes', 'var.env']);
  });
});
