# Customer-managed KMS keys, one per kind of data, each rotated yearly. A key policy here separates
# who may manage a key from who may use it:
#   - the account (that is, IAM policies in it) may administer every key but not use it to decrypt;
#   - data keys are used only through the AWS service that stores the data (kms:ViaService) by
#     principals of this account whose IAM policy grants it (the host roles: modules/iam);
#   - CloudWatch Logs and CloudTrail get the statements their documentation asks for.
# kms:ViaService: the KMS reference lists the services that support it ("Can I use the
# kms:ViaService condition key to allow a permission only when it comes from Amazon ElastiCache?").
# CloudWatch Logs encrypts under the log group's ARN as encryption context
# (kms:EncryptionContext:aws:logs:arn, e.g. the AWS managed policy CloudWatchLogsAPIKeyAccess:
# "ArnLike" "kms:EncryptionContext:aws:logs:arn" : "arn:aws:logs:*:*:log-group:*"); CloudTrail: see
# the statements below. docs/stack.md, "Encryption".
#
# Keys of an existing deployment cannot be swapped in place for RDS, ElastiCache or EBS (the
# provider replaces the database, the cache and the instance); this stack had never been applied
# when they were introduced (docs/stack.md, "Encryption").
locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  kms_keys = {
    rds         = { description = "RDS PostgreSQL storage, snapshots and automated backups", services = ["rds"] }
    elasticache = { description = "ElastiCache Redis data at rest and snapshots", services = ["elasticache"] }
    secrets     = { description = "Secrets Manager secrets (Redis AUTH tokens, the RDS master secret)", services = ["secretsmanager"] }
    env-files   = { description = "The env-file bucket (SSE-KMS)", services = ["s3"] }
    ebs         = { description = "EBS root volumes of every host and their snapshots", services = ["ec2"] }
    logs        = { description = "CloudWatch Logs log groups (flow logs, container logs, session logs)", services = [] }
    audit       = { description = "CloudTrail log files of the account trail", services = ["s3"] }
    alarms      = { description = "The SNS alarm topic (CloudWatch alarm and RDS event notifications)", services = [] }
    backup      = { description = "The AWS Backup vault of this region (the S3 recovery points; RDS and EC2 keep their own keys)", services = ["backup"] }
  }

  # The AWS services that publish to the alarm topic (terraform/monitoring.tf), with the ARNs of
  # this stack's publishers: SNS Developer Guide, "Enable compatibility between event sources from
  # AWS services and encrypted topics": "To allow the AWS service to have the kms:GenerateDataKey*
  # and kms:Decrypt permissions, add the following statement to the KMS policy" for the service
  # principals "cloudwatch.amazonaws.com" (Amazon CloudWatch) and "events.rds.amazonaws.com"
  # (Amazon RDS), and "Add the aws:SourceAccount and aws:SourceArn condition keys to the KMS
  # resource policy to further protect the KMS key from confused deputy attacks".
  alarm_publishers = {
    cloudwatch = { sid = "CloudWatchAlarmsPublish", principal = "cloudwatch.amazonaws.com", source_arn = "arn:${local.partition}:cloudwatch:${var.region}:${local.account_id}:alarm:${local.name_prefix}-*" }
    rds        = { sid = "RdsEventsPublish", principal = "events.rds.amazonaws.com", source_arn = "arn:${local.partition}:rds:${var.region}:${local.account_id}:db:${local.name_prefix}-*" }
  }

  # Administration without use: everything but the cryptographic operations.
  kms_admin_actions = [
    "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
    "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
    "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand",
  ]
  kms_use_actions = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant", "kms:ListGrants"]
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_iam_policy_document" "kms" {
  for_each = local.kms_keys

  statement {
    sid       = "AccountAdministersButDoesNotDecrypt"
    actions   = local.kms_admin_actions
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  dynamic "statement" {
    for_each = length(each.value.services) > 0 ? [each.value.services] : []

    content {
      sid       = "UseOnlyThroughTheService"
      actions   = local.kms_use_actions
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
      }

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = [for s in statement.value : "${s}.${var.region}.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "kms:CallerAccount"
        values   = [local.account_id]
      }
    }
  }

  dynamic "statement" {
    for_each = each.key == "logs" ? ["logs"] : []

    content {
      sid       = "CloudWatchLogsOfThisAccount"
      actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
      resources = ["*"]

      principals {
        type        = "Service"
        identifiers = ["logs.${var.region}.amazonaws.com"]
      }

      condition {
        test     = "ArnLike"
        variable = "kms:EncryptionContext:aws:logs:arn"
        values   = ["arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:*"]
      }
    }
  }
  dynamic "statement" {
    for_each = each.key == "alarms" ? local.alarm_publishers : {}

    content {
      sid       = statement.value.sid
      actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
      resources = ["*"]

      principals {
        type        = "Service"
        identifiers = [statement.value.principal]
      }

      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }

      condition {
        test     = "ArnLike"
        variable = "aws:SourceArn"
        values   = [statement.value.source_arn]
      }
    }
  }

  # CloudTrail encrypts log files with this key for this one trail (CloudTrail User Guide, "Configure
  # AWS KMS key policies for CloudTrail": "CloudTrail needs explicit permission to use the CMK to
  # encrypt logs" - kms:GenerateDataKey* with the kms:EncryptionContext:aws:cloudtrail:arn condition;
  # "As a security best practice, add an aws:SourceArn condition key to the KMS key policy"; and
  # kms:DescribeKey). Reading the files needs kms:Decrypt through S3, granted by IAM (above).
  dynamic "statement" {
    for_each = each.key == "audit" ? ["cloudtrail"] : []

    content {
      sid       = "CloudTrailEncryptsTrailsOfThisAccount"
      actions   = ["kms:GenerateDataKey*"]
      resources = ["*"]

      principals {
        type        = "Service"
        identifiers = ["cloudtrail.amazonaws.com"]
      }

      condition {
        test     = "StringLike"
        variable = "kms:EncryptionContext:aws:cloudtrail:arn"
        values   = ["arn:${local.partition}:cloudtrail:*:${local.account_id}:trail/*"]
      }

      condition {
        test     = "StringEquals"
        variable = "aws:SourceArn"
        values   = [local.trail_arn]
      }
    }
  }

  dynamic "statement" {
    for_each = each.key == "audit" ? ["cloudtrail"] : []

    content {
      sid       = "CloudTrailDescribesTheKey"
      actions   = ["kms:DescribeKey"]
      resources = ["*"]

      principals {
        type        = "Service"
        identifiers = ["cloudtrail.amazonaws.com"]
      }
    }
  }
}

resource "aws_kms_key" "this" {
  for_each = local.kms_keys

  description             = "${local.name_prefix}: ${each.value.description}"
  enable_key_rotation     = true
  rotation_period_in_days = 365
  deletion_window_in_days = var.ephemeral ? 7 : 30
  policy                  = data.aws_iam_policy_document.kms[each.key].json

  tags = {
    Name        = "${local.name_prefix}-${each.key}"
    Environment = "shared"
  }
}

resource "aws_kms_alias" "this" {
  for_each = local.kms_keys

  name          = "alias/${local.name_prefix}-${each.key}"
  target_key_id = aws_kms_key.this[each.key].key_id
}
