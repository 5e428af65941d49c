#!/bin/bash
# dolbom ai-agent host bootstrap: GPU host for compose/ai-agent (stt, ollama on the GPU; agent, transcript-storage, kma-mcp).
# Rendered by the ec2 module with templatefile() (variables: docs/host.md); the bootstrap every
# host shares (user-data/common.sh, rendered first) is the variable `common`, interpolated below.
# Runs once as root through cloud-init. Idempotent: re-run it with
# `sudo bash /var/lib/cloud/instance/user-data.txt`.
set -Eeuo pipefail
umask 022

${common}
# The AMI is the Deep Learning Base OSS NVIDIA driver AMI (Amazon Linux 2023): NVIDIA driver and
# NVIDIA Container Toolkit preinstalled. Without a working GPU this host is useless: fail loudly.
gpu_present() {
  if nvidia-smi -L; then
    return 0
  fi
  [[ "$EPHEMERAL" == true ]] ||
    die "nvidia-smi failed: no working NVIDIA driver. Boot the Deep Learning Base OSS NVIDIA driver AMI on a GPU instance type (g5)"
  log "WARNING: no NVIDIA GPU on this ephemeral host: skipping GPU setup and GPU metrics"
  return 1
}

setup_nvidia_runtime() {
  command -v nvidia-ctk >/dev/null || die "nvidia-ctk missing: the AMI must ship the NVIDIA Container Toolkit"
  if ! docker info --format '{{json .Runtimes}}' | grep -q '"nvidia"'; then
    nvidia-ctk runtime configure --runtime=docker
    systemctl restart docker
  fi
  docker info --format '{{json .Runtimes}}' | grep -q '"nvidia"' ||
    die "docker has no nvidia runtime after nvidia-ctk runtime configure"
  log "GPU ready: $(nvidia-smi --query-gpu=name,memory.total --format=csv,noheader)"
}

log "bootstrap start: ${project}-${environment}-${role} (ephemeral=$EPHEMERAL)"
install_access_agents
install_docker
if gpu_present; then
  setup_nvidia_runtime
  configure_cloudwatch_agent gpu
else
  configure_cloudwatch_agent no-gpu
fi
fetch_env
install_rds_ca_bundle
# The database users of this host's applications (terraform/locals.tf local.database_users).
install_db_token_refresher dolbom_transcripts
finish
