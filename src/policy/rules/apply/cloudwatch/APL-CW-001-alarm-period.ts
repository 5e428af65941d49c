import { numberRule } from '../factories.js';

export const CW_PERIOD_SOURCE = 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/cloudwatch/aws.sdk.kotlin.services.cloudwatch.model/-put-metric-alarm-request/period.html';

export const APL_CW_001 = numberRule(
  {
    id: 'APL-CW-001',
    title: 'Alarm period is 10, 20, 30 or a multiple of 60 seconds',
    why: 'PutMetricAlarm refuses any other period.',
    source: { quote: 'The length, in seconds, used each time the metric specified in MetricName is evaluated. Valid values are 10, 20, 30, and any multiple of 60.', url: CW_PERIOD_SOURCE },
    fix: 'Use 10, 20 or 30 (high-resolution metrics only) or a multiple of 60.',
    resourceTypes: ['aws_cloudwatch_metric_alarm'],
    providerValidates: true,
  },
  ['period', 'metric_query.*.metric.*.period'],
  { also: (n) => ([10, 20, 30].includes(n) || (n > 0 && n % 60 === 0) ? undefined : 'it must be 10, 20, 30 or a multiple of 60') },
);
