import { ALNUM, stringRule } from '../factories.js';

export const APL_EC_001 = stringRule(
  {
    id: 'APL-EC-001',
    title: 'ElastiCache AUTH token: 16-128 printable ASCII, specials only ! & # $ ^ < > -',
    why: 'CreateReplicationGroup rejects any other character, so every replication group using the token fails to create; a random_password whose alphabet holds a forbidden special fails here before apply.',
    source: {
      quote: 'Password constraints: Must be only printable ASCII characters. Must be at least 16 characters and no more than 128 characters in length. The only permitted printable special characters are !, &, #, $, ^, <, >, and -. Other printable special characters cannot be used in the AUTH token.',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/elasticache/aws.sdk.kotlin.services.elasticache.model/-create-replication-group-request/-builder/auth-token.html',
    },
    fix: 'Generate the token with `special = false` (alphanumeric; `#`, `&` and `$` also break rediss:// URLs and .env interpolation), or `override_special` limited to `!&#$^<>-`, and a length of 16-128.',
    resourceTypes: ['aws_elasticache_replication_group', 'random_password', 'random_string'],
    providerValidates: true,
    judgedTypes: ['aws_elasticache_replication_group'],
  },
  ['auth_token'],
  { min: 16, max: 128, charset: { allowed: `${ALNUM}!&#$^<>-`, label: 'letters, digits and ! & # $ ^ < > -' } },
);
