/**
 * The shape of a Terraform configuration file, checked as terraform's own decoder checks it before
 * anything is evaluated: which top-level blocks exist and how many labels each takes, which names
 * in a `variable`, `output`, `module`, `terraform`, `lifecycle`, `dynamic`, … body must be blocks and
 * which arguments, which are required, and the few values terraform reads literally (a module's
 * `source` and `version`, a variable's `type`, a `required_providers` entry). Bodies whose content
 * belongs to a provider (a resource's arguments, a provider block) are left to `validate` and only
 * their meta-arguments and `dynamic` blocks are checked here.
 *
 * A wrong shape is a UserError at the block's or argument's file:line, worded as terraform words it
 * ("Unsupported argument", "Unsupported block type", "Missing required argument", "Missing name
 * for …"), so a malformed file is bad input (exit 2), never an internal error in the evaluator and
 * never silently accepted. The structure (block or argument) comes from tree-sitter's BlockInfo:
 * hcl2json's JSON cannot tell `validation { … }` from `validation = [{ … }]`.
 */
import type { SourceLocation } from '../../model/resource.js';
import { UserError } from '../../errors.js';
import type { BlockInfo, ParsedFile } from './parse.js';

interface BodySchema {
  /** Arguments allowed here; undefined: any (module inputs, locals, provider arguments). */
  attributes?: readonly string[];
  required?: readonly string[];
  /** Nested block types allowed here, with their schema; `open` bodies also allow others. */
  blocks?: Readonly<Record<string, BlockSchema>>;
  /** Others' blocks are allowed (a provider's nested blocks): only `dynamic` and meta names are checked. */
  open?: boolean;
  /** Names that must be arguments when they appear (meta-arguments of an open body). */
  argumentsOnly?: readonly string[];
  /** Nested block types of which exactly one is required. */
  requiredBlocks?: readonly string[];
}

interface BlockSchema extends BodySchema {
  /** The labels' names, e.g. ["type", "name"]: their count is checked. */
  labels: readonly string[];
}

const condition: BlockSchema = { labels: [], attributes: ['condition', 'error_message'], required: ['condition', 'error_message'] };

const dynamicBlock: BlockSchema = {
  labels: ['block type'],
  attributes: ['for_each', 'iterator', 'labels'],
  required: ['for_each'],
  requiredBlocks: ['content'],
  blocks: {},
};
/** A provider-defined nested body (ingress, statement, …): open, but its `dynamic` blocks are checked. */
const providerBody: BlockSchema = { labels: [], open: true, blocks: { dynamic: dynamicBlock } };
(dynamicBlock.blocks as Record<string, BlockSchema>).content = providerBody;

const lifecycle: BlockSchema = {
  labels: [],
  attributes: ['create_before_destroy', 'prevent_destroy', 'ignore_changes', 'replace_triggered_by'],
  blocks: { precondition: condition, postcondition: condition },
};

const provisioner: BlockSchema = { labels: ['type'], open: true, blocks: { connection: providerBody } };

function resourceLike(extra: Record<string, BlockSchema> = {}): BlockSchema {
  return {
    labels: ['type', 'name'],
    open: true,
    argumentsOnly: ['count', 'for_each', 'provider', 'depends_on'],
    blocks: { lifecycle, dynamic: dynamicBlock, ...extra },
  };
}

const TOP_LEVEL: Readonly<Record<string, BlockSchema>> = {
  terraform: {
    labels: [],
    attributes: ['required_version', 'experiments', 'language'],
    blocks: {
      required_providers: { labels: [], blocks: {} },
      backend: { labels: ['type'], open: true },
      cloud: { labels: [], open: true },
      provider_meta: { labels: ['provider'], open: true },
    },
  },
  provider: { labels: ['name'], open: true, argumentsOnly: ['alias', 'version'], blocks: { dynamic: dynamicBlock } },
  variable: {
    labels: ['name'],
    attributes: ['description', 'default', 'type', 'sensitive', 'nullable', 'ephemeral'],
    blocks: { validation: condition },
  },
  locals: { labels: [], blocks: {} },
  output: {
    labels: ['name'],
    attributes: ['description', 'value', 'sensitive', 'depends_on', 'ephemeral'],
    required: ['value'],
    blocks: { precondition: condition },
  },
  module: { labels: ['name'], required: ['source'], blocks: {} },
  resource: resourceLike({ connection: providerBody, provisioner }),
  data: resourceLike(),
  ephemeral: resourceLike(),
  moved: { labels: [], attributes: ['from', 'to'], required: ['from', 'to'] },
  import: { labels: [], attributes: ['to', 'id', 'identity', 'provider', 'for_each'], required: ['to'] },
  removed: { labels: [], attributes: ['from'], required: ['from'], blocks: { lifecycle: { labels: [], attributes: ['destroy'] }, provisioner, connection: providerBody } },
  check: { labels: ['name'], blocks: { data: resourceLike(), assert: condition } },
};

