/**
 * One module directory's configuration: its `.tf` files parsed and sorted into declarations
 * (variables, locals, resources, data sources, module calls, outputs, providers, terraform
 * settings), each with the raw hcl2json body and its source positions.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import type { Diagnostic, SourceLocation } from '../../model/resource.js';
import { parseHclFile, type BlockInfo, type ParsedFile } from './parse.js';
import { checkConfigShape, lineOfArgument, unsupportedArgument } from './shape.js';

export type RawBody = Record<string, unknown>;

export interface Declaration {
  /** Graph key: `var.x`, `local.x`, `aws_instance.a`, `data.aws_region.r`, `module.m`, `output.o`, `provider.aws` */
  key: string;
  location: SourceLocation;
}

export interface VariableDecl extends Declaration {
  name: string;
  body: RawBody;
  block?: BlockInfo;
}

export interface LocalDecl extends Declaration {
  name: string;
  raw: unknown;
}

export interface ResourceDecl extends Declaration {
  /** `ephemeral` resources (terraform >= 1.10) are evaluated for what reads them, never planned. */
  mode: 'managed' | 'data' | 'ephemeral';
  type: string;
  name: string;
  body: RawBody;
  block?: BlockInfo;
}

export interface ModuleCallDecl extends Declaration {
  name: string;
  source: string;
  body: RawBody;
  block?: BlockInfo;
}

export interface OutputDecl extends Declaration {
  name: string;
  body: RawBody;
  block?: BlockInfo;
}

export interface ProviderDecl extends Declaration {
  /** `aws` or `aws.alias` */
  name: string;
  type: string;
  body: RawBody;
  block?: BlockInfo;
}

export interface TerraformSettings {
  requiredVersion?: string;
  requiredProviders: Record<string, { source?: string; version?: string }>;
  backend?: { type: string; body: RawBody; location: SourceLocation };
}

export interface ModuleConfig {
  dir: string;
  files: ParsedFile[];
  variables: Map<string, VariableDecl>;
  locals: Map<string, LocalDecl>;
  /** Keyed `TYPE.NAME` for managed resources, `data.TYPE.NAME` for data sources. */
  resources: Map<string, ResourceDecl>;
  modules: Map<string, ModuleCallDecl>;
  outputs: Map<string, OutputDecl>;
  providers: Map<string, ProviderDecl>;
  terraform: TerraformSettings;
  diagnostics: Diagnostic[];
}

/** Blocks terraform accepts at the top level that do not change what is planned here. */
const IGNORED_TOP_LEVEL = new Set(['moved', 'import', 'removed', 'check']);

/** Read and parse every `.tf` file of a module directory (memoised per directory for one load). */
export function loadModuleConfig(dir: string, memo: Map<string, Promise<ModuleConfig>>): Promise<ModuleConfig> {
  let p = memo.get(dir);
  if (!p) {
    p = readModuleConfig(dir);
    memo.set(dir, p);
  }
  return p;
}

async function readModuleConfig(dir: string): Promise<ModuleConfig> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    throw new UserError(`Module directory not found: ${dir}`);
  }
  const diagnostics: Diagnostic[] = [];
  const tfFiles = names.filter((n) => n.endsWith('.tf'));
  for (const n of names.filter((x) => x.endsWith('.tf.json'))) {
    diagnostics.push({ severity: 'warning', message: `JSON configuration file ${n} is not evaluated`, location: { file: join(dir, n), line: 1 } });
  }
  const overrides = tfFiles.filter((n) => n === 'override.tf' || n.endsWith('_override.tf'));
  for (const n of overrides) {
    diagnostics.push({ severity: 'warning', message: `override file ${n} is not applied by the static evaluator`, location: { file: join(dir, n), line: 1 } });
  }
  const files = await Promise.all(tfFiles.filter((n) => !overrides.includes(n)).map((n) => parseHclFile(join(dir, n))));
  const config: ModuleConfig = {
    dir,
    files,
    variables: new Map(),
    locals: new Map(),
    resources: new Map(),
    modules: new Map(),
    outputs: new Map(),
    providers: new Map(),
    terraform: { requiredProviders: {} },
    diagnostics,
  };
  for (const f of files) checkConfigShape(f);
  for (const f of files) collect(config, f);
  return config;
}

