data "aws_caller_identity" "current" {}

# The regional Elastic Load Balancing account that writes access logs (ap-northeast-2 predates the
# log-delivery service principal).
data "aws_elb_service_account" "current" {}

locals {
  name                = "${var.name_prefix}-alb"
  create_access_logs  = var.access_logs.enabled
  access_logs_prefix  = "alb"
  access_logs_objects = "${local.access_logs_prefix}/AWSLogs/${data.aws_caller_identity.current.account_id}/*"
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

  dynamic "access_logs" {
    for_each = local.create_access_logs ? [aws_s3_bucket.access_logs[0].id] : []

    content {
      bucket  = access_logs.value
      prefix  = local.access_logs_prefix
      enabled = true
    }
  }

  tags = {
    Name        = local.name
    Role        = "alb"
    Environment = "shared"
  }

  # The ALB checks at creation that it may write to the log bucket.
  depends_on = [aws_s3_bucket_policy.access_logs]
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

# --- Access logs ----------------------------------------------------------------------------

# Named by bucket_prefix ("Creates a unique bucket name beginning with the specified prefix",
# aws_s3_bucket docs; at most 37 characters: here at most 27), so a destroy-then-apply never waits
# for S3 to free the old name: "Until Amazon S3 completely deletes the bucket, you can't use the same
# bucket name ... it might take 48-72 hours" (AWS Knowledge Center, s3-conflicting-conditional-
# operation), and then any account may claim it (review M10). Everything finds it by reference.
resource "aws_s3_bucket" "access_logs" {
  count = local.create_access_logs ? 1 : 0

  bucket_prefix = "${local.name}-logs-"
  force_destroy = var.access_logs.force_destroy

  tags = {
    Name        = "${local.name}-logs"
    Role        = "alb"
    Environment = "shared"
  }
}

resource "aws_s3_bucket_public_access_block" "access_logs" {
  count = local.create_access_logs ? 1 : 0

  bucket                  = aws_s3_bucket.access_logs[0].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "access_logs" {
  count = local.create_access_logs ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

# Versioned so that a deleted or overwritten log is still there for the retention period.
resource "aws_s3_bucket_versioning" "access_logs" {
  count = local.create_access_logs ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "access_logs" {
  count = local.create_access_logs ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "access_logs" {
  count = local.create_access_logs ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id

  rule {
    id     = "expire-access-logs"
    status = "Enabled"

    filter {}

    expiration {
      days = var.access_logs.retention_days
    }

    noncurrent_version_expiration {
      noncurrent_days = var.access_logs.retention_days
    }
  }

  depends_on = [aws_s3_bucket_versioning.access_logs]
}

data "aws_iam_policy_document" "access_logs" {
  count = local.create_access_logs ? 1 : 0

  statement {
    sid       = "ElbLogDelivery"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.access_logs[0].arn}/${local.access_logs_objects}"]

    principals {
      type        = "AWS"
      identifiers = [data.aws_elb_service_account.current.arn]
    }
  }

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.access_logs[0].arn,
      "${aws_s3_bucket.access_logs[0].arn}/*",
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

resource "aws_s3_bucket_policy" "access_logs" {
  count = local.create_access_logs ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id
  policy = data.aws_iam_policy_document.access_logs[0].json

  depends_on = [aws_s3_bucket_public_access_block.access_logs]
}
