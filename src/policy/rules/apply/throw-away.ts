/**
 * Whether the deployment being checked is a throw-away copy (destroyed, then applied again under the
 * same names): a deployment the project config marks `ephemeral: true`, one listed in the
 * `throwAwayDeployments` rule option, or a
 * model that marks itself ephemeral (`ephemeral = true` or a non-empty `run_id`, as
 * envs/ephemeral.tfvars and the ephemeral runner do, or a `stackcheck:run-id` tag).
 */
import type { Resource } from '../../../model/resource.js';
import type { RuleContext } from '../../types.js';
import { isEphemeral } from '../../values.js';

export function isThrowAway(r: Resource, ctx: RuleContext): boolean {
  if (ctx.ephemeral || ctx.options.throwAwayDeployments?.includes(ctx.deployment)) return true;
  return isEphemeral(r, ctx);
}

/** `applies` for rules that only matter in a throw-away deployment. */
export function throwAwayOnly(r: Resource, ctx: RuleContext): true | string {
  return isThrowAway(r, ctx) ? true : `deployment ${ctx.deployment} is not a throw-away copy (mark it ephemeral: true in the project config)`;
}
