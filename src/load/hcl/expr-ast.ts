/**
 * Expression syntax trees from HashiCorp's parser (`getExpressionAst` of `@cdktf/hcl2json`),
 * turned into a small tree the evaluator can walk, and cached by source text.
 *
 * Facts about hcl2json's AST this relies on (printed and checked, see tests/load/hcl/expr-ast.test.ts):
 * - A string from hcl2json `parse` is a template source: `${…}`/`%{…}` are live, `$${`/`%%{` are
 *   escapes, quoted-string backslash escapes are already decoded, strip markers (`~`) are already
 *   applied. We hand such a string to `getExpressionAst` inside a heredoc (`<<DELIM … DELIM`), where
 *   backslashes are not special and quotes need no escaping, then drop the newline the heredoc adds.
 * - Template literal parts carry their *source* text: inside a quoted string (`"k\n"` within an
 *   interpolation) backslash escapes must still be decoded; in a heredoc only `$${` and `%%{`.
 * - Object keys are wrapped in a node of type `""`: no children = a bare identifier (text from the
 *   byte range), one child = the key expression (a quoted template or a parenthesised expression).
 *   A parenthesised expression is likewise a `""` node with one child.
 * - A splat's "each" part is an expression over an anonymous symbol (a `""` node whose text is `[*]`
 *   or `.*`); legacy `.*` splats already end before a following index in the tree.
 * - `%{if}` is a `conditional` whose text starts with `%{`; `%{for}` is `templateJoin` over a `for`.
 * - Traversal index segments are `0` for numbers and `"k"` (quoted) for strings.
 */
import { hcl2json, mapConcurrent } from './parse-hcl2json.js';
import type { Value } from '../../model/value.js';
import { cacheKey, readCacheFile, writeCacheFile } from './parse-cache.js';
import { nestingMessage, nestingTooDeep } from './nesting.js';

export type Step = { kind: 'attr'; name: string } | { kind: 'index'; key: string | number };

/** A node, with its line in the text it was parsed from (1-based) where the parser gave one. */
export type Node = NodeBody & { line?: number };

type NodeBody =
  | { k: 'literal'; value: Value }
  /** String template: concatenation of parts. */
  | { k: 'template'; parts: Node[]; text: string }
  /** A template that is a single interpolation: its value is not converted to a string. */
  | { k: 'wrap'; expr: Node; text: string }
  /** `%{for}` directive: join the strings of a tuple-for. */
  | { k: 'join'; expr: Node; text: string }
  | { k: 'scope'; root: string; steps: Step[]; text: string }
  | { k: 'relative'; source: Node; steps: Step[]; text: string }
  | { k: 'index'; collection: Node; key: Node; text: string }
  | { k: 'splat'; source: Node; each: Node; text: string }
  /** The element a splat's "each" expression applies to. */
  | { k: 'anon' }
  | { k: 'call'; name: string; args: Node[]; expand: boolean; text: string }
  | { k: 'conditional'; cond: Node; yes: Node; no: Node; text: string }
  | { k: 'unary'; op: string; operand: Node; text: string }
  | { k: 'binary'; op: string; left: Node; right: Node; text: string }
  | { k: 'tuple'; items: Node[]; text: string }
  | { k: 'object'; items: { key: Node; value: Node }[]; text: string }
  | {
      k: 'for';
      keyVar?: string;
      valVar: string;
      collection: Node;
      key?: Node;
      value: Node;
      cond?: Node;
      grouped: boolean;
      text: string;
    };

/** An expression's text could not be parsed (should not happen for hcl2json output; reported with file:line). */
export class ExpressionSyntaxError extends Error {}

interface RawAst {
  type: string;
  meta?: Record<string, any>;
  children: RawAst[];
  range: { start: { byte: number; line: number }; end: { byte: number } };
}

const templateCache = new Map<string, Promise<Node>>();
const expressionCache = new Map<string, Promise<Node>>();

