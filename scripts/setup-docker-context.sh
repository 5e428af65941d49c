#!/usr/bin/env bash
# Register docker context <env>-<role> that reaches that host's engine through SSM, with no inbound
# port anywhere: docker -> ssh (ec2-user@<instance-id>) -> ProxyCommand: push a 60-second public key
# with EC2 Instance Connect, then `aws ssm start-session --document-name AWS-StartSSHSession`.
# Why this design and what it needs: docs/host.md ("Reaching a host"). Idempotent: a second run
# with the same instance changes nothing.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
SCRIPT_NAME="setup-docker-context.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<EOF
usage: scripts/setup-docker-context.sh <env> <role> [--dry-run] [--from-terraform | --instance-id <i-...>]

  <env> <role>      staging|prod with api|web|ai-agent, or shared with livekit
  --dry-run         look the instance up, then print what would change and change nothing
  --from-terraform  take the instance id from 'terraform output -json instance_ids' (needs jq)
                    instead of the running instance tagged Project/Environment/Role
  --instance-id ID  use this instance id

Writes: docker context <env>-<role>; a block in ~/.ssh/dolbom.conf (Include'd from ~/.ssh/config);
the operator key ~/.ssh/dolbom_ed25519 (or \$DOLBOM_SSH_KEY) when it does not exist yet.
EOF
}

