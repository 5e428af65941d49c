/**
 * The traversals a raw hcl2json value mentions (`var.x`, `local.y`, `module.m.out`,
 * `aws_instance.a[0].id`, `data.t.n.attr`), found by a lexical scan of its `${…}` / `%{…}` parts.
 *
 * The scan is used for ordering declarations and for the model's references, so it may
 * over-approximate (a name inside a quoted string within an interpolation) but never misses a
 * traversal; it is ~100× cheaper than asking the HCL parser for every expression's AST.
 */

/** One traversal: its parts (`['aws_instance', 'a', '0', 'id']`) and the source text. */
export interface Traversal {
  parts: string[];
  /** Indices in `parts` that were bracketed keys (`[0]`, `["k"]`). */
  keyed: Set<number>;
  /** The source text of a computed key right after the parts (`each.key` in `aws_subnet.a[each.key]`). */
  computedKey?: string;
}

const TRAVERSAL =
  /(^|[^\w.\]\-"])([A-Za-z_][\w-]*)((?:\s*\.\s*[A-Za-z_][\w-]*|\.\d+|\s*\[\s*(?:"(?:[^"\\$%]|\\.)*"|\d+)\s*\])*)/g;
const SEGMENT = /\.\s*([A-Za-z_][\w-]*)|\.(\d+)|\[\s*(?:"((?:[^"\\]|\\.)*)"|(\d+))\s*\]/g;

const textCache = new Map<string, Traversal[]>();

/** Traversals in one raw value (strings, arrays and objects walked; object keys included). */
export function traversalsOf(raw: unknown, out: Traversal[] = []): Traversal[] {
  if (typeof raw === 'string') {
    if (raw.includes('${') || raw.includes('%{')) out.push(...scanText(raw));
  } else if (Array.isArray(raw)) {
    for (const x of raw) traversalsOf(x, out);
  } else if (typeof raw === 'object' && raw !== null) {
    for (const [k, v] of Object.entries(raw)) {
      traversalsOf(k, out);
      traversalsOf(v, out);
    }
  }
  return out;
}

function scanText(text: string): Traversal[] {
  const hit = textCache.get(text);
  if (hit) return hit;
  const found: Traversal[] = [];
  for (const part of interpolations(text)) {
    TRAVERSAL.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = TRAVERSAL.exec(part))) {
      const parts = [m[2]];
      const keyed = new Set<number>();
      SEGMENT.lastIndex = 0;
      let s: RegExpExecArray | null;
      while ((s = SEGMENT.exec(m[3]))) {
        if (s[1] !== undefined) parts.push(s[1]);
        else if (s[2] !== undefined) parts.push(s[2]);
        else {
          keyed.add(parts.length);
          parts.push(s[3] !== undefined ? JSON.parse(`"${s[3]}"`) : s[4]);
        }
      }
      // A function call (`name(`) or an object key (`name =`) is not a traversal root.
      const after = part.slice(m.index + m[0].length).trimStart();
      if (parts.length === 1 && after.startsWith('(')) continue;
      const computedKey = after.startsWith('[') ? bracketed(after) : undefined;
      found.push(computedKey && computedKey !== '*' ? { parts, keyed, computedKey } : { parts, keyed });
    }
  }
  if (textCache.size > 50_000) textCache.clear();
  textCache.set(text, found);
  return found;
}

/** The text between a `[` at the start of `s` and its matching `]`. */
function bracketed(s: string): string | undefined {
  let depth = 0;
  let quote = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === '"') quote = false;
      continue;
    }
    if (c === '"') quote = true;
    else if (c === '[' || c === '(' || c === '{') depth++;
    else if (c === ']' || c === ')' || c === '}') {
      depth--;
      if (depth === 0) return s.slice(1, i).trim();
    }
  }
  return undefined;
}

/** The expression text inside each `${…}` and `%{…}` of a template (escapes `$${` skipped). */
function interpolations(text: string): string[] {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      i += 2;
      continue;
    }
    if ((c === '$' || c === '%') && text[i + 1] === '{') {
      // A stack of contexts: '{' an open brace in an expression, '"' a string, '$' an
      // interpolation inside a string (closed by its own '}').
      const stack: string[] = [];
      let j = i + 2;
      for (; j < text.length; j++) {
        const d = text[j];
        const top = stack[stack.length - 1];
        if (top === '"') {
          if (d === '\\') j++;
          else if (d === '"') stack.pop();
          else if ((d === '$' || d === '%') && text[j + 1] === '{') {
            if (text[j - 1] === d) continue;
            stack.push('$');
            j++;
          }
          continue;
        }
        if (d === '"') stack.push('"');
        else if (d === '{') stack.push('{');
        else if (d === '}') {
          if (stack.length === 0) break;
          stack.pop();
        }
      }
      parts.push(text.slice(i + 2, j));
      i = j;
    }
  }
  return parts;
}
