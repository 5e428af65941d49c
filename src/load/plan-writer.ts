/**
 * Stack model → a document in the shape of `terraform show -json` (format_version 1.2), so that
 * tools that read real plans (checkov, terraform-compliance, OPA/conftest policies…) can read a plan
 * synthesised from the HCL without terraform.
 *
 * What a reader of the document gets (docs/model.md has the long form):
 * - planned_values.root_module with child_modules nested by module address; each resource's known
 *   values (an unknown leaf is left out of an object and null in a list, as terraform writes it)
 *   and sensitive_values.
 * - resource_changes: a model from HCL plans everything as `["create"]` (before null); a model
 *   from a plan keeps its actions (its `before` is not kept by the model, so it is null). Resources
 *   the plan removes are written as their delete/forget changes. Data sources with unknown values
 *   are `["read"]` changes; known ones sit in prior_state, where terraform puts data read while
 *   planning.
 * - configuration: provider configs, module calls (source, argument and output references), and
 *   each resource's expression references — as written (`Reference.via`) or made module-relative;
 *   a reference that reaches outside its module (resolved through a variable by the HCL evaluator)
 *   cannot be written as terraform would and is left out.
 */
import { configAddress } from '../model/query.js';
import type { ModuleCall, ProviderConfig, Resource, StackModel } from '../model/resource.js';
import { containsUnknown, isObjectValue, isUnknown, type Value } from '../model/value.js';
import { moduleCallPath, parentModule } from './plan-json.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const PLAN_FORMAT_VERSION = '1.2';

export function toPlanDocument(model: StackModel): JsonObject {
  const planned: Resource[] = [];
  const priorData: Resource[] = [];
  const changes: JsonObject[] = [];
  for (const r of model.resources) {
    const actions = plannedActions(model, r);
    if (!actions) (r.mode === 'data' ? priorData : planned).push(r);
    else {
      planned.push(r);
      changes.push(resourceChange(r, actions));
    }
  }
  for (const r of model.removed ?? []) changes.push(removal(r));

  const errored = model.plan?.errored ?? model.diagnostics.some((d) => d.severity === 'error');
  const doc: JsonObject = {
    format_version: PLAN_FORMAT_VERSION,
    ...(model.plan?.terraformVersion ? { terraform_version: model.plan.terraformVersion } : {}),
    variables: Object.fromEntries(Object.entries(model.variables).map(([k, v]) => [k, { value: known(v) }])),
    planned_values: { outputs: plannedOutputs(model), root_module: moduleTree(planned) },
    resource_changes: changes,
    output_changes: outputChanges(model),
  };
  if (priorData.length) {
    doc.prior_state = {
      format_version: '1.0',
      ...(model.plan?.terraformVersion ? { terraform_version: model.plan.terraformVersion } : {}),
      values: { root_module: moduleTree(priorData) },
    };
  }
  doc.configuration = configuration(model);
  doc.applyable = !errored;
  doc.complete = !errored;
  doc.errored = errored;
  return doc;
}

/** The actions a resource is written with; undefined = no change entry (data read while planning). */
function plannedActions(model: StackModel, r: Resource): string[] | undefined {
  if (r.actions) return r.actions;
  if (model.origin === 'plan') return undefined;
  if (r.mode === 'managed') return ['create'];
  return containsUnknown(r.values) ? ['read'] : undefined;
}

function resourceIdentity(r: Resource, withModule = true): JsonObject {
  return {
    address: r.address,
    ...(r.module && withModule ? { module_address: r.module } : {}),
    mode: r.mode,
    type: r.type,
    name: r.name,
    ...(r.index !== undefined ? { index: r.index } : {}),
    provider_name: r.provider,
  };
}

function resourceChange(r: Resource, actions: string[]): JsonObject {
  return {
    ...resourceIdentity(r),
    change: {
      actions,
      before: null,
      after: known(r.values),
      after_unknown: unknownTree(r.values),
      before_sensitive: false,
      after_sensitive: sensitiveTree(r.values, new Set(r.sensitive)),
    },
  };
}

