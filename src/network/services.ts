/**
 * Managed compute and service interfaces in the VPC:
 * - ECS services in `awsvpc` mode (`network_configuration`: subnets, security groups — none given:
 *   "the default security group for the VPC is used" — and assign_public_ip, default DISABLED:
 *   AWS::ECS::Service AwsVpcConfiguration), listening on their task definition's container ports
 *   when the definition is known;
 * - Lambda functions in a VPC (`vpc_config`): their interfaces never get a public IPv4 address;
 * - VPC interface endpoints (`vpc_endpoint_type = "Interface"`: subnets, security groups); an
 *   AWS service's endpoint answers HTTPS (443).
 */
import type { Resource } from '../model/resource.js';
import { isObjectValue, isUnknown, type Value } from '../model/value.js';
import { list, ref } from './context.js';
import type { Placement } from './placement.js';
import type { Endpoint } from './types.js';

/** Container ports of a task definition's `container_definitions` (JSON text), when known. */
export function containerPorts(td: Resource | undefined): number[] | undefined {
  const text = td?.values.container_definitions;
  if (typeof text !== 'string') return undefined;
  let defs: unknown;
  try {
    defs = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(defs)) return undefined;
  const ports = new Set<number>();
  for (const d of defs) {
    for (const m of (d as { portMappings?: { containerPort?: unknown }[] })?.portMappings ?? []) {
      if (typeof m?.containerPort === 'number') ports.add(m.containerPort);
      else return undefined;
    }
  }
  return [...ports].sort((a, b) => a - b);
}

const enabled = (v: Value | undefined): Value | undefined => (v === true || v === 'ENABLED' ? true : v === false || v === 'DISABLED' || v === undefined || v === null ? false : v);

export function readServices(pl: Placement): Endpoint[] {
  const { ctx } = pl;
  const out: Endpoint[] = [];
  for (const r of ctx.index.ofType('aws_ecs_service')) {
    const nc = list(r.values.network_configuration)[0];
    if (!isObjectValue(nc)) continue; // bridge/host mode: its tasks use the container instances' interfaces (listed as not modelled)
    const s = pl.subnetsOf(r, 'network_configuration.0.subnets');
    const g = pl.sgsOf(r, ['network_configuration.0.security_groups'], s.vpc);
    const td = ctx.resolve(r, 'task_definition', ['aws_ecs_task_definition']).found[0];
    const ports = containerPorts(td);
    const assign = enabled(nc.assign_public_ip);
    out.push({
      ...pl.placed(r, 'ecs-service', s, g),
      address: pl.addrOf(s.list, s.unknown),
      publicIp:
        assign === true
          ? { value: 'yes', ref: ref(r, 'assign_public_ip', 'network_configuration'), note: 'assign_public_ip = true' }
          : isUnknown(assign)
            ? { value: 'maybe', ref: ref(r, 'assign_public_ip', 'network_configuration'), note: 'assign_public_ip is unknown until apply' }
            : { value: 'no', ref: ref(r, 'assign_public_ip', 'network_configuration'), note: 'assign_public_ip = false (the default)' },
      servicePort: ports?.length ? { port: ports[0], ports: ports.slice(1), ref: ref(td!, `container ports ${ports.join(', ')}`, 'container_definitions') } : undefined,
    });
  }
  for (const r of ctx.index.ofType('aws_lambda_function')) {
    const vc = list(r.values.vpc_config)[0];
    if (!isObjectValue(vc) || (Array.isArray(vc.subnet_ids) && vc.subnet_ids.length === 0)) continue; // not in a VPC
    const s = pl.subnetsOf(r, 'vpc_config.0.subnet_ids');
    const g = pl.sgsOf(r, ['vpc_config.0.security_group_ids'], s.vpc);
    out.push({ ...pl.placed(r, 'lambda', s, g), address: pl.addrOf(s.list, s.unknown), publicIp: { value: 'no', note: 'a Lambda function in a VPC gets no public IP address' } });
  }
  for (const r of ctx.index.ofType('aws_vpc_endpoint')) {
    if (r.values.vpc_endpoint_type !== 'Interface') continue; // Gateway: a route target; GatewayLoadBalancer: listed as not modelled
    const s = pl.subnetsOf(r, 'subnet_ids');
    const g = pl.sgsOf(r, ['security_group_ids'], s.vpc);
    const service = r.values.service_name;
    const aws = typeof service === 'string' && /^com\.amazonaws\./.test(service);
    out.push({
      ...pl.placed(r, 'vpc-endpoint', s, g),
      address: pl.addrOf(s.list, s.unknown),
      publicIp: { value: 'no', note: 'an interface endpoint has private addresses only' },
      servicePort: aws ? { port: 443, ref: ref(r, `HTTPS endpoint of ${service}`, 'service_name') } : undefined,
    });
  }
  return out;
}
