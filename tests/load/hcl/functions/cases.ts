/**
 * Calls of the built-in functions, checked against terraform. `doc` holds the result terraform's
 * documentation gives for its examples; every case also has terraform's observed result in
 * recorded.json (written by `oracle.ts --record`), so the suite runs without terraform too.
 *
 * An argument is a JSON-like literal, `U` (a value unknown until apply: terraform_data.u.id), or
 * `hcl(text, value)` (an HCL expression such as `tolist([...])` and the value it stands for).
 */
import type { Value } from '../../../../src/model/value.js';

export type Arg = Value | { $unknown: 'string' | 'list' | 'map' } | { $hcl: string; value: Arg } | Arg[] | { [k: string]: Arg };

export interface Case {
  fn: string;
  args: Arg[];
  /** the last argument is expanded (`f(x...)`) */
  expand?: boolean;
  /** terraform's documented result; `{ $error: true }` for a documented error */
  doc?: unknown;
  /** depends on this machine or the clock (home directory, absolute paths, plan time): compared only against live terraform */
  machineSpecific?: boolean;
  /** where we deliberately differ from terraform: our result, and why */
  diverges?: { ours: unknown; why: string };
}

/** Unknown until apply: a string (terraform_data.u.id), a list (terraform_data.l.output), a map (terraform_data.m.output). */
export const U = { $unknown: 'string' } as const;
export const UL = { $unknown: 'list' } as const;
export const UM = { $unknown: 'map' } as const;
export const hcl = (text: string, value: Arg): Arg => ({ $hcl: text, value });
const ERR = { $error: true };

const c = (fn: string, ...args: Arg[]): Case => ({ fn, args });
const d = (doc: unknown, fn: string, ...args: Arg[]): Case => ({ fn, args, doc });

