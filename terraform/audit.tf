# The account's audit trail (a health-data system must be able to say who did what): CloudTrail,
# Session Manager session logs, GuardDuty. Each is switched by var.audit because an AWS Organization
# may already provide it: an organization trail (CloudTrail "trail for an organization" logs every
# member account), Session Manager preferences set centrally (the SSM-SessionManagerRunShell
# document exists once per account and region), GuardDuty enabled for members by a delegated
# administrator (a member account cannot create a second detector). docs/stack.md, "Audit".
locals {
  trail_name = "${local.name_prefix}-account"
  trail_arn  = "arn:${local.partition}:cloudtrail:${var.region}:${local.account_id}:trail/${local.trail_name}"

  session_log_group = "/${local.name_prefix}/ssm-sessions"
  # The log groups each host role may write (modules/iam scopes its logs permissions to these): its
  # own container log group (terraform/monitoring.tf) and the session log group.
  host_log_groups = { for key, host in local.hosts : key => concat([local.container_log_groups[key]], var.audit.session_logging ? [local.session_log_group] : []) }
}

# --- CloudTrail: management events everywhere + S3 data events on the env-file bucket -------

# Named by bucket_prefix (at most 35 of the 37 characters allowed), like the ALB log bucket
# (modules/alb/main.tf): a rebuild creates a new bucket at once instead of waiting up to 48-72 hours
# for S3 to free a deleted bucket's name (review M10).
resource "aws_s3_bucket" "trail" {
  count = var.audit.cloudtrail ? 1 : 0

  bucket_prefix = "${local.name_prefix}-cloudtrail-"
  force_destroy = var.ephemeral

  tags = {
    Name        = "${local.name_prefix}-cloudtrail"
    Environment = "shared"
  }
}

resource "aws_s3_bucket_public_access_block" "trail" {
  count = var.audit.cloudtrail ? 1 : 0

  bucket                  = aws_s3_bucket.trail[0].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "trail" {
  count = var.audit.cloudtrail ? 1 : 0

  bucket = aws_s3_bucket.trail[0].id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "trail" {
  count = var.audit.cloudtrail ? 1 : 0

  bucket = aws_s3_bucket.trail[0].id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "trail" {
  count = var.audit.cloudtrail ? 1 : 0

  bucket = aws_s3_bucket.trail[0].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.this["audit"].arn
    }
    # No S3 Bucket Key: "If you are using an existing S3 bucket with an S3 Bucket Key, kms:Decrypt
    # permissions are required to create or update a trail with SSE-KMS encryption enabled"
    # (CloudTrail User Guide, "Configure AWS KMS key policies for CloudTrail"). CloudTrail encrypts
    # each log file with the trail's key (kms_key_id below) either way.
    bucket_key_enabled = false
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "trail" {
  count = var.audit.cloudtrail ? 1 : 0

  bucket = aws_s3_bucket.trail[0].id

  rule {
    id     = "expire-trail-logs"
    status = "Enabled"

    filter {}

    expiration {
      days = var.audit.trail_retention_days
    }

    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }

  depends_on = [aws_s3_bucket_versioning.trail]
}

# CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail": GetBucketAcl and PutObject for
# the cloudtrail.amazonaws.com principal, limited to this trail by aws:SourceArn.
data "aws_iam_policy_document" "trail_bucket" {
  count = var.audit.cloudtrail ? 1 : 0

  statement {
    sid       = "AWSCloudTrailAclCheck"
    actions   = ["s3:GetBucketAcl"]
    resources = [aws_s3_bucket.trail[0].arn]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }

  statement {
    sid       = "AWSCloudTrailWrite"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.trail[0].arn}/AWSLogs/${local.account_id}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.trail[0].arn,
      "${aws_s3_bucket.trail[0].arn}/*",
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

resource "aws_s3_bucket_policy" "trail" {
  count = var.audit.cloudtrail ? 1 : 0

  bucket = aws_s3_bucket.trail[0].id
  policy = data.aws_iam_policy_document.trail_bucket[0].json

  depends_on = [aws_s3_bucket_public_access_block.trail]
}

resource "aws_cloudtrail" "account" {
  count = var.audit.cloudtrail ? 1 : 0

  name                          = local.trail_name
  s3_bucket_name                = aws_s3_bucket.trail[0].id
  kms_key_id                    = aws_kms_key.this["audit"].arn
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true

  advanced_event_selector {
    name = "Management events"

    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }

  # Every read and write of an env file (they hold every production secret).
  advanced_event_selector {
    name = "Env-file bucket object reads and writes"

    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }

    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }

    field_selector {
      field       = "resources.ARN"
      starts_with = ["${module.iam.env_bucket_arn}/"]
    }
  }

  tags = {
    Name        = local.trail_name
    Environment = "shared"
  }

  # CloudTrail checks at creation that it may write to the bucket with the key.
  depends_on = [aws_s3_bucket_policy.trail]
}

# --- Session Manager: every session's input and output to CloudWatch Logs, encrypted --------

resource "aws_cloudwatch_log_group" "sessions" {
  count = var.audit.session_logging ? 1 : 0

  name              = local.session_log_group
  retention_in_days = var.audit.log_retention_days
  kms_key_id        = aws_kms_key.this["logs"].arn

  tags = {
    Name        = "${local.name_prefix}-ssm-sessions"
    Environment = "shared"
  }
}

# The account's Session Manager preferences ("When you configure Session Manager for your AWS
# account ... the system creates an SSM session document called SSM-SessionManagerRunShell. This is
# the default session document"). cloudWatchEncryptionEnabled refuses to stream to a log group that
# is not encrypted, so sessions are never logged in clear.
resource "aws_ssm_document" "session_preferences" {
  count = var.audit.session_logging ? 1 : 0

  name            = "SSM-SessionManagerRunShell"
  document_type   = "Session"
  document_format = "JSON"
  content = jsonencode({
    schemaVersion = "1.0"
    description   = "${local.name_prefix}: Session Manager preferences (session logs to CloudWatch Logs, encrypted)"
    sessionType   = "Standard_Stream"
    inputs = {
      cloudWatchLogGroupName      = aws_cloudwatch_log_group.sessions[0].name
      cloudWatchEncryptionEnabled = true
      cloudWatchStreamingEnabled  = true
      s3BucketName                = ""
      s3EncryptionEnabled         = true
      idleSessionTimeout          = "20"
      runAsEnabled                = false
    }
  })

  tags = {
    Name        = "${local.name_prefix}-session-preferences"
    Environment = "shared"
  }
}

# --- GuardDuty ------------------------------------------------------------------------------

resource "aws_guardduty_detector" "this" {
  count = var.audit.guardduty ? 1 : 0

  enable                       = true
  finding_publishing_frequency = "FIFTEEN_MINUTES"

  tags = {
    Name        = "${local.name_prefix}-guardduty"
    Environment = "shared"
  }
}
