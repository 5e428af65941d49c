/**
 * Evaluation of one module instance (the root module, or one instance of a module call): its
 * declarations evaluated on demand in dependency order, with count/for_each expansion, dynamic
 * blocks, child modules (local sources evaluated recursively, others reported) and the resources
 * it contributes to the model.
 *
 * As in terraform's graph, a module call is not one node: each input variable and each output of
 * each instance is its own node, so `module.a` may read `module.b.x` while `module.b` reads
 * `module.a.y`. Before an expression is evaluated, every declaration its traversals name is
 * evaluated first (Scope.lookup is synchronous); a declaration met again while it is being
 * evaluated is a cycle, reported with the members and their files:lines.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import { describeUnknownInstances, type Diagnostic, type ProviderConfig, type Resource, type SourceLocation, type UnevaluatedModule, type UnknownInstances } from '../../model/resource.js';
import { isObjectValue, isUnknown, Unknown, type ObjectValue, type Value } from '../../model/value.js';
import { loadModuleConfig, type ModuleCallDecl, type ModuleConfig, type OutputDecl, type ProviderDecl, type RawBody, type ResourceDecl } from './config.js';
import { configAddress } from '../../model/query.js';
import { stripAttribute } from '../../model/refs.js';
import { traversalsOf, type Traversal } from './config-refs.js';
import { dataSourceValues, readDuringApply } from './data-sources.js';
import { factFor, type DataFacts } from './data-facts.js';
import { evaluate } from './expr.js';
import { unknownsIn } from './expr-values.js';
import type { FunctionContext, TfFunction } from './functions/index.js';
import { compareStrings, iterationEntries, parseNumberString, sortedKeys } from './functions/helpers.js';
import { buildResource, resourceObject, type EvaluatedBody } from './model.js';
import type { BlockInfo } from './parse.js';
import { childScope, withResourceOrigin, type Scope } from './scope.js';
import { finalValue, validate, variableSpec, type GivenValue, type VariableSpec } from './variables.js';

export interface LoadContext {
  rootDir: string;
  workspace: string;
  accountId?: string;
  availabilityZones?: string[];
  /** Data source results given instead of AWS (HclLoadOptions.dataFacts), and the keys used. */
  dataFacts?: DataFacts;
  usedFacts: Set<string>;
  shapeValues?: (resourceType: string, mode: 'managed' | 'data', values: ObjectValue) => ObjectValue;
  functions: Record<string, TfFunction>;
  functionContext: FunctionContext;
  configs: Map<string, Promise<ModuleConfig>>;
  specs: Map<ModuleConfig, Promise<Map<string, VariableSpec>>>;
  resources: Resource[];
  providers: ProviderConfig[];
  diagnostics: Diagnostic[];
  unevaluatedModules: UnevaluatedModule[];
  /** Evaluated provider configurations by module-independent name (root: `aws`, `aws.use1`). */
  providerValues: Map<string, ObjectValue>;
  /** `hashicorp/aws` etc. by provider local name, from required_providers of every module seen. */
  providerSources: Map<string, string>;
  /** Installed module directories by modules.json key (read on first use). */
  installedModules?: Map<string, string>;
  /** Declarations being evaluated, outermost first (for cycle reports). */
  inProgress: { id: string; location: SourceLocation }[];
}

interface GraphNode {
  location: SourceLocation;
  /** What to evaluate first (raw expressions whose traversals name other declarations). */
  raw: unknown;
  /** Extra dependencies by graph key. */
  extra?: string[];
  eval: () => Promise<void>;
}

/** A nested block of a body before expansion: written out, or a `dynamic` block. */
interface NestedSource {
  dynamic: boolean;
  raw: RawBody;
  info?: BlockInfo;
  /** Source line, for keeping static and dynamic blocks of one type in written order. */
  order: number;
}

/** One instance of a module call (its variables read the caller's arguments on demand). */
interface ChildInstance {
  key: InstanceKey;
  instance: ModuleInstance;
}

/** Arguments of a resource or data block that are terraform's, not the provider's. */
const RESOURCE_META = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle', 'provisioner', 'connection']);
const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

/** An instance key: none, a count index, or a for_each key with its value. */
type InstanceKey =
  | { kind: 'single' }
  | { kind: 'count'; index: number }
  | { kind: 'each'; key: string; value: Value }
  /** count/for_each not known before apply: one instance stands for all (`[*]`), its key unknown. */
  | { kind: 'unknown'; expansion: UnknownInstances; unknown: Unknown };

export function constantScope(ctx: LoadContext): Scope {
  return { lookup: () => undefined, functions: ctx.functions, functionContext: ctx.functionContext };
}

export async function variableSpecs(ctx: LoadContext, config: ModuleConfig): Promise<Map<string, VariableSpec>> {
  let p = ctx.specs.get(config);
  if (!p) {
    const scope = constantScope(ctx);
    p = (async () => {
      const out = new Map<string, VariableSpec>();
      for (const [name, decl] of config.variables) out.set(name, await variableSpec(decl, (raw, at) => evaluate(raw, scope, at)));
      return out;
    })();
    ctx.specs.set(config, p);
  }
  return p;
}

