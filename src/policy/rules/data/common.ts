import type { Applies } from '../../factories.js';
import { read } from '../../values.js';

export const RDS_TYPES = ['aws_db_instance', 'aws_rds_cluster'];
export const REDIS_TYPES = ['aws_elasticache_replication_group'];

/** Read replicas inherit storage, backups and credentials from their source. */
export const notReplica: Applies = (r) => {
  const src = read(r.values, r.type === 'aws_rds_cluster' ? 'replication_source_identifier' : 'replicate_source_db');
  return src === undefined || src === null || src === '' ? true : 'read replica (inherits this from its source)';
};

/** An RDS instance that belongs to a cluster takes these settings from the cluster. */
export const standalone: Applies = (r) => {
  if (r.type !== 'aws_db_instance') return true;
  const engine = read(r.values, 'engine');
  if (typeof engine === 'string' && engine.startsWith('aurora')) return 'Aurora cluster member (judged on aws_rds_cluster)';
  const src = read(r.values, 'replicate_source_db');
  return src === undefined || src === null || src === '' ? true : 'read replica (inherits this from its source)';
};
