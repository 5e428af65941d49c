data "aws_ssm_parameter" "ami" {
  for_each = toset([for i in values(var.instances) : i.ami])

  name = var.ami_parameters[each.key]
}

resource "aws_instance" "this" {
  for_each = var.instances

  # insecure_value: AMI ids are public, and a sensitive AMI would hide every instance diff.
  ami                         = data.aws_ssm_parameter.ami[each.value.ami].insecure_value
  instance_type               = each.value.instance_type
  subnet_id                   = each.value.subnet_id
  vpc_security_group_ids      = [each.value.security_group_id]
  iam_instance_profile        = each.value.instance_profile_name
  associate_public_ip_address = false
  monitoring                  = true
  ebs_optimized               = true
  disable_api_termination     = each.value.termination_protection

  # No secrets here: user data is stored in clear text (provider v6). Hosts fetch their env file
  # from S3 and secrets from Secrets Manager at boot. The role template includes the shared bootstrap,
  # rendered over the same variables, as `common`.
  user_data                   = templatefile(each.value.user_data_template, merge(each.value.user_data_vars, { common = templatefile(var.user_data_common_template, each.value.user_data_vars) }))
  user_data_replace_on_change = false

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
    # 1: the instance role is for the host's own agents (SSM, CloudWatch, the env-file fetch and the
    # database token refresher), never for a container: a container on a bridge network is one hop
    # further and cannot get an IMDSv2 token (EC2: "The default is one hop. However, if HTTP tokens are
    # required, container image builds need a minimum of two hops"). No container needs AWS credentials: secrets arrive as
    # env values, database tokens as a mounted file (docs/stack.md, "Hosts").
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "disabled"
  }

  root_block_device {
    volume_type           = "gp3"
    volume_size           = each.value.root_volume_size
    encrypted             = true
    kms_key_id            = var.ebs_kms_key_arn
    delete_on_termination = true

    tags = {
      Name        = "${var.name_prefix}-${each.value.environment}-${each.value.role}-root"
      Role        = each.value.role
      Environment = each.value.environment
    }
  }

  tags = {
    Name        = "${var.name_prefix}-${each.value.environment}-${each.value.role}"
    Role        = each.value.role
    Environment = each.value.environment
  }

  lifecycle {
    # A new AMI is published often, and changed user data would stop and start the host: hosts take
    # either deliberately (terraform apply -replace=...), never as a side effect of another change.
    ignore_changes = [ami, user_data]
  }
}
