output "state_bucket" {
  description = "Name of the state bucket: -backend-config=\"bucket=...\" of the stack's terraform init."
  value       = aws_s3_bucket.state.id
}

output "state_bucket_arn" {
  description = "ARN of the state bucket (IAM policies of the operators and CI roles that read or write the state)."
  value       = aws_s3_bucket.state.arn
}

output "kms_key_arn" {
  description = "ARN of the state key: -backend-config=\"kms_key_id=...\" of the stack's terraform init (the bucket refuses puts under any other key), and kms:Decrypt in the roles that read the state."
  value       = aws_kms_key.state.arn
}

output "access_log_bucket" {
  description = "Bucket of the state bucket's S3 server access logs (prefix <state_bucket>/)."
  value       = aws_s3_bucket.access_logs.id
}

output "backend_config" {
  description = "The -backend-config arguments of the stack's terraform init, apart from key (dolbom/live.tfstate, or ephemeral/<run_id>.tfstate); no value holds a space, so $(terraform output -raw backend_config) splits into exactly these arguments."
  value       = "-backend-config=bucket=${aws_s3_bucket.state.id} -backend-config=kms_key_id=${aws_kms_key.state.arn}"
}
