import { DescribeInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';

/** Private IPv4 addresses of instances by id. */
export async function privateIps(ec2: EC2Client, instanceIds: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (instanceIds.length === 0) return out;
  let token: string | undefined;
  do {
    const page = await ec2.send(new DescribeInstancesCommand({ InstanceIds: instanceIds, NextToken: token }));
    for (const r of page.Reservations ?? []) {
      for (const i of r.Instances ?? []) if (i.InstanceId && i.PrivateIpAddress) out[i.InstanceId] = i.PrivateIpAddress;
    }
    token = page.NextToken;
  } while (token);
  return out;
}
