/**
 * Terraform type constraints (`string`, `list(number)`, `object({ a = optional(string, "x") })`, …):
 * parsing them from the text of a variable's `type` argument, and converting a value to a type as
 * terraform does for input variables (cty conversion plus optional-attribute defaults).
 */
import { UserError } from '../../errors.js';
import type { SourceLocation } from '../../model/resource.js';
import { isObjectValue, isUnknown, Unknown, type ObjectValue, type Value } from '../../model/value.js';
import { formatNumber, makeSet, parseNumberString, setSizeUnknown } from './functions/helpers.js';

export type TypeConstraint =
  | { kind: 'string' | 'number' | 'bool' | 'any' }
  | { kind: 'list' | 'set' | 'map'; element: TypeConstraint }
  | { kind: 'tuple'; elements: TypeConstraint[] }
  | { kind: 'object'; attributes: Record<string, ObjectAttribute> };

export interface ObjectAttribute {
  type: TypeConstraint;
  optional: boolean;
  /** Source text of the `optional(T, default)` default, evaluated by the caller. */
  defaultText?: string;
  /** The evaluated default, filled in by `resolveDefaults`. */
  default?: Value;
}

export const ANY: TypeConstraint = { kind: 'any' };

/** True for `string`, `number`, `bool`: terraform reads `-var` and `TF_VAR_` text literally for these. */
export function isPrimitive(t: TypeConstraint): boolean {
  return t.kind === 'string' || t.kind === 'number' || t.kind === 'bool';
}

/** Parse a type expression (`${…}` wrapper allowed). */
export function parseTypeConstraint(raw: string, at: SourceLocation): TypeConstraint {
  let text = raw.trim();
  if (text.startsWith('${') && text.endsWith('}')) text = text.slice(2, -1).trim();
  const p = new TypeParser(text, at);
  const t = p.type();
  p.skipSpace();
  if (!p.done()) p.fail(`unexpected "${text.slice(p.pos)}"`);
  return t;
}

class TypeParser {
  pos = 0;
  constructor(
    readonly text: string,
    readonly at: SourceLocation,
  ) {}

  done(): boolean {
    return this.pos >= this.text.length;
  }

  fail(what: string): never {
    throw new UserError(`Invalid type constraint "${this.text}": ${what}`, this.at);
  }

  skipSpace(): void {
    for (;;) {
      while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
      if (this.text.startsWith('#', this.pos) || this.text.startsWith('//', this.pos)) {
        while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
      } else return;
    }
  }

  ident(): string {
    this.skipSpace();
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.pos));
    if (!m) this.fail(`expected a type name at "${this.text.slice(this.pos, this.pos + 20)}"`);
    this.pos += m[0].length;
    return m[0];
  }

  expect(ch: string): void {
    this.skipSpace();
    if (this.text[this.pos] !== ch) this.fail(`expected "${ch}" at "${this.text.slice(this.pos, this.pos + 20)}"`);
    this.pos++;
  }

  peek(): string {
    this.skipSpace();
    return this.text[this.pos] ?? '';
  }

  type(): TypeConstraint {
    const name = this.ident();
    switch (name) {
      case 'string':
      case 'number':
      case 'bool':
      case 'any':
        return { kind: name };
      case 'list':
      case 'set':
      case 'map': {
        // A bare `list` / `map` / `set` keyword means a collection of `any` (terraform accepts it).
        if (this.peek() !== '(') return { kind: name, element: ANY };
        this.expect('(');
        const element = this.type();
        this.expect(')');
        return { kind: name, element };
      }
      case 'tuple': {
        this.expect('(');
        this.expect('[');
        const elements: TypeConstraint[] = [];
        while (this.peek() !== ']') {
          elements.push(this.type());
          if (this.peek() === ',') this.pos++;
        }
        this.expect(']');
        this.expect(')');
        return { kind: 'tuple', elements };
      }
      case 'object': {
        this.expect('(');
        this.expect('{');
        const attributes: Record<string, ObjectAttribute> = {};
        while (this.peek() !== '}') {
          let key: string;
          if (this.peek() === '"') key = this.quoted();
          else key = this.ident();
          this.skipSpace();
          if (this.text[this.pos] !== '=' && this.text[this.pos] !== ':') this.fail(`expected "=" after "${key}"`);
          this.pos++;
          attributes[key] = this.attribute();
          const next = this.peek();
          if (next === ',') this.pos++;
        }
        this.expect('}');
        this.expect(')');
        return { kind: 'object', attributes };
      }
      default:
        return this.fail(`unknown type "${name}"`);
    }
  }

  attribute(): ObjectAttribute {
    this.skipSpace();
    if (/^optional\s*\(/.test(this.text.slice(this.pos))) {
      this.ident();
      this.expect('(');
      const type = this.type();
      let defaultText: string | undefined;
      if (this.peek() === ',') {
        this.pos++;
        defaultText = this.expressionUntilClose();
      }
      this.expect(')');
      return { type, optional: true, defaultText };
    }
    return { type: this.type(), optional: false };
  }

  quoted(): string {
    const m = /^"((?:[^"\\]|\\.)*)"/.exec(this.text.slice(this.pos));
    if (!m) this.fail('unterminated string');
    this.pos += m[0].length;
    return JSON.parse(m[0]) as string;
  }

  /** The text of a default expression, up to the `)` closing `optional(`. */
  expressionUntilClose(): string {
    this.skipSpace();
    const start = this.pos;
    let depth = 0;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '"') {
        this.quotedTemplate();
        continue;
      }
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        if (depth === 0) break;
        depth--;
      }
      this.pos++;
    }
    return this.text.slice(start, this.pos).trim();
  }

  quotedTemplate(): void {
    this.pos++;
    while (this.pos < this.text.length && this.text[this.pos] !== '"') {
      if (this.text[this.pos] === '\\') this.pos++;
      this.pos++;
    }
    this.pos++;
  }
}

