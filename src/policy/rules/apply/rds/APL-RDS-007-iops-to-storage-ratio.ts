import { applyRule, isOutcome, knownValues } from '../factories.js';
import { asNumber } from '../../../values.js';

export const APL_RDS_007 = applyRule(
  {
    id: 'APL-RDS-007',
    title: 'RDS Provisioned IOPS are 0.5-50 × the allocated storage (1-50 × for SQL Server)',
    why: 'An io1/io2 instance whose IOPS are out of proportion to its storage is refused at create.',
    source: {
      quote: 'For RDS for Db2, MariaDB, MySQL, Oracle, and PostgreSQL - Must be a multiple between .5 and 50 of the storage amount for the DB instance. For RDS for SQL Server - Must be a multiple between 1 and 50 of the storage amount for the DB instance.',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-instance-request/iops.html',
    },
    fix: 'Choose `iops` between 0.5× (1× for SQL Server) and 50× `allocated_storage`, or change the storage size.',
    resourceTypes: ['aws_db_instance'],
  },
  (r) => {
    const v = knownValues(r, ['storage_type', 'iops', 'allocated_storage', 'engine']);
    if (isOutcome(v)) return v;
    if (v.storage_type !== 'io1' && v.storage_type !== 'io2') return { verdict: 'not-applicable', message: `storage_type ${JSON.stringify(v.storage_type ?? null)} is not io1/io2` };
    const iops = asNumber(v.iops);
    const size = asNumber(v.allocated_storage);
    if (iops === undefined || size === undefined) return { verdict: 'not-applicable', message: 'iops or allocated_storage not set' };
    const low = typeof v.engine === 'string' && v.engine.startsWith('sqlserver') ? 1 : 0.5;
    const ratio = iops / size;
    return ratio >= low && ratio <= 50
      ? { verdict: 'pass', path: 'iops', message: `iops ${iops} is ${ratio.toFixed(2)} × allocated_storage ${size}` }
      : { verdict: 'fail', path: 'iops', message: `iops ${iops} is ${ratio.toFixed(2)} × allocated_storage ${size}; it must be between ${low} and 50 ×` };
  },
);
