/**
 * Real plan JSON → stack model. Reads what `terraform show -json <planfile>` writes, every
 * format_version from 0.1 (terraform 0.12) to 1.2 (terraform 1.5+).
 *
 * Decisions a reader of the model needs to know (docs/model.md has the long form):
 * - Values come from `resource_changes[].change.after` with `after_unknown` leaves turned into
 *   `Unknown("known after apply")`; sensitive paths from `after_sensitive`.
 * - A resource the plan destroys or forgets (actions `["delete"]`, `["forget"]`, deposed objects)
 *   goes to `model.removed` with its `before` values, never into `model.resources`: no check may
 *   judge a resource being destroyed as if it will exist. A replaced one (`["delete","create"]`)
 *   stays in `resources` with its actions.
 * - Data sources read during planning sit in `prior_state` (terraform ≥ 0.13); they join
 *   `resources` with mode `data` and no actions. Data sources deferred to apply come from
 *   `resource_changes` with actions `["read"]`.
 * - References are resolved to full addresses: module-relative ones get the module instance path,
 *   `var.x` inside a module follows the caller's argument expression, `module.m.out` follows the
 *   output's expression. The traversal as written is kept in `Reference.via`.
 * - An unknown value's origins are the resolved resource attributes its expression refers to; an
 *   attribute whose expression resolves to none (a computed `id`, an expression of locals) has the
 *   resource's own attribute as origin.
 * - An errored plan (`errored: true`) loads what it holds and adds an error diagnostic.
 */
import { UserError } from '../errors.js';
import { configAddress, keysAgree } from '../model/query.js';
import type {
  Diagnostic,
  ModuleCall,
  OutputValue,
  ProviderConfig,
  Reference,
  Resource,
  ResourceMode,
  StackModel,
} from '../model/resource.js';
import { Unknown, type ObjectValue, type Origin, type Value } from '../model/value.js';
import { withGeneratedDomains } from '../model/domains.js';
import { readJsonFile } from './json-text.js';

const KNOWN_AFTER_APPLY = 'known after apply';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export async function loadPlanJson(path: string): Promise<StackModel> {
  return fromPlanDocument(await readJsonFile(path, 'plan JSON file'), path);
}

/** Build the model from an already parsed plan document; `source` names it in messages. */
export function fromPlanDocument(doc: unknown, source: string): StackModel {
  if (!isObject(doc)) {
    throw new UserError(`${source}: not a Terraform plan: expected the JSON object that 'terraform show -json <planfile>' prints`);
  }
  const hasPlanParts = 'planned_values' in doc || 'resource_changes' in doc || 'configuration' in doc;
  if (!hasPlanParts) {
    const hint =
      'values' in doc
        ? "it is a state ('terraform show -json' without a plan file); run 'terraform plan -out=tfplan' and 'terraform show -json tfplan'"
        : "it has none of planned_values, resource_changes, configuration; produce it with 'terraform show -json <planfile>'";
    throw new UserError(`${source}: not a Terraform plan: ${hint}`);
  }
  const formatVersion = typeof doc.format_version === 'string' ? doc.format_version : '';
  if (!/^\d+\.\d+$/.test(formatVersion)) {
    throw new UserError(`${source}: not a Terraform plan: format_version is ${JSON.stringify(doc.format_version ?? null)}, expected "0.1" … "1.2"`);
  }
  return new PlanReader(doc, source, formatVersion).read();
}

class PlanReader {
  private readonly diagnostics: Diagnostic[] = [];
  /** Module configuration by configuration path (`''`, `module.a`, `module.a.module.b`). */
  private readonly moduleConfigs = new Map<string, JsonObject>();
  /** Module call configuration by configuration path of the called module. */
  private readonly callConfigs = new Map<string, JsonObject>();
  /** Resource configuration by configuration address (`module.a.aws_x.y`). */
  private readonly resourceConfigs = new Map<string, JsonObject>();
  private readonly resolved = new Map<string, Origin[]>();
  /** Attribute path → references, per configuration address (shared by all its instances). */
  private readonly configReferences = new Map<string, Map<string, string[]>>();
  /** Configuration address → the instances the plan holds; undefined for a plan that may miss some. */
  private instances?: Map<string, string[]>;

