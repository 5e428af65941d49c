#!/bin/bash
# dolbom livekit host bootstrap: the shared LiveKit node (compose/livekit) and its config file.
# Rendered by the ec2 module with templatefile() (variables: docs/host.md); the bootstrap every
# host shares (user-data/common.sh, rendered first) is the variable `common`, interpolated below.
# Runs once as root through cloud-init. Idempotent: re-run it with
# `sudo bash /var/lib/cloud/instance/user-data.txt`.
set -Eeuo pipefail
umask 022

${common}

# Large UDP buffers: LiveKit warns below 5 MB and drops media under load.
tune_udp_buffers() {
  printf 'net.core.rmem_max = 5000000\nnet.core.wmem_max = 5000000\n' >/etc/sysctl.d/90-livekit.conf
  sysctl -q -p /etc/sysctl.d/90-livekit.conf
}

# The config holds no secret: the API key pairs (one per environment, and the webhook-signing pair)
# come from LIVEKIT_KEYS, the Redis password from REDIS_PASSWORD, the webhook key name from
# LIVEKIT_WEBHOOK_API_KEY (compose/livekit/.env.example). The webhook receivers are every
# environment's API by its private DNS name, from terraform (one source: LiveKit's generated env
# flags skip lists, so webhook.urls cannot come from compose).
WEBHOOK_URLS="${join(" ", livekit_webhook_urls)}"
write_livekit_config() {
  local cfg="$COMPOSE_DIR/livekit/livekit.yaml" url
  install -d -m 0755 "$COMPOSE_DIR/livekit"
  {
    cat <<'YAML'
# Written by user-data/livekit-init.sh at boot; edit the template, not this file.
port: 7880
logging:
  level: info
rtc:
  tcp_port: ${livekit_tcp_port}
  udp_port: ${livekit_udp_port}
  # Advertise the NLB's Elastic IP only. No rtc.turn_servers: with them LiveKit runs a STUN lookup
  # and advertises the NAT gateway's address despite use_external_ip: false (livekit/livekit#4095).
  use_external_ip: false
  node_ip: "${livekit_node_ip}"
redis:
  address: "${livekit_redis_address}"
  use_tls: true
# No TURN: its relay (node_ip, ports 30000-40000) cannot work through the NLB (docs/stack.md).
turn:
  enabled: false
YAML
    if [[ -n "$WEBHOOK_URLS" ]]; then
      printf 'webhook:\n  urls:\n'
      for url in $WEBHOOK_URLS; do printf '    - %s\n' "$url"; done
    fi
  } >"$cfg.new"
  mv -f "$cfg.new" "$cfg"
  log "wrote $cfg"
}

log "bootstrap start: ${project}-${environment}-${role} (ephemeral=$EPHEMERAL)"
install_access_agents
install_docker
tune_udp_buffers
configure_cloudwatch_agent no-gpu
fetch_env
write_livekit_config
finish
