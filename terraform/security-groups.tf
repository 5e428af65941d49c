# The whole security-group matrix of the stack, in one place.
#
# Every row is one allowed flow. A name in local.environment_roles (api, web, ai-agent, rds, redis)
# means "that role in the same environment": the row is repeated for every environment and both ends
# get that environment, so staging never reaches prod and prod never reaches staging. alb, nlb,
# livekit and livekit-redis are shared; "internet" is 0.0.0.0/0; "nlb-eip" is each Elastic IP of the
# LiveKit NLB as a /32 (egress only: those addresses are not a security group).
#
# Each row becomes an ingress rule on the destination (unless it is an address: internet, nlb-eip)
# and an egress rule on the source (security groups here have no default allow-all egress). A row
# with via = "nlb" passes through the NLB: the NLB's group admits the client and may forward to the
# target, and because an NLB preserves the client IP the target's group admits the client address,
# not the NLB.
#
# Nothing opens 22 or 3389: people reach hosts only through SSM Session Manager.
locals {
  sg_matrix = [
    # from        to               protocol          port                           via           why
    { from = "internet", to = "alb", protocol = "tcp", port = local.ports.https, via = null, why = "HTTPS from the mobile app and the web console" },
    { from = "internet", to = "alb", protocol = "tcp", port = local.ports.http, via = null, why = "plain HTTP, only redirected to HTTPS" },
    { from = "alb", to = "api", protocol = "tcp", port = local.ports.api, via = null, why = "API host-header rule" },
    { from = "alb", to = "web", protocol = "tcp", port = local.ports.web, via = null, why = "web console host-header rule" },
    { from = "alb", to = "livekit", protocol = "tcp", port = local.ports.livekit_http, via = null, why = "LiveKit signalling (WebSocket) host-header rule" },
    { from = "internet", to = "livekit", protocol = "udp", port = local.ports.livekit_ice_udp, via = "nlb", why = "WebRTC media, ICE/UDP mux" },
    { from = "internet", to = "livekit", protocol = "tcp", port = local.ports.livekit_ice_tcp, via = "nlb", why = "WebRTC media, ICE/TCP fallback (also the NLB health check port)" },
    { from = "web", to = "api", protocol = "tcp", port = local.ports.api, via = null, why = "server-side rendering calls the API" },
    { from = "api", to = "rds", protocol = "tcp", port = local.ports.postgres, via = null, why = "application database" },
    { from = "api", to = "redis", protocol = "tcp", port = local.ports.redis, via = null, why = "cache and job queue" },
    { from = "ai-agent", to = "rds", protocol = "tcp", port = local.ports.postgres, via = null, why = "transcript storage" },
    { from = "ai-agent", to = "redis", protocol = "tcp", port = local.ports.redis, via = null, why = "agent state" },
    { from = "ai-agent", to = "livekit", protocol = "tcp", port = local.ports.livekit_http, via = null, why = "agent joins rooms (signalling, LIVEKIT_URL = the private DNS name on 7880)" },
    # The agent's media cannot go to LiveKit's private address: LiveKit advertises only its node_ip,
    # the NLB's Elastic IP, in every ICE candidate (user-data/livekit-init.sh; livekit/livekit#4091).
    # So it leaves through the NAT gateway to that EIP and hairpins into the NLB, which preserves the
    # NAT gateway's public address as the client: the NLB's and LiveKit's internet rows admit it.
    { from = "ai-agent", to = "nlb-eip", protocol = "udp", port = local.ports.livekit_ice_udp, via = null, why = "agent media ICE/UDP to the NLB EIP (the only candidate LiveKit advertises), through NAT" },
    { from = "ai-agent", to = "nlb-eip", protocol = "tcp", port = local.ports.livekit_ice_tcp, via = null, why = "agent media ICE/TCP fallback to the NLB EIP, through NAT" },
    { from = "livekit", to = "livekit-redis", protocol = "tcp", port = local.ports.redis, via = null, why = "LiveKit room state and node routing" },
    { from = "livekit", to = "api", protocol = "tcp", port = local.ports.api, via = null, why = "LiveKit webhooks to the API of every environment" },
    # Egress to the internet goes through the NAT gateway. Besides the agent media to the NLB EIP
    # above, 443 only: container image pulls (ghcr.io),
    # SSM/SSM messages, S3 env files, CloudWatch, Secrets Manager; the ai-agent's kma-mcp calls the
    # KMA weather API over HTTPS. DNS (VPC resolver) and NTP (169.254.169.123) need no SG rule.
    { from = "api", to = "internet", protocol = "tcp", port = local.ports.https, via = null, why = "HTTPS out through NAT (images, SSM, S3, push notifications)" },
    { from = "web", to = "internet", protocol = "tcp", port = local.ports.https, via = null, why = "HTTPS out through NAT (images, SSM, S3)" },
    { from = "ai-agent", to = "internet", protocol = "tcp", port = local.ports.https, via = null, why = "HTTPS out through NAT (images, SSM, S3, KMA API)" },
    { from = "livekit", to = "internet", protocol = "tcp", port = local.ports.https, via = null, why = "HTTPS out through NAT (images, SSM, S3)" },
    # The interface endpoints of the AWS APIs (terraform/endpoints.tf): SSM, logs, metrics and
    # secrets without the NAT gateway. The group has members only while endpoints exist.
    { from = "api", to = "vpc-endpoints", protocol = "tcp", port = local.ports.https, via = null, why = "AWS APIs through the VPC interface endpoints (SSM, logs, metrics, secrets)" },
    { from = "web", to = "vpc-endpoints", protocol = "tcp", port = local.ports.https, via = null, why = "AWS APIs through the VPC interface endpoints (SSM, logs, metrics)" },
    { from = "ai-agent", to = "vpc-endpoints", protocol = "tcp", port = local.ports.https, via = null, why = "AWS APIs through the VPC interface endpoints (SSM, logs, metrics, secrets)" },
    { from = "livekit", to = "vpc-endpoints", protocol = "tcp", port = local.ports.https, via = null, why = "AWS APIs through the VPC interface endpoints (SSM, logs, metrics, secrets)" },
  ]

  # One security group per role and environment; the shared parts have Environment "shared".
  security_groups = merge(
    { for pair in setproduct(keys(var.environments), local.environment_roles) : "${pair[0]}-${pair[1]}" => { environment = pair[0], role = pair[1] } },
    { for role in ["alb", "nlb", "livekit", "livekit-redis", "vpc-endpoints"] : role => { environment = "shared", role = role } },
  )

  # Rows with an environment role, repeated per environment with both ends resolved to group keys.
  sg_row_environments = [
    for row in local.sg_matrix : contains(local.environment_roles, row.from) || contains(local.environment_roles, row.to) ? keys(var.environments) : ["shared"]
  ]
  sg_flows = flatten([
    for index, row in local.sg_matrix : [
      for env in local.sg_row_environments[index] : {
        from     = contains(local.environment_roles, row.from) ? "${env}-${row.from}" : row.from
        to       = contains(local.environment_roles, row.to) ? "${env}-${row.to}" : row.to
        protocol = row.protocol
        port     = row.port
        via      = row.via
        why      = row.why
      }
    ]
  ])

  # A flow through the NLB is two hops; the second keeps the client as its source (client IP preserved).
  sg_hops = flatten([
    for flow in local.sg_flows : flow.via == null ? [
      { from = flow.from, to = flow.to, source = flow.from, protocol = flow.protocol, port = flow.port, why = flow.why },
      ] : [
      { from = flow.from, to = flow.via, source = flow.from, protocol = flow.protocol, port = flow.port, why = flow.why },
      { from = flow.via, to = flow.to, source = flow.from, protocol = flow.protocol, port = flow.port, why = flow.why },
    ]
  ])

  sg_ingress_rules = {
    for hop in local.sg_hops : "${hop.to}-from-${hop.source}-${hop.protocol}-${hop.port}" => {
      security_group = hop.to
      peer           = hop.source
      protocol       = hop.protocol
      port           = hop.port
      why            = hop.why
    } if !contains(local.sg_address_peers, hop.to)
  }

  # Peers that are addresses, not security groups. The NLB has one subnet, so one Elastic IP, per
  # compute AZ (module "nlb" in main.tf); the addresses are known only after apply, so a hop to
  # "nlb-eip" becomes one rule per EIP keyed by its index ("nlb-eip-0", ...).
  sg_address_peers = ["internet", "nlb-eip"]
  sg_peer_cidrs = merge(
    { internet = "0.0.0.0/0" },
    { for index in range(length(var.compute_availability_zones)) : "nlb-eip-${index}" => "${module.nlb.eip_public_ips[index]}/32" },
  )
  sg_egress_hops = flatten([
    for hop in local.sg_hops : hop.to == "nlb-eip" ? [
      for index in range(length(var.compute_availability_zones)) : merge(hop, { peer = "nlb-eip-${index}" })
    ] : [merge(hop, { peer = hop.to })]
  ])

  sg_egress_rules = {
    for hop in local.sg_egress_hops : "${hop.from}-to-${hop.peer}-${hop.protocol}-${hop.port}" => {
      security_group = hop.from
      peer           = hop.peer
      protocol       = hop.protocol
      port           = hop.port
      why            = hop.why
    } if hop.from != "internet"
  }

  # What each group admits, handed to user-data (tcp_ports / udp_ports) so hosts can self-check.
  sg_open_ports = {
    for key in keys(local.security_groups) : key => {
      tcp = distinct([for rule in values(local.sg_ingress_rules) : rule.port if rule.security_group == key && rule.protocol == "tcp"])
      udp = distinct([for rule in values(local.sg_ingress_rules) : rule.port if rule.security_group == key && rule.protocol == "udp"])
    }
  }
}

