import { applyRule } from '../factories.js';
import { isSet } from '../../../refs.js';
import { isTrue, read } from '../../../values.js';

export const APL_RDS_009 = applyRule(
  {
    id: 'APL-RDS-009',
    title: 'RDS manage_master_user_password is not combined with a password',
    why: 'RDS refuses to manage the master password in Secrets Manager when a password is also given.',
    source: {
      quote: 'Can\'t manage the master user password with Amazon Web Services Secrets Manager if MasterUserPassword is specified.',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-cluster-request/manage-master-user-password.html',
    },
    fix: 'Remove `password` (`master_password` on clusters) when `manage_master_user_password = true`.',
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
    providerValidates: true,
  },
  (r) => {
    if (!isTrue(read(r.values, 'manage_master_user_password'))) return { verdict: 'not-applicable', message: 'manage_master_user_password is not true' };
    const pw = r.type === 'aws_rds_cluster' ? 'master_password' : 'password';
    return isSet(r, pw)
      ? { verdict: 'fail', path: pw, message: `${pw} is set together with manage_master_user_password = true. Remove \`${pw}\`.` }
      : { verdict: 'pass', path: 'manage_master_user_password', message: `manage_master_user_password without ${pw}` };
  },
);
