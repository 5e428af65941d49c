import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';

export interface TargetHealth {
  targetGroupArn: string;
  targetGroupName?: string;
  targets: { id: string; port?: number; state: string; reason?: string }[];
}

/** Target health of every target group of the given load balancers. */
export async function targetHealth(elbv2: ElasticLoadBalancingV2Client, loadBalancerArns: string[]): Promise<TargetHealth[]> {
  const out: TargetHealth[] = [];
  for (const lb of loadBalancerArns) {
    const groups = await elbv2.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: lb }));
    for (const tg of groups.TargetGroups ?? []) {
      const health = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn }));
      out.push({
        targetGroupArn: tg.TargetGroupArn!,
        targetGroupName: tg.TargetGroupName,
        targets: (health.TargetHealthDescriptions ?? []).map((d) => ({
          id: d.Target?.Id ?? '?',
          port: d.Target?.Port,
          state: d.TargetHealth?.State ?? 'unknown',
          reason: d.TargetHealth?.Reason,
        })),
      });
    }
  }
  return out;
}

export interface HostRule {
  ruleArn: string;
  listenerArn: string;
  priority: string;
  hosts: string[];
  targetGroupArns: string[];
}

/** The host-header rules of every listener of a load balancer (default rules left out). */
export async function hostRules(elbv2: ElasticLoadBalancingV2Client, loadBalancerArn: string): Promise<HostRule[]> {
  const listeners = await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: loadBalancerArn }));
  const out: HostRule[] = [];
  for (const l of listeners.Listeners ?? []) {
    const rules = await elbv2.send(new DescribeRulesCommand({ ListenerArn: l.ListenerArn }));
    for (const r of rules.Rules ?? []) {
      if (r.IsDefault) continue;
      const hosts = (r.Conditions ?? []).flatMap((c) =>
        c.Field === 'host-header' ? (c.HostHeaderConfig?.Values ?? c.Values ?? []) : [],
      );
      const tgs = (r.Actions ?? []).flatMap((a) => [
        ...(a.TargetGroupArn ? [a.TargetGroupArn] : []),
        ...(a.ForwardConfig?.TargetGroups ?? []).map((t) => t.TargetGroupArn!).filter(Boolean),
      ]);
      out.push({ ruleArn: r.RuleArn!, listenerArn: l.ListenerArn!, priority: r.Priority ?? '', hosts, targetGroupArns: [...new Set(tgs)] });
    }
  }
  return out;
}

/** ARNs of load balancers by name. */
export async function loadBalancerArns(elbv2: ElasticLoadBalancingV2Client, names: string[]): Promise<Record<string, string>> {
  if (names.length === 0) return {};
  const res = await elbv2.send(new DescribeLoadBalancersCommand({ Names: names }));
  return Object.fromEntries((res.LoadBalancers ?? []).map((lb) => [lb.LoadBalancerName!, lb.LoadBalancerArn!]));
}

/** DNS names of load balancers by ARN. */
export async function loadBalancerDnsNames(elbv2: ElasticLoadBalancingV2Client, arns: string[]): Promise<Record<string, string>> {
  if (arns.length === 0) return {};
  const res = await elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: arns }));
  return Object.fromEntries((res.LoadBalancers ?? []).map((lb) => [lb.LoadBalancerArn!, lb.DNSName!]));
}
