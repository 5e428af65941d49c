/**
 * Input variables: declarations (type, default, sensitive, nullable, validation), the values a
 * root module gets from its sources in terraform's order of precedence, conversion to the declared
 * type, and validation rules.
 *
 * Precedence, lowest first: declared default < TF_VAR_* < terraform.tfvars < terraform.tfvars.json
 * < *.auto.tfvars / *.auto.tfvars.json (lexical) < -var-file (in order) < -var.
 */
import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import type { Diagnostic, SourceLocation } from '../../model/resource.js';
import { containsUnknown, isUnknown, type Value } from '../../model/value.js';
import type { VariableDecl } from './config.js';
import { parseTfvarsFile } from './parse.js';
import { hcl2json } from './parse-hcl2json.js';
import { ANY, ConversionError, convertValue, isPrimitive, parseTypeConstraint, resolveDefaults, type TypeConstraint } from './types.js';

/** Evaluates a raw hcl2json value with no variables in scope (only functions). */
export type EvaluateConstant = (raw: unknown, at: SourceLocation) => Promise<Value>;

export interface VariableSpec {
  name: string;
  type: TypeConstraint;
  /** False when the declaration has no `type`: terraform then reads -var and TF_VAR_ text literally. */
  typeDeclared: boolean;
  /** Declared default (already converted); `undefined` when the variable is required. */
  default?: Value;
  sensitive: boolean;
  nullable: boolean;
  validations: { condition: unknown; errorMessage: unknown; location: SourceLocation }[];
  location: SourceLocation;
}

/** A value given for a variable and where it came from (for error messages). */
export interface GivenValue {
  value: Value;
  /** File and line, when the value was written in a file (not for -var or TF_VAR_). */
  location?: SourceLocation;
  /** `-var`, a file, `TF_VAR_x`, a module argument */
  from: string;
  /** The caller's value is sensitive (terraform's marks travel with values into modules). */
  sensitive?: boolean;
}

export async function variableSpec(decl: VariableDecl, evaluateConstant: EvaluateConstant): Promise<VariableSpec> {
  const b = decl.body;
  const attrAt = (n: string) => decl.block?.attributes[n] ?? decl.location;
  const type = b.type === undefined ? ANY : parseTypeConstraint(String(b.type), attrAt('type'));
  await resolveDefaults(type, (text) => evaluateConstant(`\${${text}}`, attrAt('type')));
  const literal = async (name: string, fallback: boolean): Promise<boolean> => {
    if (b[name] === undefined) return fallback;
    const v = await evaluateConstant(b[name], attrAt(name));
    if (typeof v !== 'boolean') throw new UserError(`Variable "${decl.name}": "${name}" must be true or false`, attrAt(name));
    return v;
  };
  const spec: VariableSpec = {
    name: decl.name,
    type,
    typeDeclared: b.type !== undefined,
    sensitive: await literal('sensitive', false),
    nullable: await literal('nullable', true),
    validations: [],
    location: decl.location,
  };
  if (Object.prototype.hasOwnProperty.call(b, 'default')) {
    const d = await evaluateConstant(b.default, attrAt('default'));
    spec.default = convertOrThrow(spec, d, { value: d, location: attrAt('default'), from: 'its default' });
  }
  const vblocks = decl.block?.children.filter((c) => c.type === 'validation') ?? [];
  ((b.validation as any[] | undefined) ?? []).forEach((v: Record<string, unknown>, i: number) => {
    spec.validations.push({
      condition: v.condition,
      errorMessage: v.error_message,
      location: vblocks[i]?.attributes.condition ?? vblocks[i]?.location ?? decl.location,
    });
  });
  return spec;
}

function convertOrThrow(spec: VariableSpec, v: Value, given: GivenValue): Value {
  try {
    return convertValue(v, spec.type);
  } catch (e) {
    if (e instanceof ConversionError) {
      throw new UserError(`Invalid value for variable "${spec.name}" (from ${given.from}): ${e.message}`, given.location);
    }
    throw e;
  }
}

/**
 * The final value of a variable from what was given (or not): type conversion, `nullable`, the
 * default, and the "required" error.
 */
export function finalValue(spec: VariableSpec, given: GivenValue | undefined, moduleAddress = ''): Value {
  if (given === undefined || (given.value === null && spec.nullable === false && spec.default !== undefined)) {
    if (spec.default !== undefined) return spec.default;
    const where = moduleAddress ? ` in ${moduleAddress}` : '';
    throw new UserError(
      `No value for required variable "${spec.name}"${where}: set it in a .tfvars file, with -var, or give the variable a default`,
      spec.location,
    );
  }
  if (given.value === null) {
    if (!spec.nullable) {
      throw new UserError(`Invalid value for variable "${spec.name}" (from ${given.from}): the variable is not nullable`, given.location);
    }
    // A null given for a nullable variable replaces the default (terraform semantics).
    return null;
  }
  return convertOrThrow(spec, given.value, given);
}

/**
 * Run every validation rule of a variable. `evaluateCondition` evaluates a raw expression with the
 * variable in scope. An unknown condition is not an error (terraform checks it during apply).
 */
