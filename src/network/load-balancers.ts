/**
 * Load balancers as forwarders: ALBs and NLBs (`aws_lb` / `aws_alb`) with their listeners →
 * listener rules (host/path conditions) or default action → target groups → targets. Targets are
 * instances, load balancers (an ALB behind an NLB), IP addresses of endpoints in the model, ECS
 * services (their `load_balancer` blocks), auto-scaling groups (`target_group_arns`,
 * aws_autoscaling_attachment) and Lambda functions (invoked through the Lambda service: no network
 * flow to follow). A load balancer opens connections only to its targets; it is never the source
 * of any other flow.
 */
import type { Resource } from '../model/resource.js';
import { isObjectValue, isUnknown, type Value } from '../model/value.js';
import { parseCidr, type Cidr } from './cidr.js';
import { BuildContext, list, num, ref } from './context.js';
import { eipAddress, face } from './faces.js';
import type { Placement } from './placement.js';
import type { AddressSpace, Endpoint, Forward, Listener, RuleRef, TargetGroup } from './types.js';

const LB_TYPES = ['aws_lb', 'aws_alb'];
const TG_TYPES = ['aws_lb_target_group', 'aws_alb_target_group'];

export interface LoadBalancers {
  endpoints: Endpoint[];
  wiringUnknown: string[];
}

/** An internet-facing load balancer's public addresses: the Elastic IPs of its subnet mappings, else AWS's. */
function lbPublicAddress(ctx: BuildContext, pl: Placement, r: Resource, mappings: number): AddressSpace {
  const cidrs: Cidr[] = [];
  const addresses: (readonly string[])[] = [];
  for (let i = 0; i < mappings; i++) {
    if (!ctx.configured(r, `subnet_mapping.${i}.allocation_id`)) return { kind: 'public', reason: `AWS assigns the public address of ${r.address} in subnet_mapping[${i}] at apply` };
    const e = ctx.resolve(r, `subnet_mapping.${i}.allocation_id`, ['aws_eip']).found[0];
    if (!e) return { kind: 'public', reason: `subnet_mapping[${i}].allocation_id of ${r.address} is not an aws_eip of this model` };
    const a = eipAddress(e);
    if (a.kind === 'cidrs') cidrs.push(...a.cidrs);
    else if (a.kind === 'public') addresses.push(...(a.addresses ?? []));
  }
  if (addresses.length && !cidrs.length) return pl.canonical({ kind: 'public', reason: `the Elastic IPs of ${r.address} are known after apply`, addresses });
  if (addresses.length) return { kind: 'public', reason: `some Elastic IPs of ${r.address} are known after apply` };
  return cidrs.length ? pl.canonical({ kind: 'cidrs', cidrs }) : { kind: 'public', reason: `AWS assigns the public addresses of ${r.address} at apply` };
}