/** Parser calls made and cache hits in this process (benchmarks, tests). */
export const astStats = { calls: 0, cacheHits: 0 };

/** The tree of a template string in hcl2json form (see the module comment). */
export function templateAst(text: string): Promise<Node> {
  const hit = templateCache.get(text);
  if (hit) {
    astStats.cacheHits++;
    return hit;
  }
  const simple = simpleTemplate(text);
  const p = simple ? Promise.resolve(simple) : buildTemplate(text);
  templateCache.set(text, p);
  return p;
}

// -- The common case without the parser ---------------------------------------------------------
//
// Most template strings in real configurations are a reference (`${var.x}`, `${aws_vpc.main.id}`)
// or text with references (`${local.name}-api`). hcl2json renders them in one canonical form (no
// spaces, `.0` as written or `[0]`, `["k"]`), so a strict pattern recognises them; anything else,
// however slightly different, goes to HashiCorp's parser. Measured on the real stack: 468 of 689
// template strings; each saves a parser call (~0.5-1 ms).

const IDENT = '[A-Za-z_][A-Za-z0-9_-]*';
const STEP = `(?:\\.${IDENT}|\\.[0-9]+|\\[[0-9]+\\]|\\["[^"\\\\$%{}]*"\\])`;
const TRAVERSAL = new RegExp(`^${IDENT}${STEP}*$`);
const STEP_G = new RegExp(STEP, 'g');
const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'if', 'in', 'endif', 'endfor', 'else']);

const NUMBER_LITERAL = /^\$\{(-?)([0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)\}$/;
const STRING_LITERAL = /^\$\{"([^"\\$%{}]*)"\}$/;
const KEYWORD_LITERAL: Record<string, Value> = { '${true}': true, '${false}': false, '${null}': null };

/** `${5}`, `${"text"}`, `${true}`, `${null}`, `${{}}`, `${[]}`: a constant, as the parser would give it. */
function constantTemplate(text: string): Node | undefined {
  if (Object.prototype.hasOwnProperty.call(KEYWORD_LITERAL, text)) {
    return { k: 'wrap', expr: { k: 'literal', value: KEYWORD_LITERAL[text]!, line: 1 }, text, line: 1 };
  }
  const num = NUMBER_LITERAL.exec(text);
  if (num) {
    const literal: Node = { k: 'literal', value: Number(num[2]), line: 1 };
    const expr: Node = num[1] ? { k: 'unary', op: 'negate', operand: literal, text: text.slice(2, -1), line: 1 } : literal;
    return { k: 'wrap', expr, text, line: 1 };
  }
  const str = STRING_LITERAL.exec(text);
  if (str) {
    const quoted = text.slice(2, -1);
    return { k: 'wrap', expr: { k: 'template', parts: [{ k: 'literal', value: str[1]!, line: 1 }], text: quoted, line: 1 }, text, line: 1 };
  }
  if (text === '${{}}') return { k: 'wrap', expr: { k: 'object', items: [], text: '{}', line: 1 }, text, line: 1 };
  if (text === '${[]}') return { k: 'wrap', expr: { k: 'tuple', items: [], text: '[]', line: 1 }, text, line: 1 };
  return undefined;
}

/** `${traversal}` and literal text with such interpolations, or a constant, as a tree, or undefined. */
export function simpleTemplate(text: string): Node | undefined {
  const constant = constantTemplate(text);
  if (constant) return constant;
  if (text.includes('%{') || text.includes('$${') || text.includes('%%{')) return undefined;
  const parts: Node[] = [];
  let pos = 0;
  let line = 1;
  const literal = (value: string) => {
    parts.push({ k: 'literal', value, line });
    for (let i = value.indexOf('\n'); i >= 0; i = value.indexOf('\n', i + 1)) line++;
  };
  while (pos < text.length) {
    const open = text.indexOf('${', pos);
    if (open < 0) {
      literal(text.slice(pos));
      break;
    }
    if (open > pos) literal(text.slice(pos, open));
    const close = text.indexOf('}', open + 2);
    if (close < 0) return undefined;
    const node = simpleTraversal(text.slice(open + 2, close), line);
    if (!node) return undefined;
    parts.push(node);
    pos = close + 1;
  }
  if (parts.length === 1 && parts[0]!.k === 'scope') return { k: 'wrap', expr: parts[0]!, text, line: 1 };
  return { k: 'template', parts, text, line: 1 };
}

