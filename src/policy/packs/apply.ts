/**
 * The aws-apply pack: what AWS refuses at apply (severity error) or what breaks later, on a
 * replacement, a rebuild or a rotation (severity warning), for the resource types of this stack and
 * the common ones around it. Every rule quotes the documentation sentence it enforces; unknown
 * strings are judged by their known domain (random_password alphabets, name_prefix suffixes).
 * docs/apply-time.md lists every constraint and which tool catches it.
 */
import type { Pack } from '../types.js';
import { APL_EC_001 } from '../rules/apply/elasticache/APL-EC-001-auth-token-charset.js';
import { APL_EC_002 } from '../rules/apply/elasticache/APL-EC-002-auth-token-needs-transit-encryption.js';
import { APL_EC_003 } from '../rules/apply/elasticache/APL-EC-003-replication-group-id.js';
import { APL_EC_004 } from '../rules/apply/elasticache/APL-EC-004-failover-needs-two-clusters.js';
import { APL_EC_005 } from '../rules/apply/elasticache/APL-EC-005-at-most-six-clusters.js';
import { APL_EC_006 } from '../rules/apply/elasticache/APL-EC-006-parameter-group-family.js';
import { APL_ECS_001 } from '../rules/apply/ecs/APL-ECS-001-fargate-cpu-memory.js';
import { APL_ECS_002 } from '../rules/apply/ecs/APL-ECS-002-awsvpc-needs-ip-targets.js';
import { APL_ECS_003 } from '../rules/apply/ecs/APL-ECS-003-fargate-needs-awsvpc.js';
import { APL_ASG_001 } from '../rules/apply/autoscaling/APL-ASG-001-desired-within-min-max.js';
import { APL_RDS_001 } from '../rules/apply/rds/APL-RDS-001-max-allocated-storage.js';
import { APL_RDS_002 } from '../rules/apply/rds/APL-RDS-002-backup-window-format.js';
import { APL_RDS_003 } from '../rules/apply/rds/APL-RDS-003-maintenance-window-format.js';
import { APL_RDS_004 } from '../rules/apply/rds/APL-RDS-004-windows-do-not-overlap.js';
import { APL_RDS_005 } from '../rules/apply/rds/APL-RDS-005-monitoring-interval.js';
import { APL_RDS_006 } from '../rules/apply/rds/APL-RDS-006-monitoring-role-needs-interval.js';
import { APL_RDS_007 } from '../rules/apply/rds/APL-RDS-007-iops-to-storage-ratio.js';
import { APL_RDS_008 } from '../rules/apply/rds/APL-RDS-008-identifier.js';
import { APL_RDS_009 } from '../rules/apply/rds/APL-RDS-009-managed-password-conflicts-with-password.js';
import { APL_RDS_010 } from '../rules/apply/rds/APL-RDS-010-managed-secret-is-read.js';
import { APL_RDS_011 } from '../rules/apply/rds/APL-RDS-011-deletion-protection-in-throw-away.js';
import { APL_RDS_012 } from '../rules/apply/rds/APL-RDS-012-parameter-group-family.js';
import { APL_RDS_013 } from '../rules/apply/rds/APL-RDS-013-allocated-storage-range.js';
import { APL_SG_001 } from '../rules/apply/sg/APL-SG-001-description-charset.js';
import { APL_SG_002 } from '../rules/apply/sg/APL-SG-002-group-name.js';
import { APL_LB_001 } from '../rules/apply/lb/APL-LB-001-load-balancer-name.js';
import { APL_LB_002 } from '../rules/apply/lb/APL-LB-002-target-group-name.js';
import { APL_LB_003 } from '../rules/apply/lb/APL-LB-003-target-group-name-prefix.js';
import { APL_LB_004 } from '../rules/apply/lb/APL-LB-004-alb-two-azs.js';
import { APL_LB_005 } from '../rules/apply/lb/APL-LB-005-tls-listener-certificate.js';
import { APL_LB_006 } from '../rules/apply/lb/APL-LB-006-unique-rule-priority.js';
import { APL_LB_007 } from '../rules/apply/lb/APL-LB-007-rule-priority-range.js';
import { APL_LB_008 } from '../rules/apply/lb/APL-LB-008-deregistration-delay.js';
import { APL_LB_009 } from '../rules/apply/lb/APL-LB-009-health-check-interval-above-timeout.js';
import { APL_EBS_001 } from '../rules/apply/ebs/APL-EBS-001-gp3-iops.js';
import { APL_EBS_002 } from '../rules/apply/ebs/APL-EBS-002-io1-iops.js';
import { APL_EBS_003 } from '../rules/apply/ebs/APL-EBS-003-io2-iops.js';
import { APL_EBS_004 } from '../rules/apply/ebs/APL-EBS-004-provisioned-iops-required.js';
import { APL_EBS_005 } from '../rules/apply/ebs/APL-EBS-005-iops-only-provisioned-types.js';
import { APL_EBS_006 } from '../rules/apply/ebs/APL-EBS-006-gp3-throughput.js';
import { APL_EC2_001 } from '../rules/apply/ec2/APL-EC2-001-metadata-hop-limit.js';
import { APL_EC2_002 } from '../rules/apply/ec2/APL-EC2-002-user-data-size.js';
import { APL_CW_001 } from '../rules/apply/cloudwatch/APL-CW-001-alarm-period.js';
import { APL_CW_002 } from '../rules/apply/cloudwatch/APL-CW-002-alarm-evaluation-range.js';
import { APL_CW_003 } from '../rules/apply/cloudwatch/APL-CW-003-log-group-retained-in-throw-away.js';
import { APL_IAM_001 } from '../rules/apply/iam/APL-IAM-001-entity-names.js';
import { APL_IAM_002 } from '../rules/apply/iam/APL-IAM-002-path.js';
import { APL_IAM_003 } from '../rules/apply/iam/APL-IAM-003-inline-policy-name.js';
import { APL_IAM_004 } from '../rules/apply/iam/APL-IAM-004-policy-document-charset.js';
import { APL_IAM_005 } from '../rules/apply/iam/APL-IAM-005-managed-policy-size.js';
import { APL_IAM_006 } from '../rules/apply/iam/APL-IAM-006-role-inline-policies-size.js';
import { APL_SM_001 } from '../rules/apply/secrets/APL-SM-001-recovery-window.js';
import { APL_SM_002 } from '../rules/apply/secrets/APL-SM-002-recovery-window-in-throw-away.js';
import { APL_KMS_001 } from '../rules/apply/kms/APL-KMS-001-deletion-window.js';
import { APL_S3_001 } from '../rules/apply/s3/APL-S3-001-bucket-name.js';
import { APL_S3_002 } from '../rules/apply/s3/APL-S3-002-bucket-name-reserved.js';
import { APL_S3_003 } from '../rules/apply/s3/APL-S3-003-force-destroy-in-throw-away.js';
import { APL_SNS_001 } from '../rules/apply/sns/APL-SNS-001-topic-name.js';
import { APL_SNS_002 } from '../rules/apply/sns/APL-SNS-002-fifo-suffix.js';
import { APL_CF_001 } from '../rules/apply/cloudfront/APL-CF-001-acm-certificate-us-east-1.js';
import { APL_CF_002 } from '../rules/apply/cloudfront/APL-CF-002-certificate-needs-ssl-support-method.js';
import { APL_EFS_001 } from '../rules/apply/efs/APL-EFS-001-provisioned-throughput.js';
import { APL_LAMBDA_001 } from '../rules/apply/lambda/APL-LAMBDA-001-memory.js';
import { APL_LAMBDA_002 } from '../rules/apply/lambda/APL-LAMBDA-002-timeout.js';
import { APL_LAMBDA_003 } from '../rules/apply/lambda/APL-LAMBDA-003-queue-visibility-covers-timeout.js';
import { APL_LIFE_001 } from '../rules/apply/lifecycle/APL-LIFE-001-fixed-name-create-before-destroy.js';

