import { portNotOpenToWorld } from '../../factories.js';

export const ADMIN_PORTS = [
  { proto: 'tcp', port: 22, what: 'SSH' },
  { proto: 'tcp', port: 3389, what: 'RDP' },
  { proto: 'udp', port: 3389, what: 'RDP' },
] as const;

export const NET_001 = portNotOpenToWorld(
  {
    id: 'NET-001',
    title: 'No security group ingress from 0.0.0.0/0 or ::/0 on 22 or 3389',
    rationale:
      'AWS Security Hub EC2.13 "Security groups should not allow ingress from 0.0.0.0/0 or ::/0 to port 22" and EC2.14 (port 3389): unrestricted access to SSH and RDP "increases the risk of malicious activity, such as hacking, denial-of-service attacks, and loss of data". Internet-wide scanners find an open admin port within minutes.',
    fix: 'Remove the world CIDR from the rule: reach hosts with SSM Session Manager (no inbound port), or admit only a known address range or a bastion\'s security group.',
    resourceTypes: ['aws_security_group', 'aws_default_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'],
  },
  { ports: [...ADMIN_PORTS] },
);