export class ModuleInstance {
  /** Evaluated values by graph key (`var.x`, `local.y`, `aws_instance.a`, `data.t.n`, `output.o`). */
  readonly values = new Map<string, Value>();
  /** Resolved reference targets by graph key (what a `var.x` or `local.y` ultimately points at). */
  readonly targets = new Map<string, string[]>();
  /** Graph keys whose values are sensitive (`var.password`, `local.dsn`, `output.secret`). */
  readonly sensitive = new Set<string>();
  readonly scope: Scope;
  readonly prefix: string;
  /** This instance's key in modules.json, with a trailing dot: '' for the root, `app.` for module.app["x"]. */
  readonly moduleKey: string;
  private readonly nodes = new Map<string, GraphNode>();
  /** Data sources of this instance read during apply (`data.aws_region.r`): see pendingDependency. */
  private readonly deferredData = new Set<string>();
  private readonly state = new Map<string, 'pending' | 'done'>();
  /** Expanded module calls by name: their instances, or Unknown when count/for_each is unknown. */
  private readonly children = new Map<string, ChildInstance[] | Unknown | 'remote'>();
  /** For a call whose count/for_each is unknown: the one instance standing for all (`module.m[*]`), evaluated but never read. */
  private readonly unknownChildren = new Map<string, ModuleInstance>();

