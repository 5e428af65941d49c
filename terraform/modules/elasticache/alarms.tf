# Symptom alarms per cache node (review M5). ElastiCache publishes host and engine metrics "for
# each Cache node in 60-second intervals" under AWS/ElastiCache with the CacheClusterId dimension
# (ElastiCache User Guide, "Monitoring use with CloudWatch Metrics"). A cluster-mode-disabled
# replication group's nodes are the clusters <replication group id>-001, -002, ...
# (CreateReplicationGroup answers "MemberClusters": ["sample-repl-group-001", "sample-repl-group-002",
# ...]); member_clusters itself is known only after apply, so the ids are spelled out here.
locals {
  member_cluster_ids = {
    for i in range(1, var.num_cache_clusters + 1) : format("%03d", i) => "${aws_elasticache_replication_group.this.id}-${format("%03d", i)}"
  }

  # ReplicationLag is published by replicas only; which node is the replica changes with every
  # failover, so every node gets the alarm when there is a replica at all.
  replica_cluster_ids = var.num_cache_clusters >= 2 ? local.member_cluster_ids : {}

  # Metric => how it is judged. Missing data ("missing": keep the last state): a node that stops
  # reporting is being replaced or is gone, which the group's event topic reports (m14), so a
  # planned node replacement in the maintenance window does not page twice.
  cache_alarms = {
    engine-cpu = {
      metric      = "EngineCPUUtilization"
      statistic   = "Average"
      threshold   = var.alarms.engine_cpu_percent
      description = "Redis engine thread above ${var.alarms.engine_cpu_percent}% CPU for 15 minutes (Redis runs commands on one core): requests queue"
    }
    memory = {
      metric      = "DatabaseMemoryUsagePercentage"
      statistic   = "Average"
      threshold   = var.alarms.memory_percent
      description = "Redis uses more than ${var.alarms.memory_percent}% of its maxmemory for 15 minutes: evictions follow"
    }
    evictions = {
      metric      = "Evictions"
      statistic   = "Sum"
      threshold   = var.alarms.evictions
      description = "Redis evicted more than ${var.alarms.evictions} keys per 5 minutes for 15 minutes: sessions and queued work are being dropped"
    }
    connections = {
      metric      = "CurrConnections"
      statistic   = "Maximum"
      threshold   = var.alarms.connections
      description = "More than ${var.alarms.connections} client connections for 15 minutes: a connection leak or a reconnect storm"
    }
  }

  cache_node_alarms = merge([
    for node, cluster_id in local.member_cluster_ids : {
      for name, alarm in local.cache_alarms : "${node}-${name}" => merge(alarm, { node = node, cluster_id = cluster_id, name = name })
    }
  ]...)
}

resource "aws_cloudwatch_metric_alarm" "node" {
  for_each = local.cache_node_alarms

  alarm_name          = "${var.replication_group_id}-${each.value.node}-${each.value.name}"
  alarm_description   = "${var.role} (${var.environment}) node ${each.value.cluster_id}: ${each.value.description}. Runbook: docs/stack.md, \"Monitoring\"."
  namespace           = "AWS/ElastiCache"
  metric_name         = each.value.metric
  statistic           = each.value.statistic
  period              = 300
  evaluation_periods  = 3
  threshold           = each.value.threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "missing"
  alarm_actions       = [var.alarms.topic_arn]
  ok_actions          = [var.alarms.topic_arn]

  dimensions = {
    CacheClusterId = each.value.cluster_id
  }

  tags = merge(local.tags, { Name = "${var.replication_group_id}-${each.value.node}-${each.value.name}" })
}

# Seconds a replica is behind the primary: a failover now would lose that much. The primary
# publishes no ReplicationLag, so missing data is the normal state of the primary: notBreaching.
resource "aws_cloudwatch_metric_alarm" "replication_lag" {
  for_each = local.replica_cluster_ids

  alarm_name          = "${var.replication_group_id}-${each.key}-replication-lag"
  alarm_description   = "${var.role} (${var.environment}) replica ${each.value} more than ${var.alarms.replication_lag_seconds} s behind the primary for 5 minutes. Runbook: docs/stack.md, \"Monitoring\"."
  namespace           = "AWS/ElastiCache"
  metric_name         = "ReplicationLag"
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  threshold           = var.alarms.replication_lag_seconds
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarms.topic_arn]
  ok_actions          = [var.alarms.topic_arn]

  dimensions = {
    CacheClusterId = each.value
  }

  tags = merge(local.tags, { Name = "${var.replication_group_id}-${each.key}-replication-lag" })
}
