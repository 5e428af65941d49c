/**
 * Filesystem functions: abspath dirname pathexpand basename file fileexists fileset filebase64
 * templatefile. Relative paths are taken from the root module directory (ctx.cwd), which is where
 * terraform runs; `~` is expanded like terraform's homedir.Expand.
 */
import { readFileSync, readdirSync, statSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { RE2JS } from 're2js';
import { MAX_FILE_BYTES, MAX_FILESET_ENTRIES } from '../limits.js';
import { Unknown, isObjectValue, type ObjectValue, type Value } from '../../../model/value.js';
import { defineFunctions, fail, typeName, unknownFrom } from './helpers.js';
import type { FunctionContext } from './types.js';

/** Go's path.Clean (forward slashes). */
function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(part);
  }
  const body = out.join('/');
  if (rooted) return '/' + body;
  return body === '' ? '.' : body;
}

function expandHome(p: string): string {
  if (p === '~') return homedir();
  if (p.startsWith('~/')) return join(homedir(), p.slice(2));
  return p;
}

/** The absolute, cleaned path terraform would open for `path`. */
function resolvePath(ctx: FunctionContext, p: string): string {
  const expanded = expandHome(p);
  return cleanPath(isAbsolute(expanded) ? expanded : join(ctx.cwd, expanded));
}

function statOrUndefined(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

/** The bytes of a file the configuration ships with, or an error naming the path as given. */
export function readConfigFile(name: string, ctx: FunctionContext, p: string): Buffer {
  const abs = resolvePath(ctx, p);
  const st = statOrUndefined(abs);
  if (!st) {
    throw fail(name, `no file exists at ${JSON.stringify(p)}; this function works only with files that are distributed as part of the configuration source code, so if this file will be created by a resource in this configuration you must instead obtain this result from an attribute of that resource`);
  }
  if (st.isDirectory()) throw fail(name, `${JSON.stringify(p)} is a directory, not a file`);
  // A device or a pipe (/dev/zero, a FIFO) never ends; a huge file would fill memory.
  if (!st.isFile()) throw fail(name, `${JSON.stringify(p)} is not a regular file`);
  if (st.size > MAX_FILE_BYTES) throw fail(name, `${JSON.stringify(p)} is ${st.size.toLocaleString('en-US')} bytes, more than the ${MAX_FILE_BYTES.toLocaleString('en-US')} static evaluation reads`);
  return readFileSync(abs);
}

function readConfigText(name: string, ctx: FunctionContext, p: string): string {
  const bytes = readConfigFile(name, ctx, p);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fail(name, `contents of ${JSON.stringify(p)} are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead`);
  }
}

/**
 * A doublestar glob (`*`, `?`, `[...]`, `{a,b}`, `**` across directories) as a regular expression
 * over slash paths, matched by RE2 (re2js): linear in the path, however many stars the glob has.
 */
function globToRegExp(pattern: string, name: string): RE2JS {
  let re = '';
  let i = 0;
  let braces = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const atStart = i === 0 || pattern[i - 1] === '/';
        const atEnd = i + 2 === pattern.length || pattern[i + 2] === '/';
        if (atStart && atEnd) {
          if (pattern[i + 2] === '/') {
            re += '(?:[^/]*(?:/[^/]*)*/)?';
            i += 3;
          } else {
            re += '.*';
            i += 2;
          }
          continue;
        }
      }
      re += '[^/]*';
      i++;
    } else if (c === '?') {
      re += '[^/]';
      i++;
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) throw fail(name, `failed to glob pattern ${JSON.stringify(pattern)}: syntax error in pattern`);
      // Go's filepath.Match negates with ^ only (`[!a]` is the class of ! and a), as JavaScript does
      const body = pattern.slice(i + 1, end);
      re += `[${body.replace(/\\(?!.)/g, '\\\\')}]`;
      i = end + 1;
    } else if (c === '{') {
      braces++;
      re += '(?:';
      i++;
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
      i++;
    } else if (c === ',' && braces > 0) {
      re += '|';
      i++;
    } else if (c === '\\' && i + 1 < pattern.length) {
      re += pattern[i + 1]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i += 2;
    } else {
      re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i++;
    }
  }
  if (braces) throw fail(name, `failed to glob pattern ${JSON.stringify(pattern)}: syntax error in pattern`);
  try {
    return RE2JS.compile(`^${re}$`);
  } catch {
    throw fail(name, `failed to glob pattern ${JSON.stringify(pattern)}: syntax error in pattern`);
  }
}

