import { numberRule } from '../factories.js';
import { LAMBDA_QUOTAS_URL } from './common.js';

export const APL_LAMBDA_002 = numberRule(
  {
    id: 'APL-LAMBDA-002',
    title: 'Lambda function timeout is at most 900 seconds',
    why: 'CreateFunction refuses a timeout beyond 15 minutes.',
    source: { quote: 'Code can run for up to 15 minutes in a single invocation and a single function can use up to 10,240 MB of memory.', url: LAMBDA_QUOTAS_URL },
    fix: 'Use a timeout of 1-900 seconds (split longer work, or use Step Functions / ECS).',
    resourceTypes: ['aws_lambda_function'],
    providerValidates: true,
  },
  ['timeout'],
  { integer: true, min: 1, max: 900 },
);
