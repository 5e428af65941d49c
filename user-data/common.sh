# dolbom host bootstrap, the part every role shares: logging, retries, docker + compose, SSM and
# Instance Connect, CloudWatch agent, the env file, the ephemeral responder and finish. Not a script
# of its own: the ec2 module renders it with templatefile() over the same variables as the role
# template, then renders user-data/<role>-init.sh with the result as the variable `common`, which
# that template interpolates once, right after its header (docs/host.md, "user-data templates").
# A literal shell "$${" is written "$$${" here. Everything below is safe to run again: each step
# checks before it changes anything.
EPHEMERAL="${ephemeral}"
COMPOSE_DIR="${compose_project_dir}"
COMPOSE_VERSION="v2.29.7"
LOG_FILE=/var/log/dolbom-init.log
exec > >(tee -a "$LOG_FILE") 2>&1

log() { printf '%s dolbom-init[%s]: %s\n' "$(date -u +%FT%TZ)" "${role}" "$*"; }
die() {
  log "FATAL: $*"
  exit 1
}
trap 'log "FAILED at line $LINENO (exit $?); full log: $LOG_FILE"' ERR

# retry <attempts> <first-delay-seconds> <command...>: bounded retries with doubling delay.
retry() {
  local attempts=$1 delay=$2 n=1
  shift 2
  until "$@"; do
    if ((n >= attempts)); then
      log "giving up after $n attempts: $1"
      return 1
    fi
    log "attempt $n/$attempts failed: $1; retrying in $${delay}s"
    sleep "$delay"
    delay=$((delay * 2))
    n=$((n + 1))
  done
}

ensure_package() {
  rpm -q "$1" >/dev/null 2>&1 || retry 5 5 dnf install -y -q "$1"
}

install_docker() {
  command -v docker >/dev/null || ensure_package docker
  systemctl enable --now docker
  # Operators reach the engine as ec2-user over SSH-through-SSM (scripts/setup-docker-context.sh).
  id -nG ec2-user | grep -qw docker || usermod -aG docker ec2-user
  if docker compose version >/dev/null 2>&1; then
    return 0
  fi
  local dir=/usr/local/lib/docker/cli-plugins url
  url="https://github.com/docker/compose/releases/download/$COMPOSE_VERSION/docker-compose-linux-$(uname -m)"
  install -d -m 0755 "$dir"
  retry 5 5 curl -fsSL -o "$dir/docker-compose.download" "$url"
  retry 5 5 curl -fsSL -o "$dir/docker-compose.sha256" "$url.sha256"
  [[ "$(sha256sum "$dir/docker-compose.download" | cut -d' ' -f1)" == "$(cut -d' ' -f1 "$dir/docker-compose.sha256")" ]] ||
    die "docker compose $COMPOSE_VERSION download does not match its published sha256"
  install -m 0755 "$dir/docker-compose.download" "$dir/docker-compose"
  rm -f "$dir/docker-compose.download" "$dir/docker-compose.sha256"
  docker compose version
}

install_access_agents() {
  # SSM agent: the only way in (no security group opens 22). EC2 Instance Connect lets an operator's
  # short-lived key (pushed by setup-docker-context.sh) log in over the SSM tunnel.
  ensure_package amazon-ssm-agent
  systemctl enable --now amazon-ssm-agent
  ensure_package ec2-instance-connect
}

# configure_cloudwatch_agent gpu|no-gpu: memory and root-disk metrics (+ NVIDIA GPU ones) in namespace
# "${cloudwatch_namespace}", aggregated by InstanceId so that alarms need only that dimension.
configure_cloudwatch_agent() {
  local cfg=/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json
  ensure_package amazon-cloudwatch-agent
  install -d -m 0755 "$(dirname "$cfg")"
  {
    cat <<'JSON'
{
  "agent": { "metrics_collection_interval": 60, "run_as_user": "root" },
  "metrics": {
    "namespace": "${cloudwatch_namespace}",
    "append_dimensions": { "InstanceId": "$${aws:InstanceId}" },
    "aggregation_dimensions": [["InstanceId"]],
    "metrics_collected": {
JSON
    if [[ "$1" == gpu ]]; then
      cat <<'JSON'
      "nvidia_gpu": {
        "measurement": ["utilization_gpu", "utilization_memory", "memory_used", "memory_total", "temperature_gpu"]
      },
JSON
    fi
    cat <<'JSON'
      "mem": { "measurement": ["mem_used_percent"] },
      "disk": { "measurement": ["used_percent"], "resources": ["/"] }
    }
  }
}
JSON
  } >"$cfg"
  /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c "file:$cfg"
}

# fetch_env: this host's env file, <environment>/<role>.env, from the env-file bucket (instance role; read-only on that one
# prefix). Never printed: only its size is logged. On-host copy for recovery runs of compose.
fetch_env() {
  local dest="$COMPOSE_DIR/.env"
  install -d -m 0750 "$COMPOSE_DIR"
  if (umask 077 && retry 5 5 aws s3 cp --only-show-errors --region "${region}" \
    "s3://${env_bucket}/${env_object_key}" "$dest.download"); then
    chmod 0600 "$dest.download"
    mv -f "$dest.download" "$dest"
    log "env file s3://${env_bucket}/${env_object_key} -> $dest ($(wc -l <"$dest") lines)"
    return 0
  fi
  rm -f "$dest.download"
  if [[ "$EPHEMERAL" == true ]]; then
    log "WARNING: no env file at s3://${env_bucket}/${env_object_key} (ephemeral stack: continuing)"
    return 0
  fi
  die "cannot read s3://${env_bucket}/${env_object_key}: upload it (scripts/env-sync.sh, docs/host.md), then re-run this script"
}