/**
 * Terraform's "Unsupported argument" error, worded as terraform words it; `blockOfThatName` adds
 * its hint that a block of that type was probably meant. The one wording for every reader that
 * finds `locals = …`, `variable = …` or an argument where only blocks go.
 */
export function unsupportedArgument(name: string, loc: SourceLocation, blockOfThatName: boolean): UserError {
  return new UserError(`Unsupported argument; An argument named "${name}" is not expected here.${blockOfThatName ? ` Did you mean to define a block of type "${name}"?` : ''}`, loc);
}

/** The 1-based line of the first `name = …` in `text` (1 when none): where a reader that saw no positions points. */
export function lineOfArgument(text: string, name: string): number {
  return Math.max(1, text.split('\n').findIndex((l) => new RegExp(`^\\s*${name}\\s*=`).test(l)) + 1);
}

/** Check a parsed `.tf` file's shape; throws the first error as a UserError at its file:line. */
export function checkConfigShape(file: ParsedFile): void {
  if (!file.path.endsWith('.tf')) return;
  for (const [name, loc] of Object.entries(file.attributes)) {
    throw unsupportedArgument(name, loc, !!TOP_LEVEL[name]);
  }
  for (const block of file.blocks) {
    const schema = TOP_LEVEL[block.type];
    if (!schema) {
      throw new UserError(`Unsupported block type "${block.type}"`, block.location);
    }
    checkBlock(block, schema, block.type);
  }
  checkLiterals(file);
}

function checkBlock(block: BlockInfo, schema: BlockSchema, what: string): void {
  const want = schema.labels.length;
  if (block.labels.length < want) {
    throw new UserError(
      `Missing name for ${what}; All ${what} blocks must have ${want} label${want === 1 ? '' : 's'} (${schema.labels.join(', ')}).`,
      block.location,
    );
  }
  if (block.labels.length > want) {
    throw new UserError(
      `Extraneous label for ${what}; ${want === 0 ? 'No labels are' : `Only ${want} label${want === 1 ? ' is' : 's are'} (${schema.labels.join(', ')})`} expected for ${what} blocks.`,
      block.location,
    );
  }
  if (block.labels.some((l) => l === '') && (what === 'resource' || what === 'data' || what === 'variable' || what === 'module' || what === 'output')) {
    throw new UserError(`Invalid ${what} name; A name must not be empty.`, block.location);
  }
  checkBody(block, schema);
}