export function readLoadBalancers(pl: Placement, hosts: Endpoint[]): LoadBalancers {
  const { ctx } = pl;
  const endpoints: Endpoint[] = [];
  const byAddress = new Map<string, Endpoint>();
  for (const r of ctx.index.ofType(...LB_TYPES)) {
    const lbType = r.values.load_balancer_type;
    const type = lbType === 'network' ? 'network' : lbType === 'gateway' ? undefined : 'application';
    if (!type) continue; // gateway load balancers: listed as not modelled
    let s = pl.subnetsOf(r, 'subnets');
    const mappings = list(r.values.subnet_mapping);
    if (!s.list.length) {
      const fromMapping = mappings.flatMap((_, i) => pl.subnetsOf(r, `subnet_mapping.${i}.subnet_id`).list);
      if (fromMapping.length) s = { list: fromMapping, vpc: fromMapping[0].vpc };
    }
    const vpc = s.vpc;
    const sgDeclared = ctx.configured(r, 'security_groups');
    const g = type === 'network' && !sgDeclared ? { sgs: [], unknown: [] } : pl.sgsOf(r, ['security_groups'], vpc);
    const internal = r.values.internal;
    const e: Endpoint = {
      ...pl.placed(r, type === 'network' ? 'nlb' : 'alb', s, g),
      noSecurityGroups: type === 'network' && !sgDeclared,
      address: pl.addrOf(s.list, s.unknown),
      publicIp: {
        value: internal === true ? 'no' : isUnknown(internal) ? 'maybe' : 'yes',
        ref: ref(r, 'internal', 'internal'),
        note: internal === true ? 'internal load balancer' : 'internet-facing load balancer',
      },
      lb: { type, internal: isUnknown(internal) ? 'unknown' : internal === true, listeners: [] },
    };
    if (internal !== true) e.publicFace = face(r.address, e.label, lbPublicAddress(ctx, pl, r, mappings.length));
    endpoints.push(e);
    byAddress.set(r.address, e);
  }
  const wiringUnknown: string[] = [];
  const tgs = readTargetGroups(ctx);
  const addTarget = (tgResource: Resource, endpoint: string, port: number | undefined, rr: RuleRef, maybe?: string) => {
    const tg = tgs.get(tgResource.address);
    if (!tg) return;
    const same = tg.targets.find((t) => t.endpoint === endpoint && t.port === port);
    if (!same) tg.targets.push({ endpoint, port, ref: rr, ...(maybe ? { maybe } : {}) });
    else if (!maybe) delete same.maybe;
  };
  const all = [...hosts, ...endpoints];
  const byIp = new Map<string, Endpoint>();
  for (const h of all) if (h.address.kind === 'cidrs' && h.address.cidrs.length === 1 && h.address.cidrs[0].bits === 32) byIp.set(h.address.cidrs[0].text.replace(/\/32$/, ''), h);
  for (const r of ctx.index.ofType('aws_lb_target_group_attachment', 'aws_alb_target_group_attachment')) {
    const tg = ctx.resolve(r, 'target_group_arn', TG_TYPES);
    const target = ctx.resolve(r, 'target_id', ['aws_instance', ...LB_TYPES, 'aws_lambda_function']);
    const p = num(r.values.port);
    const port = typeof p === 'number' ? p : undefined;
    const id = r.values.target_id;
    const ip = typeof id === 'string' && parseCidr(id) ? byIp.get(id) : undefined;
    // One of several target groups or targets (a plan's key-less reference): each candidate is a
    // possible target, so flows to it are unknown, never denied and never allowed.
    const groups = tg.found.length ? tg.found.slice(0, 1) : tg.candidates;
    if (!groups.length) {
      wiringUnknown.push(`${r.address}: its target group could not be resolved (${tg.unresolved.join('; ') || 'no reference'}); attachment ignored`);
      continue;
    }
    if (target.found[0]?.type === 'aws_lambda_function') {
      ctx.notes.push(`${r.address}: a Lambda target is invoked through the Lambda service; no network flow to follow`);
      continue;
    }
    const endpoint = target.found[0]?.address ?? ip?.key;
    const endpoints = endpoint ? [endpoint] : target.candidates.filter((c) => c.type !== 'aws_lambda_function').map((c) => c.address);
    if (!endpoints.length && isUnknown(id) && !target.unresolved.some((u) => u.includes(' from '))) {
      // Unknown and tied to nothing in the model: any endpoint of the target type may be it.
      for (const g of groups) tgs.get(g.address)?.unknownTargets?.push({ why: `${r.address}: ${target.unresolved.join('; ') || 'target_id is unknown until apply'}, and the configuration records no resource it comes from`, port, ref: ref(r, 'target attachment') });
      continue;
    }
    if (!endpoints.length) {
      wiringUnknown.push(`${r.address}: its target could not be resolved (${target.unresolved.join('; ') || (typeof id === 'string' ? `${id} is no endpoint of this model` : 'no reference')}); attachment ignored`);
      continue;
    }
    const maybe = [tg.found.length ? '' : `${r.address}: ${tg.unresolved.join('; ')}`, endpoint ? '' : `${r.address}: ${target.unresolved.join('; ')}`].filter(Boolean).join('; ');
    for (const g of groups) for (const e of endpoints) addTarget(g, e, port, ref(r, 'target attachment'), maybe || undefined);
  }
  for (const r of ctx.index.ofType('aws_ecs_service')) {
    list(r.values.load_balancer).forEach((b, i) => {
      if (!isObjectValue(b) || !ctx.configured(r, `load_balancer.${i}.target_group_arn`)) return;
      const tg = ctx.resolve(r, `load_balancer.${i}.target_group_arn`, TG_TYPES).found[0];
      const p = num(b.container_port);
      if (tg) addTarget(tg, r.address, typeof p === 'number' ? p : undefined, ref(r, `load_balancer[${i}] (container ${String(b.container_name ?? '?')})`, `load_balancer.${i}`));
      else wiringUnknown.push(`${r.address} load_balancer[${i}]: its target group could not be resolved`);
    });
  }
  for (const r of ctx.index.ofType('aws_autoscaling_group')) {
    const { found, unresolved } = ctx.resolve(r, 'target_group_arns', TG_TYPES);
    for (const tg of found) addTarget(tg, r.address, undefined, ref(r, 'target_group_arns', 'target_group_arns'));
    if (unresolved.length && ctx.configured(r, 'target_group_arns')) wiringUnknown.push(`${r.address}: target_group_arns not all resolved (${unresolved.join('; ')})`);
  }
  for (const r of ctx.index.ofType('aws_autoscaling_attachment')) {
    const asg = ctx.resolve(r, 'autoscaling_group_name', ['aws_autoscaling_group']).found[0];
    const tg = ctx.resolve(r, 'lb_target_group_arn', TG_TYPES).found[0];
    if (asg && tg) addTarget(tg, asg.address, undefined, ref(r, 'autoscaling attachment'));
    else wiringUnknown.push(`${r.address}: its group or target group could not be resolved; attachment ignored`);
  }
  readListeners(ctx, byAddress, tgs, wiringUnknown);
  return { endpoints, wiringUnknown };
}

