provider "aws" {
  region              = var.region
  allowed_account_ids = length(var.allowed_account_ids) > 0 ? var.allowed_account_ids : null

  default_tags {
    tags = {
      Project     = var.project
      ManagedBy   = "terraform"
      Environment = "shared"
      Role        = "terraform-state"
    }
  }
}
