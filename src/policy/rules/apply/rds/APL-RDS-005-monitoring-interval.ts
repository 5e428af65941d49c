import { numberRule } from '../factories.js';

export const APL_RDS_005 = numberRule(
  {
    id: 'APL-RDS-005',
    title: 'RDS enhanced-monitoring interval is 0, 1, 5, 10, 15, 30 or 60',
    why: 'Any other interval is refused by CreateDBInstance / CreateDBCluster.',
    source: {
      quote: 'Valid Values: 0 | 1 | 5 | 10 | 15 | 30 | 60',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-instance-request/monitoring-interval.html',
    },
    fix: 'Use one of 0, 1, 5, 10, 15, 30, 60 seconds.',
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster', 'aws_rds_cluster_instance'],
    providerValidates: true,
  },
  ['monitoring_interval'],
  { oneOf: [0, 1, 5, 10, 15, 30, 60] },
);
