data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  account_id = data.aws_caller_identity.current.account_id

  create_ci_role       = var.github_actions != null
  create_oidc_provider = local.create_ci_role && try(var.github_actions.create_oidc_provider, false)
  github_oidc_host     = "token.actions.githubusercontent.com"
  oidc_provider_arn = (
    local.create_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn :
    "arn:${local.partition}:iam::${local.account_id}:oidc-provider/${local.github_oidc_host}"
  )

  hosts_with_secrets     = { for key, h in var.hosts : key => h if length(h.secret_arns) > 0 }
  hosts_with_db_accounts = { for key, h in var.hosts : key => h if length(h.db_connect_arns) > 0 }
}

# --- The env-file bucket: s3://<bucket>/<environment>/<role>.env (and env.zip backups) ---------------

resource "aws_s3_bucket" "env_files" {
  bucket        = "${var.name_prefix}-env-files-${local.account_id}"
  force_destroy = var.env_bucket_force_destroy

  tags = {
    Name        = "${var.name_prefix}-env-files"
    Environment = "shared"
  }
}

resource "aws_s3_bucket_public_access_block" "env_files" {
  bucket = aws_s3_bucket.env_files.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "env_files" {
  bucket = aws_s3_bucket.env_files.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "env_files" {
  bucket = aws_s3_bucket.env_files.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "env_files" {
  bucket = aws_s3_bucket.env_files.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arns.env_files
    }
    bucket_key_enabled = true
  }
}

# Old versions of env files hold old secrets: keep them long enough to roll back, not forever.
resource "aws_s3_bucket_lifecycle_configuration" "env_files" {
  bucket = aws_s3_bucket.env_files.id

  rule {
    id     = "expire-old-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = 90
    }
  }

  depends_on = [aws_s3_bucket_versioning.env_files]
}

data "aws_iam_policy_document" "env_files_bucket" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.env_files.arn,
      "${aws_s3_bucket.env_files.arn}/*",
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

  statement {
    sid       = "DenyUnencryptedPuts"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.env_files.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotEquals"
      variable = "s3:x-amz-server-side-encryption"
      values   = ["aws:kms"]
    }
  }

  # A put that names no KMS key, or another one, is refused too: the policy of the bucket's own key
  # (terraform/kms.tf) is what decides who may decrypt an env file. Uploads name the key by its ARN
  # (S3: "If you use a KMS key alias instead, then KMS resolves the key within the requester's
  # account").
  statement {
    sid       = "DenyOtherKmsKeys"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.env_files.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotEqualsIfExists"
      variable = "s3:x-amz-server-side-encryption-aws-kms-key-id"
      values   = [var.kms_key_arns.env_files]
    }
  }
}

resource "aws_s3_bucket_policy" "env_files" {
  bucket = aws_s3_bucket.env_files.id
  policy = data.aws_iam_policy_document.env_files_bucket.json

  depends_on = [aws_s3_bucket_public_access_block.env_files]
}

# --- One role and instance profile per host kind --------------------------------------------

data "aws_iam_policy_document" "ec2_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "host" {
  for_each = var.hosts

  name               = "${var.name_prefix}-${each.value.environment}-${each.value.role}"
  description        = "EC2 role of the ${each.value.role} host (${each.value.environment})"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json

  tags = {
    Name        = "${var.name_prefix}-${each.value.environment}-${each.value.role}"
    Role        = each.value.role
    Environment = each.value.environment
  }
}

resource "aws_iam_instance_profile" "host" {
  for_each = var.hosts

  name = "${var.name_prefix}-${each.value.environment}-${each.value.role}"
  role = aws_iam_role.host[each.key].name

  tags = {
    Name        = "${var.name_prefix}-${each.value.environment}-${each.value.role}"
    Role        = each.value.role
    Environment = each.value.environment
  }
}

# Session Manager (the only way in: no SSH) and Run Command (deploys, probes).
resource "aws_iam_role_policy_attachment" "ssm_core" {
  for_each = var.hosts

  role       = aws_iam_role.host[each.key].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

# The CloudWatch agent (memory, disk and, on the GPU host, nvidia_smi_* metrics), the docker
# awslogs driver (container logs) and the SSM agent's session logs: what AWS's
# CloudWatchAgentServerPolicy grants, scoped to the stack's metric namespace and to the host's own
# log groups instead of "*" (the managed policy may create and write any log group).
data "aws_iam_policy_document" "host_telemetry" {
  for_each = var.hosts

  statement {
    sid       = "PutOwnNamespaceMetrics"
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "cloudwatch:namespace"
      values   = [var.metric_namespace]
    }
  }

  statement {
    sid       = "AgentDescribesItsHost"
    actions   = ["ec2:DescribeVolumes", "ec2:DescribeTags"]
    resources = ["*"]
  }

  statement {
    sid       = "WriteOwnLogGroups"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = flatten([for name in lookup(var.host_log_groups, each.key, []) : ["arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:${name}", "arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:${name}:*"]])
  }

  # The SSM agent checks the session log group exists before it streams a session into it.
  statement {
    sid       = "FindLogGroups"
    actions   = ["logs:DescribeLogGroups"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "host_telemetry" {
  for_each = var.hosts

  name   = "metrics-and-logs"
  role   = aws_iam_role.host[each.key].id
  policy = data.aws_iam_policy_document.host_telemetry[each.key].json
}

# Decrypting with the customer-managed keys: the env files (through S3) for every host, secrets
# (through Secrets Manager) for hosts that read secrets. The key policies (terraform/kms.tf) allow use
# only through those services; this is the IAM half of "who may decrypt".
data "aws_iam_policy_document" "kms_use" {
  for_each = var.hosts

  statement {
    sid       = "DecryptEnvFilesThroughS3"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arns.env_files]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${var.region}.amazonaws.com"]
    }
  }

  dynamic "statement" {
    for_each = length(each.value.secret_arns) > 0 ? ["secrets"] : []

    content {
      sid       = "DecryptSecretsThroughSecretsManager"
      actions   = ["kms:Decrypt"]
      resources = [var.kms_key_arns.secrets]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${var.region}.amazonaws.com"]
      }
    }
  }
}

