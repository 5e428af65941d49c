/**
 * The `dolbom` pack: this repository's own contract on top of `aws` — the tags every resource
 * carries, host roles reached only through SSM, the staging/prod split, LiveKit's media path, the
 * ALB routing by environment, the public entry points our intents declare. Selected by the
 * project config at the repository root (.stackcheck.yaml); other stacks never run it by default.
 */
import type { Pack } from '../types.js';
import { NET_008 } from '../rules/network/NET-008-no-admin-port-ingress.js';
import { NET_002 } from '../rules/network/NET-002-no-world-ingress.js';
import { NET_004 } from '../rules/network/NET-004-instance-private-subnet.js';
import { NET_005 } from '../rules/network/NET-005-data-store-isolated-subnets.js';
import { NET_007 } from '../rules/network/NET-007-no-cross-environment-sg-reference.js';
import { CMP_003 } from '../rules/compute/CMP-003-no-key-pair.js';
import { CMP_004 } from '../rules/compute/CMP-004-ssm-instance-profile.js';
import { CMP_005 } from '../rules/compute/CMP-005-ai-agent-gpu.js';
import { LB_003 } from '../rules/lb/LB-003-alb-default-not-environment.js';
import { LB_005 } from '../rules/lb/LB-005-host-header-environment.js';
import { LB_007 } from '../rules/lb/LB-007-one-livekit-udp-target.js';
import { DATA_006 } from '../rules/data/DATA-006-prod-deletion-protection.js';
import { STATE_001 } from '../rules/state/STATE-001-encrypted-locked-backend.js';
import { TAG_001 } from '../rules/tags/TAG-001-required-tags.js';

export const dolbomPack: Pack = {
  name: 'dolbom',
  description: 'The dolbom stack contract: Project/Environment/ManagedBy tags, SSM-only hosts, private subnets by tier, staging/prod isolation, host-routed ALB, LiveKit media, the S3 backend.',
  rules: [
    NET_002, NET_004, NET_005, NET_007, NET_008,
    CMP_003, CMP_004, CMP_005,
    LB_003, LB_005, LB_007,
    DATA_006,
    STATE_001, TAG_001,
  ],
};
