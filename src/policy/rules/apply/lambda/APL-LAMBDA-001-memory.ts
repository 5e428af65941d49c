import { numberRule } from '../factories.js';
import { LAMBDA_QUOTAS_URL } from './common.js';

export const APL_LAMBDA_001 = numberRule(
  {
    id: 'APL-LAMBDA-001',
    title: 'Lambda function memory is 128-10,240 MB',
    why: 'CreateFunction refuses memory outside the range.',
    source: {
      quote: 'Code can run for up to 15 minutes in a single invocation and a single function can use up to 10,240 MB of memory. (Lambda quotas) — You can configure a Lambda function to use between 128 MB and 10,240 MB. (AWS Lambda operator guide, serverlessland.com)',
      url: LAMBDA_QUOTAS_URL,
    },
    fix: 'Use 128-10240 MB.',
    resourceTypes: ['aws_lambda_function'],
    providerValidates: true,
  },
  ['memory_size'],
  { integer: true, min: 128, max: 10240 },
);
