/**
 * Data stores, each listening on one port: RDS instances (subnet group, security groups, port;
 * engine default when unset), Aurora cluster instances (placed and guarded by their cluster),
 * ElastiCache replication groups / clusters, EFS mount targets (NFS, TCP 2049: "An NFSv4.1 client
 * can only mount a file system if it can make a network connection to the NFS port (TCP port 2049)
 * of one of the file system's mount targets", and "File system mount targets can't have public IP
 * addresses associated with them" — Amazon EFS User Guide, security considerations for network
 * access), and OpenSearch domains in a VPC (`vpc_options`; HTTPS, "https://vpc-domain-name" —
 * OpenSearch Service Developer Guide, VPC domains; plain HTTP 80 possible unless enforce_https).
 */
import type { Resource } from '../model/resource.js';
import { isObjectValue, isUnknown, type Value } from '../model/value.js';
import { list, num, ref, tagsOf } from './context.js';
import type { Placement } from './placement.js';
import type { Endpoint } from './types.js';

function engineDefault(engine: string): number | undefined {
  return engine.includes('postgres') ? 5432 : engine.includes('mysql') || engine.includes('maria') || engine.includes('aurora') ? 3306 : engine.includes('sqlserver') ? 1433 : engine.includes('oracle') ? 1521 : undefined;
}

function publicly(r: Resource): Endpoint['publicIp'] {
  const pub = r.values.publicly_accessible;
  return { value: pub === true ? 'yes' : isUnknown(pub) ? 'maybe' : 'no', ref: ref(r, 'publicly_accessible', 'publicly_accessible'), note: `publicly_accessible = ${JSON.stringify(pub ?? false)}` };
}

function dbPort(r: Resource, port: Value | undefined, engine: string): Endpoint['servicePort'] {
  const p = num(port);
  const d = engineDefault(engine);
  return { port: typeof p === 'number' ? p : (d ?? 'unknown'), ref: ref(r, `port${p === undefined ? ` (engine default for ${engine || 'unknown engine'})` : ''}`, 'port') };
}

export function readDataStores(pl: Placement): Endpoint[] {
  const { ctx } = pl;
  const out: Endpoint[] = [];
  for (const r of ctx.index.ofType('aws_db_instance')) {
    const s = pl.groupSubnets(r, 'db_subnet_group_name', 'aws_db_subnet_group');
    const g = pl.sgsOf(r, ['vpc_security_group_ids'], s.vpc);
    out.push({ ...pl.placed(r, 'rds', s, g), address: pl.addrOf(s.list, s.unknown), publicIp: publicly(r), servicePort: dbPort(r, r.values.port, String(r.values.engine ?? '')) });
  }
  for (const r of ctx.index.ofType('aws_rds_cluster_instance')) {
    const cluster = ctx.resolve(r, 'cluster_identifier', ['aws_rds_cluster']).found[0];
    const s = ctx.configured(r, 'db_subnet_group_name') || !cluster ? pl.groupSubnets(r, 'db_subnet_group_name', 'aws_db_subnet_group') : pl.groupSubnets(cluster, 'db_subnet_group_name', 'aws_db_subnet_group');
    const g = cluster ? pl.sgsOf(cluster, ['vpc_security_group_ids'], s.vpc) : { sgs: [], unknown: ['cluster_identifier names no aws_rds_cluster of this model (its security groups are unknown)'] };
    const engine = String(cluster?.values.engine ?? r.values.engine ?? '');
    const base = pl.placed(r, 'aurora', s, g);
    out.push({
      ...base,
      ...(base.role ? {} : cluster ? tagsOf(cluster) : {}),
      address: pl.addrOf(s.list, s.unknown),
      publicIp: publicly(r),
      servicePort: cluster ? dbPort(cluster, cluster.values.port, engine) : { port: 'unknown', ref: ref(r, 'port (cluster unknown)') },
    });
  }
  for (const r of ctx.index.ofType('aws_elasticache_replication_group', 'aws_elasticache_cluster')) {
    if (r.type === 'aws_elasticache_cluster' && r.values.replication_group_id) continue;
    const s = pl.groupSubnets(r, 'subnet_group_name', 'aws_elasticache_subnet_group');
    const g = pl.sgsOf(r, ['security_group_ids'], s.vpc);
    const p = num(r.values.port);
    out.push({
      ...pl.placed(r, 'elasticache', s, g),
      address: pl.addrOf(s.list, s.unknown),
      publicIp: { value: 'no', note: 'ElastiCache has no public address' },
      servicePort: { port: typeof p === 'number' ? p : p === 'unknown' ? 'unknown' : 6379, ref: ref(r, p === undefined ? 'port (default 6379)' : 'port', 'port') },
    });
  }
  for (const r of ctx.index.ofType('aws_efs_mount_target')) {
    const s = pl.subnetsOf(r, 'subnet_id');
    const g = pl.sgsOf(r, ['security_groups'], s.vpc);
    const fs = ctx.resolve(r, 'file_system_id', ['aws_efs_file_system']).found[0];
    const base = pl.placed(r, 'efs', s, g);
    out.push({
      ...base,
      ...(fs ? tagsOf(fs) : {}),
      address: pl.addrOf(s.list, s.unknown, r.values.ip_address),
      symbols: [`${r.address}.ip_address`],
      publicIp: { value: 'no', note: 'EFS mount targets have no public address' },
      servicePort: { port: 2049, ref: ref(r, 'NFS (TCP 2049)') },
    });
  }
  for (const r of ctx.index.ofType('aws_opensearch_domain', 'aws_elasticsearch_domain')) {
    const vo = list(r.values.vpc_options)[0];
    if (!isObjectValue(vo)) continue; // a public domain: not in the VPC (listed as not modelled)
    const s = pl.subnetsOf(r, 'vpc_options.0.subnet_ids');
    const g = pl.sgsOf(r, ['vpc_options.0.security_group_ids'], s.vpc);
    const deo = list(r.values.domain_endpoint_options)[0];
    const https = isObjectValue(deo) ? deo.enforce_https : undefined;
    out.push({
      ...pl.placed(r, 'opensearch', s, g),
      address: pl.addrOf(s.list, s.unknown),
      publicIp: { value: 'no', note: 'an OpenSearch domain in a VPC has no public endpoint' },
      servicePort:
        https === true
          ? { port: 443, ref: ref(r, 'HTTPS (enforce_https = true)', 'domain_endpoint_options') }
          : { port: 443, maybePorts: [80], ref: ref(r, `HTTPS (and possibly HTTP 80: enforce_https is ${isUnknown(https) ? 'unknown' : 'not true'})`, 'domain_endpoint_options') },
    });
  }
  return out;
}
