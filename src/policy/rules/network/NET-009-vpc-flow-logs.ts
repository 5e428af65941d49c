import { mustHaveCompanion } from '../../factories.js';

export const NET_009 = mustHaveCompanion(
  {
    id: 'NET-009',
    title: 'Every VPC has flow logs',
    rationale:
      'AWS Security Hub EC2.6 "VPC flow logging should be enabled in all VPCs": flow logs record the traffic accepted and rejected at every network interface, the evidence needed to investigate an intrusion, a data exfiltration or a security-group mistake after the fact.',
    fix: 'Add an aws_flow_log with `vpc_id` = the VPC, `traffic_type = "ALL"` (or at least "REJECT") and a CloudWatch Logs or S3 destination.',
    resourceTypes: ['aws_vpc', 'aws_flow_log'],
  },
  { types: ['aws_flow_log'], attribute: 'vpc_id', what: 'a flow log' },
);
