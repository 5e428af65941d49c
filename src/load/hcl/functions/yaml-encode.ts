/**
 * yamlencode as terraform writes it (go-cty-yaml on go-yaml's emitter): every string and key
 * double-quoted, multi-line strings as literal blocks (`|`, `|-`, `|+`) when the emitter allows a
 * block, long double-quoted strings folded at spaces past column 80, block sequences under a key not
 * indented, nested mappings indented by two.
 */
import { Unknown, isObjectValue, type Value } from '../../../model/value.js';
import { formatNumber, sortedKeys } from './helpers.js';

const BEST_WIDTH = 80;
const BEST_INDENT = 2;

export function yamlEncode(v: Value): string {
  if (isCollection(v)) return block(v, 0) + '\n';
  const text = scalar(v, BEST_INDENT, 0, true);
  // go-yaml ends a document whose root is a plain scalar (null, bool, number) with `...`
  const plain = v === null || typeof v === 'boolean' || typeof v === 'number';
  return plain ? `${text}\n...\n` : `${text}\n`;
}

function isCollection(v: Value): v is Value[] | { [k: string]: Value } {
  return (Array.isArray(v) && v.length > 0) || (isObjectValue(v) && Object.keys(v).length > 0);
}

/** A non-empty sequence or mapping whose first line starts at column `indent`. */
function block(v: Value[] | { [k: string]: Value }, indent: number): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(v)) {
    return v
      .map((item, i) => {
        const lead = (i ? pad : '') + '- ';
        if (isCollection(item)) return lead + block(item, indent + BEST_INDENT);
        return lead + scalar(item, indent + BEST_INDENT, indent + 2, true);
      })
      .join('\n');
  }
  return sortedKeys(v)
    .map((key, i) => {
      const val = v[key]!;
      if (key.includes('\n') && blockAllowed(key)) {
        // a multi-line key cannot be a simple key: go-yaml writes the complex-key form
        const value = isCollection(val) ? `\n${pad}  ${block(val, indent + BEST_INDENT)}` : ` ${scalar(val, indent + BEST_INDENT, indent + 2, true)}`;
        return `${i ? pad : ''}? ${literal(key, indent + BEST_INDENT)}\n${pad}:${value}`;
      }
      const k = doubleQuoted(key, indent, indent, false);
      const lead = (i ? pad : '') + k + ':';
      if (isCollection(val)) {
        if (Array.isArray(val)) return `${lead}\n${pad}${block(val, indent)}`;
        const inner = indent + BEST_INDENT;
        return `${lead}\n${' '.repeat(inner)}${block(val, inner)}`;
      }
      return `${lead} ${scalar(val, indent + BEST_INDENT, indent + columns(k) + 2, true)}`;
    })
    .join('\n');
}

function columns(s: string): number {
  return [...s].length;
}

/** A scalar at `column`, whose block or folded continuation lines are indented by `indent`. */
function scalar(v: Value, indent: number, column: number, allowBlock: boolean): string {
  if (v === null) return 'null';
  if (v instanceof Unknown) throw new Error('yamlencode of an unknown value');
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatNumber(v);
  if (Array.isArray(v)) return '[]';
  if (typeof v === 'object') return '{}';
  if (allowBlock && v.includes('\n') && blockAllowed(v)) return literal(v, indent);
  return doubleQuoted(v, indent, column, allowBlock);
}

function isBreak(c: string): boolean {
  return c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
}

/** go-yaml's is_printable: it looks at UTF-8 bytes and has no case for 4-byte sequences (emoji are escaped). */
function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

/** go-yaml refuses a block scalar for a space before a line break, a trailing space, or unprintable characters. */
function blockAllowed(s: string): boolean {
  const chars = [...s];
  if (chars[chars.length - 1] === ' ') return false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (!isPrintable(c) || c === '\ufeff') return false;
    if (c === ' ' && chars[i + 1] !== undefined && isBreak(chars[i + 1]!)) return false;
  }
  return true;
}

function literal(s: string, indent: number): string {
  const chars = [...s];
  let hints = '';
  if (chars[0] === ' ' || isBreak(chars[0]!)) hints += String(BEST_INDENT);
  const last = chars[chars.length - 1]!;
  if (!isBreak(last)) hints += '-';
  else if (chars.length === 1 || isBreak(chars[chars.length - 2]!)) hints += '+';
  let out = `|${hints}\n`;
  const pad = ' '.repeat(indent);
  let atLineStart = true;
  for (const c of chars) {
    if (isBreak(c)) {
      out += '\n';
      atLineStart = true;
    } else {
      if (atLineStart) out += pad;
      out += c;
      atLineStart = false;
    }
  }
  return out.replace(/\n$/, '');
}

const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\x0b': 'v',
  '\f': 'f',
  '\r': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\u0085': 'N',
  '\u00a0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

function doubleQuoted(s: string, indent: number, startColumn: number, allowBreaks: boolean): string {
  const chars = [...s];
  let out = '"';
  let column = startColumn + 1;
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (!isPrintable(c) || c === '\ufeff' || isBreak(c) || c === '"' || c === '\\') {
      const cp = c.codePointAt(0)!;
      const esc = ESCAPES[c];
      const text = esc
        ? `\\${esc}`
        : cp <= 0xff
          ? `\\x${hex(cp, 2)}`
          : cp <= 0xffff
            ? `\\u${hex(cp, 4)}`
            : `\\U${hex(cp, 8)}`;
      out += text;
      column += text.length;
      spaces = false;
    } else if (c === ' ') {
      if (allowBreaks && !spaces && column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
        out += '\n' + ' '.repeat(indent);
        column = indent;
        if (chars[i + 1] === ' ') {
          out += '\\';
          column++;
        }
      } else {
        out += c;
        column++;
      }
      spaces = true;
    } else {
      out += c;
      column++;
      spaces = false;
    }
  }
  return out + '"';
}

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, '0');
}