export async function validate(
  spec: VariableSpec,
  evaluateRule: (raw: unknown, at: SourceLocation) => Promise<Value>,
): Promise<void> {
  for (const rule of spec.validations) {
    const ok = await evaluateRule(rule.condition, rule.location);
    if (isUnknown(ok)) continue;
    if (typeof ok !== 'boolean') {
      throw new UserError(`Invalid validation condition for variable "${spec.name}": it must be true or false`, rule.location);
    }
    if (!ok) {
      const msg = await evaluateRule(rule.errorMessage, rule.location);
      const text = typeof msg === 'string' ? msg : containsUnknown(msg) ? '(message unknown)' : JSON.stringify(msg);
      throw new UserError(`Invalid value for variable "${spec.name}": ${text}`, rule.location);
    }
  }
}

export interface RootVariableSources {
  dir: string;
  varFiles?: string[];
  vars?: Record<string, string>;
  env?: Record<string, string | undefined>;
}

/**
 * Values for the root module's variables from every source, in precedence order; later sources
 * win. Undeclared names in files give warnings (as terraform does); an undeclared `-var` is an error.
 */
export async function rootGivenValues(
  specs: Map<string, VariableSpec>,
  src: RootVariableSources,
  evaluateConstant: EvaluateConstant,
  diagnostics: Diagnostic[],
): Promise<Map<string, GivenValue>> {
  const given = new Map<string, GivenValue>();

  for (const [k, text] of Object.entries(src.env ?? {})) {
    if (!k.startsWith('TF_VAR_') || text === undefined) continue;
    const name = k.slice('TF_VAR_'.length);
    const spec = specs.get(name);
    if (!spec) continue;
    given.set(name, { value: await rawVariableValue(spec, text, undefined, evaluateConstant), from: k });
  }

  const auto: string[] = [];
  let names: string[] = [];
  try {
    names = (await readdir(src.dir)).sort();
  } catch {
    throw new UserError(`Root module directory not found: ${src.dir}`);
  }
  if (names.includes('terraform.tfvars')) auto.push(join(src.dir, 'terraform.tfvars'));
  if (names.includes('terraform.tfvars.json')) auto.push(join(src.dir, 'terraform.tfvars.json'));
  for (const n of names) if (n.endsWith('.auto.tfvars') || n.endsWith('.auto.tfvars.json')) auto.push(join(src.dir, n));

  for (const file of [...auto, ...(src.varFiles ?? []).map((f) => varFilePath(f, src.dir))]) {
    for (const [name, entry] of Object.entries(await readVarFile(file, evaluateConstant))) {
      if (!specs.has(name)) {
        diagnostics.push({
          severity: 'warning',
          message: `Value for undeclared variable "${name}" in ${basename(file)}: the root module does not declare it, so it is ignored`,
          location: entry.location,
        });
        continue;
      }
      given.set(name, { ...entry, from: file });
    }
  }

  for (const [name, text] of Object.entries(src.vars ?? {})) {
    const spec = specs.get(name);
    if (!spec) throw new UserError(`Value for undeclared variable "${name}" given with -var: the root module does not declare it`);
    given.set(name, { value: await rawVariableValue(spec, text, undefined, evaluateConstant), from: `-var ${name}` });
  }
  return given;
}

/**
 * A -var-file path as given (relative to the working directory), or, when nothing is there,
 * relative to the root module — what `terraform -chdir=<dir> plan -var-file=envs/x.tfvars` reads.
 */
function varFilePath(file: string, dir: string): string {
  const asGiven = resolve(file);
  if (existsSync(asGiven) || isAbsolute(file)) return asGiven;
  const inRoot = resolve(dir, file);
  return existsSync(inRoot) ? inRoot : asGiven;
}

/**
 * A `-var` or `TF_VAR_` text: taken literally for a primitive type or when no type is declared,
 * parsed as an HCL expression otherwise, `any` included (terraform's decodeVariableType).
 */
export async function rawVariableValue(
  spec: VariableSpec,
  text: string,
  location: SourceLocation | undefined,
  evaluateConstant: EvaluateConstant,
): Promise<Value> {
  if (isPrimitive(spec.type) || !spec.typeDeclared) return text;
  let body: Record<string, unknown>;
  try {
    body = await (await hcl2json()).parse('value.tfvars', `value = ${text}\n`);
  } catch (e) {
    throw new UserError(`Invalid expression for variable "${spec.name}": ${cleanParserMessage(String((e as Error).message))}`, location);
  }
  return evaluateConstant(body.value, location ?? spec.location);
}

/** Read a .tfvars (HCL) or .tfvars.json file: each top-level attribute evaluated, with its line. */
export async function readVarFile(
  file: string,
  evaluateConstant: EvaluateConstant,
): Promise<Record<string, { value: Value; location: SourceLocation }>> {
  const parsed = await parseTfvarsFile(file);
  const out: Record<string, { value: Value; location: SourceLocation }> = {};
  for (const [k, raw] of Object.entries(parsed.values)) {
    const location = parsed.locations[k] ?? { file, line: 1 };
    out[k] = { value: await evaluateConstant(raw, location), location };
  }
  return out;
}

function cleanParserMessage(msg: string): string {
  return msg.replace(/^parse config: \[?/, '').replace(/\]$/, '');
}
