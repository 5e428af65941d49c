import { rangeFor, VOLUME_TYPES, volumeRule } from './common.js';

export const APL_EBS_006 = volumeRule(
  {
    id: 'APL-EBS-006',
    title: 'gp3 volume throughput is 125-1,000 MiB/s',
    why: 'Throughput outside the gp3 range is refused.',
    source: {
      quote: 'The throughput, in mebibyte per second (MiB/s). This optional parameter can be a number from 125 - 1000 and is valid only for gp3 volumes.',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/emr/aws.sdk.kotlin.services.emr.model/-volume-specification/-builder/index.html',
    },
    fix: 'Set gp3 `throughput` between 125 and 1000.',
    resourceTypes: VOLUME_TYPES,
    providerValidates: true,
  },
  rangeFor(['gp3'], 'throughput', 125, 1000),
);
