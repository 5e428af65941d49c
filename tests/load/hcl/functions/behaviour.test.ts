/**
 * What the differential oracle cannot show: where unknowns come from, error wording, the
 * FunctionContext hooks, and results terraform itself computes differently (base64gzip bytes).
 */
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Unknown, type ObjectValue, type Value } from '../../../../src/model/value.js';
import { FunctionError, functions, formatNumber, jsonEncode, type FunctionContext } from '../../../../src/load/hcl/functions/index.js';
import { fixturesDir } from './oracle.js';

const ctx: FunctionContext = {
  cwd: fixturesDir,
  renderTemplate: async () => {
    throw new Error('renderTemplate not expected here');
  },
};

const call = (name: string, ...args: Value[]) => functions[name]!(args, ctx);
const sg = new Unknown('known after apply', [{ address: 'aws_security_group.api', attribute: 'id' }]);
const subnet = new Unknown('known after apply', [{ address: 'aws_subnet.a', attribute: 'id' }]);

describe('unknown propagation', () => {
  it('1. a function of an unknown is unknown and keeps where it came from', async () => {
    const v = await call('upper', sg);
    expect(v).toBeInstanceOf(Unknown);
    expect((v as Unknown).origins).toEqual([{ address: 'aws_security_group.api', attribute: 'id' }]);
  });

  it('2. unknowns from several arguments merge their origins, once each', async () => {
    const v = (await call('join', ',', [sg, subnet, sg])) as Unknown;
    expect(v).toBeInstanceOf(Unknown);
    expect(v.origins.map((o) => o.address)).toEqual(['aws_security_group.api', 'aws_subnet.a']);
  });

  it('3. merge keeps known tags known and the unknown one unknown', async () => {
    const v = (await call('merge', { Project: 'dolbom', Name: 'x' }, { Name: sg })) as ObjectValue;
    expect(v.Project).toBe('dolbom');
    expect(v.Name).toBe(sg);
  });

  it('4. length of a known list with unknown elements is known; lookup returns the unknown element', async () => {
    expect(await call('length', [sg, subnet])).toBe(2);
    expect(await call('lookup', { a: sg }, 'a', 'x')).toBe(sg);
    expect(await call('element', ['a', subnet], 1)).toBe(subnet);
  });

  it('4b. a set holding an unknown has an unknown size (it may collapse): length, tolist, sort of it are unknown', async () => {
    const set = await call('toset', ['a', sg]);
    expect(set).toEqual(['a', sg]);
    for (const name of ['length', 'tolist', 'sort', 'one']) {
      const v = (await call(name, set)) as Unknown;
      expect(v, name).toBeInstanceOf(Unknown);
      expect(v.origins, name).toEqual([{ address: 'aws_security_group.api', attribute: 'id' }]);
    }
    expect(await call('length', await call('setunion', ['a'], [sg]))).toBeInstanceOf(Unknown);
    expect(await call('length', await call('toset', [sg, subnet]))).toBeInstanceOf(Unknown);
    // one element cannot collapse with another, and a list keeps its length
    expect(await call('length', await call('toset', [sg]))).toBe(1);
    expect(await call('length', await call('sort', ['b', sg]))).toBe(2);
  });

  it('5. contains is true on a known match even next to unknowns, unknown otherwise', async () => {
    expect(await call('contains', ['a', sg], 'a')).toBe(true);
    expect(await call('contains', ['a', sg], 'b')).toBeInstanceOf(Unknown);
  });

  it('6. timestamp, plantimestamp, uuid and bcrypt are unknown with a reason a person understands', async () => {
    for (const [name, args] of [['timestamp', []], ['plantimestamp', []], ['uuid', []], ['bcrypt', ['pw']]] as const) {
      const v = (await call(name, ...args)) as Unknown;
      expect(v, name).toBeInstanceOf(Unknown);
      expect(v.reason).toMatch(new RegExp(name.replace('()', '')));
    }
  });

  it('6b. plantimestamp() is the plan time when the evaluation reproduces a plan (FunctionContext.planTimestamp), and formatdate of it is known', async () => {
    const atPlan: FunctionContext = { ...ctx, planTimestamp: '2026-12-02T13:07:31Z' };
    expect(await functions.plantimestamp!([], atPlan)).toBe('2026-12-02T13:07:31Z');
    // by hand: 2026-12-02 13:07:31 UTC in terraform's formatdate verbs
    expect(await functions.formatdate!(['YYYYMMDDhhmmss', await functions.plantimestamp!([], atPlan)], atPlan)).toBe('20261202130731');
    expect(await functions.formatdate!(['EEE, DD MMM YYYY hh:mm ZZZ', await functions.plantimestamp!([], atPlan)], atPlan)).toBe('Wed, 02 Dec 2026 13:07 UTC');
    // timestamp() is the time of apply: unknown to the plan too, whatever the plan time
    expect(await functions.timestamp!([], atPlan)).toBeInstanceOf(Unknown);
    // without a plan time a formatdate of it stays unknown and says why
    const v = await functions.formatdate!(['YYYYMMDDhhmmss', await call('plantimestamp')], ctx);
    expect(v).toBeInstanceOf(Unknown);
    expect((v as Unknown).reason).toMatch(/plantimestamp\(\) is the time terraform plans/);
  });

  it('7. sensitive and nonsensitive pass values (and unknowns) through', async () => {
    expect(await call('sensitive', { a: 1 })).toEqual({ a: 1 });
    expect(await call('nonsensitive', sg)).toBe(sg);
  });
});

