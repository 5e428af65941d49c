import { isObjectValue, isUnknown } from '../../../model/value.js';
import { containerDefinitions, containerName } from '../../containers.js';
import { isSecretName } from '../../secrets.js';
import type { Outcome, ResourceRule } from '../../types.js';
import { unknownAt } from '../../values.js';

export const ECS_001: ResourceRule = {
  id: 'ECS-001',
  title: 'ECS containers get secrets through `secrets`, not `environment`',
  severity: 'error',
  rationale:
    'AWS Security Hub ECS.8 "Secrets should not be passed as container environment variables" (it looks for AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and ECS_ENGINE_AUTH_DATA in `environment`): values in `environment` are stored in clear text in the task definition, shown in the console and returned by DescribeTaskDefinition to anyone with read access. The container definition\'s `secrets` (valueFrom a Secrets Manager secret or SSM SecureString) is injected at start instead.',
  fix: 'Move the variable to `secrets = [{ name = "DB_PASSWORD", valueFrom = <secret ARN> }]` and give the task execution role secretsmanager:GetSecretValue on that secret.',
  resourceTypes: ['aws_ecs_task_definition'],
  check(r) {
    const defs = containerDefinitions(r);
    if (defs === undefined) return { verdict: 'not-applicable', message: 'no container definitions' };
    if (isUnknown(defs)) return unknownAt('container_definitions', defs);
    const out: Outcome[] = [];
    defs.forEach((c, i) => {
      const env = c.environment;
      if (isUnknown(env)) {
        out.push({ verdict: 'unknown', path: 'container_definitions', message: `the environment of ${containerName(c, i)} is not known before apply` });
        return;
      }
      if (!Array.isArray(env)) return;
      for (const e of env) {
        if (!isObjectValue(e)) continue;
        if (isUnknown(e.name)) out.push({ verdict: 'unknown', path: 'container_definitions', message: `an environment variable name of ${containerName(c, i)} is not known before apply` });
        else if (typeof e.name === 'string' && isSecretName(e.name)) {
          out.push({ verdict: 'fail', path: 'container_definitions', message: `${containerName(c, i)} passes ${e.name} in its environment (clear text in the task definition). ${ECS_001.fix}` });
        }
      }
    });
    if (out.length === 0) out.push({ verdict: 'pass', path: 'container_definitions', message: 'no secret-named variable in any container environment' });
    return out;
  },
};
