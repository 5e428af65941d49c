/**
 * Everything that puts network interfaces into a VPC (or faces the internet) that the analysis does
 * not model. Every report lists these, and a deny or closed-world intent that could involve one is
 * unknown, never a pass: the model cannot say what such a resource opens.
 */
import type { Resource } from '../model/resource.js';
import { isObjectValue } from '../model/value.js';
import { list, tagsOf } from './context.js';
import type { Unmodelled } from './types.js';

/** Types known to hold endpoints that are not modelled, with why. */
const KNOWN: Record<string, string> = {
  aws_eks_cluster: 'EKS control-plane interfaces and pods are not modelled',
  aws_eks_node_group: 'EKS nodes (launched by EKS) are not modelled',
  aws_mq_broker: 'Amazon MQ brokers are not modelled',
  aws_msk_cluster: 'MSK brokers are not modelled',
  aws_redshift_cluster: 'Redshift clusters are not modelled',
  aws_docdb_cluster_instance: 'DocumentDB instances are not modelled',
  aws_neptune_cluster_instance: 'Neptune instances are not modelled',
  aws_memorydb_cluster: 'MemoryDB clusters are not modelled',
  aws_elasticache_serverless_cache: 'ElastiCache Serverless caches are not modelled',
  aws_dms_replication_instance: 'DMS replication instances are not modelled',
  aws_db_proxy: 'RDS proxies are not modelled',
  aws_directory_service_directory: 'Directory Service domain controllers are not modelled',
  aws_route53_resolver_endpoint: 'Route 53 Resolver endpoints are not modelled',
  aws_transfer_server: 'Transfer Family servers are not modelled',
  aws_spot_instance_request: 'spot instance requests are not modelled (their instances are hosts)',
  aws_spot_fleet_request: 'spot fleets are not modelled (their instances are hosts)',
  aws_ec2_fleet: 'EC2 fleets are not modelled (their instances are hosts)',
  aws_emr_cluster: 'EMR clusters are not modelled',
  aws_batch_compute_environment: 'Batch compute environments are not modelled',
  aws_sagemaker_notebook_instance: 'SageMaker notebook instances are not modelled',
  aws_mwaa_environment: 'MWAA environments are not modelled',
  aws_elastic_beanstalk_environment: 'Elastic Beanstalk environments (their instances and load balancers) are not modelled',
  aws_apprunner_vpc_connector: 'App Runner VPC connectors are not modelled',
  aws_codebuild_project: 'CodeBuild projects in a VPC are not modelled',
  aws_fsx_lustre_file_system: 'FSx file systems are not modelled',
  aws_fsx_windows_file_system: 'FSx file systems are not modelled',
  aws_fsx_ontap_file_system: 'FSx file systems are not modelled',
  aws_fsx_openzfs_file_system: 'FSx file systems are not modelled',
  aws_globalaccelerator_endpoint_group: 'Global Accelerator endpoints are not modelled',
  aws_ec2_client_vpn_endpoint: 'Client VPN endpoints are not modelled',
  aws_vpn_connection: 'site-to-site VPN connections are not modelled',
  aws_dx_gateway_association: 'Direct Connect is not modelled',
};

/** Attributes that place a resource in subnets: a resource type not listed above that has one is not modelled either. */
const PLACING = ['subnet_id', 'subnet_ids', 'subnets', 'vpc_config', 'vpc_options', 'network_configuration', 'vpc_zone_identifier'];

/** Types that hold such attributes but are plumbing (modelled or no endpoint of their own). */
const PLUMBING = /(_subnet_group|_association|_attachment|_route_table|_network_acl|_network_acl_rule)$/;
const MODELLED = new Set([
  'aws_instance',
  'aws_network_interface',
  'aws_db_instance',
  'aws_rds_cluster',
  'aws_rds_cluster_instance',
  'aws_elasticache_replication_group',
  'aws_elasticache_cluster',
  'aws_lb',
  'aws_alb',
  'aws_nat_gateway',
  'aws_efs_mount_target',
  'aws_ecs_service',
  'aws_lambda_function',
  'aws_vpc_endpoint',
  'aws_autoscaling_group',
  'aws_opensearch_domain',
  'aws_elasticsearch_domain',
  'aws_subnet',
  'aws_network_acl',
  'aws_launch_template',
  'aws_ec2_transit_gateway_vpc_attachment',
  'aws_default_subnet',
  'aws_default_network_acl',
  'aws_flow_log',
  'aws_ec2_subnet_cidr_reservation',
]);

function entry(r: Resource, why: string): Unmodelled {
  const t = tagsOf(r);
  return { address: r.address, type: r.type, label: t.label, role: t.role, env: t.env, why };
}

export function readUnmodelled(resources: readonly Resource[]): Unmodelled[] {
  const out: Unmodelled[] = [];
  for (const r of resources) {
    if (r.mode !== 'managed') continue;
    const v = r.values;
    if (KNOWN[r.type]) {
      if (r.type === 'aws_codebuild_project' && !isObjectValue(list(v.vpc_config)[0])) continue;
      out.push(entry(r, KNOWN[r.type]));
    } else if ((r.type === 'aws_lb' || r.type === 'aws_alb') && v.load_balancer_type === 'gateway') {
      out.push(entry(r, 'gateway load balancers are not modelled'));
    } else if (r.type === 'aws_vpc_endpoint' && v.vpc_endpoint_type === 'GatewayLoadBalancer') {
      out.push(entry(r, 'gateway load balancer endpoints are not modelled'));
    } else if (r.type === 'aws_ecs_service' && !isObjectValue(list(v.network_configuration)[0])) {
      out.push(entry(r, 'an ECS service not in awsvpc mode: its tasks share the container instances\' interfaces, which are not modelled'));
    } else if ((r.type === 'aws_opensearch_domain' || r.type === 'aws_elasticsearch_domain') && !isObjectValue(list(v.vpc_options)[0])) {
      out.push(entry(r, 'a public OpenSearch domain (reached on the internet, governed by its access policy, which is not modelled)'));
    } else if (r.type.startsWith('aws_') && !MODELLED.has(r.type) && !PLUMBING.test(r.type) && PLACING.some((a) => v[a] !== undefined && v[a] !== null && !(Array.isArray(v[a]) && (v[a] as unknown[]).length === 0))) {
      out.push(entry(r, `${r.type} places interfaces in subnets; it is not modelled`));
    }
  }
  return out;
}
