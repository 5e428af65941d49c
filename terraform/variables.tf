variable "project" {
  type        = string
  description = "Project name, the first part of every resource name and the Project tag."
  default     = "dolbom"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,11}$", var.project))
    error_message = "project must be 2-12 lowercase letters or digits, starting with a letter (it goes into S3, RDS and ElastiCache names)."
  }
}

variable "region" {
  type        = string
  description = "AWS region of the whole stack."
  default     = "ap-northeast-2"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as ap-northeast-2."
  }
}

variable "allowed_account_ids" {
  type        = list(string)
  description = "AWS account ids this configuration may touch (the provider refuses any other); empty allows any."
  default     = []

  validation {
    condition     = alltrue([for id in var.allowed_account_ids : can(regex("^[0-9]{12}$", id))])
    error_message = "allowed_account_ids must hold 12-digit AWS account ids."
  }
}

variable "run_id" {
  type        = string
  description = "Ephemeral run id: goes into every name and the stackcheck:run-id tag so that copies can live side by side. Empty for the live deployment."
  default     = ""

  validation {
    condition     = var.run_id == "" || can(regex("^[a-z][a-z0-9]{0,9}$", var.run_id))
    error_message = "run_id must be empty or 1-10 lowercase letters/digits starting with a letter (load balancer and target group names are limited to 32 characters)."
  }
}

variable "ephemeral" {
  type        = bool
  description = "A throw-away copy: everything can be destroyed at once (no deletion protection, no final snapshots, secrets deleted without recovery window, buckets emptied on destroy)."
  default     = false
}

variable "vpc_cidr" {
  type        = string
  description = "IPv4 CIDR of the VPC; each subnet tier gets a /20 of a /16 and each subnet a /24 of its tier."
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && endswith(var.vpc_cidr, "/16")
    error_message = "vpc_cidr must be a valid IPv4 /16 CIDR such as 10.0.0.0/16."
  }
}

variable "availability_zones" {
  type        = list(string)
  description = "AZs of the public and data tiers. At least two: an ALB and every DB subnet group must span two AZs."
  default     = ["ap-northeast-2a", "ap-northeast-2c"]

  validation {
    condition     = length(var.availability_zones) >= 2 && length(var.availability_zones) <= 4 && length(distinct(var.availability_zones)) == length(var.availability_zones)
    error_message = "availability_zones must list 2 to 4 distinct AZs (the ALB and DB subnet groups need at least two)."
  }

  validation {
    condition     = alltrue([for az in var.availability_zones : startswith(az, var.region)])
    error_message = "every availability zone must belong to var.region."
  }
}

variable "compute_availability_zones" {
  type        = list(string)
  description = "AZs that get private (compute) subnets. One AZ now; add an AZ to go multi-AZ without code changes. Instances are placed in the first."
  default     = ["ap-northeast-2a"]

  validation {
    condition     = length(var.compute_availability_zones) >= 1 && alltrue([for az in var.compute_availability_zones : contains(var.availability_zones, az)])
    error_message = "compute_availability_zones must name at least one AZ, each of them also in availability_zones."
  }
}

variable "single_nat_gateway" {
  type        = bool
  description = "One NAT gateway for the whole VPC (cheaper); false puts one in every compute AZ (an AZ outage then leaves the others online)."
  default     = true
}

variable "flow_logs_retention_days" {
  type        = number
  description = "Retention of the VPC flow logs (CloudWatch Logs), in days."
  default     = 90

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_logs_retention_days)
    error_message = "flow_logs_retention_days must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate ARN for the ALB HTTPS listener (and TURN/TLS). Leave empty only with self_signed_certificate = true."
  default     = ""

  validation {
    condition     = var.certificate_arn == "" || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)."
  }
}

variable "self_signed_certificate" {
  type        = bool
  description = "Generate a self-signed certificate (hashicorp/tls) and import it into ACM, so an ephemeral stack has the same HTTPS listeners as live without a domain."
  default     = false

  validation {
    condition     = var.self_signed_certificate != (var.certificate_arn != "")
    error_message = "Set exactly one of certificate_arn (live) or self_signed_certificate = true (ephemeral)."
  }
}

