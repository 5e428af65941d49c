import type { Resource } from '../../../../model/resource.js';
import { isUnknown, type Value } from '../../../../model/value.js';
import { follow, mayFollow } from '../../../refs.js';
import type { Outcome, RuleContext } from '../../../types.js';
import { applyRule, unknownOutcome, valueAt } from '../factories.js';

/** Per type: the parameter-group argument, the group's type, and where engine and version come from. */
const ARGS: Record<string, { attr: string; group: string }> = {
  aws_db_instance: { attr: 'parameter_group_name', group: 'aws_db_parameter_group' },
  aws_rds_cluster: { attr: 'db_cluster_parameter_group_name', group: 'aws_rds_cluster_parameter_group' },
  aws_rds_cluster_instance: { attr: 'db_parameter_group_name', group: 'aws_db_parameter_group' },
};

/**
 * The parameter group family of an engine version, by the naming RDS uses (postgres16,
 * postgres9.6, mysql8.0, mariadb10.11, aurora-postgresql15, aurora-mysql8.0 for
 * "8.0.mysql_aurora.3.05.2"); undefined for engines whose families are not modelled here.
 */
export function parameterGroupFamily(engine: string, version: string): string | undefined {
  const parts = version.split('.');
  const [major, minor] = [parts[0] ?? '', parts[1]];
  if (!/^\d+$/.test(major)) return undefined;
  switch (engine) {
    case 'postgres':
      return Number(major) < 10 ? (minor ? `postgres${major}.${minor}` : undefined) : `postgres${major}`;
    case 'aurora-postgresql':
      return Number(major) < 10 ? (minor ? `aurora-postgresql${major}.${minor}` : undefined) : `aurora-postgresql${major}`;
    case 'mysql':
    case 'mariadb':
    case 'aurora-mysql':
      return minor !== undefined && /^\d+$/.test(minor) ? `${engine}${major}.${minor}` : undefined;
    default:
      return undefined;
  }
}

export const APL_RDS_012 = applyRule(
  {
    id: 'APL-RDS-012',
    title: 'An RDS parameter group\'s family matches the engine and major version it is applied to',
    why: 'CreateDBInstance, CreateDBCluster and ModifyDBInstance refuse a parameter group of another family (postgres15 on PostgreSQL 16, mysql5.7 on MySQL 8.0): the database is never created, or a major version upgrade that forgets its group fails half-way. The provider does not compare them at plan.',
    source: {
      quote: 'A DB parameter group can be associated with one and only one DB parameter group family, and can be applied only to a DB instance running a database engine and engine version compatible with that DB parameter group family. … Aurora MySQL Example: aurora-mysql5.7, aurora-mysql8.0 Aurora PostgreSQL Example: aurora-postgresql14 RDS for MySQL Example: mysql8.0 RDS for PostgreSQL Example: postgres13',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-cluster-parameter-group-request/db-parameter-group-family.html',
    },
    fix: 'Derive the group\'s family from the same engine version the database uses (family = "postgres${var.engine_version}"), and create a new group when the major version changes.',
    resourceTypes: [...Object.keys(ARGS), 'aws_db_parameter_group', 'aws_rds_cluster_parameter_group'],
    judgedTypes: Object.keys(ARGS),
  },
  (r, ctx): Outcome => {
    const { attr, group } = ARGS[r.type]!;
    const declared = valueAt(r, attr);
    if (declared === undefined || declared === null || declared === '') return { verdict: 'not-applicable', message: `${attr} is not set: RDS uses the engine's default group` };
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
      family = declared.slice('default.'.length);
      what = `the default group ${declared}`;
    } else {
      return { verdict: 'unknown', path: attr, message: `parameter group ${JSON.stringify(declared)} is not managed here: its family cannot be compared` };
    }
    if (isUnknown(family)) return unknownOutcome(attr, family, `the family of ${what} is not known before apply`);
    if (typeof family !== 'string') return { verdict: 'unknown', path: attr, message: `the family of ${what} is not set` };
    const ev = engineAndVersion(r, ctx);
    if ('verdict' in ev) return ev;
    const expected = parameterGroupFamily(ev.engine, ev.version);
    if (!expected) return { verdict: 'unknown', path: 'engine_version', message: `the parameter group families of engine ${ev.engine} ${ev.version} are not modelled: ${what} (family ${family}) cannot be compared` };
    return family.toLowerCase() === expected
      ? { verdict: 'pass', path: attr, message: `${what} is of family ${family}, as ${ev.engine} ${ev.version} needs` }
      : {
          verdict: 'fail',
          path: attr,
          message: `${what} is of family ${family}, but ${ev.engine} ${ev.version}${ev.from ? ` (${ev.from})` : ''} needs family ${expected}; RDS refuses the group. ${APL_RDS_012.fix}`,
        };
  },
);

/** The engine and version a resource runs: its own, or (an Aurora instance without them) its cluster's. */
function engineAndVersion(r: Resource, ctx: RuleContext): { engine: string; version: string; from?: string } | Outcome {
  let engine = valueAt(r, 'engine');
  let version = valueAt(r, 'engine_version');
  let from: string | undefined;
  if (r.type === 'aws_rds_cluster_instance' && (version === undefined || version === null)) {
    const clusters = follow(ctx, r, 'cluster_identifier', ['aws_rds_cluster']);
    if (clusters.length !== 1) return { verdict: 'unknown', path: 'engine_version', message: 'engine_version is not set and the cluster it inherits it from is not one resource of this stack' };
    engine = engine ?? valueAt(clusters[0]!, 'engine');
    version = valueAt(clusters[0]!, 'engine_version');
    from = `the engine version of ${clusters[0]!.address}`;
  }
  if (isUnknown(engine)) return unknownOutcome('engine', engine);
  if (isUnknown(version)) return unknownOutcome('engine_version', version);
  if (typeof engine !== 'string') return { verdict: 'unknown', path: 'engine', message: 'engine is not set' };
  if (typeof version !== 'string' || version === '')
    return { verdict: 'unknown', path: 'engine_version', message: 'engine_version is not set: RDS picks its default version, and the parameter group family must match it' };
  return from ? { engine, version, from } : { engine, version };
}
