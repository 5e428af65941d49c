import type { Resource } from '../../../../model/resource.js';
import { follow } from '../../../refs.js';
import type { Outcome, RuleContext } from '../../../types.js';
import { applyRule, valueAt } from '../factories.js';
import { judgeFamily, ownEngineAndVersion, type FamilySpec } from '../parameter-group-family.js';

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

/** The engine and version a resource runs: its own, or (an Aurora instance without a version) its cluster's. */
function engineAndVersion(r: Resource, ctx: RuleContext): { engine: string; version: string; from?: string } | Outcome {
  const version = valueAt(r, 'engine_version');
  if (r.type === 'aws_rds_cluster_instance' && (version === undefined || version === null)) {
    const clusters = follow(ctx, r, 'cluster_identifier', ['aws_rds_cluster']);
    if (clusters.length !== 1) return { verdict: 'unknown', path: 'engine_version', message: 'engine_version is not set and the cluster it inherits it from is not one resource of this stack' };
    const c = clusters[0]!;
    return ownEngineAndVersion(r, valueAt(r, 'engine') ?? valueAt(c, 'engine'), valueAt(c, 'engine_version'), `the engine version of ${c.address}`);
  }
  return ownEngineAndVersion(r);
}

const FIX = 'Derive the group\'s family from the same engine version the database uses (family = "postgres${var.engine_version}"), and create a new group when the major version changes.';

const SPEC: FamilySpec = {
  args: {
    aws_db_instance: { attr: 'parameter_group_name', group: 'aws_db_parameter_group' },
    aws_rds_cluster: { attr: 'db_cluster_parameter_group_name', group: 'aws_rds_cluster_parameter_group' },
    aws_rds_cluster_instance: { attr: 'db_parameter_group_name', group: 'aws_db_parameter_group' },
  },
  familyOf: parameterGroupFamily,
  engineAndVersion,
  refuses: 'RDS refuses the group',
  fix: FIX,
};

export const APL_RDS_012 = applyRule(
  {
    id: 'APL-RDS-012',
    title: 'An RDS parameter group\'s family matches the engine and major version it is applied to',
    why: 'CreateDBInstance, CreateDBCluster and ModifyDBInstance refuse a parameter group of another family (postgres15 on PostgreSQL 16, mysql5.7 on MySQL 8.0): the database is never created, or a major version upgrade that forgets its group fails half-way. The provider does not compare them at plan.',
    source: {
      quote: 'A DB parameter group can be associated with one and only one DB parameter group family, and can be applied only to a DB instance running a database engine and engine version compatible with that DB parameter group family. … Aurora MySQL Example: aurora-mysql5.7, aurora-mysql8.0 Aurora PostgreSQL Example: aurora-postgresql14 RDS for MySQL Example: mysql8.0 RDS for PostgreSQL Example: postgres13',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-cluster-parameter-group-request/db-parameter-group-family.html',
    },
    fix: FIX,
    resourceTypes: [...Object.keys(SPEC.args), 'aws_db_parameter_group', 'aws_rds_cluster_parameter_group'],
    judgedTypes: Object.keys(SPEC.args),
  },
  (r, ctx): Outcome => judgeFamily(r, ctx, SPEC),
);
