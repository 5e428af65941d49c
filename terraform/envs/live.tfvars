# The real deployment: shared parts (VPC, ALB, NLB, LiveKit and its Redis) + staging + prod, one state.
#   terraform -chdir=terraform init -backend-config="bucket=<state-bucket>" -backend-config="key=dolbom/live.tfstate"
#   terraform -chdir=terraform apply -var-file=envs/live.tfvars
# Account-specific values (certificate, account id, alarm e-mails, repository) are placeholders to fill in.

project            = "dolbom"
region             = "ap-northeast-2"
availability_zones = ["ap-northeast-2a", "ap-northeast-2c"]
# Single-AZ compute for now; add "ap-northeast-2c" here (and set single_nat_gateway = false) for multi-AZ.
compute_availability_zones = ["ap-northeast-2a"]
single_nat_gateway         = true

# The provider refuses to touch any other account (a wrong AWS_PROFILE stops at plan).
allowed_account_ids = ["111122223333"]

certificate_arn         = "arn:aws:acm:ap-northeast-2:111122223333:certificate/00000000-0000-0000-0000-000000000000"
alb_deletion_protection = true
alarm_emails            = ["ops@example.com"]

# Monthly cost budget for the account (terraform/budget.tf): e-mails at 80 % and 100 % of actual spend
# and when AWS forecasts the month above 100 %. The limit is a placeholder like the other
# account-specific values: set it from your AWS Pricing Calculator estimate (docs/stack.md, "Cost").
budget = {
  monthly_limit_usd = 10000
  emails            = ["ops@example.com"]
}

livekit = {
  signalling_host = "livekit.example.com"
  instance_type   = "c7i.xlarge"
  redis = {
    node_type          = "cache.t4g.small"
    num_cache_clusters = 1
  }
}

environments = {
  staging = {
    api_host = "stg-api.example.com"
    web_host = "stg.example.com"
    instance_types = {
      api      = "t3.large"
      web      = "t3.medium"
      ai_agent = "g5.2xlarge"
    }
    rds = {
      instance_class        = "db.t4g.medium"
      backup_retention_days = 7
      deletion_protection   = false
      skip_final_snapshot   = true
    }
    redis = {
      node_type = "cache.t4g.small"
    }
  }

  prod = {
    api_host               = "api.example.com"
    web_host               = "www.example.com"
    termination_protection = true
    instance_types = {
      api      = "m7i.large"
      web      = "t3.large"
      ai_agent = "g5.2xlarge"
    }
    root_volume_sizes = {
      ai_agent = 200
    }
    rds = {
      instance_class        = "db.m7g.large"
      allocated_storage     = 100
      max_allocated_storage = 500
      multi_az              = true
      backup_retention_days = 14
      deletion_protection   = true
      skip_final_snapshot   = false
      performance_insights  = true
      monitoring_interval   = 60
    }
    redis = {
      node_type               = "cache.m7g.large"
      num_cache_clusters      = 2
      snapshot_retention_days = 14
    }
  }
}

github_actions = {
  repository = "example-org/dolbom-infra"
  # false when the account already has the token.actions.githubusercontent.com provider (one per account).
  create_oidc_provider = true
  state_bucket         = "example-terraform-state"
  state_key            = "dolbom/live.tfstate"
  # terraform -chdir=terraform/bootstrap output -raw kms_key_arn
  state_kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/00000000-0000-0000-0000-000000000000"
}
