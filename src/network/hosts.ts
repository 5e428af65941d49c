/**
 * Hosts: EC2 instances (their Elastic IP or public IP as a public face), unattached network
 * interfaces, and auto-scaling groups — the instances an ASG launches, placed in its
 * `vpc_zone_identifier` subnets with the security groups and public-IP setting of its launch
 * template (`vpc_security_group_ids`, `network_interfaces[0]`) or launch configuration.
 */
import type { Resource } from '../model/resource.js';
import { isObjectValue, type Value } from '../model/value.js';
import { parseCidr } from './cidr.js';
import { list, ref, tagsOf, type BuildContext } from './context.js';
import { eipAddress, face } from './faces.js';
import type { Placement } from './placement.js';
import type { AddressSpace, Endpoint } from './types.js';

export function readInstances(pl: Placement): Endpoint[] {
  const { ctx } = pl;
  const out: Endpoint[] = [];
  /** instance → its Elastic IP (the aws_eip, or the association when the EIP is not in the model) */
  const eip = new Map<string, Resource>();
  for (const r of ctx.index.ofType('aws_eip')) for (const i of ctx.resolve(r, 'instance', ['aws_instance']).found) eip.set(i.address, r);
  for (const r of ctx.index.ofType('aws_eip_association')) {
    const e = ctx.resolve(r, 'allocation_id', ['aws_eip']).found[0];
    for (const i of ctx.resolve(r, 'instance_id', ['aws_instance']).found) eip.set(i.address, e ?? r);
  }
  for (const r of ctx.index.ofType('aws_instance')) {
    const s = pl.subnetsOf(r, 'subnet_id');
    const vpc = s.vpc ?? ctx.onlyVpc();
    const g = pl.sgsOf(r, ['vpc_security_group_ids', 'security_groups'], vpc);
    const elastic = eip.get(r.address);
    const knownIp = typeof r.values.public_ip === 'string' && r.values.public_ip !== '' ? r.values.public_ip : undefined;
    const publicIp: Endpoint['publicIp'] = elastic
      ? { value: 'yes', ref: ref(r, 'Elastic IP'), note: 'an Elastic IP is associated' }
      : knownIp
        ? { value: 'yes', ref: ref(r, 'public_ip'), note: `public IP ${knownIp}` }
        : pl.publicIpOf(r.values.associate_public_ip_address, ref(r, 'associate_public_ip_address', 'associate_public_ip_address'), 'associate_public_ip_address', s, ctx.configured(r, 'associate_public_ip_address'));
    const faceAddress: AddressSpace =
      elastic?.type === 'aws_eip'
        ? eipAddress(elastic, [`${r.address}.public_ip`])
        : knownIp && parseCidr(knownIp)
          ? { kind: 'cidrs', cidrs: [parseCidr(knownIp)!] }
          : { kind: 'public', reason: `the public IP of ${r.address} is known after apply`, addresses: [[`${r.address}.public_ip`]] };
    out.push({
      ...pl.placed(r, 'instance', s, g),
      address: pl.addrOf(s.list, s.unknown, r.values.private_ip),
      symbols: [`${r.address}.private_ip`],
      publicIp,
      publicFace: publicIp.value === 'no' ? undefined : face(r.address, tagsOf(r).label, faceAddress),
    });
  }
  for (const r of ctx.index.ofType('aws_network_interface')) {
    if (isObjectValue(list(r.values.attachment)[0])) continue; // attached ENIs act as their instance
    const s = pl.subnetsOf(r, 'subnet_id');
    const g = pl.sgsOf(r, ['security_groups'], s.vpc);
    out.push({
      ...pl.placed(r, 'eni', s, g),
      address: pl.addrOf(s.list, s.unknown, list(r.values.private_ips)[0]),
      symbols: [`${r.address}.private_ip`],
      publicIp: { value: 'no', note: 'a network interface without an Elastic IP' },
    });
  }
  return out;
}

/**
 * The public-IP setting of a launch template (its eth0 interface; path empty when it declares none)
 * or of a launch configuration, as launchSettings documents it.
 */
export function launchPublicIp(source: Resource): { value: Value | undefined; path: string } {
  if (source.type === 'aws_launch_configuration') return { value: truthy(source.values.associate_public_ip_address), path: 'associate_public_ip_address' };
  const nis = list(source.values.network_interfaces);
  const ni = nis.findIndex((b) => isObjectValue(b) && (b.device_index === 0 || b.device_index === '0' || b.device_index === undefined || b.device_index === null));
  const eth0 = nis[ni];
  return isObjectValue(eth0) ? { value: truthy(eth0.associate_public_ip_address), path: `network_interfaces.${ni}.associate_public_ip_address` } : { value: undefined, path: '' };
}

export interface LaunchSettings {
  /** The launch template or configuration, when it is in the model. */
  source?: Resource;
  /** The attribute of the launcher that names the source (`launch_template.0.id`). */
  via?: string;
  sgs: { r: Resource; attrs: string[] };
  /** Its public-IP setting and the path in `source` (empty when it has no eth0 interface to ask). */
  publicIp: { value: Value | undefined; path: string };
  /** Why there is no source. */
  why?: string;
}