export const applyPack: Pack = {
  name: 'aws-apply',
  description: 'Apply-time correctness: values, combinations and lifecycles AWS refuses at apply or that fail on the next replacement or rebuild.',
  rules: [
    APL_EC_001,
    APL_EC_002,
    APL_EC_003,
    APL_EC_004,
    APL_EC_005,
    APL_EC_006,
    APL_ECS_001,
    APL_ECS_002,
    APL_ECS_003,
    APL_ASG_001,
    APL_RDS_001,
    APL_RDS_002,
    APL_RDS_003,
    APL_RDS_004,
    APL_RDS_005,
    APL_RDS_006,
    APL_RDS_007,
    APL_RDS_008,
    APL_RDS_009,
    APL_RDS_010,
    APL_RDS_011,
    APL_RDS_012,
    APL_RDS_013,
    APL_SG_001,
    APL_SG_002,
    APL_LB_001,
    APL_LB_002,
    APL_LB_003,
    APL_LB_004,
    APL_LB_005,
    APL_LB_006,
    APL_LB_007,
    APL_LB_008,
    APL_LB_009,
    APL_EBS_001,
    APL_EBS_002,
    APL_EBS_003,
    APL_EBS_004,
    APL_EBS_005,
    APL_EBS_006,
    APL_EC2_001,
    APL_EC2_002,
    APL_CW_001,
    APL_CW_002,
    APL_CW_003,
    APL_IAM_001,
    APL_IAM_002,
    APL_IAM_003,
    APL_IAM_004,
    APL_IAM_005,
    APL_IAM_006,
    APL_SM_001,
    APL_SM_002,
    APL_KMS_001,
    APL_S3_001,
    APL_S3_002,
    APL_S3_003,
    APL_SNS_001,
    APL_SNS_002,
    APL_CF_001,
    APL_CF_002,
    APL_EFS_001,
    APL_LAMBDA_001,
    APL_LAMBDA_002,
    APL_LAMBDA_003,
    APL_LIFE_001,
  ],
};