function collect(c: ModuleConfig, f: ParsedFile): void {
  const body = f.body as Record<string, any>;
  const at = (b: BlockInfo | undefined): SourceLocation => b?.location ?? { file: f.path, line: 1 };
  const blocksOf = (type: string) => f.blocks.filter((b) => b.type === type);
  const duplicate = (what: string, name: string, first: SourceLocation, loc: SourceLocation): never => {
    throw new UserError(`Duplicate ${what} "${name}": it was already declared at ${first.file}:${first.line}`, loc);
  };

  for (const [name, list] of Object.entries<any[]>(body.variable ?? {})) {
    const block = blocksOf('variable').find((b) => b.labels[0] === name);
    const d: VariableDecl = { key: `var.${name}`, name, body: list[0] ?? {}, block, location: at(block) };
    const prev = c.variables.get(name);
    if (prev) duplicate('variable', name, prev.location, d.location);
    c.variables.set(name, d);
  }

  const localBlocks = blocksOf('locals');
  if (body.locals !== undefined && (!Array.isArray(body.locals) || body.locals.some((g: unknown) => !g || typeof g !== 'object' || Array.isArray(g)))) {
    // `locals = …` as an argument, where the positions parser could not say so (checkConfigShape).
    throw unsupportedArgument('locals', { file: f.path, line: lineOfArgument(f.text, 'locals') }, true);
  }
  (body.locals ?? []).forEach((group: Record<string, unknown>, i: number) => {
    const block = localBlocks[i];
    for (const [name, raw] of Object.entries(group)) {
      const location = block?.attributes[name] ?? at(block);
      const prev = c.locals.get(name);
      if (prev) duplicate('local value', name, prev.location, location);
      c.locals.set(name, { key: `local.${name}`, name, raw, location });
    }
  });

  for (const mode of ['resource', 'data', 'ephemeral'] as const) {
    for (const [type, byName] of Object.entries<Record<string, any[]>>(body[mode] ?? {})) {
      for (const [name, list] of Object.entries(byName)) {
        const block = blocksOf(mode).find((b) => b.labels[0] === type && b.labels[1] === name);
        const key = mode === 'resource' ? `${type}.${name}` : `${mode}.${type}.${name}`;
        const d: ResourceDecl = {
          key,
          mode: mode === 'resource' ? 'managed' : mode,
          type,
          name,
          body: list[0] ?? {},
          block,
          location: at(block),
        };
        const prev = c.resources.get(key);
        if (prev) duplicate(mode === 'data' ? 'data source' : mode === 'ephemeral' ? 'ephemeral resource' : 'resource', `${type}.${name}`, prev.location, d.location);
        c.resources.set(key, d);
      }
    }
  }

  for (const [name, list] of Object.entries<any[]>(body.module ?? {})) {
    const block = blocksOf('module').find((b) => b.labels[0] === name);
    const mbody = list[0] ?? {};
    const location = at(block);
    if (typeof mbody.source !== 'string' || mbody.source.includes('${')) {
      throw new UserError(`Module "${name}" needs a literal "source" argument`, block?.attributes.source ?? location);
    }
    const prev = c.modules.get(name);
    if (prev) duplicate('module call', name, prev.location, location);
    c.modules.set(name, { key: `module.${name}`, name, source: mbody.source, body: mbody, block, location });
  }

  for (const [name, list] of Object.entries<any[]>(body.output ?? {})) {
    const block = blocksOf('output').find((b) => b.labels[0] === name);
    const d: OutputDecl = { key: `output.${name}`, name, body: list[0] ?? {}, block, location: at(block) };
    const prev = c.outputs.get(name);
    if (prev) duplicate('output', name, prev.location, d.location);
    c.outputs.set(name, d);
  }

  const providerBlocks = blocksOf('provider');
  const seen = new Map<string, number>();
  for (const [type, list] of Object.entries<any[]>(body.provider ?? {})) {
    list.forEach((pbody: RawBody) => {
      const nth = seen.get(type) ?? 0;
      seen.set(type, nth + 1);
      const block = providerBlocks.filter((b) => b.labels[0] === type)[nth];
      const alias = typeof pbody.alias === 'string' ? pbody.alias : undefined;
      const name = alias ? `${type}.${alias}` : type;
      const location = at(block);
      const prev = c.providers.get(name);
      if (prev) duplicate('provider configuration', name, prev.location, location);
      c.providers.set(name, { key: `provider.${name}`, name, type, body: pbody, block, location });
    });
  }

  const tfBlocks = blocksOf('terraform');
  (body.terraform ?? []).forEach((tb: Record<string, any>, i: number) => {
    const block = tfBlocks[i];
    if (typeof tb.required_version === 'string') c.terraform.requiredVersion = tb.required_version;
    for (const rp of tb.required_providers ?? []) {
      for (const [name, spec] of Object.entries<any>(rp)) {
        c.terraform.requiredProviders[name] =
          typeof spec === 'string' ? { version: spec } : { source: spec?.source, version: spec?.version };
      }
    }
    for (const [type, list] of Object.entries<any[]>(tb.backend ?? {})) {
      const bblock = block?.children.find((b) => b.type === 'backend');
      c.terraform.backend = { type, body: list[0] ?? {}, location: bblock?.location ?? at(block) };
    }
    if (tb.cloud) {
      const cblock = block?.children.find((b) => b.type === 'cloud');
      c.terraform.backend = { type: 'cloud', body: tb.cloud[0] ?? {}, location: cblock?.location ?? at(block) };
    }
  });

  for (const key of Object.keys(body)) {
    if (IGNORED_TOP_LEVEL.has(key)) continue;
    if (!['variable', 'locals', 'resource', 'data', 'ephemeral', 'module', 'output', 'provider', 'terraform'].includes(key)) {
      const block = f.blocks.find((b) => b.type === key);
      throw new UserError(`Unsupported block type "${key}"`, at(block));
    }
  }
}
