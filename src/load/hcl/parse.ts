/**
 * Parse one HCL file: validity and content from HashiCorp's parser (`@cdktf/hcl2json`, Go compiled
 * to WebAssembly), positions from tree-sitter (`tree-sitter-terraform.wasm`), because hcl2json's
 * JSON carries no source positions and tree-sitter, being error-tolerant, is no judge of validity.
 * Results are cached by path + content hash: in memory, so a file is parsed once per process, and
 * on disk (`.cache/stackcheck/parse/`, with the syntax trees of the file's expressions), so a
 * second run does not parse again. `STACKCHECK_CACHE_DIR` moves the disk cache,
 * `STACKCHECK_CACHE=off` turns it off.
 *
 * Contract: contracts-eval.md (ParsedFile, BlockInfo, parseTfvarsFile).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { hcl2json, mapConcurrent } from './parse-hcl2json.js';
import { Language, Parser, type Node as TsNode } from 'web-tree-sitter';
import type { SourceLocation } from '../../model/resource.js';
import { UserError } from '../../errors.js';
import { prepareTemplates, preparedTemplates, seedTemplates, type Node } from './expr-ast.js';
import { CACHE_FORMAT, cacheKey, readCacheFile, writeCacheFile } from './parse-cache.js';

export { cacheKey, configureParseCache, readCacheFile, writeCacheFile } from './parse-cache.js';

/** One block in the file, with positions. */
export interface BlockInfo {
  /** resource, data, module, variable, locals, output, provider, terraform, dynamic, content, ingress, … */
  type: string;
  labels: string[];
  /** The block's first line. */
  location: SourceLocation;
  /** Direct attributes by name. */
  attributes: Record<string, SourceLocation>;
  /** Nested blocks in source order. */
  children: BlockInfo[];
  /**
   * Comments anywhere inside the block, nested blocks included (so a resource's
   * `# stackcheck:ignore RULE reason` is found wherever it is written inside it), in source order.
   */
  comments: { text: string; line: number }[];
}

export interface ParsedFile {
  path: string;
  text: string;
  /** hcl2json output: blocks as arrays of objects, expressions as `"${…}"` template strings. */
  body: Record<string, any>;
  /** Top-level blocks in source order. */
  blocks: BlockInfo[];
  /** Top-level attributes (tfvars files) by name. */
  attributes: Record<string, SourceLocation>;
}

const cache = new Map<string, Promise<ParsedFile>>();

function contentKey(path: string, text: string): string {
  return cacheKey('file', path, text);
}

interface CacheEntry {
  format: string;
  body: Record<string, any>;
  blocks: BlockInfo[];
  attributes: Record<string, SourceLocation>;
  templates: Record<string, Node>;
}

async function readCached(key: string): Promise<CacheEntry | undefined> {
  const entry = await readCacheFile<CacheEntry>(key);
  return entry?.format === CACHE_FORMAT ? entry : undefined;
}

async function writeCached(key: string, entry: CacheEntry): Promise<void> {
  await writeCacheFile(key, entry);
}

/** Every string of a hcl2json body that is a template (values and object keys). */
function templateStrings(v: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof v === 'string') {
    if (v.includes('{')) out.add(v);
  } else if (Array.isArray(v)) {
    for (const x of v) templateStrings(x, out);
  } else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      if (k.includes('{')) out.add(k);
      templateStrings(x, out);
    }
  }
  return out;
}

/** Parse an HCL (`.tf`, `.tfvars`) or JSON (`.tf.json`) file; a syntax error is a UserError naming file:line. */
export function parseHclFile(path: string, text?: string): Promise<ParsedFile> {
  if (text === undefined) {
    return readSource(path).then((t) => parseHclFile(path, t));
  }
  const key = contentKey(path, text);
  let hit = cache.get(key);
  if (!hit) {
    hit = parseCached(key, path, text);
    cache.set(key, hit);
    // A failed parse is not cached: the next call reports the error again (and may see a fix).
    hit.catch(() => cache.delete(key));
  }
  return hit;
}

/** Drop every cached parse (tests; long-running processes that watch files). */
export function clearParseCache(): void {
  cache.clear();
}

