output "replication_group_id" {
  description = "ID of the replication group."
  value       = aws_elasticache_replication_group.this.id
}

output "primary_endpoint_address" {
  description = "Host name of the primary endpoint (TLS, port 6379)."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "port" {
  description = "Port of the cache."
  value       = local.port
}

output "auth_token_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the AUTH token, host and port."
  value       = aws_secretsmanager_secret.auth_token.arn
}
