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
  /** Planned actions when loaded from a plan (`["create"]`, `["no-op"]`, …). */
  actions?: string[];
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
  location?: SourceLocation;
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
  /** Input variables of the root module, as resolved. */
  variables: Record<string, Value>;
  outputs: Record<string, OutputValue>;
  backend?: BackendConfig;
  providers: ProviderConfig[];
  /** Terraform's `required_version` and `required_providers` of the root module, when known. */
  requirements?: { terraform?: string; providers: Record<string, { source?: string; version?: string }> };
  unevaluatedModules: UnevaluatedModule[];
  diagnostics: Diagnostic[];
  /** Plan metadata when loaded from a plan. */
  plan?: { formatVersion: string; terraformVersion?: string; errored: boolean };
}
