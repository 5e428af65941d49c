# --- Cost budget (review m24) ----------------------------------------------------------------------
# One monthly cost budget for the account (the live account holds staging, prod and the shared
# parts; an ephemeral copy runs in the sandbox account and gets none). E-mail only: AWS Budgets
# "A notification can have one SNS subscriber and up to 10 email subscribers" (Budgets API,
# Notification); the alarm topics are KMS-encrypted and would need a key grant for budgets, so the
# budget mails the addresses directly. Arguments: the provider's aws_budgets_budget (budget_type,
# limit_amount, limit_unit, time_unit; notification { comparison_operator, threshold,
# threshold_type, notification_type = ACTUAL | FORECASTED, subscriber_email_addresses }).
# What runs all the time and costs the most: docs/stack.md, "Cost".
locals {
  create_budget = var.budget != null && !var.ephemeral
}

resource "aws_budgets_budget" "monthly" {
  count = local.create_budget ? 1 : 0

  name         = "${local.name_prefix}-monthly-cost"
  budget_type  = "COST"
  limit_amount = format("%.2f", var.budget.monthly_limit_usd)
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  tags = {
    Name        = "${local.name_prefix}-monthly-cost"
    Environment = "shared"
  }

  # Spend so far this month crossed a share of the limit.
  dynamic "notification" {
    for_each = toset(var.budget.actual_percent)

    content {
      comparison_operator        = "GREATER_THAN"
      threshold                  = notification.value
      threshold_type             = "PERCENTAGE"
      notification_type          = "ACTUAL"
      subscriber_email_addresses = var.budget.emails
    }
  }

  # AWS forecasts the month's spend will cross a share of the limit: the early warning.
  dynamic "notification" {
    for_each = toset(var.budget.forecasted_percent)

    content {
      comparison_operator        = "GREATER_THAN"
      threshold                  = notification.value
      threshold_type             = "PERCENTAGE"
      notification_type          = "FORECASTED"
      subscriber_email_addresses = var.budget.emails
    }
  }
}
