import { isUnknown } from '../../../../model/value.js';
import { unknownOutcome } from '../factories.js';
import { asNumber } from '../../../values.js';
import { VOLUME_TYPES, volumeRule } from './common.js';

export const APL_EBS_005 = volumeRule(
  {
    id: 'APL-EBS-005',
    title: 'IOPS are set only on gp3, io1 and io2 volumes',
    why: 'IOPS on a gp2, st1, sc1 or standard volume are refused.',
    source: {
      quote: 'This parameter is required for io1 and io2 volume types. The default for gp3 volumes is 3,000 IOPS. This parameter is not supported for st1, sc1, or standard volume types.',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/ecs/aws.sdk.kotlin.services.ecs.model/-task-managed-ebs-volume-configuration/iops.html',
    },
    fix: 'Remove `iops` from st1/sc1/standard volumes (or change the type to gp3/io1/io2).',
    resourceTypes: VOLUME_TYPES,
    providerValidates: true,
  },
  (v, path) => {
    const n = isUnknown(v.iops) ? undefined : asNumber(v.iops);
    if (!isUnknown(v.iops) && (n === undefined || n === 0)) return undefined;
    if (isUnknown(v.type)) return unknownOutcome(path(v.typeKey), v.type);
    if (typeof v.type !== 'string') return undefined;
    return ['st1', 'sc1', 'standard'].includes(v.type)
      ? { verdict: 'fail', path: path('iops'), message: `iops set on a ${v.type} volume` }
      : { verdict: 'pass', path: path('iops'), message: `iops on a ${v.type} volume` };
  },
);