resource "aws_iam_role_policy" "kms_use" {
  for_each = var.hosts

  name   = "decrypt-own-data"
  role   = aws_iam_role.host[each.key].id
  policy = data.aws_iam_policy_document.kms_use[each.key].json
}

# Each host reads only its own env object, <environment>/<role>.env: the web host never sees the
# database host, Redis token or LiveKit secret of the api and ai-agent, and no host reads env.zip
# (the operators' backup of the whole folder).
data "aws_iam_policy_document" "env_file_read" {
  for_each = var.hosts

  statement {
    sid       = "ReadOwnEnvFile"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${aws_s3_bucket.env_files.arn}/${each.value.environment}/${each.value.role}.env"]
  }

  # Without ListBucket a missing object answers 403 instead of 404; allow listing that one key only.
  statement {
    sid       = "ListOwnEnvFile"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.env_files.arn]

    condition {
      test     = "StringEquals"
      variable = "s3:prefix"
      values   = ["${each.value.environment}/${each.value.role}.env"]
    }
  }
}

resource "aws_iam_role_policy" "env_file_read" {
  for_each = var.hosts

  name   = "read-${each.value.environment}-${each.value.role}-env-file"
  role   = aws_iam_role.host[each.key].id
  policy = data.aws_iam_policy_document.env_file_read[each.key].json
}

data "aws_iam_policy_document" "secrets_read" {
  for_each = local.hosts_with_secrets

  statement {
    sid       = "ReadOwnEnvironmentSecrets"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = each.value.secret_arns
  }
}

resource "aws_iam_role_policy" "secrets_read" {
  for_each = local.hosts_with_secrets

  name   = "read-${each.value.environment}-secrets"
  role   = aws_iam_role.host[each.key].id
  policy = data.aws_iam_policy_document.secrets_read[each.key].json
}

# IAM database authentication: the host signs a 15-minute connect token for exactly its
# applications' database users (rds-db:connect on arn:...:dbuser:<DbiResourceId>/<user>).
data "aws_iam_policy_document" "database_connect" {
  for_each = local.hosts_with_db_accounts

  statement {
    sid       = "ConnectAsOwnDatabaseUsers"
    actions   = ["rds-db:connect"]
    resources = each.value.db_connect_arns
  }
}

resource "aws_iam_role_policy" "database_connect" {
  for_each = local.hosts_with_db_accounts

  name   = "connect-${each.value.environment}-database"
  role   = aws_iam_role.host[each.key].id
  policy = data.aws_iam_policy_document.database_connect[each.key].json
}

# --- GitHub Actions: a read-only role for `terraform plan` in CI (main branch only) ---------
# It runs plan with -lock=false (it writes nothing, not even the lock file): the apply job applies
# the saved plan, and terraform refuses a saved plan whose state has changed since. ----------------------------

resource "aws_iam_openid_connect_provider" "github" {
  count = local.create_oidc_provider ? 1 : 0

  url            = "https://${local.github_oidc_host}"
  client_id_list = ["sts.amazonaws.com"]

  tags = {
    Name        = "${var.name_prefix}-github-actions"
    Environment = "shared"
  }
}

data "aws_iam_policy_document" "github_assume" {
  count = local.create_ci_role ? 1 : 0

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.github_oidc_host}:aud"
      values   = ["sts.amazonaws.com"]
    }

    # The main branch of this one repository only. Not pull_request: a PR's author controls the
    # workflow file it runs, so any branch pusher could take the role. A job that names a GitHub
    # environment gets the subject repo:<repo>:environment:<name> instead (GitHub OIDC reference),
    # so the plan jobs name none.
    condition {
      test     = "StringEquals"
      variable = "${local.github_oidc_host}:sub"
      values   = ["repo:${var.github_actions.repository}:ref:refs/heads/main"]
    }
  }
}

resource "aws_iam_role" "github_plan" {
  count = local.create_ci_role ? 1 : 0

  name                 = "${var.name_prefix}-github-plan"
  description          = "Read-only role GitHub Actions assumes to run terraform plan"
  assume_role_policy   = data.aws_iam_policy_document.github_assume[0].json
  max_session_duration = 3600

  tags = {
    Name        = "${var.name_prefix}-github-plan"
    Environment = "shared"
  }
}