  constructor(
    private readonly doc: JsonObject,
    private readonly source: string,
    private readonly formatVersion: string,
  ) {
    const config = obj(doc.configuration);
    this.indexModule(obj(config.root_module), '');
  }

  read(): StackModel {
    const { doc } = this;
    const major = Number(this.formatVersion.split('.')[0]);
    if (major > 1) {
      this.diag('warning', `plan format_version ${this.formatVersion} is newer than 1.2; read as 1.2 — check the model against the plan`);
    }
    if (doc.errored === true) {
      this.diag(
        'error',
        'terraform reported this plan as errored (planning stopped part-way): the model holds only what the plan recorded and may miss resources or values',
      );
    } else if (doc.complete === false) {
      this.diag('warning', 'terraform reported this plan as incomplete (deferred changes): some resources may be missing');
    }

    if (doc.errored !== true && doc.complete !== false) this.instances = this.plannedInstances();
    const resources: Resource[] = [];
    const removed: Resource[] = [];
    const seen = new Set<string>();
    for (const rc of arr(doc.resource_changes)) {
      if (!isObject(rc) || typeof rc.address !== 'string') continue;
      const change = obj(rc.change);
      const actions = arr(change.actions).filter((a): a is string => typeof a === 'string');
      if (typeof rc.deposed === 'string' || isRemoval(actions)) {
        const r = this.resource(rc, change.before, false, change.before_sensitive, actions);
        if (typeof rc.deposed === 'string') r.actions = [...actions, `deposed:${rc.deposed}`];
        removed.push(r);
        continue;
      }
      if (seen.has(rc.address)) continue;
      seen.add(rc.address);
      resources.push(this.resource(rc, change.after, change.after_unknown, change.after_sensitive, actions));
    }
    // Resources a plan lists only in planned_values (hand-made or trimmed plans), then data
    // sources read while planning (prior_state, terraform ≥ 0.13).
    for (const r of moduleResources(obj(doc.planned_values).root_module)) {
      if (seen.has(String(r.address))) continue;
      seen.add(String(r.address));
      resources.push(this.resource(r, r.values, false, r.sensitive_values, undefined));
    }
    for (const r of moduleResources(obj(obj(obj(doc.prior_state).values).root_module))) {
      if (r.mode !== 'data' || seen.has(String(r.address))) continue;
      seen.add(String(r.address));
      resources.push(this.resource(r, r.values, false, r.sensitive_values, undefined));
    }

    const model: StackModel = {
      origin: 'plan',
      source: this.source,
      resources,
      variables: this.variables(),
      sensitiveVariables: Object.entries(obj(obj(obj(this.doc.configuration).root_module).variables))
        .filter(([, v]) => obj(v).sensitive === true)
        .map(([k]) => k),
      outputs: this.outputs(),
      providers: this.providers(),
      unevaluatedModules: [],
      diagnostics: this.diagnostics,
      plan: {
        formatVersion: this.formatVersion,
        ...(typeof doc.terraform_version === 'string' ? { terraformVersion: doc.terraform_version } : {}),
        errored: doc.errored === true,
        ...(typeof doc.timestamp === 'string' ? { timestamp: doc.timestamp } : {}),
      },
    };
    if (removed.length) model.removed = removed;
    const calls = this.moduleCalls();
    if (calls.length) model.moduleCalls = calls;
    const requirements = this.requirements();
    if (requirements) model.requirements = requirements;
    return model;
  }

