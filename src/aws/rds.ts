import { DescribeDBInstancesCommand, type RDSClient } from '@aws-sdk/client-rds';

export interface DbFacts {
  identifier: string;
  status?: string;
  encrypted: boolean;
  publiclyAccessible: boolean;
  subnetGroup?: string;
  multiAz: boolean;
  backupRetention: number;
  deletionProtection: boolean;
  managedPassword: boolean;
  /** The endpoint host clients connect to. */
  address?: string;
  port?: number;
}

export async function describeDb(rds: RDSClient, identifier: string): Promise<DbFacts | undefined> {
  try {
    const res = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }));
    const db = res.DBInstances?.[0];
    if (!db) return undefined;
    return {
      identifier,
      status: db.DBInstanceStatus,
      encrypted: Boolean(db.StorageEncrypted),
      publiclyAccessible: Boolean(db.PubliclyAccessible),
      subnetGroup: db.DBSubnetGroup?.DBSubnetGroupName,
      multiAz: Boolean(db.MultiAZ),
      backupRetention: db.BackupRetentionPeriod ?? 0,
      deletionProtection: Boolean(db.DeletionProtection),
      managedPassword: Boolean(db.MasterUserSecret?.SecretArn),
      address: db.Endpoint?.Address,
      port: db.Endpoint?.Port,
    };
  } catch (err) {
    if ((err as { name?: string }).name === 'DBInstanceNotFoundFault') return undefined;
    throw err;
  }
}
