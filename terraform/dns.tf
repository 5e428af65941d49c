# Private DNS: one Route 53 private hosted zone on the VPC with a name for every host and data
# store, so that env files and LiveKit's webhook list name hosts, not hand-copied private IPs that a
# -replace changes. Hosts: A records (their private IPs); data stores: CNAMEs to their endpoints.
#   <role>.<environment>.<zone>    api, web, ai-agent per environment; livekit.shared.<zone>
#   rds.<environment>.<zone>, redis.<environment>.<zone>, livekit-redis.shared.<zone>
# The applications connect to RDS and Redis by the endpoint names themselves (the TLS certificates
# and IAM database tokens name those), not the CNAMEs; the CNAMEs are for people and diagnostics.
locals {
  private_zone_name = var.run_id == "" ? var.private_dns_zone : "${var.run_id}.${var.private_dns_zone}"

  host_dns_records = merge(
    { for env, hosts in module.app_hosts : env => hosts.private_ips },
    { shared = module.livekit_host.private_ips },
  )
  host_dns_names = {
    for pair in flatten([for env, hosts in local.host_dns_records : [for role, ip in hosts : { env = env, role = role, ip = ip }]]) :
    "${pair.role}.${pair.env}" => pair.ip
  }
  data_store_dns_names = merge(
    { for env, db in module.rds : "rds.${env}" => db.address },
    { for env, cache in module.redis : "redis.${env}" => cache.primary_endpoint_address },
    { "livekit-redis.shared" = module.livekit_redis.primary_endpoint_address },
  )

  # LiveKit posts webhooks to every environment's API by its private name (user-data writes them
  # into livekit.yaml; the names are fixed by the environment list, so they need no IP).
  livekit_webhook_urls = [for env in sort(keys(var.environments)) : "http://api.${env}.${local.private_zone_name}:${local.ports.api}/livekit/webhook"]
}

resource "aws_route53_zone" "private" {
  name          = local.private_zone_name
  comment       = "${local.name_prefix}: private names of the hosts and data stores (terraform/dns.tf)"
  force_destroy = var.ephemeral

  vpc {
    vpc_id = module.vpc.vpc_id
  }

  tags = {
    Name        = local.private_zone_name
    Environment = "shared"
  }
}

resource "aws_route53_record" "host" {
  for_each = local.host_dns_names

  zone_id = aws_route53_zone.private.zone_id
  name    = "${each.key}.${local.private_zone_name}"
  type    = "A"
  ttl     = 60
  records = [each.value]
}

resource "aws_route53_record" "data_store" {
  for_each = local.data_store_dns_names

  zone_id = aws_route53_zone.private.zone_id
  name    = "${each.key}.${local.private_zone_name}"
  type    = "CNAME"
  ttl     = 300
  records = [each.value]
}
