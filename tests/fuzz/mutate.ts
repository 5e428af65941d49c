/**
 * A seeded mutator for the fuzz suite: the same (seed, input) always gives the same mutant, so a
 * failure found by `make fuzz` is reproduced by its seed alone. Generic mutations work on any text
 * (bytes flipped, ranges deleted, lines duplicated, tokens swapped); structure-aware ones know HCL
 * (a block given as an attribute, a value of the wrong kind, pathological but valid expressions)
 * and plan JSON (a value of another JSON kind, a key removed, an array element repeated).
 */

/** mulberry32: a small, fast, seedable PRNG (deterministic across platforms). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

const int = (r: Random, n: number) => Math.floor(r() * n);
const pick = <T>(r: Random, xs: readonly T[]): T => xs[int(r, xs.length)]!;

export interface Mutant {
  text: string;
  /** What was done, for the failure record (e.g. "delete-range 120..180"). */
  how: string;
}

type Mutation = (text: string, r: Random) => Mutant | undefined;

// ---------------------------------------------------------------------------------------------
// Generic text mutations

const flipBytes: Mutation = (text, r) => {
  if (text.length === 0) return undefined;
  const buf = Buffer.from(text, 'utf8');
  const n = 1 + int(r, 4);
  const at: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = int(r, buf.length);
    buf[p] = buf[p]! ^ (1 << int(r, 8));
    at.push(p);
  }
  return { text: buf.toString('utf8'), how: `flip-bytes ${at.join(',')}` };
};

const deleteRange: Mutation = (text, r) => {
  if (text.length < 2) return undefined;
  const from = int(r, text.length);
  const len = 1 + int(r, Math.min(200, text.length - from));
  return { text: text.slice(0, from) + text.slice(from + len), how: `delete-range ${from}..${from + len}` };
};

const duplicateLines: Mutation = (text, r) => {
  const lines = text.split('\n');
  const from = int(r, lines.length);
  const n = 1 + int(r, Math.min(8, lines.length - from));
  const times = 1 + int(r, 3);
  const chunk = lines.slice(from, from + n);
  const out = [...lines.slice(0, from + n), ...Array.from({ length: times }, () => chunk).flat(), ...lines.slice(from + n)];
  return { text: out.join('\n'), how: `duplicate-lines ${from + 1}+${n} x${times}` };
};

const TOKEN = /[A-Za-z_][A-Za-z0-9_-]*|\d+|"(?:[^"\\\n]|\\.)*"|[{}[\]()=,.:?!<>+*/%-]/g;

function tokens(text: string): { at: number; text: string }[] {
  return [...text.matchAll(TOKEN)].map((m) => ({ at: m.index!, text: m[0] }));
}

function replaceAt(text: string, at: number, len: number, by: string): string {
  return text.slice(0, at) + by + text.slice(at + len);
}

const swapTokens: Mutation = (text, r) => {
  const ts = tokens(text);
  if (ts.length < 2) return undefined;
  let a = int(r, ts.length);
  let b = int(r, ts.length);
  if (a === b) return undefined;
  if (a > b) [a, b] = [b, a];
  const ta = ts[a]!;
  const tb = ts[b]!;
  const out = text.slice(0, ta.at) + tb.text + text.slice(ta.at + ta.text.length, tb.at) + ta.text + text.slice(tb.at + tb.text.length);
  return { text: out, how: `swap-tokens ${ta.at}:${JSON.stringify(ta.text)} ${tb.at}:${JSON.stringify(tb.text)}` };
};

const replaceToken: Mutation = (text, r) => {
  const ts = tokens(text);
  if (ts.length === 0) return undefined;
  const t = pick(r, ts);
  const other = pick(r, ts);
  return { text: replaceAt(text, t.at, t.text.length, other.text), how: `replace-token ${t.at}:${JSON.stringify(t.text)}->${JSON.stringify(other.text)}` };
};