resource "aws_security_group" "this" {
  for_each = local.security_groups

  # name_prefix, not name: with create_before_destroy a replacement (a new description, say) creates
  # the new group before the old one is gone, and two groups of one VPC cannot share a name
  # (InvalidGroup.Duplicate). The Name tag keeps the readable name.
  name_prefix = "${local.name_prefix}-${each.value.environment}-${each.value.role}-"
  description = "${each.value.role} (${each.value.environment}); rules in terraform/security-groups.tf"
  vpc_id      = module.vpc.vpc_id

  tags = {
    Name        = "${local.name_prefix}-${each.value.environment}-${each.value.role}"
    Role        = each.value.role
    Environment = each.value.environment
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "this" {
  for_each = local.sg_ingress_rules

  security_group_id            = aws_security_group.this[each.value.security_group].id
  description                  = each.value.why
  ip_protocol                  = each.value.protocol
  from_port                    = each.value.port
  to_port                      = each.value.port
  cidr_ipv4                    = each.value.peer == "internet" ? "0.0.0.0/0" : null
  referenced_security_group_id = each.value.peer == "internet" ? null : aws_security_group.this[each.value.peer].id

  tags = {
    Name        = each.key
    Role        = local.security_groups[each.value.security_group].role
    Environment = local.security_groups[each.value.security_group].environment
  }
}

resource "aws_vpc_security_group_egress_rule" "this" {
  for_each = local.sg_egress_rules

  security_group_id            = aws_security_group.this[each.value.security_group].id
  description                  = each.value.why
  ip_protocol                  = each.value.protocol
  from_port                    = each.value.port
  to_port                      = each.value.port
  cidr_ipv4                    = lookup(local.sg_peer_cidrs, each.value.peer, null)
  referenced_security_group_id = contains(keys(local.sg_peer_cidrs), each.value.peer) ? null : aws_security_group.this[each.value.peer].id

  tags = {
    Name        = each.key
    Role        = local.security_groups[each.value.security_group].role
    Environment = local.security_groups[each.value.security_group].environment
  }
}
