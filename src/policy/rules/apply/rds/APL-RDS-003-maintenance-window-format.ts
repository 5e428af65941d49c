import { stringRule } from '../factories.js';
import { weeklyWindow } from './common.js';

export const APL_RDS_003 = stringRule(
  {
    id: 'APL-RDS-003',
    title: 'RDS maintenance window is ddd:hh24:mi-ddd:hh24:mi and at least 30 minutes',
    why: 'CreateDBInstance refuses any other maintenance window.',
    source: {
      quote: 'Constraints: Must be in the format ddd:hh24:mi-ddd:hh24:mi. The day values must be mon | tue | wed | thu | fri | sat | sun. Must be in Universal Coordinated Time (UTC). Must not conflict with the preferred backup window. Must be at least 30 minutes.',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-instance-request/preferred-maintenance-window.html',
    },
    fix: 'Write the window as `ddd:hh:mm-ddd:hh:mm` in UTC with mon..sun, 30 minutes or longer (`"sun:19:00-sun:20:00"`).',
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster', 'aws_rds_cluster_instance'],
    providerValidates: true,
  },
  ['maintenance_window', 'preferred_maintenance_window'],
  {
    also: (s) => {
      const w = weeklyWindow(s);
      if (!w) return 'it is not ddd:hh24:mi-ddd:hh24:mi with mon..sun';
      return w[1] - w[0] < 30 ? `it is ${w[1] - w[0]} minutes long; at least 30 are required` : undefined;
    },
  },
);
