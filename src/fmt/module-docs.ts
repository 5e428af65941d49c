/**
 * Module README tables, as terraform-docs writes them: the inputs and outputs of a module, generated
 * from its variable and output blocks (parsed with `@cdktf/hcl2json`) and kept between
 * `<!-- BEGIN_TF_DOCS -->` and `<!-- END_TF_DOCS -->` in the module's README.md. `stackcheck fmt`
 * rewrites the tables; `stackcheck fmt --check` reports a README whose tables are stale.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../atomic-write.js';
import { basename, join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { hclSyntaxError } from '../load/hcl/parse.js';
import { UserError } from '../errors.js';
import { lineOfArgument, unsupportedArgument } from '../load/hcl/shape.js';

export const BEGIN_MARKER = '<!-- BEGIN_TF_DOCS -->';
export const END_MARKER = '<!-- END_TF_DOCS -->';

export interface ModuleInput {
  name: string;
  description: string;
  type: string;
  /** Rendered default; undefined when the variable has none (it is required). */
  default?: string;
  sensitive: boolean;
}

export interface ModuleOutput {
  name: string;
  description: string;
  sensitive: boolean;
}

export interface ModuleInterface {
  inputs: ModuleInput[];
  outputs: ModuleOutput[];
}

/** An HCL expression as hcl2json returns it (`"${expr}"`), back to its source text. */
function unwrapExpression(value: string): string {
  const m = /^\$\{([\s\S]*)\}$/.exec(value);
  return m ? m[1] : value;
}

function renderDefault(value: unknown): string {
  if (typeof value === 'string') {
    const expr = /^\$\{([\s\S]*)\}$/.exec(value);
    return expr ? expr[1] : JSON.stringify(value);
  }
  return JSON.stringify(value);
}

/** The variables and outputs declared by the `.tf` files directly in `dir`. */
export async function readModuleInterface(dir: string, displayDir = dir): Promise<ModuleInterface> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.tf')).sort();
  const inputs: ModuleInput[] = [];
  const outputs: ModuleOutput[] = [];
  for (const file of files) {
    const display = join(displayDir, file);
    const text = await readFile(join(dir, file), 'utf8');
    let body: Record<string, any>;
    try {
      body = await parse(display, text);
    } catch (err) {
      throw hclSyntaxError(display, (err as Error).message);
    }
    for (const kind of ['variable', 'output'] as const) {
      // `variable = …` or `output = …` as an argument: HashiCorp's parser accepts it, terraform does not.
      const given = body[kind];
      const blockLists = given && typeof given === 'object' && !Array.isArray(given) && Object.values(given).every((l) => Array.isArray(l) && l.every((b) => b && typeof b === 'object' && !Array.isArray(b)));
      if (given !== undefined && !blockLists) {
        throw unsupportedArgument(kind, { file: display, line: lineOfArgument(text, kind) }, true);
      }
    }
    for (const [name, blocks] of Object.entries<any[]>(body.variable ?? {})) {
      const v = blocks[0] ?? {};
      inputs.push({
        name,
        description: typeof v.description === 'string' ? v.description : '',
        type: typeof v.type === 'string' ? unwrapExpression(v.type) : 'any',
        default: 'default' in v ? renderDefault(v.default) : undefined,
        sensitive: v.sensitive === true,
      });
    }
    for (const [name, blocks] of Object.entries<any[]>(body.output ?? {})) {
      const o = blocks[0] ?? {};
      outputs.push({ name, description: typeof o.description === 'string' ? o.description : '', sensitive: o.sensitive === true });
    }
  }
  inputs.sort((a, b) => a.name.localeCompare(b.name));
  outputs.sort((a, b) => a.name.localeCompare(b.name));
  return { inputs, outputs };
}

/** Prose in a table cell: one line, pipes escaped, `<name>` shown literally instead of as HTML. */
function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ').trim();
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;');
}

