variable "name_prefix" {
  type        = string
  description = "Prefix of every name: the NLB is <prefix>-nlb, each target group <prefix>-lk-<listener key>."

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
  description = "Public subnets of the NLB, one Elastic IP each (the AZs of the LiveKit node)."

  validation {
    condition     = length(var.subnet_ids) >= 1
    error_message = "The NLB needs at least one public subnet."
  }
}

variable "security_group_id" {
  type        = string
  description = "Security group of the NLB; attached at creation because an NLB cannot get one later."
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate for TLS listeners (TURN/TLS); unused when no listener is TLS."
  default     = ""
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to delete the NLB (prod traffic)."
  default     = true
}

variable "protect_addresses" {
  type        = bool
  description = "prevent_destroy on the Elastic IPs (live: clients' firewalls and LiveKit's node_ip hold them; a plan that would destroy one fails). false for a throw-away copy, which must be destroyable. Switching a deployment from true to false is refused too: it would destroy the protected addresses."
  default     = true
}

variable "listeners" {
  type = map(object({
    port            = number
    protocol        = string
    target_protocol = string
  }))
  description = "Listener key => port and protocols. One port per listener: an NLB cannot forward a port range."

  validation {
    condition     = alltrue([for l in values(var.listeners) : contains(["TCP", "UDP", "TLS"], l.protocol) && contains(["TCP", "UDP"], l.target_protocol) && l.port >= 1 && l.port <= 65535])
    error_message = "listeners[*].protocol must be TCP, UDP or TLS, target_protocol TCP or UDP, port 1-65535."
  }

  validation {
    condition     = length(var.listeners) <= 50
    error_message = "An NLB has at most 50 listeners."
  }
}

variable "target_instance_id" {
  type        = string
  description = "The one LiveKit instance behind every listener (a UDP flow must land on the node that holds the room)."
}

variable "health_check_port" {
  type        = number
  description = "TCP port every target group health-checks (UDP cannot be health-checked)."

  validation {
    condition     = var.health_check_port >= 1 && var.health_check_port <= 65535
    error_message = "health_check_port must be 1-65535."
  }
}

variable "alarm_topic_arn" {
  type        = string
  description = "SNS topic for the target health alarms."
}