function removal(r: Resource): JsonObject {
  const deposed = r.actions?.find((a) => a.startsWith('deposed:'));
  return {
    ...resourceIdentity(r),
    ...(deposed ? { deposed: deposed.slice('deposed:'.length) } : {}),
    change: {
      actions: (r.actions ?? ['delete']).filter((a) => !a.startsWith('deposed:')),
      before: known(r.values),
      after: null,
      after_unknown: {},
      before_sensitive: sensitiveTree(r.values, new Set(r.sensitive)),
      after_sensitive: false,
    },
  };
}

interface ModuleNode {
  address: string;
  resources: JsonObject[];
  children: Map<string, ModuleNode>;
}

function moduleTree(resources: Resource[]): JsonObject {
  const root: ModuleNode = { address: '', resources: [], children: new Map() };
  const nodes = new Map<string, ModuleNode>([['', root]]);
  const nodeFor = (module: string): ModuleNode => {
    let node = nodes.get(module);
    if (!node) {
      node = { address: module, resources: [], children: new Map() };
      nodes.set(module, node);
      nodeFor(parentModule(module)).children.set(module, node);
    }
    return node;
  };
  for (const r of resources) {
    nodeFor(r.module).resources.push({
      ...resourceIdentity(r, false),
      schema_version: 0,
      values: known(r.values),
      sensitive_values: sensitiveTree(r.values, new Set(r.sensitive)),
    });
  }
  const write = (n: ModuleNode): JsonObject => {
    const out: JsonObject = {};
    if (n.resources.length) out.resources = n.resources;
    if (n.address) out.address = n.address;
    if (n.children.size) out.child_modules = [...n.children.values()].map(write);
    return out;
  };
  return write(root);
}

function plannedOutputs(model: StackModel): JsonObject {
  const out: JsonObject = {};
  for (const [name, o] of Object.entries(model.outputs)) {
    out[name] = { sensitive: o.sensitive, ...(isUnknown(o.value) ? {} : { value: known(o.value) }) };
  }
  return out;
}

function outputChanges(model: StackModel): JsonObject {
  const out: JsonObject = {};
  for (const [name, o] of Object.entries(model.outputs)) {
    out[name] = {
      actions: ['create'],
      before: null,
      after: isUnknown(o.value) ? null : known(o.value),
      after_unknown: unknownTree(o.value),
      before_sensitive: false,
      after_sensitive: o.sensitive,
    };
  }
  return out;
}

// ---- configuration --------------------------------------------------------------------------

function configuration(model: StackModel): JsonObject {
  const providerConfig: JsonObject = {};
  for (const p of model.providers) providerConfig[providerKey(p)] = providerEntry(p, model);

  const calls = new Map<string, ModuleCall>((model.moduleCalls ?? []).map((c) => [c.address, c]));
  const modules = new Map<string, { resources: Map<string, JsonObject>; repetition?: 'count' | 'for_each' }>();
  const moduleOf = (path: string) => {
    let m = modules.get(path);
    if (!m) {
      m = { resources: new Map() };
      modules.set(path, m);
      if (path !== '') moduleOf(parentModule(path));
    }
    return m;
  };
  for (const c of calls.values()) moduleOf(c.address);
  // Removed resources keep a configuration entry only when they still have one (count reduced).
  for (const r of [...model.resources, ...(model.removed ?? []).filter((x) => x.references.length)]) {
    const modulePath = configAddress(r.module);
    const module = moduleOf(modulePath);
    // A module instance key on the resource's module means the call has count/for_each.
    const lastCall = moduleCallPath(r.module).at(-1) ?? '';
    const key = /\[(\d+)\]$/.test(lastCall) ? 'count' : /\["/.test(lastCall) ? 'for_each' : undefined;
    if (key && !model.moduleCalls) module.repetition = key;
    const relative = configAddress(r.address).slice(modulePath ? modulePath.length + 1 : 0);
    let entry = module.resources.get(relative);
    if (!entry) {
      entry = {
        address: relative,
        mode: r.mode,
        type: r.type,
        name: r.name,
        provider_config_key: r.provider.split('/').at(-1) ?? r.provider,
        expressions: {},
        schema_version: 0,
        ...(typeof r.index === 'number' ? { count_expression: {} } : typeof r.index === 'string' ? { for_each_expression: {} } : {}),
      };
      module.resources.set(relative, entry);
    }
    addReferences(entry.expressions as JsonObject, r);
  }

  const childrenOf = new Map<string, string[]>();
  for (const p of modules.keys()) {
    if (p === '') continue;
    const parent = parentModule(p);
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), p]);
  }
  const writeModule = (path: string): JsonObject => {
    const m = modules.get(path) ?? { resources: new Map() };
    const out: JsonObject = {};
    if (path === '' && Object.keys(model.outputs).length) {
      out.outputs = Object.fromEntries(
        Object.entries(model.outputs).map(([k, o]) => [k, { ...(o.sensitive ? { sensitive: true } : {}), expression: refsExpression(originReferences(o.value)) }]),
      );
    }
    const call = calls.get(path);
    if (call && Object.keys(call.outputs).length) {
      out.outputs = Object.fromEntries(Object.entries(call.outputs).map(([k, refs]) => [k, { expression: refsExpression(refs) }]));
    }
    if (m.resources.size) out.resources = [...m.resources.values()];
    const children = childrenOf.get(path) ?? [];
    if (children.length) {
      out.module_calls = Object.fromEntries(
        children.map((child) => {
          const c = calls.get(child);
          const repetition = c?.repetition ?? modules.get(child)?.repetition;
          const name = child.slice(child.lastIndexOf('module.') + 'module.'.length);
          return [
            name,
            {
              source: c?.source ?? '',
              expressions: Object.fromEntries(Object.entries(c?.inputs ?? {}).map(([k, refs]) => [k, refsExpression(refs)])),
              ...(repetition === 'count' ? { count_expression: {} } : repetition === 'for_each' ? { for_each_expression: {} } : {}),
              module: writeModule(child),
            },
          ];
        }),
      );
    }
    return out;
  };
  return { provider_config: providerConfig, root_module: writeModule('') };
}

