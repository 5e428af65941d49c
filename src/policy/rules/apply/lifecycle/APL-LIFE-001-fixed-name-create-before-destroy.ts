import { isUnknown } from '../../../../model/value.js';
import type { ModelOutcome, ModelRule } from '../../../types.js';
import { ruleBase } from '../factories.js';
import { read } from '../../../values.js';

/** Types whose `name` AWS requires to be unique in its scope, so two objects of one name cannot coexist. */
const UNIQUE_NAMES = ['aws_security_group', 'aws_lb', 'aws_alb', 'aws_lb_target_group', 'aws_alb_target_group', 'aws_iam_role', 'aws_iam_policy', 'aws_iam_instance_profile'];

export const APL_LIFE_001: ModelRule = {
  ...ruleBase({
    id: 'APL-LIFE-001',
    title: 'A resource created before it is destroyed does not have a fixed unique name',
    severity: 'warning',
    why: 'With create_before_destroy, terraform creates the replacement while the old object still holds the name, and AWS refuses the duplicate (InvalidGroup.Duplicate, DuplicateLoadBalancerName, EntityAlreadyExists): the first change that forces replacement fails.',
    source: {
      quote: 'The name of the security group. Names are case-insensitive and must be unique within the VPC. (security groups); This name must be unique per region per account (load balancers, target groups); Names of users, groups, roles, and instance profiles must be unique within the account. (IAM)',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/ec2/aws.sdk.kotlin.services.ec2.model/-create-security-group-request/group-name.html',
    },
    fix: 'Use `name_prefix` (the provider appends a unique suffix) instead of `name` on resources with create_before_destroy.',
    resourceTypes: UNIQUE_NAMES,
  }),
  checkModel(ctx): ModelOutcome[] {
    const named = ctx.index.ofType(...UNIQUE_NAMES).filter((r) => r.mode === 'managed' && typeof read(r.values, 'name') === 'string' && typeof read(r.values, 'name_prefix') !== 'string');
    if (ctx.model.origin === 'plan') {
      return named.length
        ? [{ verdict: 'unknown', message: `a plan does not record lifecycle.create_before_destroy, so ${named.length} resource(s) with a fixed name cannot be judged; run this rule on the HCL (stackcheck check <dir>)` }]
        : [];
    }
    return named.map((r): ModelOutcome => {
      const cbd = r.lifecycle?.createBeforeDestroy === true;
      const name = read(r.values, 'name');
      if (!cbd) return { resource: r, verdict: 'pass', path: 'name', message: 'not create_before_destroy' };
      return isUnknown(name)
        ? { resource: r, verdict: 'unknown', path: 'name', message: 'name not known before apply' }
        : { resource: r, verdict: 'fail', path: 'name', message: `fixed name ${JSON.stringify(name)} with create_before_destroy: a replacement collides with the old object. Use \`name_prefix\` instead of \`name\`.` };
    });
  },
};