# install_rds_ca_bundle: the RDS CA bundle the applications verify the database certificate with
# (sslmode=verify-full; RDS "Certificate bundles by AWS Region"), mounted read-only into the containers.
install_rds_ca_bundle() {
  local dest="$COMPOSE_DIR/certs/rds-ca-bundle.pem"
  install -d -m 0755 "$COMPOSE_DIR/certs"
  retry 5 5 curl -fsSL -o "$dest.download" "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem"
  grep -q -- '-----BEGIN CERTIFICATE-----' "$dest.download" || die "the RDS CA bundle download is not a PEM bundle"
  chmod 0644 "$dest.download"
  mv -f "$dest.download" "$dest"
  log "RDS CA bundle -> $dest ($(grep -c -- '-----BEGIN CERTIFICATE-----' "$dest") certificates)"
}

# install_db_token_refresher <db-user...>: IAM database authentication. Every 5 minutes a systemd
# timer signs a 15-minute connect token per database user with this host's instance role
# (aws rds generate-db-auth-token, no API call) into /run/dolbom/db-token/<user>/token; each
# application container mounts only its own user's directory and reads the file at every new
# connection. Containers get no AWS credentials (IMDS hop limit 1). DATABASE_HOST comes from the env file.
install_db_token_refresher() {
  install -d -m 0755 /usr/local/lib/dolbom
  cat >/usr/local/lib/dolbom/db-token.sh <<'SH'
#!/bin/bash
# dolbom: IAM database authentication tokens for this host's database users (see user-data/common.sh).
set -euo pipefail
region=$1 env_file=$2
shift 2
base=$${DOLBOM_DB_TOKEN_DIR:-/run/dolbom/db-token}
host=$(sed -n 's/^DATABASE_HOST=//p' "$env_file" 2>/dev/null | tr -d "\"'" | tail -n 1)
[[ -n "$host" ]] || { echo "db-token: no DATABASE_HOST in $env_file" >&2; exit 1; }
for user in "$@"; do
  dir="$base/$user"
  install -d -m 0755 "$dir"
  (umask 022 && aws rds generate-db-auth-token --region "$region" --hostname "$host" --port 5432 --username "$user" >"$dir/token.new")
  [[ -s "$dir/token.new" ]] || { echo "db-token: empty token for $user" >&2; exit 1; }
  mv -f "$dir/token.new" "$dir/token"
done
echo "db-token: refreshed $# token(s) for $host"
SH
  chmod 0755 /usr/local/lib/dolbom/db-token.sh
  cat >/etc/systemd/system/dolbom-db-token.service <<UNIT
[Unit]
Description=dolbom IAM database authentication tokens ($*)
After=network-online.target
Wants=network-online.target

[Service]
Type=oneshot
ExecStart=/usr/local/lib/dolbom/db-token.sh ${region} $COMPOSE_DIR/.env $*
UNIT
  cat >/etc/systemd/system/dolbom-db-token.timer <<'UNIT'
[Unit]
Description=dolbom IAM database authentication tokens, every 5 minutes (a token lives 15)

[Timer]
OnBootSec=0
OnUnitActiveSec=5min
AccuracySec=30s

[Install]
WantedBy=timers.target
UNIT
  systemctl daemon-reload
  systemctl enable --now dolbom-db-token.timer
  log "database token refresher for: $*"
}

%{ if ephemeral ~}
# Ephemeral stacks run no application images: a tiny responder answers on every port the security
# groups open to this host (HTTP 200 on TCP so load-balancer health checks pass, echo on UDP), so
# health checks and reachability probes meet a real listener.
start_ephemeral_responder() {
  install -d -m 0755 /usr/local/lib/dolbom
  cat >/usr/local/lib/dolbom/responder.py <<'PY'
"""dolbom ephemeral-stack responder: HTTP 200 on TCP ports, echo on UDP ports."""
import argparse
import asyncio

RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n"


async def answer_http(reader, writer):
    try:
        await asyncio.wait_for(reader.readline(), timeout=5)
        writer.write(RESPONSE)
        await writer.drain()
    except (asyncio.TimeoutError, ConnectionError):
        pass
    finally:
        writer.close()


class Echo(asyncio.DatagramProtocol):
    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        self.transport.sendto(data, addr)


def port_list(text):
    return [int(p) for p in text.split(",") if p.strip()]


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tcp", type=port_list, default=[])
    parser.add_argument("--udp", type=port_list, default=[])
    parser.add_argument("--bind", default="0.0.0.0")
    args = parser.parse_args()
    loop = asyncio.get_running_loop()
    for port in args.tcp:
        await asyncio.start_server(answer_http, args.bind, port)
    for port in args.udp:
        await loop.create_datagram_endpoint(Echo, local_addr=(args.bind, port))
    print("responding on tcp", args.tcp, "udp", args.udp, flush=True)
    await asyncio.Event().wait()


asyncio.run(main())
PY
  cat >/etc/systemd/system/dolbom-responder.service <<'UNIT'
[Unit]
Description=dolbom ephemeral-stack port responder
After=network-online.target
Wants=network-online.target

[Service]
ExecStart=/usr/bin/python3 /usr/local/lib/dolbom/responder.py --tcp=${join(",", tcp_ports)} --udp=${join(",", udp_ports)}
Restart=always
RestartSec=2

[Install]
WantedBy=multi-user.target
UNIT
  systemctl daemon-reload
  systemctl enable dolbom-responder.service
  systemctl restart dolbom-responder.service
  log "ephemeral responder on tcp [${join(",", tcp_ports)}] udp [${join(",", udp_ports)}]"
}

%{ endif ~}
finish() {
%{ if ephemeral ~}
  start_ephemeral_responder
%{ endif ~}
  log "bootstrap finished: ${project}-${environment}-${role}"
}