/** Code in a table cell: inline code on one line, a `<pre>` block (lines joined by `<br/>`) otherwise. */
function codeCell(code: string): string {
  if (!code.includes('\n')) return `\`${code.replace(/\|/g, '\\|')}\``;
  return `<pre>${code.split('\n').map(escapeHtml).join('<br/>')}</pre>`;
}

/** The Markdown between the markers (markers excluded), ending in a newline. */
export function renderModuleDocs(mod: ModuleInterface): string {
  const lines: string[] = ['## Inputs', ''];
  if (mod.inputs.length === 0) {
    lines.push('No inputs.');
  } else {
    lines.push('| Name | Description | Type | Default | Required |', '|------|-------------|------|---------|:--------:|');
    for (const i of mod.inputs) {
      const description = escapeCell(i.description) + (i.sensitive ? ' (sensitive)' : '');
      lines.push(
        `| <a name="input_${i.name}"></a> [${i.name}](#input_${i.name}) | ${description} | ${codeCell(i.type)} | ${i.default === undefined ? 'n/a' : codeCell(i.default)} | ${i.default === undefined ? 'yes' : 'no'} |`,
      );
    }
  }
  lines.push('', '## Outputs', '');
  if (mod.outputs.length === 0) {
    lines.push('No outputs.');
  } else {
    lines.push('| Name | Description |', '|------|-------------|');
    for (const o of mod.outputs) {
      lines.push(`| <a name="output_${o.name}"></a> [${o.name}](#output_${o.name}) | ${escapeCell(o.description)}${o.sensitive ? ' (sensitive)' : ''} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * README text with the tables between the markers replaced. A README without both markers, in that
 * order, is a UserError naming it (the generator never guesses where the tables go).
 */
export function replaceBetweenMarkers(readme: string, docs: string, displayPath: string): string {
  const begin = readme.indexOf(BEGIN_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (begin === -1 || end === -1 || end < begin) {
    const line = begin === -1 ? 1 : readme.slice(0, begin).split('\n').length;
    throw new UserError(`README lacks the ${BEGIN_MARKER} ... ${END_MARKER} markers (in that order) for the inputs/outputs tables`, {
      file: displayPath,
      line,
    });
  }
  return `${readme.slice(0, begin + BEGIN_MARKER.length)}\n${docs}${readme.slice(end)}`;
}

export interface ModuleDocsResult {
  readme: string;
  changed: boolean;
}

/**
 * Regenerate the tables of one module's README.md; `write` rewrites it when stale. A module without
 * a README gets one (title + markers) in write mode and is reported as stale in check mode.
 */
export async function updateModuleReadme(dir: string, write: boolean, displayDir = dir): Promise<ModuleDocsResult> {
  const readmePath = join(dir, 'README.md');
  const displayPath = join(displayDir, 'README.md');
  const docs = renderModuleDocs(await readModuleInterface(dir, displayDir));
  const current = existsSync(readmePath) ? await readFile(readmePath, 'utf8') : undefined;
  const base = current ?? `# ${basename(dir)}\n\n${BEGIN_MARKER}\n${END_MARKER}\n`;
  const next = replaceBetweenMarkers(base, docs, displayPath);
  const changed = next !== current;
  if (changed && write) await writeFileAtomic(readmePath, next, displayPath);
  return { readme: readmePath, changed };
}

/**
 * The module directories of a Terraform tree: every `modules/<name>` directory holding `.tf` files,
 * plus the root when its README.md already carries the markers.
 */
export async function moduleDirs(root: string): Promise<string[]> {
  const dirs: string[] = [];
  const rootReadme = join(root, 'README.md');
  if (existsSync(rootReadme) && (await readFile(rootReadme, 'utf8')).includes(BEGIN_MARKER)) dirs.push(root);
  const modulesDir = join(root, 'modules');
  if (existsSync(modulesDir)) {
    for (const entry of (await readdir(modulesDir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (!entry.isDirectory()) continue;
      const dir = join(modulesDir, entry.name);
      if ((await readdir(dir)).some((f) => f.endsWith('.tf'))) dirs.push(dir);
    }
  }
  return dirs;
}
