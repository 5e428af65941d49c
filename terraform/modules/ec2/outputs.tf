output "instance_ids" {
  description = "Instance id by key (role)."
  value       = { for key, instance in aws_instance.this : key => instance.id }
}

output "instance_arns" {
  description = "Instance ARN by key (role): what an AWS Backup selection names."
  value       = { for key, instance in aws_instance.this : key => instance.arn }
}

output "private_ips" {
  description = "Private IPv4 address by key (role)."
  value       = { for key, instance in aws_instance.this : key => instance.private_ip }
}

output "availability_zones" {
  description = "Availability zone by key (role)."
  value       = { for key, instance in aws_instance.this : key => instance.availability_zone }
}
