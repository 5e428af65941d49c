import { numberRule } from '../factories.js';

export const APL_EC2_001 = numberRule(
  {
    id: 'APL-EC2-001',
    title: 'Instance metadata PUT response hop limit is 1-64',
    why: 'RunInstances / CreateLaunchTemplate refuse other hop limits.',
    source: {
      quote: 'The desired HTTP PUT response hop limit for instance metadata requests. The larger the number, the further instance metadata requests can travel. Default: 1 Possible values: Integers from 1 to 64',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/ec2/aws.sdk.kotlin.services.ec2.model/-launch-template-instance-metadata-options-request/http-put-response-hop-limit.html',
    },
    fix: 'Use a hop limit from 1 to 64 (1 unless containers need the instance credentials, then 2).',
    resourceTypes: ['aws_instance', 'aws_launch_template'],
    providerValidates: true,
  },
  ['metadata_options.*.http_put_response_hop_limit'],
  { integer: true, min: 1, max: 64 },
);
