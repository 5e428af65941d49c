/**
 * Source positions of an HCL file from tree-sitter (`tree-sitter-terraform.wasm`): blocks with
 * their labels, lines of blocks and attributes, comments, and the lines where a long file may be
 * cut for hcl2json. Plain JavaScript (types in positions.d.mts) so that a worker thread can run it
 * without a TypeScript loader (see positions-worker.mjs and parse.ts).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

/** @type {Promise<Parser> | undefined} */
let parserPromise;

function treeSitter() {
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

/** See positions.d.mts. */
export function positions(path, text, chunkLines) {
  return positionsSplitsFirst(path, text, chunkLines, () => undefined);
}

/** See positions.d.mts. */
export async function positionsSplitsFirst(path, text, chunkLines, onSplits) {
  const parser = await treeSitter();
  const tree = parser.parse(text);
  if (!tree) {
    onSplits([]);
    return { blocks: [], attributes: {}, splits: [] };
  }
  try {
    const body = tree.rootNode.namedChildren.find((n) => n?.type === 'body');
    if (!body) {
      onSplits([]);
      return { blocks: [], attributes: {}, splits: [] };
    }
    const splits = tree.rootNode.hasError ? [] : splitPoints(body, chunkLines);
    onSplits(splits);
    return { ...readBody(path, body), splits };
  } finally {
    tree.delete();
  }
}

/** Cut points about chunkLines apart, each at the first line of a top-level block. */
function splitPoints(body, chunkLines) {
  const items = body.namedChildren.filter((n) => n !== null);
  const last = items[items.length - 1];
  if (!last || last.endPosition.row < 2 * chunkLines) return [];
  // Only bodies of blocks: top-level attributes (tfvars) must stay together for duplicate checks.
  if (items.some((n) => n.type !== 'block' && n.type !== 'comment')) return [];
  const splits = [];
  let from = 0;
  let prevEnd = -1;
  for (const item of items) {
    const row = item.startPosition.row;
    if (item.type === 'block' && row > prevEnd && row - from >= chunkLines) {
      splits.push(row);
      from = row;
    }
    prevEnd = Math.max(prevEnd, item.endPosition.row);
  }
  return splits;
}

function locationOf(path, node) {
  return { file: path, line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

function readBody(path, body) {
  const blocks = [];
  const attributes = {};
  const keys = {};
  for (const child of body.namedChildren) {
    if (!child) continue;
    if (child.type === 'attribute') {
      const name = child.namedChildren.find((n) => n?.type === 'identifier');
      if (!name) continue;
      attributes[name.text] = locationOf(path, child);
      objectKeys(path, child.namedChildren.find((n) => n?.type === 'expression'), name.text, keys);
    } else if (child.type === 'block') {
      blocks.push(readBlock(path, child));
    }
  }
  return { blocks, attributes, keys };
}

/** The object literal an expression is (`{ … }`), else undefined. */
function objectOf(expr) {
  const cv = expr?.namedChildCount === 1 ? expr.namedChild(0) : null;
  const obj = cv?.type === 'collection_value' && cv.namedChildCount === 1 ? cv.namedChild(0) : null;
  return obj?.type === 'object' ? obj : undefined;
}

/** A key written literally (`NAME`, `"NAME"`), else undefined (a computed key: `(var.k)`, `"${x}"`). */
function literalKey(expr) {
  if (!expr || expr.namedChildCount !== 1) return undefined;
  const k = expr.namedChild(0);
  if (k?.type === 'variable_expr' && k.namedChildCount === 1) return k.text;
  if (k?.type === 'literal_value' && k.namedChild(0)?.type === 'string_lit' && !k.text.includes('${') && !k.text.includes('%{')) return stringLabel(k.namedChild(0));
  return undefined;
}

/**
 * Lines of the keys of an object literal an attribute is written as, nested objects too, by dotted
 * path from the attribute (`variables.PUSHER_SECRET`): a finding on one key points at its line.
 */
function objectKeys(path, expr, prefix, into) {
  const obj = objectOf(expr);
  if (!obj) return;
  for (const elem of obj.namedChildren) {
    if (elem?.type !== 'object_elem') continue;
    const key = literalKey(elem.childForFieldName('key'));
    if (key === undefined) continue;
    into[`${prefix}.${key}`] = locationOf(path, elem);
    objectKeys(path, elem.childForFieldName('val'), `${prefix}.${key}`, into);
  }
}

function readBlock(path, block) {
  let type = '';
  const labels = [];
  let inner = { blocks: [], attributes: {}, keys: {} };
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
    .filter((c) => c !== null)
    .map((c) => ({ text: c.text, line: c.startPosition.row + 1 }));
  return {
    type,
    labels,
    location: locationOf(path, block),
    attributes: inner.attributes,
    ...(Object.keys(inner.keys).length ? { keys: inner.keys } : {}),
    children: inner.blocks,
    comments,
  };
}

/** A block label is a quoted string without interpolation; keep its text between the quotes. */
function stringLabel(node) {
  const raw = node.text;
  if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw.slice(1, -1);
    }
  }
  return raw;
}