export const genericMutations: Record<string, Mutation> = { flipBytes, deleteRange, duplicateLines, swapTokens, replaceToken };

// ---------------------------------------------------------------------------------------------
// HCL structure-aware mutations

/** Values of every kind, to put where another kind is expected. */
const HCL_VALUES = ['1', '"x"', 'true', 'null', '[]', '{}', '[1, "a"]', '{ a = 1 }', 'string', 'var.nope', 'local.nope', '-1', '1.5', '"${1}"', 'list(string)', 'object({})'];

/** Pathological but valid expressions: each must end in a bounded time, as an error or a value. */
export const HCL_PATHOLOGICAL = [
  'range(100000000)',
  'range(0, 1e15, 1)',
  'length(range(10000000))',
  'join("", [for i in range(5000000) : "x"])',
  'format("%s", join(",", [for a in range(3000) : join(",", [for b in range(3000) : b])]))',
  'regex("^(a+)+$", "${join("", [for i in range(40) : "a"])}!")',
  'replace("${join("", [for i in range(40) : "a"])}!", "/^(a|aa)+$/", "x")',
  'regexall("(x+x+)+y", "${join("", [for i in range(64) : "x"])}")',
  'templatefile("${path.module}/fuzz-self.tftpl", {})',
  'file("/dev/zero")',
  'file("${path.module}")',
  `${'['.repeat(3000)}1${']'.repeat(3000)}`,
  `${'('.repeat(3000)}1${')'.repeat(3000)}`,
  'pow(10, 400)',
  'strrev(join("", [for i in range(2000000) : "ab"]))',
  'setproduct(range(1000), range(1000), range(1000))',
  'flatten([for i in range(3000) : [for j in range(3000) : [i, j]]])',
  'formatlist("%s", range(20000000))',
  'tostring(1e308 * 10)',
  'cidrsubnets("10.0.0.0/8", 24, 24, 24)',
  'cidrhost("10.0.0.0/8", 99999999999)',
  // within range's cap, past the evaluator's own bounds (src/load/hcl/limits.ts)
  '[for a in range(1000) : [for b in range(1000) : [for c in range(10) : a * b + c]]]',
  'join("", [for i in range(1000) : format("%999999d", i)])',
  'formatlist("%999999d", range(1000))',
  'format("%99999999d", 1)',
  'setproduct(range(100), range(100), range(100), range(100))',
  'length(jsonencode([for i in range(1000) : [for j in range(1000) : "${i}-${j}"]]))',
  `"\${${'['.repeat(3000)}1${']'.repeat(3000)}}"`,
  Array.from({ length: 3000 }, () => '1').join(' + '),
  `${'!'.repeat(3000)}true`,
];