const truthy = (v: Value | undefined): Value | undefined => (v === 'true' ? true : v === 'false' ? false : v === '' ? undefined : v);

/**
 * The launch template (or configuration) of an ASG and what it says about networking. Whether its
 * instances get a public IPv4 address, as AWS documents it:
 * - a launch template: only its eth0 interface can ask (EC2 API reference,
 *   LaunchTemplateInstanceNetworkInterfaceSpecification.associatePublicIpAddress: "Indicates whether
 *   to associate a public IPv4 address with eth0 for a new network interface");
 * - a launch configuration: its own setting, else the subnet's (Auto Scaling API reference,
 *   CreateLaunchConfiguration.AssociatePublicIpAddress: "If the instance is launched into a
 *   nondefault subnet, the default is not to assign a public IPv4 address, unless you enabled the
 *   option to assign a public IPv4 address on the subnet");
 * - neither given: the subnet's `map_public_ip_on_launch` ("Indicates whether instances launched in
 *   this subnet receive a public IPv4 address", EC2 API reference, Subnet), read by publicIpOf.
 * An aws_instance's `launch_template` block is read the same way (NET-003 judges instances and ASGs
 * from it too).
 */
export function launchSettings(ctx: BuildContext, asg: Resource): LaunchSettings {
  const paths = ['launch_template.0.id', 'launch_template.0.name', 'mixed_instances_policy.0.launch_template.0.launch_template_specification.0.launch_template_id', 'mixed_instances_policy.0.launch_template.0.launch_template_specification.0.launch_template_name'];
  for (const p of paths) {
    if (!ctx.configured(asg, p)) continue;
    const lt = ctx.resolve(asg, p, ['aws_launch_template']).found[0];
    if (!lt) return { sgs: { r: asg, attrs: [] }, publicIp: { value: undefined, path: '' }, why: `${p} names no aws_launch_template of this model` };
    const publicIp = launchPublicIp(lt);
    const niPath = publicIp.path.replace(/\.associate_public_ip_address$/, '');
    return {
      source: lt,
      via: p,
      // A launch template's network interface carries the groups when it is given; else the template's.
      sgs: { r: lt, attrs: niPath && ctx.configured(lt, `${niPath}.security_groups`) ? [`${niPath}.security_groups`] : ['vpc_security_group_ids', 'security_group_names'] },
      publicIp,
    };
  }
  if (ctx.configured(asg, 'launch_configuration')) {
    const lc = ctx.resolve(asg, 'launch_configuration', ['aws_launch_configuration']).found[0];
    if (!lc) return { sgs: { r: asg, attrs: [] }, publicIp: { value: undefined, path: '' }, why: 'launch_configuration names no aws_launch_configuration of this model' };
    return { source: lc, via: 'launch_configuration', sgs: { r: lc, attrs: ['security_groups'] }, publicIp: launchPublicIp(lc) };
  }
  return { sgs: { r: asg, attrs: [] }, publicIp: { value: undefined, path: '' }, why: 'no launch template or launch configuration is given' };
}

/** Tags of an ASG: its `tag` blocks (key/value), as the instances it launches carry them when propagated. */
function asgTags(asg: Resource): { role?: string; env?: string; label: string } {
  const t: Record<string, string> = {};
  for (const b of list(asg.values.tag)) if (isObjectValue(b) && typeof b.key === 'string' && typeof b.value === 'string') t[b.key] = b.value;
  const own = tagsOf(asg);
  const role = t.Role ?? own.role;
  const env = t.Environment ?? own.env;
  return { role, env, label: role && env ? `${env}-${role}` : (role ?? asg.address) };
}

export function readAutoScalingGroups(pl: Placement): Endpoint[] {
  const out: Endpoint[] = [];
  for (const r of pl.ctx.index.ofType('aws_autoscaling_group')) {
    const s = pl.subnetsOf(r, 'vpc_zone_identifier');
    if (!s.list.length && !pl.ctx.configured(r, 'vpc_zone_identifier')) s.unknown = 'no vpc_zone_identifier: the instances launch in the default VPC, which is not in this model';
    const vpc = s.vpc ?? pl.ctx.onlyVpc();
    const ls = launchSettings(pl.ctx, r);
    const g = ls.source ? pl.sgsOf(ls.sgs.r, ls.sgs.attrs, vpc) : { sgs: [], unknown: [ls.why ?? 'launch settings unknown'] };
    const publicIp = ls.source
      ? pl.publicIpOf(ls.publicIp.value, ls.publicIp.path ? ref(ls.source, ls.publicIp.path, ls.publicIp.path) : undefined, `${ls.source.address} associate_public_ip_address`, s, !ls.publicIp.path || pl.ctx.configured(ls.source, ls.publicIp.path))
      : { value: 'maybe' as const, note: ls.why ?? 'launch settings unknown' };
    const base = pl.placed(r, 'asg', s, g);
    const tags = asgTags(r);
    out.push({
      ...base,
      ...tags,
      address: pl.addrOf(s.list, s.unknown),
      publicIp,
      publicFace: publicIp.value === 'no' ? undefined : face(r.address, tags.label, { kind: 'public', reason: `the public IPs of the instances ${r.address} launches are assigned at launch` }),
    });
  }
  return out;
}

