import type { Resource } from '../../../model/resource.js';
import { isUnknown, type Value } from '../../../model/value.js';
import { instanceSubnet, LAUNCH_TEMPLATE_TYPES, LAUNCHER_TYPES, launchersOf, launchSettingsOf, publicIpSetting } from '../../network.js';
import { follow, isSet, referrers } from '../../refs.js';
import type { Outcome, ResourceRule, RuleContext } from '../../types.js';
import { isFalse, isTrue, read, readSet, unknownAt } from '../../values.js';

const SUBNET_TYPES = ['aws_subnet', 'aws_default_subnet'];

export const NET_003: ResourceRule = {
  id: 'NET-003',
  title: 'No instance gets a public IP address',
  severity: 'error',
  rationale:
    'DESIGN.md: every EC2 instance sits in a private subnet with no public IP; the ALB and NLB are the only internet-facing parts. A public address (asked for by the instance, its launch template or launch configuration, given by a subnet that maps public IPs on launch, or an Elastic IP) bypasses the load balancers and makes the host scannable. Instances, spot requests and auto-scaling groups are judged with what they launch from; a launch template or configuration is judged on its own setting.',
  fix: 'Set `associate_public_ip_address = false` (on the instance, the launch template network interface or the launch configuration), launch into private subnets (`map_public_ip_on_launch = false`) and associate no Elastic IP with the instance.',
  resourceTypes: [...LAUNCHER_TYPES, ...LAUNCH_TEMPLATE_TYPES, ...SUBNET_TYPES, 'aws_eip', 'aws_eip_association'],
  judgedTypes: [...LAUNCHER_TYPES, ...LAUNCH_TEMPLATE_TYPES],
  check(r, ctx) {
    if (LAUNCH_TEMPLATE_TYPES.includes(r.type)) return judgeTemplate(r, ctx);
    if (r.type === 'aws_instance') {
      const eips = [...referrers(ctx, r, ['aws_eip'], 'instance', ['aws_instance']), ...referrers(ctx, r, ['aws_eip_association'], 'instance_id', ['aws_instance'])];
      if (eips.length > 0) return { verdict: 'fail', message: `Elastic IP ${eips.map((e) => e.address).join(', ')} is associated with the instance. ${NET_003.fix}` };
    }
    if (r.type !== 'aws_autoscaling_group') {
      // readSet: a provider-computed default is "not set" (the launch template or the subnet decides).
      const own = setting(readSet(r, 'associate_public_ip_address'), 'associate_public_ip_address', 'associate_public_ip_address');
      if (own) return own;
    }
    const ls = launchSettingsOf(r, ctx);
    if (ls.source) {
      const fromTemplate = ls.publicIp.path ? setting(ls.publicIp.value, ls.via ?? 'launch_template', `${ls.source.address} ${ls.publicIp.path}`) : undefined;
      if (fromTemplate) return fromTemplate;
    } else if (r.type === 'aws_autoscaling_group' || isSet(r, 'launch_template')) {
      return { verdict: 'unknown', path: r.type === 'aws_autoscaling_group' ? undefined : 'launch_template', message: `${ls.why ?? 'the launch template is not in the model'}, so whether it asks for a public IP is not known` };
    }
    return r.type === 'aws_autoscaling_group' ? judgeAsgSubnets(r, ctx) : judgeInstanceSubnet(r, ctx);
  },
};

/** An explicit public-IP setting decides (true fails, false passes, unknown is unknown); undefined when not set. */
function setting(v: Value | undefined, path: string, what: string): Outcome | undefined {
  if (isUnknown(v)) return unknownAt(path, v, `${what} is not known before apply`);
  if (isTrue(v)) return { verdict: 'fail', path, message: `${what} is true. ${NET_003.fix}` };
  if (isFalse(v)) return { verdict: 'pass', path, message: `${what} is false` };
  return undefined;
}

/**
 * A launch template (its eth0 interface) or launch configuration on its own: an explicit setting
 * decides; unset, the subnet of whatever launches it decides, judged there — or, when nothing in
 * the model launches it (an EKS node group, a fleet, another state), not known.
 */