  /** Every resource instance the plan will have (created, kept, replaced, read), by configuration address. */
  private plannedInstances(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    const add = (address: unknown) => {
      if (typeof address !== 'string') return;
      const key = configAddress(address);
      const list = out.get(key);
      if (!list) out.set(key, [address]);
      else if (!list.includes(address)) list.push(address);
    };
    for (const rc of arr(this.doc.resource_changes)) {
      if (!isObject(rc) || typeof rc.deposed === 'string' || isRemoval(arr(obj(rc.change).actions).filter((a): a is string => typeof a === 'string'))) continue;
      add(rc.address);
    }
    for (const r of moduleResources(obj(this.doc.planned_values).root_module)) add(r.address);
    for (const r of moduleResources(obj(obj(obj(this.doc.prior_state).values).root_module))) if (r.mode === 'data') add(r.address);
    return out;
  }

  /**
   * Can this origin exist? An expression naming a resource with no instance in the plan
   * (`cond ? aws_iam_role.monitoring[0].arn : null` with count = 0) took another branch, or read an
   * empty splat: its value does not come from that resource. Unknown for plans that may miss
   * resources (errored, incomplete).
   */
  private exists(o: Origin): boolean {
    if (!this.instances) return true;
    return (this.instances.get(configAddress(o.address)) ?? []).some((a) => keysAgree(o.address, a));
  }

  private diag(severity: Diagnostic['severity'], message: string, address?: string) {
    this.diagnostics.push({ severity, message, location: { file: this.source, line: 1 }, ...(address ? { address } : {}) });
  }

  // ---- configuration ------------------------------------------------------------------------

  private indexModule(module: JsonObject, path: string) {
    this.moduleConfigs.set(path, module);
    for (const r of arr(module.resources)) {
      if (isObject(r) && typeof r.address === 'string') this.resourceConfigs.set(join(path, r.address), r);
    }
    for (const [name, call] of Object.entries(obj(module.module_calls))) {
      if (!isObject(call)) continue;
      const childPath = join(path, `module.${name}`);
      this.callConfigs.set(childPath, call);
      this.indexModule(obj(call.module), childPath);
    }
  }

  private moduleCalls(): ModuleCall[] {
    const calls: ModuleCall[] = [];
    for (const [address, call] of this.callConfigs) {
      const module = this.moduleConfigs.get(address) ?? {};
      const inputs: Record<string, string[]> = {};
      for (const [name, e] of Object.entries(obj(call.expressions))) inputs[name] = refsOf(e);
      const outputs: Record<string, string[]> = {};
      for (const [name, o] of Object.entries(obj(module.outputs))) outputs[name] = refsOf(obj(o).expression);
      const repetition = 'for_each_expression' in call ? 'for_each' : 'count_expression' in call ? 'count' : undefined;
      calls.push({ address, source: typeof call.source === 'string' ? call.source : '', inputs, outputs, ...(repetition ? { repetition } : {}) });
    }
    return calls;
  }

  private providers(): ProviderConfig[] {
    const out: ProviderConfig[] = [];
    for (const p of Object.values(obj(obj(this.doc.configuration).provider_config))) {
      if (!isObject(p) || typeof p.name !== 'string') continue;
      const references: Record<string, string[]> = {};
      const config = expressionValues(obj(p.expressions), '', references);
      const provider: ProviderConfig = {
        name: typeof p.alias === 'string' ? `${p.name}.${p.alias}` : p.name,
        module: typeof p.module_address === 'string' ? p.module_address : '',
        config,
      };
      if (Object.keys(references).length) provider.references = references;
      out.push(provider);
    }
    return out;
  }

  private requirements(): StackModel['requirements'] {
    const providers: Record<string, { source?: string; version?: string }> = {};
    for (const p of Object.values(obj(obj(this.doc.configuration).provider_config))) {
      if (!isObject(p) || typeof p.name !== 'string' || typeof p.module_address === 'string' || typeof p.alias === 'string') continue;
      providers[p.name] = {
        ...(typeof p.full_name === 'string' ? { source: p.full_name } : {}),
        ...(typeof p.version_constraint === 'string' ? { version: p.version_constraint } : {}),
      };
    }
    return Object.keys(providers).length ? { providers } : undefined;
  }

