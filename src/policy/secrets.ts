/**
 * Which names hold a secret: one reading for every rule that asks (SEC-001 over all attributes,
 * ECS-001 over container environments, LMB-001 over Lambda environments).
 */

/** Attribute or variable names that hold a secret (snake_case attributes, UPPER_CASE variables). */
const SECRET_NAME = /^(password|passwd|master_password|secret|secret_string|secret_key|secret_access_key|access_key|api_key|apikey|auth_token|token|private_key|client_secret)$|(_password|_passwd|_secret|_token|_api_key|_apikey|_private_key|_secret_key|_secret_access_key|_access_key_id|_client_secret|_auth_data)$/i;

/**
 * Names that end like a secret but are not one: idempotency tokens a caller picks so a retried
 * create does not make a second resource (aws_efs_file_system.creation_token: "A unique name used as
 * reference when creating the Elastic File System to ensure idempotent file system creation").
 */
const NOT_SECRET_NAME = /^(creation_token|client_token|idempotency_token|client_request_token)$/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name);
}
