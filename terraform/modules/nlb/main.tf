locals {
  name = "${var.name_prefix}-nlb"

  subnets = { for index, subnet_id in var.subnet_ids : tostring(index) => subnet_id }
}

# Static addresses: LiveKit advertises the first as its node_ip, and clients' firewalls can allow
# them, so in live no plan may destroy them (review m19). prevent_destroy takes a literal only
# ("lifecycle blocks do not support variables", terraform-aws-modules/terraform-aws-rds-aurora#422),
# and an ephemeral copy must stay destroyable: two blocks, one with it and one without, and
# protect_addresses decides which one holds the addresses. Terraform's docs: prevent_destroy "doesn't
# prevent Terraform from destroying the resource if you remove the resource configuration" — the
# `moved` below keeps the live state's aws_eip.this under the protected block instead.
resource "aws_eip" "protected" {
  for_each = var.protect_addresses ? local.subnets : {}

  domain = "vpc"
  tags   = local.eip_tags[each.key]

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_eip" "disposable" {
  for_each = var.protect_addresses ? {} : local.subnets

  domain = "vpc"
  tags   = local.eip_tags[each.key]
}

moved {
  from = aws_eip.this
  to   = aws_eip.protected
}

locals {
  eip_tags = { for key in keys(local.subnets) : key => { Name = "${local.name}-${key}", Role = "nlb", Environment = "shared" } }
  eips     = var.protect_addresses ? aws_eip.protected : aws_eip.disposable
}

resource "aws_lb" "this" {
  name                             = local.name
  load_balancer_type               = "network"
  internal                         = false
  security_groups                  = [var.security_group_id]
  enable_deletion_protection       = var.deletion_protection
  enable_cross_zone_load_balancing = true

  dynamic "subnet_mapping" {
    for_each = local.subnets

    content {
      subnet_id     = subnet_mapping.value
      allocation_id = local.eips[subnet_mapping.key].id
    }
  }

  tags = {
    Name        = local.name
    Role        = "nlb"
    Environment = "shared"
  }
}

resource "aws_lb_target_group" "this" {
  for_each = var.listeners

  name                 = "${var.name_prefix}-lk-${each.key}"
  vpc_id               = var.vpc_id
  target_type          = "instance"
  protocol             = each.value.target_protocol
  port                 = each.value.port
  preserve_client_ip   = "true"
  deregistration_delay = 30

  health_check {
    protocol            = "TCP"
    port                = tostring(var.health_check_port)
    interval            = 10
    healthy_threshold   = 3
    unhealthy_threshold = 3
  }

  tags = {
    Name        = "${var.name_prefix}-lk-${each.key}"
    Role        = "livekit"
    Environment = "shared"
  }
}

resource "aws_lb_target_group_attachment" "this" {
  for_each = var.listeners

  target_group_arn = aws_lb_target_group.this[each.key].arn
  target_id        = var.target_instance_id
  port             = each.value.port
}

resource "aws_lb_listener" "this" {
  for_each = var.listeners

  load_balancer_arn = aws_lb.this.arn
  port              = each.value.port
  protocol          = each.value.protocol
  certificate_arn   = each.value.protocol == "TLS" ? var.certificate_arn : null
  ssl_policy        = each.value.protocol == "TLS" ? "ELBSecurityPolicy-TLS13-1-2-2021-06" : null

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this[each.key].arn
  }

  tags = {
    Name        = "${local.name}-${each.key}"
    Role        = "nlb"
    Environment = "shared"
  }
}

# Media reaches LiveKit only while its target is healthy: no healthy host means no calls.
resource "aws_cloudwatch_metric_alarm" "no_healthy_target" {
  for_each = var.listeners

  alarm_name          = "${local.name}-${each.key}-no-healthy-target"
  alarm_description   = "The LiveKit target behind NLB listener ${each.key} (${each.value.protocol}/${each.value.port}) is unhealthy: calls cannot connect."
  namespace           = "AWS/NetworkELB"
  metric_name         = "HealthyHostCount"
  statistic           = "Minimum"
  period              = 60
  evaluation_periods  = 3
  threshold           = 1
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = [var.alarm_topic_arn]
  ok_actions          = [var.alarm_topic_arn]

  dimensions = {
    LoadBalancer = aws_lb.this.arn_suffix
    TargetGroup  = aws_lb_target_group.this[each.key].arn_suffix
  }

  tags = {
    Name        = "${local.name}-${each.key}-no-healthy-target"
    Role        = "nlb"
    Environment = "shared"
  }
}
