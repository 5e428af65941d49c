import { LOWER_ALNUM, stringRule } from '../factories.js';

export const APL_EC_003 = stringRule(
  {
    id: 'APL-EC-003',
    title: 'ElastiCache replication group id: 1-40 letters, digits, hyphens; starts with a letter',
    why: 'CreateReplicationGroup refuses any other identifier.',
    source: {
      quote: 'A name must contain from 1 to 40 alphanumeric characters or hyphens. The first character must be a letter. A name cannot end with a hyphen or contain two consecutive hyphens.',
      url: 'https://docs.rs/aws-sdk-elasticache/latest/aws_sdk_elasticache/operation/create_replication_group/builders/struct.CreateReplicationGroupInputBuilder.html',
    },
    fix: 'Use a lowercase id of at most 40 characters that starts with a letter and has no trailing or doubled hyphen (shorten prefixes built from environment names and run ids).',
    resourceTypes: ['aws_elasticache_replication_group'],
    providerValidates: true,
  },
  ['replication_group_id'],
  {
    min: 1,
    max: 40,
    charset: { allowed: `${LOWER_ALNUM}ABCDEFGHIJKLMNOPQRSTUVWXYZ-`, label: 'letters, digits and hyphens' },
    pattern: { re: /^[A-Za-z](?:[A-Za-z0-9]|-(?!-))*(?<!-)$/, label: 'a letter followed by letters, digits and single hyphens, not ending with a hyphen' },
  },
);
