import { mustEqual } from '../../factories.js';
import { RDS_TYPES, standalone } from './common.js';

export const DATA_001 = mustEqual(
  {
    id: 'DATA-001',
    title: 'RDS, Aurora, DocumentDB and Neptune storage is encrypted',
    rationale:
      'DESIGN.md data: encrypted at rest. The databases hold call records and care notes about elderly people; unencrypted storage and snapshots leak them. The same flag, off unless set, decides it for the RDS-family clusters other stacks use: DocumentDB ("Clusters that you create using AWS CloudFormation have encryption at rest turned off by default. Therefore, you must explicitly enable encryption at rest using the StorageEncrypted property", AWS Control Tower CT.DOCUMENTDB.PR.1; the API and the provider alike) and Neptune (the provider plans storage_encrypted = false when it is not set, schema/aws-defaults.json; AWS Config neptune-cluster-encrypted "is NON_COMPLIANT if storage encryption is not enabled").',
    fix: 'Set `storage_encrypted = true` (optionally `kms_key_id`); an existing unencrypted instance needs a snapshot copy with encryption and a restore.',
    resourceTypes: [...RDS_TYPES, 'aws_docdb_cluster', 'aws_neptune_cluster'],
  },
  'storage_encrypted',
  true,
  { whenAbsent: false, applies: standalone },
);
