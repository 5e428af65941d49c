output "instance_id" {
  description = "Identifier of the DB instance."
  value       = aws_db_instance.this.identifier
}

output "arn" {
  description = "ARN of the DB instance."
  value       = aws_db_instance.this.arn
}

output "endpoint" {
  description = "Connection endpoint (host:port)."
  value       = aws_db_instance.this.endpoint
}

output "address" {
  description = "Host name of the DB instance."
  value       = aws_db_instance.this.address
}

output "master_user_secret_arn" {
  description = "ARN of the Secrets Manager secret RDS manages for the master user."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}
