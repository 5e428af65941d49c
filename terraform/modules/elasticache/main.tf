locals {
  port               = 6379
  automatic_failover = var.num_cache_clusters >= 2
  # Redis 6's default group carries a ".x" suffix, Redis 7's does not.
  parameter_group_name = lookup({ "6" = "default.redis6.x", "7" = "default.redis7" }, split(".", var.engine_version)[0])

  tags = {
    Role        = var.role
    Environment = var.environment
  }
}

# ElastiCache AUTH tokens: 16-128 printable ASCII characters, and "The only permitted printable
# special characters are !, &, #, $, ^, <, >, and -" (CreateReplicationGroup, AuthToken). Even those
# break a rediss://:<token>@host URL (#, &) or compose .env interpolation ($), so the token is
# alphanumeric only: 64 characters of [A-Za-z0-9] (about 381 bits).
resource "random_password" "auth_token" {
  length  = 64
  special = false
}

# A deleted secret keeps its name for its recovery window ("You can't create this secret because a
# secret with this name is already scheduled for deletion"), so a fixed name cannot be created again
# for up to 30 days after a destroy. name_prefix ("Creates a unique name beginning with the specified
# prefix", aws_secretsmanager_secret docs) gives every create its own name, so live keeps its 7-day
# window (an accidental destroy stays recoverable) and a rebuild still applies (review M10b).
# Consumers find the secret by ARN (output auth_token_secret_arn), never by name.
resource "aws_secretsmanager_secret" "auth_token" {
  name_prefix             = var.secret_name_prefix
  description             = "AUTH token of ElastiCache ${var.replication_group_id}"
  recovery_window_in_days = var.secret_recovery_window_days
  kms_key_id              = var.secrets_kms_key_arn

  tags = merge(local.tags, { Name = trimsuffix(var.secret_name_prefix, "-") })
}

resource "aws_secretsmanager_secret_version" "auth_token" {
  secret_id = aws_secretsmanager_secret.auth_token.id
  secret_string = jsonencode({
    auth_token = random_password.auth_token.result
    host       = aws_elasticache_replication_group.this.primary_endpoint_address
    port       = local.port
  })
}

resource "aws_elasticache_subnet_group" "this" {
  name        = var.replication_group_id
  description = "Subnets of ${var.replication_group_id}"
  subnet_ids  = var.subnet_ids

  tags = merge(local.tags, { Name = var.replication_group_id })
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id = var.replication_group_id
  description          = "${var.role} (${var.environment})"
  engine               = "redis"
  engine_version       = var.engine_version
  node_type            = var.node_type
  port                 = local.port
  parameter_group_name = local.parameter_group_name
  num_cache_clusters   = var.num_cache_clusters

  subnet_group_name  = aws_elasticache_subnet_group.this.name
  security_group_ids = [var.security_group_id]

  at_rest_encryption_enabled = true
  kms_key_id                 = var.kms_key_arn
  transit_encryption_enabled = true
  auth_token                 = random_password.auth_token.result
  # Provider v6: must be explicit whenever auth_token is set.
  auth_token_update_strategy = "ROTATE"

  automatic_failover_enabled = local.automatic_failover
  multi_az_enabled           = var.multi_az

  snapshot_retention_limit   = var.snapshot_retention_days
  snapshot_window            = "16:00-17:00" # 01:00-02:00 KST, before the RDS backup window
  maintenance_window         = "sun:19:30-sun:20:30"
  auto_minor_version_upgrade = true
  # false: changes wait for the maintenance window. Adding or changing log delivery needs true for
  # that apply ("You must set the apply-immediately parameter for all log delivery modifications",
  # ElastiCache "Log delivery"; with false the provider's ModifyReplicationGroup fails with
  # "InvalidParameterValue: To modify the log delivery configuration, set the apply-immediately
  # parameter to true", hashicorp/terraform-provider-aws#49842, open): terraform/README.md, "Redis: AUTH token rotation and slow log".
  apply_immediately = var.apply_immediately
  # Failover, node replacement and maintenance events (review m14); alarms.tf watches the metrics.
  notification_topic_arn = var.notification_topic_arn

  # Commands slower than the slowlog-log-slower-than parameter (default group: 10 ms), per node, to
  # CloudWatch Logs (review m14). "Slow Log is supported for ... Redis OSS ... engine version 6.0
  # onward" (ElastiCache "Log delivery"); engine_version is 6.x or 7.x (validated).
  log_delivery_configuration {
    destination      = aws_cloudwatch_log_group.slow_log.name
    destination_type = "cloudwatch-logs"
    log_format       = "json"
    log_type         = "slow-log"
  }

  tags = merge(local.tags, { Name = var.replication_group_id })
}

# The slow log's group, encrypted like the containers' groups (terraform/monitoring.tf) with the
# logs key, whose policy admits logs.<region>.amazonaws.com for this account's log groups.
resource "aws_cloudwatch_log_group" "slow_log" {
  name              = "/elasticache/${var.replication_group_id}/slow-log"
  retention_in_days = var.slow_log_retention_days
  kms_key_id        = var.logs_kms_key_arn

  tags = merge(local.tags, { Name = "${var.replication_group_id}-slow-log" })
}