function listFiles(root: string, name: string): string[] {
  const out: string[] = [];
  let visited = 0;
  const walk = (rel: string): void => {
    for (const entry of readdirSync(rel ? join(root, rel) : root, { withFileTypes: true })) {
      if (++visited > MAX_FILESET_ENTRIES) throw fail(name, `more than ${MAX_FILESET_ENTRIES.toLocaleString('en-US')} entries under ${JSON.stringify(root)}: static evaluation stops here`);
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() || (entry.isSymbolicLink() && statOrUndefined(join(root, path))?.isFile())) out.push(path);
    }
  };
  walk('');
  return out;
}

export const filesystemFunctions = defineFunctions({
  templatestring: {
    params: [
      { name: 'template', kind: 'string' },
      { name: 'vars', kind: 'any' },
    ],
    allowUnknown: true,
    impl: async ([template, vars]: [Value, Value], ctx, name) => {
      const unknown = unknownFrom([template]) ?? (vars instanceof Unknown ? vars : undefined);
      if (unknown) return unknown;
      if (!isObjectValue(vars)) throw fail(name, `vars must be a map or object, got ${typeName(vars)}`);
      return ctx.renderTemplate(template as string, vars, 'templatestring()');
    },
  },
  abspath: {
    params: [{ name: 'path', kind: 'string' }],
    impl: ([p]: [string], ctx) => cleanPath(isAbsolute(p) ? p : join(ctx.cwd, p)),
  },
  dirname: {
    params: [{ name: 'path', kind: 'string' }],
    impl: ([p]: [string]) => {
      const i = p.lastIndexOf('/');
      return cleanPath(p.slice(0, i + 1));
    },
  },
  basename: {
    params: [{ name: 'path', kind: 'string' }],
    impl: ([p]: [string]) => {
      if (p === '') return '.';
      const trimmed = p.replace(/\/+$/, '');
      if (trimmed === '') return '/';
      return trimmed.slice(trimmed.lastIndexOf('/') + 1);
    },
  },
  pathexpand: { params: [{ name: 'path', kind: 'string' }], impl: ([p]: [string]) => expandHome(p) },
  file: {
    params: [{ name: 'path', kind: 'string' }],
    impl: ([p]: [string], ctx, name) => readConfigText(name, ctx, p),
  },
  filebase64: {
    params: [{ name: 'path', kind: 'string' }],
    impl: ([p]: [string], ctx, name) => readConfigFile(name, ctx, p).toString('base64'),
  },
  fileexists: {
    params: [{ name: 'path', kind: 'string' }],
    impl: ([p]: [string], ctx, name) => {
      const st = statOrUndefined(resolvePath(ctx, p));
      if (!st) return false;
      if (!st.isFile()) throw fail(name, `${JSON.stringify(p)} is not a regular file`);
      return true;
    },
  },
  fileset: {
    params: [
      { name: 'path', kind: 'string' },
      { name: 'pattern', kind: 'string' },
    ],
    impl: ([p, pattern]: [string, string], ctx, name) => {
      const root = resolvePath(ctx, p);
      const re = globToRegExp(cleanPath(pattern), name);
      if (!statOrUndefined(root)?.isDirectory()) return [];
      return listFiles(root, name)
        .filter((f) => re.test(f))
        .sort();
    },
  },
  templatefile: {
    params: [
      { name: 'path', kind: 'string' },
      { name: 'vars', kind: 'any' },
    ],
    allowUnknown: true,
    impl: async ([p, vars]: [Value, Value], ctx, name) => {
      if (p instanceof Unknown) return p;
      const unknownPath = unknownFrom([p]);
      if (unknownPath) return unknownPath;
      if (vars instanceof Unknown) return vars;
      if (!isObjectValue(vars)) throw fail(name, `vars must be a map or object, got ${typeName(vars)}`);
      for (const key of Object.keys(vars)) {
        if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) throw fail(name, `invalid template variable name ${JSON.stringify(key)}: must start with a letter, followed by zero or more letters, digits, and underscores`);
      }
      const text = readConfigText(name, ctx, p as string);
      return ctx.renderTemplate(text, vars as ObjectValue, resolvePath(ctx, p as string));
    },
  },
});