variable "alb_ssl_policy" {
  type        = string
  description = "TLS policy of the HTTPS listener (TLS 1.2 and 1.3 only)."
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  validation {
    condition     = contains(["ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", "ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06", "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06"], var.alb_ssl_policy)
    error_message = "alb_ssl_policy must be one of the ELBSecurityPolicy-TLS13-* policies (TLS 1.2 minimum)."
  }
}

variable "alb_deletion_protection" {
  type        = bool
  description = "Deletion protection of the shared ALB and NLB (they carry prod traffic)."
  default     = true
}

variable "alb_access_log_retention_days" {
  type        = number
  description = "Days the ALB access logs (client IPs, request lines) are kept before deletion."
  default     = 90

  validation {
    condition     = var.alb_access_log_retention_days >= 1 && var.alb_access_log_retention_days <= 3650
    error_message = "alb_access_log_retention_days must be 1-3650."
  }
}

variable "alarm_emails" {
  type        = list(string)
  description = "E-mail addresses subscribed to the alarm topic (each must confirm the subscription)."
  default     = []

  validation {
    condition     = alltrue([for e in var.alarm_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])
    error_message = "alarm_emails must be e-mail addresses."
  }
}

variable "gpu_utilization_alarm_threshold" {
  type        = number
  description = "GPU utilisation (percent, 15-minute average) above which the ai-agent alarm fires: calls degrade when the GPU is saturated."
  default     = 90

  validation {
    condition     = var.gpu_utilization_alarm_threshold > 0 && var.gpu_utilization_alarm_threshold <= 100
    error_message = "gpu_utilization_alarm_threshold must be a percentage in (0, 100]."
  }
}

variable "livekit" {
  type = object({
    signalling_host  = string
    instance_type    = optional(string, "c7i.xlarge")
    root_volume_size = optional(number, 30)
    redis = optional(object({
      node_type               = optional(string, "cache.t4g.small")
      num_cache_clusters      = optional(number, 1)
      engine_version          = optional(string, "7.1")
      snapshot_retention_days = optional(number, 3)
    }), {})
  })
  description = "The shared LiveKit node (one per listener set, see docs/stack.md) and its dedicated Redis."

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$", var.livekit.signalling_host))
    error_message = "livekit.signalling_host must be a DNS host name such as livekit.example.com."
  }

  validation {
    condition     = var.livekit.root_volume_size >= 20 && var.livekit.redis.num_cache_clusters >= 1 && var.livekit.redis.num_cache_clusters <= 6
    error_message = "livekit.root_volume_size must be >= 20 GiB and livekit.redis.num_cache_clusters between 1 and 6."
  }
}

