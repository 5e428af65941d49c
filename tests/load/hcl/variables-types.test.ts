import { describe, expect, it } from 'vitest';
import { convertValue, parseTypeConstraint, resolveDefaults, typeString, ConversionError } from '../../../src/load/hcl/types.js';
import { traversalsOf } from '../../../src/load/hcl/config-refs.js';
import { Unknown } from '../../../src/model/value.js';
import { UserError } from '../../../src/errors.js';

const at = { file: 'variables.tf', line: 3 };

describe('type constraints', () => {
  it('parses nested constraints with optional attributes and defaults', () => {
    const t = parseTypeConstraint('${map(object({ cidr = string, az = optional(string, "a"), ports = optional(list(number), [80, 443]) }))}', at);
    expect(typeString(t)).toBe('map(object({cidr=string, az=optional(string), ports=optional(list(number))}))');
    if (t.kind !== 'map' || t.element.kind !== 'object') throw new Error('shape');
    expect(t.element.attributes.az.defaultText).toBe('"a"');
    expect(t.element.attributes.ports.defaultText).toBe('[80, 443]');
  });

  it('names the file and line of a bad constraint', () => {
    expect(() => parseTypeConstraint('lst(string)', at)).toThrow(UserError);
    try {
      parseTypeConstraint('lst(string)', at);
    } catch (e) {
      expect((e as UserError).format()).toMatch(/^variables\.tf:3: Invalid type constraint .*unknown type "lst"/);
    }
  });

  it('accepts the bare collection keywords as collections of any', () => {
    expect(typeString(parseTypeConstraint('${list}', at))).toBe('list(any)');
    expect(typeString(parseTypeConstraint('map', at))).toBe('map(any)');
  });

  it('parses tuple and multi-line object types', () => {
    const t = parseTypeConstraint('tuple([string, number, bool])', at);
    expect(typeString(t)).toBe('tuple([string, number, bool])');
    const o = parseTypeConstraint('object({\n  a = string # comment\n  b = number\n})', at);
    expect(typeString(o)).toBe('object({a=string, b=number})');
  });
});

describe('conversion as terraform does for variables', () => {
  it('converts primitives both ways where terraform allows it', () => {
    expect(convertValue(5, { kind: 'string' })).toBe('5');
    expect(convertValue(true, { kind: 'string' })).toBe('true');
    expect(convertValue('42', { kind: 'number' })).toBe(42);
    expect(convertValue('false', { kind: 'bool' })).toBe(false);
    expect(() => convertValue('abc', { kind: 'number' })).toThrow(ConversionError);
    expect(() => convertValue('yes', { kind: 'bool' })).toThrow(/bool required/);
  });

  it('applies optional defaults, nested, and drops undeclared attributes', async () => {
    const t = parseTypeConstraint('map(object({ cidr = string, public = optional(bool, false), ports = optional(list(number)) }))', at);
    await resolveDefaults(t, async (text) => JSON.parse(text));
    const v = convertValue({ a: { cidr: '10.0.0.0/24', extra: 1 }, b: { cidr: '10.0.1.0/24', public: true, ports: ['80'] } }, t);
    expect(v).toEqual({
      a: { cidr: '10.0.0.0/24', public: false, ports: null },
      b: { cidr: '10.0.1.0/24', public: true, ports: [80] },
    });
  });

  it('requires non-optional object attributes, naming the path', () => {
    const t = parseTypeConstraint('list(object({ name = string }))', at);
    expect(() => convertValue([{ name: 'a' }, {}], t)).toThrow('attribute "name" is required at 1');
  });

  it('sets are unique and sorted; unknowns pass through', () => {
    expect(convertValue(['b', 'a', 'b'], { kind: 'set', element: { kind: 'string' } })).toEqual(['a', 'b']);
    expect(convertValue([3, 1, 2], { kind: 'set', element: { kind: 'number' } })).toEqual([1, 2, 3]);
    const u = new Unknown('x');
    expect(convertValue(u, { kind: 'string' })).toBe(u);
    expect(convertValue(null, { kind: 'number' })).toBe(null);
  });

  it('sets are in the order toset() gives: false before true, objects by content whatever their key order', () => {
    expect(convertValue([true, false], parseTypeConstraint('set(bool)', at))).toEqual([false, true]);
    const objects = convertValue(
      [
        { b: 'y', a: 'x' },
        { a: 'x', b: 'y' },
      ],
      parseTypeConstraint('set(map(string))', at),
    );
    expect(objects).toEqual([{ a: 'x', b: 'y' }]);
  });

  it('a set holding an unknown has an unknown size, so as a list it is unknown', () => {
    const u = new Unknown('known after apply', [{ address: 'aws_instance.a', attribute: 'id' }]);
    const set = convertValue(['a', u], parseTypeConstraint('set(string)', at));
    expect(set).toEqual(['a', u]);
    const list = convertValue(set, parseTypeConstraint('list(string)', at));
    expect(list).toBeInstanceOf(Unknown);
    expect((list as Unknown).origins).toEqual(u.origins);
    expect(convertValue(['a', u], parseTypeConstraint('list(string)', at))).toEqual(['a', u]);
  });

  it('rejects a tuple of the wrong length and a map for a list', () => {
    expect(() => convertValue([1], parseTypeConstraint('tuple([number, number])', at))).toThrow(/2 elements/);
    expect(() => convertValue({ a: 1 }, parseTypeConstraint('list(number)', at))).toThrow(/list of number required/);
  });
});

describe('reference scan', () => {
  const roots = (raw: unknown) => traversalsOf(raw).map((t) => t.parts.join('.'));
  it('finds traversals in interpolations only, with literal keys', () => {
    expect(roots('plain aws_instance.a.id')).toEqual([]);
    expect(roots('${aws_instance.a[0].id}-${var.x}')).toEqual(['aws_instance.a.0.id', 'var.x']);
    expect(roots({ k: '${module.vpc["x"].out}' })).toEqual(['module.vpc.x.out']);
    expect(roots('$${var.escaped}')).toEqual([]);
  });
  it('skips function names and attribute steps of other expressions, follows nested templates', () => {
    const r = roots('${join(",", [for s in local.subnets : "${s.id}-${var.suffix}"])}');
    expect(r).toContain('local.subnets');
    expect(r).toContain('var.suffix');
    expect(r).not.toContain('join');
    expect(roots('${lookup(var.m, "k").attr}')).toEqual(['var.m']);
  });
  it('marks bracketed keys', () => {
    const [t] = traversalsOf('${aws_subnet.private["a"].id}');
    expect(t.parts).toEqual(['aws_subnet', 'private', 'a', 'id']);
    expect(t.keyed.has(2)).toBe(true);
  });
});
