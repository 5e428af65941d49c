/**
 * `terraform fmt` without terraform: HashiCorp's own hclwrite formatter compiled to WebAssembly
 * (`@cdktf/hcl-tools` `format`). hclwrite formats tokens and accepts broken syntax, so every file is
 * first parsed with `@cdktf/hcl2json` (HashiCorp's parser) and a syntax error is reported at file:line
 * instead of being "formatted".
 */
import { readFile } from 'node:fs/promises';
import { format } from '@cdktf/hcl-tools';
import { parse } from '@cdktf/hcl2json';
import { hclSyntaxError } from '../load/hcl/parse.js';
import { nestingMessage, nestingTooDeep } from '../load/hcl/nesting.js';
import { writeFileAtomic } from '../atomic-write.js';
import { UserError } from '../errors.js';

export interface FormatResult {
  path: string;
  changed: boolean;
  formatted: string;
}

/** Format HCL text as `terraform fmt` does; `path` names the file in a syntax error. */
export async function formatHcl(path: string, text: string): Promise<string> {
  // The parser and the formatter recurse through the syntax; a file nested thousands deep would
  // exhaust their stacks (or take minutes) instead of failing at its line.
  const deep = nestingTooDeep(text, 'body');
  if (deep !== undefined) throw new UserError(nestingMessage(), { file: path, line: deep });
  try {
    await parse(path, text);
  } catch (err) {
    throw hclSyntaxError(path, (err as Error).message);
  }
  return format(text);
}

/** Format one file; with `write`, rewrite it when it changed. */
export async function formatFile(path: string, write: boolean, displayPath = path): Promise<FormatResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read: ${(err as Error).message}`, { file: displayPath, line: 1 });
  }
  const formatted = await formatHcl(displayPath, text);
  const changed = formatted !== text;
  if (changed && write) await writeFileAtomic(path, formatted, displayPath);
  return { path, changed, formatted };
}
