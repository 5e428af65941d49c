# A throw-away copy for `make test-ephemeral`: the shared parts and ONE environment, smallest sizes,
# no GPU, nothing protected from deletion, a self-signed certificate instead of a domain.
# The runner adds -var run_id=<id> (every name and the stackcheck:run-id tag carry it) and inits
# with -backend-config="key=ephemeral/<id>.tfstate".

ephemeral                     = true
self_signed_certificate       = true
alb_deletion_protection       = false
flow_logs_retention_days      = 1
alb_access_log_retention_days = 1
container_log_retention_days  = { staging = 1, shared = 1 }

# Copies of the stack may run side by side in the sandbox account: GuardDuty (one detector per
# account and region) and the Session Manager preferences (one SSM-SessionManagerRunShell document)
# belong to the account, not to a copy.
audit = {
  guardduty          = false
  session_logging    = false
  log_retention_days = 1
}

livekit = {
  signalling_host = "livekit.ephemeral.invalid"
  instance_type   = "t3.medium"
  redis = {
    node_type               = "cache.t4g.micro"
    snapshot_retention_days = 1
  }
}

environments = {
  staging = {
    api_host     = "api.ephemeral.invalid"
    web_host     = "web.ephemeral.invalid"
    ai_agent_gpu = false
    instance_types = {
      api      = "t3.small"
      web      = "t3.small"
      ai_agent = "t3.medium"
    }
    root_volume_sizes = {
      api      = 20
      web      = 20
      ai_agent = 30
    }
    rds = {
      instance_class    = "db.t4g.micro"
      allocated_storage = 20
      # 0: no storage autoscaling for a throw-away copy (RDS rejects a ceiling equal to the size).
      max_allocated_storage = 0
      backup_retention_days = 7
      deletion_protection   = false
      skip_final_snapshot   = true
    }
    redis = {
      node_type               = "cache.t4g.micro"
      snapshot_retention_days = 1
    }
  }
}
