/**
 * Which resource attributes hold a resource policy (an IAM policy document with a Principal), read
 * from the committed provider schema (schema/aws.json) rather than listed by hand: every string
 * argument whose name says "policy" is one, unless the tables below say what else it is. A type the
 * provider adds later is therefore judged (IAM-007) — and when its document is not IAM's policy
 * language, IAM-007 says unknown rather than pass.
 */
import { providerSchema, type BlockSchema } from '../schema/index.js';

export type PolicyKind =
  /** A resource policy: it grants to the principals it names (IAM-007 judges it). */
  | 'resource'
  /** A bucket policy: S3-004 judges it. */
  | 'bucket'
  /**
   * A VPC endpoint policy: "An endpoint policy does not override or replace identity-based policies
   * or resource-based policies"; the default one is `{"Effect": "Allow", "Principal": "*", "Action":
   * "*", "Resource": "*"}`, and "For gateway endpoints, you must set the Principal element to *"
   * (Amazon VPC, "Control access to VPC endpoints using endpoint policies"). It only narrows what
   * the callers' own policies grant, so "*" there opens nothing.
   */
  | 'endpoint'
  /** An identity or session policy (no Principal element): IAM-001/002/004's, not a grant to others. */
  | 'identity'
  /** Not an IAM policy document at all (a TLS policy name, a redrive policy, a Cedar policy …). */
  | 'other';

/** Argument names that never hold an IAM policy document, whatever the type. */
const OTHER_NAMES = new Set([
  'ssl_policy', 'security_policy', 'tls_security_policy', 'alpn_policy', 'dns_record_client_routing_policy',
  'routing_http_response_content_security_policy_header_value', 'content_security_policy', 'referrer_policy',
  'viewer_protocol_policy', 'origin_protocol_policy', 'protocol_policy', 'tls_policy', 'https_policy',
  'delivery_policy', 'archive_policy', 'filter_policy', 'filter_policy_scope', 'redrive_policy', 'redrive_allow_policy',
  'replay_policy', 'excess_capacity_termination_policy', 'dns_policy', 'image_pull_policy', 'data_deletion_policy',
  'default_policy', 'policy_language', 'padding_policy', 'sizing_policy', 'autoscaling_policy', 'auto_import_policy',
  'snapshot_policy', 'new_game_session_protection_policy', 'game_server_protection_policy', 'action_failure_policy',
  'stream_exception_policy', 'routing_policy', 'notification_policy', 'user_context_policy', 'web_app_endpoint_policy',
  'scaling_policy_update_behavior', 'delete_propagation_policy', 'permission_policy', 'browser_policy', 'policy_text',
  // A CloudFormation stack policy guards stack updates, not access to a resource.
  'policy_body', 'policy_url', 'base_policy_document', 'lifecycle_policy',
]);

/** An argument that names or numbers a policy rather than holding one. */
const OTHER_SUFFIX = /(_id|_arn|_name|_type|_label|_number|_revision|_revision_id|_runtime|_url|_scope)$/;

/** `type.argument` (nested: `type.block.*.argument`) → kind, where the name alone does not tell. */
const BY_TYPE: Record<string, PolicyKind> = {
  'aws_s3_bucket.policy': 'bucket',
  'aws_s3_bucket_policy.policy': 'bucket',
  'aws_vpc_endpoint.policy': 'endpoint',
  'aws_vpc_endpoint_policy.policy': 'endpoint',
  'aws_iam_policy.policy': 'identity',
  'aws_iam_role_policy.policy': 'identity',
  'aws_iam_user_policy.policy': 'identity',
  'aws_iam_group_policy.policy': 'identity',
  'aws_iam_role.inline_policy.*.policy': 'identity',
  'aws_ssoadmin_permission_set_inline_policy.inline_policy': 'identity',
  // Session policies: they narrow the role the user or pod assumes.
  'aws_transfer_user.policy': 'identity',
  'aws_transfer_access.policy': 'identity',
  'aws_rolesanywhere_profile.session_policy': 'identity',
  'aws_eks_pod_identity_association.policy': 'identity',
  // Documents in other languages.
  'aws_ecr_lifecycle_policy.policy': 'other',
  'aws_cloudwatch_log_account_policy.policy_document': 'other',
  'aws_cloudwatch_log_data_protection_policy.policy_document': 'other',
  'aws_cloudwatch_log_index_policy.policy_document': 'other',
  'aws_sns_topic_data_protection_policy.policy': 'other',
  'aws_opensearchserverless_access_policy.policy': 'other',
  'aws_opensearchserverless_lifecycle_policy.policy': 'other',
  'aws_opensearchserverless_security_policy.policy': 'other',
  'aws_networkmanager_core_network_policy_attachment.policy_document': 'other',
  'aws_verifiedaccess_endpoint.policy_document': 'other',
  'aws_verifiedaccess_group.policy_document': 'other',
  'aws_ses_receipt_filter.policy': 'other',
  'aws_ram_permission.policy_template': 'other',
  'aws_iot_policy.policy': 'other',
  'aws_iot_policy_attachment.policy': 'other',
};

export interface PolicyArgument {
  /** `policy`, or `details.*.policy` inside a nested block. */
  path: string;
  kind: PolicyKind;
}

function kindOf(type: string, path: string, name: string): PolicyKind {
  const byType = BY_TYPE[`${type}.${path}`];
  if (byType) return byType;
  if (OTHER_NAMES.has(name) || OTHER_SUFFIX.test(name)) return 'other';
  return 'resource';
}

function collect(type: string, block: BlockSchema, prefix: string, out: PolicyArgument[], seen: Set<BlockSchema>): void {
  if (seen.has(block)) return;
  seen.add(block);
  for (const [name, a] of Object.entries(block.attributes)) {
    if (!/polic/i.test(name) || a.type !== 'string') continue;
    // Computed only: the provider reports it (aws_lambda_layer_version_permission.policy), nobody writes it.
    if (!a.required && !a.optional) continue;
    out.push({ path: `${prefix}${name}`, kind: kindOf(type, `${prefix}${name}`, name) });
  }
  for (const [name, nested] of Object.entries(block.blocks)) collect(type, nested, `${prefix}${name}.*.`, out, seen);
}

let table: Map<string, PolicyArgument[]> | undefined;

/** Every aws resource type with a policy-named string argument → its arguments and their kinds. */
export function policyArguments(): Map<string, PolicyArgument[]> {
  if (table) return table;
  table = new Map();
  const schema = providerSchema('aws');
  for (const [type, block] of Object.entries(schema?.resources ?? {})) {
    const out: PolicyArgument[] = [];
    collect(type, block, '', out, new Set());
    if (out.length > 0) table.set(type, out);
  }
  return table;
}

/** The resource types with at least one resource-policy argument (IAM-007's), sorted. */
export function resourcePolicyTypes(): string[] {
  return [...policyArguments()].filter(([, args]) => args.some((a) => a.kind === 'resource')).map(([t]) => t).sort();
}

/** The resource-policy arguments of a type (`[]` when it has none). */
export const resourcePolicyPaths = (type: string): string[] =>
  (policyArguments().get(type) ?? []).filter((a) => a.kind === 'resource').map((a) => a.path);
