/**
 * The `aws` pack, the default: rules whose truth does not depend on anyone's conventions — what AWS
 * documents as insecure or broken whatever the stack is for (world-open admin ports, unencrypted
 * data, public buckets, admin IAM grants, TLS below 1.2). Every rationale cites the AWS page it rests on.
 */
import type { Pack } from '../types.js';
import { NET_001 } from '../rules/network/NET-001-no-admin-ports-from-world.js';
import { NET_003 } from '../rules/network/NET-003-no-public-ip.js';
import { NET_006 } from '../rules/network/NET-006-two-az-subnet-spread.js';
import { CMP_001 } from '../rules/compute/CMP-001-imdsv2-required.js';
import { CMP_002 } from '../rules/compute/CMP-002-encrypted-volumes.js';
import { LB_001 } from '../rules/lb/LB-001-http-listener-redirects.js';
import { LB_002 } from '../rules/lb/LB-002-tls12-policy.js';
import { LB_004 } from '../rules/lb/LB-004-drop-invalid-headers.js';
import { LB_006 } from '../rules/lb/LB-006-udp-health-check-tcp.js';
import { DATA_001 } from '../rules/data/DATA-001-rds-encrypted.js';
import { DATA_002 } from '../rules/data/DATA-002-rds-not-public.js';
import { DATA_003 } from '../rules/data/DATA-003-rds-backups.js';
import { DATA_004 } from '../rules/data/DATA-004-rds-force-ssl.js';
import { DATA_005 } from '../rules/data/DATA-005-rds-managed-password.js';
import { DATA_007 } from '../rules/data/DATA-007-redis-transit-encryption.js';
import { DATA_008 } from '../rules/data/DATA-008-redis-at-rest-encryption.js';
import { DATA_009 } from '../rules/data/DATA-009-redis-auth.js';
import { DATA_010 } from '../rules/data/DATA-010-redis-failover.js';
import { DATA_011 } from '../rules/data/DATA-011-redshift-encrypted.js';
import { IAM_001 } from '../rules/iam/IAM-001-no-star-on-star.js';
import { IAM_002 } from '../rules/iam/IAM-002-no-admin.js';
import { IAM_003 } from '../rules/iam/IAM-003-oidc-trust-repository.js';
import { S3_001 } from '../rules/s3/S3-001-public-access-blocked.js';
import { S3_002 } from '../rules/s3/S3-002-encryption.js';
import { S3_003 } from '../rules/s3/S3-003-versioning.js';
import { SEC_001 } from '../rules/secrets/SEC-001-no-plaintext-secrets.js';
import { IAM_004 } from '../rules/iam/IAM-004-no-service-wildcard-on-all-resources.js';
import { IAM_005 } from '../rules/iam/IAM-005-no-user-policies.js';
import { IAM_006 } from '../rules/iam/IAM-006-no-access-keys.js';
import { IAM_007 } from '../rules/iam/IAM-007-no-public-resource-policy.js';
import { S3_004 } from '../rules/s3/S3-004-no-public-bucket-policy.js';
import { S3_005 } from '../rules/s3/S3-005-tls-only.js';
import { CF_001 } from '../rules/cdn/CF-001-viewer-tls.js';
import { CF_002 } from '../rules/cdn/CF-002-waf.js';
import { CF_003 } from '../rules/cdn/CF-003-origin-access-control.js';
import { CF_004 } from '../rules/cdn/CF-004-logging.js';
import { LB_008 } from '../rules/lb/LB-008-public-alb-waf.js';
import { NET_009 } from '../rules/network/NET-009-vpc-flow-logs.js';
import { NET_010 } from '../rules/network/NET-010-no-all-traffic-egress.js';
import { ECR_001 } from '../rules/ecr/ECR-001-tag-immutability.js';
import { ECR_002 } from '../rules/ecr/ECR-002-scan-on-push.js';
import { EFS_001 } from '../rules/storage/EFS-001-encrypted.js';
import { OS_001 } from '../rules/search/OS-001-encryption.js';
import { OS_002 } from '../rules/search/OS-002-vpc.js';
import { SNS_001 } from '../rules/messaging/SNS-001-encrypted.js';
import { SQS_001 } from '../rules/messaging/SQS-001-encrypted.js';
import { KIN_001 } from '../rules/streams/KIN-001-encrypted.js';
import { KMS_001 } from '../rules/kms/KMS-001-rotation.js';
import { CT_001 } from '../rules/logging/CT-001-trail.js';
import { ECS_001 } from '../rules/containers/ECS-001-no-secrets-in-environment.js';
import { ECS_002 } from '../rules/containers/ECS-002-no-privileged-containers.js';
import { LMB_001 } from '../rules/containers/LMB-001-no-secrets-in-environment.js';

export const awsPack: Pack = {
  name: 'aws',
  description: 'General AWS rules, true for any stack: network exposure, hardened hosts, TLS, encrypted private data, least-privilege IAM, public buckets, secrets.',
  rules: [
    NET_001, NET_003, NET_006, NET_009, NET_010,
    CMP_001, CMP_002,
    LB_001, LB_002, LB_004, LB_006, LB_008,
    DATA_001, DATA_002, DATA_003, DATA_004, DATA_005, DATA_007, DATA_008, DATA_009, DATA_010, DATA_011,
    IAM_001, IAM_002, IAM_003, IAM_004, IAM_005, IAM_006, IAM_007,
    S3_001, S3_002, S3_003, S3_004, S3_005,
    CF_001, CF_002, CF_003, CF_004,
    ECR_001, ECR_002, ECS_001, ECS_002, LMB_001,
    EFS_001, OS_001, OS_002,
    SNS_001, SQS_001, KIN_001, KMS_001, CT_001,
    SEC_001,
  ],
};