  private variables(): Record<string, Value> {
    const out: Record<string, Value> = {};
    for (const [name, v] of Object.entries(obj(this.doc.variables))) out[name] = obj(v).value ?? null;
    return out;
  }

  private outputs(): Record<string, OutputValue> {
    const out: Record<string, OutputValue> = {};
    const planned = obj(obj(this.doc.planned_values).outputs);
    const changes = obj(this.doc.output_changes);
    for (const name of new Set([...Object.keys(planned), ...Object.keys(changes)])) {
      const p = obj(planned[name]);
      const c = obj(obj(changes[name]));
      const actions = arr(c.actions);
      if (actions.length === 1 && actions[0] === 'delete') continue;
      const unknownTree = c.after_unknown ?? ('value' in p ? false : true);
      const after = 'value' in p ? p.value : (c.after ?? null);
      const expression = obj(obj(obj(obj(this.doc.configuration).root_module).outputs)[name]).expression;
      const origins = dedupeOrigins(mostSpecific(refsOf(expression)).flatMap((r) => this.resolve(r, ''))).filter((o) => this.exists(o));
      out[name] = {
        value: withUnknowns(after, unknownTree, () => origins),
        sensitive: p.sensitive === true || c.after_sensitive === true,
      };
    }
    return out;
  }

  // ---- resources ----------------------------------------------------------------------------

  private resource(raw: JsonObject, after: Json | undefined, unknown: Json | undefined, sensitive: Json | undefined, actions: string[] | undefined): Resource {
    const address = String(raw.address);
    const mode: ResourceMode = raw.mode === 'data' ? 'data' : 'managed';
    const module = typeof raw.module_address === 'string' ? raw.module_address : modulePart(address);
    const exprRefs = this.keyedReferences(this.expressionReferences(address), module, raw.index, address);
    const references: Reference[] = [];
    for (const [attribute, refs] of exprRefs) {
      for (const via of refs) {
        for (const t of this.resolve(via, module)) {
          if (!this.exists(t)) continue;
          references.push({ attribute, target: t.attribute ? `${t.address}.${t.attribute}` : t.address, via });
        }
      }
    }
    const originsAt = (path: string): Origin[] => {
      for (let p: string | undefined = path; p !== undefined; p = parentPath(p)) {
        const refs = exprRefs.get(p);
        if (!refs) continue;
        const found = dedupeOrigins(refs.flatMap((ref) => this.resolve(ref, module))).filter((o) => this.exists(o));
        if (found.length) return found;
        break;
      }
      return [{ address, attribute: path }];
    };
    const valuesRaw = withUnknowns(after ?? null, unknown ?? false, originsAt);
    const planned: ObjectValue = isObjectValue(valuesRaw) ? valuesRaw : {};
    const values = mode === 'managed' ? withGeneratedDomains(String(raw.type ?? ''), planned, address) : planned;
    const r: Resource = {
      address,
      module,
      mode,
      type: String(raw.type ?? ''),
      name: String(raw.name ?? ''),
      provider: providerAddress(raw.provider_name),
      values,
      sensitive: sensitivePaths(sensitive ?? false),
      references,
    };
    if (typeof raw.index === 'number' || typeof raw.index === 'string') r.index = raw.index;
    if (actions) r.actions = actions;
    // Set by an expression that names no resource of the plan: it may still be null.
    const configured = [...exprRefs.keys()].filter((p) => !references.some((x) => x.attribute === p));
    if (configured.length) r.configured = configured;
    return r;
  }

  /** Attribute path → the references of its expression (prefix duplicates dropped). */
  private expressionReferences(address: string): Map<string, string[]> {
    const key = configAddress(address);
    let out = this.configReferences.get(key);
    if (!out) {
      const found = new Map<string, string[]>();
      const config = this.resourceConfigs.get(key);
      if (config) walkExpressions(obj(config.expressions), '', (path, refs) => found.set(path, mostSpecific(refs)));
      this.configReferences.set(key, found);
      out = found;
    }
    return out;
  }