variable "environments" {
  type = map(object({
    api_host = string
    web_host = string

    instance_types = optional(object({
      api      = optional(string, "m7i.large")
      web      = optional(string, "t3.large")
      ai_agent = optional(string, "g5.2xlarge")
    }), {})
    # false runs the ai-agent on Amazon Linux 2023 without a GPU (ephemeral stacks).
    ai_agent_gpu = optional(bool, true)
    root_volume_sizes = optional(object({
      api      = optional(number, 40)
      web      = optional(number, 30)
      ai_agent = optional(number, 200)
    }), {})
    health_check_paths = optional(object({
      api = optional(string, "/health")
      web = optional(string, "/")
    }), {})
    termination_protection = optional(bool, false)

    rds = optional(object({
      instance_class        = optional(string, "db.t4g.medium")
      engine_version        = optional(string, "16")
      allocated_storage     = optional(number, 50)
      max_allocated_storage = optional(number, 200)
      multi_az              = optional(bool, false)
      backup_retention_days = optional(number, 7)
      deletion_protection   = optional(bool, false)
      skip_final_snapshot   = optional(bool, true)
      performance_insights  = optional(bool, false)
      monitoring_interval   = optional(number, 0)
    }), {})

    redis = optional(object({
      node_type               = optional(string, "cache.t4g.small")
      num_cache_clusters      = optional(number, 1)
      engine_version          = optional(string, "7.1")
      snapshot_retention_days = optional(number, 7)
    }), {})
  }))
  description = "The application environments (keys: staging, prod) that share the VPC, ALB, NLB and LiveKit. Leave one out to deploy the other alone."

  validation {
    condition     = length(var.environments) >= 1 && alltrue([for name in keys(var.environments) : contains(["staging", "prod"], name)])
    error_message = "environments must hold staging and/or prod (the subnet plan and the SG matrix know only these)."
  }

  validation {
    condition     = alltrue([for e in values(var.environments) : e.rds.backup_retention_days >= 7 && e.rds.backup_retention_days <= 35])
    error_message = "rds.backup_retention_days must be 7-35 (0 would switch backups off, which also causes an outage to change)."
  }

  # RDS user guide, storage autoscaling: "the maximum storage threshold must be at least 10% more than
  # the currently allocated storage" (CreateDBInstance fails with "The maximum allocated storage must
  # be increased by at least 10 percent"); 0 switches autoscaling off.
  validation {
    condition     = alltrue([for e in values(var.environments) : e.rds.max_allocated_storage == 0 || e.rds.max_allocated_storage >= 1.1 * e.rds.allocated_storage])
    error_message = "rds.max_allocated_storage must be 0 (no storage autoscaling) or at least 1.1 x rds.allocated_storage (RDS rejects a smaller ceiling)."
  }

  validation {
    condition     = alltrue([for e in values(var.environments) : contains([0, 1, 5, 10, 15, 30, 60], e.rds.monitoring_interval)])
    error_message = "rds.monitoring_interval must be one of 0, 1, 5, 10, 15, 30, 60 seconds."
  }

  validation {
    condition     = alltrue([for e in values(var.environments) : e.redis.num_cache_clusters >= 1 && e.redis.num_cache_clusters <= 6])
    error_message = "redis.num_cache_clusters must be between 1 and 6."
  }

  validation {
    condition     = alltrue([for e in values(var.environments) : !e.ai_agent_gpu || e.root_volume_sizes.ai_agent >= 150])
    error_message = "The GPU ai-agent needs a root volume of at least 150 GiB (model images)."
  }

  validation {
    condition     = alltrue([for e in values(var.environments) : e.root_volume_sizes.api >= 20 && e.root_volume_sizes.web >= 20 && e.root_volume_sizes.ai_agent >= 20])
    error_message = "root volumes must be at least 20 GiB."
  }

  validation {
    condition     = length(distinct(flatten([for e in values(var.environments) : [e.api_host, e.web_host]]))) == 2 * length(var.environments)
    error_message = "every environment needs its own api_host and web_host (host-header rules must not overlap)."
  }
}

variable "github_actions" {
  type = object({
    repository = string
    # No default: an account has at most one provider per URL, so a second create fails (EntityAlreadyExists).
    create_oidc_provider = bool
    state_bucket         = string
    state_key            = optional(string, "dolbom/live.tfstate")
    # The state bucket's KMS key (terraform/bootstrap output kms_key_arn): the plan role decrypts
    # the state with it, through S3 only. Null for a state bucket under SSE-S3.
    state_kms_key_arn = optional(string)
  })
  description = "The GitHub repository (org/repo) whose main branch may assume the read-only plan role (pull requests may not); null creates no CI role."
  default     = null

  validation {
    condition     = var.github_actions == null ? true : can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_actions.repository))
    error_message = "github_actions.repository must be <org>/<repo>."
  }
}

