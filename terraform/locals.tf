locals {
  # "dolbom" live, "dolbom-<run_id>" for an ephemeral copy: every name starts with it.
  name_prefix = var.run_id == "" ? var.project : "${var.project}-${var.run_id}"

  default_tags = merge(
    { Project = var.project, ManagedBy = "terraform" },
    var.run_id == "" ? {} : { "stackcheck:run-id" = var.run_id },
  )

  # The stack contract's ports (docs/stack.md); the SG matrix, target groups and user-data read them here.
  ports = {
    http            = 80
    https           = 443
    api             = 8000
    web             = 3000
    livekit_http    = 7880
    livekit_ice_tcp = 7881
    livekit_ice_udp = 7882
    postgres        = 5432
    redis           = 6379
  }

  # Fixed numbers keep subnet CIDRs and ALB rule priorities stable when an environment is left out.
  environment_index = { staging = 1, prod = 2 }

  # Roles that exist once per environment; everything else (alb, nlb, livekit, livekit-redis) is shared.
  app_roles         = ["api", "web", "ai-agent"]
  environment_roles = concat(local.app_roles, ["rds", "redis"])

  user_data_templates = {
    api      = "${path.module}/../user-data/api-server-init.sh"
    web      = "${path.module}/../user-data/web-server-init.sh"
    ai-agent = "${path.module}/../user-data/ai-agent-init.sh"
    livekit  = "${path.module}/../user-data/livekit-init.sh"
  }
  # The bootstrap every host shares: the ec2 module renders it and passes it to the role template as `common`.
  user_data_common_template = "${path.module}/../user-data/common.sh"

  ami_parameters = {
    al2023 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
    # AWS Deep Learning Base OSS NVIDIA driver GPU AMI: NVIDIA driver + container toolkit, supports G5.
    gpu = "/aws/service/deeplearning/ami/x86_64/base-oss-nvidia-driver-gpu-amazon-linux-2023/latest/ami-id"
  }

  cloudwatch_namespace = "Dolbom"
  compose_project_dir  = "/opt/dolbom"

  # Instances go to the first compute AZ; adding AZs adds subnets (and NAT gateways) for later spread.
  compute_az = var.compute_availability_zones[0]

  # The PostgreSQL role of each application, by the host role that runs it. Each logs in with IAM
  # database authentication (a token per connection, generated on its host; docs/stack.md,
  # "Database roles"); scripts/db-bootstrap.sh creates them with the same names.
  database_users = {
    api      = { api = "dolbom_api", indexing-worker = "dolbom_indexing" }
    ai-agent = { transcript-storage = "dolbom_transcripts" }
  }
  all_database_users = sort(flatten([for apps in values(local.database_users) : values(apps)]))

  certificate_arn = var.self_signed_certificate ? aws_acm_certificate.self_signed[0].arn : var.certificate_arn
}

locals {
  # Host key => where it lives. Keys match the security group keys of security-groups.tf.
  hosts = merge(
    { for pair in setproduct(keys(var.environments), local.app_roles) : "${pair[0]}-${pair[1]}" => { environment = pair[0], role = pair[1] } },
    { livekit = { environment = "shared", role = "livekit" } },
  )

  # Per environment and role: size and image of each application host.
  app_host_settings = {
    for env, e in var.environments : env => {
      api      = { instance_type = e.instance_types.api, root_volume_size = e.root_volume_sizes.api, ami = "al2023", gpu = false }
      web      = { instance_type = e.instance_types.web, root_volume_size = e.root_volume_sizes.web, ami = "al2023", gpu = false }
      ai-agent = { instance_type = e.instance_types.ai_agent, root_volume_size = e.root_volume_sizes.ai_agent, ami = e.ai_agent_gpu ? "gpu" : "al2023", gpu = e.ai_agent_gpu }
    }
  }

  # The user-data template variables every script receives (the stack contract); per-host values are merged in.
  user_data_common = {
    project              = var.project
    region               = var.region
    env_bucket           = module.iam.env_bucket_name
    ephemeral            = var.ephemeral
    cloudwatch_namespace = local.cloudwatch_namespace
    livekit_udp_port     = local.ports.livekit_ice_udp
    livekit_tcp_port     = local.ports.livekit_ice_tcp
    compose_project_dir  = local.compose_project_dir
  }

  # ALB host-header routes. Priorities are fixed per environment (staging 1xx, prod 2xx) so that
  # adding or removing an environment never renumbers the other's rules.
  alb_routes = merge(
    {
      for pair in setproduct(keys(var.environments), ["api", "web"]) : "${pair[0]}-${pair[1]}" => {
        environment       = pair[0]
        role              = pair[1]
        host              = pair[1] == "api" ? var.environments[pair[0]].api_host : var.environments[pair[0]].web_host
        port              = pair[1] == "api" ? local.ports.api : local.ports.web
        health_check_path = pair[1] == "api" ? var.environments[pair[0]].health_check_paths.api : var.environments[pair[0]].health_check_paths.web
        instance_id       = module.app_hosts[pair[0]].instance_ids[pair[1]]
        priority          = local.environment_index[pair[0]] * 100 + (pair[1] == "api" ? 10 : 20)
      }
    },
    {
      livekit = {
        environment       = "shared"
        role              = "livekit"
        host              = var.livekit.signalling_host
        port              = local.ports.livekit_http
        health_check_path = "/"
        instance_id       = module.livekit_host.instance_ids["livekit"]
        priority          = 10
      }
    },
  )

  # NLB listeners: one port each (an NLB listener cannot take a range), all to the one LiveKit node.
  # No TURN: LiveKit's built-in TURN relays from node_ip (the NLB's EIP) on ports 30000-40000 and
  # admits a relayed packet only from the peer address the client named; through this NLB the SFU's
  # packets arrive from the NAT gateway's address on ports no listener covers, so a relay can never
  # work here (docs/stack.md, "No TURN"). Clients without UDP fall back to ICE/TCP on 7881.
  nlb_listeners = {
    ice-udp = { port = local.ports.livekit_ice_udp, protocol = "UDP", target_protocol = "UDP" }
    ice-tcp = { port = local.ports.livekit_ice_tcp, protocol = "TCP", target_protocol = "TCP" }
  }
}
