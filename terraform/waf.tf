# AWS WAF in front of the public ALB (review M7): the social workers' console (personal data of
# elderly people) and the mobile API are served to 0.0.0.0/0, so every request passes, in order:
#   1. an optional country allow-list (var.waf.allowed_country_codes, e.g. ["KR"]): others blocked;
#   2. the Amazon IP reputation list (sources AWS threat intelligence flags);
#   3. a rate limit per client IP (var.waf.rate_limit_per_ip requests per evaluation window);
#   4. the AWS managed baseline: core rule set, known bad inputs, SQL database (SQL injection).
# The ALB is internet-facing and clients connect to it directly, so the source IP WAF aggregates on
# is the client's (aggregate_key_type "IP"); all hosts leave through the NAT gateway, so a host that
# called the public ALB would count under the NAT gateway's address.
#
# Managed rule groups (AWS WAF Developer Guide, "Baseline rule groups" and "Use-case specific rule
# groups"): "VendorName: AWS, Name: AWSManagedRulesCommonRuleSet, WCU: 700",
# AWSManagedRulesKnownBadInputsRuleSet (200), "Name: AWSManagedRulesSQLiRuleSet, WCU: 200",
# AWSManagedRulesAmazonIpReputationList (25); with the rate-based and geo rules well inside the
# 1,500 WCUs of the basic web ACL price ("the basic price covers up to 1,500 WCUs").
# Counting instead of blocking: the OverrideAction reference says "If you want the rules in the rule
# group to only count matches, do not use this and instead use the rule action override option, with
# Count action" - so var.waf.count_rules names single rules per group (rule_action_override), and the
# group's override_action stays none. The core rule set's SizeRestrictions_BODY blocks request bodies
# over 8 KB (the most likely rule to need counting for an upload endpoint).
#
# Logging: "The name that you give the destination must start with aws-waf-logs-" (API reference,
# LoggingConfiguration), and "For an Amazon CloudWatch Logs log group, AWS WAF creates a resource
# policy on the log group" when logging is enabled. Only blocked and counted requests are logged (the
# ALB access logs already hold every request), with the authorization and cookie headers redacted.
locals {
  waf_name = "${local.name_prefix}-alb"

  # Priority order as listed above; the geo rule only when countries are given.
  waf_managed_rule_groups = {
    AWSManagedRulesAmazonIpReputationList = { priority = 10, metric = "ip-reputation" }
    AWSManagedRulesCommonRuleSet          = { priority = 30, metric = "common" }
    AWSManagedRulesKnownBadInputsRuleSet  = { priority = 40, metric = "known-bad-inputs" }
    AWSManagedRulesSQLiRuleSet            = { priority = 50, metric = "sqli" }
  }
  waf_geo_restricted = length(var.waf.allowed_country_codes) > 0
}

resource "aws_wafv2_web_acl" "alb" {
  name        = local.waf_name
  description = "Public ALB: country allow-list, IP reputation, rate limit per IP, AWS managed baseline"
  scope       = "REGIONAL"

  default_action {
    allow {}
  }

  dynamic "rule" {
    for_each = local.waf_geo_restricted ? ["geo"] : []

    content {
      name     = "allowed-countries-only"
      priority = 0

      action {
        block {}
      }

      statement {
        not_statement {
          statement {
            geo_match_statement {
              country_codes = var.waf.allowed_country_codes
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${local.waf_name}-geo"
        sampled_requests_enabled   = true
      }
    }
  }

  rule {
    name     = "rate-limit-per-ip"
    priority = 20

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit                 = var.waf.rate_limit_per_ip
        evaluation_window_sec = var.waf.rate_limit_window_seconds
        aggregate_key_type    = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.waf_name}-rate-limit"
      sampled_requests_enabled   = true
    }
  }

  dynamic "rule" {
    for_each = local.waf_managed_rule_groups

    content {
      name     = rule.key
      priority = rule.value.priority

      override_action {
        none {}
      }

      statement {
        managed_rule_group_statement {
          vendor_name = "AWS"
          name        = rule.key

          dynamic "rule_action_override" {
            for_each = toset(lookup(var.waf.count_rules, rule.key, []))

            content {
              name = rule_action_override.value

              action_to_use {
                count {}
              }
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${local.waf_name}-${rule.value.metric}"
        sampled_requests_enabled   = true
      }
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = local.waf_name
    sampled_requests_enabled   = true
  }

  tags = {
    Name        = local.waf_name
    Environment = "shared"
  }
}

resource "aws_wafv2_web_acl_association" "alb" {
  resource_arn = module.alb.arn
  web_acl_arn  = aws_wafv2_web_acl.alb.arn
}

resource "aws_cloudwatch_log_group" "waf" {
  name              = "aws-waf-logs-${local.waf_name}"
  retention_in_days = var.waf.log_retention_days
  kms_key_id        = aws_kms_key.this["logs"].arn

  tags = {
    Name        = "aws-waf-logs-${local.waf_name}"
    Environment = "shared"
  }
}

resource "aws_wafv2_web_acl_logging_configuration" "alb" {
  resource_arn            = aws_wafv2_web_acl.alb.arn
  log_destination_configs = [aws_cloudwatch_log_group.waf.arn]

  redacted_fields {
    single_header {
      name = "authorization"
    }
  }

  redacted_fields {
    single_header {
      name = "cookie"
    }
  }

  logging_filter {
    default_behavior = "DROP"

    filter {
      behavior    = "KEEP"
      requirement = "MEETS_ANY"

      condition {
        action_condition {
          action = "BLOCK"
        }
      }

      condition {
        action_condition {
          action = "COUNT"
        }
      }
    }
  }
}
