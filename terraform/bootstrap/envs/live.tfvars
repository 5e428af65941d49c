# The state bucket of the live deployment (terraform/README.md, "Before the first apply"):
#   terraform -chdir=terraform/bootstrap init
#   terraform -chdir=terraform/bootstrap apply -var-file=envs/live.tfvars
# The same bucket name as github_actions.state_bucket in ../envs/live.tfvars.
state_bucket        = "example-terraform-state"
allowed_account_ids = ["111122223333"]
