import type { Resource } from '../../../model/resource.js';
import { isUnknown } from '../../../model/value.js';
import { follow } from '../../refs.js';
import type { Outcome, ResourceRule, RuleContext } from '../../types.js';
import { isAuroraMember } from './common.js';
import { blocks, read, readSet } from '../../values.js';

/** Engine → the parameter that forces TLS and the values that mean "on". */
function sslParameter(engine: string): { name: string; on: string[] } | undefined {
  if (/postgres/.test(engine) || /sqlserver/.test(engine)) return { name: 'rds.force_ssl', on: ['1'] };
  if (/mysql|mariadb/.test(engine)) return { name: 'require_secure_transport', on: ['1', 'ON', 'on'] };
  return undefined;
}

export const DATA_004: ResourceRule = {
  id: 'DATA-004',
  title: 'RDS forces SSL/TLS connections (parameter group)',
  severity: 'error',
  rationale:
    'DESIGN.md data: encrypted in transit. rds.force_ssl defaults to 1 only on PostgreSQL 15+, and a default parameter group can change under you; set it explicitly in our own parameter group so a client without TLS is refused.',
  fix: 'Use an aws_db_parameter_group (aws_rds_cluster_parameter_group for clusters) with `parameter { name = "rds.force_ssl", value = "1" }` (MySQL: require_secure_transport = ON).',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster', 'aws_db_parameter_group', 'aws_rds_cluster_parameter_group'],
  judgedTypes: ['aws_db_instance', 'aws_rds_cluster'],
  check(r, ctx): Outcome {
    const engine = read(r.values, 'engine');
    if (isUnknown(engine)) return { verdict: 'unknown', path: 'engine', message: 'engine is not known before apply' };
    if (typeof engine !== 'string') return { verdict: 'unknown', path: 'engine', message: 'engine is not set' };
    if (isAuroraMember(r)) return { verdict: 'not-applicable', message: 'Aurora cluster member (judged on aws_rds_cluster)' };
    const p = sslParameter(engine);
    if (!p) return { verdict: 'not-applicable', message: `engine ${engine}: TLS enforcement is not set through a parameter group` };
    return judgeGroup(r, p, ctx);
  },
};

function judgeGroup(r: Resource, p: { name: string; on: string[] }, ctx: RuleContext): Outcome {
  const attr = r.type === 'aws_rds_cluster' ? 'db_cluster_parameter_group_name' : 'parameter_group_name';
  const types = r.type === 'aws_rds_cluster' ? ['aws_rds_cluster_parameter_group'] : ['aws_db_parameter_group'];
  const groups = follow(ctx, r, attr, types);
  const declared = readSet(r, attr);
  if (groups.length === 0) {
    if (isUnknown(declared)) return { verdict: 'unknown', path: attr, message: `${attr} is not known before apply` };
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
  return { verdict: 'fail', path: attr, message: `${groups[0].address} ${hit ? `sets ${p.name} = ${JSON.stringify(value)}` : `does not set ${p.name}`}. ${DATA_004.fix}` };
}
