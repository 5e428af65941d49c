# The names and shapes below are the stack contract: scripts/ and the ephemeral runner read them
# with `terraform output -json`.

output "instance_ids" {
  description = "Instance ids by environment and role: { staging = { api, web, ai-agent }, prod = {...}, shared = { livekit } }."
  value = merge(
    { for env, hosts in module.app_hosts : env => hosts.instance_ids },
    { shared = module.livekit_host.instance_ids },
  )
}

output "alb_dns_name" {
  description = "DNS name of the ALB: point every api, web and LiveKit signalling host at it."
  value       = module.alb.dns_name
}

output "nlb_dns_name" {
  description = "DNS name of the LiveKit media NLB."
  value       = module.nlb.dns_name
}

output "nlb_eips" {
  description = "Elastic IPs of the NLB; the first is LiveKit's advertised node_ip."
  value       = module.nlb.eip_public_ips
}

output "rds_endpoints" {
  description = "PostgreSQL endpoint (host:port) per environment."
  value       = { for env, db in module.rds : env => db.endpoint }
}

output "redis_endpoints" {
  description = "Redis primary endpoint host per environment (TLS, port 6379)."
  value       = { for env, cache in module.redis : env => cache.primary_endpoint_address }
}

output "livekit_redis_endpoint" {
  description = "Primary endpoint host of LiveKit's Redis (TLS, port 6379)."
  value       = module.livekit_redis.primary_endpoint_address
}

output "env_bucket" {
  description = "Env-file bucket: s3://<bucket>/<environment>/<role>.env, each read by that one host only (env.zip beside them is the operators' backup)."
  value       = module.iam.env_bucket_name
}

output "env_files_kms_key_arn" {
  description = "Customer-managed KMS key of the env-file bucket: every upload names it (scripts/env-sync.sh --sse-kms-key-id); the bucket refuses any other key."
  value       = aws_kms_key.this["env-files"].arn
}

output "sns_alarm_topic_arn" {
  description = "SNS topic every alarm publishes to."
  value       = aws_sns_topic.alarms.arn
}

output "vpc_id" {
  description = "ID of the VPC."
  value       = module.vpc.vpc_id
}

output "nat_public_ips" {
  description = "Public IPs of the NAT gateways (source of all host egress to the internet)."
  value       = module.vpc.nat_public_ips
}

output "github_plan_role_arn" {
  description = "Read-only role for terraform plan in GitHub Actions (null when not created)."
  value       = module.iam.github_plan_role_arn
}

output "database_bootstrap" {
  description = "Per environment, what scripts/db-bootstrap.sh needs: the RDS endpoint host, the ARN of the RDS-managed master secret (break-glass; read with an operator's credentials only) and the api instance the SSM tunnel goes through."
  value = {
    for env, db in module.rds : env => {
      address           = db.address
      master_secret_arn = db.master_user_secret_arn
      api_instance_id   = module.app_hosts[env].instance_ids["api"]
    }
  }
}

output "database_users" {
  description = "The PostgreSQL role of each application (IAM database authentication), by host role and application."
  value       = local.database_users
}

output "rds_addresses" {
  description = "PostgreSQL endpoint host per environment: DATABASE_HOST in the env files (the IAM token and the verify-full certificate check name this host, so use it, not an alias)."
  value       = { for env, db in module.rds : env => db.address }
}

output "redis_auth_token_secret_arns" {
  description = "Secrets Manager secret (JSON auth_token, host, port) of each Redis: per environment, and shared for LiveKit's."
  value = merge(
    { for env, cache in module.redis : env => cache.auth_token_secret_arn },
    { shared = module.livekit_redis.auth_token_secret_arn },
  )
}

output "private_ips" {
  description = "Private IPv4 address of every host, as instance_ids: { staging = { api, web, ai-agent }, prod = {...}, shared = { livekit } }."
  value = merge(
    { for env, hosts in module.app_hosts : env => hosts.private_ips },
    { shared = module.livekit_host.private_ips },
  )
}

output "alb_zone_id" {
  description = "Route 53 hosted zone id of the ALB, for the alias records of the api, web and LiveKit signalling hosts."
  value       = module.alb.zone_id
}

output "alb_target_group_arns" {
  description = "ALB target group ARN per route key (staging-api, prod-web, livekit, ...)."
  value       = module.alb.target_group_arns
}

output "nlb_target_group_arns" {
  description = "NLB target group ARN per LiveKit media listener key."
  value       = module.nlb.target_group_arns
}

output "private_dns_names" {
  description = "Private DNS name of every host and data store (zone private_dns_zone on the VPC): what the env files name instead of IP addresses."
  value = merge(
    { for key in keys(local.host_dns_names) : key => "${key}.${local.private_zone_name}" },
    { for key in keys(local.data_store_dns_names) : key => "${key}.${local.private_zone_name}" },
  )
}

output "private_zone_id" {
  description = "Route 53 private hosted zone of the VPC."
  value       = aws_route53_zone.private.zone_id
}

# --- Backups (terraform/backup.tf) -----------------------------------------------------------------

output "backup" {
  description = "AWS Backup: the vault of this region, the copy destination (null without backup.copy) and the role restore and on-demand backup jobs run as (docs/runbooks/restore.md). null in ephemeral copies."
  value = local.backup_enabled ? {
    vault_name     = aws_backup_vault.this[0].name
    vault_arn      = aws_backup_vault.this[0].arn
    copy_vault_arn = local.backup_copy_vault_arn
    copy_region    = try(var.backup.copy.region, null)
    role_arn       = aws_iam_role.backup[0].arn
    plan_id        = aws_backup_plan.this[0].id
  } : null
}
