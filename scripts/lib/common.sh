# shellcheck shell=bash
# Shared by scripts/setup-docker-context.sh, deploy.sh and env-sync.sh (sourced, never run).
# Knows the deployments (which roles live in which environment), where things are, and how to run a
# command or only show it (--dry-run). Prints nothing secret: commands carry paths, never values.

DOLBOM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Overridable so that tests (and operators with a second checkout) can point elsewhere.
# shellcheck disable=SC2034 # ENV_DIR and PROJECT are read by the scripts that source this file.
ENV_DIR="${DOLBOM_ENV_DIR:-$DOLBOM_ROOT/env}"
TF_DIR="${DOLBOM_TF_DIR:-$DOLBOM_ROOT/terraform}"
AWS_REGION="${AWS_REGION:-ap-northeast-2}"
# shellcheck disable=SC2034
PROJECT="dolbom"
DRY_RUN=false

VALID_ENVS="staging prod shared"
# Roles per environment: the app hosts exist once per environment, LiveKit once, shared.
roles_of() {
  case "$1" in
    staging | prod) echo "api web ai-agent" ;;
    shared) echo "livekit" ;;
    *) return 1 ;;
  esac
}

# compose/<dir> for a role (the user-data files use the same names).
compose_dir_of() {
  case "$1" in
    api) echo "api-server" ;;
    web) echo "web-server" ;;
    ai-agent) echo "ai-agent" ;;
    livekit) echo "livekit" ;;
    *) return 1 ;;
  esac
}

log() { printf '%s: %s\n' "$SCRIPT_NAME" "$*" >&2; }

die() {
  log "error: $*"
  exit 1
}

# usage_error <message>: bad input -> the usage text and exit 2.
usage_error() {
  log "$1"
  usage >&2
  exit 2
}

# check_env_role <env> [<role>]: refuse anything outside the deployment matrix, naming the valid values.
check_env_role() {
  local env=$1 role=${2-} roles
  if ! roles=$(roles_of "$env"); then
    usage_error "unknown environment '$env' (valid: ${VALID_ENVS// /, })"
  fi
  if [[ $# -ge 2 && " $roles " != *" $role "* ]]; then
    usage_error "unknown role '$role' for environment '$env' (valid for $env: ${roles// /, })"
  fi
}

# run <command...>: run it, or with --dry-run print it (shell-quoted) and do nothing.
run() {
  if [[ "$DRY_RUN" == true ]]; then
    printf 'would run:' >&2
    printf ' %q' "$@" >&2
    printf '\n' >&2
    return 0
  fi
  "$@"
}

need() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || die "'$tool' not found on PATH (see docs/host.md, prerequisites)"
  done
}

# terraform_output <output> <variable>: the value of $<variable> when set, else the root module's
# output <output> (terraform -chdir=$TF_DIR output -raw).
terraform_output() {
  local name=$1 override=$2 value
  if [[ -n "${!override:-}" ]]; then
    printf '%s\n' "${!override}"
    return 0
  fi
  need terraform
  value=$(terraform -chdir="$TF_DIR" output -raw "$name") ||
    die "cannot read 'terraform output $name' in $TF_DIR; set $override or run terraform init there"
  [[ -n "$value" ]] || die "terraform output $name is empty; set $override"
  printf '%s\n' "$value"
}
