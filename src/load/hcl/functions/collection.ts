/**
 * Collection functions: alltrue anytrue chunklist coalesce coalescelist compact concat contains
 * distinct element flatten index keys length lookup matchkeys merge one range reverse
 * setintersection setproduct setsubtract setunion slice sort sum transpose values zipmap.
 *
 * Sequences (lists, tuples, sets) are arrays and maps/objects are plain objects, so a function that
 * terraform defines on `list(…)` first unifies the element types as cty's conversion does.
 */
import { Unknown, isObjectValue, type ObjectValue, type Value } from '../../../model/value.js';
import { MAX_VALUE_SIZE, tooLargeMessage } from '../limits.js';
import {
  ConversionError,
  compareStrings,
  decimalAdd,
  decimalMul,
  defineFunctions,
  fail,
  graphemes,
  makeSet,
  requireInteger,
  sortedKeys,
  toStringValue,
  typeName,
  unifyElements,
  unknownFrom,
  valueEquals,
  valueKey,
  type FunctionSpec,
} from './helpers.js';

function unifyOrFail(name: string, list: Value[]): Value[] {
  try {
    return unifyElements(list);
  } catch (e) {
    if (e instanceof ConversionError) throw fail(name, e.message);
    throw e;
  }
}

/** The arguments that are unknown as a whole (not those holding an unknown element), merged. */
function wholeUnknown(args: readonly Value[]): Unknown | undefined {
  return unknownFrom(args.filter((a) => a instanceof Unknown));
}

/** alltrue / anytrue: one known element equal to `decisive` settles it; else an unknown element leaves it unknown. */
function boolFold(decisive: boolean): FunctionSpec {
  return {
    params: [{ name: 'list', kind: 'list:bool' }],
    allowUnknown: true,
    impl: ([list]: [Value[] | Unknown]) => {
      if (list instanceof Unknown) return list;
      if (list.some((e) => !(e instanceof Unknown) && (e === true) === decisive)) return decisive;
      return unknownFrom(list) ?? !decisive;
    },
  };
}

function setArgs(name: string, sets: Value[][]): Value[][] {
  const all = unifyOrFail(name, sets.flat());
  const out: Value[][] = [];
  let k = 0;
  for (const s of sets) {
    out.push(all.slice(k, k + s.length));
    k += s.length;
  }
  return out;
}

