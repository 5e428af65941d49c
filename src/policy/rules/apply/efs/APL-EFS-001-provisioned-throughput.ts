import { applyRule, isOutcome, knownValues } from '../factories.js';
import { asNumber } from '../../../values.js';

export const APL_EFS_001 = applyRule(
  {
    id: 'APL-EFS-001',
    title: 'An EFS file system in provisioned throughput mode sets its throughput (1-3414 MiB/s)',
    why: 'CreateFileSystem refuses provisioned mode without a throughput.',
    source: {
      quote: 'The throughput, measured in mebibytes per second (MiBps), that you want to provision for a file system that you\'re creating. Required if ThroughputMode is set to provisioned. Valid values are 1-3414 MiBps, with the upper limit depending on Region.',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/efs/aws.sdk.kotlin.services.efs.model/-update-file-system-request/provisioned-throughput-in-mib-ps.html',
    },
    fix: 'Set `provisioned_throughput_in_mibps` (1-3414) with `throughput_mode = "provisioned"`, or use "elastic"/"bursting".',
    resourceTypes: ['aws_efs_file_system'],
  },
  (r) => {
    const v = knownValues(r, ['throughput_mode', 'provisioned_throughput_in_mibps']);
    if (isOutcome(v)) return v;
    if (v.throughput_mode !== 'provisioned') return { verdict: 'not-applicable', message: `throughput_mode ${JSON.stringify(v.throughput_mode ?? 'bursting')}` };
    const n = asNumber(v.provisioned_throughput_in_mibps);
    if (n === undefined) return { verdict: 'fail', path: 'throughput_mode', message: 'throughput_mode = "provisioned" without provisioned_throughput_in_mibps. Set `provisioned_throughput_in_mibps` (1-3414).' };
    return n >= 1 && n <= 3414
      ? { verdict: 'pass', path: 'provisioned_throughput_in_mibps', message: `${n} MiB/s provisioned` }
      : { verdict: 'fail', path: 'provisioned_throughput_in_mibps', message: `provisioned_throughput_in_mibps is ${n}; it must be 1-3414` };
  },
);