export const CASES: Case[] = [
  // numeric
  d(23, 'abs', 23), d(0, 'abs', 0), d(12.4, 'abs', -12.4),
  d(5, 'ceil', 5), d(6, 'ceil', 5.1), d(5, 'floor', 5), d(4, 'floor', 4.9),
  d(1.6989700043360185, 'log', 50, 10), d(4, 'log', 16, 2), d(0, 'log', 1, 10), c('log', 8, 2),
  d(54, 'max', 12, 54, 3), d(3, 'min', 12, 54, 3), { fn: 'max', args: [[12, 54, 3]], expand: true, doc: 54 },
  c('max'), c('max', '7', 3),
  d(100, 'parseint', '100', 10), d(255, 'parseint', 'FF', 16), d(-16, 'parseint', '-10', 16),
  d(48879, 'parseint', '1011111011101111', 2), d(656, 'parseint', 'aA', 62), d(ERR, 'parseint', '12', 2),
  c('parseint', 'zZ', 62), c('parseint', '', 10), c('parseint', '10', 1),
  d(9, 'pow', 3, 2), d(1, 'pow', 4, 0), c('pow', 2, 0.5), c('pow', 2, -1),
  d(-1, 'signum', -13), d(0, 'signum', 0), d(1, 'signum', 344),
  c('abs', '-3'), c('abs', 'x'), c('abs', U), c('abs', null),

  // strings
  d('hello', 'chomp', 'hello\n'), d('hello', 'chomp', 'hello\r\n'), d('hello', 'chomp', 'hello\n\n'), c('chomp', 'a\n b'),
  d(true, 'endswith', 'hello world', 'world'), d(false, 'endswith', 'hello world', 'hello'),
  d(true, 'startswith', 'hello world', 'hello'), d(false, 'startswith', 'hello world', 'world'),
  d(true, 'strcontains', 'hello world', 'wor'), d(false, 'strcontains', 'hello world', 'wod'),
  d('[\n    foo,\n    bar,\n  ]\n  ', 'indent', 2, '[\n  foo,\n  bar,\n]\n'),
  c('indent', 2, 'a\nb\n'), c('indent', 0, 'a\nb'),
  d('foo, bar, baz', 'join', ', ', ['foo', 'bar', 'baz']), d('foo', 'join', ', ', ['foo']),
  c('join', '-', ['a'], ['b', 'c']), c('join', '-', [1, true, 'x']), c('join', '-', ['a', null]), c('join', ','),
  d('hello', 'lower', 'HELLO'), d('алло!', 'lower', 'АЛЛО!'), d('HELLO', 'upper', 'hello'), d('АЛЛО!', 'upper', 'алло!'),
  c('upper', 'straße'), c('lower', 'İSTANBUL'),
  d('1 - 2 - 3', 'replace', '1 + 2 + 3', '+', '-'),
  d('hello everybody', 'replace', 'hello world', '/w.*d/', 'everybody'),
  c('replace', 'a-b-c', '/(\\w)-/', '$1x$$'), c('replace', 'a-b-c', '/(\\w)-/', '${1}x'), c('replace', 'abc', '', '-'),
  c('replace', 'banana', '/(?P<first>a)(n)/', '<${first}|$2>'), c('replace', 'aaa', '/a*/', 'X'), c('replace', 'xyz', '/a*/', '-'),
  c('replace', 'Hello World', '/(?i)WORLD/', 'there'), c('replace', 'a.b.c', '.', '/'), c('replace', 'a1b22', '/\\d+/', '#'),
  d(['foo', 'bar', 'baz'], 'split', ',', 'foo,bar,baz'), d(['foo'], 'split', ',', 'foo'), d([''], 'split', ',', ''),
  c('split', '', 'abc'), c('split', ', ', 'a, b,c'),
  d('olleh', 'strrev', 'hello'), d('a☃', 'strrev', '☃a'), c('strrev', 'e\u0301x'),
  d('hello', 'substr', 'hello world', 0, 5), d('world', 'substr', 'hello world', 6, 10), d('🤔', 'substr', '🤔🤷', 0, 1),
  d('world', 'substr', 'hello world', -5, -1), c('substr', 'hello', 1, 100), c('substr', 'hello', 10, 2), c('substr', 'hello', -10, 2),
  c('substr', 'hello', 1.5, 2), c('substr', 'héllo', 1, 1),
  d('Hello World', 'title', 'hello world'), c('title', "hello wORLD-foo_bar o'neil 3d"), c('title', 'élan vital'),
  d('hello', 'trim', '?!hello?!', '!?'), d('oob', 'trim', 'foobar', 'far'), d('hello! world.', 'trim', '   hello! world.!  ', '! '), c('trim', 'xxhixx', 'x'), c('trim', 'abc', ''),
  d('world', 'trimprefix', 'helloworld', 'hello'), d('helloworld', 'trimprefix', 'helloworld', 'cat'),
  d('hello', 'trimsuffix', 'helloworld', 'world'), c('trimsuffix', 'hello', ''),
  d('hello', 'trimspace', '  hello\n\n'), c('trimspace', '\t\u00a0 x \u2003\n'),
  c('chomp', U), c('upper', 5), c('upper', true), c('upper', ['a']), c('startswith', U, 'a'),

  // format / formatlist
  d('Hello, Ander!', 'format', 'Hello, %s!', 'Ander'), d('There are 4 lights', 'format', 'There are %d lights', 4),
  c('format', '%v|%#v|%5.2f|%q|%x|%e|%g', 1.5, { a: 1 }, 3.14159, 'hi', 255, 12345.678, 0.0001),
  c('format', '%v %v %v %v %v', 1234567, 123456, 0.00001, 1e21, -0.5),
  c('format', '%q', 'é\n\t<'), c('format', '%#x %08.3f %+d %-5s| %05s %.1s %e %G %.3g %10.4e', 255, 3.14159, 5, 'ab', 'ab', 'héllo', 0, 1e-7, 1234.5678, 123456789),
  c('format', '%v', hcl('tostring(null)', null)), c('format', '%s', hcl('tostring(null)', null)), c('format', '%d', 1.5), c('format', '%s', 'a', 'b'), c('format', '%s %s', 'a'),
  c('format', '%[2]s %[1]s %s', 'a', 'b'), c('format', '%t %t', true, 'false'), c('format', '%t', 'yes'),
  c('format', '%d', '12'), c('format', '%s', 12.5), c('format', '%b %o %X %#o %#b', 5, 8, 255, 8, 5),
  c('format', '%5d|%-5d|%05d|%.3d|% d|%+.2f|%x', 42, 42, 42, 7, 42, 3.14159, -255), c('format', '%%|%5%'),
  c('format', '%v', [1, 'a', true]), c('format', '%#v', 'str'), c('format', '%#v', 1.5), c('format', '%s', [1]),
  c('format', '%y', 1), c('format', '%', 1), c('format', '%6.2f|%-8.3e|%g|%g|%G', 3.14159, 1234.5, 100000, 1000000, 1e-10),
  c('format', '%.0f %.0f %.0f %.1f', 0.5, 1.5, 2.5, 0.25), c('format', '%f', 1e22), c('format', '%.2f', 2.675),
  c('format', '%s-%s', U, 'x'), c('format', 'x%s', 'a', U),
  d(['Hello, Valentina!', 'Hello, Ander!', 'Hello, Olivia!', 'Hello, Sam!'], 'formatlist', 'Hello, %s!', ['Valentina', 'Ander', 'Olivia', 'Sam']),
  d(['weird, Valentina!', 'weird, Ander!'], 'formatlist', '%s, %s!', 'weird', ['Valentina', 'Ander']),
  c('formatlist', '%s=%d', ['a', 'b'], [1, 2]), c('formatlist', '%s=%d', ['a', 'b'], [1]), c('formatlist', 'x'), c('formatlist', '%s', []),
  c('formatlist', '%s-%s', ['a', U], 'z'),

  // regex
  d('aaabbbccc', 'regex', '[a-z]+', '53453453.345345aaabbbccc23454'),
  d(['2019', '02', '01'], 'regex', '(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)', '2019-02-01'),
  d({ authority: 'terraform.io', scheme: 'https' }, 'regex', '^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?', 'https://terraform.io/docs/'),
  d(ERR, 'regex', '[a-z]+', '53453453.34534523454'),
  d(['abcd', 'efgh'], 'regexall', '[a-z]+', '1234abcd5678efgh9'), d([], 'regexall', '[a-z]+', '123456789'),
  d(2, 'length', hcl('regexall("[a-z]+", "1234abcd5678efgh9")', ['abcd', 'efgh'])),
  c('regex', '(a)?(b)', 'b'), c('regex', '(?P<x>a)(?P<y>b)?', 'a'), c('regex', '(?P<x>a)(b)', 'ab'), c('regexall', 'a*', 'baaab'),
  c('regexall', '(\\w+)=(\\w+)', 'a=1 b=2'), c('regex', '\\Aab\\z', 'ab'), c('regex', '[[:alpha:]]+', '12abc3'), c('regex', '\\pL+', '12héllo3'),
  c('regex', '(?i)hello', 'Say HELLO'), c('regex', '(?s)a.b', 'a\nb'), c('regex', 'a.b', 'a\nb'), c('regex', '(?m)^b$', 'a\nb\nc'),
  c('regex', '\\Qa.b\\E', 'xa.by'), c('regex', 'a{2}', 'caaat'), c('regex', 'x{', 'ax{b'), c('regex', '[', 'a'), c('regex', '\\-\\#', 'a-#b'),
  c('regexall', '', 'abc'), c('regex', 'é+', 'caféé'), c('regexall', '\\d', U),

  // collections
  d(true, 'alltrue', ['true', true]), d(false, 'alltrue', [true, false]), d(true, 'alltrue', []), c('alltrue', [true, U]), c('alltrue', [false, U]),
  d(true, 'anytrue', ['true']), d(true, 'anytrue', [true, false]), d(false, 'anytrue', []), c('anytrue', [true, U]), c('anytrue', [false, U]),
  c('alltrue', ['yes']), c('alltrue', [null]),
  d([['a', 'b'], ['c', 'd'], ['e']], 'chunklist', ['a', 'b', 'c', 'd', 'e'], 2), d([['a'], ['b'], ['c'], ['d'], ['e']], 'chunklist', ['a', 'b', 'c', 'd', 'e'], 1),
  c('chunklist', [1, 2, 3], 0), c('chunklist', [], 2), c('chunklist', [1], -1),
  d('a', 'coalesce', 'a', 'b'), d('b', 'coalesce', '', 'b'), d(1, 'coalesce', 1, 2), { fn: 'coalesce', args: [['', 'b']], expand: true, doc: 'b' },
  c('coalesce', 1, 'hello'), c('coalesce', null, '', null), c('coalesce', null, 3), c('coalesce', U, 'x'), c('coalesce', 'x', U), c('coalesce', ['a'], 'b'),
  d(['a', 'b'], 'coalescelist', ['a', 'b'], ['c', 'd']),
  d(['c', 'd'], 'coalescelist', [], ['c', 'd']), c('coalescelist', [], []), c('coalescelist', null, [1]), c('coalescelist', 'a'),
  d(['a', 'b', 'c'], 'compact', ['a', '', 'b', null, 'c']),
  c('compact', ['a', null, '', 'b']), c('compact', [1, '', 2]),
  d(['a', '', 'b', 'c'], 'concat', ['a', ''], ['b', 'c']),
  c('concat', ['a'], [1]), c('concat'), c('concat', ['a'], 'b'), c('concat', [U], ['x']), c('concat', UL, ['x']), { fn: 'concat', args: [U, ['x']], diverges: { ours: { $unknown: true }, why: 'an unknown carries no type here, so an unknown string passed as a list cannot be rejected' } },
  d(true, 'contains', ['a', 'b', 'c'], 'a'), d(false, 'contains', ['a', 'b', 'c'], 'd'), c('contains', ['1'], 1), c('contains', [[1]], [1]),
  c('contains', [{ a: 1 }], { a: 1 }), c('contains', ['a', U], 'a'),
  d(['a', 'b', 'c', 'd'], 'distinct', ['a', 'b', 'a', 'c', 'd', 'b']), c('distinct', ['a', 1, '1']), c('distinct', [[1], [1], [2]]),
  d('b', 'element', ['a', 'b', 'c'], 1), d('a', 'element', ['a', 'b', 'c'], 3), d('c', 'element', ['a', 'b', 'c'], hcl('length(["a", "b", "c"]) - 1', 2)),
  c('element', ['a', 'b'], -1), c('element', [], 0), c('element', ['a', U], 1), c('element', ['a', U], 0), c('element', ['a'], 1.5),
  d(['a', 'b', 'c'], 'flatten', [['a', 'b'], [], ['c']]), d(['a', 'b', 'c'], 'flatten', [[['a', 'b'], []], ['c']]),
  c('flatten', [[1, [2, [3]]], [], 4]), c('flatten', [{ a: [1] }, [2]]), { fn: 'flatten', args: [[['a', U], ['b']]], diverges: { ours: { $unknown: true }, why: 'an unknown element might itself be a list (no types here), so the shape of the result is unknown' } }, c('flatten', 'x'),
  d(1, 'index', ['a', 'b', 'c'], 'b'), c('index', ['a'], 'z'), c('index', [1, 2], '2'),
  d(['a', 'c', 'd'], 'keys', { a: 1, c: 2, d: 3 }), c('keys', { b: 1, '10': 2, '2': 3, B: 4 }),
  c('keys', { a: U }), c('keys', ['a']),
  d(0, 'length', []), d(1, 'length', ['']), d(2, 'length', ['a', 'b']), d(2, 'length', { a: 'b', c: 'd' }), d(5, 'length', 'hello'),
  d(2, 'length', '👾🕹️'), c('length', 'e\u0301'), c('length', [U, 'x']), c('length', 5), c('length', '🕹️'),
  d('ay', 'lookup', { a: 'ay', b: 'bee' }, 'a', 'what?'), d('what?', 'lookup', { a: 'ay', b: 'bee' }, 'c', 'what?'),
  c('lookup', { a: 1 }, 'a'), c('lookup', { a: 1 }, 'b'), c('lookup', { a: 1 }, 'a', 'd'), c('lookup', { a: U }, 'a', 'd'), c('lookup', { a: 'x' }, U, 'd'),
  c('lookup', { a: 'x' }, 'a', 'b', 'c'),
  d(['i-abc', 'i-def'], 'matchkeys', ['i-123', 'i-abc', 'i-def'], ['us-west', 'us-east', 'us-east'], ['us-east']),
  c('matchkeys', ['a', 'b', 'c'], ['x', 'y', 'z'], ['z', 'x']), c('matchkeys', ['a'], ['x', 'y'], ['x']), c('matchkeys', [1, 2], [1, 2], ['2']),
  d({ a: 'b', c: 'z', e: 'f' }, 'merge', { a: 'b', c: 'd' }, { e: 'f', c: 'z' }), d({ a: [1, 2], c: 'z', d: 3 }, 'merge', { a: 'b' }, { a: [1, 2], c: 'z' }, { d: 3 }), c('merge', { a: 1 }, null, { a: 2, b: 3 }), c('merge'),
  c('merge', { a: 1 }, { b: U }), c('merge', { a: 1 }, UM), { fn: 'keys', args: [UM], diverges: { ours: { $unknown: true }, why: 'terraform knows the attribute names from the unknown object\'s type; unknowns carry no type here' } },
  { fn: 'length', args: [UL], diverges: { ours: { $unknown: true }, why: 'terraform knows a tuple\'s length from its type; unknowns carry no type here' } }, c('flatten', [UL, ['x']]), c('merge', { a: 1 }, ['x']), c('merge', { a: { x: 1 } }, { a: { y: 2 } }),
  d(null, 'one', []), d('hello', 'one', ['hello']), d(ERR, 'one', ['hello', 'goodbye']), c('one', { a: 1 }), c('one', [U]),
  d([0, 1, 2], 'range', 3), d([1, 2, 3], 'range', 1, 4), d([1, 3, 5, 7], 'range', 1, 8, 2), d([1, 1.5, 2, 2.5, 3, 3.5], 'range', 1, 4, 0.5),
  d([4, 3, 2], 'range', 4, 1), d([10, 8, 6], 'range', 10, 5, -2), c('range', 5, 1, -1.5), c('range', 1, 5, 0), c('range', 1, 5, -1), c('range', 2000), c('range'),
  c('range', 0.1, 0.5, 0.1), c('range', 1, 1), c('range', 0, 1, 0.3),
  d([3, 2, 1], 'reverse', [1, 2, 3]), c('reverse', 'abc'), c('reverse', [U, 1]),
  d(['b'], 'setintersection', ['a', 'b'], ['b', 'c'], ['b', 'd']), c('setintersection', [1, 2], [2, 1]), c('setintersection', ['a', 1], ['1']),
  d(['a', 'c'], 'setsubtract', ['a', 'b', 'c'], ['b']), c('setsubtract', ['b', 'a', 'b'], []), c('setsubtract', [3, 1], [2]),
  d(['a', 'b', 'c', 'd'], 'setunion', ['a', 'b'], ['b', 'c'], ['d']), c('setunion', ['b'], ['a', 'c']), c('setunion', [10, 9], [1]), c('setunion', [true, false], [true]),
  d([['development', 'app1'], ['development', 'app2'], ['staging', 'app1'], ['staging', 'app2']], 'setproduct', ['development', 'staging'], ['app1', 'app2']),
  c('setproduct', ['a', 'b'], [1, 2]), c('setproduct', ['a'], []), c('setproduct', ['a']), c('setproduct', [1], [2], [3, 4]),
  c('setproduct', hcl('toset(["b", "a"])', ['a', 'b']), [1]),
  d(['b', 'c'], 'slice', ['a', 'b', 'c', 'd'], 1, 3), c('slice', [1, 2, 3], 1, 1), c('slice', [1, 2, 3], 2, 1), c('slice', [1, 2, 3], 0, 4), c('slice', [1, 2, 3], -1, 2),
  c('slice', [U, 2, 3], 1, 3),
  d(['a', 'b', 'c', 'e'], 'sort', ['e', 'a', 'c', 'b']), c('sort', [10, 9, 'a']), c('sort', ['B', 'a', 'é', 'Z']), c('sort', ['a', null]),
  d(38, 'sum', [10, 13, 6, 9]), c('sum', []), c('sum', ['1', 2.5]), c('sum', [0.1, 0.2]),
  d({ a: ['1', '2'], b: ['2', '3'], c: ['1'], d: ['3'] }, 'transpose', { '1': ['a', 'c'], '2': ['a', 'b'], '3': ['b', 'd'] }),
  c('transpose', { a: ['2', '1'], b: ['1'] }), c('transpose', { a: [1] }), c('transpose', { a: 'x' }),
  d([3, 2, 1], 'values', { a: 3, c: 2, d: 1 }), c('values', { b: 'x', '10': 'y', '2': 'z' }), c('values', { a: U }),
  d({ a: 1, b: 2 }, 'zipmap', ['a', 'b'], [1, 2]), d({ a: [1, 2], b: [3, 4] }, 'zipmap', ['a', 'b'], [[1, 2], [3, 4]]),
  c('zipmap', ['a'], [1, 2]), c('zipmap', ['a', 'a'], [1, 2]), c('zipmap', ['a', 'b'], [U, 2]), c('zipmap', [null], [1]),

  // encoding
  d('SGVsbG8gV29ybGQ=', 'base64encode', 'Hello World'), d('Hello World', 'base64decode', 'SGVsbG8gV29ybGQ='),
  c('base64decode', 'not base64!'), c('base64decode', '//79'), c('base64decode', 'SGVsbG8'), c('base64encode', 'é☃'),
  d('foo', 'textdecodebase64', 'Zm9v', 'UTF-8'),
  d('SABlAGwAbABvACAAVwBvAHIAbABkAA==', 'textencodebase64', 'Hello World', 'UTF-16LE'),
  d('Hello World', 'textdecodebase64', 'SABlAGwAbABvACAAVwBvAHIAbABkAA==', 'UTF-16LE'),
  c('textencodebase64', 'é', 'ISO-8859-1'), c('textencodebase64', '☃', 'US-ASCII'), c('textencodebase64', 'hi', 'UTF-16BE'), c('textencodebase64', 'hi', 'nope'),
  c('textdecodebase64', '6Q==', 'ISO-8859-1'),
  d('Hello+World', 'urlencode', 'Hello World'), d('%E2%98%83', 'urlencode', '☃'), d('foo%3Abar%40localhost%3Ffoo%3Dbar%26bar%3Dbaz', 'urlencode', 'foo:bar@localhost?foo=bar&bar=baz'),
  c('urlencode', "a-_.~!*'()"),
  d('{"hello":"world"}', 'jsonencode', { hello: 'world' }), c('jsonencode', { '<b>': '&\b\f\u2028é\u0001', a: [1.5, 1e21, null, true] }),
  c('jsonencode', { b: 1, a: { d: [], c: {} } }), c('jsonencode', null), c('jsonencode', 0.1), c('jsonencode', 'x'), c('jsonencode', [U]), c('jsonencode', 100000000000),
  d({ hello: 'world' }, 'jsondecode', '{"hello": "world"}'), d(true, 'jsondecode', 'true'), c('jsondecode', '{"a": [1, 2.5, null, "x"], "a": 2}'),
  c('jsondecode', '{bad'), c('jsondecode', '"\\u003c"'), c('jsondecode', '1e4'),
  d('"a": "b"\n"c": "d"\n', 'yamlencode', { a: 'b', c: 'd' }), d('- "a"\n- "b"\n- "c"\n', 'yamlencode', ['a', 'b', 'c']),
  d('"a": "b"\n"c":\n- 1\n- 2\n- 3\n"e":\n  "f": "g"\n', 'yamlencode', { a: 'b', c: [1, 2, 3], e: { f: 'g' } }),
  c('yamlencode', { a: { b: 1, c: [{ d: 'e', f: 2 }] }, l: [[1, 2], []], m: {}, n: 1.5, big: 1e21, q: 'yes', e: '', k: 'a: b', ml: 'a\nb', w: 'x', t: ' lead', u: 'trail \nx', v: 'x\n\n', z: null, f: true }),
  c('yamlencode', { s: 'a very long string with many spaces in it that should go on past the eighty column limit of go-yaml ok' }),
  c('yamlencode', ['a very long string with many spaces in it that should go on past the eighty column limit of go-yaml ok, and then go on for another eighty columns so that it folds twice']),
  c('yamlencode', { k: { nested: 'a very long string with many spaces in it that should go on past the eighty column limit' } }),
  c('yamlencode', 'a'), c('yamlencode', 'a\nb\n'), c('yamlencode', ['x\ny', ' lead\nz', 'tab\there', 'é☃\u0007', 'ok  two  spaces']), c('yamlencode', null), c('yamlencode', 1), c('yamlencode', true), c('yamlencode', []), c('yamlencode', 'a\nb\n\n'),
  c('yamlencode', { 'key with\nnewline': 1, 'é': 'ü' }), c('yamlencode', [{ a: [1] }, [{ b: 1 }]]),
  d({ hello: 'world' }, 'yamldecode', 'hello: world'), d(true, 'yamldecode', 'true'), d({ a: 'b', c: 'd' }, 'yamldecode', 'a: b\nc: d'),
  c('yamldecode', 'a: &foo [1, 2, 3]\nb: *foo\n'), c('yamldecode', 'a: yes\nb: 1.0\nc: 0x10\nd: 2001-12-14\ne: ~\nf: [1, "2"]\ng: 1e3\nh: off\n'),
  c('yamldecode', '- a\n- b: 1\n  c: [x]\n'), c('yamldecode', 'a: b\n---\nc: d\n'), c('yamldecode', ''), c('yamldecode', 'a: [unclosed'), c('yamldecode', 'base: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n'),
  c('yamldecode', '"1": one\n2: two\n'),
  d([{ a: '1', b: '2', c: '3' }, { a: '4', b: '5', c: '6' }], 'csvdecode', 'a,b,c\n1,2,3\n4,5,6'),
  c('csvdecode', 'a,b\n1,"x,""y"""\n 3 ,4\n'), c('csvdecode', 'a,b\n1\n'), c('csvdecode', 'a\n'), c('csvdecode', ''), c('csvdecode', 'a,b\n'), c('csvdecode', 'a,b\n1,x"y\n'), c('csvdecode', 'a,b\r\n1,2\r\n\r\n3,4'),

  // filesystem (relative to the root module; fixtures are copied next to the oracle's main.tf)
  d('Hello World\n', 'file', 'hello.txt'), c('file', 'missing.txt'), c('file', 'binary.dat'), c('file', 'sub'), c('file', './sub/../hello.txt'),
  c('filebase64', 'binary.dat'), c('filebase64', 'hello.txt'),
  c('fileexists', 'hello.txt'), c('fileexists', 'nope.txt'), c('fileexists', 'sub'),
  c('fileset', '.', '*.txt'), c('fileset', 'sub', '**'), c('fileset', 'sub', '**/*.txt'), c('fileset', '.', 'sub/*'), c('fileset', '.', '{hello,binary}.*'),
  c('fileset', '.', 'sub/**/c.txt'), c('fileset', 'nope', '*'), c('fileset', '.', 'h?llo.[a-z]xt'),
  c('templatefile', 'greeting.tftpl', { name: 'Ana', list: ['a', 'b'] }), c('templatefile', 'greeting.tftpl', { name: U, list: [] }), c('templatefile', 'missing.tftpl', {}),
  c('templatefile', 'greeting.tftpl', { list: [] }),
  d('foo/bar', 'dirname', 'foo/bar/baz.txt'), c('dirname', 'baz.txt'), c('dirname', '/a'), c('dirname', 'a/b/'), c('dirname', ''), c('dirname', '/'), c('dirname', 'a//b/../c/d'),
  d('baz.txt', 'basename', 'foo/bar/baz.txt'), c('basename', 'a/b/'), c('basename', ''), c('basename', '/'), c('basename', '///'), c('basename', 'x'),
  { fn: 'abspath', args: ['sub/../hello.txt'], machineSpecific: true }, { fn: 'abspath', args: ['/etc/./hosts'], doc: '/etc/hosts' },
  { fn: 'pathexpand', args: ['~/.ssh/id_rsa'], machineSpecific: true }, d('/etc/resolv.conf', 'pathexpand', '/etc/resolv.conf'),

  // date and time
  d('02 Jan 2018 23:12 UTC', 'formatdate', 'DD MMM YYYY hh:mm ZZZ', '2018-01-02T23:12:01Z'),
  d('Tuesday, 02-Jan-18 23:12:01 UTC', 'formatdate', 'EEEE, DD-MMM-YY hh:mm:ss ZZZ', '2018-01-02T23:12:01Z'),
  d('Tue, 02 Jan 2018 23:12:01 -0800', 'formatdate', 'EEE, DD MMM YYYY hh:mm:ss ZZZ', '2018-01-02T23:12:01-08:00'),
  d('Jan 02, 2018', 'formatdate', 'MMM DD, YYYY', '2018-01-02T23:12:01Z'), d('11:12pm', 'formatdate', 'HH:mmaa', '2018-01-02T23:12:01Z'),
  c('formatdate', "YY-M-D h:m:s H AA 'o''clock' Z ZZZZ ZZZZZ ''", '2009-03-04T05:06:07+05:30'), c('formatdate', 'Z ZZZ ZZZZ ZZZZZ', '2009-03-04T05:06:07Z'),
  c('formatdate', 'MMMM EEEE', '2024-02-29T00:00:00.123Z'), c('formatdate', 'YYY', '2018-01-02T23:12:01Z'), c('formatdate', 'x', '2018-01-02T23:12:01Z'),
  c('formatdate', 'YYYY', '2018-01-02'), c('formatdate', 'YYYY', '2018-02-30T00:00:00Z'), c('formatdate', "'unterminated", '2018-01-02T23:12:01Z'),
  d('2017-11-22T00:10:00Z', 'timeadd', '2017-11-22T00:00:00Z', '10m'), c('timeadd', '2017-11-22T00:00:00Z', '-1h30m'), c('timeadd', '2017-11-22T00:00:00+09:00', '1.5h'),
  c('timeadd', '2017-11-22T00:00:00.5Z', '600ms'), c('timeadd', '2017-11-22T00:00:00Z', '1d'), c('timeadd', '2017-11-22T00:00:00Z', '0'), c('timeadd', '2017-12-31T23:00:00-01:00', '2h'),
  d(0, 'timecmp', '2017-11-22T00:00:00Z', '2017-11-22T00:00:00Z'), d(-1, 'timecmp', '2017-11-22T00:00:00Z', '2017-11-22T01:00:00Z'),
  d(1, 'timecmp', '2017-11-22T01:00:00Z', '2017-11-22T00:00:00Z'), d(0, 'timecmp', '2017-11-22T01:00:00Z', '2017-11-22T00:00:00-01:00'),
  c('timecmp', '2017-11-22T00:00:00.1Z', '2017-11-22T00:00:00Z'), c('timecmp', 'x', '2017-11-22T00:00:00Z'),
  c('timestamp'), { fn: 'plantimestamp', args: [], machineSpecific: true },

  // hashes and uuids
  d('5eb63bbbe01eeed093cb22bb8f5acdc3', 'md5', 'hello world'), d('2aae6c35c94fcfb415dbe95f408b9ce91ee846ed', 'sha1', 'hello world'),
  d('b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9', 'sha256', 'hello world'),
  d('309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f', 'sha512', 'hello world'),
  d('uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=', 'base64sha256', 'hello world'),
  d('MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw==', 'base64sha512', 'hello world'),
  c('md5', 'é'), c('sha256', ''), c('md5', U),
  c('filemd5', 'hello.txt'), c('filesha1', 'hello.txt'), c('filesha256', 'binary.dat'), c('filesha512', 'hello.txt'), c('filebase64sha256', 'hello.txt'), c('filebase64sha512', 'binary.dat'),
  c('filemd5', 'missing.txt'),
  d('a5008fae-b28c-5ba5-96cd-82b4c53552d6', 'uuidv5', 'dns', 'www.terraform.io'),
  d('9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5', 'uuidv5', 'url', 'https://www.terraform.io/'),
  c('uuidv5', 'oid', '1.3.6.1.4'), c('uuidv5', '6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.terraform.io'),
  c('uuidv5', 'x500', 'CN=Example Company Name, OU=Org Unit, O=Organization Name, L=City, C=Country'),
  c('uuidv5', '743ac3c0-3bf7-4a5b-9e6c-59360447c757', 'LIBS:diskfree'), c('uuidv5', 'nope', 'x'),
  c('bcrypt', 'hello'), c('uuid'), c('rsadecrypt', 'eA==', 'key'),

  // IP networks
  d('10.1.2.0/24', 'cidrsubnet', '10.1.0.0/16', 8, 2), d('10.1.2.240/28', 'cidrsubnet', '10.1.2.0/24', 4, 15),
  d('172.18.0.0/16', 'cidrsubnet', '172.16.0.0/12', 4, 2), d('fd00:fd12:3456:7800:a200::/72', 'cidrsubnet', 'fd00:fd12:3456:7890::/56', 16, 162),
  c('cidrsubnet', '10.1.2.3/16', 8, 2), c('cidrsubnet', '10.0.0.0/30', 4, 0), c('cidrsubnet', '10.0.0.0/24', 2, 4), { fn: 'cidrsubnet', args: ['10.0.0.0/24', 2, -1], diverges: { ours: { $error: true }, why: 'terraform 1.11 returns the meaningless "0.0.0.64/26" for a negative netnum; an error is what a person needs' } },
  c('cidrsubnet', '10.0.0.0/24', 0, 0), c('cidrsubnet', 'not-a-cidr', 1, 0), c('cidrsubnet', '10.0.0.0', 1, 0), c('cidrsubnet', '::/0', 64, 1), c('cidrsubnet', '2001:db8::/32', 16, 65535),
  c('cidrsubnet', '10.0.0.0/8', 24, 16777215), c('cidrsubnet', '10.0.0.0/16', 4.5, 1),
  d('10.12.112.16', 'cidrhost', '10.12.112.0/20', 16), d('10.12.113.12', 'cidrhost', '10.12.112.0/20', 268),
  d('fd00:fd12:3456:7890::22', 'cidrhost', 'fd00:fd12:3456:7890:00a2::/72', 34),
  c('cidrhost', '10.0.0.0/24', -1), c('cidrhost', '10.0.0.0/24', -256), c('cidrhost', '10.0.0.0/24', -257), c('cidrhost', '10.0.0.0/24', 256), c('cidrhost', '10.0.0.0/24', 255),
  c('cidrhost', '10.0.0.5/32', 0), { fn: 'cidrhost', args: ['::ffff:10.0.0.0/120', 5], diverges: { ours: '10.0.0.5', why: 'terraform 1.11 mixes an IPv4-mapped address with a 16-byte mask and returns "0:5::ffff:a00:0"' } }, c('cidrhost', '2001:db8::/64', -1), c('cidrhost', '192.168.001.0/24', 1),
  d('255.240.0.0', 'cidrnetmask', '172.16.0.0/12'), c('cidrnetmask', '10.0.0.0/0'), c('cidrnetmask', '10.0.0.0/32'), c('cidrnetmask', '2001:db8::/32'),
  d(['10.1.0.0/20', '10.1.16.0/20', '10.1.32.0/24', '10.1.48.0/20'], 'cidrsubnets', '10.1.0.0/16', 4, 4, 8, 4),
  d(['fd00:fd12:3456:7800::/72', 'fd00:fd12:3456:7800:100::/72', 'fd00:fd12:3456:7800:200::/72', 'fd00:fd12:3456:7800:300::/88'], 'cidrsubnets', 'fd00:fd12:3456:7890::/56', 16, 16, 16, 32),
  c('cidrsubnets', '10.0.0.0/24', 1, 1), c('cidrsubnets', '10.0.0.0/24', 1, 1, 1), c('cidrsubnets', '10.0.0.0/24', 2, 1, 2), c('cidrsubnets', '10.0.0.0/24', 0),
  c('cidrsubnets', '10.0.0.0/24', 9), c('cidrsubnets', '10.0.0.0/24'), c('cidrsubnets', '10.0.0.0/16', 8, 4, 8), c('cidrsubnets', '0.0.0.0/0', 1, 1, 1),

  // type conversion
  d('hello', 'tostring', 'hello'), d('1', 'tostring', 1), d('true', 'tostring', true), d(null, 'tostring', null), d(ERR, 'tostring', []),
  c('tostring', 1e21), c('tostring', 0.1), c('tostring', 1e-7), c('tostring', -2.5), c('tostring', 123456789012), c('tostring', { a: 1 }),
  d(1, 'tonumber', 1), d(1, 'tonumber', '1'), d(null, 'tonumber', null), d(ERR, 'tonumber', 'no'), c('tonumber', ' 1'), c('tonumber', '1e3'), c('tonumber', '-.5'),
  c('tonumber', '0x10'), c('tonumber', true),
  d(true, 'tobool', true), d(true, 'tobool', 'true'), d(null, 'tobool', null), d(ERR, 'tobool', 'no'), d(ERR, 'tobool', 1),
  d(['a', 'b', 'c'], 'tolist', ['a', 'b', 'c']), d(['a', 'b', '3'], 'tolist', ['a', 'b', 3]), c('tolist', ['a', 1, true]), c('tolist', [1, true]), c('tolist', { a: 1 }),
  c('tolist', [U, 'x']), c('tolist', [[1], ['a']]),
  d(['a', 'b', 'c'], 'toset', ['a', 'b', 'c']), d(['3', 'a', 'b'], 'toset', ['a', 'b', 3]), d(['b', 'c'], 'toset', ['c', 'b', 'b']), c('toset', ['b', 'a', 'c']),
  c('toset', [3, 1, 10]), c('toset', ['10', '9', 'a', 'B']), c('toset', [true, false, true]), c('toset', [{ a: 1 }, { a: 2 }, { a: 0 }]), c('toset', ['a', U]), c('toset', [{ a: 'b' }, { a: 'a' }, { a: 'c' }, { a: 'ab' }]), c('toset', [[2], [1], [3, 0]]), c('toset', [null, 'b', 'a']),
  d({ a: 'b', c: 'd' }, 'tomap', { a: 'b', c: 'd' }), d({ a: '1', b: 'foo' }, 'tomap', { a: 1, b: 'foo' }), c('tomap', { a: 1, b: true }), c('tomap', ['a']),
  c('tomap', { a: U }),
  c('sensitive', 'x'), c('nonsensitive', hcl('sensitive("x")', 'x')), c('sensitive', { a: 1 }),

  // unknowns: what terraform can still tell
  c('setunion', ['a'], [U]), c('distinct', [U, 'a']), c('compact', ['a', U]), c('jsonencode', { a: U }), c('join', ',', ['a', U]),
  c('lookup', UM, 'a', 'd'), c('concat', ['a'], UL), c('sort', [U, 'a']), { fn: 'chunklist', args: [[U, 1, 2], 2], diverges: { ours: [[{ $unknown: true }, 1], [2]], why: 'terraform converts 1 and 2 to strings because the unknown is typed string; unknowns carry no type here' } }, c('setproduct', ['a'], [U]),
  c('transpose', { a: [U] }), c('zipmap', [U], [1]), c('element', UL, 0), c('index', ['a', U], 'a'), c('sum', [1, U]), c('max', 1, U),
  c('merge', UM, { a: 1 }), c('length', U), c('flatten', [UL]), c('cidrsubnet', U, 8, 1), c('tostring', U), c('regexall', 'a', U),
  c('split', ',', U), c('startswith', U, 'a'), c('contains', UL, 'a'), c('values', UM), c('tolist', UL), c('tomap', UM), c('toset', UL),
  c('coalescelist', UL, ['a']), c('coalescelist', ['a'], UL), c('one', UL), c('reverse', UL), c('slice', UL, 0, 1), c('keys', { a: U, b: 1 }),
  c('format', '%s', [U]), c('formatlist', '%s', UL), c('matchkeys', ['a', 'b'], [U, 'y'], ['y']), c('alltrue', UL), c('range', U), c('abs', U),
  c('templatefile', 'config.tftpl', { enabled: U, port: 80, names: [] }), c('templatefile', 'config.tftpl', { enabled: true, port: U, names: ['a'] }),
  c('yamlencode', { a: U }), c('base64encode', U), c('sha256', U), c('setintersection', ['a', U], ['a']), c('setsubtract', ['a', U], ['a']),

  // what the stack does: subnets, hosts and policies
  ...[0, 1, 2, 3, 15].map((i) => c('cidrsubnet', '10.20.0.0/16', 4, i)), c('cidrsubnet', '10.20.0.0/16', 8, 255), c('cidrsubnet', '10.20.0.0/16', 8, 256),
  c('cidrsubnets', '10.20.0.0/16', 4, 4, 4, 8, 8, 8, 8), c('cidrsubnets', '10.20.0.0/16', 8, 4), c('cidrsubnets', '2600:1f18:1234:5600::/56', 8, 8, 8),
  c('cidrsubnet', '2600:1f18:1234:5600::/56', 8, 3), c('cidrhost', '10.20.1.0/24', 1), c('cidrhost', '10.20.1.0/24', 2), c('cidrhost', '10.20.0.0/16', 2),
  c('cidrhost', '2600:1f18:1234:5600::/64', 10), c('cidrnetmask', '10.20.1.0/24'), c('cidrsubnet', '10.20.0.0/16', 4, 1.0), c('cidrsubnet', '10.20.0.0/16', '4', '1'),
  c('jsonencode', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/*', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } } }] }),
  c('jsonencode', ['\u{1F600}', 'tab\t', 'nl\n', 'quote"', 'back\\slash', '\u007f', 'é']), c('jsonencode', [1.0, 1e-7, -0.5, 123456789.125, 1e300]),
  c('jsondecode', '{"a":{"b":[1,{"c":null}]},"d":1.5e2}'), c('jsondecode', '[1, 2,]'), c('jsondecode', '"\ud83d\ude00"'), c('jsondecode', ' 5 '),
  c('format', '%03d-%s', 7, true), c('format', '%d', true), c('format', '%s', 1e21), c('format', '%v', 1e-7), c('format', '%.2f%%', 99.567), c('format', '%q', 5),
  c('format', '%-10s|', 'héllo'), c('format', '%10.3s|', 'abcdef'), c('format', '%x', 'ff'), c('format', '%X', -255), c('format', '%e', 0.000123456),
  c('formatlist', '%s:%s', { $hcl: 'keys({ a = 1, b = 2 })', value: ['a', 'b'] }, { $hcl: 'values({ a = 1, b = 2 })', value: [1, 2] }),
  c('replace', 'my_bucket.name', '/[^a-z0-9-]/', '-'), c('lower', hcl('replace("My Service", " ", "-")', 'My-Service')), c('substr', 'dolbom-prod-api', 0, 6),
  c('regex', '^arn:aws:iam::(\\d{12}):role/(.+)$', 'arn:aws:iam::123456789012:role/app'), c('regexall', '^[a-z][a-z0-9-]{2,62}$', 'dolbom-prod'),
  c('regex', '^(?:[0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$', '10.0.0.0/16'), c('regex', '[\\w.+-]+@[\\w-]+\\.[\\w.]+', 'ops+alerts@dolbom.kr'),
  c('trimsuffix', 'api.dolbom.kr.', '.'), c('split', '.', 'api.dolbom.kr'), c('join', '.', ['api', 'dolbom', 'kr']), c('title', 'dolbom prod'),
  c('lookup', { prod: { instance_type: 't3.small' } }, 'prod', {}), c('lookup', { prod: 't3.small' }, 'staging', 't3.micro'),
  c('merge', { Project: 'dolbom', Environment: 'prod' }, { Name: 'dolbom-prod-api' }, {}), c('zipmap', ['a', 'b', 'c'], [[1], { x: 1 }, 'z']),
  c('setproduct', ['prod', 'staging'], [{ port: 443 }, { port: 80 }]), c('flatten', [[{ a: 1 }], [{ b: 2 }, [{ c: 3 }]]]),
  c('distinct', [{ a: 1 }, { a: 1 }, { a: 2 }]), c('index', [{ a: 1 }, { a: 2 }], { a: 2 }), c('contains', [1, 2], 2.0), c('sort', ['10.0.1.0/24', '10.0.10.0/24', '10.0.2.0/24']),
  c('toset', ['10.0.1.0/24', '10.0.10.0/24', '10.0.2.0/24']), c('values', { b: [1], a: { x: 1 } }), c('length', { a: 1, b: [1, 2] }), c('keys', {}),
  c('templatefile', 'config.tftpl', { enabled: true, port: 443, names: ['a', 'b'] }), c('templatefile', 'config.tftpl', { enabled: false, port: 1, names: [] }),
  c('templatefile', 'config.tftpl', { enabled: 'yes', port: 1, names: [] }), c('yamldecode', 'a: 1\nb:\n  - x\n  - y: z\n'), c('yamldecode', 'n: 012\no: 0o12\ns: "on"\nt: on\nu: 1_000\n'), c('yamldecode', '[2001-12-14, 2001-12-14 21:59:43 +5, 2001-12-14T21:59:43Z, 2001-12-14T21:59:43.5+00:00, "2001-12-14"]'),
  c('csvdecode', 'name,port\napi,443\nturn,3478\n'), c('base64encode', hcl('jsonencode({ a = 1 })', '{"a":1}')), c('base64decode', 'eyJhIjoxfQ=='),
  c('md5', hcl('file("hello.txt")', 'Hello World\n')), c('sha1', 'dolbom'), c('uuidv5', 'url', 'https://dolbom.kr/'),
  c('timeadd', '2026-01-01T00:00:00Z', '8760h'), c('formatdate', 'YYYY-MM-DD', '2026-11-23T23:59:59-09:00'), c('formatdate', 'DD MMM YYYY hh:mm ZZZ', '2026-11-23T09:00:00+09:00'),
  c('tonumber', '8080'), c('tobool', 'false'), c('tostring', 8080), c('tolist', []), c('tomap', {}), c('toset', []), c('parseint', '0777', 8), c('parseint', '0x1F', 16),
  c('floor', -1.5), c('ceil', -1.5), c('signum', 1.5), c('yamldecode', '[012, 0o17, 0x1F, 0b11, -0x1, +7, 1.5, .5, 1e3, 0.1_1, y, n, Yes, off, ~, null, 2001-12-14t21:59:43.10-05:00]'), c('abs', -0), c('signum', -0.0001), c('max', -1, -2), c('min', 0.1, 0.01), c('pow', 10, 3), c('log', 100, 10), c('pow', 0, 0),
];