source_mode=tags instance_id="" positional=()
while (($#)); do
  case "$1" in
    --dry-run) DRY_RUN=true ;;
    --from-terraform) source_mode=terraform ;;
    --instance-id)
      [[ $# -ge 2 ]] || usage_error "--instance-id needs a value"
      instance_id=$2
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
[[ ${#positional[@]} -eq 2 ]] || usage_error "expected <env> <role>, got ${#positional[@]} argument(s)"
env=${positional[0]} role=${positional[1]}
check_env_role "$env" "$role"
[[ -z "$instance_id" || "$instance_id" =~ ^i-[0-9a-f]{8,17}$ ]] || usage_error "not an instance id: '$instance_id'"

context="$env-$role"
need aws docker ssh ssh-keygen
command -v session-manager-plugin >/dev/null ||
  die "the AWS Session Manager plugin is not installed (aws ssm start-session needs it; docs/host.md, prerequisites)"

find_instance() {
  local ids
  if [[ "$source_mode" == terraform ]]; then
    need terraform jq
    ids=$(terraform -chdir="$TF_DIR" output -json instance_ids |
      jq -r --arg e "$env" --arg r "$role" '.[$e][$r] // empty') ||
      die "cannot read 'terraform output instance_ids' in $TF_DIR"
  else
    ids=$(aws ec2 describe-instances --region "$AWS_REGION" \
      --filters "Name=tag:Project,Values=$PROJECT" "Name=tag:Environment,Values=$env" \
      "Name=tag:Role,Values=$role" "Name=instance-state-name,Values=running" \
      --query 'Reservations[].Instances[].InstanceId' --output text) ||
      die "aws ec2 describe-instances failed (credentials? region $AWS_REGION?)"
  fi
  read -r -a ids_array <<<"$ids"
  case ${#ids_array[@]} in
    1) printf '%s\n' "${ids_array[0]}" ;;
    0) die "no running instance for $env/$role (tags Project=$PROJECT Environment=$env Role=$role)" ;;
    *) die "several running instances for $env/$role: ${ids_array[*]}; pick one with --instance-id" ;;
  esac
}

[[ -n "$instance_id" ]] || instance_id=$(find_instance)
log "$context -> $instance_id"

ssh_dir="$HOME/.ssh"
key="${DOLBOM_SSH_KEY:-$ssh_dir/dolbom_ed25519}"
managed_config="$ssh_dir/dolbom.conf"
begin_marker="# BEGIN dolbom $context"
end_marker="# END dolbom $context"

# Quoting for ssh_config(5), so a key path with spaces (an operator's home such as
# "/Users/Jane Doe") survives: "Arguments may optionally be enclosed in double quotes (") in order to
# represent arguments containing spaces" (IdentityFile), while ProxyCommand's "command string extends
# to the end of the line" and ssh runs it with the user's shell (exec), so its arguments are quoted
# for that shell. Both are %-expanded by ssh first: a literal % is written %%. The region and the key
# path reach the ProxyCommand as positional arguments of sh -c, never spliced into its script.
[[ "$key" != *[\"$'\n']* ]] || die "the operator key path must not contain a double quote or a newline: '$key' (set DOLBOM_SSH_KEY)"
ssh_percent() { printf '%s' "${1//%/%%}"; }
shell_quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
# shellcheck disable=SC2016 # $1..$5 are sh -c's positional parameters, expanded by that shell
proxy_script='aws ec2-instance-connect send-ssh-public-key --region "$1" --instance-id "$2" --instance-os-user "$3" --ssh-public-key "file://$4" >/dev/null && exec aws ssm start-session --region "$1" --target "$2" --document-name AWS-StartSSHSession --parameters "portNumber=$5"'
proxy_command="sh -c $(shell_quote "$proxy_script") dolbom-proxy $(ssh_percent "$(shell_quote "$AWS_REGION")") %h %r $(ssh_percent "$(shell_quote "$key.pub")") %p"

# One block per context, keyed by the context name, so a replaced instance replaces its block.
# The ProxyCommand pushes the operator's public key first: Instance Connect keys live 60 seconds,
# and ssh runs the ProxyCommand for every new connection. ControlMaster keeps one tunnel per host
# for the many short ssh calls docker makes.
desired_block() {
  cat <<EOF
$begin_marker
Host $instance_id
  User ec2-user
  IdentityFile "$(ssh_percent "$key")"
  IdentitiesOnly yes
  StrictHostKeyChecking accept-new
  ControlMaster auto
  ControlPath ~/.ssh/dolbom-%C
  ControlPersist 10m
  ProxyCommand $proxy_command
$end_marker
EOF
}

# The managed file with this context's block replaced (or added); other contexts untouched.
render_managed_config() {
  if [[ -f "$managed_config" ]]; then
    awk -v begin="$begin_marker" -v end="$end_marker" '
      $0 == begin { skipping = 1; next }
      $0 == end { skipping = 0; next }
      !skipping { print }' "$managed_config"
  fi
  desired_block
}

changes=0

ensure_key() {
  if [[ -f "$key" && -f "$key.pub" ]]; then
    return 0
  fi
  changes=$((changes + 1))
  log "creating operator key $key (ed25519, no passphrase prompt; protect it like any ssh key)"
  run install -d -m 0700 "$ssh_dir"
  run ssh-keygen -q -t ed25519 -N "" -C "dolbom-operator-${USER:-$(id -un)}" -f "$key"
}

ensure_ssh_config() {
  local rendered
  rendered=$(render_managed_config)
  if [[ -f "$managed_config" && "$(cat "$managed_config")" == "$rendered" ]]; then
    log "ssh config for $instance_id unchanged ($managed_config)"
  else
    changes=$((changes + 1))
    if [[ "$DRY_RUN" == true ]]; then
      log "would write this block to $managed_config:"
      desired_block >&2
    else
      install -d -m 0700 "$ssh_dir"
      (umask 077 && printf '%s\n' "$rendered" >"$managed_config")
      log "wrote ssh config for $instance_id to $managed_config"
    fi
  fi
  # ssh reads Include only from the top of ~/.ssh/config (before any Host block), so prepend it.
  if ! grep -qsxF "Include dolbom.conf" "$ssh_dir/config"; then
    changes=$((changes + 1))
    if [[ "$DRY_RUN" == true ]]; then
      log "would prepend 'Include dolbom.conf' to $ssh_dir/config"
    else
      local previous=""
      [[ -f "$ssh_dir/config" ]] && previous=$(cat "$ssh_dir/config")
      (umask 077 && printf 'Include dolbom.conf\n%s' "${previous:+$previous$'\n'}" >"$ssh_dir/config")
      log "added 'Include dolbom.conf' at the top of $ssh_dir/config"
    fi
  fi
}

ensure_docker_context() {
  local want="ssh://ec2-user@$instance_id" have
  if have=$(docker context inspect "$context" --format '{{.Endpoints.docker.Host}}' 2>/dev/null); then
    if [[ "$have" == "$want" ]]; then
      log "docker context $context unchanged ($want)"
      return 0
    fi
    changes=$((changes + 1))
    log "docker context $context pointed at $have; updating"
    run docker context update "$context" --description "dolbom $env $role via SSM ($instance_id)" --docker "host=$want"
  else
    changes=$((changes + 1))
    run docker context create "$context" --description "dolbom $env $role via SSM ($instance_id)" --docker "host=$want"
  fi
}

ensure_key
ensure_ssh_config
ensure_docker_context

if [[ "$DRY_RUN" == true ]]; then
  log "dry run: $changes change(s) would be made"
elif ((changes == 0)); then
  log "already set up; nothing changed. Try: docker --context $context ps"
else
  log "done ($changes change(s)). Try: docker --context $context ps"
fi
