# Where alarms go (review M5; docs/stack.md, "Monitoring"). Two topics because AWS gives no single
# topic both properties:
#   - alarms: every CloudWatch alarm of the stack and the RDS events, KMS-encrypted with the
#     customer-managed key alias/<prefix>-alarms, whose key policy lets exactly these publishers
#     use it (terraform/kms.tf, local.alarm_publishers);
#   - cache_events: ElastiCache events (failover, node replacement; review m14). "The Amazon SNS
#     topic you are publishing to cannot be encrypted ... It is possible to attach an encrypted
#     (at-rest) Amazon SNS topic to the cluster. However, the status of the topic from the
#     ElastiCache console will show as inactive" (ElastiCache User Guide, "Event Notifications and
#     Amazon SNS"). Event texts name the node and the event, no personal data.
# Both topics reach the same people: the e-mail addresses and the pager's HTTPS endpoints.
locals {
  # Every host's alarms (modules/ec2 alarms.tf) read the CloudWatch agent's namespace.
  host_alarms = merge(var.alarm_thresholds.hosts, {
    topic_arn               = aws_sns_topic.alarms.arn
    region                  = var.region
    namespace               = local.cloudwatch_namespace
    gpu_utilization_percent = var.gpu_utilization_alarm_threshold
  })

  alarm_topic_arns = {
    alarms       = aws_sns_topic.alarms.arn
    cache-events = aws_sns_topic.cache_events.arn
  }

  alarm_subscriptions = merge(
    { for pair in setproduct(keys(local.alarm_topic_arns), var.alarm_emails) : "${pair[0]}-email-${pair[1]}" => { topic = pair[0], protocol = "email", endpoint = pair[1] } },
    { for pair in setproduct(keys(local.alarm_topic_arns), nonsensitive(keys(var.alarm_https_endpoints))) : "${pair[0]}-https-${pair[1]}" => { topic = pair[0], protocol = "https", endpoint = pair[1] } },
  )
}

resource "aws_sns_topic" "alarms" {
  name = "${local.name_prefix}-alarms"
  # By alias: KmsMasterKeyId is "The ID of an AWS managed customer master key (CMK) for Amazon SNS
  # or a custom CMK ... For more examples, see KeyId" (SNS API Reference, CreateTopic), and a KeyId
  # may be an "Alias name: alias/ExampleAlias" (KMS API Reference); the default key is itself
  # alias/aws/sns. Known at plan, and it orders the topic after the key and its alias.
  kms_master_key_id = aws_kms_alias.this["alarms"].name

  tags = {
    Name        = "${local.name_prefix}-alarms"
    Environment = "shared"
  }
}

# Who may publish: CloudWatch for this stack's alarms and RDS for this stack's instances, both only
# from this account (aws:SourceAccount, aws:SourceArn: RDS User Guide, "Granting permissions to
# publish notifications to an Amazon SNS topic"). Same-account IAM principals (terraform, an
# operator testing with `aws cloudwatch set-alarm-state`) need no statement here.
data "aws_iam_policy_document" "alarm_topic" {
  dynamic "statement" {
    for_each = local.alarm_publishers

    content {
      sid       = statement.value.sid
      actions   = ["sns:Publish"]
      resources = [aws_sns_topic.alarms.arn]

      principals {
        type        = "Service"
        identifiers = [statement.value.principal]
      }

      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }

      condition {
        test     = "ArnLike"
        variable = "aws:SourceArn"
        values   = [statement.value.source_arn]
      }
    }
  }
}

resource "aws_sns_topic_policy" "alarms" {
  arn    = aws_sns_topic.alarms.arn
  policy = data.aws_iam_policy_document.alarm_topic.json
}

# Not encrypted, by necessity (above): the SNS-001 exception is in .stackcheck/suppressions.yaml
# (an inline ignore would not reach a check of the plan JSON).
resource "aws_sns_topic" "cache_events" {
  name = "${local.name_prefix}-cache-events"

  tags = {
    Name        = "${local.name_prefix}-cache-events"
    Environment = "shared"
  }
}

# "the topic's access policy must use the aws:SourceOwner condition key, not aws:SourceAccount ...
# If your Amazon SNS topic uses aws:SourceAccount, ElastiCache cannot publish notifications to the
# topic and automatically sets the topic status to inactive" (ElastiCache User Guide, "Managing
# ElastiCache Amazon SNS notifications", the statement given there).
data "aws_iam_policy_document" "cache_events_topic" {
  statement {
    sid       = "AllowElastiCachePublish"
    actions   = ["SNS:Publish"]
    resources = [aws_sns_topic.cache_events.arn]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "AWS:SourceOwner"
      values   = [local.account_id]
    }
  }
}

resource "aws_sns_topic_policy" "cache_events" {
  arn    = aws_sns_topic.cache_events.arn
  policy = data.aws_iam_policy_document.cache_events_topic.json
}

resource "aws_sns_topic_subscription" "alarms" {
  for_each = local.alarm_subscriptions

  topic_arn = local.alarm_topic_arns[each.value.topic]
  protocol  = each.value.protocol
  endpoint  = each.value.protocol == "https" ? var.alarm_https_endpoints[each.value.endpoint] : each.value.endpoint
  # A pager's events URL confirms the subscription itself, and terraform then waits for the
  # confirmed subscription (provider docs, aws_sns_topic_subscription: "endpoint_auto_confirms -
  # (Optional) Whether the endpoint is capable of auto confirming subscription (e.g., PagerDuty)";
  # "confirmation_timeout_in_minutes - ... minutes to wait in retrying mode for fetching
  # subscription arn before marking it as failure. Only applicable for http and https protocols"),
  # so a wrong or unreachable pager URL fails the apply instead of staying pending unnoticed.
  # E-mail subscriptions stay pending until the recipient clicks the confirmation link.
  endpoint_auto_confirms          = each.value.protocol == "https"
  confirmation_timeout_in_minutes = 5
}

# --- Container logs (review M5: a 3 a.m. diagnosis must not need the possibly dead host) --------
# One log group per host; the compose files send every service there with the docker awslogs
# driver (stream = container name), which runs in dockerd with the host's instance role. The host
# role may write only its own groups (modules/iam WriteOwnLogGroups: logs:CreateLogStream,
# logs:PutLogEvents, logs:DescribeLogStreams on these ARNs); the driver never creates a group
# (awslogs-create-group defaults to false). Fixed names are safe to rebuild: terraform deletes the
# groups at destroy (no skip_destroy, review M10). scripts/deploy.sh passes the same name to compose
# ("/<project>/containers/<environment>/<role>"; tests/stack/monitoring.test.ts checks both agree).
locals {
  container_log_groups = { for key, host in local.hosts : key => "/${local.name_prefix}/containers/${host.environment}/${host.role}" }
}

resource "aws_cloudwatch_log_group" "containers" {
  for_each = local.container_log_groups

  name              = each.value
  retention_in_days = var.container_log_retention_days[local.hosts[each.key].environment]
  # The logs key's policy admits logs.<region>.amazonaws.com for this account's log groups
  # (terraform/kms.tf, kms:EncryptionContext:aws:logs:arn = ...:log-group:*).
  kms_key_id = aws_kms_key.this["logs"].arn

  tags = {
    Name        = "${local.name_prefix}-${each.key}-containers"
    Role        = local.hosts[each.key].role
    Environment = local.hosts[each.key].environment
  }
}
