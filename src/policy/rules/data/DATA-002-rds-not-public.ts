import { mustNotBe } from '../../factories.js';

/**
 * What an unset `publicly_accessible` becomes, by type:
 * - aws_db_instance, aws_rds_cluster_instance, aws_neptune_cluster_instance: false (the provider's
 *   default, planned as false; schema/aws-defaults.json, provider 5.100);
 * - aws_redshift_cluster: true. Provider docs (website/docs/r/redshift_cluster.html.markdown):
 *   "`publicly_accessible` - (Optional) If true, the cluster can be accessed from a public network.
 *   Default is `true`." — the 5.100 provider plans true when unset (schema/aws-defaults.json), so it
 *   sends true whatever the Redshift API's own default is;
 * - aws_dms_replication_instance: true. The provider leaves it to AWS (Optional+Computed, planned
 *   unknown), and AWS DMS documents "A value of true represents an instance with a public IP
 *   address. A value of false represents an instance with a private IP address. The default value
 *   is true." (ReplicationInstance / CreateReplicationInstance PubliclyAccessible).
 */
const DEFAULT_PUBLIC: Record<string, boolean> = {
  aws_db_instance: false,
  aws_rds_cluster_instance: false,
  aws_neptune_cluster_instance: false,
  aws_redshift_cluster: true,
  aws_dms_replication_instance: true,
};

export const DATA_002 = mustNotBe(
  {
    id: 'DATA-002',
    title: 'Databases and replication instances are not publicly accessible',
    rationale:
      'DESIGN.md data: never public, reachable only from that environment\'s app hosts. A public endpoint puts the database one leaked password away from the internet. The same flag decides it for RDS and Aurora instances, Neptune instances, Redshift clusters and DMS replication instances (AWS Security Hub RDS.2, Redshift.1, DMS.1). Unset, RDS, Aurora and Neptune stay private, but a Redshift cluster is public (provider default true) and so is a DMS replication instance (AWS default true).',
    fix: 'Set `publicly_accessible = false` explicitly and keep the resource in data-tier subnets.',
    resourceTypes: Object.keys(DEFAULT_PUBLIC),
  },
  'publicly_accessible',
  [true],
  { whenAbsent: (r) => DEFAULT_PUBLIC[r.type] },
);
