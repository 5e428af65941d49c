import { isUnknown } from '../../../model/value.js';
import { containerDefinitions, containerName } from '../../containers.js';
import type { Outcome, ResourceRule } from '../../types.js';
import { isTrue, unknownAt } from '../../values.js';

export const ECS_002: ResourceRule = {
  id: 'ECS-002',
  title: 'ECS containers do not run privileged',
  severity: 'error',
  rationale:
    'AWS Security Hub ECS.4 "ECS containers should run as non-privileged" ("This control fails if this parameter is equal to \'true\'"): a privileged container gets root on the host\'s kernel and devices, so one compromised container owns the container instance and every task on it.',
  fix: 'Remove `privileged = true` (add only the Linux capabilities it needs under linuxParameters.capabilities).',
  resourceTypes: ['aws_ecs_task_definition'],
  check(r) {
    const defs = containerDefinitions(r);
    if (defs === undefined) return { verdict: 'not-applicable', message: 'no container definitions' };
    if (isUnknown(defs)) return unknownAt('container_definitions', defs);
    const out: Outcome[] = [];
    defs.forEach((c, i) => {
      if (isUnknown(c.privileged)) out.push({ verdict: 'unknown', path: 'container_definitions', message: `privileged of ${containerName(c, i)} is not known before apply` });
      else if (isTrue(c.privileged)) out.push({ verdict: 'fail', path: 'container_definitions', message: `${containerName(c, i)} runs privileged. ${ECS_002.fix}` });
    });
    if (out.length === 0) out.push({ verdict: 'pass', path: 'container_definitions', message: 'no privileged container' });
    return out;
  },
};