  constructor(
    readonly ctx: LoadContext,
    readonly config: ModuleConfig,
    /** '' for root, `module.a["x"]` … */
    readonly address: string,
    private readonly specs: Map<string, VariableSpec>,
    /** Provider local name (`aws`, `aws.west`) → root configuration name. */
    readonly providerMap: Map<string, string>,
    /** Where each variable's value comes from: the caller's argument, or the root's sources. */
    private readonly given: (name: string) => Promise<GivenValue | undefined>,
    /** Set when this instance stands for a module call's unknown number of instances. */
    readonly expansion?: UnknownInstances,
    /** The real directories of the modules that call this one, the root's first (a call back into one is a cycle). */
    private readonly callerDirs: string[] = [],
    /**
     * Set when a module call above this instance has `depends_on` naming something with planned
     * changes: terraform then reads every data source inside during apply (its reason).
     */
    readonly deferReads?: string,
  ) {
    this.prefix = address ? `${address}.` : '';
    this.moduleKey = address
      .replace(/\[[^\]]*\]/g, '')
      .split('.')
      .filter((_, i) => i % 2 === 1)
      .map((p) => `${p}.`)
      .join('');
    const pathModule = relative(ctx.rootDir, config.dir) || '.';
    this.scope = {
      lookup: (parts) => this.lookup(parts, pathModule),
      functions: ctx.functions,
      functionContext: ctx.functionContext,
    };
    this.buildGraph();
  }

  private lookup(parts: string[], pathModule: string): { value: Value; consumed: number } | undefined {
    const [root, a, b] = parts;
    const get = (key: string, consumed: number) => {
      if (!this.values.has(key)) return undefined;
      return { value: this.values.get(key)!, consumed };
    };
    switch (root) {
      case 'var':
        return a === undefined ? undefined : get(`var.${a}`, 2);
      case 'local':
        return a === undefined ? undefined : get(`local.${a}`, 2);
      case 'module':
        return a === undefined || !this.children.has(a) ? undefined : { value: this.moduleValue(a), consumed: 2 };
      case 'data':
      case 'ephemeral':
        return a === undefined || b === undefined ? undefined : get(`${root}.${a}.${b}`, 3);
      case 'path':
        if (a === 'module') return { value: pathModule, consumed: 2 };
        if (a === 'root') return { value: '.', consumed: 2 };
        if (a === 'cwd') return { value: this.ctx.rootDir, consumed: 2 };
        return undefined;
      case 'terraform':
        return a === 'workspace' ? { value: this.ctx.workspace, consumed: 2 } : undefined;
      default:
        return root === undefined || a === undefined ? undefined : get(`${root}.${a}`, 2);
    }
  }

  /** `module.NAME` as an expression sees it: outputs evaluated so far, per instance. */
  private moduleValue(name: string): Value {
    const c = this.children.get(name)!;
    const configAddress = `${this.prefix}module.${name}`;
    if (c === 'remote') return withResourceOrigin({}, { address: configAddress });
    if (isUnknown(c)) return c;
    const objects = c.map(({ key, instance }) => ({ key, value: instance.outputValues() }));
    return collectInstances(this.config.modules.get(name)!.body, objects);
  }

  private outputValues(): ObjectValue {
    const out: ObjectValue = {};
    for (const o of this.config.outputs.values()) if (this.values.has(o.key)) out[o.name] = this.values.get(o.key)!;
    // No RESOURCE_ORIGIN: reading an output the module does not declare is an error, not unknown.
    return out;
  }

  private buildGraph(): void {
    const c = this.config;
    for (const [name, spec] of this.specs) {
      const decl = c.variables.get(name)!;
      this.nodes.set(`var.${name}`, {
        location: decl.location,
        raw: spec.validations.map((v) => [v.condition, v.errorMessage]),
        eval: () => this.evalVariable(name, spec),
      });
    }
    for (const l of c.locals.values()) this.nodes.set(l.key, { location: l.location, raw: l.raw, eval: () => this.evalLocal(l.key, l.raw, l.location) });
    for (const r of c.resources.values()) {
      const p = `provider.${this.localProviderName(r)}`;
      this.nodes.set(r.key, {
        location: r.location,
        raw: dependencyRaw(r.body),
        extra: c.providers.has(this.localProviderName(r)) ? [p] : [],
        eval: () => this.evalResource(r),
      });
    }
    for (const m of c.modules.values()) {
      this.nodes.set(m.key, {
        location: m.location,
        raw: { count: m.body.count, for_each: m.body.for_each },
        extra: [...c.providers.values()].map((p) => p.key),
        eval: () => this.expandModuleCall(m),
      });
    }
    for (const o of c.outputs.values()) {
      this.nodes.set(o.key, { location: o.location, raw: { value: o.body.value, depends_on: o.body.depends_on }, eval: () => this.evalOutput(o) });
    }
    for (const p of c.providers.values()) this.nodes.set(p.key, { location: p.location, raw: p.body, eval: () => this.evalProvider(p) });
  }

  /** Evaluate one declaration (and first what it depends on); a no-op when already done. */
  async ensure(key: string): Promise<void> {
    const st = this.state.get(key);
    if (st === 'done') return;
    const node = this.nodes.get(key);
    if (!node) return;
    const id = `${this.prefix}${key}`;
    if (st === 'pending') {
      const stack = this.ctx.inProgress;
      const cycle = stack.slice(stack.findIndex((e) => e.id === id));
      const where = cycle.map((e) => `${e.id} (${e.location.file}:${e.location.line})`);
      throw new UserError(`Cycle between ${where.join(' → ')} → ${id}`, node.location);
    }
    this.state.set(key, 'pending');
    this.ctx.inProgress.push({ id, location: node.location });
    // A variable's validation reads the variable itself.
    await this.ensureRaw(node.raw, key.startsWith('var.') ? key : undefined);
    for (const k of node.extra ?? []) await this.ensure(k);
    await node.eval();
    this.ctx.inProgress.pop();
    this.state.set(key, 'done');
  }

  /** Evaluate every declaration a raw expression names, in this module (and into child modules). */
  async ensureRaw(raw: unknown, self?: string): Promise<void> {
    for (const t of traversalsOf(raw)) {
      const [root, a] = t.parts;
      if (root === 'module' && a !== undefined && this.config.modules.has(a)) {
        await this.ensure(`module.${a}`);
        const c = this.children.get(a);
        if (!Array.isArray(c)) continue;
        const outputName = t.keyed.has(2) ? t.parts[3] : t.parts[2];
        for (const { instance } of c) {
          if (outputName !== undefined && instance.config.outputs.has(outputName)) await instance.ensure(`output.${outputName}`);
          else for (const o of instance.config.outputs.keys()) await instance.ensure(`output.${o}`);
        }
        continue;
      }
      const key = this.graphKey(t.parts);
      if (key && key !== self) await this.ensure(key);
    }
  }

  /** Evaluate everything in this module instance and in its child modules. */
  async evaluateAll(): Promise<void> {
    for (const key of this.nodes.keys()) await this.ensure(key);
    for (const c of this.children.values()) {
      if (Array.isArray(c)) for (const { instance } of c) await instance.evaluateAll();
    }
    for (const instance of this.unknownChildren.values()) await instance.evaluateAll();
  }

  private async evalVariable(name: string, spec: VariableSpec): Promise<void> {
    const given = await this.given(name);
    this.values.set(`var.${name}`, finalValue(spec, given, this.address));
    if (spec.sensitive || given?.sensitive) this.sensitive.add(`var.${name}`);
    await validate(spec, (raw, at) => evaluate(raw, this.scope, at));
  }

  private graphKey(parts: string[]): string | undefined {
    const [root, a, b] = parts;
    if (a === undefined) return undefined;
    switch (root) {
      case 'count':
      case 'each':
      case 'self':
      case 'path':
      case 'terraform':
        return undefined;
      case 'var':
      case 'local':
        return `${root}.${a}`;
      case 'module':
        return undefined;
      case 'data':
      case 'ephemeral':
        return b === undefined ? undefined : `${root}.${a}.${b}`;
      default:
        return `${root}.${a}`;
    }
  }

  /**
   * Reference targets of a raw value, resolved to full addresses: resources in this module (with
   * the instance key when it is written literally or can be computed in `scope`, e.g. `each.key`),
   * and through variables, locals and module outputs to the resources behind them.
   */
  async referenceTargets(raw: unknown, scope: Scope = this.scope, direct?: Set<string>): Promise<string[]> {
    const out = new Set<string>();
    for (const t of traversalsOf(raw)) {
      const [root, a, b] = t.parts;
      if (a === undefined) continue;
      if (root === 'var' || root === 'local') {
        for (const x of this.targets.get(`${root}.${a}`) ?? []) out.add(x);
      } else if (root === 'module') {
        const c = this.children.get(a);
        if (!Array.isArray(c)) continue;
        const key = t.keyed.has(2) ? t.parts[2] : t.parts.length === 2 ? await this.computedKey(t.computedKey, scope) : undefined;
        const outputName = t.keyed.has(2) ? t.parts[3] : b;
        for (const { key: k, instance } of c) {
          if (key !== undefined && String(k.kind === 'count' ? k.index : k.kind === 'each' ? k.key : '') !== String(key)) continue;
          for (const o of instance.config.outputs.keys()) {
            if (outputName !== undefined && instance.config.outputs.has(outputName) && o !== outputName) continue;
            for (const x of instance.targets.get(`output.${o}`) ?? []) out.add(x);
          }
        }
      } else if (root === 'data' && b !== undefined) {
        if (this.config.resources.has(`data.${a}.${b}`)) {
          const target = this.prefix + (await this.instanceAddress(t, 3, scope));
          out.add(target);
          direct?.add(target);
        }
      } else if (this.config.resources.has(`${root}.${a}`)) {
        const target = this.prefix + (await this.instanceAddress(t, 2, scope));
        out.add(target);
        direct?.add(target);
      }
    }
    return [...out];
  }

  /** `aws_instance.a` plus its key when written (`[0]`, `["k"]`) or computable (`[each.key]`). */
  private async instanceAddress(t: Traversal, at: number, scope: Scope): Promise<string> {
    const base = t.parts.slice(0, at).join('.');
    const body = this.config.resources.get(base)?.body;
    const suffix = (k: string | number) =>
      body?.count !== undefined ? `[${Number(k)}]` : body?.for_each !== undefined ? `[${JSON.stringify(String(k))}]` : '';
    if (t.keyed.has(at)) return base + suffix(t.parts[at]);
    if (t.parts.length === at) {
      const key = await this.computedKey(t.computedKey, scope);
      if (key !== undefined) return base + suffix(key);
    }
    return base;
  }

  /** The value of a computed instance key in `scope`, when it is a known string or number. */
  private async computedKey(text: string | undefined, scope: Scope): Promise<string | number | undefined> {
    if (text === undefined) return undefined;
    try {
      const v = await evaluate(`\${${text}}`, scope, { file: this.config.dir, line: 0 });
      return typeof v === 'string' || typeof v === 'number' ? v : undefined;
    } catch {
      // A for-expression variable or the like: the reference stays at the resource, all instances.
      return undefined;
    }
  }

  private async evalLocal(key: string, raw: unknown, at: SourceLocation): Promise<void> {
    this.values.set(key, await evaluate(raw, this.scope, at));
    this.targets.set(key, await this.referenceTargets(raw));
    if (this.readsSensitive(raw)) this.sensitive.add(key);
  }

  private async evalOutput(o: OutputDecl): Promise<void> {
    const at = o.block?.attributes.value ?? o.location;
    if (o.body.value === undefined) throw new UserError(`Output "${o.name}" has no "value" argument`, o.location);
    this.values.set(o.key, await evaluate(o.body.value, this.scope, at));
    this.targets.set(o.key, await this.referenceTargets(o.body.value));
    if (o.body.sensitive === true || this.readsSensitive(o.body.value)) this.sensitive.add(o.key);
  }

  outputs(): Record<string, { value: Value; sensitive: boolean }> {
    const out: Record<string, { value: Value; sensitive: boolean }> = {};
    for (const o of this.config.outputs.values()) {
      out[o.name] = { value: this.values.get(o.key) ?? null, sensitive: this.sensitive.has(o.key) };
    }
    return out;
  }

  private async evalProvider(p: ProviderDecl): Promise<void> {
    const ev = await this.evalBody(p.body, p.block, this.scope, '', new Set(['alias', 'version']), undefined);
    const rootName = this.address ? `${this.address}:${p.name}` : p.name;
    this.ctx.providerValues.set(rootName, ev.values);
    this.ctx.providers.push({ name: p.name, module: this.address, config: ev.values, location: p.location });
  }

  /** Where the evaluated configuration of a provider (by local name) is kept in the context. */
  private providerKey(localName: string): string {
    if (this.config.providers.has(localName)) return this.address ? `${this.address}:${localName}` : localName;
    return this.providerMap.get(localName) ?? localName;
  }

  /** The provider configuration (local name) a resource uses. */
  private localProviderName(r: ResourceDecl): string {
    const explicit = r.body.provider;
    if (typeof explicit === 'string') return explicit.replace(/^\$\{\s*|\s*\}$/g, '');
    return r.type === 'terraform_data' ? 'terraform' : r.type.split('_')[0];
  }

  /** Instance keys from count / for_each; undefined (with a diagnostic) when they are unknown. */
  private async expand(
    body: RawBody,
    block: BlockInfo | undefined,
    address: string,
    location: SourceLocation,
  ): Promise<InstanceKey[] | Unknown> {
    const hasCount = body.count !== undefined;
    const hasEach = body.for_each !== undefined;
    if (hasCount && hasEach) throw new UserError(`"count" and "for_each" cannot both be set`, location, address);
    if (hasCount) {
      const at = block?.attributes.count ?? location;
      let n = await evaluate(body.count, this.scope, at);
      if (isUnknown(n)) return this.unknownExpansion('count', n, address, at);
      // terraform converts a numeric string, as for any number argument
      if (typeof n === 'string' && parseNumberString(n.trim()) !== undefined) n = parseNumberString(n.trim())!;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
        throw new UserError(`Invalid count for ${address}: a whole number >= 0 is required, got ${JSON.stringify(n)}`, at, address);
      }
      return Array.from({ length: n }, (_, index) => ({ kind: 'count' as const, index }));
    }
    if (hasEach) {
      const at = block?.attributes.for_each ?? location;
      const v = await evaluate(body.for_each, this.scope, at);
      if (isUnknown(v)) return this.unknownExpansion('for_each', v, address, at);
      if (v === null) throw new UserError(`Invalid for_each for ${address}: the value is null`, at, address);
      if (isObjectValue(v)) return sortedKeys(v).map((key) => ({ kind: 'each' as const, key, value: v[key] }));
      if (Array.isArray(v)) {
        const listKind = this.evidentlyList(body.for_each);
        if (listKind) {
          throw new UserError(
            `Invalid for_each for ${address}: it must be a map, or a set of strings, and this is ${listKind}; convert it with toset(...)`,
            at,
            address,
          );
        }
        const unknownItem = v.find(isUnknown);
        if (unknownItem) return this.unknownExpansion('for_each', unknownItem as Unknown, address, at);
        if (!v.every((x) => typeof x === 'string')) {
          throw new UserError(`Invalid for_each for ${address}: a map, or a set of strings, is required`, at, address);
        }
        return [...new Set(v as string[])].sort(compareStrings).map((key) => ({ kind: 'each' as const, key, value: key }));
      }
      throw new UserError(`Invalid for_each for ${address}: a map, or a set of strings, is required, got ${JSON.stringify(v)}`, at, address);
    }
    return [{ kind: 'single' }];
  }

  /**
   * Sets are lists in the model, so a list cannot be told from a set by its value; but some
   * for_each expressions are evidently lists, which terraform rejects: a literal tuple, a `[for …]`
   * expression, or a variable declared as a list or tuple.
   */
  private evidentlyList(raw: unknown): string | undefined {
    if (Array.isArray(raw)) return 'a tuple';
    if (typeof raw !== 'string') return undefined;
    const text = raw.trim();
    if (/^\$\{\s*\[/.test(text) && text.endsWith('}')) return 'a tuple';
    const m = /^\$\{\s*var\.([A-Za-z_][\w-]*)\s*\}$/.exec(text);
    const kind = m ? this.specs.get(m[1])?.type.kind : undefined;
    return kind === 'list' || kind === 'tuple' ? `variable "${m![1]}", a ${kind}` : undefined;
  }

  private unknownExpansion(what: 'count' | 'for_each', v: Unknown, address: string, at: SourceLocation): Unknown {
    const dependsOn = [...new Set(v.origins.map((o) => (o.attribute ? `${o.address}.${o.attribute}` : o.address)))];
    const expansion: UnknownInstances = { by: what, of: address, dependsOn, location: at };
    const stands = what === 'count' ? 'count.index' : 'each.key and each.value';
    this.ctx.diagnostics.push({
      severity: 'warning',
      message: `${address}[*]: ${describeUnknownInstances(expansion)}; it is evaluated once for all its instances, with ${stands} unknown, and checked as such (give the values it depends on: --var, --data-file)`,
      location: at,
      address: `${address}[*]`,
    });
    const u = new Unknown(`${what} of ${address} is not known before apply`, v.origins);
    expansionOf.set(u, expansion);
    return u;
  }

  /** The one instance key standing for an unknown count/for_each. */
  private unknownKey(u: Unknown, address: string): InstanceKey {
    const expansion = expansionOf.get(u) ?? { by: 'count' as const, of: address, dependsOn: [] };
    return { kind: 'unknown', expansion, unknown: u };
  }

  private async evalResource(r: ResourceDecl): Promise<void> {
    const configAddress = `${this.prefix}${r.mode === 'managed' ? '' : `${r.mode}.`}${r.type}.${r.name}`;
    const expanded = await this.expand(r.body, r.block, configAddress, r.location);
    // An unknown count/for_each: one instance for all, its key unknown; reads of the resource stay unknown.
    const keys = isUnknown(expanded) ? [this.unknownKey(expanded, configAddress)] : expanded;
    const providerName = this.localProviderName(r);
    const providerConfig = this.ctx.providerValues.get(this.providerKey(providerName));
    const instances: { key: InstanceKey; value: ObjectValue }[] = [];
    for (const key of keys) {
      const address = configAddress + instanceSuffix(key);
      const scope = instanceScope(this.scope, key);
      const ev = await this.evalBody(r.body, r.block, scope, '', RESOURCE_META, address);
      let values = ev.values;
      if (r.mode === 'ephemeral') {
        // Opened during plan and apply, never stored: what it yields is unknown here.
        instances.push({ key, value: withResourceOrigin({ ...values }, { address }) });
        continue;
      }
      if (r.mode === 'data') {
        const deferred = this.deferReads ?? this.pendingDependency(r.body.depends_on, configAddress);
        if (deferred) {
          values = readDuringApply(r.type, values, address, deferred);
          this.deferredData.add(r.key);
        } else {
          values = dataSourceValues(r.type, values, address, this.ctx, providerConfig);
          const fact = factFor(this.ctx.dataFacts, address, this.ctx.usedFacts);
          if (fact) values = { ...values, ...fact };
        }
      }
      const resource = buildResource({
        ctx: this.ctx,
        decl: { ...r, mode: r.mode },
        module: this.address,
        address,
        index: key.kind === 'count' ? key.index : key.kind === 'each' ? key.key : undefined,
        unknownInstances: key.kind === 'unknown' ? key.expansion : this.expansion,
        values,
        evaluated: ev,
        providerName,
        providerConfig,
        readsSensitive: (raw) => this.readsSensitive(raw),
      });
      this.ctx.resources.push(resource);
      instances.push({ key, value: withResourceOrigin(resourceObject(r.type, r.mode, resource.values, address), { address }) });
    }
    this.values.set(r.key, isUnknown(expanded) ? expanded : collectInstances(r.body, instances));
  }

  /**
   * What in a `depends_on` list has changes in this plan, so that a data source depending on it
   * (directly, or through its module call) is read during apply, not during plan (terraform:
   * "read_because_dependency_pending"). A plan here has no prior state, so every managed resource
   * and every module is taken to change; a data source only when its own read is deferred (or not
   * evaluated yet, which cannot be told apart here).
   */
  private pendingDependency(raw: unknown, of: string): string | undefined {
    if (raw === undefined) return undefined;
    for (const t of traversalsOf(raw)) {
      const [root, a, b] = t.parts;
      if (root === undefined || a === undefined) continue;
      if (root === 'module') return `${of} depends on module.${a}`;
      if (root === 'data') {
        if (b === undefined) continue;
        const key = `data.${a}.${b}`;
        if (this.deferredData.has(key) || this.state.get(key) !== 'done') return `${of} depends on ${this.prefix}${key}, read during apply`;
        continue;
      }
      if (this.config.resources.has(`${root}.${a}`)) return `${of} depends on ${this.prefix}${root}.${a}`;
    }
    return undefined;
  }

  private anyChildSensitive(): boolean {
    for (const c of this.children.values()) {
      if (Array.isArray(c) && c.some(({ instance }) => instance.sensitive.size > 0)) return true;
    }
    return false;
  }

  /**
   * Terraform's sensitivity marks follow values: a variable declared sensitive, or given a
   * sensitive value by its caller; a local or output computed from one; a module output declared
   * sensitive.
   */
  readsSensitive(raw: unknown): boolean {
    if (this.sensitive.size === 0 && !this.anyChildSensitive()) return false;
    for (const t of traversalsOf(raw)) {
      const [root, a] = t.parts;
      if (a === undefined) continue;
      if ((root === 'var' || root === 'local') && this.sensitive.has(`${root}.${a}`)) return true;
      if (root === 'module') {
        const c = this.children.get(a);
        if (!Array.isArray(c)) continue;
        const outputName = t.keyed.has(2) ? t.parts[3] : t.parts[2];
        for (const { instance } of c) {
          for (const o of instance.config.outputs.keys()) {
            if (outputName !== undefined && instance.config.outputs.has(outputName) && o !== outputName) continue;
            if (instance.sensitive.has(`output.${o}`)) return true;
          }
        }
      }
    }
    return false;
  }


  /**
   * Evaluate a block body: attributes, nested blocks (lists of objects, as in plans) and dynamic
   * blocks, recording each attribute's location and references under its path.
   */
  async evalBody(
    raw: RawBody,
    block: BlockInfo | undefined,
    scope: Scope,
    path: string,
    skip: Set<string>,
    address: string | undefined,
    into?: EvaluatedBody,
  ): Promise<EvaluatedBody> {
    const ev: EvaluatedBody = into ?? { values: {}, locations: {}, references: [], rawByPath: {} };
    const values: ObjectValue = {};
    const blockTypes = new Set(block?.children.map((b) => b.type) ?? []);
    // Nested blocks by type, static and dynamic together in source order (as terraform expands them).
    const groups = new Map<string, NestedSource[]>();
    const group = (name: string) => groups.get(name) ?? groups.set(name, []).get(name)!;
    for (const [name, value] of Object.entries(raw)) {
      if (path === '' && skip.has(name)) continue;
      const attrAt = block?.attributes[name];
      if (name === 'dynamic' && !attrAt) {
        for (const [type, list] of Object.entries((value ?? {}) as Record<string, RawBody[]>)) {
          const infos = block?.children.filter((b) => b.type === 'dynamic' && b.labels[0] === type) ?? [];
          list.forEach((d, i) => group(type).push({ dynamic: true, raw: d, info: infos[i], order: infos[i]?.location.line ?? Infinity }));
        }
        continue;
      }
      if (!attrAt && (blockTypes.has(name) || (block === undefined && isBlockList(value)))) {
        const infos = block?.children.filter((b) => b.type === name) ?? [];
        (value as RawBody[]).forEach((item, i) => group(name).push({ dynamic: false, raw: item, info: infos[i], order: infos[i]?.location.line ?? i }));
        continue;
      }
      const at = attrAt ?? block?.location ?? { file: this.config.dir, line: 0 };
      const v = await evaluate(value, scope, at);
      values[name] = v;
      ev.locations[`${path}${name}`] = at;
      ev.rawByPath[`${path}${name}`] = value;
      const direct = new Set<string>();
      const scanned = await this.referenceTargets(value, scope, direct);
      for (const target of preciseTargets(scanned, direct, v)) ev.references.push({ attribute: `${path}${name}`, target });
    }
    // The keys of object literals written in this body, at their own lines (a finding on
    // `variables.PUSHER_SECRET` points at that key, not at `variables = {`).
    for (const [k, at] of Object.entries(block?.keys ?? {})) {
      if (Object.hasOwn(values, k.slice(0, k.indexOf('.')))) ev.locations[`${path}${k}`] = at;
    }
    for (const [name, sources] of groups) {
      sources.sort((a, b) => a.order - b.order);
      let list: Value[] | Unknown = [];
      for (const src of sources) {
        if (isUnknown(list)) break;
        const emit = async (body: RawBody, info: BlockInfo | undefined, s: Scope, fallback: SourceLocation | undefined) => {
          const items = list as Value[];
          const p = `${path}${name}.${items.length}`;
          const sub = await this.evalBody(body, info, s, `${p}.`, skip, address, { ...ev, values: {} });
          ev.locations[p] = info?.location ?? fallback ?? block?.location ?? { file: this.config.dir, line: 0 };
          items.push(address ? withResourceOrigin(sub.values, { address, attribute: p }) : sub.values);
        };
        if (!src.dynamic) await emit(src.raw, src.info, scope, undefined);
        else list = await this.expandDynamic(name, src.raw, src.info, block, scope, path, address, ev, emit, list);
      }
      values[name] = list;
    }
    ev.values = values;
    return ev;
  }

  /** One `dynamic "name"` block: one content block per element of its for_each. */
  private async expandDynamic(
    name: string,
    d: RawBody,
    dblock: BlockInfo | undefined,
    block: BlockInfo | undefined,
    scope: Scope,
    path: string,
    address: string | undefined,
    ev: EvaluatedBody,
    emit: (body: RawBody, info: BlockInfo | undefined, s: Scope, fallback: SourceLocation | undefined) => Promise<void>,
    list: Value[],
  ): Promise<Value[] | Unknown> {
    const at = dblock?.attributes.for_each ?? dblock?.location ?? block?.location ?? { file: this.config.dir, line: 0 };
    if (d.for_each === undefined) throw new UserError(`dynamic "${name}" block needs a "for_each" argument`, dblock?.location ?? at);
    const content = (d.content as RawBody[] | undefined)?.[0];
    if (!content) throw new UserError(`dynamic "${name}" block needs a "content" block`, dblock?.location ?? at);
    const iterator = typeof d.iterator === 'string' ? d.iterator.replace(/^\$\{\s*|\s*\}$/g, '') : name;
    const collection = await evaluate(d.for_each, scope, at);
    const direct = new Set<string>();
    const scanned = await this.referenceTargets(d.for_each, scope, direct);
    for (const target of preciseTargets(scanned, direct, collection)) ev.references.push({ attribute: `${path}${name}`, target });
    if (isUnknown(collection)) {
      this.ctx.diagnostics.push({
        severity: 'info',
        message: `The for_each of dynamic "${name}" is not known before apply; the "${name}" blocks are unknown`,
        location: at,
        address,
      });
      return new Unknown(`the dynamic "${name}" blocks depend on a value not known before apply`, collection.origins);
    }
    if (!Array.isArray(collection) && !isObjectValue(collection)) {
      throw new UserError(`dynamic "${name}": for_each must be a collection, got ${JSON.stringify(collection)}`, at, address);
    }
    const items: [Value, Value][] = Array.isArray(collection)
      ? iterationEntries(collection)
      : sortedKeys(collection).map((k) => [k, collection[k]]);
    const contentBlock = dblock?.children.find((b) => b.type === 'content');
    for (const [key, value] of items) await emit(content, contentBlock, childScope(scope, { [iterator]: { key, value } }), dblock?.location ?? at);
    return list;
  }

  /** Expand a module call into its instances (their variables and outputs evaluate on demand). */
  private async expandModuleCall(m: ModuleCallDecl): Promise<void> {
    const configAddress = `${this.prefix}module.${m.name}`;
    const local = m.source.startsWith('./') || m.source.startsWith('../');
    // A registry or remote module is evaluated from where `terraform init` put it.
    const installed = local ? undefined : installedModuleDir(this.ctx, `${this.moduleKey}${m.name}`);
    if (!local && !installed) {
      this.ctx.unevaluatedModules.push({
        address: configAddress,
        source: m.source,
        reason: `not installed: .terraform/modules/modules.json (written by terraform init) does not list module key "${this.moduleKey}${m.name}"`,
      });
      this.ctx.diagnostics.push({
        severity: 'warning',
        message: `Module ${configAddress} (source "${m.source}") is not evaluated: it is not installed (run terraform init in ${this.ctx.rootDir}, which records it in .terraform/modules/modules.json). Its resources are missing from the model, so no rule or reachability check sees them, and every read of its outputs is unknown`,
        location: m.block?.attributes.source ?? m.location,
        address: configAddress,
      });
      this.children.set(m.name, 'remote');
      return;
    }
    const expanded = await this.expand(m.body, m.block, configAddress, m.location);
    const keys = isUnknown(expanded) ? [this.unknownKey(expanded, configAddress)] : expanded;
    const dir = installed ?? resolve(this.config.dir, m.source);
    const sourceAt = m.block?.attributes.source ?? m.location;
    const callerDirs = [...this.callerDirs, realDirectory(this.config.dir) ?? this.config.dir];
    const real = realDirectory(dir);
    if (real === 'loop') throw new UserError(`Module "${m.name}": source "${m.source}" is a loop of symbolic links (${dir})`, sourceAt, configAddress);
    if (real === undefined || !existsSync(dir)) {
      throw new UserError(`Module "${m.name}": source "${m.source}" is not a directory (${dir})`, sourceAt, configAddress);
    }
    if (callerDirs.includes(real)) {
      // terraform init recurses without end on such a call (hashicorp/terraform#31557, #22648).
      const caller = real === callerDirs[callerDirs.length - 1] ? 'the module that holds this call' : `a module calling this one (${relative(this.ctx.rootDir, real) || '.'})`;
      throw new UserError(`Module "${m.name}": source "${m.source}" is ${caller}: a module cannot call itself, directly or through other modules`, sourceAt, configAddress);
    }
    const config = await loadModuleConfig(dir, this.ctx.configs);
    const specs = await variableSpecs(this.ctx, config);
    this.ctx.diagnostics.push(...config.diagnostics.filter((d) => !this.ctx.diagnostics.includes(d)));
    for (const [name, p] of Object.entries(config.terraform.requiredProviders)) {
      if (p.source && !this.ctx.providerSources.has(name)) this.ctx.providerSources.set(name, p.source);
    }
    for (const name of Object.keys(m.body)) {
      if (MODULE_META.has(name)) continue;
      if (!specs.has(name)) {
        throw new UserError(
          `Unsupported argument "${name}" for module "${m.name}": ${relative(this.ctx.rootDir, config.dir) || '.'} declares no variable "${name}"`,
          m.block?.attributes[name] ?? m.location,
          configAddress,
        );
      }
    }
    const providerMap = this.childProviders(m);
    const deferReads = this.deferReads ?? this.pendingDependency(m.body.depends_on, `module.${m.name}`);
    const instances: ChildInstance[] = keys.map((key) => {
      const address = configAddress + instanceSuffix(key);
      const scope = instanceScope(this.scope, key);
      const given = async (name: string): Promise<GivenValue | undefined> => {
        if (!Object.prototype.hasOwnProperty.call(m.body, name) || MODULE_META.has(name)) return undefined;
        const raw = m.body[name];
        const at = m.block?.attributes[name] ?? m.location;
        await this.ensureRaw(raw);
        const value = await evaluate(raw, scope, at);
        instance.targets.set(`var.${name}`, await this.referenceTargets(raw, scope));
        return { value, location: at, from: `module "${m.name}" argument`, sensitive: this.readsSensitive(raw) };
      };
      const expansion = key.kind === 'unknown' ? key.expansion : this.expansion;
      const instance: ModuleInstance = new ModuleInstance(this.ctx, config, address, specs, providerMap, given, expansion, callerDirs, deferReads);
      return { key, instance };
    });
    if (isUnknown(expanded)) {
      // Its resources are in the model (`module.m[*].…`); what reads the module sees an unknown.
      this.children.set(m.name, expanded);
      this.unknownChildren.set(m.name, instances[0]!.instance);
    } else this.children.set(m.name, instances);
  }

  /** The provider configurations a child module sees: passed explicitly, else inherited by name. */
  private childProviders(m: ModuleCallDecl): Map<string, string> {
    const map = new Map(this.providerMap);
    for (const name of this.config.providers.keys()) map.set(name, this.address ? `${this.address}:${name}` : name);
    const passed = m.body.providers;
    if (passed && typeof passed === 'object') {
      for (const [childName, raw] of Object.entries(passed as Record<string, unknown>)) {
        const parentName = String(raw).replace(/^\$\{\s*|\s*\}$/g, '');
        map.set(childName.replace(/^\$\{\s*|\s*\}$/g, ''), map.get(parentName) ?? parentName);
      }
    }
    return map;
  }
}

/**
 * Reference targets of an attribute: the scanned ones, made precise by the origins of the unknowns
 * in its value (`aws_subnet.private[var.az].id` scans as `aws_subnet.private`, but its unknown id
 * names the instance `aws_subnet.private["a"]`). A value that is unknown as a whole comes from its
 * origins and the resources its expression names (`direct`); what a variable, local or module
 * output read on the way for a known condition or key is no target
 * (`contains(keys(local.cidrs), p) ? null : aws_security_group.this[p].id` refers to the security
 * group, not to the subnets behind `local.cidrs`).
 */
function preciseTargets(scanned: string[], direct: ReadonlySet<string>, v: Value): string[] {
  const origins = unknownsIn(v).flatMap((u) => u.origins);
  if (origins.length === 0) return scanned;
  if (isUnknown(v)) scanned = scanned.filter((t) => direct.has(t));
  const precise = new Set<string>();
  const covered = new Set<string>();
  for (const o of origins) {
    precise.add(o.attribute ? `${o.address}.${o.attribute}` : o.address);
    covered.add(o.address);
    covered.add(configAddress(o.address));
  }
  const broad = scanned.filter((t) => !covered.has(stripAttribute(t)));
  return [...new Set([...broad, ...precise])];
}

/** The parts of a resource body that order it: everything but lifecycle/provisioner/connection. */
function dependencyRaw(body: RawBody): RawBody {
  const out: RawBody = {};
  for (const [k, v] of Object.entries(body)) if (k !== 'lifecycle' && k !== 'provisioner' && k !== 'connection') out[k] = v;
  return out;
}

function isBlockList(v: unknown): boolean {
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x));
}

