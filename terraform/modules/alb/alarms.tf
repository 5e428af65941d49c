# Symptom alarms per target group (review M5): a crashed or unhealthy api, web or LiveKit signalling
# container, server errors and slow answers page, not only a dead host. AWS/ApplicationELB metrics
# carry the TargetGroup and LoadBalancer dimensions, both the resources' ARN suffixes (ELB user
# guide, "CloudWatch metrics for your Application Load Balancer": UnHealthyHostCount, "Dimensions:
# TargetGroup, LoadBalancer"). "Elastic Load Balancing reports metrics to CloudWatch only when
# requests are flowing through the load balancer ... If there are no requests flowing through the
# load balancer or no data for a metric, the metric is not reported", except the host counts,
# "Reporting criteria: Reported if health checks are enabled" (every target group here checks).
locals {
  alarm_dimensions = {
    for key, tg in aws_lb_target_group.this : key => {
      LoadBalancer = aws_lb.this.arn_suffix
      TargetGroup  = tg.arn_suffix
    }
  }
}

# Nothing to route to: the target failed its health checks or is not registered at all (a replaced
# instance). Reported whenever health checks run, so no data is itself a fault: breaching.
resource "aws_cloudwatch_metric_alarm" "no_healthy_target" {
  for_each = var.routes

  alarm_name          = "${var.name_prefix}-${each.key}-no-healthy-target"
  alarm_description   = "No healthy ${each.value.role} target behind the ALB (${each.value.environment}, ${each.value.host}): every request gets a 503. Runbook: docs/stack.md, \"Monitoring\"."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HealthyHostCount"
  statistic           = "Minimum"
  period              = 60
  evaluation_periods  = 3
  threshold           = 1
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = [var.alarms.topic_arn]
  ok_actions          = [var.alarms.topic_arn]
  dimensions          = local.alarm_dimensions[each.key]

  tags = {
    Name        = "${var.name_prefix}-${each.key}-no-healthy-target"
    Role        = each.value.role
    Environment = each.value.environment
  }
}

# A registered target fails its health checks (with one target per group this is the same outage
# as above seen from the other side; with more targets it is the first warning). No data here
# means no health checks yet, not an unhealthy target: notBreaching.
resource "aws_cloudwatch_metric_alarm" "unhealthy_target" {
  for_each = var.routes

  alarm_name          = "${var.name_prefix}-${each.key}-unhealthy-target"
  alarm_description   = "A ${each.value.role} target (${each.value.environment}) fails its ALB health check ${each.value.health_check_path}. Runbook: docs/stack.md, \"Monitoring\"."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "UnHealthyHostCount"
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 3
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarms.topic_arn]
  ok_actions          = [var.alarms.topic_arn]
  dimensions          = local.alarm_dimensions[each.key]

  tags = {
    Name        = "${var.name_prefix}-${each.key}-unhealthy-target"
    Role        = each.value.role
    Environment = each.value.environment
  }
}

# Server errors from the application itself (not the ALB's own 502/503/504). Reported only when
# non-zero, so no data means no errors: notBreaching.
resource "aws_cloudwatch_metric_alarm" "target_5xx" {
  for_each = var.routes

  alarm_name          = "${var.name_prefix}-${each.key}-target-5xx"
  alarm_description   = "The ${each.value.role} application (${each.value.environment}) answered more than ${var.alarms.target_5xx_count} HTTP 5xx in 5 minutes, twice in a row. Runbook: docs/stack.md, \"Monitoring\"."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_Target_5XX_Count"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 2
  threshold           = var.alarms.target_5xx_count
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarms.topic_arn]
  ok_actions          = [var.alarms.topic_arn]
  dimensions          = local.alarm_dimensions[each.key]

  tags = {
    Name        = "${var.name_prefix}-${each.key}-target-5xx"
    Role        = each.value.role
    Environment = each.value.environment
  }
}

# p95 of the time from the request leaving the ALB to the target's first response byte. No
# requests means no latency to judge: notBreaching.
resource "aws_cloudwatch_metric_alarm" "target_latency" {
  for_each = var.routes

  alarm_name          = "${var.name_prefix}-${each.key}-target-latency"
  alarm_description   = "p95 response time of the ${each.value.role} application (${each.value.environment}) above ${var.alarms.target_p95_seconds} s for 15 minutes. Runbook: docs/stack.md, \"Monitoring\"."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "TargetResponseTime"
  extended_statistic  = "p95"
  period              = 300
  evaluation_periods  = 3
  threshold           = var.alarms.target_p95_seconds
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarms.topic_arn]
  ok_actions          = [var.alarms.topic_arn]
  dimensions          = local.alarm_dimensions[each.key]

  tags = {
    Name        = "${var.name_prefix}-${each.key}-target-latency"
    Role        = each.value.role
    Environment = each.value.environment
  }
}
