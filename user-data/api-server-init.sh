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
install_rds_ca_bundle
# The database users of this host's applications (terraform/locals.tf local.database_users).
install_db_token_refresher dolbom_api dolbom_indexing
finish
