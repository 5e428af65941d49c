variable "region" {
  type        = string
  description = "Region of the state bucket: the region the stack's backend.tf names (ap-northeast-2)."
  default     = "ap-northeast-2"
}

variable "project" {
  type        = string
  description = "Project name: the Project tag and the first part of the key alias."
  default     = "dolbom"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.project))
    error_message = "project must be 2-21 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "allowed_account_ids" {
  type        = list(string)
  description = "AWS account ids this configuration may touch (the provider refuses any other); empty allows any."
  default     = []

  validation {
    condition     = alltrue([for id in var.allowed_account_ids : can(regex("^[0-9]{12}$", id))])
    error_message = "allowed_account_ids must be 12-digit AWS account ids."
  }
}

variable "state_bucket" {
  type        = string
  description = "Name of the state bucket (globally unique): what `terraform init -backend-config=bucket=...` of the stack names."

  # S3 general purpose bucket naming rules: 3-63 characters, lowercase letters, digits, dots and
  # hyphens, beginning and ending with a letter or digit. No dots here: a dotted name breaks
  # virtual-hosted-style TLS (the wildcard certificate covers one label).
  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.state_bucket))
    error_message = "state_bucket must be 3-63 lowercase letters, digits or hyphens, beginning and ending with a letter or digit."
  }
}

variable "access_log_bucket" {
  type        = string
  description = "Name of the bucket that receives the state bucket's S3 server access logs; null names it <state_bucket>-access-logs."
  default     = null

  validation {
    condition     = var.access_log_bucket == null ? true : can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.access_log_bucket))
    error_message = "access_log_bucket must be 3-63 lowercase letters, digits or hyphens, beginning and ending with a letter or digit."
  }
}

variable "noncurrent_version_days" {
  type        = number
  description = "Days a replaced state version is kept (the way back from a bad apply) before it expires."
  default     = 90

  validation {
    condition     = var.noncurrent_version_days >= 30
    error_message = "noncurrent_version_days must be at least 30: older state versions are the only undo of a bad apply."
  }
}

variable "access_log_retention_days" {
  type        = number
  description = "Days the state bucket's access logs (who read or wrote the state) are kept."
  default     = 365

  validation {
    condition     = var.access_log_retention_days >= 90
    error_message = "access_log_retention_days must be at least 90."
  }
}
