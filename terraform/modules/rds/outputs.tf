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
  description = "ARN of the Secrets Manager secret RDS manages for the master user (break-glass and scripts/db-bootstrap.sh only; no host role may read it)."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "resource_id" {
  description = "RDS resource id (db-...) of the instance, the DbiResourceId of its rds-db:connect ARNs."
  value       = aws_db_instance.this.resource_id
}

# arn:<partition>:rds-db:<region>:<account>:dbuser:<DbiResourceId>/<user> (Service Authorization
# Reference, Amazon RDS IAM Authentication, resource type db-user); partition, region and account
# are the ones of the instance's own ARN.
output "iam_db_user_arns" {
  description = "rds-db:connect resource ARN per IAM-authenticated database user."
  value = {
    for user in var.iam_database_users : user => format(
      "arn:%s:rds-db:%s:%s:dbuser:%s/%s",
      split(":", aws_db_instance.this.arn)[1], split(":", aws_db_instance.this.arn)[3], split(":", aws_db_instance.this.arn)[4],
      aws_db_instance.this.resource_id, user,
    )
  }
}
