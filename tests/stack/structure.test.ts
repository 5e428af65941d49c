/**
 * Structural facts of terraform/, read from HashiCorp's parser output (`@cdktf/hcl2json`) without
 * terraform. The static evaluator will check many of them on evaluated values; these keep the
 * stack honest until then (and catch a file that does not parse at all).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CONTRACT_FLOWS,
  MODULES,
  local,
  moduleBody,
  modulesDir,
  parseStack,
  resources,
  stackDir,
  walk,
  type Body,
  type ContractFlow,
} from './helpers.js';

let parsed: Map<string, Body>;
let root: Body;
const mods: Record<string, Body> = {};

beforeAll(async () => {
  parsed = await parseStack();
  root = moduleBody(parsed, '');
  for (const m of MODULES) mods[m] = moduleBody(parsed, `modules/${m}`);
});

/** `${expr}` -> expr; other values unchanged. */
const expr = (v: unknown) => (typeof v === 'string' ? v.replace(/^\$\{([\s\S]*)\}$/, '$1') : v);

describe('files and layout', () => {
  it('every .tf and .tfvars parses with HashiCorp HCL parser', () => {
    expect(parsed.size).toBeGreaterThanOrEqual(30);
    for (const name of ['versions.tf', 'provider.tf', 'backend.tf', 'variables.tf', 'outputs.tf', 'main.tf', 'security-groups.tf', 'envs/live.tfvars', 'envs/ephemeral.tfvars']) {
      expect(parsed.has(name), name).toBe(true);
    }
  });

  it.each(MODULES)('module %s has the standard structure', (m) => {
    for (const f of ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf', 'README.md']) {
      expect(existsSync(join(modulesDir, m, f)), `${m}/${f}`).toBe(true);
    }
    expect(mods[m].module, `modules never call modules (${m})`).toBeUndefined();
  });

  it('requires terraform >= 1.11, aws ~> 6.0, random and tls', () => {
    const tf = root.terraform.find((b: Body) => b.required_version);
    expect(tf.required_version).toBe('>= 1.11');
    const providers = tf.required_providers[0];
    expect(providers.aws).toEqual({ source: 'hashicorp/aws', version: '~> 6.0' });
    expect(providers.random.source).toBe('hashicorp/random');
    expect(providers.tls.source).toBe('hashicorp/tls');
    for (const m of MODULES) {
      const mtf = mods[m].terraform.find((b: Body) => b.required_providers);
      expect(mtf.required_providers[0].aws.version, m).toBe('~> 6.0');
    }
  });

  it('S3 backend encrypts and locks with a lock file, bucket and key left to -backend-config', () => {
    const s3 = root.terraform.find((b: Body) => b.backend).backend.s3[0];
    expect(s3.encrypt).toBe(true);
    expect(s3.use_lockfile).toBe(true);
    expect(s3.dynamodb_table).toBeUndefined();
    expect(s3.bucket).toBeUndefined();
    expect(s3.key).toBeUndefined();
  });

  it('provider default_tags carry Project/ManagedBy and the run id tag only when run_id is set', () => {
    const aws = root.provider.aws[0];
    expect(expr(aws.default_tags[0].tags)).toBe('local.default_tags');
    const tags = expr(local(root, 'default_tags')) as string;
    expect(tags).toContain('Project = var.project, ManagedBy = "terraform"');
    expect(tags).toContain('var.run_id == "" ? {} : { "stackcheck:run-id" = var.run_id }');
  });
});