/** What an output's unknowns come from, written as the references of its expression. */
function originReferences(v: Value): string[] {
  const out = new Set<string>();
  const walk = (x: Value) => {
    if (isUnknown(x)) x.origins.forEach((o) => out.add(o.attribute ? `${o.address}.${o.attribute}` : o.address));
    else if (Array.isArray(x)) x.forEach(walk);
    else if (isObjectValue(x)) Object.values(x).forEach(walk);
  };
  walk(v);
  return [...out];
}

function refsExpression(refs: string[]): JsonObject {
  return refs.length ? { references: refs } : {};
}

/** Put each reference of `r` into the nested expressions object at its attribute path. */
function addReferences(expressions: JsonObject, r: Resource) {
  for (const ref of r.references) {
    const via = ref.via ?? relativeTarget(ref.target, r.module);
    if (via === undefined) continue;
    const at = parentSlot(expressions, ref.attribute);
    if (!at) continue;
    // The configuration is shared by every instance: a reference under the instance's own key is
    // written as terraform records `x[each.key]` (`x` and `each.key`), which plan-json reads back.
    const own = r.index === undefined ? undefined : `[${JSON.stringify(r.index)}]`;
    const keyAt = own ? via.indexOf(own) : -1;
    const written = own && keyAt > 0 && !via.slice(0, keyAt).includes('[') ? [via.slice(0, keyAt) + via.slice(keyAt + own.length), typeof r.index === 'string' ? 'each.key' : 'count.index'] : [via];
    const existing = getSlot(at.node, at.last);
    if (existing === undefined) setSlot(at.node, at.last, { references: written });
    else if (isJsonObject(existing) && Array.isArray(existing.references)) {
      for (const w of written) if (!existing.references.includes(w)) existing.references.push(w);
    }
  }
  // Set by an expression of no resource (a variable, a local): terraform writes what it reads; what
  // matters to the model is that it is an expression, not a constant, so `{}` keeps it.
  for (const path of r.configured ?? []) {
    const at = parentSlot(expressions, path);
    if (at && getSlot(at.node, at.last) === undefined) setSlot(at.node, at.last, {});
  }
}

/** The container holding `path`'s last step in a nested expressions object, made as needed. */
function parentSlot(expressions: JsonObject, path: string): { node: JsonObject | Json[]; last: string } | undefined {
  const parts = path.split('.');
  let node: JsonObject | Json[] = expressions;
  for (let i = 0; i < parts.length - 1; i++) {
    const nextIsIndex = /^\d+$/.test(parts[i + 1]);
    const container: Json = nextIsIndex ? [] : {};
    const slot = getSlot(node, parts[i]);
    if (slot === undefined) {
      setSlot(node, parts[i], container);
      node = container as JsonObject | Json[];
    } else if (typeof slot === 'object' && slot !== null && !('references' in (slot as JsonObject))) {
      node = slot as JsonObject | Json[];
    } else return undefined;
  }
  return { node, last: parts[parts.length - 1] };
}

