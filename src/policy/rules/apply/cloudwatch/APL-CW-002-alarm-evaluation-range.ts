import { applyRule, isOutcome, knownValues } from '../factories.js';
import { asNumber } from '../../../values.js';
import { CW_PERIOD_SOURCE } from './APL-CW-001-alarm-period.js';

export const APL_CW_002 = applyRule(
  {
    id: 'APL-CW-002',
    title: 'Alarm period × evaluation periods is at most 7 days (1 day for periods under an hour)',
    why: 'PutMetricAlarm refuses a longer evaluation range.',
    source: {
      quote: 'An alarm\'s total current evaluation period can be no longer than seven days, so Period multiplied by EvaluationPeriods can\'t be more than 604,800 seconds. For alarms with a period of less than one hour (3,600 seconds), the total evaluation period can\'t be longer than one day (86,400 seconds).',
      url: CW_PERIOD_SOURCE,
    },
    fix: 'Lower evaluation_periods or the period so that their product stays within the limit.',
    resourceTypes: ['aws_cloudwatch_metric_alarm'],
  },
  (r) => {
    const v = knownValues(r, ['period', 'evaluation_periods']);
    if (isOutcome(v)) return v;
    const period = asNumber(v.period);
    const n = asNumber(v.evaluation_periods);
    if (period === undefined || n === undefined) return { verdict: 'not-applicable', message: 'period or evaluation_periods not set (metric math alarm)' };
    const limit = period < 3600 ? 86400 : 604800;
    return period * n <= limit
      ? { verdict: 'pass', path: 'evaluation_periods', message: `${period} s × ${n} = ${period * n} s ≤ ${limit} s` }
      : { verdict: 'fail', path: 'evaluation_periods', message: `${period} s × ${n} = ${period * n} s exceeds ${limit} s. Lower evaluation_periods or the period so that their product stays within the limit.` };
  },
);
