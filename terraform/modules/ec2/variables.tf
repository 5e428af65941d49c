variable "name_prefix" {
  type        = string
  description = "Prefix of every name (project, plus the run id of an ephemeral copy)."
}

variable "ami_parameters" {
  type        = map(string)
  description = "AMI kind => public SSM parameter holding the latest AMI id (e.g. al2023, gpu)."
}

variable "instances" {
  type = map(object({
    role                   = string
    environment            = string
    instance_type          = string
    ami                    = string
    gpu                    = bool
    root_volume_size       = number
    subnet_id              = string
    security_group_id      = string
    instance_profile_name  = string
    termination_protection = bool
    user_data_template     = string
    # The stack contract's user-data variables, passed to every script in full.
    user_data_vars = object({
      project               = string
      environment           = string
      role                  = string
      region                = string
      env_bucket            = string
      env_object_key        = string
      ephemeral             = bool
      tcp_ports             = list(number)
      udp_ports             = list(number)
      cloudwatch_namespace  = string
      livekit_node_ip       = string
      livekit_redis_address = string
      livekit_udp_port      = number
      livekit_tcp_port      = number
      livekit_webhook_urls  = list(string)
      compose_project_dir   = string
    })
  }))
  description = "Instances by key (the role, e.g. api, web, ai-agent, livekit)."

  validation {
    condition     = alltrue([for i in values(var.instances) : contains(["api", "web", "ai-agent", "livekit"], i.role) && contains(["staging", "prod", "shared"], i.environment)])
    error_message = "instances[*].role must be api, web, ai-agent or livekit and environment staging, prod or shared."
  }

  validation {
    condition     = alltrue([for i in values(var.instances) : contains(keys(var.ami_parameters), i.ami)])
    error_message = "instances[*].ami must name a key of ami_parameters."
  }

  validation {
    condition     = alltrue([for i in values(var.instances) : i.root_volume_size >= 20 && (!i.gpu || i.root_volume_size >= 150)])
    error_message = "root volumes must be at least 20 GiB, and at least 150 GiB on GPU hosts (model images)."
  }
}

variable "user_data_common_template" {
  type        = string
  description = "Template of the bootstrap every host shares (user-data/common.sh): rendered with each instance's user_data_vars and passed to its user_data_template as the variable `common`."

  validation {
    condition     = fileexists(var.user_data_common_template)
    error_message = "user_data_common_template must name an existing template file (user-data/common.sh)."
  }
}

variable "alarms" {
  type = object({
    topic_arn               = string
    region                  = string
    namespace               = optional(string, "Dolbom")
    disk_used_percent       = optional(number, 85)
    mem_used_percent        = optional(number, 90)
    gpu_utilization_percent = optional(number, 90)
    gpu_memory_percent      = optional(number, 95)
  })
  description = "Host alarms (alarms.tf): the SNS topic they notify on ALARM and OK, the region (of the EC2 recover and reboot action ARNs), the CloudWatch agent's namespace (user-data/common.sh) and the thresholds: root disk and memory use, and on GPU hosts GPU utilisation and GPU memory use (percent)."

  validation {
    condition     = alltrue([for p in [var.alarms.disk_used_percent, var.alarms.mem_used_percent, var.alarms.gpu_utilization_percent, var.alarms.gpu_memory_percent] : p > 0 && p <= 100])
    error_message = "alarms.disk_used_percent, mem_used_percent, gpu_utilization_percent and gpu_memory_percent must be percentages in (0, 100]."
  }
}

variable "ebs_kms_key_arn" {
  type        = string
  description = "Customer-managed KMS key of the root volumes (null: the AWS-managed aws/ebs key)."
  default     = null
}
