output "env_bucket_name" {
  description = "Name of the env-file bucket (s3://<bucket>/<environment>/<role>.env)."
  value       = aws_s3_bucket.env_files.bucket
}

output "env_bucket_arn" {
  description = "ARN of the env-file bucket."
  value       = aws_s3_bucket.env_files.arn
}

output "instance_profile_names" {
  description = "Instance profile name per host key (e.g. staging-api, livekit); known only once the role can reach SSM, the CloudWatch agent and its env file."
  value       = { for key, profile in aws_iam_instance_profile.host : key => profile.name }

  # A host reads its env file and registers with SSM at first boot: its instance must not start
  # before those permissions exist. (Secret reads are left out: they wait on RDS and ElastiCache.)
  depends_on = [
    aws_iam_role_policy_attachment.ssm_core,
    aws_iam_role_policy.host_telemetry,
    aws_iam_role_policy.kms_use,
    aws_iam_role_policy.env_file_read,
  ]
}

output "role_arns" {
  description = "IAM role ARN per host key."
  value       = { for key, role in aws_iam_role.host : key => role.arn }
}

output "github_plan_role_arn" {
  description = "ARN of the read-only GitHub Actions plan role, or null when github_actions is null."
  value       = try(aws_iam_role.github_plan[0].arn, null)
}
