import type { Resource } from '../../../model/resource.js';
import { isUnknown } from '../../../model/value.js';
import { follow } from '../../refs.js';
import type { Outcome, ResourceRule, RuleContext } from '../../types.js';
import { isAuroraMember } from './common.js';
import { blocks, read, readSet } from '../../values.js';

/**
 * Engine → the parameter that forces TLS, the values that mean "on", and whether the engine's own
 * default already forces it: RDS for PostgreSQL 15 and later ("The rds.force_ssl parameter default
 * value is 1 (on) for RDS for PostgreSQL version 15 and later. For all other RDS for PostgreSQL
 * major versions 14 and older, the default value of this parameter is 0 (off)." — Amazon RDS user
 * guide, Using SSL with a PostgreSQL DB instance). Aurora and the other engines default to off.
 */
interface SslParameter {
  name: string;
  on: string[];
  /** The engine default is "on"; `unknown` when the version that decides it is not known. */
  defaultOn: boolean | 'unknown';
}

function sslParameter(engine: string, version: unknown): SslParameter | undefined {
  if (engine === 'postgres') {
    const major = typeof version === 'string' ? Number(/^(\d+)/.exec(version)?.[1]) : NaN;
    return { name: 'rds.force_ssl', on: ['1'], defaultOn: Number.isFinite(major) ? major >= 15 : 'unknown' };
  }
  if (/postgres/.test(engine) || /sqlserver/.test(engine)) return { name: 'rds.force_ssl', on: ['1'], defaultOn: false };
  if (/mysql|mariadb/.test(engine)) return { name: 'require_secure_transport', on: ['1', 'ON', 'on'], defaultOn: false };
  return undefined;
}

export const DATA_004: ResourceRule = {
  id: 'DATA-004',
  title: 'RDS forces SSL/TLS connections (parameter group)',
  severity: 'error',
  rationale:
    'Amazon RDS user guide "Using SSL with a PostgreSQL DB instance": without the engine parameter that requires TLS (rds.force_ssl on PostgreSQL and SQL Server, require_secure_transport on MySQL and MariaDB) a client can connect in clear text and send its password and queries unencrypted. "The rds.force_ssl parameter default value is 1 (on) for RDS for PostgreSQL version 15 and later" — there the engine default holds, and only a parameter group that turns it off fails.',
  fix: 'Use an aws_db_parameter_group (aws_rds_cluster_parameter_group for clusters) with `parameter { name = "rds.force_ssl", value = "1" }` (MySQL: require_secure_transport = ON).',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster', 'aws_db_parameter_group', 'aws_rds_cluster_parameter_group'],
  judgedTypes: ['aws_db_instance', 'aws_rds_cluster'],
  check(r, ctx): Outcome {
    const engine = read(r.values, 'engine');
    if (isUnknown(engine)) return { verdict: 'unknown', path: 'engine', message: 'engine is not known before apply' };
    if (typeof engine !== 'string') return { verdict: 'unknown', path: 'engine', message: 'engine is not set' };
    if (isAuroraMember(r)) return { verdict: 'not-applicable', message: 'Aurora cluster member (judged on aws_rds_cluster)' };
    const version = read(r.values, 'engine_version');
    const p = sslParameter(engine, isUnknown(version) ? undefined : version);
    if (!p) return { verdict: 'not-applicable', message: `engine ${engine}: TLS enforcement is not set through a parameter group` };
    return judgeGroup(r, p, ctx);
  },
};

function judgeGroup(r: Resource, p: SslParameter, ctx: RuleContext): Outcome {
  const attr = r.type === 'aws_rds_cluster' ? 'db_cluster_parameter_group_name' : 'parameter_group_name';
  const types = r.type === 'aws_rds_cluster' ? ['aws_rds_cluster_parameter_group'] : ['aws_db_parameter_group'];
  const groups = follow(ctx, r, attr, types);
  const declared = readSet(r, attr);
  const byDefault = p.defaultOn === true ? `${p.name} defaults to 1 on PostgreSQL 15 and later` : undefined;
  if (groups.length === 0) {
    if (isUnknown(declared)) return { verdict: 'unknown', path: attr, message: `${attr} is not known before apply` };
    // `default.<family>` is AWS's own group for the family, which cannot be modified: the engine defaults hold.
    const engineDefault = declared === undefined || declared === null || declared === '' || (typeof declared === 'string' && declared.startsWith('default.'));
    if (engineDefault && byDefault) return { verdict: 'pass', path: attr, message: `the engine default parameter group: ${byDefault}` };
    if (engineDefault && p.defaultOn === 'unknown') return { verdict: 'unknown', path: 'engine_version', message: `engine_version is not known (or not set: AWS picks the default version), and whether ${p.name} defaults to 1 depends on it (PostgreSQL 15 and later)` };
    if (!engineDefault && p.defaultOn !== false) return { verdict: 'unknown', path: attr, message: `parameter group ${JSON.stringify(declared)} is not managed here: whether it turns ${p.name} off cannot be checked` };
    return {
      verdict: 'fail',
      path: attr,
      message: `${attr} is ${declared ? JSON.stringify(declared) + ' (not managed here)' : 'not set (the engine default group)'}, which does not set ${p.name} explicitly. ${DATA_004.fix}`,
    };
  }
  const params = blocks(groups[0].values, 'parameter');
  if (isUnknown(params)) return { verdict: 'unknown', path: attr, message: `parameters of ${groups[0].address} are not known before apply` };
  const hit = params.find((b) => b.value.name === p.name);
  const value = hit ? read(hit.value, 'value') : undefined;
  if (isUnknown(value)) return { verdict: 'unknown', path: attr, message: `${p.name} in ${groups[0].address} is not known before apply` };
  if (typeof value === 'string' && p.on.includes(value)) return { verdict: 'pass', path: attr, message: `${groups[0].address} sets ${p.name} = ${value}` };
  if (!hit && byDefault) return { verdict: 'pass', path: attr, message: `${groups[0].address} leaves ${p.name} at its default: ${byDefault}` };
  if (!hit && p.defaultOn === 'unknown') return { verdict: 'unknown', path: 'engine_version', message: `${groups[0].address} does not set ${p.name}, and whether it defaults to 1 depends on the engine version (PostgreSQL 15 and later), which is not known` };
  return { verdict: 'fail', path: attr, message: `${groups[0].address} ${hit ? `sets ${p.name} = ${JSON.stringify(value)}` : `does not set ${p.name}`}. ${DATA_004.fix}` };
}
