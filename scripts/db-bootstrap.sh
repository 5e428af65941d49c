#!/usr/bin/env bash
# Create (or bring back in line) one environment's application database roles: runs
# scripts/db/app-roles.sql as the RDS master user, through SSM on that environment's api host.
#   1. an SSM port-forwarding session through the api host to the RDS endpoint
#      (AWS-StartPortForwardingSessionToRemoteHost: no inbound port, RDS stays in its data subnets);
#   2. the master password from the RDS-managed secret, read with the OPERATOR's credentials (no
#      host role may read it) and handed to psql in its environment only, never on a command line;
#   3. psql over that tunnel with sslmode=verify-full against the RDS CA bundle: hostaddr is the
#      tunnel, host is the RDS endpoint the certificate names.
# Idempotent: run it after the first apply, after a restore, or whenever the roles are in doubt.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
SCRIPT_NAME="db-bootstrap.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<EOF
usage: scripts/db-bootstrap.sh <env> [--dry-run] [--local-port <port>]

  <env>              staging or prod
  --dry-run          look the values up, print the session and psql commands, connect to nothing
  --local-port PORT  local end of the tunnel (default 15432)

Reads 'terraform output -json database_bootstrap' in terraform/ (endpoint, master secret ARN and
api instance id per environment), or DB_ADDRESS, DB_MASTER_SECRET_ARN and API_INSTANCE_ID.
Needs: aws with the Session Manager plugin, psql, jq, curl (the RDS CA bundle; or DOLBOM_RDS_CA_BUNDLE).
EOF
}

local_port=15432 positional=()
while (($#)); do
  case "$1" in
    --dry-run) DRY_RUN=true ;;
    --local-port)
      [[ $# -ge 2 && "$2" =~ ^[0-9]{2,5}$ ]] || usage_error "--local-port needs a port number"
      local_port=$2
      shift
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    -*) usage_error "unknown option '$1'" ;;
    *) positional+=("$1") ;;
  esac
  shift
done
[[ ${#positional[@]} -eq 1 ]] || usage_error "expected <env>, got ${#positional[@]} argument(s)"
env=${positional[0]}
[[ "$env" == staging || "$env" == prod ]] || usage_error "unknown environment '$env' (valid: staging, prod)"

sql_file="$DOLBOM_ROOT/scripts/db/app-roles.sql"
need aws jq psql
command -v session-manager-plugin >/dev/null ||
  die "the AWS Session Manager plugin is not installed (aws ssm start-session needs it; docs/host.md, prerequisites)"

# The terraform output is read once, unless all three values are given.
bootstrap_json=""
if [[ -z "${DB_ADDRESS:-}" || -z "${DB_MASTER_SECRET_ARN:-}" || -z "${API_INSTANCE_ID:-}" ]]; then
  need terraform
  bootstrap_json=$(terraform -chdir="$TF_DIR" output -json database_bootstrap) ||
    die "cannot read 'terraform output database_bootstrap' in $TF_DIR; set DB_ADDRESS, DB_MASTER_SECRET_ARN and API_INSTANCE_ID"
fi
# lookup <key> <override>: the environment's value, from the override or the terraform output.
lookup() {
  if [[ -n "$2" ]]; then
    printf '%s\n' "$2"
    return 0
  fi
  jq -er --arg e "$env" --arg k "$1" '.[$e][$k] // empty' <<<"$bootstrap_json" ||
    die "terraform output database_bootstrap has no $1 for $env (is $env deployed?)"
}
address=$(lookup address "${DB_ADDRESS:-}")
secret_arn=$(lookup master_secret_arn "${DB_MASTER_SECRET_ARN:-}")
instance_id=$(lookup api_instance_id "${API_INSTANCE_ID:-}")
[[ "$instance_id" =~ ^i-[0-9a-f]{8,17}$ ]] || die "not an instance id: '$instance_id'"

ca_bundle="${DOLBOM_RDS_CA_BUNDLE:-$ENV_DIR/.rds-ca-bundle.pem}"
session=(aws ssm start-session --region "$AWS_REGION" --target "$instance_id"
  --document-name AWS-StartPortForwardingSessionToRemoteHost
  --parameters "host=$address,portNumber=5432,localPortNumber=$local_port")
conninfo="host=$address hostaddr=127.0.0.1 port=$local_port dbname=dolbom sslmode=verify-full sslrootcert=$ca_bundle connect_timeout=10"

if [[ "$DRY_RUN" == true ]]; then
  run "${session[@]}"
  run aws secretsmanager get-secret-value --region "$AWS_REGION" --secret-id "$secret_arn" --query SecretString --output text
  run psql "$conninfo user=<master user from the secret>" -v ON_ERROR_STOP=1 -q -f "$sql_file"
  log "dry run: nothing connected"
  exit 0
fi

if [[ ! -s "$ca_bundle" ]]; then
  need curl
  mkdir -p "$(dirname "$ca_bundle")"
  curl -fsSL -o "$ca_bundle" "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem" ||
    die "cannot download the RDS CA bundle; set DOLBOM_RDS_CA_BUNDLE to a copy of it"
fi

work=$(mktemp -d)
session_pid=""
cleanup() {
  if [[ -n "$session_pid" ]]; then kill "$session_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

log "tunnel: 127.0.0.1:$local_port -> $address:5432 through the $env api host $instance_id (SSM)"
"${session[@]}" >"$work/session.log" 2>&1 &
session_pid=$!
# The Session Manager plugin prints "Waiting for connections..." once the local port listens.
opened=false
for _ in $(seq 1 "${DB_BOOTSTRAP_TUNNEL_WAIT:-60}"); do
  if grep -q "Waiting for connections" "$work/session.log"; then
    opened=true
    break
  fi
  kill -0 "$session_pid" 2>/dev/null || die "the SSM session ended: $(tail -n 3 "$work/session.log")"
  sleep 1
done
[[ "$opened" == true ]] || die "the SSM port forwarding did not open within ${DB_BOOTSTRAP_TUNNEL_WAIT:-60} s"

secret=$(aws secretsmanager get-secret-value --region "$AWS_REGION" --secret-id "$secret_arn" --query SecretString --output text) ||
  die "cannot read the master secret $secret_arn with your credentials"
master_user=$(jq -er .username <<<"$secret") || die "the master secret has no username"
PGPASSWORD=$(jq -er .password <<<"$secret") || die "the master secret has no password"
unset secret
export PGPASSWORD
log "applying $(basename "$sql_file") to $env as $master_user"
psql "$conninfo user=$master_user" -v ON_ERROR_STOP=1 -q -f "$sql_file" ||
  die "psql failed: the roles of $env are not (all) in place; fix the cause and run this again"
unset PGPASSWORD
log "done: dolbom_api, dolbom_indexing and dolbom_transcripts exist with rds_iam and their grants on $env"
