#!/usr/bin/env bash
# Deploy one host's compose project: docker --context <env>-<role> compose up -d, with the values
# from env/<env>/<role>.env (one file per host role). The compose CLI runs here and reads the env file here; the remote engine
# (reached through SSM, see setup-docker-context.sh) only receives the resulting containers.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
SCRIPT_NAME="deploy.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<EOF
usage: scripts/deploy.sh <env> <role> [--dry-run]

  <env> <role>  staging|prod with api|web|ai-agent, or shared with livekit
  --dry-run     check the env file and the compose file, print the deploy command, run nothing remote

Waits until every service is healthy (DEPLOY_WAIT_TIMEOUT seconds, default 600) and fails otherwise.

Needs: env/<env>/<role>.env (scripts/env-sync.sh pull <env>), docker context <env>-<role>
(scripts/setup-docker-context.sh <env> <role>).
EOF
}

positional=()
while (($#)); do
  case "$1" in
    --dry-run) DRY_RUN=true ;;
    -h | --help)
      usage
      exit 0
      ;;
    -*) usage_error "unknown option '$1'" ;;
    *) positional+=("$1") ;;
  esac
  shift
done
[[ ${#positional[@]} -eq 2 ]] || usage_error "expected <env> <role>, got ${#positional[@]} argument(s)"
env=${positional[0]} role=${positional[1]}
check_env_role "$env" "$role"

context="$env-$role"
compose_file="$DOLBOM_ROOT/compose/$(compose_dir_of "$role")/docker-compose.yml"
env_file="$ENV_DIR/$env/$role.env"

need docker
[[ -f "$compose_file" ]] || die "missing $compose_file"
[[ -f "$env_file" ]] ||
  die "missing $env_file: restore it with 'scripts/env-sync.sh pull $env' (or create it from $(dirname "$compose_file")/.env.example)"

# Every service logs to this host's CloudWatch Logs group through the awslogs driver (compose files:
# awslogs-group: ${DOLBOM_LOG_GROUP}); terraform/monitoring.tf creates it under the same name.
export DOLBOM_LOG_GROUP="/$PROJECT/containers/$env/$role"

compose=(docker --context "$context" compose --project-directory "$(dirname "$compose_file")"
  -f "$compose_file" --env-file "$env_file")

# Fail here, before touching the host, if a required variable is missing from the env file.
# (Reads only local files; errors name the variable, never a value.)
docker compose -f "$compose_file" --env-file "$env_file" config --quiet ||
  die "$env_file does not satisfy $compose_file (see the message above and .env.example)"

if [[ "$DRY_RUN" != true ]]; then
  docker context inspect "$context" >/dev/null 2>&1 ||
    die "no docker context '$context': run scripts/setup-docker-context.sh $env $role"
fi

# --wait: succeed only when every service is healthy, so a bad release fails here, not at 3 a.m.
wait_timeout="${DEPLOY_WAIT_TIMEOUT:-600}"
log "deploying $role to $env through docker context $context (waiting up to ${wait_timeout}s for healthy)"
log "container logs -> CloudWatch Logs group $DOLBOM_LOG_GROUP (aws logs tail $DOLBOM_LOG_GROUP --follow)"
if ! run "${compose[@]}" up -d --remove-orphans --wait --wait-timeout "$wait_timeout"; then
  run "${compose[@]}" ps || true
  die "$role on $env is not healthy after ${wait_timeout}s: docker --context $context logs --tail 200 <container> (docs/host.md, 3 a.m.)"
fi
run "${compose[@]}" ps
