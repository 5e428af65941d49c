# Partial configuration: the state bucket and key are account-specific and given at init, e.g.
#   terraform -chdir=terraform init \
#     -backend-config="bucket=<state-bucket>" \
#     -backend-config="key=dolbom/live.tfstate"
# Ephemeral runs use key=ephemeral/<run_id>.tfstate so that copies never share a state.
terraform {
  backend "s3" {
    region       = "ap-northeast-2"
    encrypt      = true
    use_lockfile = true
  }
}