function checkBody(block: BlockInfo, schema: BodySchema): void {
  const blocks = schema.blocks ?? {};
  for (const [name, loc] of Object.entries(block.attributes)) {
    if (blocks[name] && !(schema.attributes ?? []).includes(name)) {
      throw unsupportedArgument(name, loc, true);
    }
    if (schema.attributes && !schema.open && !schema.attributes.includes(name)) {
      throw unsupportedArgument(name, loc, false);
    }
  }
  for (const name of schema.required ?? []) {
    if (!block.attributes[name]) {
      if (block.type === 'output') throw new UserError(`Output "${block.labels[0]}" has no "value"`, block.location);
      if (block.type === 'module') throw new UserError(`Module "${block.labels[0]}" needs a literal "source"`, block.location);
      throw new UserError(`Missing required argument; The argument "${name}" is required, but no definition was found.`, block.location);
    }
  }
  for (const child of block.children) {
    const inner = blocks[child.type];
    if (!inner) {
      const isArgument = (schema.attributes ?? []).includes(child.type) || (schema.argumentsOnly ?? []).includes(child.type) || schema.required?.includes(child.type);
      if (isArgument) {
        throw new UserError(
          `Unsupported block type; Blocks of type "${child.type}" are not expected here. Did you mean to define argument "${child.type}"? If so, use the equals sign to assign it a value.`,
          child.location,
        );
      }
      if (schema.open) {
        checkBody(child, providerBody);
        continue;
      }
      throw new UserError(`Unsupported block type; Blocks of type "${child.type}" are not expected here.`, child.location);
    }
    checkBlock(child, inner, child.type === 'dynamic' ? 'dynamic' : child.type);
  }
  for (const name of schema.requiredBlocks ?? []) {
    const n = block.children.filter((c) => c.type === name).length;
    if (n === 0) {
      throw new UserError(`Missing required block; A "${name}" block is required here${block.type === 'dynamic' ? ': it describes each block the dynamic block generates' : ''}.`, block.location);
    }
    if (n > 1) {
      const second = block.children.filter((c) => c.type === name)[1]!;
      throw new UserError(`Duplicate ${name} block; Only one "${name}" block is allowed here.`, second.location);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Values terraform reads literally, before evaluation

const isTemplate = (s: string) => /(^|[^$])\$\{|(^|[^%])%\{/.test(s);

function checkLiterals(file: ParsedFile): void {
  const body = file.body as Record<string, unknown>;
  const located = (type: string, label: string | undefined, attr: string): SourceLocation => {
    const b = file.blocks.find((x) => x.type === type && (label === undefined || x.labels[0] === label));
    return b?.attributes[attr] ?? b?.location ?? { file: file.path, line: 1 };
  };
  for (const [name, list] of entries(body.module)) {
    const m = first(list);
    if (!m) continue;
    if (typeof m.source !== 'string' || isTemplate(m.source) || m.source === '') {
      throw new UserError(
        `Module "${name}" needs a literal "source": a non-empty string ("./modules/x", "hashicorp/consul/aws"): terraform reads it before anything is evaluated.`,
        located('module', name, 'source'),
      );
    }
    if (m.version !== undefined && (typeof m.version !== 'string' || isTemplate(m.version))) {
      throw new UserError(`Invalid module version; the "version" argument of module "${name}" must be a literal string (a version constraint such as "~> 5.0").`, located('module', name, 'version'));
    }
  }
  for (const [name, list] of entries(body.variable)) {
    const v = first(list);
    if (!v || v.type === undefined) continue;
    const why = typeof v.type === 'string' && /^\$\{[\s\S]*\}$/.test(v.type) ? typeExpressionError(v.type.slice(2, -1)) : 'a quoted string or literal is not a type';
    if (why) {
      throw new UserError(
        `Invalid type specification for variable "${name}": ${why}. A type is a keyword (string, number, bool, any) or a constructor such as list(string), map(number), object({ name = string }).`,
        located('variable', name, 'type'),
      );
    }
  }
  for (const kind of ['resource', 'data', 'ephemeral'] as const) {
    for (const [type, byName] of entries(body[kind])) {
      for (const [name, list] of entries(byName)) {
        const r = first(list);
        if (!r) continue;
        const where = (attr: string) => {
          const b = file.blocks.find((x) => x.type === kind && x.labels[0] === type && x.labels[1] === name);
          return b?.attributes[attr] ?? b?.location ?? { file: file.path, line: 1 };
        };
        if (r.provider !== undefined && !isReference(r.provider)) {
          throw new UserError(`Invalid provider reference; the "provider" argument of ${type}.${name} must be a provider name or name.alias (aws, aws.us_east_1), not a value.`, where('provider'));
        }
        if (r.depends_on !== undefined && !(Array.isArray(r.depends_on) && r.depends_on.every(isReference))) {
          throw new UserError(`Invalid depends_on; the "depends_on" argument of ${type}.${name} must be a list of references to resources, data sources or modules.`, where('depends_on'));
        }
      }
    }
  }
  for (const kind of ['moved', 'import', 'removed'] as const) {
    arrayOf(body[kind]).forEach((raw, i) => {
      const b = isRecord(raw) ? raw : {};
      const block = file.blocks.filter((x) => x.type === kind)[i];
      for (const attr of kind === 'import' ? ['to'] : kind === 'moved' ? ['from', 'to'] : ['from']) {
        if (b[attr] !== undefined && !isReference(b[attr])) {
          throw new UserError(`Invalid ${kind} block; "${attr}" must be the address of a resource or module (aws_s3_bucket.x, module.y), not a value.`, block?.attributes[attr] ?? block?.location ?? { file: file.path, line: 1 });
        }
      }
    });
  }
  for (const t of arrayOf(body.terraform)) {
    for (const rp of arrayOf((t as Record<string, unknown>)?.required_providers)) {
      for (const [name, req] of Object.entries((rp as Record<string, unknown>) ?? {})) {
        const ok =
          (typeof req === 'string' && !isTemplate(req)) ||
          (isRecord(req) && Object.entries(req).every(([k, x]) => (k === 'configuration_aliases' ? Array.isArray(x) : typeof x === 'string' && !isTemplate(x))));
        if (!ok) {
          const tb = file.blocks.find((b) => b.type === 'terraform' && b.children.some((c) => c.type === 'required_providers'));
          const loc = tb?.children.find((c) => c.type === 'required_providers')?.attributes[name] ?? tb?.location ?? { file: file.path, line: 1 };
          throw new UserError(
            `Invalid required_providers entry "${name}"; it must be an object of literal strings, such as { source = "hashicorp/aws", version = "~> 5.0" }.`,
            loc,
          );
        }
      }
    }
  }
}

/** A traversal such as aws.west, aws_s3_bucket.x, module.y["k"] (hcl2json writes it as "${…}"). */
function isReference(v: unknown): boolean {
  return typeof v === 'string' && /^\$\{[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[[^\]]*\])*\}$/.test(v);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function entries(v: unknown): [string, unknown][] {
  return isRecord(v) ? Object.entries(v) : [];
}

function arrayOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function first(list: unknown): Record<string, unknown> | undefined {
  const x = Array.isArray(list) ? list[0] : undefined;
  return isRecord(x) ? x : undefined;
}

/**
 * Why `text` is not a type constraint (undefined when it is one): a keyword, or list/set/map(T),
 * tuple([T, …]), object({ name = T, … }) with optional(T[, default]) as an object attribute's type.
 */
export function typeExpressionError(text: string): string | undefined {
  // Comments may sit inside a multi-line type (hcl2json keeps them in the expression's text).
  const tokens = (text.match(/#[^\n]*|\/\/[^\n]*|\/\*[\s\S]*?\*\/|[A-Za-z_][A-Za-z0-9_-]*|"(?:[^"\\]|\\.)*"|[()[\]{},=:]|\S/g) ?? []).filter(
    (t) => !t.startsWith('#') && !t.startsWith('//') && !t.startsWith('/*'),
  );
  let i = 0;
  const peek = () => tokens[i];
  const expect = (t: string) => {
    if (tokens[i] !== t) throw new Error(`expected "${t}"${tokens[i] ? `, found "${tokens[i]}"` : ''}`);
    i++;
  };
  const type = (inObject: boolean, depth: number): void => {
    if (depth > 64) throw new Error('type constraint nested too deeply');
    const t = tokens[i++];
    if (t === undefined) throw new Error('a type is missing');
    if (t === 'string' || t === 'number' || t === 'bool' || t === 'any') return;
    if (t === 'list' || t === 'set' || t === 'map') {
      expect('(');
      type(false, depth + 1);
      expect(')');
      return;
    }
    if (t === 'tuple') {
      expect('(');
      expect('[');
      while (peek() !== ']') {
        type(false, depth + 1);
        if (peek() === ',') i++;
        else break;
      }
      expect(']');
      expect(')');
      return;
    }
    if (t === 'object') {
      expect('(');
      expect('{');
      while (peek() !== '}') {
        const key = tokens[i++];
        if (!key || !/^(?:[A-Za-z_][A-Za-z0-9_-]*|".*")$/.test(key)) throw new Error(`expected an attribute name, found "${key ?? 'end'}"`);
        if (peek() !== '=' && peek() !== ':') throw new Error(`expected "=" after "${key}"`);
        i++;
        type(true, depth + 1);
        if (peek() === ',') i++;
      }
      expect('}');
      expect(')');
      return;
    }
    if (t === 'optional' && inObject) {
      expect('(');
      type(false, depth + 1);
      if (peek() === ',') {
        // The default is any expression: skip to the matching parenthesis.
        let open = 1;
        while (i < tokens.length && open > 0) {
          const x = tokens[i++];
          if (x === '(' || x === '[' || x === '{') open++;
          else if (x === ')' || x === ']' || x === '}') open--;
        }
        if (open > 0) throw new Error('unclosed optional(…)');
        return;
      }
      expect(')');
      return;
    }
    throw new Error(`the keyword "${t}" is not a valid type`);
  };
  try {
    type(false, 0);
    if (i < tokens.length) return `unexpected "${tokens[i]}" after the type`;
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
