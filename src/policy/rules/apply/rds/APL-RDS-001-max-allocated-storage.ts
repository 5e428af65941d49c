import { applyRule, isOutcome, knownValues } from '../factories.js';
import { asNumber } from '../../../values.js';

export const APL_RDS_001 = applyRule(
  {
    id: 'APL-RDS-001',
    title: 'RDS max_allocated_storage is 0 (off) or at least 10 % above allocated_storage',
    why: 'RDS refuses a storage-autoscaling ceiling closer than 10 % to the allocated storage ("Invalid max storage size"), so a create or modify with e.g. 20/20 fails.',
    source: {
      quote: '최대 스토리지 임계값을 현재 할당된 스토리지보다 10% 이상 크게 설정해야 합니다. (Set the maximum storage threshold at least 10% above the currently allocated storage.) … 그러지 않으면 Invalid max storage size for engine_name … 오류 메시지가 표시됩니다.',
      url: 'https://docs.aws.amazon.com/ko_kr/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.md',
    },
    fix: 'Set `max_allocated_storage = 0` (autoscaling off) or at least 1.1 × `allocated_storage` (AWS recommends ≥ 1.26 × to avoid the threshold-reached event).',
    resourceTypes: ['aws_db_instance'],
  },
  (r) => {
    const v = knownValues(r, ['allocated_storage', 'max_allocated_storage']);
    if (isOutcome(v)) return v;
    const alloc = asNumber(v.allocated_storage);
    const max = asNumber(v.max_allocated_storage);
    if (max === undefined || max === 0) return { verdict: 'pass', path: 'max_allocated_storage', message: 'storage autoscaling is off' };
    if (alloc === undefined) return { verdict: 'not-applicable', message: 'allocated_storage not set (a replica or a restore takes it from its source)' };
    return max >= alloc * 1.1
      ? { verdict: 'pass', path: 'max_allocated_storage', message: `max_allocated_storage ${max} ≥ 1.1 × allocated_storage ${alloc}` }
      : { verdict: 'fail', path: 'max_allocated_storage', message: `max_allocated_storage ${max} is less than 1.1 × allocated_storage ${alloc} (${Math.ceil(alloc * 1.1)}). Set it to 0 or at least ${Math.ceil(alloc * 1.1)}` };
  },
);
