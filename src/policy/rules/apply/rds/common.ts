/** Reading RDS windows: `hh24:mi-hh24:mi` (daily) and `ddd:hh24:mi-ddd:hh24:mi` (weekly), as minutes. */
export const DB_TYPES = ['aws_db_instance', 'aws_rds_cluster'];

/** The backup and maintenance window arguments of each RDS type. */
export const WINDOW_ARGS: Record<string, { backup?: string; maintenance: string }> = {
  aws_db_instance: { backup: 'backup_window', maintenance: 'maintenance_window' },
  aws_rds_cluster: { backup: 'preferred_backup_window', maintenance: 'preferred_maintenance_window' },
  aws_rds_cluster_instance: { maintenance: 'preferred_maintenance_window' },
};

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WEEK = 7 * 1440;

function hm(h: string, m: string): number | undefined {
  const hh = Number(h);
  const mm = Number(m);
  return hh <= 23 && mm <= 59 ? hh * 60 + mm : undefined;
}

/** `03:00-03:30` → [180, 210] minutes of the day (end may wrap past midnight: +1440). */
export function dailyWindow(s: string): [number, number] | undefined {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(s);
  if (!m) return undefined;
  const a = hm(m[1]!, m[2]!);
  const b = hm(m[3]!, m[4]!);
  if (a === undefined || b === undefined) return undefined;
  return [a, b <= a ? b + 1440 : b];
}

/** `sun:05:00-sun:06:00` (any case) → [start, end] minutes of the week (end may wrap: +WEEK). */
export function weeklyWindow(s: string): [number, number] | undefined {
  const m = /^([a-z]{3}):(\d{2}):(\d{2})-([a-z]{3}):(\d{2}):(\d{2})$/i.exec(s);
  if (!m) return undefined;
  const d1 = DAYS.indexOf(m[1]!.toLowerCase());
  const d2 = DAYS.indexOf(m[4]!.toLowerCase());
  const a = hm(m[2]!, m[3]!);
  const b = hm(m[5]!, m[6]!);
  if (d1 < 0 || d2 < 0 || a === undefined || b === undefined) return undefined;
  const start = d1 * 1440 + a;
  const end = d2 * 1440 + b;
  return [start, end <= start ? end + WEEK : end];
}

/** Whether a daily window and a weekly window share a minute. */
export function overlaps(daily: [number, number], weekly: [number, number]): boolean {
  for (let day = -1; day <= 7; day++) {
    const a = day * 1440 + daily[0];
    const b = day * 1440 + daily[1];
    for (const shift of [0, WEEK, -WEEK]) {
      if (a < weekly[1] + shift && weekly[0] + shift < b) return true;
    }
  }
  return false;
}
