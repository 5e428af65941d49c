/**
 * The expression evaluator: hcl2json values (JSON literals, objects, arrays, template strings) →
 * `Value`, with Terraform's semantics (HCL native syntax spec + Terraform's conversions).
 *
 * Anything that depends on an Unknown is Unknown, carrying the origins of what it depends on; an
 * error is a `UserError` naming file:line and what is wrong. Contract: contracts-eval.md.
 * Documentation of each construct and its limits: docs/evaluator-expressions.md.
 */
import { UserError } from '../../errors.js';
import type { SourceLocation } from '../../model/resource.js';
import { Unknown, concatStrings, isObjectValue, type ObjectValue, type Value } from '../../model/value.js';
import { ExpressionSyntaxError, expressionAst, hasTemplateSequence, templateAst, unescapeTemplateMarkers, type Node, type Step } from './expr-ast.js';
import { arithmetic, sortedKeys, typeName, unknownStep, unknownsIn, valuesEqual } from './expr-values.js';
import { formatNumber, iterationEntries, mergeUnknowns, parseNumberString } from './functions/helpers.js';
import { FunctionError } from './functions/index.js';
import { resourceOriginOf, type Scope } from './scope.js';
import { MAX_EVALUATION_STEPS, MAX_VALUE_SIZE, tooCostlyMessage, tooLargeMessage, valueSize } from './limits.js';

/**
 * An evaluation error. `recoverable` errors are the dynamic ones `try`/`can` catch (wrong type,
 * missing key, function error); static ones (undeclared name, unknown function, bad syntax) are
 * never caught, as in terraform.
 */
export class EvaluationError extends UserError {
  /** Set once the innermost expression with a known line has placed the error. */
  positioned = false;
  constructor(
    message: string,
    location: SourceLocation,
    readonly recoverable: boolean,
  ) {
    super(message, location);
    this.name = 'EvaluationError';
  }
}

/** Evaluate a hcl2json value (JSON literal, object, array or template string). */
export async function evaluate(raw: unknown, scope: Scope, at: SourceLocation): Promise<Value> {
  // hcl2json keeps an attribute's expression text verbatim inside `${…}`, newlines included, so
  // an error in a multi-line expression can name its own line. (A heredoc or a value nested in a
  // JSON object has no such exact mapping and keeps the attribute's line.)
  if (typeof raw === 'string' && raw.includes('\n') && hasTemplateSequence(raw)) {
    let node: Node;
    try {
      node = await templateAst(raw);
    } catch (err) {
      throw syntaxError(err, at);
    }
    if (node.k === 'wrap') return new Evaluator(scope, at, undefined, undefined, at.line - 1).node(node);
  }
  return new Evaluator(scope, at).raw(raw);
}

/** Evaluate an expression written in HCL source form (`var.a + 1`, `"x"`, `[1, 2]`). */
export async function evaluateExpression(text: string, scope: Scope, at: SourceLocation): Promise<Value> {
  let node: Node;
  try {
    node = await expressionAst(text);
  } catch (err) {
    throw syntaxError(err, at);
  }
  return new Evaluator(scope, at).node(node);
}

/**
 * Evaluate a template text in hcl2json form (a template file after normalisation): errors name
 * `file` and the line inside the template where the failing expression is.
 */
export async function evaluateTemplateText(text: unknown, scope: Scope, file: string): Promise<Value> {
  const at = { file, line: 1 };
  return new Evaluator(scope, at, undefined, undefined, 0).raw(text);
}

function syntaxError(err: unknown, at: SourceLocation): unknown {
  if (err instanceof ExpressionSyntaxError) return new EvaluationError(`Invalid expression: ${err.message}`, at, false);
  return err;
}

/**
 * Expression nodes visited in this process. An evaluation's steps are the count since it began, so
 * a template rendered inside it (templatefile) is charged to it as well as to its own.
 */
let stepsTaken = 0;

/** Bindings of for-expression variables and the splat element, layered over the scope. */
interface Frame {
  vars: Map<string, Value>;
  parent: Frame | undefined;
}

class Evaluator {
  constructor(
    private readonly scope: Scope,
    private readonly at: SourceLocation,
    private readonly frame: Frame | undefined = undefined,
    private readonly anon: Value | undefined = undefined,
    /**
     * When set, errors name the line of the failing expression: this base plus the expression's
     * line in the text (template files: 0; multi-line attribute expressions: the attribute's line - 1).
     */
    private readonly lineBase: number | undefined = undefined,
    /** The step count when the top-level evaluation began (a nested template shares its caller's count). */
    private readonly firstStep: number = stepsTaken,
  ) {}

