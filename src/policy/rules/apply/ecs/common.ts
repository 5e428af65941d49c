import type { Resource } from '../../../../model/resource.js';
import { isUnknown } from '../../../../model/value.js';
import type { Outcome } from '../../../types.js';
import { unknownOutcome, valueAt } from '../factories.js';

/**
 * Whether a task definition requires FARGATE: undefined when it does (the rule goes on), else the
 * outcome to return — not applicable, or unknown when its compatibilities are not known yet.
 */
export function notFargate(r: Resource): Outcome | undefined {
  const compat = valueAt(r, 'requires_compatibilities');
  if (isUnknown(compat)) return unknownOutcome('requires_compatibilities', compat);
  const list = Array.isArray(compat) ? compat : [];
  const unknownItem = list.find(isUnknown);
  if (unknownItem) return unknownOutcome('requires_compatibilities', unknownItem);
  return list.includes('FARGATE') ? undefined : { verdict: 'not-applicable', message: 'the task definition does not require FARGATE' };
}
