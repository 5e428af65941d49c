variable "identifier" {
  type        = string
  description = "DB instance identifier; also names the subnet group, parameter group and alarms."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,50}$", var.identifier))
    error_message = "identifier must start with a letter and hold at most 51 lowercase letters, digits or hyphens."
  }
}

variable "environment" {
  type        = string
  description = "Environment tag (staging or prod)."

  validation {
    condition     = contains(["staging", "prod"], var.environment)
    error_message = "environment must be staging or prod."
  }
}

variable "subnet_ids" {
  type        = list(string)
  description = "Data-tier subnets of the environment, in at least two AZs (AWS requires it for a DB subnet group)."

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "A DB subnet group needs subnets in at least two availability zones."
  }
}

variable "security_group_id" {
  type        = string
  description = "Security group of the database (rules in the root's security-groups.tf)."
}

variable "engine_version" {
  type        = string
  description = "PostgreSQL major version; RDS picks the current minor and upgrades minors automatically."
  default     = "16"

  # The majors RDS for PostgreSQL offers under standard support. "Release calendar for Amazon RDS for
  # PostgreSQL" (docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html,
  # read through endoflife.date's amazon-rds-postgresql page, which scrapes its table): RDS end of
  # standard support 13 = 2026-02-28, 14 = 2027-02-28, 15 = 2028-02-29, 16 = 2029-02-28, 17 = 2030-02-28;
  # "On the RDS end of standard support date, Amazon RDS automatically enrolls your databases in RDS
  # Extended Support" (paid), so 13 is refused. 18 is generally available (the release notes' extension
  # tables have an 18.1 column). The release notes also list "PostgreSQL 19 versions", but that 19 can be
  # created outside the Database Preview Environment (rds-preview.us-east-2) could not be confirmed:
  # refused until `aws rds describe-db-engine-versions --engine postgres --engine-version 19 --region
  # ap-northeast-2` lists it. This list is the one place to change when the calendar moves (the
  # parameter group family postgres<major> follows it).
  validation {
    condition     = contains(["14", "15", "16", "17", "18"], var.engine_version)
    error_message = "engine_version must be a PostgreSQL major version RDS supports: 14, 15, 16, 17 or 18 (13 is past RDS end of standard support; 19 is not confirmed outside the preview environment)."
  }
}

variable "instance_class" {
  type        = string
  description = "DB instance class."
  default     = "db.t4g.medium"

  validation {
    condition     = startswith(var.instance_class, "db.")
    error_message = "instance_class must be an RDS class such as db.t4g.medium."
  }
}

variable "allocated_storage" {
  type        = number
  description = "Initial gp3 storage in GiB."
  default     = 50

  validation {
    condition     = var.allocated_storage >= 20
    error_message = "allocated_storage must be at least 20 GiB."
  }
}

variable "max_allocated_storage" {
  type        = number
  description = "Storage autoscaling ceiling in GiB: 0 switches autoscaling off, otherwise at least 10 % above allocated_storage."
  default     = 200

  # RDS user guide, storage autoscaling: the maximum storage threshold must be at least 10 % more than
  # the allocated storage; CreateDBInstance otherwise fails with "InvalidParameterCombination: The
  # maximum allocated storage must be increased by at least 10 percent" (or, when both are equal,
  # "Max storage size must be greater than storage size").
  validation {
    condition     = var.max_allocated_storage == 0 || var.max_allocated_storage >= 1.1 * var.allocated_storage
    error_message = "max_allocated_storage must be 0 (storage autoscaling off) or at least 1.1 x allocated_storage: RDS rejects a smaller ceiling (\"The maximum allocated storage must be increased by at least 10 percent\")."
  }
}

variable "multi_az" {
  type        = bool
  description = "Standby in a second AZ with automatic failover."
  default     = false
}

variable "backup_retention_days" {
  type        = number
  description = "Days of automated backups (point-in-time recovery)."
  default     = 7

  validation {
    condition     = var.backup_retention_days >= 7 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be 7-35."
  }
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to delete the database."
  default     = true
}

variable "skip_final_snapshot" {
  type        = bool
  description = "Delete without a final snapshot (ephemeral and staging only)."
  default     = false
}

variable "performance_insights" {
  type        = bool
  description = "Performance Insights (7 days retention, free tier)."
  default     = false
}

variable "monitoring_interval" {
  type        = number
  description = "Enhanced monitoring interval in seconds; 0 switches it off."
  default     = 0

  validation {
    condition     = contains([0, 1, 5, 10, 15, 30, 60], var.monitoring_interval)
    error_message = "monitoring_interval must be one of 0, 1, 5, 10, 15, 30, 60."
  }
}

variable "iam_database_users" {
  type        = list(string)
  description = "PostgreSQL roles that log in with IAM database authentication (granted rds_iam by scripts/db-bootstrap.sh); the module outputs each one's rds-db:connect resource ARN."
  default     = []

  validation {
    condition     = alltrue([for u in var.iam_database_users : can(regex("^[a-z_][a-z0-9_]{0,62}$", u)) && u != "dolbom_admin"])
    error_message = "iam_database_users must be PostgreSQL role names (lowercase letters, digits, underscores; at most 63) other than the master user dolbom_admin."
  }
}

variable "alarms" {
  type = object({
    topic_arn             = string
    cpu_percent           = optional(number, 80)
    free_storage_gib      = optional(number, 5)
    freeable_memory_mib   = optional(number, 256)
    connections           = optional(number, 300)
    read_latency_seconds  = optional(number, 0.05)
    write_latency_seconds = optional(number, 0.05)
  })
  description = "Alarms and event subscription (alarms.tf): the SNS topic they notify (ALARM and OK), average CPU percent, free storage in GiB (absolute: storage autoscaling grows the volume, a fraction of the initial size would not follow it), freeable memory in MiB, connections and average read/write latency in seconds that fire them."

  validation {
    condition     = var.alarms.cpu_percent > 0 && var.alarms.cpu_percent <= 100 && var.alarms.free_storage_gib > 0 && var.alarms.freeable_memory_mib > 0 && var.alarms.connections >= 1
    error_message = "alarms.cpu_percent must be in (0, 100], alarms.free_storage_gib and alarms.freeable_memory_mib above 0, alarms.connections at least 1."
  }

  validation {
    condition     = var.alarms.read_latency_seconds > 0 && var.alarms.write_latency_seconds > 0
    error_message = "alarms.read_latency_seconds and alarms.write_latency_seconds must be above 0 (seconds, e.g. 0.05 for 50 ms)."
  }

  validation {
    condition     = var.alarms.free_storage_gib < var.allocated_storage
    error_message = "alarms.free_storage_gib must be below allocated_storage (GiB), or the free-storage alarm fires at once."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "Customer-managed KMS key of the storage, snapshots and automated backups (null: the AWS-managed aws/rds key)."
  default     = null
}

variable "secrets_kms_key_arn" {
  type        = string
  description = "Customer-managed KMS key of the RDS-managed master user secret (null: the Secrets Manager default key)."
  default     = null
}