const blockAsAttribute: Mutation = (text, r) => {
  const blocks = [...text.matchAll(/^(\s*)(validation|dynamic|content|lifecycle|ingress|egress|tags|condition|precondition|postcondition|statement|rule|setting|timeouts|variable|output|locals|module|provider|terraform|required_providers|backend|moved|import|check)\b[^\n={]*\{/gm)];
  if (blocks.length === 0) return undefined;
  const m = pick(r, blocks);
  const replacement = `${m[1]}${m[2]} = ${pick(r, HCL_VALUES)}\n${m[1]}fuzz_block_as_attribute {`;
  return { text: replaceAt(text, m.index!, m[0].length, replacement), how: `block-as-attribute ${m[2]}@${m.index}` };
};

const attributeWrongKind: Mutation = (text, r) => {
  const attrs = [...text.matchAll(/^(\s*)([a-z_][a-z0-9_]*)(\s*=\s*)([^\n]+)$/gm)];
  if (attrs.length === 0) return undefined;
  const m = pick(r, attrs);
  const v = pick(r, HCL_VALUES);
  return { text: replaceAt(text, m.index!, m[0].length, `${m[1]}${m[2]}${m[3]}${v}`), how: `attribute-wrong-kind ${m[2]}=${v}@${m.index}` };
};

const dropNestedBlock: Mutation = (text, r) => {
  // Remove one inner block (content, validation, condition, …) with its body, brace-matched.
  const starts = [...text.matchAll(/^\s+[a-z_]+(?:\s+"[^"\n]*")*\s*\{\s*$/gm)];
  if (starts.length === 0) return undefined;
  const m = pick(r, starts);
  const open = m.index! + m[0].lastIndexOf('{');
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return { text: text.slice(0, m.index!) + text.slice(i + 1), how: `drop-block ${m[0].trim()}@${m.index}` };
  }
  return undefined;
};

const pathological: Mutation = (text, r) => {
  const attrs = [...text.matchAll(/^(\s*)([a-z_][a-z0-9_]*)(\s*=\s*)([^\n]+)$/gm)];
  const e = pick(r, HCL_PATHOLOGICAL);
  if (attrs.length === 0 || r() < 0.3) return { text: `${text}\nlocals {\n  fuzz_pathological = ${e}\n}\n`, how: `pathological-local ${e.slice(0, 60)}` };
  const m = pick(r, attrs);
  return { text: replaceAt(text, m.index!, m[0].length, `${m[1]}${m[2]}${m[3]}${e}`), how: `pathological ${m[2]}=${e.slice(0, 60)}@${m.index}` };
};

const deepNesting: Mutation = (text, r) => {
  const depth = pick(r, [200, 1000, 5000, 20000]);
  const kind = pick(r, ['block', 'object', 'list', 'paren', 'conditional', 'interpolation', 'operators']);
  let e: string;
  if (kind === 'block') e = `${'a {\n'.repeat(depth)}${'}\n'.repeat(depth)}`;
  else if (kind === 'object') e = `locals {\n  deep = ${'{ a = '.repeat(depth)}1${' }'.repeat(depth)}\n}\n`;
  else if (kind === 'list') e = `locals {\n  deep = ${'['.repeat(depth)}1${']'.repeat(depth)}\n}\n`;
  else if (kind === 'paren') e = `locals {\n  deep = ${'('.repeat(depth)}1${')'.repeat(depth)}\n}\n`;
  else if (kind === 'interpolation') e = `locals {\n  deep = "${'${"'.repeat(depth)}x${'"}'.repeat(depth)}"\n}\n`;
  else if (kind === 'operators') e = `locals {\n  deep = ${Array.from({ length: depth }, (_, i) => `${i}`).join(' * ')}\n}\n`;
  else e = `locals {\n  deep = ${'true ? '.repeat(depth)}1${' : 0'.repeat(depth)}\n}\n`;
  return { text: `${text}\n${e}`, how: `deep-nesting ${kind} ${depth}` };
};

const selfReference: Mutation = (text, r) => {
  const kind = pick(r, ['local', 'module', 'variable-default']);
  if (kind === 'local') return { text: `${text}\nlocals {\n  fuzz_a = local.fuzz_b\n  fuzz_b = [local.fuzz_a]\n}\n`, how: 'self-reference locals' };
  if (kind === 'module') return { text: `${text}\nmodule "fuzz_self" {\n  source = "./"\n}\n`, how: 'self-reference module ./' };
  return { text: `${text}\nvariable "fuzz_v" {\n  default = var.fuzz_v\n}\n`, how: 'self-reference variable default' };
};

export const hclMutations: Record<string, Mutation> = { ...genericMutations, blockAsAttribute, attributeWrongKind, dropNestedBlock, pathological, deepNesting, selfReference };

// ---------------------------------------------------------------------------------------------
// Plan JSON structure-aware mutations

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every container path in the document, with the key or index inside it (bounded walk). */
function slots(doc: Json, limit = 200_000): { parent: Json[] | { [k: string]: Json }; key: string | number }[] {
  const out: { parent: Json[] | { [k: string]: Json }; key: string | number }[] = [];
  const stack: Json[] = [doc];
  while (stack.length > 0 && out.length < limit) {
    const v = stack.pop()!;
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push({ parent: v, key: i });
        stack.push(x);
      });
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        out.push({ parent: v, key: k });
        stack.push(x);
      }
    }
  }
  return out;
}

