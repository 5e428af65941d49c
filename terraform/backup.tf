# AWS Backup (review M9): a daily recovery point of what holds data that lives only here - the
# PostgreSQL databases, the env-file bucket (every host's .env and env.zip, the only copy of the
# secrets) and the api and ai-agent hosts (indexing-work and transcript-spool live on their root
# volumes, docs/host.md) - in a vault of this region, optionally copied to a second vault
# (var.backup.copy), optionally locked. Restore: docs/runbooks/restore.md. What this gives, per data
# store: docs/stack.md, "Recovery objectives" and "Backups".
#
# What AWS Backup adds to RDS's own automated backups (modules/rds, 7/14 days, point-in-time
# restore within them): recovery points the deletion of the database does not take along, a copy
# outside this region or account, and a vault lock. Point-in-time recovery stays with RDS's automated
# backups (one mechanism, retention set in modules/rds); the plan takes daily snapshots, after the
# RDS backup window (17:00-18:00 UTC, modules/rds).
#
# Where the copy goes is the data owner's decision, not this stack's (docs/stack.md, "Backups",
# open question): health data of Korean residents copied out of ap-northeast-2 leaves the country.
# So var.backup.copy is null by default (no copy), and either names a region (this stack creates a
# vault and a key there, provider aws.backup_copy) or the ARN of a vault that already exists,
# typically in a second account of the same region (the destination account's vault access policy
# must allow backup:CopyIntoBackupVault from this account: AWS re:Post, "Access denied ... error
# message when I copy a backup"; cross-account copies need AWS Organizations).
#
# Encryption ("Encryption for backups in AWS Backup"): "Backups of resource types that are not fully
# managed by AWS Backup typically inherit the encryption settings from their source resource" - the
# RDS snapshots and host images stay under the rds and ebs keys (terraform/kms.tf); S3 is fully
# managed, so the env-file bucket's recovery points are encrypted with the vault's key (backup).
# A key exists in one region only, so a copy vault in another region has its own key
# (aws_kms_key.backup_copy), usable by this account only through AWS Backup, RDS and EC2 of that
# region. "Your IAM role must have access to the KMS key being used to back up and restore the
# object. Otherwise the job is successful but the objects are not backed up or restored": every key
# policy here lets IAM policies of this account decide, through the key's service.
#
# The role carries the AWS managed policies for the jobs (AWS Managed Policy reference):
# service-role/AWSBackupServiceRolePolicyForBackup and service-role/AWSBackupServiceRolePolicyForRestores
# (RDS, EC2/EBS), AWSBackupServiceRolePolicyForS3Backup ("read access to all S3 objects and full
# decrypt access for all KMS keys", its KMS statement limited by kms:ViaService "s3.*.amazonaws.com")
# and AWSBackupServiceRolePolicyForS3Restore.
#
# Vault lock (var.backup.vault_lock): minimum and maximum retention enforced on every recovery point
# of the vaults this stack creates. "AWS Backup enforces a 72-hour cooling-off period before Vault
# Lock takes effect and becomes immutable. Therefore, you must set ChangeableForDays to 3 or
# greater ... If this parameter is not specified, you can delete Vault Lock from the vault using
# DeleteBackupVaultLockConfiguration ... at any time" (AWS::Backup::BackupVault
# LockConfigurationType). Off by default: an immutable lock also keeps every recovery point for its
# minimum retention against a deletion the data owner may owe someone (docs/stack.md, "Backups").
#
# Ephemeral copies have no backups: "you can delete a backup vault in AWS Backup only after you
# delete ... all the recovery points in your backup vault" (AWS Backup Developer Guide, "Delete a
# backup vault"), so a vault with recovery points would block the nightly destroy, and a throw-away
# copy holds nothing worth keeping.
locals {
  backup_enabled     = var.backup.enabled && !var.ephemeral
  backup_copy_region = local.backup_enabled && try(var.backup.copy.region, null) != null
  backup_copy        = local.backup_copy_region || (local.backup_enabled && try(var.backup.copy.vault_arn, null) != null)
  backup_copy_vault_arn = (
    local.backup_copy_region ? aws_backup_vault.copy[0].arn :
    local.backup_copy ? var.backup.copy.vault_arn : null
  )

  # What the plan backs up, by ARN (explicit, so that nothing else of the account is swept in by a tag).
  backup_hosts = ["api", "ai-agent"]
  backup_resource_arns = concat(
    [for env in keys(var.environments) : module.rds[env].arn],
    [module.iam.env_bucket_arn],
    flatten([
      for env in keys(var.environments) : [
        for role in local.backup_hosts : module.app_hosts[env].instance_arns[role]
      ]
    ]),
  )

  backup_managed_policies = {
    backup     = "arn:${local.partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"
    restores   = "arn:${local.partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores"
    s3-backup  = "arn:${local.partition}:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup"
    s3-restore = "arn:${local.partition}:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore"
  }
}

