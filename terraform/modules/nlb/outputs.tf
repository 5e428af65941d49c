output "arn" {
  description = "ARN of the NLB."
  value       = aws_lb.this.arn
}

output "dns_name" {
  description = "DNS name of the NLB."
  value       = aws_lb.this.dns_name
}

output "eip_public_ips" {
  description = "The NLB's Elastic IPs, in subnet order; the first is LiveKit's advertised node_ip."
  value       = [for key in keys(local.subnets) : local.eips[key].public_ip]
}

output "target_group_arns" {
  description = "Target group ARN per listener key."
  value       = { for key, tg in aws_lb_target_group.this : key => tg.arn }
}
