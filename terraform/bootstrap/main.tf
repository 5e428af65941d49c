# The bucket that holds the stack's terraform state, made once per account before the stack's
# first `terraform init` (terraform cannot create the bucket that holds its own state). This root
# keeps its own small state locally (terraform.tfstate here, no secrets in it; README, "Before the
# first apply"). What the state bucket holds is the most sensitive object of the stack: the state
# carries the Redis AUTH tokens in plaintext (review M14), so
#   - objects are encrypted with a customer-managed KMS key whose policy lets the account's IAM
#     policies decide who may decrypt, and only through S3 (as terraform/kms.tf does);
#   - the bucket refuses plain-HTTP requests, puts that are not SSE-KMS with exactly that key,
#     ACLs (BucketOwnerEnforced) and any public policy;
#   - every request is logged (S3 server access logs in a bucket of their own);
#   - versions are kept (the way back from a bad apply) and expire after noncurrent_version_days;
#   - neither the bucket nor the key can be destroyed by terraform (prevent_destroy).
# No DynamoDB table: the S3 backend locks with a lock file beside the state (use_lockfile,
# terraform >= 1.11; the S3 backend documentation: "Locking can be enabled via S3 or DynamoDB.
# However, DynamoDB-based locking is deprecated and will be removed in a future minor version.").
locals {
  access_log_bucket = coalesce(var.access_log_bucket, "${var.state_bucket}-access-logs")
  account_id        = data.aws_caller_identity.current.account_id
  partition         = data.aws_partition.current.partition
  account_root      = "arn:${local.partition}:iam::${local.account_id}:root"

  # Administration without use, as in terraform/kms.tf: everything but the cryptographic operations.
  kms_admin_actions = [
    "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
    "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
    "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand",
  ]
  kms_use_actions = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

# --- The state key --------------------------------------------------------------------------

data "aws_iam_policy_document" "state_key" {
  statement {
    sid       = "AccountAdministersButDoesNotDecrypt"
    actions   = local.kms_admin_actions
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root]
    }
  }

  # Who may read or write the state is then an IAM decision (operators, the apply role, the plan
  # role's kms:Decrypt in modules/iam), and only through S3 in this region (kms:ViaService).
  statement {
    sid       = "UseOnlyThroughS3"
    actions   = local.kms_use_actions
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${var.region}.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_kms_key" "state" {
  description             = "${var.project}: terraform state (SSE-KMS of the state bucket)"
  enable_key_rotation     = true
  rotation_period_in_days = 365
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.state_key.json

  tags = {
    Name = "${var.project}-terraform-state"
  }

  # Without this key no version of the state can be read again.
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_kms_alias" "state" {
  name          = "alias/${var.project}-terraform-state"
  target_key_id = aws_kms_key.state.key_id
}

# --- The state bucket -----------------------------------------------------------------------

resource "aws_s3_bucket" "state" {
  bucket = var.state_bucket

  tags = {
    Name = var.state_bucket
  }

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_public_access_block" "state" {
  bucket                  = aws_s3_bucket.state.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.state.arn
    }
    # One data key per bucket instead of a KMS request per object (S3 Bucket Keys).
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    id     = "expire-old-state-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_days
    }

    # A deleted lock file or state leaves a delete marker; once its versions have expired it is
    # removed too.
    expiration {
      expired_object_delete_marker = true
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.state]
}

resource "aws_s3_bucket_logging" "state" {
  bucket        = aws_s3_bucket.state.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "${var.state_bucket}/"

  depends_on = [aws_s3_bucket_policy.access_logs]
}

# The S3 backend writes the state, its digest and the lock file with one PutObject that sets
# ServerSideEncryption = aws:kms and SSEKMSKeyId = the backend's kms_key_id whenever encrypt is true
# (hashicorp/terraform internal/backend/remote-state/s3/client.go, RemoteClient.PutObject; s3Lock
# and putMD5 call it), so these denials refuse nothing terraform sends when backend.tf is given
# kms_key_id = the key ARN (output kms_key_arn).
data "aws_iam_policy_document" "state_bucket" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.state.arn,
      "${aws_s3_bucket.state.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "DenyUnencryptedPuts"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.state.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotEquals"
      variable = "s3:x-amz-server-side-encryption"
      values   = ["aws:kms"]
    }
  }

  # A put that names no key, or another one, is refused too (IfExists: an absent key id counts as
  # not equal), so every state version is readable with exactly this key's policy.
  statement {
    sid       = "DenyOtherKmsKeys"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.state.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotEqualsIfExists"
      variable = "s3:x-amz-server-side-encryption-aws-kms-key-id"
      values   = [aws_kms_key.state.arn]
    }
  }
}

resource "aws_s3_bucket_policy" "state" {
  bucket = aws_s3_bucket.state.id
  policy = data.aws_iam_policy_document.state_bucket.json

  depends_on = [aws_s3_bucket_public_access_block.state]
}

# --- The access-log bucket ------------------------------------------------------------------

resource "aws_s3_bucket" "access_logs" {
  bucket = local.access_log_bucket

  tags = {
    Name = local.access_log_bucket
  }

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_public_access_block" "access_logs" {
  bucket                  = aws_s3_bucket.access_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

# Versioned too: a deleted or overwritten log object stays recoverable for 30 days.
resource "aws_s3_bucket_versioning" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  versioning_configuration {
    status = "Enabled"
  }
}

# S3 User Guide, "Enabling Amazon S3 server access logging": "You can use default bucket
# encryption on the target bucket only if you use server-side encryption with Amazon S3 managed
# keys (SSE-S3) ... Default server-side encryption with AWS Key Management Service (AWS KMS) keys
# (SSE-KMS) is not supported." The logs name objects and callers, never the state's content.
resource "aws_s3_bucket_server_side_encryption_configuration" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  rule {
    id     = "expire-access-logs"
    status = "Enabled"

    filter {}

    expiration {
      days = var.access_log_retention_days
    }

    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }

  depends_on = [aws_s3_bucket_versioning.access_logs]
}

# Same guide: with BucketOwnerEnforced "you must use a bucket policy to grant access to the logging
# service principal (logging.s3.amazonaws.com)" — s3:PutObject, limited by aws:SourceArn to the
# state bucket and by aws:SourceAccount to this account.
data "aws_iam_policy_document" "access_logs" {
  statement {
    sid       = "S3ServerAccessLogsOfTheStateBucket"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.access_logs.arn}/${var.state_bucket}/*"]

    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [aws_s3_bucket.state.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.access_logs.arn,
      "${aws_s3_bucket.access_logs.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  policy = data.aws_iam_policy_document.access_logs.json

  depends_on = [aws_s3_bucket_public_access_block.access_logs]
}