function readTargetGroups(ctx: BuildContext): Map<string, TargetGroup> {
  const tgs = new Map<string, TargetGroup>();
  for (const r of ctx.index.ofType(...TG_TYPES)) {
    const protocol = String(r.values.protocol ?? 'HTTP').toUpperCase();
    const targetType = String(r.values.target_type ?? 'instance');
    const pci = r.values.preserve_client_ip;
    const preserve = protocol === 'UDP' || protocol === 'TCP_UDP' ? true : pci === true || pci === 'true' ? true : pci === false || pci === 'false' ? false : targetType === 'instance';
    const hc = isObjectValue(list(r.values.health_check)[0]) ? (list(r.values.health_check)[0] as Record<string, Value>) : undefined;
    const hp = hc?.port;
    const port = num(r.values.port);
    tgs.set(r.address, {
      address: r.address,
      port: typeof port === 'number' ? port : undefined,
      protocol,
      targetType,
      preserveClientIp: preserve,
      healthPort: typeof hp === 'string' && /^\d+$/.test(hp) ? Number(hp) : typeof hp === 'number' ? hp : undefined,
      targets: [],
      unknownTargets: [],
    });
  }
  return tgs;
}

function readListeners(ctx: BuildContext, lbs: Map<string, Endpoint>, tgs: Map<string, TargetGroup>, wiringUnknown: string[]): void {
  const forwardsOf = (r: Resource, path: string, block: Record<string, Value>, conditions: string, rr: RuleRef): Forward[] => {
    const out: Forward[] = [];
    const addTg = (attr: string) => {
      const x = ctx.resolve(r, attr, TG_TYPES);
      for (const t of x.found) {
        const tg = tgs.get(t.address);
        if (tg && !out.some((f) => f.targetGroup === tg)) out.push({ targetGroup: tg, ref: rr, conditions });
      }
      if (!x.found.length) wiringUnknown.push(`${r.address} ${attr}: its target group could not be resolved (${x.unresolved.join('; ') || 'no reference'})`);
    };
    if (block.type !== 'forward') return out;
    if (block.target_group_arn !== null && block.target_group_arn !== undefined) addTg(`${path}.target_group_arn`);
    list(block.forward).forEach((f, i) => {
      if (isObjectValue(f)) list(f.target_group).forEach((_, j) => addTg(`${path}.forward.${i}.target_group.${j}.arn`));
    });
    return out;
  };
  const listeners = new Map<string, Listener>();
  for (const r of ctx.index.ofType('aws_lb_listener', 'aws_alb_listener')) {
    const lb = ctx.resolve(r, 'load_balancer_arn', LB_TYPES).found[0];
    const e = lb && lbs.get(lb.address);
    if (!e?.lb) {
      wiringUnknown.push(`${r.address}: its load balancer could not be resolved; listener ignored`);
      continue;
    }
    const pv = r.values.protocol;
    // An ALB listens on TCP whatever its protocol; an NLB listener of unknown protocol may be TCP or UDP.
    const protocolUnknown = isUnknown(pv) && e.lb.type === 'network' ? `${r.address}.protocol is unknown until apply (${pv.reason})` : undefined;
    const protocol = isUnknown(pv) ? '(unknown)' : String(pv ?? (e.lb.type === 'application' ? 'HTTP' : 'TCP')).toUpperCase();
    const port = num(r.values.port);
    const l: Listener = {
      address: r.address,
      port: typeof port === 'number' ? port : 'unknown',
      protocol,
      transport: protocolUnknown ? 'tcp+udp' : protocol === 'UDP' ? 'udp' : protocol === 'TCP_UDP' ? 'tcp+udp' : 'tcp',
      protocolUnknown,
      forwards: [],
      defaultAction: '',
      ref: ref(r, `listener ${protocol}:${typeof port === 'number' ? port : '?'}`, 'port'),
    };
    list(r.values.default_action).forEach((a, i) => {
      if (!isObjectValue(a)) return;
      l.defaultAction = String(a.type ?? '');
      l.forwards.push(...forwardsOf(r, `default_action.${i}`, a, '', ref(r, 'default action', `default_action.${i}`)));
    });
    e.lb.listeners.push(l);
    listeners.set(r.address, l);
  }
  for (const r of ctx.index.ofType('aws_lb_listener_rule', 'aws_alb_listener_rule')) {
    const lr = ctx.resolve(r, 'listener_arn', ['aws_lb_listener', 'aws_alb_listener']).found[0];
    const l = lr && listeners.get(lr.address);
    if (!l) {
      wiringUnknown.push(`${r.address}: its listener could not be resolved; rule ignored`);
      continue;
    }
    const conds: string[] = [];
    for (const c of list(r.values.condition)) {
      if (!isObjectValue(c)) continue;
      for (const [k, label] of [['host_header', 'host'], ['path_pattern', 'path'], ['http_request_method', 'method'], ['source_ip', 'source-ip']] as const) {
        for (const h of list(c[k])) if (isObjectValue(h)) conds.push(`${label} ${list(h.values).map((x) => (isUnknown(x) ? '(unknown)' : String(x))).join('|')}`);
      }
    }
    const prio = num(r.values.priority);
    const rr = ref(r, `listener rule${typeof prio === 'number' ? ` priority ${prio}` : ''}${conds.length ? ` (${conds.join(', ')})` : ''}`, 'condition');
    list(r.values.action).forEach((a, i) => {
      if (isObjectValue(a)) l.forwards.push(...forwardsOf(r, `action.${i}`, a, conds.join(', '), rr));
    });
  }
}
