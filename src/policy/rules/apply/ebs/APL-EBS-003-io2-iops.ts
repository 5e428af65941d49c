import { rangeFor, VOLUME_TYPES, volumeRule } from './common.js';

export const APL_EBS_003 = volumeRule(
  {
    id: 'APL-EBS-003',
    title: 'io2 volume IOPS are 100-256,000',
    why: 'RunInstances / CreateVolume refuse io2 IOPS outside the range.',
    source: {
      quote: 'The following are the supported values for each volume type: gp3: 3,000 - 16,000 IOPS io1: 100 - 64,000 IOPS io2: 100 - 256,000 IOPS',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/ec2/aws.sdk.kotlin.services.ec2.model/-ebs-block-device/iops.html',
    },
    fix: 'Set io2 `iops` between 100 and 256000.',
    resourceTypes: VOLUME_TYPES,
  },
  rangeFor(['io2'], 'iops', 100, 256000),
);
