/** Type conversion functions: tobool tolist tomap tonumber toset tostring, and sensitive/nonsensitive. */
import { Unknown, isObjectValue, type ObjectValue, type Value } from '../../../model/value.js';
import {
  ConversionError,
  defineFunctions,
  fail,
  makeSet,
  toBoolValue,
  toNumberValue,
  toStringValue,
  typeName,
  unifyElements,
  type FunctionSpec,
} from './helpers.js';

function convertWith(name: string, f: (v: Value) => Value): FunctionSpec {
  return {
    params: [{ name: 'v', kind: 'any', allowNull: true }],
    impl: ([v]: [Value]) => {
      if (v === null) return null;
      try {
        return f(v);
      } catch (e) {
        if (e instanceof ConversionError) throw fail(name, `cannot convert ${typeName(v)} ${JSON.stringify(v)}: ${e.message}`);
        throw e;
      }
    },
  };
}

function unify(name: string, list: Value[]): Value[] {
  try {
    return unifyElements(list);
  } catch (e) {
    if (e instanceof ConversionError) throw fail(name, `cannot convert to a collection: ${e.message}`);
    throw e;
  }
}

const identity: FunctionSpec = {
  params: [{ name: 'value', kind: 'any', allowNull: true }],
  allowUnknown: true,
  impl: ([v]: [Value]) => v,
};

export const conversionFunctions = defineFunctions({
  tostring: convertWith('tostring', toStringValue),
  tonumber: convertWith('tonumber', toNumberValue),
  tobool: convertWith('tobool', toBoolValue),
  tolist: {
    params: [{ name: 'v', kind: 'any', allowNull: true }],
    allowUnknown: true,
    impl: ([v]: [Value], _ctx, name) => {
      if (v === null || v instanceof Unknown) return v;
      if (!Array.isArray(v)) throw fail(name, `cannot convert ${typeName(v)} to list`);
      // a copy: a set converted to a list iterates by index
      return [...unify(name, v)];
    },
  },
  toset: {
    params: [{ name: 'v', kind: 'any', allowNull: true }],
    allowUnknown: true,
    impl: ([v]: [Value], _ctx, name) => {
      if (v === null || v instanceof Unknown) return v;
      if (!Array.isArray(v)) throw fail(name, `cannot convert ${typeName(v)} to set`);
      return makeSet(unify(name, v));
    },
  },
  tomap: {
    params: [{ name: 'v', kind: 'any', allowNull: true }],
    allowUnknown: true,
    impl: ([v]: [Value], _ctx, name) => {
      if (v === null || v instanceof Unknown) return v;
      if (!isObjectValue(v)) throw fail(name, `cannot convert ${typeName(v)} to map`);
      const keys = Object.keys(v);
      const vals = unify(name, keys.map((k) => v[k]!));
      const out: ObjectValue = {};
      keys.forEach((k, i) => (out[k] = vals[i]!));
      return out;
    },
  },
  sensitive: identity,
  nonsensitive: identity,
  // values here are never ephemeral (ephemeral resources are not evaluated), so they pass through
  ephemeralasnull: identity,
  issensitive: {
    params: [{ name: 'value', kind: 'any', allowNull: true }],
    allowUnknown: true,
    impl: () => new Unknown('issensitive(): the static evaluator does not track which values are sensitive'),
  },
  type: {
    params: [{ name: 'value', kind: 'any', allowNull: true }],
    allowUnknown: true,
    impl: (_args, _ctx, name) => {
      throw fail(name, 'is only available in terraform console, not in configuration files');
    },
  },
  list: removed('list', 'tolist([a, b, c])'),
  map: removed('map', 'tomap({ a = "b" })'),
});

function removed(name: string, instead: string): FunctionSpec {
  return {
    params: [],
    variadic: { name: 'args', kind: 'any', allowNull: true },
    allowUnknown: true,
    impl: () => {
      throw fail(name, `was deprecated in Terraform v0.12 and is no longer available; use ${instead} instead`);
    },
  };
}