function simpleTraversal(inner: string, line: number): Node | undefined {
  if (!TRAVERSAL.test(inner)) return undefined;
  const root = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(inner)![0];
  if (KEYWORDS.has(root)) return undefined;
  const steps: Step[] = [];
  for (const m of inner.slice(root.length).matchAll(STEP_G)) {
    const st = m[0];
    if (st.startsWith('.')) {
      const name = st.slice(1);
      steps.push(/^[0-9]+$/.test(name) ? { kind: 'index', key: Number(name) } : { kind: 'attr', name });
    } else if (st.startsWith('["')) steps.push({ kind: 'index', key: st.slice(2, -2) });
    else steps.push({ kind: 'index', key: Number(st.slice(1, -1)) });
  }
  return { k: 'scope', root, steps, text: inner, line };
}

/** The tree of an expression given as HCL source text (`var.a + 1`, `"x${y}"`). */
export function expressionAst(text: string): Promise<Node> {
  const hit = expressionCache.get(text);
  if (hit) {
    astStats.cacheHits++;
    return hit;
  }
  const p = onDisk('expression-ast', text, async () => {
    const raw = await callParser(text);
    return convert(raw, new Source(text, -1), 'quoted');
  });
  expressionCache.set(text, p);
  return p;
}

export function clearAstCache(): void {
  templateCache.clear();
  expressionCache.clear();
}

async function callParser(text: string): Promise<RawAst> {
  // Expressions not from a .tf file (template files, .tf.json strings, built ones) were not measured by parse.ts.
  const deep = nestingTooDeep(text, 'expression');
  if (deep !== undefined) throw new ExpressionSyntaxError(nestingMessage());
  astStats.calls++;
  try {
    const ast = (await (await hcl2json()).getExpressionAst('expression.tf', text)) as unknown as RawAst | null;
    if (!ast) throw new ExpressionSyntaxError(`cannot parse expression ${JSON.stringify(text)}`);
    return ast;
  } catch (err) {
    if (err instanceof ExpressionSyntaxError) throw err;
    const msg = (err as Error).message.replace(/^getExpressionAst errors on input string '[\s\S]*': expression\.tf:[\d,-]+: /, '');
    throw new ExpressionSyntaxError(msg.trim());
  }
}

function heredocDelimiter(text: string): string {
  let delim = 'STACKCHECK_EOT';
  for (let i = 0; text.includes(delim); i++) delim = `STACKCHECK_EOT${i}`;
  return delim;
}

/** Always through HashiCorp's parser, no cache (tests compare the shortcut with it). */
export function parsedTemplate(text: string): Promise<Node> {
  return buildTemplateWithParser(text);
}

/**
 * A tree read from the disk cache, or built and written there. For expressions met one at a time
 * (built while evaluating, not found in a file); trees of a file's own strings are cached with the
 * file (parse.ts).
 */
async function onDisk(kind: string, text: string, build: () => Promise<Node>): Promise<Node> {
  const key = cacheKey(kind, text);
  const cached = await readCacheFile<{ node: Node }>(key);
  if (cached?.node) return cached.node;
  const node = await build();
  await writeCacheFile(key, { node });
  return node;
}

function buildTemplate(text: string): Promise<Node> {
  return onDisk('template-ast', text, () => buildTemplateWithParser(text));
}

async function buildTemplateWithParser(text: string): Promise<Node> {
  const delim = heredocDelimiter(text);
  const wrapped = `<<${delim}\n${text}\n${delim}\n`;
  const raw = await callParser(wrapped);
  // getExpressionAst counts lines from 0, and the heredoc's opening line is line 0: parser
  // line 1 is template line 1.
  return fromHeredoc(raw, new Source(wrapped, 0), text);
}