# What `terraform plan` reads, and nothing else: the state object, and the Describe/Get/List calls
# of the services this stack manages (refresh). Not ReadOnlyAccess, which also reads every bucket,
# log group and SSM parameter of the account.
data "aws_iam_policy_document" "github_plan" {
  count = local.create_ci_role ? 1 : 0

  statement {
    sid       = "ReadState"
    actions   = ["s3:GetObject"]
    resources = ["arn:${local.partition}:s3:::${var.github_actions.state_bucket}/${var.github_actions.state_key}"]
  }

  # The state object is SSE-KMS under the state bucket's key (terraform/bootstrap): reading it
  # needs kms:Decrypt on that key, and only through S3.
  dynamic "statement" {
    for_each = var.github_actions.state_kms_key_arn == null ? [] : [var.github_actions.state_kms_key_arn]

    content {
      sid       = "DecryptState"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["s3.${var.region}.amazonaws.com"]
      }
    }
  }

  statement {
    sid       = "ListStateBucket"
    actions   = ["s3:ListBucket"]
    resources = ["arn:${local.partition}:s3:::${var.github_actions.state_bucket}"]
  }

  # Refresh of the resources this stack declares (read-only calls of their services).
  statement {
    sid = "RefreshStackResources"
    actions = [
      "acm:DescribeCertificate", "acm:GetCertificate", "acm:ListTagsForCertificate",
      "cloudtrail:DescribeTrails", "cloudtrail:GetEventSelectors", "cloudtrail:GetInsightSelectors", "cloudtrail:GetTrailStatus", "cloudtrail:ListTags",
      "cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource",
      "ec2:Describe*", "ec2:GetManagedPrefixListEntries",
      "elasticache:Describe*", "elasticache:ListTagsForResource",
      "elasticloadbalancing:Describe*",
      "guardduty:GetDetector", "guardduty:ListTagsForResource",
      "iam:GetInstanceProfile", "iam:GetOpenIDConnectProvider", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:GetRole", "iam:GetRolePolicy",
      "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole", "iam:ListRolePolicies", "iam:ListRoleTags",
      "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListAliases", "kms:ListResourceTags",
      "logs:DescribeLogGroups", "logs:ListTagsForResource", "logs:ListTagsLogGroup",
      "rds:Describe*", "rds:ListTagsForResource",
      "route53:GetHostedZone", "route53:ListResourceRecordSets", "route53:ListTagsForResource",
      "s3:GetAccelerateConfiguration", "s3:GetBucket*", "s3:GetEncryptionConfiguration", "s3:GetLifecycleConfiguration",
      "s3:GetReplicationConfiguration", "s3:ListBucket",
      "secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy",
      "sns:GetSubscriptionAttributes", "sns:GetTopicAttributes", "sns:ListTagsForResource",
      "ssm:DescribeDocument", "ssm:DescribeDocumentPermission", "ssm:GetDocument", "ssm:ListTagsForResource",
    ]
    resources = ["*"]
  }

  # The AMI ids come from public SSM parameters (data aws_ssm_parameter).
  statement {
    sid       = "ReadAmiParameters"
    actions   = ["ssm:GetParameter", "ssm:GetParameters"]
    resources = ["arn:${local.partition}:ssm:*::parameter/aws/service/*"]
  }

  # Refreshing aws_secretsmanager_secret_version reads the value (GetSecretValue), and a plan fails
  # with AccessDenied without it (hashicorp/terraform-provider-aws#42383). Exactly the secrets the
  # state holds versions of: the Redis AUTH tokens, which are in the state anyway.
  statement {
    sid       = "RefreshManagedSecretVersions"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = var.github_actions_readable_secret_arns
  }

  # Those secrets are encrypted with the customer-managed secrets key (terraform/kms.tf). GetSecretValue:
  # "If the secret is encrypted using a customer-managed key instead of the Amazon Web Services
  # managed key aws/secretsmanager, then you also need kms:Decrypt permissions for that key."
  # Only through Secrets Manager.
  statement {
    sid       = "DecryptRefreshedSecrets"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arns.secrets]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${var.region}.amazonaws.com"]
    }
  }

  # Belt and braces: the env files (every production secret) and the RDS-managed master passwords
  # (secrets named rds!...) stay out of CI even if an allow above is widened by mistake.
  statement {
    sid       = "DenyEnvFiles"
    effect    = "Deny"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${aws_s3_bucket.env_files.arn}/*"]
  }

  statement {
    sid       = "DenyDatabaseMasterPasswords"
    effect    = "Deny"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["arn:${local.partition}:secretsmanager:*:${local.account_id}:secret:rds!*"]
  }
}

resource "aws_iam_role_policy" "github_plan" {
  count = local.create_ci_role ? 1 : 0

  name   = "terraform-plan"
  role   = aws_iam_role.github_plan[0].id
  policy = data.aws_iam_policy_document.github_plan[0].json
}
