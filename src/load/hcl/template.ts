/**
 * Terraform's `templatefile` semantics: render a template text with only the given variables in
 * scope and the built-in functions available (except `templatefile` and `templatestring`
 * themselves, as in terraform).
 *
 * The template is handed to HashiCorp's parser as a heredoc (where backslashes are not special,
 * exactly like template files), which validates it and applies strip markers (`~`); the
 * resulting template string is evaluated by the expression evaluator. Lines in errors are lines
 * of the template file.
 */
import { readFile } from 'node:fs/promises';
import { hcl2json } from './parse-hcl2json.js';
import { UserError } from '../../errors.js';
import type { ObjectValue, Value } from '../../model/value.js';
import { evaluateTemplateText } from './expr.js';
import { functions as builtins, type FunctionContext, type TfFunction } from './functions/index.js';
import { prepareTemplates, preparedTemplates, seedTemplates, type Node } from './expr-ast.js';
import { cacheKey, hclSyntaxError, readCacheFile, writeCacheFile } from './parse.js';
import { rootScope } from './scope.js';
import { fail } from './functions/helpers.js';
import { nestingMessage, nestingTooDeep } from './nesting.js';

export interface TemplateOptions {
  /** Functions available in the template (default: the built-ins). `templatefile` and `templatestring` are always stubbed out. */
  functions?: Record<string, TfFunction>;
  /** Directory `file()` and friends resolve against inside the template (default: the process cwd). */
  cwd?: string;
  /** The plan time `plantimestamp()` returns inside the template (FunctionContext.planTimestamp). */
  planTimestamp?: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Inside a template, terraform stubs out the template functions "to prevent recursive calls" with
 * the error "cannot recursively call templatefile from inside another template function"
 * (terraform internal/lang/funcs/filesystem.go, MakeTemplateFileFunc); so do we.
 */
const NOT_IN_TEMPLATES: Record<string, TfFunction> = Object.fromEntries(
  ['templatefile', 'templatestring'].map((name) => [
    name,
    () => {
      throw fail(name, `cannot recursively call ${name} from inside another template function`);
    },
  ]),
);

/** Render a template text; `file` names it in errors. A template that is one interpolation keeps its value's type. */
export async function renderTemplate(text: string, vars: ObjectValue, file: string, options: TemplateOptions = {}): Promise<Value> {
  for (const name of Object.keys(vars)) {
    if (!IDENTIFIER.test(name)) {
      throw new UserError(`Invalid template variable name "${name}": must start with a letter or underscore and contain only letters, digits, underscores and dashes`, { file, line: 1 });
    }
  }
  const source = await normalizedTemplate(text, file);
  const fns: Record<string, TfFunction> = { ...(options.functions ?? builtins), ...NOT_IN_TEMPLATES };
  const ctx = functionContext(options.cwd ?? process.cwd(), fns, options.planTimestamp);
  return evaluateTemplateText(source, rootScope(vars, fns, ctx), file);
}

/** Read and render a template file. */
export async function renderTemplateFile(path: string, vars: ObjectValue, options: TemplateOptions = {}): Promise<Value> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read template ${path}: ${(err as Error).message}`);
  }
  return renderTemplate(text, vars, path, options);
}

/**
 * A FunctionContext whose `renderTemplate` is this module's (what the evaluator's callers pass to
 * functions); templates it renders see the same plan time.
 */
export function functionContext(cwd: string, fns: Record<string, TfFunction> = builtins, planTimestamp?: string): FunctionContext {
  return {
    cwd,
    renderTemplate: (text, vars, file) => renderTemplate(text, vars, file, { functions: fns, cwd, ...(planTimestamp !== undefined ? { planTimestamp } : {}) }),
    ...(planTimestamp !== undefined ? { planTimestamp } : {}),
  };
}

/**
 * The template in hcl2json's string form: validated by HashiCorp's parser, strip markers applied.
 * A parse error names the template file and line.
 */
async function normalizedTemplate(text: string, file: string): Promise<unknown> {
  // Rendering the same template text again (every run renders user-data) needs no parser.
  const key = cacheKey('template', text);
  const memo = memory.get(key);
  if (memo !== undefined) return memo;
  const cached = await readCacheFile<{ normalized: unknown; templates: Record<string, Node> }>(key);
  if (cached && 'normalized' in cached) {
    seedTemplates(cached.templates ?? {});
    memory.set(key, cached.normalized);
    return cached.normalized;
  }
  const normalized = await normalize(text, file);
  memory.set(key, normalized);
  if (typeof normalized === 'string') {
    await prepareTemplates([normalized]);
    await writeCacheFile(key, { normalized, templates: await preparedTemplates([normalized]) });
  }
  return normalized;
}

const memory = new Map<string, unknown>();

/** Forget templates normalised in this process (tests). */
export function clearTemplateCache(): void {
  memory.clear();
}

async function normalize(text: string, file: string): Promise<unknown> {
  let delim = 'STACKCHECK_TEMPLATE';
  for (let i = 0; text.includes(delim); i++) delim = `STACKCHECK_TEMPLATE${i}`;
  let body: Record<string, unknown>;
  const wrapped = `t = <<${delim}\n${text}\n${delim}\n`;
  const deep = nestingTooDeep(wrapped, 'body');
  if (deep !== undefined) throw new UserError(`Invalid template: ${nestingMessage()}`, { file, line: Math.max(1, deep - 1) });
  try {
    body = await (await hcl2json()).parse(file, wrapped);
  } catch (err) {
    const e = hclSyntaxError(file, (err as Error).message);
    // The heredoc's opening line shifts every line by one.
    const lastLine = text.split('\n').length;
    const line = Math.min(lastLine, Math.max(1, (e.location?.line ?? 2) - 1));
    throw new UserError(`Invalid template: ${e.message}`, { file, line, ...(e.location?.column ? { column: e.location.column } : {}) });
  }
  const rendered = body.t;
  // hcl2json folds constant templates (`${5}` → 5): such a value is evaluated as it is.
  if (typeof rendered !== 'string') return rendered;
  // Drop the newline the heredoc added before its closing line (a strip marker may have taken it).
  return rendered.endsWith('\n') ? rendered.slice(0, -1) : rendered;
}
