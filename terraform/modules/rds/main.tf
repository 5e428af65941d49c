data "aws_partition" "current" {}

locals {
  create_monitoring_role = var.monitoring_interval > 0

  # One final-snapshot name per DB instance, never used twice (review M10c): "<identifier>-final-"
  # and the time of the plan that creates the instance. A fixed "<identifier>-final" is taken after
  # the first deletion, so the second deletion of a rebuilt instance fails (DBSnapshotAlreadyExists).
  # plantimestamp() is known in the plan ("returns a UTC timestamp string in RFC 3339 format ... The
  # result of this function changes during every plan operation"), so the name is in the saved plan
  # and the state; ignore_changes keeps the create-time name afterwards. The provider reads the name
  # from the state at delete and sends it only when skip_final_snapshot is false
  # (internal/service/rds/instance.go, resourceInstanceDelete: "final_snapshot_identifier is required
  # when skip_final_snapshot is false"; resourceInstanceUpdate never calls ModifyDBInstance for it),
  # so it is always set: switching skip_final_snapshot off later needs no new name. An imported
  # instance has none in its state (the import sets skip_final_snapshot = true) until it is replaced.
  final_snapshot_identifier = "${var.identifier}-final-${formatdate("YYYYMMDDhhmmss", plantimestamp())}"

  tags = {
    Role        = "rds"
    Environment = var.environment
  }
}

resource "aws_db_subnet_group" "this" {
  name        = var.identifier
  description = "Data-tier subnets of ${var.environment}"
  subnet_ids  = var.subnet_ids

  tags = merge(local.tags, { Name = var.identifier })
}

resource "aws_db_parameter_group" "this" {
  name        = "${var.identifier}-postgres${var.engine_version}"
  family      = "postgres${var.engine_version}"
  description = "${var.identifier}: TLS required, connections logged"

  # Default on PostgreSQL 15+, set anyway so that no version or console change can turn it off.
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_connections"
    value = "1"
  }

  parameter {
    name  = "log_disconnections"
    value = "1"
  }

  tags = merge(local.tags, { Name = "${var.identifier}-postgres${var.engine_version}" })

  lifecycle {
    create_before_destroy = true
  }
}

data "aws_iam_policy_document" "monitoring_assume" {
  count = local.create_monitoring_role ? 1 : 0

  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["monitoring.rds.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "monitoring" {
  count = local.create_monitoring_role ? 1 : 0

  name               = "${var.identifier}-rds-monitoring"
  assume_role_policy = data.aws_iam_policy_document.monitoring_assume[0].json

  tags = merge(local.tags, { Name = "${var.identifier}-rds-monitoring" })
}

resource "aws_iam_role_policy_attachment" "monitoring" {
  count = local.create_monitoring_role ? 1 : 0

  role       = aws_iam_role.monitoring[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

resource "aws_db_instance" "this" {
  identifier     = var.identifier
  engine         = "postgres"
  engine_version = var.engine_version
  instance_class = var.instance_class
  db_name        = "dolbom"
  username       = "dolbom_admin"
  port           = 5432

  # The master password lives in Secrets Manager, created and rotated by RDS every seven days. It is
  # for break-glass and the role bootstrap only (scripts/db-bootstrap.sh, with the operator's own
  # credentials): no host reads it. Applications log in as their own roles with IAM database
  # authentication: a 15-minute token per connection, signed with the host's instance role.
  manage_master_user_password         = true
  master_user_secret_kms_key_id       = var.secrets_kms_key_arn
  iam_database_authentication_enabled = true

  storage_type          = "gp3"
  allocated_storage     = var.allocated_storage
  max_allocated_storage = var.max_allocated_storage
  storage_encrypted     = true
  kms_key_id            = var.kms_key_arn

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [var.security_group_id]
  publicly_accessible    = false
  multi_az               = var.multi_az
  parameter_group_name   = aws_db_parameter_group.this.name
  ca_cert_identifier     = "rds-ca-rsa2048-g1"

  backup_retention_period   = var.backup_retention_days
  backup_window             = "17:00-18:00" # 02:00-03:00 KST
  maintenance_window        = "sun:18:30-sun:19:30"
  copy_tags_to_snapshot     = true
  delete_automated_backups  = var.skip_final_snapshot
  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = var.skip_final_snapshot
  final_snapshot_identifier = local.final_snapshot_identifier

  auto_minor_version_upgrade      = true
  allow_major_version_upgrade     = false
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]

  performance_insights_enabled          = var.performance_insights
  performance_insights_retention_period = var.performance_insights ? 7 : null
  monitoring_interval                   = var.monitoring_interval
  monitoring_role_arn                   = local.create_monitoring_role ? aws_iam_role.monitoring[0].arn : null

  tags = merge(local.tags, { Name = var.identifier })

  # The final snapshot keeps the name planned when this instance was created (see
  # local.final_snapshot_identifier): later plans would otherwise move it to their own time, a
  # change of the state only, on every plan.
  lifecycle {
    ignore_changes = [final_snapshot_identifier]
  }

  depends_on = [aws_iam_role_policy_attachment.monitoring]
}