resource "aws_backup_vault" "this" {
  count = local.backup_enabled ? 1 : 0

  name        = "${local.name_prefix}-backups"
  kms_key_arn = aws_kms_key.this["backup"].arn

  tags = {
    Name        = "${local.name_prefix}-backups"
    Environment = "shared"
  }
}

data "aws_iam_policy_document" "backup_copy_key" {
  count = local.backup_copy_region ? 1 : 0

  statement {
    sid       = "AccountAdministersButDoesNotDecrypt"
    actions   = local.kms_admin_actions
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  statement {
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
      values   = [for s in ["backup", "rds", "ec2"] : "${s}.${var.backup.copy.region}.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_kms_key" "backup_copy" {
  count    = local.backup_copy_region ? 1 : 0
  provider = aws.backup_copy

  description             = "${local.name_prefix}: AWS Backup copies in ${var.backup.copy.region} (RDS snapshots, host images, env-file bucket)"
  enable_key_rotation     = true
  rotation_period_in_days = 365
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.backup_copy_key[0].json

  tags = {
    Name        = "${local.name_prefix}-backup-copy"
    Environment = "shared"
  }
}

resource "aws_kms_alias" "backup_copy" {
  count    = local.backup_copy_region ? 1 : 0
  provider = aws.backup_copy

  name          = "alias/${local.name_prefix}-backup-copy"
  target_key_id = aws_kms_key.backup_copy[0].key_id
}

resource "aws_backup_vault" "copy" {
  count    = local.backup_copy_region ? 1 : 0
  provider = aws.backup_copy

  name        = "${local.name_prefix}-backups-copy"
  kms_key_arn = aws_kms_key.backup_copy[0].arn

  tags = {
    Name        = "${local.name_prefix}-backups-copy"
    Environment = "shared"
  }
}

resource "aws_backup_vault_lock_configuration" "this" {
  count = local.backup_enabled && var.backup.vault_lock != null ? 1 : 0

  backup_vault_name   = aws_backup_vault.this[0].name
  min_retention_days  = var.backup.vault_lock.min_retention_days
  max_retention_days  = var.backup.vault_lock.max_retention_days
  changeable_for_days = var.backup.vault_lock.changeable_for_days
}

resource "aws_backup_vault_lock_configuration" "copy" {
  count    = local.backup_copy_region && var.backup.vault_lock != null ? 1 : 0
  provider = aws.backup_copy

  backup_vault_name   = aws_backup_vault.copy[0].name
  min_retention_days  = var.backup.vault_lock.min_retention_days
  max_retention_days  = var.backup.vault_lock.max_retention_days
  changeable_for_days = var.backup.vault_lock.changeable_for_days
}

resource "aws_backup_plan" "this" {
  count = local.backup_enabled ? 1 : 0

  name = "${local.name_prefix}-daily"

  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.this[0].name
    schedule          = var.backup.schedule
    start_window      = 60
    completion_window = 480

    lifecycle {
      delete_after = var.backup.retention_days
    }

    dynamic "copy_action" {
      for_each = local.backup_copy ? [local.backup_copy_vault_arn] : []

      content {
        destination_vault_arn = copy_action.value

        lifecycle {
          delete_after = var.backup.copy.retention_days
        }
      }
    }

    recovery_point_tags = {
      Project = var.project
      Plan    = "${local.name_prefix}-daily"
    }
  }

  tags = {
    Name        = "${local.name_prefix}-daily"
    Environment = "shared"
  }
}

data "aws_iam_policy_document" "backup_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["backup.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "backup" {
  count = local.backup_enabled ? 1 : 0

  name               = "${local.name_prefix}-backup"
  assume_role_policy = data.aws_iam_policy_document.backup_assume.json

  tags = {
    Name        = "${local.name_prefix}-backup"
    Environment = "shared"
  }
}

resource "aws_iam_role_policy_attachment" "backup" {
  for_each = local.backup_enabled ? local.backup_managed_policies : {}

  role       = aws_iam_role.backup[0].name
  policy_arn = each.value
}

resource "aws_backup_selection" "this" {
  count = local.backup_enabled ? 1 : 0

  name         = "${local.name_prefix}-data"
  plan_id      = aws_backup_plan.this[0].id
  iam_role_arn = aws_iam_role.backup[0].arn
  resources    = local.backup_resource_arns
}
