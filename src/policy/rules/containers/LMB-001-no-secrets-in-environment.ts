import { isObjectValue, isUnknown } from '../../../model/value.js';
import { isSecretName } from '../../secrets.js';
import type { Outcome, ResourceRule } from '../../types.js';
import { read, unknownAt } from '../../values.js';

export const LMB_001: ResourceRule = {
  id: 'LMB-001',
  title: 'Lambda functions keep no secret in their environment variables',
  severity: 'error',
  rationale:
    'AWS Lambda developer guide, "Securing environment variables": environment variables are returned by GetFunctionConfiguration and shown in the console to anyone who may read the function, and AWS recommends Secrets Manager for credentials ("do not store sensitive information in environment variables"); checkov CKV_AWS_45 flags the same. The function should fetch the secret at run time.',
  fix: 'Store the value in Secrets Manager (or SSM SecureString), pass its ARN or name in the environment, and read it at start (the AWS Parameters and Secrets Lambda extension caches it).',
  resourceTypes: ['aws_lambda_function'],
  check(r) {
    const vars = read(r.values, 'environment.0.variables');
    if (vars === undefined || vars === null) return { verdict: 'not-applicable', message: 'no environment variables' };
    if (isUnknown(vars)) return unknownAt('environment.0.variables', vars);
    if (!isObjectValue(vars)) return { verdict: 'not-applicable', message: 'no environment variables' };
    const out: Outcome[] = [];
    for (const name of Object.keys(vars)) {
      if (isSecretName(name)) out.push({ verdict: 'fail', path: `environment.0.variables.${name}`, message: `environment variable ${name} holds a secret, readable by anyone who can read the function. ${LMB_001.fix}` });
    }
    if (out.length === 0) out.push({ verdict: 'pass', path: 'environment.0.variables', message: 'no secret-named environment variable' });
    return out;
  },
};
