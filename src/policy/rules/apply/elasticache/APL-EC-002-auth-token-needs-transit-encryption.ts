import { applyRule, isOutcome, knownValues } from '../factories.js';
import { isTrue } from '../../../values.js';
import { isSet } from '../../../refs.js';

export const APL_EC_002 = applyRule(
  {
    id: 'APL-EC-002',
    title: 'ElastiCache AUTH token only with in-transit encryption',
    why: 'A replication group with an auth_token and transit encryption off is refused at create.',
    source: {
      quote: 'AuthToken can be specified only on replication groups where TransitEncryptionEnabled is true.',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/elasticache/aws.sdk.kotlin.services.elasticache.model/-create-replication-group-request/-builder/auth-token.html',
    },
    fix: 'Set `transit_encryption_enabled = true` wherever `auth_token` is set.',
    resourceTypes: ['aws_elasticache_replication_group'],
  },
  (r) => {
    if (!isSet(r, 'auth_token')) return { verdict: 'not-applicable', message: 'no auth_token' };
    const v = knownValues(r, ['transit_encryption_enabled']);
    if (isOutcome(v)) return v;
    return isTrue(v.transit_encryption_enabled)
      ? { verdict: 'pass', path: 'transit_encryption_enabled', message: 'auth_token with transit_encryption_enabled = true' }
      : { verdict: 'fail', path: 'auth_token', message: 'auth_token is set but transit_encryption_enabled is not true. Set `transit_encryption_enabled = true` wherever `auth_token` is set.' };
  },
);
