/**
 * The dolbom pack: every rule issue 5 lists, all severity error for this stack (each guards safety,
 * privacy or uptime). Order is the report order: network, compute, load balancers, data, IAM,
 * state and tags, S3, secrets.
 */
import type { Pack } from '../types.js';
import { NET_001 } from '../rules/network/NET-001-no-ssh-rdp-ingress.js';
import { NET_002 } from '../rules/network/NET-002-no-world-ingress.js';
import { NET_003 } from '../rules/network/NET-003-no-public-ip.js';
import { NET_004 } from '../rules/network/NET-004-instance-private-subnet.js';
import { NET_005 } from '../rules/network/NET-005-data-store-isolated-subnets.js';
import { NET_006 } from '../rules/network/NET-006-two-az-subnet-spread.js';
import { NET_007 } from '../rules/network/NET-007-no-cross-environment-sg-reference.js';
import { CMP_001 } from '../rules/compute/CMP-001-imdsv2-required.js';
import { CMP_002 } from '../rules/compute/CMP-002-encrypted-volumes.js';
import { CMP_003 } from '../rules/compute/CMP-003-no-key-pair.js';
import { CMP_004 } from '../rules/compute/CMP-004-ssm-instance-profile.js';
import { CMP_005 } from '../rules/compute/CMP-005-ai-agent-gpu.js';
import { LB_001 } from '../rules/lb/LB-001-http-listener-redirects.js';
import { LB_002 } from '../rules/lb/LB-002-tls12-policy.js';
import { LB_003 } from '../rules/lb/LB-003-alb-default-not-environment.js';
import { LB_004 } from '../rules/lb/LB-004-drop-invalid-headers.js';
import { LB_005 } from '../rules/lb/LB-005-host-header-environment.js';
import { LB_006 } from '../rules/lb/LB-006-udp-health-check-tcp.js';
import { LB_007 } from '../rules/lb/LB-007-one-livekit-udp-target.js';
import { DATA_001 } from '../rules/data/DATA-001-rds-encrypted.js';
import { DATA_002 } from '../rules/data/DATA-002-rds-not-public.js';
import { DATA_003 } from '../rules/data/DATA-003-rds-backups.js';
import { DATA_004 } from '../rules/data/DATA-004-rds-force-ssl.js';
import { DATA_005 } from '../rules/data/DATA-005-rds-managed-password.js';
import { DATA_006 } from '../rules/data/DATA-006-prod-deletion-protection.js';
import { DATA_007 } from '../rules/data/DATA-007-redis-transit-encryption.js';
import { DATA_008 } from '../rules/data/DATA-008-redis-at-rest-encryption.js';
import { DATA_009 } from '../rules/data/DATA-009-redis-auth.js';
import { DATA_010 } from '../rules/data/DATA-010-redis-failover.js';
import { IAM_001 } from '../rules/iam/IAM-001-no-star-on-star.js';
import { IAM_002 } from '../rules/iam/IAM-002-no-admin.js';
import { IAM_003 } from '../rules/iam/IAM-003-oidc-trust-repository.js';
import { STATE_001 } from '../rules/state/STATE-001-encrypted-locked-backend.js';
import { TAG_001 } from '../rules/tags/TAG-001-required-tags.js';
import { S3_001 } from '../rules/s3/S3-001-public-access-blocked.js';
import { S3_002 } from '../rules/s3/S3-002-encryption.js';
import { S3_003 } from '../rules/s3/S3-003-versioning.js';
import { SEC_001 } from '../rules/secrets/SEC-001-no-plaintext-secrets.js';

export const dolbomPack: Pack = {
  name: 'dolbom',
  description: 'Policies that guard the dolbom stack: network isolation, hardened hosts, TLS, private encrypted data, least-privilege IAM, tagged state.',
  rules: [
    NET_001, NET_002, NET_003, NET_004, NET_005, NET_006, NET_007,
    CMP_001, CMP_002, CMP_003, CMP_004, CMP_005,
    LB_001, LB_002, LB_003, LB_004, LB_005, LB_006, LB_007,
    DATA_001, DATA_002, DATA_003, DATA_004, DATA_005, DATA_006, DATA_007, DATA_008, DATA_009, DATA_010,
    IAM_001, IAM_002, IAM_003,
    STATE_001, TAG_001,
    S3_001, S3_002, S3_003,
    SEC_001,
  ],
};