/**
 * The directory `terraform init` installed a module call into, from `.terraform/modules/modules.json`
 * of the root module (`{"Modules": [{"Key": "vpc", "Source": "…", "Dir": ".terraform/modules/vpc"}]}`;
 * keys are the module path joined by dots, `Dir` relative to the root module), or undefined.
 */
function installedModuleDir(ctx: LoadContext, key: string): string | undefined {
  ctx.installedModules ??= readInstalledModules(ctx.rootDir);
  const dir = ctx.installedModules.get(key);
  return dir !== undefined && existsSync(dir) ? dir : undefined;
}

function readInstalledModules(rootDir: string): Map<string, string> {
  const file = resolve(rootDir, '.terraform', 'modules', 'modules.json');
  const out = new Map<string, string>();
  if (!existsSync(file)) return out;
  let doc: { Modules?: { Key?: unknown; Dir?: unknown }[] };
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`cannot read ${file}: ${(err as Error).message} (run terraform init again)`, { file, line: 1 });
  }
  for (const m of doc.Modules ?? []) if (typeof m.Key === 'string' && typeof m.Dir === 'string' && m.Key !== '') out.set(m.Key, resolve(rootDir, m.Dir));
  return out;
}

/** The expansion an unknown count/for_each stands for (kept beside the Unknown that carries its origins). */
const expansionOf = new WeakMap<Unknown, UnknownInstances>();

