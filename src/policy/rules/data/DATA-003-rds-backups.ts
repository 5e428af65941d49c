import { mustBeAtLeast } from '../../factories.js';
import { notReplica, RDS_TYPES } from './common.js';

export const DATA_003 = mustBeAtLeast(
  {
    id: 'DATA-003',
    title: 'RDS backups are kept at least 7 days',
    rationale: 'DESIGN.md data: backups on (issue 2: ≥ 7 days, prod 14). Without them a bad migration or deletion loses care records for good; switching retention between 0 and non-zero later causes an outage.',
    fix: 'Set `backup_retention_period = 7` or more (14 in prod).',
    resourceTypes: RDS_TYPES,
  },
  'backup_retention_period',
  7,
  { applies: notReplica },
);