  /**
   * A plan drops a computed index: `aws_lb_target_group.this[each.key].arn` is recorded as the
   * references `aws_lb_target_group.this` and `each.key`. When an attribute's expression reads
   * nothing but one key-less resource and the instance's own key (`each.key` of a for_each
   * instance, `count.index` of a counted one), and that resource has an instance under exactly this
   * key in the same module instance, the reference is that instance (`…this["prod-api"]`): its
   * index can only be computed from that key. Anything else read as well (`each.value`, a local)
   * leaves the reference key-less, one of several instances (model/refs.ts `ambiguous`). And when
   * `for_each` is one resource as a whole (`for_each = aws_subnet.public`), `each.value` is that
   * resource's instance under the same key (`each.value.id` → `aws_subnet.public["a"].id`).
   */
  private keyedReferences(exprRefs: Map<string, string[]>, module: string, index: unknown, address: string): Map<string, string[]> {
    const keyRef = typeof index === 'string' ? 'each.key' : typeof index === 'number' ? 'count.index' : undefined;
    if (!keyRef || !this.instances) return exprRefs;
    const instanceOf = (resource: string): string | undefined => {
      const keyed = `${resource}${keysText([index as string | number])}`;
      const instance = join(module, keyed);
      return this.instances!.get(configAddress(instance))?.includes(instance) ? keyed : undefined;
    };
    // `for_each = aws_subnet.public`: each.value is the instance of that resource under each.key.
    const forEach = keyRef === 'each.key' ? this.onlyResource(mostSpecific(refsOf(obj(this.resourceConfigs.get(configAddress(address))?.for_each_expression)))) : undefined;
    const eachValue = forEach ? instanceOf(forEach) : undefined;
    let out: Map<string, string[]> | undefined;
    for (const [path, refs] of exprRefs) {
      if (eachValue && refs.some((r) => r === 'each.value' || r.startsWith('each.value.') || r.startsWith('each.value['))) {
        out ??= new Map(exprRefs);
        out.set(path, [...new Set(refs.map((r) => (r === 'each.value' ? eachValue : r.startsWith('each.value') ? `${eachValue}${r.slice('each.value'.length)}` : r)))]);
        continue;
      }
      if (!refs.includes(keyRef)) continue;
      const others = refs.filter((r) => r !== keyRef);
      const named = this.onlyResource(others);
      const keyed = named && instanceOf(named);
      if (!keyed) continue;
      // The attribute read, when recorded (`x.arn` from a written plan; terraform records only `x`).
      const tail = others.reduce((a, r) => (r.length > a.length ? r : a), '').slice(named!.length);
      out ??= new Map(exprRefs);
      out.set(path, [`${keyed}${tail}`, keyRef]);
    }
    return out ?? exprRefs;
  }

  /** The one key-less resource (`aws_x.y`, `data.aws_x.y`) all these traversals read, else undefined. */
  private onlyResource(refs: string[]): string | undefined {
    const named = new Set(
      refs.map((r) => {
        const st = parseTraversal(r);
        const n = st[0]?.name === 'data' ? 3 : 2;
        if (st.length < n || st.slice(0, n).some((x) => x.keys.length) || RESERVED_ROOTS.has(st[0].name)) return '';
        return st.slice(0, n).map((x) => x.name).join('.');
      }),
    );
    return named.size === 1 && !named.has('') ? [...named][0] : undefined;
  }

  /**
   * Resolve a traversal written in module instance `module` to the resource attributes it reads,
   * following `var.x` to the caller's argument and `module.m.out` into the output's expression.
   */
  resolve(ref: string, module: string, depth = 0): Origin[] {
    const key = `${module}\u0000${ref}`;
    const cached = this.resolved.get(key);
    if (cached) return cached;
    if (depth > 24) return [];
    this.resolved.set(key, []); // a cycle resolves to nothing
    const result = dedupeOrigins(this.resolveUncached(parseTraversal(ref), module, depth));
    this.resolved.set(key, result);
    return result;
  }

