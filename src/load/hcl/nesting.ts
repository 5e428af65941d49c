/**
 * How deeply an HCL text nests, measured before any parser sees it. HCL sets no limit of its own,
 * but every reader of the text walks it recursively (tree-sitter's tree, the syntax-tree converter,
 * the evaluator), and HashiCorp's expression parser gives every node of a syntax tree its own source
 * text, so its answer grows with depth × length (measured: 1,000 nested conditionals on one line,
 * 8 KB of text, took 8 s and 890 MB in `getExpressionAst`). A file nested thousands deep would end
 * in a stack overflow, or in minutes and gigabytes, instead of an error at its line.
 *
 * Depth counts what makes the syntax tree deeper: blocks, objects, brackets, parentheses, template
 * interpolations and directives (`${`, `%{`, inside quoted strings and heredocs too), and the
 * operators of one expression (`a ? b : c ? …`, `a + b + …`, `!!…`): each operator nests its
 * operands one level deeper. The operators are counted until the expression ends (a comma, an `=`,
 * the end of a line in a block or object, a closing bracket). Real configurations stay far below
 * the limit (the stack's deepest is under 15).
 */

export const MAX_NESTING = 500;

export function nestingMessage(): string {
  return `nesting deeper than ${MAX_NESTING} levels (blocks, brackets, parentheses, interpolations, operators of one expression): simplify the expression`;
}

type Kind = 'body' | 'brace' | 'bracket' | 'paren' | 'interp' | 'string' | 'heredoc' | 'expression';

interface Frame {
  kind: Kind;
  /** Operators counted in this frame's current expression. */
  ops: number;
  /** A heredoc's closing delimiter. */
  delim?: string;
}

const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NUMBER = /[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEREDOC = /<<-?([A-Za-z_][A-Za-z0-9_-]*)\r?\n/y;

/** A heredoc opener (`<<EOT`, `<<-EOT` and its newline) at `i`: its delimiter and where its first line starts. */
function heredocAt(text: string, i: number): { delim: string; end: number } | undefined {
  HEREDOC.lastIndex = i;
  const m = HEREDOC.exec(text);
  return m ? { delim: m[1]!, end: HEREDOC.lastIndex } : undefined;
}

/**
 * The 1-based line of `text` where nesting first passes MAX_NESTING, or undefined. `start` is what
 * the text is: a file body (attributes and blocks, one per line) or one expression.
 */
export function nestingTooDeep(text: string, start: 'body' | 'expression'): number | undefined {
  const stack: Frame[] = [{ kind: start, ops: 0 }];
  let depth = 0;
  let line = 1;
  const top = () => stack[stack.length - 1]!;
  const push = (kind: Kind, delim?: string): boolean => {
    stack.push({ kind, ops: 0, delim });
    if (kind !== 'string' && kind !== 'heredoc') depth++;
    return depth > MAX_NESTING;
  };
  const pop = () => {
    if (stack.length === 1) return;
    const f = stack.pop()!;
    depth -= f.ops + (f.kind !== 'string' && f.kind !== 'heredoc' ? 1 : 0);
  };
  const operator = (): boolean => {
    top().ops++;
    return ++depth > MAX_NESTING;
  };
  const endExpression = () => {
    const f = top();
    depth -= f.ops;
    f.ops = 0;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1];
    const f = top();
    if (c === '\n') {
      line++;
      if (f.kind === 'string') pop(); // an unterminated quoted string: the parser says so
      else if (f.kind === 'body' || f.kind === 'brace') endExpression();
      else if (f.kind === 'heredoc') {
        const end = text.indexOf('\n', i + 1);
        if (text.slice(i + 1, end < 0 ? text.length : end).trim() === f.delim) pop();
      }
      continue;
    }
    if (f.kind === 'string' || f.kind === 'heredoc') {
      if (c === '\\' && f.kind === 'string') i++;
      else if (c === '"' && f.kind === 'string') pop();
      else if ((c === '$' || c === '%') && next === c && text[i + 2] === '{') i += 2;
      else if ((c === '$' || c === '%') && next === '{') {
        i++;
        if (push('interp')) return line;
      }
      continue;
    }
    // Code: a block body, an object, brackets, parentheses, an interpolation.
    if (c === '"') {
      push('string');
    } else if (c === '#' || (c === '/' && next === '/')) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 1;
      for (; i < stop; i++) if (text[i] === '\n') line++;
    } else if (c === '<' && next === '<' && heredocAt(text, i)) {
      const opener = heredocAt(text, i)!;
      push('heredoc', opener.delim);
      i = opener.end - 1; // its newline
      line++;
      const end = text.indexOf('\n', i + 1);
      if (text.slice(i + 1, end < 0 ? text.length : end).trim() === opener.delim) pop();
    } else if (c === '{') {
      if (push('brace')) return line;
    } else if (c === '[') {
      if (push('bracket')) return line;
    } else if (c === '(') {
      if (push('paren')) return line;
    } else if (c === '}') {
      if (f.kind === 'brace' || f.kind === 'interp') pop();
    } else if (c === ']') {
      if (f.kind === 'bracket') pop();
    } else if (c === ')') {
      if (f.kind === 'paren') pop();
    } else if (c === ',') {
      endExpression();
    } else if (c === '=') {
      if (next === '=') {
        i++;
        if (operator()) return line;
      } else {
        if (next === '>') i++;
        endExpression();
      }
    } else if (c === '!' || c === '<' || c === '>') {
      if (next === '=') i++;
      if (operator()) return line;
    } else if ((c === '&' || c === '|') && next === c) {
      i++;
      if (operator()) return line;
    } else if (c === '?' || c === '+' || c === '-' || c === '*' || c === '/' || c === '%') {
      if (operator()) return line;
    } else if (/[A-Za-z_]/.test(c)) {
      IDENT.lastIndex = i;
      IDENT.test(text);
      i = IDENT.lastIndex - 1;
    } else if (/[0-9]/.test(c)) {
      NUMBER.lastIndex = i;
      NUMBER.test(text);
      i = NUMBER.lastIndex - 1;
    }
  }
  return undefined;
}