/** The template tree of one heredoc-wrapped template string. */
function fromHeredoc(raw: RawAst, source: Source, text: string): Node {
  const node = convert(raw, source, 'heredoc');
  const parts = node.k === 'template' ? [...node.parts] : [node];
  // Drop the newline the heredoc added before its closing delimiter.
  const last = parts[parts.length - 1];
  if (last && last.k === 'literal' && typeof last.value === 'string' && last.value.endsWith('\n')) {
    const trimmed = last.value.slice(0, -1);
    if (trimmed === '') parts.pop();
    else parts[parts.length - 1] = { ...last, value: trimmed };
  }
  if (parts.length === 1 && isInterpolation(parts[0]!, raw, source)) {
    return { k: 'wrap', expr: parts[0]!, text, line: 1 };
  }
  return { k: 'template', parts, text, line: 1 };
}

const BATCH_CHARS = Number(process.env.STACKCHECK_AST_BATCH_CHARS ?? 16 * 1024);
const BATCH_ITEMS = Number(process.env.STACKCHECK_AST_BATCH ?? 40);
const BATCH_CONCURRENCY = Number(process.env.STACKCHECK_AST_CONCURRENCY ?? 4);

/**
 * Parse many template strings ahead of evaluation, several per parser call (one call costs
 * ~0.4-0.7 ms whatever its size, so a tuple of heredocs is about twice as fast per template).
 * A batch the parser rejects is retried one by one, so a bad template keeps its own error.
 */
export async function prepareTemplates(texts: Iterable<string>): Promise<void> {
  const todo: string[] = [];
  for (const t of new Set(texts)) {
    if (templateCache.has(t) || !hasTemplateSequence(t)) continue;
    const simple = simpleTemplate(t);
    if (simple) templateCache.set(t, Promise.resolve(simple));
    else todo.push(t);
  }
  const batches: string[][] = [];
  for (let i = 0; i < todo.length; ) {
    const batch: string[] = [];
    let size = 0;
    while (i < todo.length && batch.length < BATCH_ITEMS && (batch.length === 0 || size + todo[i]!.length < BATCH_CHARS)) {
      size += todo[i]!.length;
      batch.push(todo[i++]!);
    }
    batches.push(batch);
  }
  await mapConcurrent(batches, BATCH_CONCURRENCY, async (batch) => {
    const converted = await convertBatch(batch);
    batch.forEach((text, j) => {
      if (templateCache.has(text)) return;
      const node = converted?.[j];
      const p = node ? Promise.resolve(node) : buildTemplate(text);
      p.catch(() => undefined); // a bad template reports its error when it is evaluated
      templateCache.set(text, p);
    });
  });
}

async function convertBatch(texts: string[]): Promise<Node[] | undefined> {
  if (texts.length < 2) return undefined;
  const delim = heredocDelimiter(texts.join('\n'));
  const lineShifts: number[] = [];
  let line = 1; // line 0 is the opening bracket
  const pieces = texts.map((t) => {
    lineShifts.push(line);
    const piece = `<<${delim}\n${t}\n${delim}\n`;
    line += piece.split('\n').length; // its lines, then the line holding the comma
    return piece;
  });
  const wrapped = `[\n${pieces.join(',\n')}]`;
  let raw: RawAst;
  try {
    raw = await callParser(wrapped);
  } catch {
    return undefined;
  }
  if (raw.type !== 'tuple' || raw.children.length !== texts.length) return undefined;
  try {
    return raw.children.map((child, j) => fromHeredoc(child, new Source(wrapped, lineShifts[j]!), texts[j]!));
  } catch {
    return undefined;
  }
}

