import type { Resource } from '../../../model/resource.js';
import type { Applies } from '../../factories.js';
import { read } from '../../values.js';

export const RDS_TYPES = ['aws_db_instance', 'aws_rds_cluster'];
export const REDIS_TYPES = ['aws_elasticache_replication_group'];

/** An aws_db_instance that is a member of an Aurora cluster (its settings live on aws_rds_cluster). */
export function isAuroraMember(r: Resource): boolean {
  const engine = read(r.values, 'engine');
  return r.type === 'aws_db_instance' && typeof engine === 'string' && engine.startsWith('aurora');
}

/** Read replicas inherit storage, backups and credentials from their source. */
export const notReplica: Applies = (r) => {
  const src = read(r.values, r.type === 'aws_rds_cluster' ? 'replication_source_identifier' : 'replicate_source_db');
  return src === undefined || src === null || src === '' ? true : 'read replica (inherits this from its source)';
};

/** An RDS instance that belongs to a cluster (or replicates one) takes these settings from it. */
export const standalone: Applies = (r, ctx) => {
  if (r.type !== 'aws_db_instance') return true;
  return isAuroraMember(r) ? 'Aurora cluster member (judged on aws_rds_cluster)' : notReplica(r, ctx);
};

/** Has credentials of its own: neither a replica (instance or cluster) nor an Aurora member. */
export const ownCredentials: Applies = (r, ctx) => {
  const replica = notReplica(r, ctx);
  return replica === true ? standalone(r, ctx) : replica;
};
