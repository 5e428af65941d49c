/**
 * Tiny hand-built stack models for the reachability tests. Ids of resources not yet created are
 * `Unknown`s whose origins name the resource, as the plan loader and the HCL evaluator produce them,
 * so the analysis resolves references exactly as it does on a real model.
 */
import type { Resource, StackModel } from '../../src/model/resource.js';
import { Unknown, type ObjectValue, type Value } from '../../src/model/value.js';

/** The id (or any attribute) of a resource that does not exist yet. */
export function idOf(address: string, attribute = 'id'): Unknown {
  return new Unknown('known after apply', [{ address, attribute }]);
}
export const arnOf = (address: string) => idOf(address, 'arn');

export class StackBuilder {
  readonly resources: Resource[] = [];
  private line = 1;

  /** Add a resource; its block is placed at a fresh line of `file` so witnesses can name file:line. */
  add(type: string, name: string, values: ObjectValue, file = 'main.tf'): string {
    const address = `${type}.${name}`;
    const line = this.line;
    this.line += 10;
    this.resources.push({
      address,
      module: '',
      mode: 'managed',
      type,
      name,
      provider: 'registry.terraform.io/hashicorp/aws',
      values,
      sensitive: [],
      references: [],
      source: { block: { file, line }, attributes: {} },
    });
    return address;
  }

  remove(address: string): void {
    const i = this.resources.findIndex((r) => r.address === address);
    if (i >= 0) this.resources.splice(i, 1);
  }

  get(address: string): Resource {
    const r = this.resources.find((x) => x.address === address);
    if (!r) throw new Error(`no ${address}`);
    return r;
  }

  build(): StackModel {
    return { origin: 'hcl', source: 'test', resources: this.resources, variables: {}, outputs: {}, providers: [], unevaluatedModules: [], diagnostics: [] };
  }

  // ---- shorthands for the common resources

  vpc(name = 'main', cidr = '10.0.0.0/16') {
    return this.add('aws_vpc', name, { cidr_block: cidr });
  }

  igw(vpc: string, name = 'igw') {
    return this.add('aws_internet_gateway', name, { vpc_id: idOf(vpc) });
  }

  subnet(name: string, vpc: string, cidr: string, extra: ObjectValue = {}) {
    return this.add('aws_subnet', name, { vpc_id: idOf(vpc), cidr_block: cidr, map_public_ip_on_launch: false, ...extra });
  }

  /** A route table with a 0.0.0.0/0 route to `target` (igw or nat address), associated with `subnets`. */
  routeTable(name: string, vpc: string, target: string | undefined, subnets: string[]) {
    const route: Value[] = target
      ? [{ cidr_block: '0.0.0.0/0', gateway_id: target.includes('internet_gateway') ? idOf(target) : '', nat_gateway_id: target.includes('nat_gateway') ? idOf(target) : '' }]
      : [];
    const rt = this.add('aws_route_table', name, { vpc_id: idOf(vpc), route });
    subnets.forEach((s, i) => this.add('aws_route_table_association', `${name}_${i}`, { subnet_id: idOf(s), route_table_id: idOf(rt) }));
    return rt;
  }

  nat(name: string, subnet: string) {
    const eip = this.add('aws_eip', `${name}_eip`, { domain: 'vpc' });
    return this.add('aws_nat_gateway', name, { subnet_id: idOf(subnet), allocation_id: idOf(eip) });
  }

  sg(name: string, vpc: string, tags: Record<string, string> = {}) {
    // no inline rules: absent, as the HCL evaluator leaves them
    return this.add('aws_security_group', name, { vpc_id: idOf(vpc), name, tags, tags_all: tags });
  }

  /** aws_vpc_security_group_{ingress,egress}_rule; `peer` is a CIDR or a security group address. */
  rule(name: string, direction: 'ingress' | 'egress', sg: string, protocol: string, from: number | null, to: number | null, peer: string | Unknown) {
    const v: ObjectValue = { security_group_id: idOf(sg), ip_protocol: protocol, from_port: from, to_port: to, cidr_ipv4: null, referenced_security_group_id: null };
    if (peer instanceof Unknown || /^\d/.test(peer)) v.cidr_ipv4 = peer;
    else v.referenced_security_group_id = idOf(peer);
    return this.add(`aws_vpc_security_group_${direction}_rule`, name, v, 'security-groups.tf');
  }

  instance(name: string, subnet: string, sgs: string[], tags: Record<string, string> = {}, extra: ObjectValue = {}) {
    return this.add('aws_instance', name, { subnet_id: idOf(subnet), vpc_security_group_ids: sgs.map((s) => idOf(s)), associate_public_ip_address: false, tags, tags_all: tags, ...extra });
  }
}