describe('errors name the function and what is wrong', () => {
  const failure = async (name: string, ...args: Value[]) => {
    try {
      await call(name, ...args);
    } catch (e) {
      return e as FunctionError;
    }
    throw new Error(`${name} did not fail`);
  };

  it('1. cidrsubnet beyond the address space', async () => {
    const e = await failure('cidrsubnet', '10.0.0.0/30', 4, 0);
    expect(e).toBeInstanceOf(FunctionError);
    expect(e.message).toBe('cidrsubnet(): insufficient address space to extend prefix of 30 by 4');
    expect(e.fn).toBe('cidrsubnet');
    expect(e.detail).toBe('insufficient address space to extend prefix of 30 by 4');
  });

  it('2. a subnet number the extension cannot hold', async () => {
    expect((await failure('cidrsubnet', '10.0.0.0/24', 2, 4)).message).toMatch(/prefix extension of 2 does not accommodate a subnet numbered 4/);
  });

  it('3. wrong number of arguments', async () => {
    expect((await failure('upper')).message).toBe('upper(): expected 1 argument, got 0');
    expect((await failure('lookup', { a: 1 }, 'a', 1, 2)).message).toMatch(/^lookup\(\): expected 2 or 3 arguments/);
  });

  it('4. a missing map key without a default', async () => {
    expect((await failure('lookup', { a: 1 }, 'b')).message).toBe('lookup(): lookup failed to find key "b"');
  });

  it('5. a file that is not there names the path as written', async () => {
    expect((await failure('file', 'nope/missing.txt')).message).toMatch(/^file\(\): no file exists at "nope\/missing.txt"/);
  });

  it('6. a type that cannot be converted names the parameter', async () => {
    expect((await failure('abs', 'x')).message).toMatch(/^abs\(\): invalid value for "num": a number is required/);
  });

  it('7. rsadecrypt says it is not supported rather than guessing', async () => {
    expect((await failure('rsadecrypt', 'eA==', 'key')).message).toMatch(/^rsadecrypt\(\): is not supported/);
  });

  it('8. formatlist names the failing iteration', async () => {
    expect((await failure('formatlist', '%d', ['1', 'x'])).message).toMatch(/^formatlist\(\): error on format iteration 1: /);
  });
});

describe('templatefile', () => {
  it('1. reads the file relative to cwd and hands text, vars and the absolute path to renderTemplate', async () => {
    const seen: unknown[] = [];
    const recording: FunctionContext = {
      cwd: fixturesDir,
      renderTemplate: async (text, vars, file) => {
        seen.push(text, vars, file);
        return 'rendered';
      },
    };
    const result = await functions.templatefile!(['greeting.tftpl', { name: 'Ana', list: [] }], recording);
    expect(result).toBe('rendered');
    expect(seen[0]).toContain('Hello, ${name}!');
    expect(seen[1]).toEqual({ name: 'Ana', list: [] });
    expect(seen[2]).toBe(`${fixturesDir}/greeting.tftpl`);
  });

  it('2. an unknown path is unknown; vars with unknowns still render (the template decides)', async () => {
    expect(await functions.templatefile!([sg, {}], ctx)).toBe(sg);
    const recording: FunctionContext = { cwd: fixturesDir, renderTemplate: async (_t, vars) => vars.name! };
    expect(await functions.templatefile!(['greeting.tftpl', { name: sg }], recording)).toBe(sg);
  });

  it('3. vars must be an object', async () => {
    await expect(Promise.resolve().then(() => functions.templatefile!(['greeting.tftpl', ['x']], ctx))).rejects.toThrow(/templatefile\(\): vars must be a map or object/);
  });
});

describe('values terraform computes with other bytes', () => {
  it('1. base64gzip decompresses to the input (the deflate stream differs from Go\'s, the content does not)', async () => {
    const out = (await call('base64gzip', 'hello\nworld')) as string;
    const raw = Buffer.from(out, 'base64');
    expect([...raw.subarray(0, 4)]).toEqual([0x1f, 0x8b, 8, 0]);
    expect(raw[9]).toBe(0xff); // OS "unknown", as Go writes it
    expect(gunzipSync(raw).toString('utf8')).toBe('hello\nworld');
  });
});

describe('helpers the evaluator shares', () => {
  it('1. formatNumber prints terraform\'s plain decimal notation', () => {
    expect([1e21, 1e-7, 5, -2.5, 123456789012, 0.1].map(formatNumber)).toEqual(['1000000000000000000000', '0.0000001', '5', '-2.5', '123456789012', '0.1']);
  });

  it('2. jsonEncode sorts keys (also integer-like ones) and escapes HTML characters', () => {
    expect(jsonEncode({ b: 1, '10': 2, '2': 3, a: '<&>' })).toBe('{"10":2,"2":3,"a":"\\u003c\\u0026\\u003e","b":1}');
  });
});
