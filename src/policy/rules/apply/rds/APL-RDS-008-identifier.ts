import { LOWER_ALNUM, stringRule } from '../factories.js';

export const APL_RDS_008 = stringRule(
  {
    id: 'APL-RDS-008',
    title: 'RDS instance identifier: 1-63 letters, digits, hyphens; starts with a letter',
    why: 'CreateDBInstance refuses any other identifier (an identifier built from long environment names and run ids is the usual way to hit this).',
    source: {
      quote: 'Constraints: Must contain from 1 to 63 letters, numbers, or hyphens. First character must be a letter. Can\'t end with a hyphen or contain two consecutive hyphens.',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-instance-request/db-instance-identifier.html',
    },
    fix: 'Use an identifier of at most 63 letters, digits and single hyphens that starts with a letter and does not end with a hyphen.',
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster_instance'],
    providerValidates: true,
  },
  ['identifier'],
  {
    min: 1,
    max: 63,
    charset: { allowed: `${LOWER_ALNUM}ABCDEFGHIJKLMNOPQRSTUVWXYZ-`, label: 'letters, digits and hyphens' },
    pattern: { re: /^[A-Za-z](?:[A-Za-z0-9]|-(?!-))*(?<!-)$/, label: 'a letter followed by letters, digits and single hyphens, not ending with a hyphen' },
  },
);
