provider "aws" {
  region              = var.region
  allowed_account_ids = length(var.allowed_account_ids) > 0 ? var.allowed_account_ids : null

  # Project and ManagedBy everywhere; Environment and Role are set per resource, because one state
  # holds the shared parts and both environments.
  default_tags {
    tags = local.default_tags
  }
}
