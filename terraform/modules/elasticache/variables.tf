variable "replication_group_id" {
  type        = string
  description = "Replication group id; also names the subnet group and parameter group."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,39}$", var.replication_group_id)) && !endswith(var.replication_group_id, "-")
    error_message = "replication_group_id must be 1-40 lowercase letters, digits or hyphens, start with a letter and not end with a hyphen."
  }
}

variable "role" {
  type        = string
  description = "Role tag: redis (an environment's cache) or livekit-redis."

  validation {
    condition     = contains(["redis", "livekit-redis"], var.role)
    error_message = "role must be redis or livekit-redis."
  }
}

variable "environment" {
  type        = string
  description = "Environment tag (staging, prod or shared)."

  validation {
    condition     = contains(["staging", "prod", "shared"], var.environment)
    error_message = "environment must be staging, prod or shared."
  }
}

variable "subnet_ids" {
  type        = list(string)
  description = "Subnets of the cache subnet group (data tier of an environment, or private-shared for LiveKit)."

  validation {
    condition     = length(var.subnet_ids) >= 1
    error_message = "At least one subnet is needed."
  }
}

variable "security_group_id" {
  type        = string
  description = "Security group of the cache (rules in the root's security-groups.tf)."
}

variable "node_type" {
  type        = string
  description = "Cache node type."
  default     = "cache.t4g.small"

  validation {
    condition     = startswith(var.node_type, "cache.")
    error_message = "node_type must be an ElastiCache node type such as cache.t4g.small."
  }
}

variable "num_cache_clusters" {
  type        = number
  description = "Nodes (primary + replicas); two or more turn on automatic failover."
  default     = 1

  validation {
    condition     = var.num_cache_clusters >= 1 && var.num_cache_clusters <= 6
    error_message = "num_cache_clusters must be 1-6."
  }
}

variable "multi_az" {
  type        = bool
  description = "Place replicas in other AZs (needs num_cache_clusters >= 2 and subnets in two AZs)."
  default     = false

  validation {
    condition     = !var.multi_az || var.num_cache_clusters >= 2
    error_message = "multi_az needs num_cache_clusters >= 2."
  }
}

variable "engine_version" {
  type        = string
  description = "Redis engine version (major.minor)."
  default     = "7.1"

  validation {
    condition     = can(regex("^[67]\\.[0-9]+$", var.engine_version))
    error_message = "engine_version must be a Redis 6.x or 7.x version such as 7.1."
  }
}

variable "snapshot_retention_days" {
  type        = number
  description = "Days of automatic snapshots kept."
  default     = 7

  validation {
    condition     = var.snapshot_retention_days >= 1 && var.snapshot_retention_days <= 35
    error_message = "snapshot_retention_days must be 1-35."
  }
}

variable "secret_name_prefix" {
  type        = string
  description = "Prefix of the Secrets Manager name of the auth token secret (JSON: auth_token, host, port); each create appends a unique suffix, so a rebuild never meets the name of a secret still in its recovery window."

  validation {
    condition     = can(regex("^[A-Za-z0-9/_+=.@-]{1,480}$", var.secret_name_prefix))
    error_message = "secret_name_prefix may hold letters, digits and /_+=.@- only (Secrets Manager secret names), at most 480 characters."
  }
}

variable "secret_recovery_window_days" {
  type        = number
  description = "Days a deleted secret can be restored; 0 deletes at once (ephemeral copies)."
  default     = 7

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or 7-30."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "Customer-managed KMS key of the data at rest and snapshots (null: the AWS-managed key)."
  default     = null
}

variable "secrets_kms_key_arn" {
  type        = string
  description = "Customer-managed KMS key of the AUTH token secret (null: the Secrets Manager default key aws/secretsmanager)."
  default     = null
}

variable "alarms" {
  type = object({
    topic_arn               = string
    engine_cpu_percent      = optional(number, 80)
    memory_percent          = optional(number, 80)
    evictions               = optional(number, 0)
    connections             = optional(number, 1000)
    replication_lag_seconds = optional(number, 10)
  })
  description = "Per-node alarms (alarms.tf): the SNS topic they notify on ALARM and OK and the thresholds above which they fire."

  validation {
    condition     = var.alarms.engine_cpu_percent > 0 && var.alarms.engine_cpu_percent <= 100 && var.alarms.memory_percent > 0 && var.alarms.memory_percent <= 100
    error_message = "alarms.engine_cpu_percent and alarms.memory_percent must be percentages in (0, 100]."
  }

  validation {
    condition     = var.alarms.evictions >= 0 && var.alarms.connections >= 1 && var.alarms.replication_lag_seconds > 0
    error_message = "alarms.evictions must be >= 0, alarms.connections >= 1 and alarms.replication_lag_seconds > 0."
  }
}

variable "notification_topic_arn" {
  type        = string
  description = "SNS topic for the group's ElastiCache events (failover, node replacement): it must not be KMS-encrypted (ElastiCache cannot publish to an encrypted topic). Null sends none."
  default     = null
}

variable "logs_kms_key_arn" {
  type        = string
  description = "Customer-managed KMS key of the slow-log group (CloudWatch Logs must be allowed to use it)."
}

variable "slow_log_retention_days" {
  type        = number
  description = "Days CloudWatch Logs keeps the slow log."
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.slow_log_retention_days)
    error_message = "slow_log_retention_days must be a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "apply_immediately" {
  type        = bool
  description = "Apply modifications now instead of in the maintenance window. Needed for the apply that adds or changes log delivery; otherwise false."
  default     = false
}
