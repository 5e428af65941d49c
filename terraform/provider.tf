provider "aws" {
  region              = var.region
  allowed_account_ids = length(var.allowed_account_ids) > 0 ? var.allowed_account_ids : null

  # Project and ManagedBy everywhere; Environment and Role are set per resource, because one state
  # holds the shared parts and both environments.
  default_tags {
    tags = local.default_tags
  }
}

# The region of the backup copy vault (terraform/backup.tf): a key and a vault exist in one region
# only. Without var.backup.copy.region it points at this region and no resource uses it.
provider "aws" {
  alias               = "backup_copy"
  region              = try(var.backup.copy.region, null) != null ? var.backup.copy.region : var.region
  allowed_account_ids = length(var.allowed_account_ids) > 0 ? var.allowed_account_ids : null

  default_tags {
    tags = local.default_tags
  }
}
