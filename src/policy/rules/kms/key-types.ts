/** Resource types whose id, ARN or alias name a KMS key (what an encryption rule may be pointed at). */
export const KMS_KEY_TYPES = ['aws_kms_key', 'aws_kms_replica_key', 'aws_kms_external_key', 'aws_kms_replica_external_key', 'aws_kms_alias'];
