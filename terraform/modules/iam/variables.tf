variable "name_prefix" {
  type        = string
  description = "Prefix of every name (project, plus the run id of an ephemeral copy)."
}

variable "hosts" {
  type = map(object({
    environment = string
    role        = string
    secret_arns = list(string)
    # rds-db:connect resources (arn:...:dbuser:<DbiResourceId>/<user>) of the database users its applications log in as.
    db_connect_arns = optional(list(string), [])
  }))
  description = "Host kind => its environment, role, the Secrets Manager secrets it may read and the IAM database users it may connect as. One role and instance profile each."

  validation {
    condition     = alltrue([for h in values(var.hosts) : contains(["api", "web", "ai-agent", "livekit"], h.role) && contains(["staging", "prod", "shared"], h.environment)])
    error_message = "hosts[*].role must be api, web, ai-agent or livekit and environment staging, prod or shared."
  }
}

variable "env_bucket_force_destroy" {
  type        = bool
  description = "Empty the env-file bucket on destroy (ephemeral copies only)."
  default     = false
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
  description = "Repository (org/repo) whose main branch may assume the read-only plan role; null creates no CI role."
  default     = null
}

variable "github_actions_readable_secret_arns" {
  type        = list(string)
  description = "Secrets whose versions terraform manages and so refreshes (GetSecretValue) during plan: the plan role may read exactly these."
  default     = []
}

variable "region" {
  type        = string
  description = "Region of the stack (log group ARNs, kms:ViaService service names)."
}

variable "metric_namespace" {
  type        = string
  description = "CloudWatch namespace the hosts' agents publish to; the only one their role may write."
}

variable "host_log_groups" {
  type        = map(list(string))
  description = "Host key => names of the CloudWatch Logs groups its role may write (container logs, Session Manager session logs)."
  default     = {}
}

variable "kms_key_arns" {
  type = object({
    env_files = string
    secrets   = string
  })
  description = "Customer-managed KMS keys: the env-file bucket's default key and the Secrets Manager key the hosts decrypt through those services."
}
