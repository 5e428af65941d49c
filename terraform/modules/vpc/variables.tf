variable "name_prefix" {
  type        = string
  description = "Prefix of every Name tag (project, plus the run id of an ephemeral copy)."
}

variable "cidr_block" {
  type        = string
  description = "IPv4 /16 of the VPC. Each tier gets a /20, each subnet a /24 of its tier."

  validation {
    condition     = can(cidrhost(var.cidr_block, 0)) && endswith(var.cidr_block, "/16")
    error_message = "cidr_block must be a valid IPv4 /16 CIDR."
  }
}

variable "availability_zones" {
  type        = list(string)
  description = "AZs of the public and data tiers (ALB and DB subnet groups need two)."

  validation {
    condition     = length(var.availability_zones) >= 2 && length(var.availability_zones) <= 4
    error_message = "availability_zones must list 2 to 4 AZs."
  }
}

variable "compute_availability_zones" {
  type        = list(string)
  description = "AZs that get private subnets (and, without single_nat_gateway, a NAT gateway each)."

  validation {
    condition     = length(var.compute_availability_zones) >= 1 && alltrue([for az in var.compute_availability_zones : contains(var.availability_zones, az)])
    error_message = "compute_availability_zones must name at least one AZ, each also in availability_zones."
  }
}

variable "environments" {
  type        = map(number)
  description = "Environment name => fixed index (staging = 1, prod = 2). The index fixes the tier CIDRs, so leaving an environment out never renumbers the other."

  validation {
    condition     = alltrue([for index in values(var.environments) : index >= 1 && index <= 7])
    error_message = "environment indices must be 1-7 (tiers 2..15 of the /16)."
  }
}

variable "single_nat_gateway" {
  type        = bool
  description = "One NAT gateway for the VPC; false puts one in each compute AZ."
  default     = true
}

variable "flow_logs_retention_days" {
  type        = number
  description = "Retention in days of the VPC flow log group."
  default     = 90
}

variable "ephemeral" {
  type        = bool
  description = "Throw-away copy: the flow log group is deleted with the stack."
  default     = false
}

variable "logs_kms_key_arn" {
  type        = string
  description = "Customer-managed KMS key of the flow log group (its policy must allow the CloudWatch Logs service of the region); null: CloudWatch Logs' own encryption."
  default     = null
}