  private resolveUncached(parts: Step[], module: string, depth: number): Origin[] {
    if (parts.length === 0) return [];
    const head = parts[0].name;
    const withRest = (found: Origin[], rest: Step[]) => {
      const tail = stepsToPath(rest);
      return found.map((o) => (o.attribute || !tail ? o : { address: o.address, attribute: tail }));
    };
    if (head === 'var' && parts.length >= 2) {
      if (module === '') return [];
      const call = this.callConfigs.get(configAddress(module));
      const argument = obj(call?.expressions)[parts[1].name];
      const parent = parentModule(module);
      return withRest(
        mostSpecific(refsOf(argument)).flatMap((r) => this.resolve(r, parent, depth + 1)),
        parts.slice(2),
      );
    }
    if (head === 'module' && parts.length === 2) {
      // The module as a whole (`for env, db in module.rds`): everything its outputs read.
      const child = join(module, `module.${parts[1].name}${keysText(parts[1].keys)}`);
      const outputs = obj(this.moduleConfigs.get(configAddress(child))?.outputs);
      return Object.values(outputs).flatMap((o) => mostSpecific(refsOf(obj(o).expression)).flatMap((r) => this.resolve(r, child, depth + 1)));
    }
    if (head === 'module' && parts.length >= 3) {
      const child = join(module, `module.${parts[1].name}${keysText(parts[1].keys)}`);
      const childConfig = this.moduleConfigs.get(configAddress(child));
      const output = obj(obj(childConfig?.outputs)[parts[2].name]);
      if ('expression' in output) {
        return withRest(
          mostSpecific(refsOf(output.expression)).flatMap((r) => this.resolve(r, child, depth + 1)),
          parts.slice(3),
        );
      }
      // Not an output: a resource path inside the child module (what plan-writer writes for a
      // reference into a child module, which HCL cannot express).
      return this.resolveUncached(parts.slice(2), child, depth);
    }
    if (head === 'data' && parts.length >= 3) {
      const address = join(module, `data.${parts[1].name}.${parts[2].name}${keysText(parts[2].keys)}`);
      return [{ address, attribute: stepsToPath(parts.slice(3)) }];
    }
    if (RESERVED_ROOTS.has(head) || parts.length < 2) return [];
    if (parts[0].keys.length) return [];
    const address = join(module, `${head}.${parts[1].name}${keysText(parts[1].keys)}`);
    return [{ address, attribute: stepsToPath(parts.slice(2)) }];
  }
}

/** Roots of a traversal that are not a managed resource type. */
const RESERVED_ROOTS = new Set(['local', 'each', 'count', 'path', 'terraform', 'self', 'module', 'var']);

// ---- value conversion -------------------------------------------------------------------------

/**
 * Combine a planned value with its `after_unknown` tree: `true` marks an unknown leaf (whose known
 * part is absent from `after`, or null in a list).
 */
function withUnknowns(after: Json | undefined, unknown: Json | undefined, originsAt: (path: string) => Origin[], path = ''): Value {
  if (unknown === true) return new Unknown(KNOWN_AFTER_APPLY, originsAt(path));
  if (Array.isArray(after) || (Array.isArray(unknown) && (after === null || after === undefined) && markedUnknown(unknown))) {
    const known = Array.isArray(after) ? after : [];
    const marks = Array.isArray(unknown) ? unknown : [];
    const length = Math.max(known.length, marks.length);
    const out: Value[] = [];
    for (let i = 0; i < length; i++) out.push(withUnknowns(known[i] ?? null, marks[i], originsAt, join(path, String(i))));
    return out;
  }
  if (isObject(after) || (isObject(unknown) && (after === null || after === undefined) && markedUnknown(unknown))) {
    const known = isObject(after) ? after : {};
    const marks = isObject(unknown) ? unknown : {};
    const out: ObjectValue = {};
    for (const k of Object.keys(known)) out[k] = withUnknowns(known[k], marks[k], originsAt, join(path, k));
    for (const k of Object.keys(marks)) {
      if (!(k in known) && markedUnknown(marks[k])) out[k] = withUnknowns(null, marks[k], originsAt, join(path, k));
    }
    return out;
  }
  return after === undefined ? null : after;
}