  private fail(message: string, recoverable = true): never {
    throw new EvaluationError(message, this.at, recoverable);
  }

  private with(vars: Map<string, Value>): Evaluator {
    return new Evaluator(this.scope, this.at, { vars, parent: this.frame }, this.anon, this.lineBase, this.firstStep);
  }

  async raw(raw: unknown): Promise<Value> {
    if (raw === null || typeof raw === 'boolean' || typeof raw === 'number') return raw;
    if (typeof raw === 'string') return this.templateString(raw);
    if (Array.isArray(raw)) {
      const out: Value[] = [];
      for (const x of raw) out.push(await this.raw(x));
      return out;
    }
    if (typeof raw === 'object') {
      const out: ObjectValue = {};
      const unknownKeys: Unknown[] = [];
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        const key = hasTemplateSequence(k) ? await this.templateString(k) : unescapeTemplateMarkers(k);
        if (key instanceof Unknown) {
          unknownKeys.push(key);
          continue;
        }
        out[this.objectKey(key)] = await this.raw(v);
      }
      if (unknownKeys.length > 0) return mergeUnknowns(unknownKeys);
      return out;
    }
    if (raw === undefined) return null;
    return this.fail(`unsupported value ${String(raw)}`, false);
  }

  private async templateString(s: string): Promise<Value> {
    if (!hasTemplateSequence(s)) return unescapeTemplateMarkers(s);
    let node: Node;
    try {
      node = await templateAst(s);
    } catch (err) {
      throw syntaxError(err, this.at);
    }
    return this.node(node);
  }

  async node(n: Node): Promise<Value> {
    if (this.lineBase === undefined) return this.bounded(n);
    try {
      return await this.bounded(n);
    } catch (err) {
      if (err instanceof EvaluationError && !err.positioned && n.line !== undefined) {
        const placed = new EvaluationError(err.message, { file: this.at.file, line: this.lineBase + n.line }, err.recoverable);
        placed.positioned = true;
        throw placed;
      }
      throw err;
    }
  }

  /** A node's value within the bounds of limits.ts: steps taken by this evaluation, size of the value. */
  private async bounded(n: Node): Promise<Value> {
    if (++stepsTaken - this.firstStep > MAX_EVALUATION_STEPS) this.fail(tooCostlyMessage(), false);
    let v: Value;
    try {
      v = await this.evalNode(n);
    } catch (err) {
      // A string or array past what JavaScript can hold (joining huge strings): the same bound, said the same way.
      if (err instanceof RangeError && /Invalid (string|array) length/.test(err.message)) this.fail(tooLargeMessage('the value'), false);
      throw err;
    }
    if (n.k !== 'literal' && n.k !== 'scope' && valueSize(v) > MAX_VALUE_SIZE) this.fail(tooLargeMessage('the value'), false);
    return v;
  }

  private async evalNode(n: Node): Promise<Value> {
    switch (n.k) {
      case 'literal':
        return n.value;
      case 'template':
        return this.template(n.parts);
      case 'wrap':
        return this.node(n.expr);
      case 'join': {
        const items = await this.node(n.expr);
        if (items instanceof Unknown) return items;
        if (!Array.isArray(items)) return this.fail('a template for directive must produce a list');
        return this.template(items.map((value) => ({ k: 'literal', value }) as Node));
      }
      case 'scope':
        return this.scopeTraversal(n);
      case 'relative': {
        let v = await this.node(n.source);
        for (const step of n.steps) v = this.step(v, step, n.text);
        return v;
      }
      case 'index': {
        const coll = await this.node(n.collection);
        const key = await this.node(n.key);
        return this.index(coll, key, n.text);
      }
      case 'splat':
        return this.splat(n);
      case 'anon':
        if (this.anon === undefined) return this.fail('a splat symbol outside a splat expression', false);
        return this.anon;
      case 'call':
        return this.call(n);
      case 'conditional':
        return this.conditional(n);
      case 'unary':
        return this.unary(n);
      case 'binary':
        return this.binary(n);
      case 'tuple': {
        const out: Value[] = [];
        for (const item of n.items) out.push(await this.node(item));
        return out;
      }
      case 'object':
        return this.object(n);
      case 'for':
        return this.forExpression(n);
    }
  }

  // -- templates --------------------------------------------------------------------------------

  /** A template's value; with unknown parts, an Unknown whose domain keeps the known text around them. */
  private async template(parts: Node[]): Promise<Value> {
    const pieces: (string | Unknown)[] = [];
    for (const part of parts) {
      const v = await this.node(part);
      pieces.push(v instanceof Unknown ? v : this.interpolate(v));
    }
    return concatStrings(pieces);
  }

  private interpolate(v: Value): string {
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return formatNumber(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (v === null) return this.fail('Invalid template interpolation value: the expression result is null');
    return this.fail(`Invalid template interpolation value: cannot include a ${typeName(v)} in a string template: string required`);
  }

  // -- traversals -------------------------------------------------------------------------------

  private lookupFrame(name: string): Value | undefined {
    for (let f = this.frame; f; f = f.parent) {
      if (f.vars.has(name)) return f.vars.get(name);
    }
    return undefined;
  }

  private scopeTraversal(n: Extract<Node, { k: 'scope' }>): Value {
    const local = this.lookupFrame(n.root);
    let v: Value;
    let rest: Step[];
    if (local !== undefined) {
      v = local;
      rest = n.steps;
    } else {
      const parts = [n.root, ...n.steps.map((s) => (s.kind === 'attr' ? s.name : String(s.key)))];
      const found = this.scope.lookup(parts);
      if (!found) return this.fail(undeclaredMessage(n.root, n.steps), false);
      v = found.value;
      rest = n.steps.slice(Math.max(0, found.consumed - 1));
    }
    for (const step of rest) v = this.step(v, step, n.text);
    return v;
  }

  private step(v: Value, step: Step, text: string): Value {
    return step.kind === 'attr' ? this.attribute(v, step.name, text) : this.index(v, step.key, text);
  }

  private attribute(v: Value, name: string, text: string): Value {
    if (v instanceof Unknown) return unknownStep(v, name);
    if (v === null) return this.fail(`Attempt to get attribute "${name}" from null value in ${text}: this value is null, so it does not have any attributes`);
    if (isObjectValue(v)) {
      if (Object.prototype.hasOwnProperty.call(v, name)) return v[name]!;
      const origin = resourceOriginOf(v);
      if (origin) return afterApply(origin.address, origin.attribute, name);
      return this.fail(`Unsupported attribute in ${text}: this object does not have an attribute named "${name}"`);
    }
    if (Array.isArray(v)) {
      return this.fail(
        `Unsupported attribute in ${text}: can't access attributes on a list of objects; did you mean to access attribute "${name}" for a specific element of the list, or across all elements of the list ([*].${name})?`,
      );
    }
    return this.fail(`Unsupported attribute in ${text}: can't access attributes on a primitive-typed value (${typeName(v)})`);
  }

  private index(coll: Value, key: Value, text: string): Value {
    if (coll instanceof Unknown) return key instanceof Unknown ? mergeUnknowns([coll, key]) : unknownStep(coll, String(key));
    if (key instanceof Unknown) return key;
    if (coll === null) return this.fail(`Invalid index in ${text}: this value is null, so it does not have any indices`);
    if (key === null) return this.fail(`Invalid index in ${text}: can't use a null value as an indexing key`);
    if (Array.isArray(coll)) {
      const i = typeof key === 'number' ? key : typeof key === 'string' ? parseNumberString(key) : undefined;
      if (i === undefined) return this.fail(`Invalid index in ${text}: the given key is not valid for a list, a number is required (got ${typeName(key)})`);
      if (!Number.isInteger(i)) return this.fail(`Invalid index in ${text}: the given key is not an integer`);
      if (i < 0 || i >= coll.length) {
        return this.fail(`Invalid index in ${text}: the given key does not identify an element in this collection value (index ${i}, length ${coll.length})`);
      }
      return coll[i]!;
    }
    if (isObjectValue(coll)) {
      const k = typeof key === 'string' ? key : typeof key === 'number' ? formatNumber(key) : typeof key === 'boolean' ? String(key) : undefined;
      if (k === undefined) return this.fail(`Invalid index in ${text}: a string key is required (got ${typeName(key)})`);
      if (Object.prototype.hasOwnProperty.call(coll, k)) return coll[k]!;
      const origin = resourceOriginOf(coll);
      if (origin) return afterApply(origin.address, origin.attribute, k);
      return this.fail(`Invalid index in ${text}: the given key does not identify an element in this collection value ("${k}")`);
    }
    return this.fail(`Invalid index in ${text}: this value does not have any indices (${typeName(coll)})`);
  }

  private async splat(n: Extract<Node, { k: 'splat' }>): Promise<Value> {
    const source = await this.node(n.source);
    if (source instanceof Unknown) return source;
    if (source === null) return [];
    const items = Array.isArray(source) ? source : [source];
    const out: Value[] = [];
    for (const item of items) {
      out.push(await new Evaluator(this.scope, this.at, this.frame, item, this.lineBase, this.firstStep).node(n.each));
    }
    return out;
  }

  // -- operators --------------------------------------------------------------------------------

  private async conditional(n: Extract<Node, { k: 'conditional' }>): Promise<Value> {
    const cond = await this.node(n.cond);
    if (cond instanceof Unknown) return cond;
    const c = this.toBool(cond, 'condition', n.text);
    const chosen = await this.node(c ? n.yes : n.no);
    // Terraform evaluates both results to find one result type; errors of the other are ignored.
    let other: Value | undefined;
    try {
      other = await this.node(c ? n.no : n.yes);
    } catch (err) {
      if (err instanceof EvaluationError && !err.recoverable) throw err;
      other = undefined;
    }
    return this.unifyConditional(chosen, other, n.text);
  }

  /**
   * Terraform converts both results to one type. Primitives: a number or bool opposite a string
   * becomes a string; number opposite bool is an error. Collections, a tolerant best effort:
   * tuples of equal length and objects with the same attributes unify element by element; other
   * collections become strings where the other side holds strings. Terraform may reject some
   * mixes this accepts (docs/evaluator-expressions.md).
   */
  private unifyConditional(chosen: Value, other: Value | undefined, text: string): Value {
    if (other === undefined || other === null || chosen === null) return chosen;
    if (chosen instanceof Unknown || other instanceof Unknown) return chosen;
    const a = typeName(chosen);
    const b = typeName(other);
    const primitive = (t: string) => t === 'string' || t === 'number' || t === 'bool';
    if (primitive(a) && primitive(b)) {
      if (a === b || a === 'string') return chosen;
      if (b === 'string') return this.interpolate(chosen);
      return this.fail(`Inconsistent conditional result types in ${text}: the true and false result expressions must have consistent types (${a} vs ${b})`);
    }
    if (Array.isArray(chosen) && Array.isArray(other)) {
      if (chosen.length === other.length) return chosen.map((x, i) => this.unifyConditional(x, other[i], text));
      return this.towardsStrings(chosen, [...chosen, ...other]);
    }
    if (isObjectValue(chosen) && isObjectValue(other)) {
      const ka = Object.keys(chosen).sort();
      const kb = Object.keys(other).sort();
      if (ka.length === kb.length && ka.every((k, i) => k === kb[i])) {
        const out: ObjectValue = {};
        for (const k of ka) out[k] = this.unifyConditional(chosen[k]!, other[k], text);
        return out;
      }
      return this.towardsStrings(chosen, [...Object.values(chosen), ...Object.values(other)]);
    }
    return chosen;
  }

  /** A collection unified to one element type: primitives become strings when any element is a string. */
  private towardsStrings(chosen: Value[] | ObjectValue, all: Value[]): Value {
    if (!all.some((v) => typeof v === 'string')) return chosen;
    if (!all.every((v) => v === null || v instanceof Unknown || typeof v !== 'object')) return chosen;
    const convert = (v: Value): Value => (typeof v === 'number' || typeof v === 'boolean' ? this.interpolate(v) : v);
    if (Array.isArray(chosen)) return chosen.map(convert);
    const out: ObjectValue = {};
    for (const [k, v] of Object.entries(chosen)) out[k] = convert(v);
    return out;
  }

  private async unary(n: Extract<Node, { k: 'unary' }>): Promise<Value> {
    const v = await this.node(n.operand);
    if (v instanceof Unknown) return v;
    if (n.op === 'logicalNot') return !this.toBool(v, 'operand', n.text);
    if (n.op === 'negate') return -this.toNumber(v, 'operand', n.text);
    return this.fail(`unsupported operator ${n.op}`, false);
  }

  private async binary(n: Extract<Node, { k: 'binary' }>): Promise<Value> {
    const left = await this.node(n.left);
    const right = await this.node(n.right);
    switch (n.op) {
      case 'equal':
      case 'notEqual': {
        const eq = valuesEqual(left, right);
        if (eq instanceof Unknown) return eq;
        return n.op === 'equal' ? eq : !eq;
      }
      case 'logicalAnd':
      case 'logicalOr': {
        // Terraform 1.11 does not short-circuit: `false && unknown` is unknown too.
        if (left instanceof Unknown || right instanceof Unknown) return unknownOf(left, right);
        const l = this.toBool(left, 'left operand', n.text);
        const r = this.toBool(right, 'right operand', n.text);
        return n.op === 'logicalAnd' ? l && r : l || r;
      }
      case 'lessThan':
      case 'lessThanOrEqual':
      case 'greaterThan':
      case 'greaterThanOrEqual': {
        if (left instanceof Unknown || right instanceof Unknown) return unknownOf(left, right);
        const a = this.toNumber(left, 'left operand', n.text);
        const b = this.toNumber(right, 'right operand', n.text);
        if (n.op === 'lessThan') return a < b;
        if (n.op === 'lessThanOrEqual') return a <= b;
        if (n.op === 'greaterThan') return a > b;
        return a >= b;
      }
      default: {
        if (left instanceof Unknown || right instanceof Unknown) return unknownOf(left, right);
        const a = this.toNumber(left, 'left operand', n.text);
        const b = this.toNumber(right, 'right operand', n.text);
        const r = arithmetic(n.op, a, b);
        if (typeof r === 'string') return this.fail(`${r} in ${n.text}`);
        return r;
      }
    }
  }

  private toBool(v: Value, what: string, text: string): boolean {
    if (typeof v === 'boolean') return v;
    if (v === 'true') return true;
    if (v === 'false') return false;
    if (v === null) return this.fail(`Invalid ${what} in ${text}: the value is null; a bool is required`);
    return this.fail(`Invalid ${what} in ${text}: a bool is required (got ${describe(v)})`);
  }

  private toNumber(v: Value, what: string, text: string): number {
    if (typeof v === 'number') return v;
    if (typeof v === 'string') {
      const n = parseNumberString(v);
      if (n !== undefined) return n;
    }
    if (v === null) return this.fail(`Invalid ${what} in ${text}: the value is null; a number is required`);
    return this.fail(`Invalid ${what} in ${text}: a number is required (got ${describe(v)})`);
  }

  // -- collections ------------------------------------------------------------------------------

  private objectKey(key: Value): string {
    if (typeof key === 'string') return key;
    if (typeof key === 'number') return formatNumber(key);
    if (typeof key === 'boolean') return String(key);
    if (key === null) return this.fail('Invalid object key: a null value cannot be used as an object key');
    return this.fail(`Invalid object key: a string is required (got ${typeName(key)})`);
  }

  private async object(n: Extract<Node, { k: 'object' }>): Promise<Value> {
    const out: ObjectValue = {};
    const unknownKeys: Unknown[] = [];
    for (const item of n.items) {
      const key = await this.node(item.key);
      const value = await this.node(item.value);
      if (key instanceof Unknown) unknownKeys.push(key);
      else out[this.objectKey(key)] = value;
    }
    if (unknownKeys.length > 0) return mergeUnknowns(unknownKeys);
    return out;
  }

  private async forExpression(n: Extract<Node, { k: 'for' }>): Promise<Value> {
    const coll = await this.node(n.collection);
    if (coll instanceof Unknown) return coll;
    if (coll === null) return this.fail(`Iteration over null value in ${n.text}: a null value cannot be used as the collection in a 'for' expression`);
    let entries: [Value, Value][];
    if (Array.isArray(coll)) entries = iterationEntries(coll);
    else if (isObjectValue(coll)) entries = sortedKeys(coll).map((k) => [k, coll[k]!]);
    else return this.fail(`Iteration over non-iterable value in ${n.text}: a value of type ${typeName(coll)} cannot be used as the collection in a 'for' expression`);

    const isObject = n.key !== undefined;
    const list: Value[] = [];
    const obj: ObjectValue = {};
    const groups = new Map<string, Value[]>();
    const unknowns: Unknown[] = [];
    // The result's size as it grows: a loop of large items fails at the item that passes the bound, not after.
    let size = 0;
    const grown = (item: Value) => {
      if ((size += valueSize(item)) > MAX_VALUE_SIZE) this.fail(tooLargeMessage(`the result of ${n.text.length > 60 ? `${n.text.slice(0, 60)}…` : n.text}`), false);
    };
    for (const [k, v] of entries) {
      const vars = new Map<string, Value>();
      if (n.keyVar) vars.set(n.keyVar, k);
      vars.set(n.valVar, v);
      const inner = this.with(vars);
      if (n.cond) {
        const c = await inner.node(n.cond);
        if (c instanceof Unknown) {
          unknowns.push(c);
          continue;
        }
        if (c === null) return this.fail(`Condition is null in ${n.text}: the condition of a 'for' expression must not be null`);
        if (!inner.toBool(c, 'for condition', n.text)) continue;
      }
      if (!isObject) {
        const item = await inner.node(n.value);
        grown(item);
        list.push(item);
        continue;
      }
      const keyValue = await inner.node(n.key!);
      const value = await inner.node(n.value);
      grown(value);
      if (keyValue instanceof Unknown) {
        unknowns.push(keyValue);
        continue;
      }
      if (keyValue === null) return this.fail(`Invalid object key in ${n.text}: key expression result is null`);
      const key = this.objectKey(keyValue);
      if (n.grouped) {
        const g = groups.get(key);
        if (g) g.push(value);
        else groups.set(key, [value]);
      } else {
        if (Object.prototype.hasOwnProperty.call(obj, key)) {
          return this.fail(
            `Duplicate object key in ${n.text}: two different items produced the key "${key}" in this 'for' expression; if duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key`,
          );
        }
        obj[key] = value;
      }
    }
    if (unknowns.length > 0) return mergeUnknowns(unknowns);
    if (!isObject) return list;
    if (n.grouped) {
      const out: ObjectValue = {};
      for (const [k, vs] of groups) out[k] = vs;
      return out;
    }
    return obj;
  }

  // -- function calls ---------------------------------------------------------------------------

  private async call(n: Extract<Node, { k: 'call' }>): Promise<Value> {
    if (n.name === 'try') return this.tryForm(n);
    if (n.name === 'can') return this.canForm(n);
    const fn = this.scope.functions[n.name];
    if (!fn && n.name.startsWith('provider::')) {
      return new Unknown(`provider-defined function ${n.name} is not evaluated statically`);
    }
    if (!fn) return this.fail(`Call to unknown function: there is no function named "${n.name}"`, false);
    const args: Value[] = [];
    for (const a of n.args) args.push(await this.node(a));
    if (n.expand) {
      const last = args.pop();
      if (last instanceof Unknown) return last;
      if (last === null || last === undefined) return this.fail(`Invalid expanding argument value in ${n.text}: the expanding argument (indicated by ...) must not be null`);
      if (!Array.isArray(last)) return this.fail(`Invalid expanding argument value in ${n.text}: the expanding argument (indicated by ...) must be of a tuple, list, or set type`);
      args.push(...last);
    }
    try {
      return await fn(args, this.scope.functionContext);
    } catch (err) {
      if (err instanceof FunctionError) return this.fail(`Error in function call ${n.name}(): ${err.message}`);
      if (err instanceof EvaluationError) throw err;
      if (err instanceof UserError) {
        throw new EvaluationError(`Error in function call ${n.name}(): ${err.format()}`, this.at, true);
      }
      throw err;
    }
  }

  /** `try(a, b, …)`: the first argument that evaluates without a dynamic error; unknown while it cannot tell. */
  private async tryForm(n: Extract<Node, { k: 'call' }>): Promise<Value> {
    if (n.args.length === 0) return this.fail('Not enough function arguments: try() needs at least one argument', false);
    const errors: string[] = [];
    for (const a of n.args) {
      try {
        // A result that is not wholly known is unknown: terraform cannot tell yet whether it would fail.
        return wholly(await this.node(a));
      } catch (err) {
        if (err instanceof EvaluationError && err.recoverable) {
          errors.push(err.message);
          continue;
        }
        throw err;
      }
    }
    return this.fail(`Error in function call try(): no expression succeeded: ${errors.join('; ')}`);
  }

  /** `can(expr)`: whether expr evaluates without a dynamic error; unknown when its value is not wholly known. */
  private async canForm(n: Extract<Node, { k: 'call' }>): Promise<Value> {
    if (n.args.length !== 1) return this.fail('can() takes exactly one argument', false);
    try {
      const v = wholly(await this.node(n.args[0]!));
      if (v instanceof Unknown) return v;
      return true;
    } catch (err) {
      if (err instanceof EvaluationError && err.recoverable) return false;
      throw err;
    }
  }
}

