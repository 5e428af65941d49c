import type { Resource } from '../../../../model/resource.js';
import { isUnknown } from '../../../../model/value.js';
import { followOne } from '../../../refs.js';
import type { Outcome, RuleContext } from '../../../types.js';
import { applyRule, unknownOutcome, valueAt, valuesAt } from '../factories.js';

const TG = ['aws_lb_target_group', 'aws_alb_target_group'];

/** The network mode of the service's task definition, or why it is not known. */
function networkMode(r: Resource, ctx: RuleContext): { mode: string; what: string } | Outcome {
  const d = followOne(ctx, r, 'task_definition', ['aws_ecs_task_definition'], 'a task definition');
  if ('verdict' in d) return d;
  const mode = valueAt(d, 'network_mode');
  if (isUnknown(mode)) return unknownOutcome('task_definition', mode, `the network mode of ${d.address} is not known before apply`);
  // Unset: "If no network mode is specified, the default is bridge" (ECS TaskDefinition reference, networkMode).
  return { mode: typeof mode === 'string' ? mode : 'bridge', what: d.address };
}

export const APL_ECS_002 = applyRule(
  {
    id: 'APL-ECS-002',
    title: 'An ECS service whose tasks use the awsvpc network mode registers with ip target groups',
    why: 'Tasks in the awsvpc network mode (every Fargate task) have their own network interface, not an instance, so CreateService refuses a load balancer target group of target type instance ("The provided target group has target type instance, which is incompatible with the awsvpc network mode specified in the task definition"); the service is never created. A target group left without target_type is of type instance. The provider does not compare them at plan.',
    source: {
      quote: 'If your service\'s task definition uses the awsvpc network mode, you must choose ip as the target type, not instance. Do this when creating your target groups because tasks that use the awsvpc network mode are associated with an elastic network interface, not an Amazon EC2 instance. This network mode is required for the Fargate launch type.',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/ecs/aws.sdk.kotlin.services.ecs.model/-load-balancer/target-group-arn.html',
    },
    fix: 'Set target_type = "ip" on the target groups of an awsvpc (Fargate) service; target_type forces a new target group, so create it with create_before_destroy or a new name.',
    resourceTypes: ['aws_ecs_service', ...TG, 'aws_ecs_task_definition'],
    judgedTypes: ['aws_ecs_service'],
  },
  (r, ctx): Outcome => {
    const lbs = valuesAt(r, 'load_balancer.*.target_group_arn').filter((x) => x.value !== undefined && x.value !== null);
    if (lbs.length === 0) return { verdict: 'not-applicable', message: 'the service registers with no target group' };
    const net = networkMode(r, ctx);
    if ('verdict' in net) return net;
    if (net.mode !== 'awsvpc') return { verdict: 'not-applicable', message: `${net.what} uses the ${net.mode} network mode` };
    const judged: string[] = [];
    for (const { path } of lbs) {
      const g = followOne(ctx, r, path, TG, 'a target group');
      if ('verdict' in g) return g;
      const type = valueAt(g, 'target_type');
      if (isUnknown(type)) return unknownOutcome(path, type, `the target type of ${g.address} is not known before apply`);
      const t = typeof type === 'string' ? type : 'instance';
      if (t !== 'ip')
        return {
          verdict: 'fail',
          path,
          message: `${g.address} has target type ${t}${typeof type === 'string' ? '' : ' (target_type unset)'}, but ${net.what} uses the awsvpc network mode; CreateService refuses it. Set target_type = "ip".`,
        };
      judged.push(g.address);
    }
    return { verdict: 'pass', path: lbs[0]!.path, message: `${judged.join(', ')} ${judged.length === 1 ? 'is' : 'are'} of target type ip, as the awsvpc network mode of ${net.what} needs` };
  },
);
