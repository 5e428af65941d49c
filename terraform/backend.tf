# Partial configuration: the state bucket, its KMS key and the key are account-specific and given at
# init. The bucket and key come from terraform/bootstrap (README, "Before the first apply"):
#   terraform -chdir=terraform init \
#     -backend-config="bucket=<state-bucket>" \
#     -backend-config="kms_key_id=<terraform -chdir=terraform/bootstrap output -raw kms_key_arn>" \
#     -backend-config="key=dolbom/live.tfstate"
# With kms_key_id every object the backend writes (state, digest, lock file) is SSE-KMS under that
# key, the only puts the bootstrap's bucket policy accepts. Locking: a lock file beside the state
# (use_lockfile), no DynamoDB table ("DynamoDB-based locking is deprecated", S3 backend docs).
# Ephemeral runs use a local backend override (docs/ephemeral.md), never this bucket.
terraform {
  backend "s3" {
    region       = "ap-northeast-2"
    encrypt      = true
    use_lockfile = true
  }
}