const JSON_VALUES: Json[] = [null, 0, -1, 1.5, 1e308, '', 'x', '${var.x}', true, false, [], {}, [null], { '': null }, 'aws_instance.x', '0.0.0.0/0'];

function jsonMutation(name: string, f: (doc: Json, r: Random) => string | undefined): Mutation {
  return (text, r) => {
    let doc: Json;
    try {
      doc = JSON.parse(text) as Json;
    } catch {
      return undefined;
    }
    const how = f(doc, r);
    return how === undefined ? undefined : { text: JSON.stringify(doc), how: `${name} ${how}` };
  };
}

function keyName(parent: unknown, key: string | number): string {
  return Array.isArray(parent) ? `[${key}]` : `.${key}`;
}

const jsonWrongKind = jsonMutation('json-wrong-kind', (doc, r) => {
  const s = slots(doc);
  if (s.length === 0) return undefined;
  const n = 1 + int(r, 3);
  const done: string[] = [];
  for (let i = 0; i < n; i++) {
    const { parent, key } = pick(r, s);
    const v = structuredClone(pick(r, JSON_VALUES));
    (parent as Record<string | number, Json>)[key] = v;
    done.push(`${keyName(parent, key)}=${JSON.stringify(v)}`);
  }
  return done.join(' ');
});

const jsonDeleteKey = jsonMutation('json-delete-key', (doc, r) => {
  const s = slots(doc).filter((x) => !Array.isArray(x.parent));
  if (s.length === 0) return undefined;
  const { parent, key } = pick(r, s);
  delete (parent as Record<string, Json>)[key as string];
  return String(key);
});

const jsonDuplicateElement = jsonMutation('json-duplicate-element', (doc, r) => {
  const s = slots(doc).filter((x) => Array.isArray(x.parent));
  if (s.length === 0) return undefined;
  const { parent, key } = pick(r, s);
  const arr = parent as Json[];
  arr.splice(key as number, 0, structuredClone(arr[key as number]!));
  return `[${key}]`;
});

const jsonSwapValues = jsonMutation('json-swap-values', (doc, r) => {
  const s = slots(doc);
  if (s.length < 2) return undefined;
  const a = pick(r, s);
  const b = pick(r, s);
  const pa = a.parent as Record<string | number, Json>;
  const pb = b.parent as Record<string | number, Json>;
  const va = pa[a.key]!;
  const vb = pb[b.key]!;
  // Swapping a value into its own descendant would make a cycle: swap copies.
  pa[a.key] = structuredClone(vb);
  pb[b.key] = structuredClone(va);
  return `${keyName(pa, a.key)}<->${keyName(pb, b.key)}`;
});

export const planMutations: Record<string, Mutation> = {
  flipBytes,
  deleteRange,
  duplicateLines,
  jsonWrongKind,
  jsonWrongKind2: jsonWrongKind,
  jsonDeleteKey,
  jsonDuplicateElement,
  jsonSwapValues,
};

/** One mutant of `text` (1–3 stacked mutations), deterministic in `seed`. */
export function mutate(text: string, seed: number, mutations: Record<string, Mutation>): Mutant {
  const r = rng(seed);
  const names = Object.keys(mutations);
  const rounds = 1 + int(r, 3);
  let cur = text;
  const how: string[] = [];
  for (let i = 0; i < rounds; i++) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const name = pick(r, names);
      const m = mutations[name]!(cur, r);
      if (m && m.text !== cur) {
        cur = m.text;
        how.push(m.how);
        break;
      }
    }
  }
  return { text: cur, how: how.join('; ') || 'none' };
}