/** The parsed trees of the given template strings that are ready (for a disk cache). */
export async function preparedTemplates(texts: Iterable<string>): Promise<Record<string, Node>> {
  const out: Record<string, Node> = {};
  for (const t of new Set(texts)) {
    const p = templateCache.get(t);
    if (!p) continue;
    try {
      out[t] = await p;
    } catch {
      /* a template with a syntax error is not cached */
    }
  }
  return out;
}

/** Put trees read from a disk cache into the in-memory cache. */
export function seedTemplates(trees: Record<string, Node>): void {
  for (const [t, node] of Object.entries(trees)) if (!templateCache.has(t)) templateCache.set(t, Promise.resolve(node));
}

/** A lone `${…}` keeps its value's type; a lone literal or directive makes a string. */
function isInterpolation(node: Node, raw: RawAst, source: Source): boolean {
  if (node.k === 'literal') return typeof node.value !== 'string';
  if (node.k === 'join') return false;
  if (node.k === 'conditional') {
    const child = raw.children[0];
    return !(child && source.slice(child).startsWith('%{'));
  }
  return true;
}

/** The wrapped source text, sliced by byte ranges (hcl2json ranges are byte offsets). */
class Source {
  private bytes: Buffer | undefined;
  constructor(
    readonly text: string,
    /** Lines to subtract from parser lines to get lines of the caller's text. */
    readonly lineShift: number,
  ) {}
  slice(n: RawAst): string {
    this.bytes ??= Buffer.from(this.text, 'utf8');
    return this.bytes.subarray(n.range.start.byte, n.range.end.byte).toString('utf8');
  }
  /** The string index of a byte offset. */
  charIndex(byte: number): number {
    this.bytes ??= Buffer.from(this.text, 'utf8');
    return this.bytes.subarray(0, byte).toString('utf8').length;
  }
}

type LiteralContext = 'quoted' | 'heredoc';

function convert(n: RawAst, src: Source, ctx: LiteralContext): Node {
  const node = convertNode(n, src, ctx);
  const line = n.range?.start?.line;
  if (typeof line === 'number' && node.line === undefined && node.k !== 'anon') node.line = Math.max(1, line - src.lineShift);
  return node;
}

