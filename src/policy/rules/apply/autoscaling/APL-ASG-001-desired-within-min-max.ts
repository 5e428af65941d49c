import { isUnknown } from '../../../../model/value.js';
import type { Outcome } from '../../../types.js';
import { applyRule, unknownOutcome, valueAt } from '../factories.js';

export const APL_ASG_001 = applyRule(
  {
    id: 'APL-ASG-001',
    title: 'An Auto Scaling group\'s desired capacity is within its min and max size, and min ≤ max',
    why: 'CreateAutoScalingGroup and UpdateAutoScalingGroup refuse a desired capacity outside [min_size, max_size] and a min_size above max_size (ValidationError "Desired capacity:4 must be between the specified min size:1 and max size:3"): the group is never created, or a resize that raised desired_capacity without max_size fails. The aws provider 5.100 checks each number alone, so the plan passes.',
    source: {
      quote: 'The desired capacity is the initial capacity of the Auto Scaling group at the time of its creation and the capacity it attempts to maintain. It can scale beyond this capacity if you configure auto scaling. This number must be greater than or equal to the minimum size of the group and less than or equal to the maximum size of the group. If you do not specify a desired capacity, the default is the minimum size of the group.',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/autoscaling/aws.sdk.kotlin.services.autoscaling.model/-create-auto-scaling-group-request/desired-capacity.html',
    },
    fix: 'Keep min_size ≤ desired_capacity ≤ max_size (or leave desired_capacity unset: it starts at min_size), derived from the same variables.',
    resourceTypes: ['aws_autoscaling_group'],
  },
  (r): Outcome => {
    const min = valueAt(r, 'min_size');
    const max = valueAt(r, 'max_size');
    const desired = valueAt(r, 'desired_capacity');
    if (isUnknown(min)) return unknownOutcome('min_size', min);
    if (isUnknown(max)) return unknownOutcome('max_size', max);
    if (typeof min !== 'number' || typeof max !== 'number') return { verdict: 'unknown', path: 'min_size', message: 'min_size or max_size is not a number here' };
    if (min > max) return { verdict: 'fail', path: 'min_size', message: `min_size (${min}) is above max_size (${max}); AWS refuses the group.` };
    // Unset, desired capacity is planned "known after apply": AWS starts at min_size, which is within.
    if (desired === undefined || desired === null) return { verdict: 'pass', path: 'max_size', message: `min_size ${min} ≤ max_size ${max}; desired_capacity is not set (AWS starts at min_size)` };
    if (isUnknown(desired)) return unknownOutcome('desired_capacity', desired);
    if (typeof desired !== 'number') return { verdict: 'unknown', path: 'desired_capacity', message: 'desired_capacity is not a number here' };
    return desired >= min && desired <= max
      ? { verdict: 'pass', path: 'desired_capacity', message: `desired_capacity ${desired} is within [${min}, ${max}]` }
      : { verdict: 'fail', path: 'desired_capacity', message: `desired_capacity (${desired}) is outside [min_size ${min}, max_size ${max}]; AWS refuses it ("Desired capacity must be between the specified min size and max size").` };
  },
);
