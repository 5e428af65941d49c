#!/bin/bash
# dolbom livekit host bootstrap: the shared LiveKit node (compose/livekit) and its config file.
# Rendered by the ec2 module with templatefile() (variables: docs/host.md); the bootstrap every
# host shares (user-data/common.sh, rendered first) is the variable `common`, interpolated below.
# Runs once as root through cloud-init. Idempotent: re-run it with
# `sudo bash /var/lib/cloud/instance/user-data.txt`.
set -Eeuo pipefail
umask 022

${common}
TCP_PORTS="${join(" ", tcp_ports)}"

# Large UDP buffers: LiveKit warns below 5 MB and drops media under load.
tune_udp_buffers() {
  printf 'net.core.rmem_max = 5000000\nnet.core.wmem_max = 5000000\n' >/etc/sysctl.d/90-livekit.conf
  sysctl -q -p /etc/sysctl.d/90-livekit.conf
}

# The config holds no secret: API keys come from LIVEKIT_KEYS, the Redis password from
# REDIS_PASSWORD, the webhook key from LIVEKIT_WEBHOOK_API_KEY (compose/livekit/.env.example).
write_livekit_config() {
  local cfg="$COMPOSE_DIR/livekit/livekit.yaml" urls
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
turn:
  enabled: true
  udp_port: ${livekit_turn_udp_port}
YAML
    if [[ " $TCP_PORTS " == *" 5349 "* ]]; then
      # TURN/TLS is on: the NLB terminates TLS on 5349; domain from LIVEKIT_TURN_DOMAIN.
      printf '  tls_port: 5349\n  external_tls: true\n'
    fi
    # Webhook receivers (each environment's API on 8000), comma-separated in the shared .env.
    urls=$(sed -n 's/^LIVEKIT_WEBHOOK_URLS=//p' "$COMPOSE_DIR/.env" 2>/dev/null | tr -d "\"'" || true)
    if [[ -n "$urls" ]]; then
      printf 'webhook:\n  urls:\n'
      tr ',' '\n' <<<"$urls" | sed -e 's/^ *//' -e '/^$/d' -e 's/^/    - /'
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