describe('variables', () => {
  const ORDER = ['type', 'description', 'default', 'sensitive', 'validation'];

  it('every variable (root and modules) has a type and a description, arguments in the style order', async () => {
    const dirs = ['', ...MODULES.map((m) => `modules/${m}`)];
    let count = 0;
    for (const dir of dirs) {
      const text = await readFile(join(stackDir, dir, 'variables.tf'), 'utf8');
      for (const [name, blocks] of Object.entries<Body[]>(moduleBody(parsed, dir).variable ?? {})) {
        count++;
        const v = blocks[0];
        expect(v.type, `${dir}:${name} type`).toBeDefined();
        expect(typeof v.description === 'string' && v.description.length > 10, `${dir}:${name} description`).toBe(true);
        // Order of the top-level arguments as written in the file.
        const start = text.indexOf(`variable "${name}" {`);
        const end = text.indexOf('\n}\n', start);
        const written = [...text.slice(start, end).matchAll(/^ {2}(\w+)\s*[={]/gm)].map((m) => m[1]).filter((a) => ORDER.includes(a));
        const firsts = written.filter((a, i) => written.indexOf(a) === i);
        expect(firsts, `${dir}:${name} argument order`).toEqual(ORDER.filter((a) => firsts.includes(a)));
      }
    }
    expect(count).toBeGreaterThan(60);
  });

  it('validates CIDRs, AZ counts (>= 2), environment names and ports', () => {
    const v = root.variable;
    expect(expr(v.vpc_cidr[0].validation[0].condition)).toContain('cidrhost(var.vpc_cidr, 0)');
    expect(expr(v.availability_zones[0].validation[0].condition)).toContain('length(var.availability_zones) >= 2');
    expect(expr(v.environments[0].validation[0].condition)).toContain('contains(["staging", "prod"], name)');
    expect(expr(mods.alb.variable.subnet_ids[0].validation[0].condition)).toBe('length(var.subnet_ids) >= 2');
    expect(expr(mods.rds.variable.subnet_ids[0].validation[0].condition)).toBe('length(var.subnet_ids) >= 2');
    expect(expr(mods.nlb.variable.listeners[0].validation[0].condition)).toContain('l.port >= 1 && l.port <= 65535');
  });
});

describe('composition (main.tf)', () => {
  it('calls every module by a local path, each at least once', () => {
    const sources = Object.values<Body[]>(root.module).map((b) => b[0].source);
    for (const s of sources) expect(s).toMatch(/^\.\/modules\/[a-z0-9]+$/);
    expect(new Set(sources)).toEqual(new Set(MODULES.map((m) => `./modules/${m}`)));
  });

  it('per-environment parts are for_each over var.environments; shared parts are single', () => {
    for (const name of ['app_hosts', 'rds', 'redis']) expect(root.module[name][0].for_each, name).toBe('${var.environments}');
    for (const name of ['vpc', 'iam', 'livekit_host', 'alb', 'nlb', 'livekit_redis']) expect(root.module[name][0].for_each, name).toBeUndefined();
  });

  it('every module call passes only declared variables and all required ones', () => {
    for (const [name, blocks] of Object.entries<Body[]>(root.module)) {
      const call = blocks[0];
      const m = (call.source as string).replace('./modules/', '');
      const declared = mods[m].variable as Body;
      const passed = Object.keys(call).filter((k) => !['source', 'for_each', 'count', 'depends_on', 'providers'].includes(k));
      for (const arg of passed) expect(declared, `module.${name} passes ${arg}`).toHaveProperty(arg);
      const required = Object.entries<Body[]>(declared).filter(([, b]) => !('default' in b[0])).map(([k]) => k);
      for (const req of required) expect(passed, `module.${name} misses required ${req}`).toContain(req);
    }
  });

  it('root outputs include every output of the stack contract (scripts read them with terraform output -json)', () => {
    const contract = ['instance_ids', 'alb_dns_name', 'nlb_dns_name', 'nlb_eips', 'rds_endpoints', 'redis_endpoints', 'livekit_redis_endpoint', 'env_bucket', 'sns_alarm_topic_arn'];
    for (const name of contract) {
      expect(root.output, name).toHaveProperty(name);
      expect(root.output[name][0].description.length, `${name} description`).toBeGreaterThan(10);
    }
    expect(expr(root.output.instance_ids[0].value)).toContain('shared = module.livekit_host.instance_ids');
  });

  it('main.tf holds module calls only', () => {
    const main = parsed.get('main.tf')!;
    expect(Object.keys(main)).toEqual(['module']);
  });
});

describe('network (vpc module)', () => {
  it('has the tiers public, private-shared, private-<env>, data-<env>', () => {
    const tiers = expr(local(mods.vpc, 'tiers')) as string;
    expect(tiers).toMatch(/public\s+= \{ number = 0, kind = "public"/);
    expect(tiers).toMatch(/"private-shared" = \{ number = 1, kind = "private"/);
    expect(tiers).toContain('"private-${env}" => { number = 2 * index, kind = "private"');
    expect(tiers).toContain('"data-${env}" => { number = 2 * index + 1, kind = "data", environment = env, azs = var.availability_zones }');
  });

  it('routes: public via the IGW, private via NAT, data tables have no route at all', () => {
    const routes = mods.vpc.resource.aws_route as Body;
    expect(Object.keys(routes).sort()).toEqual(['private_nat', 'public_internet']);
    expect(routes.public_internet[0].gateway_id).toBe('${aws_internet_gateway.this.id}');
    expect(routes.private_nat[0].nat_gateway_id).toContain('aws_nat_gateway.this[');
    const dataTable = mods.vpc.resource.aws_route_table.data[0];
    expect(dataTable.route).toBeUndefined();
  });

  it('NAT: one by default, one per compute AZ by a variable; subnets never map public IPs', () => {
    expect(expr(local(mods.vpc, 'nat_azs'))).toBe('var.single_nat_gateway ? [var.compute_availability_zones[0]] : var.compute_availability_zones');
    expect(mods.vpc.resource.aws_subnet.this[0].map_public_ip_on_launch).toBe(false);
    expect(mods.vpc.resource.aws_eip.nat[0].domain).toBe('vpc');
  });

  it('availability zones come from a variable, never from the aws_availability_zones data source', () => {
    for (const [rel, body] of parsed) expect(body.data?.aws_availability_zones, rel).toBeUndefined();
  });
});

/** The rows of local.sg_matrix, one per line in security-groups.tf, each parsed by hcl2json. */
async function matrixRows(): Promise<(ContractFlow & { why: string })[]> {
  const file = await readFile(join(stackDir, 'security-groups.tf'), 'utf8');
  const text = file.slice(file.indexOf('sg_matrix = ['), file.indexOf('security_groups = merge('));
  const ports = local(root, 'ports') as Record<string, number>;
  const rows = [];
  for (const m of text.matchAll(/^\s*(\{ from = .*\}),?$/gm)) {
    const body = await parse('row.hcl', `row = ${m[1]}\n`);
    const row = body.row;
    const portRef = /^\$\{local\.ports\.(\w+)\}$/.exec(row.port);
    expect(portRef, `port of ${m[1]} must be a local.ports reference`).not.toBeNull();
    rows.push({
      from: row.from,
      to: row.to,
      protocol: row.protocol,
      port: ports[portRef![1]],
      via: row.via === null ? undefined : row.via,
      why: row.why,
    });
  }
  return rows;
}

const ENV_ROLES = ['api', 'web', 'ai-agent', 'rds', 'redis'];
const contractRow = (f: ContractFlow) => `${f.from.replace('{env}-', '')}>${f.to.replace('{env}-', '')}:${f.protocol}/${f.port}${f.via ? ` via ${f.via}` : ''}`;

describe('security-group matrix (security-groups.tf)', () => {
  it('is exactly the contract matrix, row for row', async () => {
    const rows = await matrixRows();
    expect(rows.map(contractRow).sort()).toEqual(CONTRACT_FLOWS.map(contractRow).sort());
    for (const r of rows) {
      expect(r.why.length, `${contractRow(r)} says why`).toBeGreaterThan(5);
      // The why becomes the rule description, where EC2 admits only these characters (no quote, no apostrophe).
      expect(r.why, `${contractRow(r)} description charset`).toMatch(/^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]{1,255}$/);
    }
  });

  it('the local lists environment roles exactly as the contract has per-environment hosts', () => {
    expect(expr(local(root, 'environment_roles'))).toBe('concat(local.app_roles, ["rds", "redis"])');
    expect(local(root, 'app_roles')).toEqual(['api', 'web', 'ai-agent']);
    const contractEnvRoles = new Set(
      CONTRACT_FLOWS.flatMap((f) => [f.from, f.to]).filter((n) => n.startsWith('{env}-')).map((n) => n.replace('{env}-', '')),
    );
    expect([...contractEnvRoles].sort()).toEqual([...ENV_ROLES].sort());
  });

  it('no row opens 22 or 3389, and only the ALB (80/443) and LiveKit media through the NLB admit the internet', async () => {
    const rows = await matrixRows();
    for (const r of rows) {
      expect([22, 3389]).not.toContain(r.port);
      if (r.from === 'internet') {
        const alb = r.to === 'alb' && r.protocol === 'tcp' && [80, 443].includes(r.port);
        const media = r.to === 'livekit' && r.via === 'nlb' && [7881, 7882].includes(r.port);
        expect(alb || media, contractRow(r)).toBe(true);
      }
    }
  });

  it('outbound to an address other than 443 to the internet: only the ai-agent media to the NLB EIP, on the NLB listener ports', async () => {
    const rows = await matrixRows();
    const ports = local(root, 'ports') as Record<string, number>;
    const listeners = Object.values(local(root, 'nlb_listeners') as Record<string, { port: string; protocol: string }>).map((l) => `${l.port} ${l.protocol}`);
    const media = rows.filter((r) => r.to === 'nlb-eip');
    expect(media.map(contractRow).sort()).toEqual(['ai-agent>nlb-eip:tcp/7881', 'ai-agent>nlb-eip:udp/7882']);
    // Every one of those ports is an NLB listener that forwards to LiveKit, and the internet reaches
    // LiveKit on it through the NLB: the hairpinned packets arrive with the NAT gateway's public
    // address as the client (client IP preserved), which those 0.0.0.0/0 rows admit.
    const listenerPort = { 7882: 'livekit_ice_udp', 7881: 'livekit_ice_tcp' } as Record<number, string>;
    for (const r of media) {
      expect(listeners, contractRow(r)).toContain(`${'$'}{local.ports.${listenerPort[r.port]}} ${r.protocol.toUpperCase()}`);
      expect(ports[listenerPort[r.port]]).toBe(r.port);
      expect(rows.some((x) => x.from === 'internet' && x.to === 'livekit' && x.via === 'nlb' && x.protocol === r.protocol && x.port === r.port), contractRow(r)).toBe(true);
    }
    // ... and no direct ai-agent → livekit media rule is left (LiveKit never advertises its private address).
    expect(rows.filter((r) => r.from === 'ai-agent' && r.to === 'livekit').map((r) => r.port)).toEqual([7880]);
    for (const r of rows.filter((x) => x.to === 'internet')) expect(`${r.protocol}/${r.port}`, contractRow(r)).toBe('tcp/443');
  });

  it('an nlb-eip peer is one egress rule per NLB Elastic IP (/32, from module.nlb), never an ingress rule or a security group', () => {
    expect(local(root, 'sg_address_peers')).toEqual(['internet', 'nlb-eip']);
    const cidrs = expr(local(root, 'sg_peer_cidrs')) as string;
    expect(cidrs).toContain('{ internet = "0.0.0.0/0" }');
    expect(cidrs).toContain('"nlb-eip-${index}" => "${module.nlb.eip_public_ips[index]}/32"');
    // One EIP per NLB subnet, and the NLB's subnets are the compute AZs' public subnets.
    expect(cidrs).toContain('range(length(var.compute_availability_zones))');
    expect(root.module.nlb[0].subnet_ids).toBe('${[for az in var.compute_availability_zones : module.vpc.subnet_ids_by_az["public"][az]]}');
    expect(mods.nlb.output.eip_public_ips[0].value).toBe('${[for key in keys(local.subnets) : local.eips[key].public_ip]}');
    expect(local(root, 'sg_ingress_rules')).toContain('if !contains(local.sg_address_peers, hop.to)');
    const egress = root.resource.aws_vpc_security_group_egress_rule.this[0];
    expect(expr(egress.cidr_ipv4)).toBe('lookup(local.sg_peer_cidrs, each.value.peer, null)');
    expect(expr(egress.referenced_security_group_id)).toBe('contains(keys(local.sg_peer_cidrs), each.value.peer) ? null : aws_security_group.this[each.value.peer].id');
  });

  it('rules are separate aws_vpc_security_group_*_rule resources; no inline ingress/egress anywhere', () => {
    const sg = root.resource.aws_security_group.this[0];
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
    const ingress = root.resource.aws_vpc_security_group_ingress_rule.this[0];
    expect(ingress.for_each).toBe('${local.sg_ingress_rules}');
    expect(expr(ingress.cidr_ipv4)).toBe('each.value.peer == "internet" ? "0.0.0.0/0" : null');
    expect(expr(ingress.referenced_security_group_id)).toBe('each.value.peer == "internet" ? null : aws_security_group.this[each.value.peer].id');
    expect(ingress.from_port).toBe('${each.value.port}');
    expect(ingress.to_port).toBe('${each.value.port}');
    expect(root.resource.aws_vpc_security_group_egress_rule.this[0].for_each).toBe('${local.sg_egress_rules}');
    for (const [rel, body] of parsed) {
      for (const [type] of resources(body)) expect(['aws_security_group_rule'], `${rel}: ${type}`).not.toContain(type);
      for (const [, key, value] of walk(body)) {
        if (key === 'from_port' || key === 'to_port') expect([22, 3389], rel).not.toContain(value);
      }
    }
  });
});

describe('instances (ec2 module)', () => {
  it('no key pair anywhere in the stack', () => {
    for (const [rel, body] of parsed) {
      for (const [path, key] of walk(body)) expect(key === 'key_name', `${rel}: ${path.join('.')}`).toBe(false);
    }
  });

  it('IMDSv2 required with hop limit 1, no public IP, detailed monitoring, encrypted gp3 root volume', () => {
    const i = mods.ec2.resource.aws_instance.this[0];
    expect(i.metadata_options[0]).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1, http_endpoint: 'enabled' });
    expect(i.associate_public_ip_address).toBe(false);
    expect(i.monitoring).toBe(true);
    expect(i.root_block_device[0]).toMatchObject({ encrypted: true, volume_type: 'gp3' });
    // The role's template, rendered over the contract variables (plus whatever the module adds to them).
    expect(i.user_data).toMatch(/^\$\{templatefile\(each\.value\.user_data_template, (each\.value\.user_data_vars|merge\(each\.value\.user_data_vars, .*)\)\}$/);
    expect(i.lifecycle[0].ignore_changes).toEqual(['${ami}', '${user_data}']);
  });

  it('AMIs from the public SSM parameters (Amazon Linux 2023; DLAMI base OSS NVIDIA for the GPU host)', () => {
    const amis = local(root, 'ami_parameters');
    expect(amis.al2023).toBe('/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64');
    expect(amis.gpu).toBe('/aws/service/deeplearning/ami/x86_64/base-oss-nvidia-driver-gpu-amazon-linux-2023/latest/ami-id');
    expect(mods.ec2.data.aws_ssm_parameter.ami[0].name).toBe('${var.ami_parameters[each.key]}');
  });

  it('user-data: one template per role under user-data/, and the module passes every contract variable', () => {
    const templates = local(root, 'user_data_templates');
    expect(templates).toEqual({
      api: '${path.module}/../user-data/api-server-init.sh',
      web: '${path.module}/../user-data/web-server-init.sh',
      'ai-agent': '${path.module}/../user-data/ai-agent-init.sh',
      livekit: '${path.module}/../user-data/livekit-init.sh',
    });
    const type = expr(mods.ec2.variable.instances[0].type) as string;
    const contractVars = [
      'project', 'environment', 'role', 'region', 'env_bucket', 'env_object_key', 'ephemeral', 'tcp_ports', 'udp_ports',
      'cloudwatch_namespace', 'livekit_node_ip', 'livekit_redis_address', 'livekit_udp_port', 'livekit_tcp_port',
      'livekit_webhook_urls', 'compose_project_dir',
    ];
    const declared = [...type.slice(type.indexOf('user_data_vars')).matchAll(/^\s+(\w+)\s+= /gm)].map((m) => m[1]);
    expect(declared.sort()).toEqual([...contractVars].sort());
  });

  it('ai-agent root volume >= 150 GiB when it has a GPU, by validation', () => {
    const conditions = mods.ec2.variable.instances[0].validation.map((v: Body) => expr(v.condition));
    expect(conditions.some((c: string) => c.includes('!i.gpu || i.root_volume_size >= 150'))).toBe(true);
  });
});

describe('tags', () => {
  const NETWORK_TYPES = ['aws_instance', 'aws_security_group', 'aws_db_instance', 'aws_elasticache_replication_group', 'aws_lb', 'aws_lb_target_group'];

  it('every network resource carries Role and Environment (and Name)', () => {
    let seen = 0;
    for (const dir of ['', ...MODULES.map((m) => `modules/${m}`)]) {
      const body = moduleBody(parsed, dir);
      for (const [type, name, r] of resources(body)) {
        if (!NETWORK_TYPES.includes(type)) continue;
        seen++;
        let tags = r.tags;
        if (typeof tags === 'string') {
          // merge(local.tags, { Name = ... }): the keys come from the module's local.tags.
          expect(tags, `${dir}:${type}.${name}`).toMatch(/^\$\{merge\(local\.tags, \{ Name = /);
          tags = { ...local(body, 'tags'), Name: 'x' };
        }
        for (const k of ['Role', 'Environment', 'Name']) expect(tags, `${dir}:${type}.${name} ${k}`).toHaveProperty(k);
      }
    }
    expect(seen).toBeGreaterThanOrEqual(8);
  });
});

describe('load balancers', () => {
  it('ALB: HTTPS with a TLS 1.2+ policy and a fixed 404 default, HTTP redirects, drops invalid headers', () => {
    const lb = mods.alb.resource.aws_lb.this[0];
    expect(lb.drop_invalid_header_fields).toBe(true);
    expect(lb.enable_deletion_protection).toBe('${var.deletion_protection}');
    const https = mods.alb.resource.aws_lb_listener.https[0];
    expect(https.protocol).toBe('HTTPS');
    expect(https.default_action[0].fixed_response[0].status_code).toBe('404');
    expect(root.variable.alb_ssl_policy[0].default).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
    const http = mods.alb.resource.aws_lb_listener.http[0];
    expect(http.default_action[0].redirect[0]).toMatchObject({ protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' });
    expect(mods.alb.resource.aws_lb_listener_rule.host[0].condition[0].host_header[0].values).toEqual(['${each.value.host}']);
    expect(mods.alb.resource.aws_lb_target_group.this[0].health_check[0].path).toBe('${each.value.health_check_path}');
    // Access logs (client IPs): SSE-S3 (the only kind ALB delivery supports), expiring, written only by ELB.
    expect(lb.dynamic.access_logs[0].content[0]).toMatchObject({ enabled: true, prefix: '${local.access_logs_prefix}' });
    expect(mods.alb.resource.aws_s3_bucket_server_side_encryption_configuration.access_logs[0].rule[0].apply_server_side_encryption_by_default[0].sse_algorithm).toBe('AES256');
    expect(mods.alb.resource.aws_s3_bucket_lifecycle_configuration.access_logs[0].rule[0].expiration[0].days).toBe('${var.access_logs.retention_days}');
    expect(mods.alb.data.aws_iam_policy_document.access_logs[0].statement[0].principals[0].identifiers).toEqual(['${data.aws_elb_service_account.current.arn}']);
  });

  it('NLB: security group at creation, EIPs, TCP health checks, client IP preserved', () => {
    const lb = mods.nlb.resource.aws_lb.this[0];
    expect(lb.load_balancer_type).toBe('network');
    expect(lb.security_groups).toEqual(['${var.security_group_id}']);
    expect(lb.dynamic.subnet_mapping[0].content[0].allocation_id).toBe('${local.eips[subnet_mapping.key].id}');
    const tg = mods.nlb.resource.aws_lb_target_group.this[0];
    expect(tg.health_check[0].protocol).toBe('TCP');
    expect(tg.preserve_client_ip).toBe('true');
  });
});

describe('data stores', () => {
  it('RDS: encrypted, managed master password, not public, force_ssl, backups >= 7 days', () => {
    const db = mods.rds.resource.aws_db_instance.this[0];
    expect(db).toMatchObject({ storage_encrypted: true, manage_master_user_password: true, publicly_accessible: false, storage_type: 'gp3' });
    expect(db.password).toBeUndefined();
    const params = mods.rds.resource.aws_db_parameter_group.this[0].parameter;
    expect(params).toContainEqual({ name: 'rds.force_ssl', value: '1' });
    expect(expr(mods.rds.variable.backup_retention_days[0].validation[0].condition)).toBe('var.backup_retention_days >= 7 && var.backup_retention_days <= 35');
  });

  it('ElastiCache: replication group, transit + at-rest encryption, random auth token in Secrets Manager, failover with >= 2 nodes', () => {
    const rg = mods.elasticache.resource.aws_elasticache_replication_group.this[0];
    expect(rg).toMatchObject({ at_rest_encryption_enabled: true, transit_encryption_enabled: true, engine: 'redis' });
    expect(rg.auth_token).toBe('${random_password.auth_token.result}');
    expect(rg.auth_token_update_strategy).toBeDefined();
    expect(rg.automatic_failover_enabled).toBe('${local.automatic_failover}');
    expect(expr(local(mods.elasticache, 'automatic_failover'))).toBe('var.num_cache_clusters >= 2');
    expect(rg.snapshot_retention_limit).toBe('${var.snapshot_retention_days}');
    expect(mods.elasticache.resource.aws_secretsmanager_secret_version.auth_token[0].secret_string).toContain('random_password.auth_token.result');
  });
});

describe('IAM', () => {
  it('no "*" action on a "*" resource in any policy document', () => {
    for (const [rel, body] of parsed) {
      for (const [type, name, doc] of Object.entries<Body>(body.data?.aws_iam_policy_document ?? {}).map(([n, b]) => ['doc', n, b[0]] as const)) {
        for (const st of doc.statement ?? []) {
          const allow = (st.effect ?? 'Allow') === 'Allow';
          // An expression (e.g. "${local.kms_admin_actions}") is not a literal "*".
          const list = (v: unknown): string[] => (Array.isArray(v) ? v : []);
          const starAction = list(st.actions).some((a: string) => a === '*' || a === '*:*');
          const starResource = list(st.resources).includes('*');
          expect(allow && starAction && starResource, `${rel}: ${type}.${name}`).toBe(false);
        }
      }
    }
  });

  it('SSM core attached; metrics and logs scoped to the namespace and own log groups (the env-file read is judged on evaluated values: hosts.test.ts)', () => {
    expect(mods.iam.resource.aws_iam_role_policy_attachment.ssm_core[0].policy_arn).toContain('AmazonSSMManagedInstanceCore');
    // Not CloudWatchAgentServerPolicy (logs:CreateLogGroup/PutLogEvents on "*"): the same actions, scoped.
    expect(mods.iam.resource.aws_iam_role_policy_attachment.cloudwatch_agent).toBeUndefined();
    const telemetry = mods.iam.data.aws_iam_policy_document.host_telemetry[0].statement;
    const metrics = telemetry.find((st: Body) => st.sid === 'PutOwnNamespaceMetrics');
    expect(metrics.condition[0]).toMatchObject({ test: 'StringEquals', variable: 'cloudwatch:namespace', values: ['${var.metric_namespace}'] });
    const logs = telemetry.find((st: Body) => st.sid === 'WriteOwnLogGroups');
    expect(logs.actions).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams']);
    expect(logs.resources).toContain('var.host_log_groups');
  });

  it('env bucket: versioned, SSE-KMS, public access blocked; GitHub role restricted to the repo', () => {
    expect(mods.iam.resource.aws_s3_bucket_versioning.env_files[0].versioning_configuration[0].status).toBe('Enabled');
    expect(mods.iam.resource.aws_s3_bucket_server_side_encryption_configuration.env_files[0].rule[0].apply_server_side_encryption_by_default[0].sse_algorithm).toBe('aws:kms');
    expect(mods.iam.resource.aws_s3_bucket_public_access_block.env_files[0]).toMatchObject({
      block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
    });
    const assume = mods.iam.data.aws_iam_policy_document.github_assume[0].statement[0];
    const sub = assume.condition.find((c: Body) => c.variable.endsWith(':sub'));
    expect(sub.test).toBe('StringEquals');
    expect(sub.values).toEqual(['repo:${var.github_actions.repository}:ref:refs/heads/main']);
  });
});

describe('tfvars', () => {
  it('live: staging and prod; prod with deletion protection, Multi-AZ RDS, 14-day backups', () => {
    const live = parsed.get('envs/live.tfvars')!;
    expect(Object.keys(live.environments).sort()).toEqual(['prod', 'staging']);
    expect(live.environments.prod.rds).toMatchObject({ deletion_protection: true, multi_az: true, backup_retention_days: 14, skip_final_snapshot: false });
    expect(live.environments.prod.api_host).not.toBe(live.environments.staging.api_host);
    expect(live.certificate_arn).toMatch(/^arn:aws:acm:ap-northeast-2:/);
  });

  it('ephemeral: one environment, no GPU, nothing protected, self-signed certificate', () => {
    const eph = parsed.get('envs/ephemeral.tfvars')!;
    expect(Object.keys(eph.environments)).toHaveLength(1);
    expect(eph).toMatchObject({ ephemeral: true, self_signed_certificate: true, alb_deletion_protection: false });
    expect(eph.certificate_arn).toBeUndefined();
    for (const env of Object.values<Body>(eph.environments)) {
      expect(env.ai_agent_gpu).toBe(false);
      expect(env.rds.deletion_protection).toBe(false);
      expect(env.rds.skip_final_snapshot).toBe(true);
      expect(env.instance_types.ai_agent).not.toMatch(/^(g|p)\d/);
    }
    for (const [, key, value] of walk(eph)) if (key === 'deletion_protection' || key === 'termination_protection') expect(value).toBe(false);
  });
});
