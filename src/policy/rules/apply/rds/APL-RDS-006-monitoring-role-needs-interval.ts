import { applyRule, isOutcome, knownValues } from '../factories.js';
import { asNumber } from '../../../values.js';
import { isUnknown } from '../../../../model/value.js';
import { read } from '../../../values.js';

export const APL_RDS_006 = applyRule(
  {
    id: 'APL-RDS-006',
    title: 'RDS monitoring_role_arn only with a non-zero monitoring_interval',
    why: 'A monitoring role with interval 0 is refused at create.',
    source: {
      quote: 'If MonitoringRoleArn is specified, then you must set MonitoringInterval to a value other than 0.',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-instance-request/monitoring-interval.html',
    },
    fix: 'Either set `monitoring_interval` to 1-60 with `monitoring_role_arn`, or drop the role with interval 0.',
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster', 'aws_rds_cluster_instance'],
  },
  (r) => {
    const v = knownValues(r, ['monitoring_interval']);
    if (isOutcome(v)) return v;
    const interval = asNumber(v.monitoring_interval) ?? 0;
    // Set: a known ARN, or an unknown that comes from something else (a role's arn); a provider-computed
    // value (null in the configuration) has only the resource itself as origin.
    const arn = read(r.values, 'monitoring_role_arn');
    const role = (typeof arn === 'string' && arn !== '') || (isUnknown(arn) && arn.origins.some((o) => o.address !== r.address));
    if (role && interval === 0) return { verdict: 'fail', path: 'monitoring_role_arn', message: 'monitoring_role_arn is set while monitoring_interval is 0. Either set `monitoring_interval` to 1-60 with `monitoring_role_arn`, or drop the role with interval 0.' };
    return { verdict: 'pass', path: 'monitoring_interval', message: role ? `monitoring_interval ${interval} with a monitoring role` : 'no monitoring role' };
  },
);
