import { isSet } from '../../refs.js';
import type { ResourceRule } from '../../types.js';
import { isTrue, read } from '../../values.js';
import { ownCredentials, RDS_TYPES } from './common.js';

export const DATA_005: ResourceRule = {
  id: 'DATA-005',
  title: 'RDS master password is managed by AWS (Secrets Manager)',
  severity: 'error',
  rationale:
    'DESIGN.md data: credentials managed by AWS (Secrets Manager). `manage_master_user_password` keeps the password out of Terraform state and rotates it; a `password` argument lands in state in plain text.',
  fix: 'Set `manage_master_user_password = true` and remove `password` (the two cannot be combined).',
  resourceTypes: RDS_TYPES,
  check(r, ctx) {
    const applies = ownCredentials(r, ctx);
    if (applies !== true) return typeof applies === 'string' ? { verdict: 'not-applicable', message: applies } : applies;
    const pw = r.type === 'aws_rds_cluster' ? 'master_password' : 'password';
    if (isSet(r, pw)) return { verdict: 'fail', path: pw, message: `${pw} is set, so it sits in Terraform state. ${DATA_005.fix}` };
    if (isTrue(read(r.values, 'manage_master_user_password'))) return { verdict: 'pass', path: 'manage_master_user_password', message: 'manage_master_user_password = true' };
    return { verdict: 'fail', path: 'manage_master_user_password', message: `manage_master_user_password is not true. ${DATA_005.fix}` };
  },
};
