import { mustNotInThrowAway } from '../lifecycle/common.js';

export const APL_RDS_011 = mustNotInThrowAway(
  {
    id: 'APL-RDS-011',
    title: 'A throw-away deployment does not protect its databases from deletion',
    severity: 'warning',
    why: 'The nightly copy must be destroyed; deletion protection makes `terraform destroy` fail and leaves the database (and its cost) behind.',
    source: {
      quote: 'Specifies whether the DB instance has deletion protection enabled. The database can\'t be deleted when deletion protection is enabled.',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-modify-db-instance-request/deletion-protection.html',
    },
    fix: 'Set `deletion_protection = false` in the throw-away deployment.',
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  },
  'deletion_protection',
  true,
);
