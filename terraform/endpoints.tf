# VPC endpoints (review M13): the AWS APIs the hosts use stay reachable when the NAT gateway is not,
# so operators keep Session Manager access, the CloudWatch agent and the container log driver keep
# publishing and hosts keep reading their env files and secrets during a NAT outage. What still
# needs the NAT gateway (and the internet): container image pulls (ghcr.io), the docker compose
# plugin and the RDS CA bundle downloaded at boot, NVIDIA's repositories on the GPU AMI, the
# ai-agent's media to the NLB's Elastic IP and kma-mcp's weather API (docs/stack.md, "VPC endpoints").
#
# Interface endpoints: one network interface per compute AZ in private-shared, private DNS on.
# "If you select the Enable DNS Name option, the standard AWS KMS DNS hostname resolves to your VPC
# endpoint ... The AWS SDKs and AWS CLI use the standard ... DNS hostname by default, so you do not
# need to specify the VPC endpoint URL in applications and commands" (KMS Developer Guide, "Create a
# VPC endpoint for AWS KMS"; PrivateLink private DNS, the same for the services here); the VPC has enableDnsSupport
# and enableDnsHostnames (modules/vpc), which private DNS needs. The private hosted zone AWS creates
# is VPC-wide, so hosts in private-staging and private-prod resolve to the same interfaces. Billing:
# "You will be billed for each hour that your VPC endpoint remains provisioned in each Availability
# Zone" plus data processed per GB (aws.amazon.com/privatelink/pricing), so the list is a variable.
#
# Services (var.vpc_endpoints.interface_services, default):
#   ssm, ssmmessages, ec2messages - SSM Agent and Session Manager: the Systems Manager API, the
#     "Session Manager Message Gateway Service" and the "Message Delivery Service" (AWS Cloud
#     Operations blog, "Automated configuration of Session Manager without an internet gateway").
#     SSM Agent 3.3.40.0 and later use ssmmessages where ec2messages would be used (Systems Manager
#     User Guide on com.amazonaws.region.ec2messages, quoted by dev.classmethod.jp, 2024-09-06); the
#     endpoint stays for any agent older than that;
#   logs, monitoring - CloudWatch Logs (Session Manager session logs, the awslogs container logs)
#     and the CloudWatch agent's metrics;
#   secretsmanager - the Redis AUTH secrets the api, ai-agent and LiveKit roles read;
#   ec2 - the CloudWatch agent's ec2:DescribeTags / DescribeVolumes (modules/iam, AgentDescribesItsHost).
# No kms endpoint: no host calls KMS itself. Session data is not KMS-encrypted by Session Manager
# (no kmsKeyId in the preferences, terraform/audit.tf; the log group is encrypted by CloudWatch
# Logs), and S3 and Secrets Manager decrypt for the hosts (the host roles may use the keys only
# through those services: kms:ViaService, terraform/kms.tf). No sts: instance credentials come from
# IMDS, and IAM database tokens are signed on the host without an API call (user-data/common.sh).
#
# Security group: the role "vpc-endpoints" of the matrix in security-groups.tf admits 443/tcp from
# the host groups only (api, web, ai-agent of each environment, LiveKit); an endpoint never opens a
# connection, so the group has no egress rule.
#
# S3 gateway endpoint on every private route table (no hourly charge; the data tiers never call
# S3). Once it exists, every request from those subnets to S3 in this region takes it, NAT or no
# NAT, so its policy must let through everything the hosts read from S3 - and nothing they could
# write:
#   - the env-file bucket of this stack (GetObject, GetObjectVersion, ListBucket: user-data
#     fetch_env); each host role still reads only its own object (modules/iam);
#   - objects of buckets owned by other accounts, read-only: AWS's own buckets the hosts download
#     from. dnf on Amazon Linux 2023 reads its repositories from the bucket
#     al2023-repos-<region>-de612dc2, and a restrictive S3 gateway endpoint policy must allow
#     arn:aws:s3:::al2023-repos-{region}-de612dc2/* (AWS Application Migration Service notes on its
#     AL2023 replication servers; the same 403 reported by others behind such a policy). SSM Agent:
#     "SSM Agent accesses certain Amazon S3 buckets that are owned and maintained by AWS ... if you're
#     using a virtual private cloud (VPC) endpoint in your Systems Manager operations, you must
#     provide explicit permission" (Systems Manager User Guide, "Reference: Amazon S3 buckets for
#     patching operations"). Naming each of those buckets would break a host the day AWS adds one,
#     so the statement names their owner instead: s3:ResourceAccount lets "VPCE policies ... restrict
#     user or application access to S3 buckets that are owned by specified AWS Accounts" (AWS What's
#     New, 2020-12-21), here any owner but this account.
# Nothing can be written through the endpoint, and no other bucket of this account (CloudTrail, ALB
# logs) can be read through it. This is not a data-loss boundary - the hosts' 443 egress through
# NAT reaches S3 of other regions and the internet - it keeps the endpoint from widening access.
# A host that must write to S3 later needs its statement here.
locals {
  vpc_interface_endpoints = toset(var.vpc_endpoints.interface_services)
}

resource "aws_vpc_endpoint" "interface" {
  for_each = local.vpc_interface_endpoints

  vpc_id              = module.vpc.vpc_id
  service_name        = "com.amazonaws.${var.region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = module.vpc.subnet_ids["private-shared"]
  security_group_ids  = [aws_security_group.this["vpc-endpoints"].id]
  private_dns_enabled = true

  tags = {
    Name        = "${local.name_prefix}-${each.key}"
    Role        = "vpc-endpoints"
    Environment = "shared"
  }
}

data "aws_iam_policy_document" "s3_endpoint" {
  statement {
    sid       = "EnvFilesOfThisStack"
    actions   = ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"]
    resources = [module.iam.env_bucket_arn, "${module.iam.env_bucket_arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }

  statement {
    sid       = "ReadBucketsOfOtherAccounts"
    actions   = ["s3:GetObject"]
    resources = ["*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotEquals"
      variable = "s3:ResourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_vpc_endpoint" "s3" {
  count = var.vpc_endpoints.s3_gateway ? 1 : 0

  vpc_id            = module.vpc.vpc_id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = values(module.vpc.private_route_table_ids)
  policy            = data.aws_iam_policy_document.s3_endpoint.json

  tags = {
    Name        = "${local.name_prefix}-s3"
    Role        = "vpc-endpoints"
    Environment = "shared"
  }
}