variable "audit" {
  type = object({
    cloudtrail           = optional(bool, true)
    session_logging      = optional(bool, true)
    guardduty            = optional(bool, true)
    log_retention_days   = optional(number, 365)
    trail_retention_days = optional(number, 2557)
  })
  description = "Audit trail of the account: a multi-region CloudTrail trail (management events + S3 data events on the env-file bucket) to its own bucket, Session Manager session logs to CloudWatch Logs, GuardDuty. Set one to false where an AWS Organization already provides it (an organization trail, Session Manager preferences managed centrally, GuardDuty enabled by a delegated administrator)."
  default     = {}

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.audit.log_retention_days) && var.audit.trail_retention_days >= 1
    error_message = "audit.log_retention_days must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653) and audit.trail_retention_days at least 1."
  }
}

variable "private_dns_zone" {
  type        = string
  description = "Name of the private Route 53 zone of the VPC (hosts: <role>.<environment>.<zone>); an ephemeral copy uses <run_id>.<zone>."
  default     = "dolbom.internal"

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$", var.private_dns_zone))
    error_message = "private_dns_zone must be a DNS name of at least two labels, such as dolbom.internal."
  }
}

# --- Monitoring (terraform/monitoring.tf, the modules' alarms.tf; docs/stack.md, "Monitoring") ---

variable "alarm_https_endpoints" {
  type        = map(string)
  description = "Pager endpoints subscribed (protocol https) to both alarm topics, by a name of your choice: e.g. { pagerduty = \"https://events.pagerduty.com/integration/<key>/enqueue\" } from the pager's Amazon CloudWatch integration. Each must confirm its subscription itself (PagerDuty and Opsgenie do); the apply waits up to 5 minutes for that. The URL carries the integration key: keep it out of committed tfvars (TF_VAR_alarm_https_endpoints)."
  default     = {}
  sensitive   = true

  validation {
    condition     = alltrue([for name, url in var.alarm_https_endpoints : can(regex("^[a-z0-9-]{1,32}$", name)) && startswith(url, "https://")])
    error_message = "alarm_https_endpoints must map short names (lowercase letters, digits, hyphens) to https:// URLs."
  }
}

variable "alarm_thresholds" {
  type = object({
    alb = optional(object({
      target_5xx_count   = optional(number)
      target_p95_seconds = optional(number)
    }), {})
    redis = optional(object({
      engine_cpu_percent      = optional(number)
      memory_percent          = optional(number)
      evictions               = optional(number)
      connections             = optional(number)
      replication_lag_seconds = optional(number)
    }), {})
    rds = optional(object({
      cpu_percent           = optional(number)
      free_storage_gib      = optional(number)
      freeable_memory_mib   = optional(number)
      connections           = optional(number)
      read_latency_seconds  = optional(number)
      write_latency_seconds = optional(number)
    }), {})
    hosts = optional(object({
      disk_used_percent  = optional(number)
      mem_used_percent   = optional(number)
      gpu_memory_percent = optional(number)
    }), {})
  })
  description = "Alarm thresholds per kind; anything left out takes the module's default (modules/alb, modules/elasticache, modules/rds, modules/ec2 variables \"alarms\"; the table in docs/stack.md, \"Monitoring\"). They apply to every environment and target group alike."
  default     = {}
}

variable "container_log_retention_days" {
  type = object({
    staging = optional(number, 30)
    prod    = optional(number, 90)
    shared  = optional(number, 90)
  })
  description = "Retention of the container log groups (/<prefix>/containers/<environment>/<role>) per environment, in days; shared is LiveKit's host."
  default     = {}

  validation {
    condition     = alltrue([for days in values(var.container_log_retention_days) : contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], days)])
    error_message = "container_log_retention_days values must be retentions CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653)."
  }
}

# ---------------------------------------------------------------- resilience: WAF (terraform/waf.tf)

