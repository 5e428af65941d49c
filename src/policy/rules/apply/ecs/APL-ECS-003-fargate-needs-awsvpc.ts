import { isUnknown } from '../../../../model/value.js';
import type { Outcome } from '../../../types.js';
import { applyRule, unknownOutcome, valueAt } from '../factories.js';
import { notFargate } from './common.js';

export const APL_ECS_003 = applyRule(
  {
    id: 'APL-ECS-003',
    title: 'A task definition that requires FARGATE uses the awsvpc network mode',
    why: 'RegisterTaskDefinition refuses a task definition that requires FARGATE with any other network mode than awsvpc, and an unset network mode is bridge: the task definition is never registered and its service never starts. The provider does not compare them at plan.',
    source: {
      quote: 'The Docker networking mode to use for the containers in the task. The valid values are none, bridge, awsvpc, and host. If no network mode is specified, the default is bridge. For Amazon ECS tasks on Fargate, the awsvpc network mode is required.',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/ecs/aws.sdk.kotlin.services.ecs.model/-task-definition/network-mode.html',
    },
    fix: 'Set network_mode = "awsvpc" on every task definition that requires FARGATE.',
    resourceTypes: ['aws_ecs_task_definition'],
  },
  (r): Outcome => {
    const skip = notFargate(r);
    if (skip) return skip;
    const mode = valueAt(r, 'network_mode');
    if (isUnknown(mode)) return unknownOutcome('network_mode', mode);
    if (mode === 'awsvpc') return { verdict: 'pass', path: 'network_mode', message: 'a FARGATE task definition in the awsvpc network mode' };
    const m = typeof mode === 'string' ? mode : 'bridge (network_mode unset)';
    return { verdict: 'fail', path: typeof mode === 'string' ? 'network_mode' : 'requires_compatibilities', message: `the task definition requires FARGATE but its network mode is ${m}; Fargate requires awsvpc, and RegisterTaskDefinition refuses it.` };
  },
);