function getSlot(node: JsonObject | Json[], key: string): Json | undefined {
  if (Array.isArray(node)) return node[Number(key)] ?? undefined;
  return Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
}

function setSlot(node: JsonObject | Json[], key: string, value: Json) {
  if (Array.isArray(node)) {
    const i = Number(key);
    while (node.length < i) node.push(false);
    node[i] = value;
  } else node[key] = value;
}

/** A full target address as the resource's module would write it, if it can be written at all. */
function relativeTarget(target: string, module: string): string | undefined {
  if (module === '') return target;
  return target.startsWith(`${module}.`) ? target.slice(module.length + 1) : undefined;
}

function providerKey(p: ProviderConfig): string {
  return p.module ? `${p.module}:${p.name}` : p.name;
}

function providerEntry(p: ProviderConfig, model: StackModel): JsonObject {
  const dot = p.name.indexOf('.');
  const name = dot < 0 ? p.name : p.name.slice(0, dot);
  const requirement = p.module === '' && dot < 0 ? model.requirements?.providers[name] : undefined;
  return {
    name,
    ...(requirement?.source ? { full_name: requirement.source } : {}),
    ...(dot < 0 ? {} : { alias: p.name.slice(dot + 1) }),
    ...(p.module ? { module_address: p.module } : {}),
    ...(requirement?.version ? { version_constraint: requirement.version } : {}),
    expressions: providerExpressions(p.config, p.references ?? {}, ''),
  };
}

function providerExpressions(config: Record<string, Value>, references: Record<string, string[]>, path: string): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(config)) {
    const p = path ? `${path}.${k}` : k;
    if (isUnknown(v)) out[k] = refsExpression(references[p] ?? []);
    else if (Array.isArray(v) && v.length > 0 && v.every(isObjectValue)) {
      out[k] = v.map((b, i) => providerExpressions(b as Record<string, Value>, references, `${p}.${i}`));
    } else if (isObjectValue(v) && containsUnknown(v)) out[k] = providerExpressions(v, references, p);
    else out[k] = { constant_value: known(v) };
  }
  return out;
}

// ---- values -----------------------------------------------------------------------------------

/** The known part of a value: unknown leaves left out of objects, null in lists (as terraform writes). */
export function known(v: Value): Json {
  if (isUnknown(v)) return null;
  if (Array.isArray(v)) return v.map(known);
  if (isObjectValue(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) if (!isUnknown(x)) out[k] = known(x);
    return out;
  }
  return v;
}

/** `after_unknown`: true at unknown leaves; lists and objects keep their shape, known scalars drop out. */
export function unknownTree(v: Value): Json {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.map(unknownTree);
  if (isObjectValue(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) {
      const t = unknownTree(x);
      if (t !== false) out[k] = t;
    }
    return out;
  }
  return false;
}

/**
 * `after_sensitive` / `sensitive_values`: true at each sensitive path, same shape rules. A path the
 * values do not reach (terraform marks map keys it leaves out of `after`) is added as it is.
 */
export function sensitiveTree(v: Value, paths: Set<string>): Json {
  if (paths.has('')) return true;
  const tree = shapeTree(v);
  for (const path of paths) {
    const parts = path.split('.');
    let node = tree as JsonObject | Json[];
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      const slot = getSlot(node, parts[i]);
      if (last) setSlot(node, parts[i], true);
      else if (typeof slot === 'object' && slot !== null) node = slot as JsonObject | Json[];
      else {
        const container: Json = /^\d+$/.test(parts[i + 1]) ? [] : {};
        setSlot(node, parts[i], container);
        node = container as JsonObject | Json[];
      }
    }
  }
  return tree;
}

/** Lists and objects of a value with every scalar false and object scalars left out. */
function shapeTree(v: Value): Json {
  if (Array.isArray(v)) return v.map(shapeTree);
  if (isObjectValue(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) {
      const t = shapeTree(x);
      if (t !== false) out[k] = t;
    }
    return out;
  }
  return false;
}

function isJsonObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