/** Walk a type and evaluate every optional default text with `evaluateText`. */
export async function resolveDefaults(
  t: TypeConstraint,
  evaluateText: (text: string) => Promise<Value>,
): Promise<void> {
  switch (t.kind) {
    case 'list':
    case 'set':
    case 'map':
      return resolveDefaults(t.element, evaluateText);
    case 'tuple':
      for (const e of t.elements) await resolveDefaults(e, evaluateText);
      return;
    case 'object':
      for (const a of Object.values(t.attributes)) {
        await resolveDefaults(a.type, evaluateText);
        if (a.defaultText !== undefined && a.default === undefined) a.default = await evaluateText(a.defaultText);
      }
      return;
    default:
      return;
  }
}

export function typeString(t: TypeConstraint): string {
  switch (t.kind) {
    case 'list':
    case 'set':
    case 'map':
      return `${t.kind}(${typeString(t.element)})`;
    case 'tuple':
      return `tuple([${t.elements.map(typeString).join(', ')}])`;
    case 'object':
      return `object({${Object.entries(t.attributes)
        .map(([k, a]) => `${k}=${a.optional ? `optional(${typeString(a.type)})` : typeString(a.type)}`)
        .join(', ')}})`;
    default:
      return t.kind;
  }
}

/** A conversion failure; the caller turns it into a UserError naming the variable. */
export class ConversionError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/**
 * Convert `v` to type `t` as terraform does for an input variable, applying optional-attribute
 * defaults. Throws ConversionError with the attribute path on a mismatch.
 */
export function convertValue(v: Value, t: TypeConstraint, path = ''): Value {
  if (v === null) return null;
  if (isUnknown(v)) return v;
  const where = path ? ` at ${path}` : '';
  const fail = (msg: string): never => {
    throw new ConversionError(`${msg}${where}`, path);
  };
  switch (t.kind) {
    case 'any':
      return v;
    case 'string':
      if (typeof v === 'string') return v;
      if (typeof v === 'number') return formatNumber(v);
      if (typeof v === 'boolean') return v ? 'true' : 'false';
      return fail(`string required, got ${describe(v)}`);
    case 'number':
      if (typeof v === 'number') return v;
      if (typeof v === 'string' && parseNumberString(v.trim()) !== undefined) return parseNumberString(v.trim())!;
      return fail(`number required, got ${describe(v)}`);
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (v === 'true') return true;
      if (v === 'false') return false;
      return fail(`bool required, got ${describe(v)}`);
    case 'list':
    case 'set': {
      if (!Array.isArray(v)) return fail(`${t.kind} of ${typeString(t.element)} required, got ${describe(v)}`);
      // a set of unknown size converts to a list of unknown length
      if (t.kind === 'list' && setSizeUnknown(v)) return setSizeUnknown(v)!;
      const items = v.map((e, i) => convertValue(e, t.element, join(path, String(i))));
      if (t.kind === 'list') return items;
      return makeSet(items);
    }
    case 'map': {
      if (!isObjectValue(v)) return fail(`map of ${typeString(t.element)} required, got ${describe(v)}`);
      const out: ObjectValue = {};
      for (const [k, e] of Object.entries(v)) out[k] = convertValue(e, t.element, join(path, k));
      return out;
    }
    case 'tuple': {
      if (!Array.isArray(v)) return fail(`tuple required, got ${describe(v)}`);
      if (v.length !== t.elements.length) return fail(`tuple of ${t.elements.length} elements required, got ${v.length}`);
      return v.map((e, i) => convertValue(e, t.elements[i], join(path, String(i))));
    }
    case 'object': {
      if (!isObjectValue(v)) return fail(`object required, got ${describe(v)}`);
      const out: ObjectValue = {};
      for (const [k, a] of Object.entries(t.attributes)) {
        const given = Object.prototype.hasOwnProperty.call(v, k) ? v[k] : undefined;
        if (given === undefined || given === null) {
          if (given === undefined && !a.optional) fail(`attribute "${k}" is required`);
          out[k] = a.default !== undefined && a.default !== null ? convertValue(a.default, a.type, join(path, k)) : null;
          continue;
        }
        out[k] = convertValue(given, a.type, join(path, k));
      }
      return out;
    }
  }
}

function join(path: string, k: string): string {
  return path ? `${path}.${k}` : k;
}

function describe(v: Value): string {
  if (Array.isArray(v)) return 'a list';
  if (isObjectValue(v)) return 'an object';
  if (v instanceof Unknown) return 'an unknown value';
  return `${typeof v} ${JSON.stringify(v)}`;
}