variable "waf" {
  type = object({
    # Requests one client IP may send in rate_limit_window_seconds before WAF blocks it (until its
    # rate falls below the limit again). Clients behind one NAT (a care facility, an office) share it.
    rate_limit_per_ip         = optional(number, 2000)
    rate_limit_window_seconds = optional(number, 300)
    # ISO 3166 alpha-2 codes, e.g. ["KR"]: requests from any other country are blocked. Empty: no restriction.
    allowed_country_codes = optional(list(string), [])
    # Managed rule group name => rules of it that only count (rule_action_override), e.g.
    # { AWSManagedRulesCommonRuleSet = ["SizeRestrictions_BODY"] } while an endpoint needs large bodies.
    count_rules        = optional(map(list(string)), {})
    log_retention_days = optional(number, 90)
  })
  description = "AWS WAF web ACL on the public ALB: a rate limit per client IP, an optional country allow-list, the AWS managed core, known-bad-inputs, SQL-injection and IP-reputation rule groups (rules listed in count_rules only count), and the blocked/counted requests logged to CloudWatch Logs."
  default     = {}

  validation {
    condition     = var.waf.rate_limit_per_ip >= 100 && var.waf.rate_limit_per_ip <= 2000000000 && contains([60, 120, 300, 600], var.waf.rate_limit_window_seconds)
    error_message = "waf.rate_limit_per_ip must be between 100 and 2,000,000,000 and waf.rate_limit_window_seconds one of 60, 120, 300, 600."
  }

  validation {
    condition     = alltrue([for c in var.waf.allowed_country_codes : can(regex("^[A-Z]{2}$", c))])
    error_message = "waf.allowed_country_codes must be ISO 3166 alpha-2 codes in capitals, such as KR."
  }

  validation {
    condition     = alltrue([for group in keys(var.waf.count_rules) : contains(["AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet"], group)])
    error_message = "waf.count_rules keys must be rule groups of the web ACL: AWSManagedRulesAmazonIpReputationList, AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet, AWSManagedRulesSQLiRuleSet."
  }

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.waf.log_retention_days)
    error_message = "waf.log_retention_days must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653)."
  }
}

# --- VPC endpoints (terraform/endpoints.tf, review M13) ------------------------------------------

variable "vpc_endpoints" {
  type = object({
    interface_services = optional(list(string), ["ssm", "ssmmessages", "ec2messages", "logs", "monitoring", "secretsmanager", "ec2"])
    s3_gateway         = optional(bool, true)
  })
  description = "Interface endpoints (com.amazonaws.<region>.<service>, one interface per compute AZ, private DNS) for the AWS APIs the hosts use, so Session Manager, logs, metrics and secrets survive a NAT outage; each costs per endpoint-AZ hour (docs/stack.md, \"VPC endpoints\"). [] turns them off. s3_gateway: the S3 gateway endpoint on the private route tables (no hourly charge)."
  default     = {}

  validation {
    condition     = alltrue([for s in var.vpc_endpoints.interface_services : contains(["ssm", "ssmmessages", "ec2messages", "logs", "monitoring", "secretsmanager", "ec2", "kms", "sts"], s)])
    error_message = "vpc_endpoints.interface_services: only AWS APIs the hosts call (ssm, ssmmessages, ec2messages, logs, monitoring, secretsmanager, ec2, kms, sts)."
  }

  validation {
    condition     = length(var.vpc_endpoints.interface_services) == 0 || alltrue([for s in ["ssm", "ssmmessages", "ec2messages"] : contains(var.vpc_endpoints.interface_services, s)])
    error_message = "vpc_endpoints.interface_services: Session Manager needs all three of ssm, ssmmessages and ec2messages (or none at all)."
  }
}

# --- Backups (terraform/backup.tf, review M9) ------------------------------------------------------