function judgeTemplate(t: Resource, ctx: RuleContext): Outcome {
  const own = publicIpSetting(t);
  const decided = own.path ? setting(own.value, own.path, own.path) : undefined;
  if (decided) return decided;
  const launchers = launchersOf(t, ctx);
  if (launchers.length > 0) return { verdict: 'not-applicable', message: `it does not set associate_public_ip_address; the subnets of ${launchers.map((l) => l.address).join(', ')} decide (judged there)` };
  return {
    verdict: 'unknown',
    path: own.path || undefined,
    message: 'it does not set associate_public_ip_address and nothing in this model launches it, so the subnet it launches into decides; set associate_public_ip_address = false',
  };
}

function judgeInstanceSubnet(r: Resource, ctx: RuleContext): Outcome {
  const s = instanceSubnet(r, ctx);
  if (s === 'default-vpc') {
    return { verdict: 'fail', path: 'subnet_id', message: `no subnet_id: the instance lands in the default VPC's default subnet, which gives it a public IP. ${NET_003.fix}` };
  }
  if (s === 'unresolved') {
    return {
      verdict: 'unknown',
      path: 'subnet_id',
      message: 'associate_public_ip_address is not set and the subnet is not in the model, so the subnet default (map_public_ip_on_launch) decides; set associate_public_ip_address = false',
    };
  }
  const m = read(s.values, 'map_public_ip_on_launch');
  if (isTrue(m) || s.type === 'aws_default_subnet') {
    return { verdict: 'fail', path: 'subnet_id', message: `associate_public_ip_address is not set and subnet ${s.address} maps a public IP on launch. ${NET_003.fix}` };
  }
  if (isUnknown(m)) return { verdict: 'unknown', path: 'subnet_id', message: `subnet ${s.address} map_public_ip_on_launch is not known before apply` };
  return { verdict: 'pass', path: 'subnet_id', message: `no public IP: subnet ${s.address} does not map one and the instance does not ask for one` };
}

/** An ASG whose launch settings do not ask: every subnet of vpc_zone_identifier must not map public IPs. */
function judgeAsgSubnets(r: Resource, ctx: RuleContext): Outcome {
  const path = 'vpc_zone_identifier';
  // readSet: a plan's computed default (only availability_zones given) is "not set".
  const given = readSet(r, path);
  if (given === undefined || given === null || (Array.isArray(given) && given.length === 0)) {
    return { verdict: 'fail', message: `no vpc_zone_identifier: the group launches into the default VPC's default subnets, which give every instance a public IP. ${NET_003.fix}` };
  }
  const subnets = follow(ctx, r, path, SUBNET_TYPES);
  const count = Array.isArray(given) ? given.length : undefined;
  const mapping = subnets.filter((s) => isTrue(read(s.values, 'map_public_ip_on_launch')) || s.type === 'aws_default_subnet');
  if (mapping.length > 0) {
    return { verdict: 'fail', path, message: `the launch settings do not set associate_public_ip_address and subnet ${mapping.map((s) => s.address).join(', ')} maps a public IP on launch. ${NET_003.fix}` };
  }
  const unknownMap = subnets.filter((s) => isUnknown(read(s.values, 'map_public_ip_on_launch')));
  if (unknownMap.length > 0) return { verdict: 'unknown', path, message: `map_public_ip_on_launch of ${unknownMap.map((s) => s.address).join(', ')} is not known before apply` };
  if (subnets.length === 0 || count === undefined || subnets.length < count) {
    return { verdict: 'unknown', path, message: 'the launch settings do not set associate_public_ip_address and a subnet of vpc_zone_identifier is not in the model, so its map_public_ip_on_launch decides; set associate_public_ip_address = false' };
  }
  return { verdict: 'pass', path, message: `no public IP: subnets ${subnets.map((s) => s.address).join(', ')} do not map one and the launch settings do not ask for one` };
}
