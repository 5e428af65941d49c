import { applyRule } from '../factories.js';
import { isTrue, read } from '../../../values.js';
import { throwAwayOnly } from '../throw-away.js';
import { isSet } from '../../../refs.js';

export const APL_CW_003 = applyRule(
  {
    id: 'APL-CW-003',
    title: 'A throw-away deployment does not retain named log groups at destroy',
    severity: 'warning',
    why: 'With skip_destroy the log group survives `terraform destroy`, so the next apply of the same deployment fails creating a log group of that name (ResourceAlreadyExistsException).',
    source: {
      quote: 'skip_destroy - (Optional) Set to true if you do not wish the log group (and any logs it may contain) to be deleted at destroy time, and instead just remove the log group from the Terraform state.',
      url: 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group',
    },
    fix: 'Set `skip_destroy = false` in the throw-away deployment (or give the group a per-run name or name_prefix).',
    resourceTypes: ['aws_cloudwatch_log_group'],
  },
  (r, ctx) => {
    const gate = throwAwayOnly(r, ctx);
    if (gate !== true) return { verdict: 'not-applicable', message: gate };
    if (!isTrue(read(r.values, 'skip_destroy'))) return { verdict: 'pass', path: 'skip_destroy', message: 'the log group is deleted at destroy' };
    if (isSet(r, 'name_prefix')) return { verdict: 'pass', path: 'name_prefix', message: 'a generated name does not collide' };
    return { verdict: 'fail', path: 'skip_destroy', message: 'skip_destroy = true in a throw-away deployment: the next apply collides with the retained log group. Set `skip_destroy = false` in the throw-away deployment.' };
  },
);
