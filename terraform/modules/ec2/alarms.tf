# Host alarms (review M5, m4, m20): status checks with automatic repair, root disk, memory and, on
# GPU hosts, GPU utilisation and GPU memory. Missing data keeps the last state ("missing")
# everywhere: no data means the host is stopped (planned stops of the staging GPU host must not
# page, m4) or gone, which the status-check alarms and the ALB/NLB target alarms report; and for
# alarms with EC2 actions CloudWatch notes that "Alarms configured on Amazon EC2 metrics can
# temporarily enter the INSUFFICIENT_DATA state if there are missing metric data points ... even
# when the Amazon EC2 instance is healthy" (CloudWatch User Guide, "Create alarms to stop,
# terminate, reboot, or recover an EC2 instance"), so a gap must not reboot a host.
data "aws_partition" "current" {}

locals {
  gpu_instances = { for key, i in var.instances : key => i if i.gpu }

  # CloudWatch action based recovery "works with the StatusCheckFailed_System metric" on these
  # instance families only (EC2 User Guide, "Configure CloudWatch action based recovery",
  # requirements; G5 is not among them, so the GPU host gets a notification and the stop/start
  # runbook instead). "The recover action can be used only with StatusCheckFailed_System, not with
  # StatusCheckFailed_Instance"; for that one "The reboot alarm action is recommended for Instance
  # Health Check failures" (CloudWatch User Guide, as above).
  recover_families = [
    "a1", "m3", "m4", "m5", "m5a", "m5n", "m5zn", "m6a", "m6g", "m6i", "m6in", "m7a", "m7g", "m7i", "m7i-flex", "m8a", "m8g", "m8i", "m8i-flex", "t1", "t2", "t3", "t3a", "t4g",
    "c3", "c4", "c5", "c5a", "c5n", "c6a", "c6g", "c6gn", "c6i", "c6in", "c7a", "c7g", "c7gn", "c7i", "c7i-flex", "c8a", "c8g", "c8i", "c8i-flex",
    "r3", "r4", "r5", "r5a", "r5b", "r5n", "r6a", "r6g", "r6i", "r6in", "r7a", "r7g", "r7i", "r7iz", "r8a", "r8g", "r8i", "r8i-flex", "x1", "x1e", "x2idn", "x2iedn", "x2iezn",
    "g3", "g5g", "inf1", "p3", "vt1",
  ]
  recoverable = { for key, i in var.instances : key => contains(local.recover_families, split(".", i.instance_type)[0]) }

  ec2_action = { for action in ["recover", "reboot"] : action => "arn:${data.aws_partition.current.partition}:automate:${var.alarms.region}:ec2:${action}" }

  # The CloudWatch agent's metrics (user-data/common.sh configure_cloudwatch_agent): published to
  # var.alarms.namespace and rolled up to the InstanceId dimension alone by
  # "aggregation_dimensions": [["InstanceId"]], the only dimension these alarms name.
  host_metric_alarms = merge([
    for key, i in var.instances : {
      "${key}-disk" = {
        instance    = key
        name        = "disk-used"
        metric      = "disk_used_percent"
        statistic   = "Maximum"
        threshold   = var.alarms.disk_used_percent
        description = "root file system more than ${var.alarms.disk_used_percent}% full for 10 minutes (images, volumes and logs live there)"
        periods     = 2
      }
      "${key}-mem" = {
        instance    = key
        name        = "mem-used"
        metric      = "mem_used_percent"
        statistic   = "Average"
        threshold   = var.alarms.mem_used_percent
        description = "memory more than ${var.alarms.mem_used_percent}% used for 15 minutes: the OOM killer is next"
        periods     = 3
      }
    }
  ]...)
}

# Hardware or AWS-side failure: recovered onto other hardware (same instance id, private IP and
# EBS volumes) where the instance type supports it; "set recover alarms to two evaluation periods
# of one minute each and reboot alarms to three" so the two never race (CloudWatch User Guide).
resource "aws_cloudwatch_metric_alarm" "system_status_check" {
  for_each = var.instances

  alarm_name          = "${var.name_prefix}-${each.value.environment}-${each.value.role}-system-status-check"
  alarm_description   = "The ${each.value.role} host (${each.value.environment}) fails its EC2 system status check (AWS hardware or network). ${local.recoverable[each.key] ? "CloudWatch recovers it onto other hardware." : "No automatic recovery for this instance type: stop and start it."} Runbook: docs/stack.md, \"Monitoring\"."
  namespace           = "AWS/EC2"
  metric_name         = "StatusCheckFailed_System"
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 2
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "missing"
  alarm_actions       = concat(local.recoverable[each.key] ? [local.ec2_action.recover] : [], [var.alarms.topic_arn])
  ok_actions          = [var.alarms.topic_arn]

  dimensions = {
    InstanceId = aws_instance.this[each.key].id
  }

  tags = {
    Name        = "${var.name_prefix}-${each.value.environment}-${each.value.role}-system-status-check"
    Role        = each.value.role
    Environment = each.value.environment
  }
}

