import { DescribeReplicationGroupsCommand, type ElastiCacheClient } from '@aws-sdk/client-elasticache';

export interface CacheFacts {
  id: string;
  status?: string;
  transitEncryption: boolean;
  atRestEncryption: boolean;
  authTokenEnabled: boolean;
  automaticFailover?: string;
  members: number;
  /** Primary endpoint host (cluster mode disabled). */
  primaryAddress?: string;
  port?: number;
}

export async function describeReplicationGroup(ec: ElastiCacheClient, id: string): Promise<CacheFacts | undefined> {
  try {
    const res = await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }));
    const g = res.ReplicationGroups?.[0];
    if (!g) return undefined;
    return {
      id,
      status: g.Status,
      transitEncryption: Boolean(g.TransitEncryptionEnabled),
      atRestEncryption: Boolean(g.AtRestEncryptionEnabled),
      authTokenEnabled: Boolean(g.AuthTokenEnabled),
      automaticFailover: g.AutomaticFailover,
      members: g.MemberClusters?.length ?? 0,
      primaryAddress: g.NodeGroups?.[0]?.PrimaryEndpoint?.Address ?? g.ConfigurationEndpoint?.Address,
      port: g.NodeGroups?.[0]?.PrimaryEndpoint?.Port ?? g.ConfigurationEndpoint?.Port,
    };
  } catch (err) {
    if ((err as { name?: string }).name === 'ReplicationGroupNotFoundFault') return undefined;
    throw err;
  }
}
