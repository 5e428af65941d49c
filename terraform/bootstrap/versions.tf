terraform {
  # The same floor as the stack: the S3 backend this bucket serves locks with a lock file
  # (use_lockfile, terraform 1.11), so no DynamoDB table is created here.
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}