function markedUnknown(tree: Json): boolean {
  if (tree === true) return true;
  if (Array.isArray(tree)) return tree.some(markedUnknown);
  if (isObject(tree)) return Object.values(tree).some(markedUnknown);
  return false;
}

function sensitivePaths(tree: Json, path = '', out: string[] = []): string[] {
  if (tree === true) out.push(path);
  else if (Array.isArray(tree)) tree.forEach((t, i) => sensitivePaths(t, join(path, String(i)), out));
  else if (isObject(tree)) for (const [k, t] of Object.entries(tree)) sensitivePaths(t, join(path, k), out);
  return out;
}

/** Configuration expressions → values: constants as they are, anything else Unknown. */
function expressionValues(exprs: JsonObject, path: string, references: Record<string, string[]>): ObjectValue {
  const out: ObjectValue = {};
  for (const [k, e] of Object.entries(exprs)) {
    const p = join(path, k);
    if (isExpression(e)) {
      if ('constant_value' in e) out[k] = e.constant_value;
      else {
        const refs = refsOf(e);
        if (refs.length) references[p] = refs;
        out[k] = new Unknown(
          refs.length
            ? `set by an expression of ${mostSpecific(refs).join(', ')}; a plan records only its references`
            : 'set by an expression a plan does not record',
        );
      }
    } else if (Array.isArray(e)) {
      out[k] = e.map((b, i) => expressionValues(obj(b), join(p, String(i)), references));
    } else if (isObject(e)) {
      out[k] = expressionValues(e, p, references);
    }
  }
  return out;
}

function walkExpressions(exprs: JsonObject, path: string, visit: (path: string, refs: string[]) => void) {
  for (const [k, e] of Object.entries(exprs)) {
    const p = join(path, k);
    if (isExpression(e)) {
      // A constant is no expression to follow; references, or `{}` (what a writer keeps of one), are.
      if (!('constant_value' in e)) visit(p, refsOf(e));
    } else if (Array.isArray(e)) {
      e.forEach((b, i) => isObject(b) && walkExpressions(b, join(p, String(i)), visit));
    } else if (isObject(e)) {
      walkExpressions(e, p, visit);
    }
  }
}

/** An expression object (`{constant_value}`, `{references}`, or `{}`) rather than a nested block. */
function isExpression(e: Json): e is JsonObject {
  if (!isObject(e)) return false;
  const keys = Object.keys(e);
  return keys.length === 0 || keys.every((k) => k === 'constant_value' || k === 'references');
}

function refsOf(e: Json | undefined): string[] {
  return arr(obj(e).references).filter((r): r is string => typeof r === 'string');
}

/** Terraform lists each traversal with its prefixes (`aws_vpc.main.id`, `aws_vpc.main`); keep the longest. */
export function mostSpecific(refs: string[]): string[] {
  const unique = [...new Set(refs)];
  return unique.filter((r) => !unique.some((o) => o !== r && (o.startsWith(`${r}.`) || o.startsWith(`${r}[`))));
}

// ---- addresses --------------------------------------------------------------------------------

interface Step {
  name: string;
  keys: (string | number)[];
}

