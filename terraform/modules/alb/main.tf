locals {
  name = "${var.name_prefix}-alb"
}

resource "aws_lb" "this" {
  name                       = local.name
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = var.subnet_ids
  security_groups            = [var.security_group_id]
  drop_invalid_header_fields = true
  enable_deletion_protection = var.deletion_protection
  idle_timeout               = var.idle_timeout
  desync_mitigation_mode     = "defensive"

  tags = {
    Name        = local.name
    Role        = "alb"
    Environment = "shared"
  }
}

resource "aws_lb_target_group" "this" {
  for_each = var.routes

  name                 = "${var.name_prefix}-${each.key}"
  vpc_id               = var.vpc_id
  target_type          = "instance"
  protocol             = "HTTP"
  port                 = each.value.port
  deregistration_delay = 30

  health_check {
    protocol            = "HTTP"
    port                = "traffic-port"
    path                = each.value.health_check_path
    matcher             = "200-399"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = {
    Name        = "${var.name_prefix}-${each.key}"
    Role        = each.value.role
    Environment = each.value.environment
  }
}

resource "aws_lb_target_group_attachment" "this" {
  for_each = var.routes

  target_group_arn = aws_lb_target_group.this[each.key].arn
  target_id        = each.value.instance_id
  port             = each.value.port
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  # A request for an unknown host never lands in an environment.
  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      message_body = "Not Found"
      status_code  = "404"
    }
  }

  tags = {
    Name        = "${local.name}-https"
    Role        = "alb"
    Environment = "shared"
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }

  tags = {
    Name        = "${local.name}-http"
    Role        = "alb"
    Environment = "shared"
  }
}

resource "aws_lb_listener_rule" "host" {
  for_each = var.routes

  listener_arn = aws_lb_listener.https.arn
  priority     = each.value.priority

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this[each.key].arn
  }

  condition {
    host_header {
      values = [each.value.host]
    }
  }

  tags = {
    Name        = "${var.name_prefix}-${each.key}"
    Role        = each.value.role
    Environment = each.value.environment
  }
}
