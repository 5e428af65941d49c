# Composition only: the shared parts (VPC, ALB, NLB, LiveKit and its Redis) once, and per environment
# (for_each over var.environments) its hosts, database and Redis. Splitting into layered states later
# is a move of these blocks. The security-group matrix lives in security-groups.tf.

module "vpc" {
  source = "./modules/vpc"

  name_prefix                = local.name_prefix
  cidr_block                 = var.vpc_cidr
  availability_zones         = var.availability_zones
  compute_availability_zones = var.compute_availability_zones
  environments               = { for env in keys(var.environments) : env => local.environment_index[env] }
  single_nat_gateway         = var.single_nat_gateway
  flow_logs_retention_days   = var.flow_logs_retention_days
  logs_kms_key_arn           = aws_kms_key.this["logs"].arn
  ephemeral                  = var.ephemeral
}

module "iam" {
  source = "./modules/iam"

  name_prefix = local.name_prefix
  hosts = {
    for key, host in local.hosts : key => {
      environment = host.environment
      role        = host.role
      # No host reads the RDS master secret (break-glass only): applications log in as their own
      # database roles with IAM authentication tokens (rds-db:connect on exactly their users).
      secret_arns = (
        host.role == "livekit" ? [module.livekit_redis.auth_token_secret_arn] :
        host.role == "web" ? [] :
        [module.redis[host.environment].auth_token_secret_arn]
      )
      db_connect_arns = (
        contains(keys(local.database_users), host.role)
        ? [for user in values(local.database_users[host.role]) : module.rds[host.environment].iam_db_user_arns[user]]
        : []
      )
    }
  }
  env_bucket_force_destroy = var.ephemeral
  github_actions           = var.github_actions
  # The plan role refreshes these secrets' versions (the Redis AUTH tokens, in the state anyway).
  github_actions_readable_secret_arns = concat(
    [for env in keys(var.environments) : module.redis[env].auth_token_secret_arn],
    [module.livekit_redis.auth_token_secret_arn],
  )
  region           = var.region
  metric_namespace = local.cloudwatch_namespace
  host_log_groups  = local.host_log_groups
  kms_key_arns = {
    env_files = aws_kms_key.this["env-files"].arn
    secrets   = aws_kms_key.this["secrets"].arn
  }
}

module "app_hosts" {
  source   = "./modules/ec2"
  for_each = var.environments

  name_prefix     = local.name_prefix
  ami_parameters  = local.ami_parameters
  ebs_kms_key_arn = aws_kms_key.this["ebs"].arn
  alarms          = local.host_alarms

  user_data_common_template = local.user_data_common_template

  instances = {
    for role, settings in local.app_host_settings[each.key] : role => {
      role                   = role
      environment            = each.key
      instance_type          = settings.instance_type
      ami                    = settings.ami
      gpu                    = settings.gpu
      root_volume_size       = settings.root_volume_size
      subnet_id              = module.vpc.subnet_ids_by_az["private-${each.key}"][local.compute_az]
      security_group_id      = aws_security_group.this["${each.key}-${role}"].id
      instance_profile_name  = module.iam.instance_profile_names["${each.key}-${role}"]
      termination_protection = each.value.termination_protection
      user_data_template     = local.user_data_templates[role]
      user_data_vars = merge(local.user_data_common, {
        environment           = each.key
        role                  = role
        env_object_key        = "${each.key}/${role}.env"
        tcp_ports             = local.sg_open_ports["${each.key}-${role}"].tcp
        udp_ports             = local.sg_open_ports["${each.key}-${role}"].udp
        livekit_node_ip       = ""
        livekit_redis_address = ""
        livekit_webhook_urls  = []
      })
    }
  }
}

module "livekit_host" {
  source = "./modules/ec2"

  name_prefix     = local.name_prefix
  ami_parameters  = local.ami_parameters
  ebs_kms_key_arn = aws_kms_key.this["ebs"].arn
  alarms          = local.host_alarms

  user_data_common_template = local.user_data_common_template

  instances = {
    livekit = {
      role                   = "livekit"
      environment            = "shared"
      instance_type          = var.livekit.instance_type
      ami                    = "al2023"
      gpu                    = false
      root_volume_size       = var.livekit.root_volume_size
      subnet_id              = module.vpc.subnet_ids_by_az["private-shared"][local.compute_az]
      security_group_id      = aws_security_group.this["livekit"].id
      instance_profile_name  = module.iam.instance_profile_names["livekit"]
      termination_protection = !var.ephemeral
      user_data_template     = local.user_data_templates["livekit"]
      user_data_vars = merge(local.user_data_common, {
        environment    = "shared"
        role           = "livekit"
        env_object_key = "shared/livekit.env"
        tcp_ports      = local.sg_open_ports["livekit"].tcp
        udp_ports      = local.sg_open_ports["livekit"].udp
        # Clients must be told the NLB's address, not the private IP or the NAT gateway's (livekit#4095).
        livekit_node_ip       = module.nlb.eip_public_ips[0]
        livekit_redis_address = "${module.livekit_redis.primary_endpoint_address}:${local.ports.redis}"
        # Every environment's API by its private DNS name (terraform/dns.tf): one source, terraform.
        livekit_webhook_urls = local.livekit_webhook_urls
      })
    }
  }
}

module "alb" {
  source = "./modules/alb"

