/**
 * Every EBS volume a resource declares, read the same way: aws_ebs_volume itself, an instance's
 * root_block_device / ebs_block_device, a launch template's block_device_mappings.*.ebs.
 */
import type { Resource } from '../../../../model/resource.js';
import { isUnknown, type Value } from '../../../../model/value.js';
import { applyRule, valuesAt, unknownOutcome, type ApplyMeta } from '../factories.js';
import type { Outcome, ResourceRule } from '../../../types.js';
import { asNumber } from '../../../values.js';

export const VOLUME_TYPES = ['aws_ebs_volume', 'aws_instance', 'aws_launch_template'];

export interface Volume {
  /** Path of the volume's block (`root_block_device.0`), '' for aws_ebs_volume. */
  at: string;
  type: Value | undefined;
  iops: Value | undefined;
  throughput: Value | undefined;
  /** `type` on aws_ebs_volume, `volume_type` in block devices. */
  typeKey: string;
}

export function volumes(r: Resource): Volume[] {
  const blockPaths =
    r.type === 'aws_ebs_volume'
      ? [{ path: '', value: r.values as Value }]
      : r.type === 'aws_instance'
        ? [...valuesAt(r, 'root_block_device.*'), ...valuesAt(r, 'ebs_block_device.*')]
        : valuesAt(r, 'block_device_mappings.*.ebs.*');
  const typeKey = r.type === 'aws_ebs_volume' ? 'type' : 'volume_type';
  const out: Volume[] = [];
  for (const { path } of blockPaths) {
    const p = (k: string) => (path ? `${path}.${k}` : k);
    const get = (k: string) => valuesAt(r, p(k))[0]?.value;
    out.push({ at: path, type: get(typeKey), iops: get('iops'), throughput: get('throughput'), typeKey });
  }
  return out;
}

function join(at: string, k: string): string {
  return at ? `${at}.${k}` : k;
}

/** A rule judging each volume: `judge` returns an outcome, or undefined when the volume is not concerned. */
export function volumeRule(meta: ApplyMeta, judge: (v: Volume, path: (k: string) => string) => Outcome | undefined): ResourceRule {
  return applyRule(meta, (r) => {
    const out: Outcome[] = [];
    for (const v of volumes(r)) {
      const o = judge(v, (k) => join(v.at, k));
      if (o) out.push(o.verdict === 'fail' ? { ...o, message: `${o.message}. ${meta.fix}` } : o);
    }
    return out.length ? out : { verdict: 'not-applicable', message: 'no volume this rule concerns' };
  });
}

/** The volume's IOPS (or throughput) against a range for the given volume types. */
export function rangeFor(types: string[], key: 'iops' | 'throughput', min: number, max: number) {
  return (v: Volume, path: (k: string) => string): Outcome | undefined => {
    const value = v[key];
    if (value === undefined || value === null) return undefined;
    if (isUnknown(v.type)) return unknownOutcome(path(v.typeKey), v.type);
    if (typeof v.type !== 'string' || !types.includes(v.type)) return undefined;
    if (isUnknown(value)) return unknownOutcome(path(key), value);
    const n = asNumber(value);
    if (n === undefined || (n === 0 && key === 'iops')) return undefined;
    return n >= min && n <= max
      ? { verdict: 'pass', path: path(key), message: `${v.type} ${key} ${n}` }
      : { verdict: 'fail', path: path(key), message: `${v.type} ${key} is ${n}; it must be ${min}-${max}` };
  };
}
