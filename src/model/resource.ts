import type { AttributePath, ObjectValue, Value } from './value.js';

/** A place in a source file (1-based line and column). */
export interface SourceLocation {
  file: string;
  line: number;
  column?: number;
}

/** A reference from one attribute of a resource to another resource (or a module output, variable…). */
export interface Reference {
  /** Attribute path in the referring resource (`security_group_id`, `ingress.0.security_groups`) */
  attribute: AttributePath;
  /**
   * What it points at: the full address of a resource (`module.app["prod"].aws_security_group.api`,
   * instance key included when it is known), optionally followed by the attribute (`.id`).
   * From a plan the instance key may be missing when terraform's references omit it.
   */
  target: string;
  /**
   * The traversal as written in the referring module's expression (`var.sg_ids`, `module.vpc.id`,
   * `aws_vpc.main.id`), when `target` was resolved from it through module variables, module
   * outputs or the module path. Set by the plan loader; optional for other sources.
   */
  via?: string;
}

export type ResourceMode = 'managed' | 'data';

export interface Resource {
  /** Full address, e.g. `module.app["prod"].aws_instance.api[0]` */
  address: string;
  /** Module path part of the address, `''` for the root module, e.g. `module.app["prod"]` */
  module: string;
  mode: ResourceMode;
  type: string;
  name: string;
  /** count index or for_each key; undefined for a single instance */
  index?: number | string;
  /** Provider address, e.g. `registry.terraform.io/hashicorp/aws` */
  provider: string;
  /** The planned values; unknown-until-apply parts are `Unknown` instances. */
  values: ObjectValue;
  /** Attribute paths whose values are sensitive (whole subtree). */
  sensitive: AttributePath[];
  /** References from this resource's expressions to other objects. */
  references: Reference[];
  /**
   * Set when the number of instances is not known before apply (a `count` or `for_each`, of the
   * resource or of a module it is in, that depends on an id or a data source): this one resource
   * stands for all of them — its address ends `[*]` where the keys are unknown, and every value
   * that depends on `count.index`, `each.key` or `each.value` is unknown. Reports name it
   * "N instances, count unknown"; a check whose answer depends on how many there are is unknown.
   */
  unknownInstances?: UnknownInstances;
  /**
   * From a plan: the attribute paths its configuration sets with an expression (`subnet_id =
   * each.value.subnet_id`). A plan's values cannot tell such an unknown from a computed default
   * (both "known after apply" with the resource itself as origin); `isConfigured` reads this.
   */
  configured?: AttributePath[];
  /** Planned actions when loaded from a plan (`["create"]`, `["no-op"]`, …). */
  actions?: string[];
  /**
   * The `lifecycle` meta-arguments as written (literals only, as terraform requires). Present when
   * the model came from HCL; a plan does not record them.
   */
  lifecycle?: { createBeforeDestroy?: boolean; preventDestroy?: boolean };
  /** Where the resource and each attribute were declared; present when the model came from HCL. */
  source?: {
    /** The resource block's first line. */
    block: SourceLocation;
    /** Declaration site per attribute path (top-level names and nested block paths). */
    attributes: Record<AttributePath, SourceLocation>;
    /** `# stackcheck:ignore RULE reason` comments found in the block. */
    suppressions?: { ruleId: string; reason: string; location: SourceLocation }[];
  };
}

/** Why a resource's instances are not known (Resource.unknownInstances). */
export interface UnknownInstances {
  /** What is unknown: the resource's own `count` / `for_each`, or a module call's. */
  by: 'count' | 'for_each';
  /** The configuration address whose count/for_each is unknown (`aws_subnet.private`, `module.app`). */
  of: string;
  /** What it depends on (`data.aws_availability_zones.available.names`), when known. */
  dependsOn: string[];
  location?: SourceLocation;
}

/** "N instances, count unknown" (or "for_each keys unknown"), as every report writes it. */
export function describeUnknownInstances(u: UnknownInstances): string {
  const what = u.by === 'count' ? 'count unknown' : 'for_each keys unknown';
  const from = u.dependsOn.length ? ` (it depends on ${u.dependsOn.join(', ')})` : '';
  return `N instances, ${what}: the ${u.by} of ${u.of} is not known before apply${from}`;
}

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

/** Something the loader wants a person to know: an error it could not get past, or a limit it hit. */
export interface Diagnostic {
  severity: DiagnosticSeverity;
  /** What happened and what to do, in one sentence or two. */
  message: string;
  location?: SourceLocation;
  /** Resource or module address it concerns, when there is one. */
  address?: string;
}

/** A module call that was not evaluated (registry or remote source). */
export interface UnevaluatedModule {
  address: string;
  source: string;
  reason: string;
}

export interface BackendConfig {
  type: string;
  config: ObjectValue;
  location?: SourceLocation;
}

export interface ProviderConfig {
  /** `aws`, `aws.us_east_1` */
  name: string;
  /** Module the configuration sits in, `''` for root */
  module: string;
  config: ObjectValue;
  /** References of expressions the loader could not evaluate (their values are `Unknown`), by attribute path. */
  references?: Record<AttributePath, string[]>;
  location?: SourceLocation;
}

/**
 * A module call as configured (not per instance): what the plan's `configuration` records about it.
 * The plan loader resolves references through these (a module's `var.x` → the caller's expression);
 * the plan writer writes them back.
 */
export interface ModuleCall {
  /** Configuration address without instance keys: `module.app`, `module.app.module.sg` */
  address: string;
  source: string;
  /** References of each input argument's expression, as written in the calling module. */
  inputs: Record<string, string[]>;
  /** References of each output's expression, as written inside the module. */
  outputs: Record<string, string[]>;
  /** Whether the call has `count` / `for_each` (its instances then carry keys). */
  repetition?: 'count' | 'for_each';
}

export interface OutputValue {
  value: Value;
  sensitive: boolean;
}

export type ModelOrigin = 'plan' | 'hcl';

/** "The resources this stack will have", from either source. */
export interface StackModel {
  origin: ModelOrigin;
  /** The plan file or the root module directory the model came from. */
  source: string;
  resources: Resource[];
  /**
   * Resources the plan takes out of the stack (actions `["delete"]`, `["forget"]`, deposed objects),
   * with their last known values (`before`). Kept apart from `resources` so that no check judges a
   * resource being destroyed as if it will exist. Empty or absent for models from HCL.
   */
  removed?: Resource[];
  /** Module calls as configured, when the source records them (plans do). */
  moduleCalls?: ModuleCall[];
  /** Input variables of the root module, as resolved. */
  variables: Record<string, Value>;
  /** Root input variables declared `sensitive = true` (their values are secrets: model/secrets.ts). */
  sensitiveVariables?: string[];
  outputs: Record<string, OutputValue>;
  backend?: BackendConfig;
  providers: ProviderConfig[];
  /** Terraform's `required_version` and `required_providers` of the root module, when known. */
  requirements?: { terraform?: string; providers: Record<string, { source?: string; version?: string }> };
  unevaluatedModules: UnevaluatedModule[];
  diagnostics: Diagnostic[];
  /**
   * Plan metadata when loaded from a plan; `timestamp` is the time terraform planned (what
   * `plantimestamp()` returned in it), when the plan records it (terraform 1.5+).
   */
  plan?: { formatVersion: string; terraformVersion?: string; errored: boolean; timestamp?: string };
}