export const collectionFunctions = defineFunctions({
  alltrue: boolFold(false),
  anytrue: boolFold(true),
  chunklist: {
    params: [
      { name: 'list', kind: 'list' },
      { name: 'size', kind: 'number' },
    ],
    allowUnknown: true,
    impl: ([list, size]: [Value[] | Unknown, Value], _ctx, name) => {
      const unknown = wholeUnknown([list]) ?? unknownFrom([size]);
      if (unknown) return unknown;
      requireInteger(name, 'size', size as number);
      if ((size as number) < 0) throw fail(name, 'the size argument must be positive');
      if (size === 0) return [list as Value[]];
      const out: Value[] = [];
      for (let i = 0; i < (list as Value[]).length; i += size as number) out.push((list as Value[]).slice(i, i + (size as number)));
      return out;
    },
  },
  coalesce: {
    params: [],
    variadic: { name: 'vals', kind: 'any', allowNull: true },
    allowUnknown: true,
    impl: (vals: Value[], _ctx, name) => {
      const unified = unifyOrFail(name, vals);
      for (const v of unified) {
        if (v instanceof Unknown) return v;
        if (v === null || v === '') continue;
        return v;
      }
      throw fail(name, 'no non-null, non-empty-string arguments');
    },
  },
  coalescelist: {
    params: [],
    variadic: { name: 'vals', kind: 'any' },
    allowUnknown: true,
    impl: (vals: Value[], _ctx, name) => {
      if (vals.length === 0) throw fail(name, 'at least one argument is required');
      for (const v of vals) {
        if (v instanceof Unknown) return v;
        if (!Array.isArray(v)) throw fail(name, `arguments must be lists or tuples, got ${typeName(v)}`);
        if (v.length > 0) return v;
      }
      throw fail(name, 'no non-null arguments');
    },
  },
  compact: {
    params: [{ name: 'list', kind: 'list:string' }],
    impl: ([list]: [Value[]]) => list.filter((e) => e !== null && e !== ''),
  },
  concat: {
    params: [],
    variadic: { name: 'seqs', kind: 'any' },
    allowUnknown: true,
    impl: (seqs: Value[], _ctx, name) => {
      if (seqs.length === 0) throw fail(name, 'at least one argument is required');
      seqs.forEach((s, i) => {
        if (!(s instanceof Unknown) && !Array.isArray(s)) {
          throw fail(name, `all arguments must be lists or tuples; argument ${i + 1} is ${typeName(s)}`);
        }
      });
      const whole = wholeUnknown(seqs);
      if (whole) return whole;
      return (seqs as Value[][]).flat();
    },
  },
  contains: {
    params: [
      { name: 'list', kind: 'any' },
      { name: 'value', kind: 'any' },
    ],
    allowUnknown: true,
    impl: ([list, value]: [Value, Value], _ctx, name) => {
      const unknown = wholeUnknown([list]) ?? unknownFrom([value]);
      if (unknown) return unknown;
      if (!Array.isArray(list)) throw fail(name, `argument must be list, tuple, or set; got ${typeName(list)}`);
      // a known equal element decides it; otherwise an unknown element might be the one
      if (list.some((e) => unknownFrom([e]) === undefined && valueEquals(e, value))) return true;
      return unknownFrom(list) ?? false;
    },
  },
  distinct: {
    params: [{ name: 'list', kind: 'list' }],
    impl: ([list]: [Value[]]) => {
      const seen = new Set<string>();
      return list.filter((e) => {
        const k = valueKey(e);
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    },
  },
  element: {
    params: [
      { name: 'list', kind: 'any' },
      { name: 'index', kind: 'number' },
    ],
    allowUnknown: true,
    impl: ([list, index]: [Value, Value], _ctx, name) => {
      const unknown = unknownFrom([index]) ?? wholeUnknown([list]);
      if (unknown) return unknown;
      if (!Array.isArray(list)) throw fail(name, `cannot read elements from ${typeName(list)}`);
      const i = requireInteger(name, 'index', index as number);
      if (i < 0) throw fail(name, 'cannot use element function with a negative index');
      if (list.length === 0) throw fail(name, 'cannot use element function with an empty list');
      return list[i % list.length]!;
    },
  },
  flatten: {
    params: [{ name: 'list', kind: 'any' }],
    allowUnknown: true,
    impl: ([list]: [Value], _ctx, name) => {
      if (list instanceof Unknown) return list;
      if (!Array.isArray(list)) throw fail(name, `can only flatten lists, sets and tuples, got ${typeName(list)}`);
      const out: Value[] = [];
      const unknowns: Unknown[] = [];
      const walk = (l: Value[]): void => {
        for (const e of l) {
          if (e instanceof Unknown) unknowns.push(e); // might be a list: the shape of the result is unknown
          else if (Array.isArray(e)) walk(e);
          else out.push(e);
        }
      };
      walk(list);
      return unknowns.length ? unknownFrom(unknowns)! : out;
    },
  },
  index: {
    params: [
      { name: 'list', kind: 'any' },
      { name: 'value', kind: 'any' },
    ],
    allowUnknown: true,
    impl: ([list, value]: [Value, Value], _ctx, name) => {
      const unknown = wholeUnknown([list]) ?? unknownFrom([value]);
      if (unknown) return unknown;
      if (!Array.isArray(list)) throw fail(name, `argument must be a list or tuple, got ${typeName(list)}`);
      for (let i = 0; i < list.length; i++) {
        const e = list[i]!;
        const u = unknownFrom([e]);
        if (u) return u; // this element might be the one
        if (valueEquals(e, value)) return i;
      }
      throw fail(name, 'item not found');
    },
  },
  keys: {
    params: [{ name: 'inputMap', kind: 'any' }],
    allowUnknown: true,
    impl: ([map]: [Value], _ctx, name) => {
      if (map instanceof Unknown) return map;
      if (!isObjectValue(map)) throw fail(name, `must have map or object type, got ${typeName(map)}`);
      return sortedKeys(map);
    },
  },
  length: {
    params: [{ name: 'value', kind: 'any' }],
    allowUnknown: true,
    impl: ([v]: [Value], _ctx, name) => {
      if (v instanceof Unknown) return v;
      if (typeof v === 'string') return graphemes(v).length;
      if (Array.isArray(v)) return v.length;
      if (isObjectValue(v)) return Object.keys(v).length;
      throw fail(name, `argument must be a string, a collection type, or a structural type, got ${typeName(v)}`);
    },
  },
  lookup: {
    params: [
      { name: 'inputMap', kind: 'any' },
      { name: 'key', kind: 'string' },
    ],
    variadic: { name: 'default', kind: 'any', allowNull: true },
    allowUnknown: true,
    impl: ([map, key, ...rest]: [Value, Value, ...Value[]], _ctx, name) => {
      if (rest.length > 1) throw fail(name, `expected 2 or 3 arguments, got ${rest.length + 2}`);
      const unknown = wholeUnknown([map]) ?? unknownFrom([key]);
      if (unknown) return unknown;
      if (!isObjectValue(map)) throw fail(name, `the first argument must be a map or object, got ${typeName(map)}`);
      const k = key as string;
      if (Object.prototype.hasOwnProperty.call(map, k)) return map[k]!;
      if (rest.length === 1) return rest[0]!;
      throw fail(name, `lookup failed to find key ${JSON.stringify(k)}`);
    },
  },
  matchkeys: {
    params: [
      { name: 'values', kind: 'list' },
      { name: 'keys', kind: 'list' },
      { name: 'searchset', kind: 'list' },
    ],
    impl: ([values, keys, search]: [Value[], Value[], Value[]], _ctx, name) => {
      if (values.length !== keys.length) throw fail(name, 'length of keys and values should be equal');
      const [k2, s2] = setArgs(name, [keys, search]);
      const wanted = new Set(s2!.map(valueKey));
      return values.filter((_, i) => wanted.has(valueKey(k2![i]!)));
    },
  },
  merge: {
    params: [],
    variadic: { name: 'maps', kind: 'any', allowNull: true },
    allowUnknown: true,
    impl: (maps: Value[], _ctx, name) => {
      const whole = wholeUnknown(maps);
      if (whole) return whole;
      const out: ObjectValue = {};
      maps.forEach((m, i) => {
        if (m === null) return;
        if (!isObjectValue(m)) throw fail(name, `arguments must be maps or objects, got ${typeName(m)} for argument ${i + 1}`);
        Object.assign(out, m);
      });
      return out;
    },
  },
  one: {
    params: [{ name: 'list', kind: 'any' }],
    allowUnknown: true,
    impl: ([list]: [Value], _ctx, name) => {
      if (list instanceof Unknown) return list;
      if (!Array.isArray(list)) throw fail(name, `must be a list, set, or tuple value, got ${typeName(list)}`);
      if (list.length === 0) return null;
      if (list.length === 1) return list[0]!;
      throw fail(name, 'must be a list, set, or tuple value with either zero or one elements');
    },
  },
  range: {
    params: [],
    variadic: { name: 'params', kind: 'number' },
    impl: (args: number[], _ctx, name) => {
      if (args.length < 1 || args.length > 3) throw fail(name, `must have one, two, or three arguments, got ${args.length}`);
      let start = 0;
      let limit: number;
      let step = 1;
      if (args.length === 1) {
        limit = args[0]!;
        step = limit < 0 ? -1 : 1;
      }
      else {
        start = args[0]!;
        limit = args[1]!;
        step = args.length === 3 ? args[2]! : start > limit ? -1 : 1;
      }
      if (step === 0) throw fail(name, 'step must not be zero');
      if (start < limit && step < 0) throw fail(name, 'step must be positive when start is less than limit');
      if (start > limit && step > 0) throw fail(name, 'step must be negative when start is greater than limit');
      const out: number[] = [];
      for (let v = start, i = 1; step > 0 ? v < limit : v > limit; v = decimalAdd(start, decimalMul(step, i++))) {
        if (out.length >= 1024) throw fail(name, 'more than 1024 values were generated; either decrease the difference between start and end or use a smaller step');
        out.push(v);
      }
      return out;
    },
  },
  reverse: {
    params: [{ name: 'list', kind: 'any' }],
    allowUnknown: true,
    impl: ([list]: [Value], _ctx, name) => {
      if (list instanceof Unknown) return list;
      if (!Array.isArray(list)) throw fail(name, `can only reverse list, tuple or set values, got ${typeName(list)}`);
      return [...list].reverse();
    },
  },
  setintersection: {
    params: [{ name: 'first_set', kind: 'list' }],
    variadic: { name: 'other_sets', kind: 'list' },
    impl: (sets: Value[][], _ctx, name) => {
      const [first, ...others] = setArgs(name, sets);
      const keep = others.map((s) => new Set(s.map(valueKey)));
      return makeSet(first!.filter((e) => keep.every((k) => k.has(valueKey(e)))));
    },
  },
  setsubtract: {
    params: [
      { name: 'a', kind: 'list' },
      { name: 'b', kind: 'list' },
    ],
    impl: (sets: Value[][], _ctx, name) => {
      const [a, b] = setArgs(name, sets);
      const drop = new Set(b!.map(valueKey));
      return makeSet(a!.filter((e) => !drop.has(valueKey(e))));
    },
  },
  setunion: {
    params: [{ name: 'first_set', kind: 'list' }],
    variadic: { name: 'other_sets', kind: 'list' },
    allowUnknown: true,
    impl: (sets: (Value[] | Unknown)[], _ctx, name) => {
      const whole = wholeUnknown(sets);
      if (whole) return whole;
      return makeSet(setArgs(name, sets as Value[][]).flat());
    },
  },
  setproduct: {
    params: [],
    variadic: { name: 'sets', kind: 'any' },
    allowUnknown: true,
    impl: (sets: Value[], _ctx, name) => {
      if (sets.length < 2) throw fail(name, 'at least two arguments are required');
      const whole = wholeUnknown(sets);
      if (whole) return whole;
      sets.forEach((s, i) => {
        if (!Array.isArray(s)) throw fail(name, `argument ${i + 1} must be a list, set or tuple, got ${typeName(s)}`);
      });
      const product = (sets as Value[][]).reduce((n, s) => n * s.length, sets.length);
      if (product > MAX_VALUE_SIZE) throw fail(name, tooLargeMessage(`the result (${(sets as Value[][]).map((s) => s.length).join(' × ')} combinations)`));
      let acc: Value[][] = [[]];
      for (const s of (sets as Value[][]).map((set) => unifyOrFail(name, set))) {
        const next: Value[][] = [];
        for (const prefix of acc) for (const e of s) next.push([...prefix, e]);
        acc = next;
      }
      return acc;
    },
  },
  slice: {
    params: [
      { name: 'list', kind: 'any' },
      { name: 'start_index', kind: 'number' },
      { name: 'end_index', kind: 'number' },
    ],
    allowUnknown: true,
    impl: ([list, start, end]: [Value, Value, Value], _ctx, name) => {
      const unknown = unknownFrom([start, end]) ?? wholeUnknown([list]);
      if (unknown) return unknown;
      if (!Array.isArray(list)) throw fail(name, `must be a list or tuple, got ${typeName(list)}`);
      const s = requireInteger(name, 'start_index', start as number);
      const e = requireInteger(name, 'end_index', end as number);
      if (s < 0) throw fail(name, 'start_index must be greater than or equal to zero');
      if (e > list.length) throw fail(name, 'end_index must be less than or equal to the length of the list');
      if (s > e) throw fail(name, 'start_index must be less than or equal to end_index');
      return list.slice(s, e);
    },
  },
  sort: {
    params: [{ name: 'list', kind: 'list:string' }],
    allowUnknown: true,
    impl: ([list]: [Value[] | Unknown], _ctx, name) => {
      if (list instanceof Unknown) return list;
      if (list.some((e) => e === null)) throw fail(name, 'given list element must not be null');
      // with an unknown element the order of every element is unknown, only the length is known
      const unknown = unknownFrom(list);
      if (unknown) return list.map(() => unknown);
      return [...(list as string[])].sort(compareStrings);
    },
  },
  sum: {
    params: [{ name: 'list', kind: 'list:number' }],
    impl: ([list]: [Value[]], _ctx, name) => {
      if (list.length === 0) throw fail(name, 'cannot sum an empty list');
      if (list.some((e) => e === null)) throw fail(name, 'argument must be list, set, or tuple of number values without nulls');
      return (list as number[]).reduce(decimalAdd);
    },
  },
  transpose: {
    params: [{ name: 'values', kind: 'map' }],
    impl: ([map]: [ObjectValue], _ctx, name) => {
      const out: Record<string, string[]> = {};
      for (const key of sortedKeys(map)) {
        const list = map[key]!;
        if (!Array.isArray(list)) throw fail(name, `values must be lists of strings; "${key}" is ${typeName(list)}`);
        for (const e of list) {
          if (e === null) throw fail(name, 'lists must not contain null values');
          const s = toStringValue(e);
          (out[s] ??= []).push(key);
        }
      }
      return out;
    },
  },
  values: {
    params: [{ name: 'mapping', kind: 'any' }],
    allowUnknown: true,
    impl: ([map]: [Value], _ctx, name) => {
      if (map instanceof Unknown) return map;
      if (!isObjectValue(map)) throw fail(name, `must have map or object type, got ${typeName(map)}`);
      return sortedKeys(map).map((k) => map[k]!);
    },
  },
  zipmap: {
    params: [
      { name: 'keys', kind: 'list:string' },
      { name: 'values', kind: 'any' },
    ],
    allowUnknown: true,
    impl: ([keys, values]: [Value, Value], _ctx, name) => {
      const unknown = unknownFrom([keys]) ?? wholeUnknown([values]);
      if (unknown) return unknown;
      if (!Array.isArray(values)) throw fail(name, `values must be a list or tuple, got ${typeName(values)}`);
      const ks = keys as Value[];
      if (ks.length !== values.length) {
        throw fail(name, `number of keys (${ks.length}) does not match number of values (${values.length})`);
      }
      const out: ObjectValue = {};
      ks.forEach((k, i) => {
        if (k === null) throw fail(name, 'keys list has null value');
        out[k as string] = values[i]!;
      });
      return out;
    },
  },
});

