# One topic for every alarm of the stack (GPU, status checks, LiveKit target health, RDS).
# Not KMS-encrypted on purpose: CloudWatch alarms cannot publish to a topic encrypted with the
# AWS-managed SNS key, and alarm texts carry no personal data.
resource "aws_sns_topic" "alarms" {
  name = "${local.name_prefix}-alarms"

  tags = {
    Name        = "${local.name_prefix}-alarms"
    Environment = "shared"
  }
}

resource "aws_sns_topic_subscription" "alarm_email" {
  for_each = toset(var.alarm_emails)

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = each.value
}
