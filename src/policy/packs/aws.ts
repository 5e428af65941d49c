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
import { IAM_001 } from '../rules/iam/IAM-001-no-star-on-star.js';
import { IAM_002 } from '../rules/iam/IAM-002-no-admin.js';
import { IAM_003 } from '../rules/iam/IAM-003-oidc-trust-repository.js';
import { S3_001 } from '../rules/s3/S3-001-public-access-blocked.js';
import { S3_002 } from '../rules/s3/S3-002-encryption.js';
import { S3_003 } from '../rules/s3/S3-003-versioning.js';
import { SEC_001 } from '../rules/secrets/SEC-001-no-plaintext-secrets.js';

export const awsPack: Pack = {
  name: 'aws',
  description: 'General AWS rules, true for any stack: network exposure, hardened hosts, TLS, encrypted private data, least-privilege IAM, public buckets, secrets.',
  rules: [
    NET_001, NET_003, NET_006,
    CMP_001, CMP_002,
    LB_001, LB_002, LB_004, LB_006,
    DATA_001, DATA_002, DATA_003, DATA_004, DATA_005, DATA_007, DATA_008, DATA_009, DATA_010,
    IAM_001, IAM_002, IAM_003,
    S3_001, S3_002, S3_003,
    SEC_001,
  ],
};
