import { rangeFor, VOLUME_TYPES, volumeRule } from './common.js';

export const APL_EBS_001 = volumeRule(
  {
    id: 'APL-EBS-001',
    title: 'gp3 volume IOPS are 3,000-16,000',
    why: 'RunInstances / CreateVolume refuse gp3 IOPS outside the range.',
    source: {
      quote: 'The following are the supported values for each volume type: gp3: 3,000 - 16,000 IOPS io1: 100 - 64,000 IOPS io2: 100 - 256,000 IOPS',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/ec2/aws.sdk.kotlin.services.ec2.model/-ebs-block-device/iops.html',
    },
    fix: 'Set gp3 `iops` between 3000 and 16000 (or leave it unset for the 3000 baseline).',
    resourceTypes: VOLUME_TYPES,
  },
  rangeFor(['gp3'], 'iops', 3000, 16000),
);
