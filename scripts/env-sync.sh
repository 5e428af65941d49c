#!/usr/bin/env bash
# Back up / restore an environment's env folder (env/<env>/, git-ignored) to / from the env-file
# bucket, always with server-side encryption under the bucket's customer-managed key, named by its
# full ARN (SSE-KMS; the bucket policy refuses a put that names no key or another one):
#   push: env/<env>/ -> s3://<bucket>/<env>/env.zip (the operators' backup; no host may read it)
#         env/<env>/<role>.env -> s3://<bucket>/<env>/<role>.env (what that one host reads at boot)
#   pull: s3://<bucket>/<env>/env.zip -> env/<env>/, after moving the current folder aside
#         to env/<env>.backup-<UTC time> when it differs. Nothing is overwritten without a backup.
# Plaintext never leaves env/: the work folder is env/.env-sync.* (mode 700), removed on exit.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
umask 077
SCRIPT_NAME="env-sync.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<EOF
usage: scripts/env-sync.sh push|pull <env> [--dry-run]

  push      zip env/<env>/ to s3://<bucket>/<env>/env.zip and upload each env/<env>/<role>.env as <env>/<role>.env
  pull      restore env/<env>/ from s3://<bucket>/<env>/env.zip (the current folder is kept as a backup)
  <env>     staging, prod or shared (LiveKit)
  --dry-run print the transfers, change nothing

The bucket is \$ENV_BUCKET, else 'terraform output -raw env_bucket' in terraform/; the KMS key of
a push is \$ENV_KMS_KEY_ARN, else 'terraform output -raw env_files_kms_key_arn'.
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
[[ ${#positional[@]} -eq 2 ]] || usage_error "expected push|pull <env>, got ${#positional[@]} argument(s)"
action=${positional[0]} env=${positional[1]}
[[ "$action" == push || "$action" == pull ]] || usage_error "unknown action '$action' (valid: push, pull)"
check_env_role "$env"

need aws zip unzip
bucket=$(terraform_output env_bucket ENV_BUCKET)
folder="$ENV_DIR/$env"
zip_url="s3://$bucket/$env/env.zip"

mkdir -p "$ENV_DIR"
work=$(mktemp -d "$ENV_DIR/.env-sync.XXXXXX")
trap 'rm -rf "$work"' EXIT

push() {
  local roles role present=()
  roles=$(roles_of "$env")
  for role in $roles; do
    [[ -f "$folder/$role.env" ]] && present+=("$role")
  done
  ((${#present[@]} > 0)) || die "missing $folder/<role>.env (roles of $env: ${roles// /, }): nothing to push"
  [[ ! -f "$folder/.env" ]] ||
    log "warning: $folder/.env is read by no host (one file per role: <role>.env); split it and remove it"
  local key
  key=$(terraform_output env_files_kms_key_arn ENV_KMS_KEY_ARN)
  (cd "$folder" && zip -q -r -X "$work/env.zip" .)
  log "pushing $folder ($(find "$folder" -type f | wc -l | tr -d ' ') file(s)) to $zip_url and ${present[*]/%/.env}"
  run aws s3 cp --only-show-errors --sse aws:kms --sse-kms-key-id "$key" "$work/env.zip" "$zip_url"
  for role in "${present[@]}"; do
    run aws s3 cp --only-show-errors --sse aws:kms --sse-kms-key-id "$key" "$folder/$role.env" "s3://$bucket/$env/$role.env"
  done
  for role in $roles; do
    [[ -f "$folder/$role.env" ]] || log "no $folder/$role.env: s3://$bucket/$env/$role.env left as it is"
  done
}

pull() {
  run aws s3 cp --only-show-errors "$zip_url" "$work/env.zip"
  if [[ "$DRY_RUN" == true ]]; then
    log "would unpack it into $folder (moving the current folder aside first if it differs)"
    return 0
  fi
  mkdir "$work/unpacked"
  unzip -q "$work/env.zip" -d "$work/unpacked"
  if [[ -d "$folder" ]]; then
    if diff -r -q "$folder" "$work/unpacked" >/dev/null; then
      log "$folder already matches $zip_url; nothing changed"
      return 0
    fi
    local backup
    backup="$ENV_DIR/$env.backup-$(date -u +%Y%m%dT%H%M%SZ)"
    mv "$folder" "$backup"
    log "kept the previous $folder as $backup"
  fi
  mv "$work/unpacked" "$folder"
  log "restored $folder from $zip_url"
}

"$action"
