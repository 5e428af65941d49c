locals {
  az_number = { for i, az in var.availability_zones : az => i }

  # Tier number n owns the /20 cidrsubnet(vpc, 4, n): public 0, private-shared 1, and per environment
  # private 2*index, data 2*index+1 (staging 2/3, prod 4/5). Data tiers span every AZ because a DB
  # subnet group needs two; private tiers span the compute AZs only.
  tiers = merge(
    {
      public           = { number = 0, kind = "public", environment = "shared", azs = var.availability_zones }
      "private-shared" = { number = 1, kind = "private", environment = "shared", azs = var.compute_availability_zones }
    },
    { for env, index in var.environments : "private-${env}" => { number = 2 * index, kind = "private", environment = env, azs = var.compute_availability_zones } },
    { for env, index in var.environments : "data-${env}" => { number = 2 * index + 1, kind = "data", environment = env, azs = var.availability_zones } },
  )

  subnets = {
    for subnet in flatten([
      for tier, t in local.tiers : [
        for az in t.azs : {
          key         = "${tier}-${az}"
          tier        = tier
          kind        = t.kind
          environment = t.environment
          az          = az
          cidr        = cidrsubnet(cidrsubnet(var.cidr_block, 4, t.number), 4, local.az_number[az])
        }
      ]
    ]) : subnet.key => subnet
  }

  private_subnets = { for key, s in local.subnets : key => s if s.kind == "private" }
  data_tiers      = { for tier, t in local.tiers : tier => t if t.kind == "data" }

  nat_azs = var.single_nat_gateway ? [var.compute_availability_zones[0]] : var.compute_availability_zones
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr_block
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name        = "${var.name_prefix}-vpc"
    Environment = "shared"
  }
}

# Takes every rule away from the default group, so nothing that forgets its own group is reachable.
resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id

  tags = {
    Name        = "${var.name_prefix}-default-do-not-use"
    Environment = "shared"
  }
}

resource "aws_subnet" "this" {
  for_each = local.subnets

  vpc_id                  = aws_vpc.this.id
  cidr_block              = each.value.cidr
  availability_zone       = each.value.az
  map_public_ip_on_launch = false

  tags = {
    Name        = "${var.name_prefix}-${each.key}"
    Tier        = each.value.tier
    Environment = each.value.environment
  }
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id

  tags = {
    Name        = "${var.name_prefix}-igw"
    Environment = "shared"
  }
}

resource "aws_eip" "nat" {
  for_each = toset(local.nat_azs)

  domain = "vpc"

  tags = {
    Name        = "${var.name_prefix}-nat-${each.key}"
    Environment = "shared"
  }

  depends_on = [aws_internet_gateway.this]
}

resource "aws_nat_gateway" "this" {
  for_each = toset(local.nat_azs)

  allocation_id = aws_eip.nat[each.key].id
  subnet_id     = aws_subnet.this["public-${each.key}"].id

  tags = {
    Name        = "${var.name_prefix}-nat-${each.key}"
    Environment = "shared"
  }

  depends_on = [aws_internet_gateway.this]
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id

  tags = {
    Name        = "${var.name_prefix}-public"
    Tier        = "public"
    Environment = "shared"
  }
}

resource "aws_route" "public_internet" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this.id
}

# One table per private subnet, so that with a NAT gateway per AZ each AZ leaves through its own.
resource "aws_route_table" "private" {
  for_each = local.private_subnets

  vpc_id = aws_vpc.this.id

  tags = {
    Name        = "${var.name_prefix}-${each.key}"
    Tier        = each.value.tier
    Environment = each.value.environment
  }
}

resource "aws_route" "private_nat" {
  for_each = local.private_subnets

  route_table_id         = aws_route_table.private[each.key].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[var.single_nat_gateway ? local.nat_azs[0] : each.value.az].id
}

# Data tiers get a table with only the implicit local route: no way to the internet, in or out.
resource "aws_route_table" "data" {
  for_each = local.data_tiers

  vpc_id = aws_vpc.this.id

  tags = {
    Name        = "${var.name_prefix}-${each.key}"
    Tier        = each.key
    Environment = each.value.environment
  }
}

resource "aws_route_table_association" "this" {
  for_each = local.subnets

  subnet_id = aws_subnet.this[each.key].id
  route_table_id = (
    each.value.kind == "public" ? aws_route_table.public.id :
    each.value.kind == "private" ? aws_route_table.private[each.key].id :
    aws_route_table.data[each.value.tier].id
  )
}

# Flow logs: the record of who talked to whom, which an incident on health data will need.
# A live destroy keeps the group and its logs (skip_destroy: "Set to true if you do not wish the log
# group (and any logs it may contain) to be deleted at destroy time, and instead just remove the log
# group from the Terraform state"), so the group is named by name_prefix ("Creates a unique name
# beginning with the specified prefix", aws_cloudwatch_log_group docs): the next apply creates a new
# group beside the kept one instead of failing with ResourceAlreadyExistsException (review M10a).
# The kept group still expires its events after retention_in_days; its KMS key (the logs key) is
# scheduled for deletion by the same destroy, see terraform/README.md "Destroy and rebuild".
resource "aws_cloudwatch_log_group" "flow_logs" {
  name_prefix       = "/${var.name_prefix}/vpc-flow-logs-"
  retention_in_days = var.flow_logs_retention_days
  kms_key_id        = var.logs_kms_key_arn
  skip_destroy      = !var.ephemeral

  tags = {
    Name        = "${var.name_prefix}-vpc-flow-logs"
    Environment = "shared"
  }
}

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "flow_logs_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }

    # Only on behalf of this account (confused-deputy guard).
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

data "aws_iam_policy_document" "flow_logs_write" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${aws_cloudwatch_log_group.flow_logs.arn}:*"]
  }
}

resource "aws_iam_role" "flow_logs" {
  name               = "${var.name_prefix}-vpc-flow-logs"
  assume_role_policy = data.aws_iam_policy_document.flow_logs_assume.json

  tags = {
    Name        = "${var.name_prefix}-vpc-flow-logs"
    Environment = "shared"
  }
}

resource "aws_iam_role_policy" "flow_logs" {
  name   = "write-flow-logs"
  role   = aws_iam_role.flow_logs.id
  policy = data.aws_iam_policy_document.flow_logs_write.json
}

resource "aws_flow_log" "this" {
  vpc_id                   = aws_vpc.this.id
  traffic_type             = "ALL"
  log_destination_type     = "cloud-watch-logs"
  log_destination          = aws_cloudwatch_log_group.flow_logs.arn
  iam_role_arn             = aws_iam_role.flow_logs.arn
  max_aggregation_interval = 60

  tags = {
    Name        = "${var.name_prefix}-vpc-flow-logs"
    Environment = "shared"
  }
}
