variable "name_prefix" {
  type        = string
  description = "Prefix of every name: the ALB is <prefix>-alb, each target group <prefix>-<route key>."

  validation {
    condition     = length(var.name_prefix) <= 17
    error_message = "name_prefix must be at most 17 characters (target group names are limited to 32)."
  }
}

variable "vpc_id" {
  type        = string
  description = "VPC of the target groups."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Public subnets, in at least two AZs (AWS requires it for an ALB)."

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "An ALB needs subnets in at least two availability zones."
  }
}

variable "security_group_id" {
  type        = string
  description = "Security group of the ALB (rules in the root's security-groups.tf)."
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate of the HTTPS listener."
}

variable "ssl_policy" {
  type        = string
  description = "TLS policy of the HTTPS listener."
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to delete the ALB (prod traffic)."
  default     = true
}

variable "idle_timeout" {
  type        = number
  description = "Seconds an idle connection (e.g. a LiveKit signalling WebSocket between pings) stays open."
  default     = 120
}

variable "routes" {
  type = map(object({
    environment       = string
    role              = string
    host              = string
    port              = number
    health_check_path = string
    instance_id       = string
    priority          = number
  }))
  description = "Host-header route => its target group (one instance on one port) and rule priority. Requests for any other host get a fixed 404."

  validation {
    condition     = length(distinct([for r in values(var.routes) : r.priority])) == length(var.routes) && alltrue([for r in values(var.routes) : r.priority >= 1 && r.priority <= 50000])
    error_message = "Every route needs its own priority in 1-50000."
  }

  validation {
    condition     = alltrue([for r in values(var.routes) : r.port >= 1 && r.port <= 65535 && startswith(r.health_check_path, "/")])
    error_message = "routes[*].port must be a TCP port and health_check_path start with /."
  }
}

variable "access_logs" {
  type = object({
    enabled        = optional(bool, true)
    retention_days = optional(number, 90)
    force_destroy  = optional(bool, false)
  })
  description = "ALB access logs to a bucket of their own (SSE-S3, the only encryption ALB log delivery supports). They hold client IPs: kept retention_days, then deleted."
  default     = {}

  validation {
    condition     = var.access_logs.retention_days >= 1 && var.access_logs.retention_days <= 3650
    error_message = "access_logs.retention_days must be 1-3650."
  }
}

variable "alarms" {
  type = object({
    topic_arn          = string
    target_5xx_count   = optional(number, 10)
    target_p95_seconds = optional(number, 2)
  })
  description = "Per-target-group alarms (alarms.tf): the SNS topic they notify on ALARM and OK, the application 5xx count per 5 minutes and the p95 response time (seconds) above which they fire."

  validation {
    condition     = var.alarms.target_5xx_count >= 0 && var.alarms.target_p95_seconds > 0
    error_message = "alarms.target_5xx_count must be >= 0 and alarms.target_p95_seconds > 0."
  }
}
