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

variable "alarm_topic_arn" {
  type        = string
  description = "SNS topic for the status-check and GPU alarms."
}

variable "gpu_alarm" {
  type = object({
    namespace = optional(string, "Dolbom")
    threshold = optional(number, 90)
  })
  description = "GPU utilisation alarm of GPU hosts: the CloudWatch agent's namespace and the 15-minute average (percent) that fires it."
  default     = {}

  validation {
    condition     = var.gpu_alarm.threshold > 0 && var.gpu_alarm.threshold <= 100
    error_message = "gpu_alarm.threshold must be a percentage in (0, 100]."
  }
}

variable "ebs_kms_key_arn" {
  type        = string
  description = "Customer-managed KMS key of the root volumes (null: the AWS-managed aws/ebs key)."
  default     = null
}
