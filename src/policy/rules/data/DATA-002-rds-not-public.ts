import { mustNotBe } from '../../factories.js';

export const DATA_002 = mustNotBe(
  {
    id: 'DATA-002',
    title: 'RDS instances are not publicly accessible',
    rationale: 'DESIGN.md data: never public, reachable only from that environment\'s app hosts. A public endpoint puts the database one leaked password away from the internet.',
    fix: 'Set `publicly_accessible = false` (the default) and keep the instance in data-tier subnets.',
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster_instance'],
  },
  'publicly_accessible',
  [true],
  { whenAbsent: false },
);
