output "arn" {
  description = "ARN of the ALB."
  value       = aws_lb.this.arn
}

output "arn_suffix" {
  description = "ARN suffix of the ALB (the LoadBalancer dimension of CloudWatch metrics)."
  value       = aws_lb.this.arn_suffix
}

output "dns_name" {
  description = "DNS name of the ALB (point the api, web and LiveKit hosts at it)."
  value       = aws_lb.this.dns_name
}

output "zone_id" {
  description = "Route 53 zone id of the ALB, for alias records."
  value       = aws_lb.this.zone_id
}

output "target_group_arns" {
  description = "Target group ARN per route key (e.g. staging-api, prod-web, livekit)."
  value       = { for key, tg in aws_lb_target_group.this : key => tg.arn }
}

output "https_listener_arn" {
  description = "ARN of the HTTPS listener."
  value       = aws_lb_listener.https.arn
}

output "access_logs_bucket" {
  description = "Bucket of the ALB access logs, or null when they are off."
  value       = try(aws_s3_bucket.access_logs[0].bucket, null)
}