function convertNode(n: RawAst, src: Source, ctx: LiteralContext): Node {
  const meta = n.meta ?? {};
  const text: string = typeof meta.value === 'string' ? meta.value : '';
  const kids = n.children ?? [];
  const c = (i: number, context: LiteralContext = ctx): Node => {
    const child = kids[i];
    if (!child) throw new ExpressionSyntaxError(`unexpected syntax tree for ${JSON.stringify(text)}`);
    return convert(child, src, context);
  };
  switch (n.type) {
    case 'literalValue':
      return { k: 'literal', value: literal(meta.type, text, ctx) };
    case 'template': {
      const context: LiteralContext = text.startsWith('"') ? 'quoted' : text.startsWith('<<') ? 'heredoc' : ctx;
      const parts = kids.map((_, i) => c(i, context));
      if (text.startsWith('<<-')) return { k: 'template', parts: flushHeredoc(kids, parts, src), text };
      return { k: 'template', parts, text };
    }
    case 'templateWrap': {
      const context: LiteralContext = text.startsWith('<<') ? 'heredoc' : 'quoted';
      return { k: 'wrap', expr: c(0, context), text };
    }
    case 'templateJoin':
      return { k: 'join', expr: c(0), text };
    case 'scopeTraversal': {
      const steps = traversalSteps(meta.traversal ?? []);
      const first = steps.shift();
      if (!first || first.kind !== 'attr') throw new ExpressionSyntaxError(`bad traversal ${text}`);
      return { k: 'scope', root: first.name, steps, text };
    }
    case 'relativeTraversal':
      return { k: 'relative', source: c(0), steps: traversalSteps(meta.traversal ?? []), text };
    case 'index':
      return { k: 'index', collection: c(0), key: c(1), text };
    case 'splat':
      return { k: 'splat', source: c(0), each: c(1), text };
    case 'function':
      return { k: 'call', name: meta.name, args: kids.map((_, i) => c(i)), expand: meta.expandedFinalArgument === true, text };
    case 'conditional':
      return { k: 'conditional', cond: c(0), yes: c(1), no: c(2), text };
    case 'unaryOp':
      return { k: 'unary', op: meta.operator, operand: c(0), text };
    case 'binaryOp':
      return { k: 'binary', op: meta.operator, left: c(0), right: c(1), text };
    case 'tuple':
      return { k: 'tuple', items: kids.map((_, i) => c(i)), text };
    case 'object': {
      const items: { key: Node; value: Node }[] = [];
      for (let i = 0; i + 1 < kids.length; i += 2) {
        const keyRaw = kids[i]!;
        const key: Node =
          keyRaw.type === '' && keyRaw.children.length === 0
            ? { k: 'literal', value: src.slice(keyRaw) }
            : convert(keyRaw, src, ctx);
        items.push({ key, value: c(i + 1) });
      }
      return { k: 'object', items, text };
    }
    case 'for': {
      let i = 0;
      const collection = c(i++);
      const isObject = typeof meta.keyExpression === 'string' && meta.keyExpression !== '';
      const key = isObject ? c(i++) : undefined;
      const value = c(i++);
      const hasCond = typeof meta.conditionalExpression === 'string' && meta.conditionalExpression !== '';
      const cond = hasCond ? c(i++) : undefined;
      return {
        k: 'for',
        ...(meta.keyVar ? { keyVar: meta.keyVar as string } : {}),
        valVar: meta.valVar,
        collection,
        ...(key ? { key } : {}),
        value,
        ...(cond ? { cond } : {}),
        grouped: meta.groupedValue === true,
        text,
      };
    }
    case '': {
      if (kids.length === 1) return c(0);
      const raw = src.slice(n).trim();
      if (raw === '[*]' || raw === '.*') return { k: 'anon' };
      throw new ExpressionSyntaxError(`unsupported construct ${JSON.stringify(raw)}`);
    }
    default:
      throw new ExpressionSyntaxError(`unsupported expression kind "${n.type}" in ${JSON.stringify(text)}`);
  }
}

/**
 * A `<<-` heredoc inside an expression: the parser's literal nodes carry source text whose first
 * line lost its indentation and whose other lines kept theirs, so we redo HCL's flush from the
 * source: the smallest indentation of the lines (blank lines not counted, a line starting with an
 * interpolation counts as 0) is removed from every line. (`<<-` as a whole attribute value is
 * already flushed by hcl2json's `parse`.) Directive bodies inside such a heredoc are not re-flushed.
 */
function flushHeredoc(kids: RawAst[], parts: Node[], src: Source): Node[] {
  type Token = { literal: string; line?: number } | { node: Node };
  const tokens: Token[] = [];
  let atLineStart = true;
  kids.forEach((kid, i) => {
    const part = parts[i]!;
    if (part.k !== 'literal' || typeof part.value !== 'string') {
      tokens.push({ node: part });
      atLineStart = false;
      return;
    }
    let raw = src.slice(kid);
    if (atLineStart) {
      // Re-extend the first line back to its start (the parser moved the range past the indent).
      const before = src.text.slice(0, src.charIndex(kid.range.start.byte));
      const indent = before.slice(before.lastIndexOf('\n') + 1);
      if (indent.trim() === '') raw = indent + raw;
    }
    for (const line of raw.split(/(?<=\n)/)) tokens.push({ literal: line, ...(part.line !== undefined ? { line: part.line } : {}) });
    atLineStart = raw.endsWith('\n');
  });
  let min = Infinity;
  let newline = true;
  for (const t of tokens) {
    if (newline) {
      newline = false;
      if ('node' in t) min = 0;
      else {
        const trimmed = t.literal.replace(/^\s+/, '');
        if (!(trimmed === '' && t.literal.endsWith('\n'))) min = Math.min(min, [...t.literal.slice(0, t.literal.length - trimmed.length)].length);
      }
    }
    if ('literal' in t && t.literal.endsWith('\n')) newline = true;
  }
  if (!Number.isFinite(min)) min = 0;
  const out: Node[] = [];
  newline = true;
  for (const t of tokens) {
    if ('node' in t) {
      out.push(t.node);
      newline = false;
      continue;
    }
    let text = t.literal;
    if (newline) {
      const trimmed = text.replace(/^\s+/, '');
      if (!(trimmed === '' && text.endsWith('\n'))) text = [...text].slice(min).join('');
    }
    newline = text.endsWith('\n');
    const value = unescapeTemplateMarkers(text);
    const last = out[out.length - 1];
    if (last && last.k === 'literal' && typeof last.value === 'string') out[out.length - 1] = { ...last, value: last.value + value };
    else out.push({ k: 'literal', value, ...(t.line !== undefined ? { line: t.line } : {}) });
  }
  return out.filter((n) => !(n.k === 'literal' && n.value === ''));
}

