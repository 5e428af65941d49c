import { isUnknown } from '../../../model/value.js';
import { isSet } from '../../refs.js';
import type { ResourceRule } from '../../types.js';
import { list, read } from '../../values.js';
import { REDIS_TYPES } from './common.js';

export const DATA_009: ResourceRule = {
  id: 'DATA-009',
  title: 'ElastiCache requires authentication (auth token or RBAC user group)',
  severity: 'error',
  rationale: 'Issue 2: an auth token from random_password stored in Secrets Manager. Security groups are one layer; without AUTH any process on an allowed host reads and writes every key.',
  fix: 'Set `auth_token` (from random_password, 16-128 chars without / " @; needs transit encryption) or `user_group_ids`.',
  resourceTypes: REDIS_TYPES,
  check(r) {
    if (isSet(r, 'auth_token')) return { verdict: 'pass', path: 'auth_token', message: 'auth_token is set' };
    const groups = list(read(r.values, 'user_group_ids'));
    if (isUnknown(groups) || groups.length > 0 || isSet(r, 'user_group_ids')) return { verdict: 'pass', path: 'user_group_ids', message: 'RBAC user groups are set' };
    return { verdict: 'fail', path: 'auth_token', message: `neither auth_token nor user_group_ids is set. ${DATA_009.fix}` };
  },
};