/** A value holding an unknown anywhere, as one unknown (terraform's try and can give no partly known result). */
function wholly(v: Value): Value {
  const unknowns = unknownsIn(v);
  return unknowns.length ? mergeUnknowns(unknowns) : v;
}

function unknownOf(...vals: Value[]): Unknown {
  return mergeUnknowns(vals.filter((v): v is Unknown => v instanceof Unknown));
}

function afterApply(address: string, base: string | undefined, name: string): Unknown {
  const attribute = base ? `${base}.${name}` : name;
  return new Unknown('known after apply', [{ address, attribute }]);
}

function describe(v: Value): string {
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return typeName(v);
}

const ROOT_KINDS: Record<string, string> = {
  var: 'input variable',
  local: 'local value',
  module: 'module',
  data: 'data resource',
};

function undeclaredMessage(root: string, steps: Step[]): string {
  const kind = ROOT_KINDS[root];
  const first = steps[0];
  if (kind && first?.kind === 'attr') {
    return `Reference to undeclared ${kind}: "${root}.${first.name}" has not been declared`;
  }
  return `Reference to undeclared name "${root}": no variable, resource, local value or iterator by this name is in scope`;
}

// ---------------------------------------------------------------------------------------------
// references

/**
 * The traversals an expression mentions, as text (`var.x`, `aws_instance.a.id`,
 * `module.m["k"].out`, `data.t.n.attr`, `each.key`), without names bound inside the expression
 * itself (for-expression variables). A traversal stops at its first dynamic index: `var.m[var.k]`
 * gives `var.m` and `var.k`. In source order, each once.
 */
