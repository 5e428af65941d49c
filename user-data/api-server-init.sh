#!/bin/bash
# dolbom api-server host bootstrap: Python API and indexing worker (compose/api-server).
# Rendered by the ec2 module with templatefile() (variables: docs/host.md); the bootstrap every
# host shares (user-data/common.sh, rendered first) is the variable `common`, interpolated below.
# Runs once as root through cloud-init. Idempotent: re-run it with
# `sudo bash /var/lib/cloud/instance/user-data.txt`.
set -Eeuo pipefail
umask 022

${common}
log "bootstrap start: ${project}-${environment}-${role} (ephemeral=$EPHEMERAL)"
install_access_agents
install_docker
configure_cloudwatch_agent no-gpu
fetch_env
finish
