# Ephemeral copies have no domain: a self-signed certificate imported into ACM gives them the same
# HTTPS (and TURN/TLS) listeners as live. Probes connect with certificate checks relaxed.
locals {
  create_self_signed_certificate = var.self_signed_certificate

  certificate_hosts = distinct(concat(
    [var.livekit.signalling_host],
    flatten([for e in values(var.environments) : [e.api_host, e.web_host]]),
  ))
}

resource "tls_private_key" "self_signed" {
  count = local.create_self_signed_certificate ? 1 : 0

  algorithm = "RSA"
  rsa_bits  = 2048
}

resource "tls_self_signed_cert" "self_signed" {
  count = local.create_self_signed_certificate ? 1 : 0

  private_key_pem       = tls_private_key.self_signed[0].private_key_pem
  dns_names             = local.certificate_hosts
  validity_period_hours = 72
  allowed_uses          = ["key_encipherment", "digital_signature", "server_auth"]

  subject {
    common_name  = local.certificate_hosts[0]
    organization = "${var.project} ephemeral ${var.run_id}"
  }
}

resource "aws_acm_certificate" "self_signed" {
  count = local.create_self_signed_certificate ? 1 : 0

  private_key      = tls_private_key.self_signed[0].private_key_pem
  certificate_body = tls_self_signed_cert.self_signed[0].cert_pem

  tags = {
    Name        = "${local.name_prefix}-self-signed"
    Environment = "shared"
  }

  lifecycle {
    create_before_destroy = true
  }
}