# The operating system stopped answering (kernel panic, exhausted memory, a broken boot): rebooted.
resource "aws_cloudwatch_metric_alarm" "instance_status_check" {
  for_each = var.instances

  alarm_name          = "${var.name_prefix}-${each.value.environment}-${each.value.role}-instance-status-check"
  alarm_description   = "The ${each.value.role} host (${each.value.environment}) fails its EC2 instance status check for 3 minutes: CloudWatch reboots it. Runbook: docs/stack.md, \"Monitoring\"."
  namespace           = "AWS/EC2"
  metric_name         = "StatusCheckFailed_Instance"
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 3
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "missing"
  alarm_actions       = [local.ec2_action.reboot, var.alarms.topic_arn]
  ok_actions          = [var.alarms.topic_arn]

  dimensions = {
    InstanceId = aws_instance.this[each.key].id
  }

  tags = {
    Name        = "${var.name_prefix}-${each.value.environment}-${each.value.role}-instance-status-check"
    Role        = each.value.role
    Environment = each.value.environment
  }
}

resource "aws_cloudwatch_metric_alarm" "host" {
  for_each = local.host_metric_alarms

  alarm_name          = "${var.name_prefix}-${var.instances[each.value.instance].environment}-${var.instances[each.value.instance].role}-${each.value.name}"
  alarm_description   = "The ${var.instances[each.value.instance].role} host (${var.instances[each.value.instance].environment}): ${each.value.description}. Runbook: docs/stack.md, \"Monitoring\"."
  namespace           = var.alarms.namespace
  metric_name         = each.value.metric
  statistic           = each.value.statistic
  period              = 300
  evaluation_periods  = each.value.periods
  threshold           = each.value.threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "missing"
  alarm_actions       = [var.alarms.topic_arn]
  ok_actions          = [var.alarms.topic_arn]

  dimensions = {
    InstanceId = aws_instance.this[each.value.instance].id
  }

  tags = {
    Name        = "${var.name_prefix}-${var.instances[each.value.instance].environment}-${var.instances[each.value.instance].role}-${each.value.name}"
    Role        = var.instances[each.value.instance].role
    Environment = var.instances[each.value.instance].environment
  }
}

# nvidia_smi_utilization_gpu: "The percentage of time over the past sample period during which one
# or more kernels on the GPU was running" (CloudWatch User Guide, "Collect NVIDIA GPU metrics").
resource "aws_cloudwatch_metric_alarm" "gpu_utilization" {
  for_each = local.gpu_instances

  alarm_name          = "${var.name_prefix}-${each.value.environment}-${each.value.role}-gpu-utilization"
  alarm_description   = "The ${each.value.role} GPU (${each.value.environment}) is busier than ${var.alarms.gpu_utilization_percent}% for 15 minutes: calls degrade. Runbook: docs/stack.md, \"Monitoring\"."
  namespace           = var.alarms.namespace
  metric_name         = "nvidia_smi_utilization_gpu"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = var.alarms.gpu_utilization_percent
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "missing"
  alarm_actions       = [var.alarms.topic_arn]
  ok_actions          = [var.alarms.topic_arn]

  dimensions = {
    InstanceId = aws_instance.this[each.key].id
  }

  tags = {
    Name        = "${var.name_prefix}-${each.value.environment}-${each.value.role}-gpu-utilization"
    Role        = each.value.role
    Environment = each.value.environment
  }
}

# GPU memory in use, not memory bandwidth (nvidia_smi_utilization_memory is "The percentage of
# time ... during which global (device) memory was being read or written", m4): memory_used /
# memory_total ("Memory used, in MB" / "Reported total memory, in MB") as metric math. Full GPU
# memory means the next model load or a longer context fails with CUDA out of memory.
resource "aws_cloudwatch_metric_alarm" "gpu_memory" {
  for_each = local.gpu_instances

  alarm_name          = "${var.name_prefix}-${each.value.environment}-${each.value.role}-gpu-memory"
  alarm_description   = "The ${each.value.role} GPU (${each.value.environment}) has more than ${var.alarms.gpu_memory_percent}% of its memory in use for 15 minutes: model loads and long calls fail with out-of-memory. Runbook: docs/stack.md, \"Monitoring\"."
  evaluation_periods  = 3
  threshold           = var.alarms.gpu_memory_percent
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "missing"
  alarm_actions       = [var.alarms.topic_arn]
  ok_actions          = [var.alarms.topic_arn]

  metric_query {
    id          = "used_percent"
    expression  = "100 * used / total"
    label       = "GPU memory used (%)"
    return_data = true
  }

  metric_query {
    id = "used"

    metric {
      namespace   = var.alarms.namespace
      metric_name = "nvidia_smi_memory_used"
      stat        = "Maximum"
      period      = 300

      dimensions = {
        InstanceId = aws_instance.this[each.key].id
      }
    }
  }

  metric_query {
    id = "total"

    metric {
      namespace   = var.alarms.namespace
      metric_name = "nvidia_smi_memory_total"
      stat        = "Maximum"
      period      = 300

      dimensions = {
        InstanceId = aws_instance.this[each.key].id
      }
    }
  }

  tags = {
    Name        = "${var.name_prefix}-${each.value.environment}-${each.value.role}-gpu-memory"
    Role        = each.value.role
    Environment = each.value.environment
  }
}
