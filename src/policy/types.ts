import type { Severity } from '../check/types.js';
import type { ModelIndex } from '../model/query.js';
import type { Resource, SourceLocation, StackModel } from '../model/resource.js';
import type { AttributePath } from '../model/value.js';
import type { IntentsFile } from '../reach/intents.js';

/** What one rule says about one subject. `path` points at the offending (or deciding) attribute. */
export interface Outcome {
  verdict: 'pass' | 'fail' | 'unknown' | 'not-applicable';
  message: string;
  /** Attribute path in the judged resource (`ingress.0.cidr_blocks`); the block line when absent. */
  path?: AttributePath;
}

/** An outcome of a model-level rule, about one resource or about the whole configuration. */
export interface ModelOutcome extends Outcome {
  resource?: Resource;
  /** Where it was declared when it is not a resource (the backend block). */
  location?: SourceLocation;
}

/** What a rule may read besides the resource it judges. Built once per model and shared. */
export interface RuleContext {
  model: StackModel;
  index: ModelIndex;
  deployment: string;
  /** Settings rules read (project configuration); empty when none are given. */
  options: RuleOptions;
  /** The deployment is a throw-away copy of the stack (`ephemeral: true` in the project config). */
  ephemeral: boolean;
  /** The project's intents file, when it has one (rules of a project contract read its entry points). */
  intents?: IntentsFile;
  /** Memoised per-model look-up tables (`memo('tg-attachments', build)`), so rules stay linear. */
  memo<T>(key: string, build: () => T): T;
}

/** Settings of rules that depend on the project rather than on AWS. */
export interface RuleOptions {
  /**
   * Deployments (tfvars names, as `check` names them) that are throw-away copies, destroyed and
   * re-created under the same names (the nightly ephemeral stack). A model whose root variable
   * `ephemeral` is true, or whose `run_id` is set, counts as throw-away too.
   */
  throwAwayDeployments?: string[];
}

interface RuleBase {
  /** Stable id: `NET-001`. Never reuse an id for a different meaning. */
  id: string;
  title: string;
  severity: Severity;
  /** Why the rule exists, naming the seed, DESIGN.md or AWS guidance it comes from. */
  rationale: string;
  /** What to change when it fails. */
  fix: string;
  /** Resource types the rule reads (the judged ones first). */
  resourceTypes: string[];
  /** Types whose resources are judged one by one; defaults to resourceTypes. */
  judgedTypes?: string[];
  /** The aws provider itself rejects a violating literal at `terraform validate`/`plan`. */
  providerValidates?: boolean;
}

/** A rule that judges each resource of its types on its own (with look-ups into the model). */
export interface ResourceRule extends RuleBase {
  check(resource: Resource, ctx: RuleContext): Outcome | Outcome[];
}

/** A rule about the configuration as a whole (the backend) or about sets of resources. */
export interface ModelRule extends RuleBase {
  checkModel(ctx: RuleContext): ModelOutcome[];
}

export type Rule = ResourceRule | ModelRule;

export function isModelRule(rule: Rule): rule is ModelRule {
  return typeof (rule as ModelRule).checkModel === 'function';
}

/** A named group of rules (`dolbom`). */
export interface Pack {
  name: string;
  description: string;
  rules: Rule[];
}