function literal(type: string, text: string, ctx: LiteralContext): Value {
  switch (type) {
    case 'number':
      return Number(text);
    case 'bool':
      return text === 'true';
    case 'string':
      return ctx === 'quoted' ? unescapeQuoted(text) : unescapeTemplateMarkers(text);
    default:
      if (text === 'null') return null;
      throw new ExpressionSyntaxError(`unsupported literal ${JSON.stringify(text)}`);
  }
}

function traversalSteps(parts: { type: string; segment: string }[]): Step[] {
  return parts.map((p) => {
    if (p.type === 'nameTraversal') return { kind: 'attr', name: p.segment };
    const seg = p.segment;
    if (seg.startsWith('"') && seg.endsWith('"') && seg.length >= 2) {
      try {
        return { kind: 'index', key: JSON.parse(seg) as string };
      } catch {
        return { kind: 'index', key: seg.slice(1, -1) };
      }
    }
    const n = Number(seg);
    return { kind: 'index', key: Number.isNaN(n) ? seg : n };
  });
}

/** `$${` → `${` and `%%{` → `%{`: the escapes that survive in heredocs and hcl2json strings. */
export function unescapeTemplateMarkers(s: string): string {
  if (!s.includes('$${') && !s.includes('%%{')) return s;
  return s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

/** Decode a quoted string literal's source text (HCL escapes plus template-marker escapes). */
export function unescapeQuoted(s: string): string {
  if (!s.includes('\\')) return unescapeTemplateMarkers(s);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '$' && s.startsWith('$${', i)) {
      out += '${';
      i += 2;
    } else if (ch === '%' && s.startsWith('%%{', i)) {
      out += '%{';
      i += 2;
    } else if (ch === '\\' && i + 1 < s.length) {
      const e = s[++i]!;
      if (e === 'n') out += '\n';
      else if (e === 'r') out += '\r';
      else if (e === 't') out += '\t';
      else if (e === '"') out += '"';
      else if (e === '\\') out += '\\';
      else if (e === 'u' || e === 'U') {
        const len = e === 'u' ? 4 : 8;
        out += String.fromCodePoint(parseInt(s.slice(i + 1, i + 1 + len), 16));
        i += len;
      } else out += `\\${e}`;
    } else out += ch;
  }
  return out;
}

/**
 * Does a hcl2json string need the parser? Only when it holds a live `${` or `%{`
 * (not the escapes `$${`, `%%{`).
 */
export function hasTemplateSequence(s: string): boolean {
  // From the first `{`, wherever it is: a text that starts with `{` (`"{${var.x}}"`, a JSON
  // heredoc) has its interpolations further on.
  for (let i = s.indexOf('{'); i >= 0; i = s.indexOf('{', i + 1)) {
    if (i === 0) continue;
    const m = s[i - 1];
    if (m !== '$' && m !== '%') continue;
    // HCL scans left to right: in a run of markers before `{`, the last two form the escape
    // `$${`, so only a lone marker opens a live sequence.
    if (i < 2 || s[i - 2] !== m) return true;
  }
  return false;
}
