/**
 * The intents every stack is held to when its project config names no intents file: what no
 * network should allow whatever it is for. Admin and remote-shell ports are never open to the
 * internet (AWS Security Hub EC2.13 / EC2.14: "Security groups should not allow ingress from
 * 0.0.0.0/0 or ::/0 to port 22 / 3389"; EC2.53 for remote server administration ports), and no data
 * store is reachable from the internet (RDS.2 "RDS DB instances should prohibit public access";
 * AWS Well-Architected SEC05 "protect networks": keep data stores in private subnets).
 */
import type { IntentsFile } from '../reach/intents.js';

export const GENERIC_INTENTS: IntentsFile = {
  version: 1,
  description: 'stackcheck generic intents (no project intents file): no admin port and no data store reachable from the internet',
  intents: [
    {
      id: 'generic:internet-no-admin-ports',
      title: 'the internet reaches no admin or remote-shell port (SSH, RDP, WinRM, VNC, Telnet)',
      expect: 'deny',
      from: 'internet',
      to: '*',
      ports: ['22/tcp', '23/tcp', '3389/tcp', '3389/udp', '5985-5986/tcp', '5900/tcp'],
      rationale:
        'AWS Security Hub EC2.13/EC2.14/EC2.53: security groups should not allow ingress from 0.0.0.0/0 or ::/0 to remote server administration ports (22, 3389); an open admin port is the first thing internet scanners try. Reach hosts through SSM Session Manager or a VPN instead.',
    },
    {
      id: 'generic:internet-no-data-store',
      title: 'the internet reaches no data store (RDS, ElastiCache) on any port',
      expect: 'deny',
      from: 'internet',
      to: ['kind:rds', 'kind:elasticache'],
      ports: 'any',
      rationale:
        'AWS Security Hub RDS.2 ("RDS DB instances should prohibit public access") and the ElastiCache user guide ("ElastiCache is designed to be accessed from within a VPC"): a database or cache reachable from the internet is one leaked credential away from a breach. Keep data stores in private subnets, admitted only from the application\'s security groups.',
    },
  ],
};
