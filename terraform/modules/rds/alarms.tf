# Symptom alarms of the instance (review M5) and its RDS events. AWS/RDS metrics carry the
# DBInstanceIdentifier dimension. RDS keeps publishing while the instance runs; when it does not
# (stopped, being replaced) the event subscription below says why, so every alarm here keeps its
# last state on missing data ("missing") instead of paging a second time.
locals {
  db_alarms = {
    cpu = {
      metric      = "CPUUtilization"
      statistic   = "Average"
      threshold   = var.alarms.cpu_percent
      comparison  = "GreaterThanThreshold"
      description = "CPU above ${var.alarms.cpu_percent}% for 15 minutes"
    }
    # Absolute, not a fraction of allocated_storage (review m2): storage autoscaling grows the
    # volume ("Free available space is less than or equal to 10 percent of the allocated storage",
    # RDS User Guide, "Managing capacity automatically with Amazon RDS storage autoscaling"), so a
    # fraction of the initial size means nothing once it has grown. Below this many GiB free the
    # volume is full within hours whatever its size: autoscaling has reached max_allocated_storage,
    # is waiting out its cooldown, or is off.
    free-storage = {
      metric      = "FreeStorageSpace"
      statistic   = "Minimum"
      threshold   = var.alarms.free_storage_gib * 1073741824
      comparison  = "LessThanThreshold"
      description = "less than ${var.alarms.free_storage_gib} GiB of storage free"
    }
    freeable-memory = {
      metric      = "FreeableMemory"
      statistic   = "Minimum"
      threshold   = var.alarms.freeable_memory_mib * 1048576
      comparison  = "LessThanThreshold"
      description = "less than ${var.alarms.freeable_memory_mib} MiB of freeable memory for 15 minutes: the instance swaps"
    }
    connections = {
      metric      = "DatabaseConnections"
      statistic   = "Maximum"
      threshold   = var.alarms.connections
      comparison  = "GreaterThanThreshold"
      description = "more than ${var.alarms.connections} connections for 15 minutes: near max_connections, new logins fail"
    }
    read-latency = {
      metric      = "ReadLatency"
      statistic   = "Average"
      threshold   = var.alarms.read_latency_seconds
      comparison  = "GreaterThanThreshold"
      description = "average read latency above ${var.alarms.read_latency_seconds * 1000} ms for 15 minutes"
    }
    write-latency = {
      metric      = "WriteLatency"
      statistic   = "Average"
      threshold   = var.alarms.write_latency_seconds
      comparison  = "GreaterThanThreshold"
      description = "average write latency above ${var.alarms.write_latency_seconds * 1000} ms for 15 minutes"
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "db" {
  for_each = local.db_alarms

  alarm_name          = "${var.identifier}-rds-${each.key}"
  alarm_description   = "RDS ${var.identifier}: ${each.value.description}. Runbook: docs/stack.md, \"Monitoring\"."
  namespace           = "AWS/RDS"
  metric_name         = each.value.metric
  statistic           = each.value.statistic
  period              = 300
  evaluation_periods  = 3
  threshold           = each.value.threshold
  comparison_operator = each.value.comparison
  treat_missing_data  = "missing"
  alarm_actions       = [var.alarms.topic_arn]
  ok_actions          = [var.alarms.topic_arn]

  dimensions = {
    DBInstanceIdentifier = aws_db_instance.this.identifier
  }

  tags = merge(local.tags, { Name = "${var.identifier}-rds-${each.key}" })
}

# What no metric shows: a failover, a failed or missing backup, storage exhausted, a failure that
# stopped the instance, maintenance about to restart it (RDS User Guide, "Amazon RDS event
# categories and event messages", source type db-instance). RDS publishes these to an encrypted
# topic when the key policy lets events.rds.amazonaws.com use the key (terraform/kms.tf).
resource "aws_db_event_subscription" "this" {
  name        = "${var.identifier}-events"
  sns_topic   = var.alarms.topic_arn
  source_type = "db-instance"
  source_ids  = [aws_db_instance.this.identifier]
  event_categories = [
    "availability",
    "backup",
    "failover",
    "failure",
    "low storage",
    "maintenance",
    "recovery",
  ]

  tags = merge(local.tags, { Name = "${var.identifier}-events" })
}

# The CPU and free-storage alarms were single resources before the alarm table above.
moved {
  from = aws_cloudwatch_metric_alarm.cpu
  to   = aws_cloudwatch_metric_alarm.db["cpu"]
}

moved {
  from = aws_cloudwatch_metric_alarm.free_storage
  to   = aws_cloudwatch_metric_alarm.db["free-storage"]
}
