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
import { Worker } from 'node:worker_threads';
import { hcl2json, mapConcurrent } from './parse-hcl2json.js';
import { positions as positionsHere, type Positions } from './positions.mjs';
import type { SourceLocation } from '../../model/resource.js';
import { UserError } from '../../errors.js';
import { prepareTemplates, preparedTemplates, seedTemplates, type Node } from './expr-ast.js';
import { CACHE_FORMAT, cacheKey, readCacheFile, writeCacheFile } from './parse-cache.js';
import { nestingMessage, nestingTooDeep } from './nesting.js';

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
  /**
   * Keys of object literals that attributes are written as, by dotted path from the attribute name
   * (`variables.PUSHER_SECRET`, nested objects too); keys computed by an expression are not here.
   */
  keys?: Record<string, SourceLocation>;
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
  parsesInFlight++;
  const p = parseFile(path, text);
  p.then(
    () => parsesInFlight--,
    () => parsesInFlight--,
  );
  return p;
}

/** parseHclFile calls not yet answered: others to overlap with (see positions()). */
let parsesInFlight = 0;

function parseFile(path: string, text?: string): Promise<ParsedFile> {
  if (text === undefined) {
    return readSource(path).then((t) => parseFile(path, t));
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
  checkNesting(path, text);
  const { splits, full } = positions(path, text);
  full.catch(() => undefined); // awaited below, after a syntax error it is not
  const body = await parseInChunks(path, text, await splits);
  const { blocks, attributes } = await full;
  return { path, text, body, blocks, attributes };
}

/** A UserError at the line where nesting passes MAX_NESTING (nesting.ts says what counts). */
function checkNesting(path: string, text: string): void {
  const line = nestingTooDeep(text, 'body');
  if (line !== undefined) throw new UserError(nestingMessage(), { file: path, line });
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
// Positions (tree-sitter, positions.mjs)

/**
 * Once this process has parsed more than this many characters of HCL cold, tree-sitter moves to a
 * worker thread (positions-worker.mjs) for files parsed while other files are being parsed: it
 * runs there while the main thread runs HashiCorp's parser on the others, so a cold parse of many
 * files uses both cores (the worker sends a long file's cut points first, so the main thread can
 * start on its pieces while the blocks are read). A file parsed alone stays on the main thread,
 * which would only wait (measured: slower in a thread on a busy machine). Small or cached runs
 * never start the thread. `STACKCHECK_POSITIONS_WORKER=off` keeps tree-sitter on the main thread,
 * `=always` sends every cold file to the thread (tests). Both run the same code (positions.mjs),
 * so the results are the same.
 */
const POSITIONS_WORKER_AFTER = Number(process.env.STACKCHECK_POSITIONS_WORKER_AFTER ?? 256 * 1024);
const POSITIONS_WORKER = process.env.STACKCHECK_POSITIONS_WORKER ?? 'auto';

interface PositionsRequest {
  path: string;
  text: string;
  resolveSplits: (splits: number[]) => void;
  resolve: (p: Positions) => void;
  reject: (e: Error) => void;
}

/** Positions of a file, with its cut points on their own (they are known first). */
interface PendingPositions {
  splits: Promise<number[]>;
  full: Promise<Positions>;
}

class PositionsWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, PositionsRequest>();
  private nextId = 0;

  constructor(private readonly onGone: () => void) {
    this.worker = new Worker(new URL('./positions-worker.mjs', import.meta.url));
    // Only requests in flight keep the process alive.
    this.worker.unref();
    this.worker.on('message', (msg: { id: number; splits?: number[]; result?: Positions; error?: string }) => {
      const req = this.pending.get(msg.id);
      if (!req) return;
      if (msg.splits) {
        req.resolveSplits(msg.splits);
        return;
      }
      this.pending.delete(msg.id);
      if (this.pending.size === 0) this.worker.unref();
      if (msg.error !== undefined) req.reject(new Error(msg.error));
      else req.resolve(msg.result!);
    });
    const gone = () => {
      // The thread failed (or could not start): what it held is done here instead.
      this.onGone();
      const held = [...this.pending.values()];
      this.pending.clear();
      for (const r of held) {
        positionsHere(r.path, r.text, CHUNK_LINES).then((p) => {
          r.resolveSplits(p.splits);
          r.resolve(p);
        }, r.reject);
      }
    };
    this.worker.on('error', gone);
    this.worker.on('exit', gone);
  }

  run(path: string, text: string): PendingPositions {
    let resolveSplits!: (splits: number[]) => void;
    let rejectSplits!: (e: Error) => void;
    const splits = new Promise<number[]>((res, rej) => {
      resolveSplits = res;
      rejectSplits = rej;
    });
    const full = new Promise<Positions>((resolve, reject) => {
      const id = this.nextId++;
      if (this.pending.size === 0) this.worker.ref();
      const fail = (e: Error) => {
        rejectSplits(e);
        reject(e);
      };
      this.pending.set(id, { path, text, resolveSplits, resolve, reject: fail });
      this.worker.postMessage({ id, path, text, chunkLines: CHUNK_LINES });
    });
    return { splits, full };
  }
}

/** Where positions were computed in this process (tests, benchmarks). */
export const positionsStats = { mainThread: 0, worker: 0 };

let positionsWorker: PositionsWorker | undefined;
let positionsWorkerFailed = false;
let coldChars = 0;

function positions(path: string, text: string): PendingPositions {
  coldChars += text.length;
  const offThread = POSITIONS_WORKER === 'always' || (POSITIONS_WORKER !== 'off' && coldChars > POSITIONS_WORKER_AFTER && parsesInFlight > 1);
  if (offThread && !positionsWorker && !positionsWorkerFailed) {
    positionsWorker = new PositionsWorker(() => {
      positionsWorker = undefined;
      positionsWorkerFailed = true;
    });
  }
  if (offThread && positionsWorker) {
    positionsStats.worker++;
    return positionsWorker.run(path, text);
  }
  positionsStats.mainThread++;
  const full = positionsHere(path, text, CHUNK_LINES);
  return { splits: full.then((p) => p.splits), full };
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
