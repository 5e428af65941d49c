import { applyRule, isOutcome, knownValues } from '../factories.js';
import { dailyWindow, overlaps, WINDOW_ARGS, weeklyWindow } from './common.js';

export const APL_RDS_004 = applyRule(
  {
    id: 'APL-RDS-004',
    title: 'RDS backup and maintenance windows do not overlap',
    why: 'A backup window that shares a minute with the maintenance window is refused at create and modify.',
    source: {
      quote: 'Must not conflict with the preferred maintenance window.',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-instance-request/preferred-backup-window.html',
    },
    fix: 'Move one window so that the daily backup window never falls inside the weekly maintenance window.',
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  },
  (r) => {
    const args = WINDOW_ARGS[r.type]!;
    const v = knownValues(r, [args.backup!, args.maintenance]);
    if (isOutcome(v)) return v;
    const b = typeof v[args.backup!] === 'string' ? dailyWindow(v[args.backup!] as string) : undefined;
    const m = typeof v[args.maintenance] === 'string' ? weeklyWindow(v[args.maintenance] as string) : undefined;
    if (!b || !m) return { verdict: 'not-applicable', message: 'both windows are not set (AWS then picks non-overlapping ones)' };
    return overlaps(b, m)
      ? { verdict: 'fail', path: args.backup!, message: `${args.backup} ${JSON.stringify(v[args.backup!])} overlaps ${args.maintenance} ${JSON.stringify(v[args.maintenance])}. Move one window so that the daily backup window never falls inside the weekly maintenance window.` }
      : { verdict: 'pass', path: args.backup!, message: 'the backup window is outside the maintenance window' };
  },
);