variable "backup" {
  type = object({
    enabled        = optional(bool, true)
    schedule       = optional(string, "cron(0 19 * * ? *)")
    retention_days = optional(number, 35)
    copy = optional(object({
      region         = optional(string)
      vault_arn      = optional(string)
      retention_days = optional(number, 35)
    }))
    vault_lock = optional(object({
      min_retention_days  = number
      max_retention_days  = number
      changeable_for_days = optional(number)
    }))
  })
  description = "AWS Backup: a daily recovery point (schedule in UTC; the default is 04:00 KST, after the RDS backup window) of the databases, the env-file bucket and the api and ai-agent hosts, kept retention_days. copy: null (default) keeps every copy in this region and account; region = a second region (this stack creates a vault and a key there), or vault_arn = an existing vault (typically in a second account, same region). Where health data may be copied is the data owner's decision (docs/stack.md, \"Backups\"). vault_lock: min/max retention enforced on the vaults this stack creates; changeable_for_days makes it immutable after that many days (>= 3). Never in ephemeral copies."
  default     = {}

  validation {
    condition     = var.backup.retention_days >= 7 && var.backup.retention_days <= 3650 && try(var.backup.copy.retention_days, 35) >= 7
    error_message = "backup.retention_days (and copy.retention_days) must be at least 7 days, retention_days at most 3650."
  }

  validation {
    condition     = var.backup.copy == null || ((try(var.backup.copy.region, null) == null) != (try(var.backup.copy.vault_arn, null) == null))
    error_message = "backup.copy: give exactly one of region (a vault this stack creates there) or vault_arn (an existing vault)."
  }

  validation {
    condition     = try(var.backup.copy.region, null) == null || (can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.backup.copy.region)) && try(var.backup.copy.region != var.region, false))
    error_message = "backup.copy.region must be a region name other than var.region (for a second vault in this region, use vault_arn)."
  }

  validation {
    condition     = try(var.backup.copy.vault_arn, null) == null || can(regex("^arn:aws[a-z-]*:backup:[a-z0-9-]+:[0-9]{12}:backup-vault:[A-Za-z0-9_-]{2,50}$", var.backup.copy.vault_arn))
    error_message = "backup.copy.vault_arn must be a backup vault ARN (arn:aws:backup:<region>:<account>:backup-vault:<name>)."
  }

  validation {
    condition     = var.backup.vault_lock == null || try(var.backup.vault_lock.min_retention_days <= var.backup.retention_days && var.backup.retention_days <= var.backup.vault_lock.max_retention_days && (var.backup.vault_lock.changeable_for_days == null || var.backup.vault_lock.changeable_for_days >= 3), false)
    error_message = "backup.vault_lock: min_retention_days <= retention_days <= max_retention_days, and changeable_for_days >= 3 (AWS Backup's 72-hour cooling-off period)."
  }
}

# --- Cost budget (review m24; terraform/budget.tf) ---------------------------------------------------
variable "budget" {
  type = object({
    monthly_limit_usd  = number
    emails             = list(string)
    actual_percent     = optional(list(number), [80, 100])
    forecasted_percent = optional(list(number), [100])
  })
  description = "A monthly cost budget for the account with e-mail notifications when actual spend crosses each actual_percent of the limit and when AWS forecasts the month to cross each forecasted_percent. null: no budget. Never created for an ephemeral copy."
  default     = null

  # AWS Budgets Notification: "A budget can have up to ten notifications" and "up to 10 email subscribers".
  validation {
    condition = alltrue([for b in var.budget == null ? [] : [var.budget] : (
      b.monthly_limit_usd > 0 && length(b.emails) >= 1 && length(b.emails) <= 10 &&
      alltrue([for e in b.emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))]) &&
      length(distinct(b.actual_percent)) + length(distinct(b.forecasted_percent)) <= 10 &&
      alltrue([for p in concat(b.actual_percent, b.forecasted_percent) : p > 0])
    )])
    error_message = "budget needs monthly_limit_usd above 0, 1-10 e-mail addresses, at most 10 thresholds in all (AWS allows ten notifications per budget), each a percentage above 0."
  }
}

# --- Redis modifications now (review m14; modules/elasticache) -------------------------------------
variable "redis_apply_immediately" {
  type        = bool
  description = "Apply Redis modifications at once instead of in the maintenance window. Set it (-var redis_apply_immediately=true) only for an apply that adds or changes log delivery, which ElastiCache refuses otherwise, or that rotates an AUTH token; terraform/README.md, \"Redis: AUTH token rotation and slow log\"."
  default     = false
}
