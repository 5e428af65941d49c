/**
 * One judgement for "a parameter group's family matches the engine version it is applied to"
 * (RDS, ElastiCache): follow the group argument to the group resource (or read AWS's own
 * `default.<family>` name), derive the family the engine version needs, compare.
 */
import type { Resource } from '../../../model/resource.js';
import { isUnknown, type Value } from '../../../model/value.js';
import { follow, mayFollow } from '../../refs.js';
import type { Outcome, RuleContext } from '../../types.js';
import { unknownOutcome, valueAt } from './factories.js';

export interface FamilySpec {
  /** Per judged type: the parameter-group argument and the group's resource type. */
  args: Record<string, { attr: string; group: string }>;
  /** The family an engine version needs; undefined when that engine's families are not modelled. */
  familyOf: (engine: string, version: string) => string | undefined;
  /** The engine and version the resource runs (its own, or inherited), or why they are not known. */
  engineAndVersion: (r: Resource, ctx: RuleContext) => { engine: string; version: string; from?: string } | Outcome;
  /** The family of one of AWS's own groups by its name (`default.postgres16`; ElastiCache's `default.redis7.cluster.on`). */
  defaultFamily?: (name: string) => string;
  /** What the service calls a database, for messages. */
  refuses: string;
  fix: string;
}

export function judgeFamily(r: Resource, ctx: RuleContext, spec: FamilySpec): Outcome {
  const { attr, group } = spec.args[r.type]!;
  const declared = valueAt(r, attr);
  if (declared === undefined || declared === null || declared === '') return { verdict: 'not-applicable', message: `${attr} is not set: the engine's default group is used` };
  const groups = follow(ctx, r, attr, [group]);
  const maybe = mayFollow(ctx, r, attr, [group]);
  let family: Value | undefined;
  let what: string;
  if (groups.length === 1) {
    family = valueAt(groups[0]!, 'family');
    what = groups[0]!.address;
  } else if (maybe.length > 0 || groups.length > 1) {
    return { verdict: 'unknown', path: attr, message: `${attr} names one of ${[...groups, ...maybe].map((g) => g.address).join(', ')}, and the plan does not record which` };
  } else if (isUnknown(declared)) {
    return unknownOutcome(attr, declared);
  } else if (typeof declared === 'string' && declared.startsWith('default.')) {
    // AWS's own group of a family: default.<family>.
    family = spec.defaultFamily ? spec.defaultFamily(declared) : declared.slice('default.'.length);
    what = `the default group ${declared}`;
  } else {
    return { verdict: 'unknown', path: attr, message: `parameter group ${JSON.stringify(declared)} is not managed here: its family cannot be compared` };
  }
  if (isUnknown(family)) return unknownOutcome(attr, family, `the family of ${what} is not known before apply`);
  if (typeof family !== 'string') return { verdict: 'unknown', path: attr, message: `the family of ${what} is not set` };
  const ev = spec.engineAndVersion(r, ctx);
  if ('verdict' in ev) return ev;
  const expected = spec.familyOf(ev.engine, ev.version);
  if (!expected) return { verdict: 'unknown', path: 'engine_version', message: `the parameter group families of engine ${ev.engine} ${ev.version} are not modelled: ${what} (family ${family}) cannot be compared` };
  return family.toLowerCase() === expected
    ? { verdict: 'pass', path: attr, message: `${what} is of family ${family}, as ${ev.engine} ${ev.version} needs` }
    : {
        verdict: 'fail',
        path: attr,
        message: `${what} is of family ${family}, but ${ev.engine} ${ev.version}${ev.from ? ` (${ev.from})` : ''} needs family ${expected}; ${spec.refuses}. ${spec.fix}`,
      };
}

/** The engine and version a resource sets itself; unknown when either is unknown or unset. */
export function ownEngineAndVersion(r: Resource, engine: Value | undefined = valueAt(r, 'engine'), version: Value | undefined = valueAt(r, 'engine_version'), from?: string): { engine: string; version: string; from?: string } | Outcome {
  if (isUnknown(engine)) return unknownOutcome('engine', engine);
  if (isUnknown(version)) return unknownOutcome('engine_version', version);
  if (typeof engine !== 'string') return { verdict: 'unknown', path: 'engine', message: 'engine is not set' };
  if (typeof version !== 'string' || version === '')
    return { verdict: 'unknown', path: 'engine_version', message: 'engine_version is not set: AWS picks its default version, and the parameter group family must match it' };
  return from ? { engine, version, from } : { engine, version };
}
