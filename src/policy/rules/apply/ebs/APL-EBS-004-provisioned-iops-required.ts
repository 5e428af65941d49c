import { isUnknown } from '../../../../model/value.js';
import { unknownOutcome } from '../factories.js';
import { VOLUME_TYPES, volumeRule } from './common.js';

export const APL_EBS_004 = volumeRule(
  {
    id: 'APL-EBS-004',
    title: 'io1 and io2 volumes set their IOPS',
    why: 'A Provisioned IOPS volume without IOPS is refused.',
    source: {
      quote: 'This parameter is required for io1 and io2 volumes. The default for gp3 volumes is 3,000 IOPS.',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/ec2/aws.sdk.kotlin.services.ec2.model/-ebs-block-device/iops.html',
    },
    fix: 'Set `iops` on every io1/io2 volume.',
    resourceTypes: VOLUME_TYPES,
    providerValidates: true,
  },
  (v, path) => {
    if (isUnknown(v.type)) return unknownOutcome(path(v.typeKey), v.type);
    if (v.type !== 'io1' && v.type !== 'io2') return undefined;
    if (isUnknown(v.iops)) return { verdict: 'pass', path: path('iops'), message: `${v.type} with iops set by an expression` };
    return v.iops === undefined || v.iops === null || v.iops === 0
      ? { verdict: 'fail', path: path(v.typeKey), message: `${v.type} volume without iops` }
      : { verdict: 'pass', path: path('iops'), message: `${v.type} with iops ${String(v.iops)}` };
  },
);
