/**
 * AWS SDK v3 clients for the ephemeral runner and the sweeper. The SDK itself honours the standard
 * settings (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, credentials
 * chain), so the same code runs against real AWS or an emulator unchanged.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { RDSClient } from '@aws-sdk/client-rds';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';

export interface AwsClients {
  sts: STSClient;
  ssm: SSMClient;
  ec2: EC2Client;
  elbv2: ElasticLoadBalancingV2Client;
  rds: RDSClient;
  elasticache: ElastiCacheClient;
  tagging: ResourceGroupsTaggingAPIClient;
}

export function createClients(region: string): AwsClients {
  const config = { region, maxAttempts: 5 };
  return {
    sts: new STSClient(config),
    ssm: new SSMClient(config),
    ec2: new EC2Client(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    rds: new RDSClient(config),
    elasticache: new ElastiCacheClient(config),
    tagging: new ResourceGroupsTaggingAPIClient(config),
  };
}

/** The region the SDK settings name (AWS_REGION, AWS_DEFAULT_REGION), else the stack's own. */
export function regionFrom(env: NodeJS.ProcessEnv): string {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || 'ap-northeast-2';
}