function instanceSuffix(key: InstanceKey): string {
  if (key.kind === 'count') return `[${key.index}]`;
  if (key.kind === 'each') return `[${JSON.stringify(key.key)}]`;
  if (key.kind === 'unknown') return '[*]';
  return '';
}

function instanceScope(scope: Scope, key: InstanceKey): Scope {
  if (key.kind === 'count') return childScope(scope, { count: { index: key.index } });
  if (key.kind === 'each') return childScope(scope, { each: { key: key.key, value: key.value } });
  if (key.kind === 'unknown') {
    const u = new Unknown(`the instance key is not known before apply (${key.expansion.by} of ${key.expansion.of})`, key.unknown.origins);
    return key.expansion.by === 'count' ? childScope(scope, { count: { index: u } }) : childScope(scope, { each: { key: u, value: u } });
  }
  return scope;
}

/** What a resource or module name evaluates to: the object, a list (count) or a map (for_each). */
function collectInstances(body: RawBody, instances: { key: InstanceKey; value: ObjectValue }[]): Value {
  if (body.count !== undefined) return instances.map((i) => i.value);
  if (body.for_each !== undefined) {
    const out: ObjectValue = {};
    for (const i of instances) if (i.key.kind === 'each') out[i.key.key] = i.value;
    return out;
  }
  return instances[0]?.value ?? null;
}

/** A directory's real path (symbolic links resolved), 'loop' for a loop of links, undefined when it does not exist. */
function realDirectory(dir: string): string | 'loop' | undefined {
  try {
    return realpathSync(dir);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ELOOP' ? 'loop' : undefined;
  }
}