async function readSource(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read ${path}: ${(err as Error).message}`);
  }
}

async function parseCached(key: string, path: string, text: string): Promise<ParsedFile> {
  const entry = await readCached(key);
  if (entry) {
    seedTemplates(entry.templates);
    return { path, text, body: entry.body, blocks: entry.blocks, attributes: entry.attributes };
  }
  const parsed = await parseUncached(path, text);
  const strings = templateStrings(parsed.body);
  await prepareTemplates(strings);
  {
    const templates = await preparedTemplates(strings);
    await writeCached(key, { format: CACHE_FORMAT, body: parsed.body, blocks: parsed.blocks, attributes: parsed.attributes, templates });
  }
  return parsed;
}

async function parseUncached(path: string, text: string): Promise<ParsedFile> {
  if (path.endsWith('.json')) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      throw new UserError(`invalid JSON: ${(err as Error).message}`, { file: path, line: 1 });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new UserError('a JSON configuration file must hold one object', { file: path, line: 1 });
    }
    return { path, text, body: body as Record<string, any>, blocks: [], attributes: jsonTopLevelLines(path, text) };
  }
  const { blocks, attributes, splits } = await positions(path, text);
  const body = await parseInChunks(path, text, splits);
  return { path, text, body, blocks, attributes };
}

/** Files longer than this are handed to hcl2json in pieces of about this many lines. */
const CHUNK_LINES = Number(process.env.STACKCHECK_CHUNK_LINES ?? 800);
/** Pieces in flight at once (see mapConcurrent). */
const PARSE_CONCURRENCY = Number(process.env.STACKCHECK_PARSE_CONCURRENCY ?? 4);

/**
 * hcl2json's time grows faster than linearly with the size of one input (measured: a 50,000-line
 * file whole ≈ 3.0 s, in ~800-line pieces ≈ 1.8 s, and half the memory), so a long file is parsed
 * in pieces cut between top-level blocks. Each piece is a whole body, so the file is valid exactly
 * when every piece is; errors keep their lines in the file. Top-level blocks merge as hcl2json
 * merges them (label objects merged, block lists concatenated in order).
 */
async function parseInChunks(path: string, text: string, splits: number[]): Promise<Record<string, any>> {
  if (splits.length === 0) return parseWithHcl2json(path, text, 0);
  const lines = text.split('\n');
  const starts = [0, ...splits];
  const bodies = await mapConcurrent(starts, PARSE_CONCURRENCY, (from, i) => {
    const to = i + 1 < starts.length ? starts[i + 1]! : lines.length;
    return parseWithHcl2json(path, lines.slice(from, to).join('\n'), from);
  });
  let body: Record<string, any> = {};
  for (const b of bodies) body = mergeBodies(body, b);
  return body;
}

function mergeBodies(a: Record<string, any>, b: Record<string, any>): Record<string, any> {
  for (const [k, v] of Object.entries(b)) {
    const old = a[k];
    if (Array.isArray(old) && Array.isArray(v)) a[k] = [...old, ...v];
    else if (isPlainObject(old) && isPlainObject(v)) a[k] = mergeBodies(old, v);
    else a[k] = v;
  }
  return a;
}

function isPlainObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function parseWithHcl2json(path: string, text: string, lineOffset: number): Promise<Record<string, any>> {
  try {
    return await (await hcl2json()).parse(path, text);
  } catch (err) {
    throw hclSyntaxError(path, (err as Error).message, lineOffset);
  }
}

/**
 * hcl2json reports `parse config: [f.tf:3,1-1: Summary; Detail. f.tf:5,2-3: …]`; keep the first
 * diagnostic, at its line and column.
 */
export function hclSyntaxError(path: string, message: string, lineOffset = 0): UserError {
  const inner = message.replace(/^parse config: \[/, '').replace(/\]\s*$/, '');
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const at = new RegExp(`${escaped}:(\\d+),(\\d+)(?:-\\d+(?:,\\d+)?)?: `, 'g');
  const first = at.exec(inner);
  if (!first) return new UserError(`invalid HCL: ${inner}`, { file: path, line: 1 });
  const start = first.index + first[0].length;
  const next = at.exec(inner);
  let text = inner.slice(start, next ? next.index : undefined).trim();
  if (lineOffset > 0) {
    // The detail may point at another line of the same piece ("already set at f.tf:12,3-9").
    text = text.replace(new RegExp(`${escaped}:(\\d+),`, 'g'), (_, l: string) => `${path}:${Number(l) + lineOffset},`);
  }
  return new UserError(text, { file: path, line: Number(first[1]) + lineOffset, column: Number(first[2]) });
}

// ---------------------------------------------------------------------------------------------
// Positions (tree-sitter)

let parserPromise: Promise<Parser> | undefined;

function treeSitter(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    const require = createRequire(import.meta.url);
    const grammarDir = dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json'));
    const language = await Language.load(join(grammarDir, 'tree-sitter-terraform.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

interface Positions {
  blocks: BlockInfo[];
  attributes: Record<string, SourceLocation>;
  /** 0-based lines where the file may be cut for hcl2json (between top-level blocks); [] = whole. */
  splits: number[];
}

async function positions(path: string, text: string): Promise<Positions> {
  const parser = await treeSitter();
  const tree = parser.parse(text);
  if (!tree) return { blocks: [], attributes: {}, splits: [] };
  try {
    const body = tree.rootNode.namedChildren.find((n) => n?.type === 'body');
    if (!body) return { blocks: [], attributes: {}, splits: [] };
    return { ...readBody(path, body), splits: tree.rootNode.hasError ? [] : splitPoints(body) };
  } finally {
    tree.delete();
  }
}

/** Cut points about CHUNK_LINES apart, each at the first line of a top-level block. */
function splitPoints(body: TsNode): number[] {
  const items = body.namedChildren.filter((n): n is TsNode => n !== null);
  const last = items[items.length - 1];
  if (!last || last.endPosition.row < 2 * CHUNK_LINES) return [];
  // Only bodies of blocks: top-level attributes (tfvars) must stay together for duplicate checks.
  if (items.some((n) => n.type !== 'block' && n.type !== 'comment')) return [];
  const splits: number[] = [];
  let from = 0;
  let prevEnd = -1;
  for (const item of items) {
    const row = item.startPosition.row;
    if (item.type === 'block' && row > prevEnd && row - from >= CHUNK_LINES) {
      splits.push(row);
      from = row;
    }
    prevEnd = Math.max(prevEnd, item.endPosition.row);
  }
  return splits;
}

function locationOf(path: string, node: TsNode): SourceLocation {
  return { file: path, line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

function readBody(path: string, body: TsNode): { blocks: BlockInfo[]; attributes: Record<string, SourceLocation> } {
  const blocks: BlockInfo[] = [];
  const attributes: Record<string, SourceLocation> = {};
  for (const child of body.namedChildren) {
    if (!child) continue;
    if (child.type === 'attribute') {
      const name = child.namedChildren.find((n) => n?.type === 'identifier');
      if (name) attributes[name.text] = locationOf(path, child);
    } else if (child.type === 'block') {
      blocks.push(readBlock(path, child));
    }
  }
  return { blocks, attributes };
}

function readBlock(path: string, block: TsNode): BlockInfo {
  let type = '';
  const labels: string[] = [];
  let inner = { blocks: [] as BlockInfo[], attributes: {} as Record<string, SourceLocation> };
  for (const child of block.namedChildren) {
    if (!child) continue;
    if (child.type === 'identifier') {
      if (type === '') type = child.text;
      else labels.push(child.text);
    } else if (child.type === 'string_lit') {
      labels.push(stringLabel(child));
    } else if (child.type === 'body') {
      inner = readBody(path, child);
    }
  }
  const comments = block
    .descendantsOfType('comment')
    .filter((c): c is TsNode => c !== null)
    .map((c) => ({ text: c.text, line: c.startPosition.row + 1 }));
  return {
    type,
    labels,
    location: locationOf(path, block),
    attributes: inner.attributes,
    children: inner.blocks,
    comments,
  };
}

/** A block label is a quoted string without interpolation; keep its text between the quotes. */
function stringLabel(node: TsNode): string {
  const raw = node.text;
  if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  return raw;
}

// ---------------------------------------------------------------------------------------------
// tfvars

export interface TfvarsFile {
  path: string;
  /**
   * Raw values in hcl2json form, ready for `evaluate` (strings are templates). Values from a
   * `.tfvars.json` file are literal, so their `${` and `%{` are escaped to `$${` and `%%{`: one
   * evaluation path serves both formats.
   */
  values: Record<string, unknown>;
  /** Line of each variable's assignment. */
  locations: Record<string, SourceLocation>;
}

/** Read a `.tfvars` (HCL) or `.tfvars.json` file. */
export async function parseTfvarsFile(path: string, text?: string): Promise<TfvarsFile> {
  const source = text ?? (await readSource(path));
  if (path.endsWith('.json')) {
    const parsed = await parseHclFile(path, source);
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(parsed.body)) values[k] = escapeTemplates(v);
    return { path, values, locations: parsed.attributes };
  }
  const parsed = await parseHclFile(path, source);
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed.body)) values[k] = v;
  if (parsed.blocks.length > 0) {
    const b = parsed.blocks[0]!;
    throw new UserError(
      `a variable definitions file holds only assignments (name = value); found a "${b.type}" block`,
      b.location,
    );
  }
  return { path, values, locations: parsed.attributes };
}

/** Make a literal JSON value survive template evaluation unchanged. */
function escapeTemplates(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(/([$%])\{/g, '$1$1{');
  if (Array.isArray(v)) return v.map(escapeTemplates);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[escapeTemplates(k) as string] = escapeTemplates(x);
    return out;
  }
  return v;
}

/** Lines of a JSON file's top-level keys (a JSON parser gives none). */
function jsonTopLevelLines(path: string, text: string): Record<string, SourceLocation> {
  const out: Record<string, SourceLocation> = {};
  let depth = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const key = text.slice(i, j + 1);
      let k = j + 1;
      while (k < text.length && /\s/.test(text[k]!)) k++;
      if (depth === 1 && text[k] === ':') {
        try {
          out[JSON.parse(key) as string] ??= { file: path, line };
        } catch {
          /* not a key we can read */
        }
      }
      for (let m = i; m <= j && m < text.length; m++) if (text[m] === '\n') line++;
      i = j;
    }
  }
  return out;
}