export async function references(raw: unknown): Promise<string[]> {
  const out = new Set<string>();
  await collectRaw(raw, out);
  return [...out];
}

async function collectRaw(raw: unknown, out: Set<string>): Promise<void> {
  if (typeof raw === 'string') {
    if (!hasTemplateSequence(raw)) return;
    let node: Node;
    try {
      node = await templateAst(raw);
    } catch {
      return;
    }
    collectNode(node, new Set(), out);
  } else if (Array.isArray(raw)) {
    for (const x of raw) await collectRaw(x, out);
  } else if (typeof raw === 'object' && raw !== null) {
    for (const [k, v] of Object.entries(raw)) {
      await collectRaw(k, out);
      await collectRaw(v, out);
    }
  }
}

function traversalText(root: string, steps: Step[]): string {
  let s = root;
  for (const st of steps) {
    if (st.kind === 'attr') s += `.${st.name}`;
    else s += typeof st.key === 'number' ? `[${st.key}]` : `[${JSON.stringify(st.key)}]`;
  }
  return s;
}

function collectNode(n: Node, bound: Set<string>, out: Set<string>): void {
  const walk = (x: Node, b: Set<string> = bound) => collectNode(x, b, out);
  switch (n.k) {
    case 'literal':
    case 'anon':
      return;
    case 'template':
      n.parts.forEach((p) => walk(p));
      return;
    case 'wrap':
    case 'join':
      walk(n.expr);
      return;
    case 'scope':
      if (!bound.has(n.root)) out.add(traversalText(n.root, n.steps));
      return;
    case 'relative':
      walk(n.source);
      return;
    case 'index':
      walk(n.collection);
      walk(n.key);
      return;
    case 'splat':
      walk(n.source);
      walk(n.each);
      return;
    case 'call':
      n.args.forEach((a) => walk(a));
      return;
    case 'conditional':
      walk(n.cond);
      walk(n.yes);
      walk(n.no);
      return;
    case 'unary':
      walk(n.operand);
      return;
    case 'binary':
      walk(n.left);
      walk(n.right);
      return;
    case 'tuple':
      n.items.forEach((i) => walk(i));
      return;
    case 'object':
      n.items.forEach((i) => {
        walk(i.key);
        walk(i.value);
      });
      return;
    case 'for': {
      walk(n.collection);
      const inner = new Set(bound);
      if (n.keyVar) inner.add(n.keyVar);
      inner.add(n.valVar);
      if (n.key) walk(n.key, inner);
      walk(n.value, inner);
      if (n.cond) walk(n.cond, inner);
      return;
    }
  }
}
