import { rangeFor, VOLUME_TYPES, volumeRule } from './common.js';

export const APL_EBS_002 = volumeRule(
  {
    id: 'APL-EBS-002',
    title: 'io1 volume IOPS are 100-64,000',
    why: 'RunInstances / CreateVolume refuse io1 IOPS outside the range.',
    source: {
      quote: 'The following are the supported values for each volume type: gp3: 3,000 - 16,000 IOPS io1: 100 - 64,000 IOPS io2: 100 - 256,000 IOPS',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/ec2/aws.sdk.kotlin.services.ec2.model/-ebs-block-device/iops.html',
    },
    fix: 'Set io1 `iops` between 100 and 64000.',
    resourceTypes: VOLUME_TYPES,
  },
  rangeFor(['io1'], 'iops', 100, 64000),
);
