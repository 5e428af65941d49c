import { isUnknown } from '../../../../model/value.js';
import type { Outcome } from '../../../types.js';
import { applyRule, unknownOutcome, valueAt } from '../factories.js';

/** The engines whose allocated storage ranges are modelled: RDS for MySQL, MariaDB and PostgreSQL. */
const ENGINES = new Set(['mysql', 'mariadb', 'postgres']);
/** GiB allowed by storage type for those engines, from the CreateDBInstance reference quoted below. */
const RANGE: Record<string, [number, number]> = { gp2: [20, 65536], gp3: [20, 65536], io1: [100, 65536], io2: [100, 65536], standard: [5, 3072] };

export const APL_RDS_013 = applyRule(
  {
    id: 'APL-RDS-013',
    title: 'An RDS for MySQL, MariaDB or PostgreSQL instance allocates storage within its storage type\'s range',
    why: 'CreateDBInstance refuses allocated storage outside the range of its storage type (10 GiB of gp3, 50 GiB of io1): the database is never created. The aws provider 5.100 does not compare allocated_storage with storage_type, so the plan passes.',
    source: {
      quote: 'RDS for MySQL Constraints to the amount of storage for each storage type are the following: General Purpose (SSD) storage (gp2, gp3): Must be an integer from 20 to 65536. Provisioned IOPS storage (io1, io2): Must be an integer from 100 to 65536. Magnetic storage (standard): Must be an integer from 5 to 3072. (The same for RDS for MariaDB and RDS for PostgreSQL.)',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-instance-request/allocated-storage.html',
    },
    fix: 'Allocate at least 20 GiB of gp2/gp3 (100 GiB of io1/io2), at most 65,536 GiB (3,072 GiB of magnetic storage).',
    resourceTypes: ['aws_db_instance'],
  },
  (r): Outcome => {
    const storage = valueAt(r, 'allocated_storage');
    if (storage === undefined || storage === null) return { verdict: 'not-applicable', message: 'allocated_storage is not set (a replica or a restore takes its source\'s)' };
    if (isUnknown(storage)) return unknownOutcome('allocated_storage', storage);
    const engine = valueAt(r, 'engine');
    if (isUnknown(engine)) return unknownOutcome('engine', engine);
    if (typeof engine !== 'string' || !ENGINES.has(engine)) return { verdict: 'not-applicable', message: `the storage ranges of engine ${String(engine ?? '(unset)')} are not modelled here` };
    const type = valueAt(r, 'storage_type');
    if (isUnknown(type)) return unknownOutcome('storage_type', type);
    let t: string;
    if (typeof type === 'string') t = type;
    else {
      const iops = valueAt(r, 'iops');
      // Unset, AWS picks io1 with iops and general purpose storage without; both general purpose types take 20-65536.
      if (iops !== undefined && iops !== null) return { verdict: 'unknown', path: 'storage_type', message: 'storage_type is not set and iops is: the storage type AWS picks decides the range' };
      t = 'gp2';
    }
    const range = RANGE[t];
    if (!range) return { verdict: 'unknown', path: 'storage_type', message: `the range of storage type ${t} is not modelled here` };
    if (typeof storage !== 'number') return { verdict: 'unknown', path: 'allocated_storage', message: 'allocated_storage is not a number here' };
    const [min, max] = range;
    const what = typeof type === 'string' ? `storage type ${t}` : 'general purpose storage (storage_type unset)';
    return storage >= min && storage <= max
      ? { verdict: 'pass', path: 'allocated_storage', message: `${storage} GiB is within ${min}-${max} GiB for ${what}` }
      : { verdict: 'fail', path: 'allocated_storage', message: `allocated_storage ${storage} GiB is outside ${min}-${max} GiB for ${what} on ${engine}; CreateDBInstance refuses it.` };
  },
);