  name_prefix         = local.name_prefix
  vpc_id              = module.vpc.vpc_id
  subnet_ids          = module.vpc.subnet_ids["public"]
  security_group_id   = aws_security_group.this["alb"].id
  certificate_arn     = local.certificate_arn
  ssl_policy          = var.alb_ssl_policy
  deletion_protection = var.alb_deletion_protection && !var.ephemeral
  routes              = local.alb_routes
  access_logs = {
    retention_days = var.alb_access_log_retention_days
    force_destroy  = var.ephemeral
  }
  alarms = merge(var.alarm_thresholds.alb, { topic_arn = aws_sns_topic.alarms.arn })
}

module "nlb" {
  source = "./modules/nlb"

  name_prefix         = local.name_prefix
  vpc_id              = module.vpc.vpc_id
  subnet_ids          = [for az in var.compute_availability_zones : module.vpc.subnet_ids_by_az["public"][az]]
  security_group_id   = aws_security_group.this["nlb"].id
  certificate_arn     = local.certificate_arn
  deletion_protection = var.alb_deletion_protection && !var.ephemeral
  protect_addresses   = !var.ephemeral
  listeners           = local.nlb_listeners
  target_instance_id  = module.livekit_host.instance_ids["livekit"]
  # UDP cannot be health-checked; every listener's target group checks LiveKit's ICE/TCP port.
  health_check_port = local.ports.livekit_ice_tcp
  alarm_topic_arn   = aws_sns_topic.alarms.arn
}

module "rds" {
  source   = "./modules/rds"
  for_each = var.environments

  identifier            = "${local.name_prefix}-${each.key}"
  environment           = each.key
  subnet_ids            = module.vpc.subnet_ids["data-${each.key}"]
  security_group_id     = aws_security_group.this["${each.key}-rds"].id
  engine_version        = each.value.rds.engine_version
  instance_class        = each.value.rds.instance_class
  allocated_storage     = each.value.rds.allocated_storage
  max_allocated_storage = each.value.rds.max_allocated_storage
  multi_az              = each.value.rds.multi_az
  backup_retention_days = each.value.rds.backup_retention_days
  deletion_protection   = each.value.rds.deletion_protection && !var.ephemeral
  skip_final_snapshot   = each.value.rds.skip_final_snapshot || var.ephemeral
  performance_insights  = each.value.rds.performance_insights
  monitoring_interval   = each.value.rds.monitoring_interval
  iam_database_users    = local.all_database_users
  alarms                = merge(var.alarm_thresholds.rds, { topic_arn = aws_sns_topic.alarms.arn })
  kms_key_arn           = aws_kms_key.this["rds"].arn
  secrets_kms_key_arn   = aws_kms_key.this["secrets"].arn
}

module "redis" {
  source   = "./modules/elasticache"
  for_each = var.environments

  replication_group_id        = "${local.name_prefix}-${each.key}-redis"
  role                        = "redis"
  environment                 = each.key
  subnet_ids                  = module.vpc.subnet_ids["data-${each.key}"]
  security_group_id           = aws_security_group.this["${each.key}-redis"].id
  node_type                   = each.value.redis.node_type
  num_cache_clusters          = each.value.redis.num_cache_clusters
  engine_version              = each.value.redis.engine_version
  snapshot_retention_days     = each.value.redis.snapshot_retention_days
  multi_az                    = each.value.redis.num_cache_clusters >= 2
  secret_name_prefix          = "${local.name_prefix}/${each.key}/redis-auth-token-"
  secret_recovery_window_days = var.ephemeral ? 0 : 7
  kms_key_arn                 = aws_kms_key.this["elasticache"].arn
  secrets_kms_key_arn         = aws_kms_key.this["secrets"].arn
  alarms                      = merge(var.alarm_thresholds.redis, { topic_arn = aws_sns_topic.alarms.arn })
  notification_topic_arn      = aws_sns_topic.cache_events.arn
  logs_kms_key_arn            = aws_kms_key.this["logs"].arn
  apply_immediately           = var.redis_apply_immediately
}

module "livekit_redis" {
  source = "./modules/elasticache"

  replication_group_id        = "${local.name_prefix}-livekit-redis"
  role                        = "livekit-redis"
  environment                 = "shared"
  subnet_ids                  = module.vpc.subnet_ids["private-shared"]
  security_group_id           = aws_security_group.this["livekit-redis"].id
  node_type                   = var.livekit.redis.node_type
  num_cache_clusters          = var.livekit.redis.num_cache_clusters
  engine_version              = var.livekit.redis.engine_version
  snapshot_retention_days     = var.livekit.redis.snapshot_retention_days
  multi_az                    = var.livekit.redis.num_cache_clusters >= 2 && length(var.compute_availability_zones) >= 2
  secret_name_prefix          = "${local.name_prefix}/shared/livekit-redis-auth-token-"
  secret_recovery_window_days = var.ephemeral ? 0 : 7
  kms_key_arn                 = aws_kms_key.this["elasticache"].arn
  secrets_kms_key_arn         = aws_kms_key.this["secrets"].arn
  alarms                      = merge(var.alarm_thresholds.redis, { topic_arn = aws_sns_topic.alarms.arn })
  notification_topic_arn      = aws_sns_topic.cache_events.arn
  logs_kms_key_arn            = aws_kms_key.this["logs"].arn
  apply_immediately           = var.redis_apply_immediately
}