/** `module.vpc[0].subnets["a"].id` → steps with their bracket keys. */
export function parseTraversal(ref: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  while (i < ref.length) {
    let name = '';
    while (i < ref.length && ref[i] !== '.' && ref[i] !== '[') name += ref[i++];
    const step: Step = { name, keys: [] };
    while (ref[i] === '[') {
      i++;
      if (ref[i] === '"') {
        let s = '';
        i++;
        while (i < ref.length && ref[i] !== '"') {
          if (ref[i] === '\\') i++;
          s += ref[i++];
        }
        i += 2; // closing quote and bracket
        step.keys.push(s);
      } else {
        let s = '';
        while (i < ref.length && ref[i] !== ']') s += ref[i++];
        i++;
        step.keys.push(/^\d+$/.test(s) ? Number(s) : s);
      }
    }
    steps.push(step);
    if (ref[i] === '.') i++;
  }
  return steps;
}

function keysText(keys: (string | number)[]): string {
  return keys.map((k) => (typeof k === 'number' ? `[${k}]` : `[${JSON.stringify(k)}]`)).join('');
}

function stepsToPath(steps: Step[]): string {
  return steps.flatMap((s) => [s.name, ...s.keys.map(String)]).filter((p) => p !== '').join('.');
}

/** `module.a["x"].module.b.aws_x.y[0]` → `module.a["x"].module.b` */
function modulePart(address: string): string {
  const steps = parseTraversal(address);
  const out: string[] = [];
  for (let i = 0; i + 1 < steps.length && steps[i].name === 'module'; i += 2) {
    out.push(`module.${steps[i + 1].name}${keysText(steps[i + 1].keys)}`);
  }
  return out.join('.');
}

/** `module.a["x"].module.b` → [`module.a["x"]`, `module.b`] */
export function moduleCallPath(module: string): string[] {
  const steps = parseTraversal(module);
  const calls: string[] = [];
  for (let i = 0; i + 1 < steps.length; i += 2) calls.push(`module.${steps[i + 1].name}${keysText(steps[i + 1].keys)}`);
  return calls;
}

/** `module.a["x"].module.b` → `module.a["x"]` */
export function parentModule(module: string): string {
  return moduleCallPath(module).slice(0, -1).join('.');
}

function parentPath(path: string): string | undefined {
  if (path === '') return undefined;
  const i = path.lastIndexOf('.');
  return i < 0 ? '' : path.slice(0, i);
}

/** Terraform 0.12 wrote `aws`; later versions the full provider address. */
function providerAddress(name: Json | undefined): string {
  if (typeof name !== 'string') return '';
  if (name.includes('/')) return name;
  if (name === 'terraform') return 'terraform.io/builtin/terraform';
  return `registry.terraform.io/hashicorp/${name}`;
}

function isRemoval(actions: string[]): boolean {
  return actions.length > 0 && actions.every((a) => a === 'delete' || a === 'forget');
}

/**
 * Every resource of a planned_values / prior_state module tree, with its full address and module
 * address. Terraform 0.12 wrote module-relative addresses without instance keys in prior_state
 * (`data.aws_vpc.default` inside `module.alb.module.tags`); they are made whole here.
 */
function moduleResources(module: Json | undefined): JsonObject[] {
  if (!isObject(module)) return [];
  const moduleAddress = typeof module.address === 'string' ? module.address : '';
  const own = arr(module.resources)
    .filter(isObject)
    .map((r) => {
      let address = String(r.address);
      if (moduleAddress && !address.startsWith(`${moduleAddress}.`)) address = `${moduleAddress}.${address}`;
      const key = r.index;
      if ((typeof key === 'number' || typeof key === 'string') && !address.endsWith(']')) address += keysText([key]);
      return { ...r, address, module_address: moduleAddress };
    });
  return [...own, ...arr(module.child_modules).flatMap((m) => moduleResources(m))];
}

function dedupeOrigins(origins: Origin[]): Origin[] {
  const seen = new Set<string>();
  return origins.filter((o) => {
    const k = `${o.address}\u0000${o.attribute}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function join(a: string, b: string): string {
  return a === '' ? b : `${a}.${b}`;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isObjectValue(v: Value): v is ObjectValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
}

function obj(v: Json | undefined): JsonObject {
  return isObject(v) ? v : {};
}

function arr(v: Json | undefined): Json[] {
  return Array.isArray(v) ? v : [];
}
