variable "name_prefix" {
  type        = string
  description = "Prefix of every name (project, plus the run id of an ephemeral copy)."
}

variable "hosts" {
  type = map(object({
    environment = string
    role        = string
    secret_arns = list(string)
  }))
  description = "Host kind => its environment, role and the Secrets Manager secrets it may read. One role and instance profile each."

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
    repository           = string
    create_oidc_provider = optional(bool, true)
    state_bucket         = string
    state_key            = optional(string, "dolbom/live.tfstate")
  })
  description = "Repository (org/repo) allowed to assume the read-only plan role from pull requests and main; null creates no CI role."
  default     = null
}
