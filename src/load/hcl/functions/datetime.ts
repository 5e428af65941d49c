/**
 * Date and time functions: formatdate timeadd timecmp, timestamp and plantimestamp.
 *
 * `timestamp()` is the time of apply: terraform's plan does not know it either ("the result of this
 * function cannot be predicted during Terraform's planning phase", functions/timestamp docs), so it
 * is unknown. `plantimestamp()` is the time of the plan ("The result of this function changes during
 * every plan operation", functions/plantimestamp docs): terraform knows it, a static evaluation of
 * no particular plan does not, so it is unknown too — unless the evaluation reproduces one plan and
 * is given its time (FunctionContext.planTimestamp). That time is the plan's own record: terraform
 * formats one instant, plans.Plan.Timestamp, both for the function (internal/lang/funcs/datetime.go
 * MakeStaticTimestampFunc: `static.Format(time.RFC3339)`, fed PlanTimeTimestamp) and for the JSON
 * plan's top-level `timestamp` (internal/command/jsonplan/plan.go:
 * `output.Timestamp = p.Timestamp.Format(time.RFC3339)`).
 */
import { Unknown } from '../../../model/value.js';
import { defineFunctions, fail } from './helpers.js';

/** A parsed RFC 3339 timestamp: the instant, and the offset it was written in (minutes east of UTC). */
interface Timestamp {
  ms: number; // UTC epoch milliseconds (whole seconds + fraction dropped beyond ms)
  nanos: number; // fractional second in nanoseconds, kept for exact comparison
  offset: number;
  utc: boolean; // written with Z
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/** True when `s` is a timestamp terraform's date functions accept (RFC 3339 with a time zone). */
export function isRfc3339(s: string): boolean {
  try {
    parseTimestamp(s, 'timestamp');
    return true;
  } catch {
    return false;
  }
}

function parseTimestamp(s: string, name: string): Timestamp {
  const m = RFC3339.exec(s);
  const bad = () =>
    fail(name, `${JSON.stringify(s)} is not a valid RFC 3339 timestamp (like "2006-01-02T15:04:05Z"): the timestamp must include a date, a time and a time zone`);
  if (!m) throw bad();
  const [, y, mo, d, h, mi, sec, frac = '', zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(Number(y), month) || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) {
    throw bad();
  }
  const offset = zone === 'Z' ? 0 : (zone!.startsWith('-') ? -1 : 1) * (Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(4, 6)));
  const local = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(sec));
  // Go names a zero offset UTC (on a machine whose local zone is UTC, as CI machines are)
  return { ms: local - offset * 60_000, nanos: Number((frac + '000000000').slice(0, 9)), offset, utc: offset === 0 };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function offsetText(offset: number, colon: boolean): string {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${sign}${pad(Math.floor(abs / 60))}${colon ? ':' : ''}${pad(abs % 60)}`;
}

function formatDate(spec: string, t: Timestamp, name: string): string {
  const local = new Date(t.ms + t.offset * 60_000);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth();
  const hour = local.getUTCHours();
  let out = '';
  let i = 0;
  while (i < spec.length) {
    const c = spec[i]!;
    if (c === "'") {
      if (spec[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      // a quoted literal, in which '' stands for one quote
      let j = i + 1;
      for (;;) {
        if (j >= spec.length) throw fail(name, 'unterminated literal in date format: no closing single quote');
        if (spec[j] === "'") {
          if (spec[j + 1] === "'") {
            out += "'";
            j += 2;
            continue;
          }
          break;
        }
        out += spec[j];
        j++;
      }
      i = j + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(c)) {
      out += c;
      i++;
      continue;
    }
    let j = i;
    while (spec[j] === c) j++;
    const tok = spec.slice(i, j);
    const len = tok.length;
    const invalid = () => fail(name, `invalid date format verb ${JSON.stringify(tok)}: to include literal letters, enclose them in single quotes`);
    switch (c) {
      case 'Y':
        if (len === 2) out += pad(year % 100);
        else if (len === 4) out += pad(year, 4);
        else throw invalid();
        break;
      case 'M':
        if (len === 1) out += month + 1;
        else if (len === 2) out += pad(month + 1);
        else if (len === 3) out += MONTHS[month]!.slice(0, 3);
        else if (len === 4) out += MONTHS[month];
        else throw invalid();
        break;
      case 'D':
        if (len === 1) out += local.getUTCDate();
        else if (len === 2) out += pad(local.getUTCDate());
        else throw invalid();
        break;
      case 'E':
        if (len === 3) out += DAYS[local.getUTCDay()]!.slice(0, 3);
        else if (len === 4) out += DAYS[local.getUTCDay()];
        else throw invalid();
        break;
      case 'h':
        if (len === 1) out += hour;
        else if (len === 2) out += pad(hour);
        else throw invalid();
        break;
      case 'H': {
        const h12 = hour % 12 === 0 ? 12 : hour % 12;
        if (len === 1) out += h12;
        else if (len === 2) out += pad(h12);
        else throw invalid();
        break;
      }
      case 'A':
      case 'a':
        if (len !== 2) throw invalid();
        out += c === 'A' ? (hour < 12 ? 'AM' : 'PM') : hour < 12 ? 'am' : 'pm';
        break;
      case 'm':
        if (len === 1) out += local.getUTCMinutes();
        else if (len === 2) out += pad(local.getUTCMinutes());
        else throw invalid();
        break;
      case 's':
        if (len === 1) out += local.getUTCSeconds();
        else if (len === 2) out += pad(local.getUTCSeconds());
        else throw invalid();
        break;
      case 'Z':
        if (len === 1) out += t.offset === 0 ? 'Z' : offsetText(t.offset, true);
        else if (len === 3) out += t.offset === 0 && t.utc ? 'UTC' : offsetText(t.offset, false);
        else if (len === 4) out += offsetText(t.offset, false);
        else if (len === 5) out += offsetText(t.offset, true);
        else throw invalid();
        break;
      default:
        throw invalid();
    }
    i = j;
  }
  return out;
}

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's time.ParseDuration, in nanoseconds. */
function parseDuration(s: string, name: string): number {
  const bad = () => fail(name, `invalid duration ${JSON.stringify(s)}: use a number with a unit, like "1h30m", "-10m" or "300ms" (units: ns, us, ms, s, m, h)`);
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw bad();
  let total = 0;
  const part = /^(\d*(?:\.\d*)?)(ns|us|µs|μs|ms|s|m|h)/;
  while (rest) {
    const m = part.exec(rest);
    if (!m || m[1] === '' || m[1] === '.') throw bad();
    total += Number(m[1]) * UNIT_NS[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return sign * total;
}

function formatRfc3339(ms: number, offset: number): string {
  const local = new Date(ms + offset * 60_000);
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  return `${date}T${time}${offset === 0 ? 'Z' : offsetText(offset, true)}`;
}

export const datetimeFunctions = defineFunctions({
  timestamp: { params: [], impl: () => new Unknown('timestamp() is the time of apply, known only after apply') },
  plantimestamp: {
    params: [],
    impl: (_args, ctx) => ctx.planTimestamp ?? new Unknown('plantimestamp() is the time terraform plans, not known to a static evaluation'),
  },
  formatdate: {
    params: [
      { name: 'spec', kind: 'string' },
      { name: 'timestamp', kind: 'string' },
    ],
    impl: ([spec, ts]: [string, string], _ctx, name) => formatDate(spec, parseTimestamp(ts, name), name),
  },
  timeadd: {
    params: [
      { name: 'timestamp', kind: 'string' },
      { name: 'duration', kind: 'string' },
    ],
    impl: ([ts, dur]: [string, string], _ctx, name) => {
      const t = parseTimestamp(ts, name);
      const totalNs = t.nanos + parseDuration(dur, name);
      const ms = t.ms + Math.floor(totalNs / 1e9) * 1000;
      return formatRfc3339(ms, t.offset);
    },
  },
  timecmp: {
    params: [
      { name: 'timestamp_a', kind: 'string' },
      { name: 'timestamp_b', kind: 'string' },
    ],
    impl: ([a, b]: [string, string], _ctx, name) => {
      const ta = parseTimestamp(a, name);
      const tb = parseTimestamp(b, name);
      if (ta.ms !== tb.ms) return ta.ms < tb.ms ? -1 : 1;
      return Math.sign(ta.nanos - tb.nanos);
    },
  },
});
