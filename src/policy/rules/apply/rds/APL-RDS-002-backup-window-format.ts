import { stringRule } from '../factories.js';
import { dailyWindow } from './common.js';

export const APL_RDS_002 = stringRule(
  {
    id: 'APL-RDS-002',
    title: 'RDS backup window is hh24:mi-hh24:mi and at least 30 minutes',
    why: 'CreateDBInstance and CreateDBCluster refuse any other backup window.',
    source: {
      quote: 'Constraints: Must be in the format hh24:mi-hh24:mi. Must be in Universal Coordinated Time (UTC). Must not conflict with the preferred maintenance window. Must be at least 30 minutes.',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-instance-request/preferred-backup-window.html',
    },
    fix: 'Write the window as `hh:mm-hh:mm` in UTC, 30 minutes or longer (`"18:00-18:30"`).',
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
    providerValidates: true,
  },
  ['backup_window', 'preferred_backup_window'],
  {
    also: (s) => {
      const w = dailyWindow(s);
      if (!w) return 'it is not hh24:mi-hh24:mi';
      return w[1] - w[0] < 30 ? `it is ${w[1] - w[0]} minutes long; at least 30 are required` : undefined;
    },
  },
);
