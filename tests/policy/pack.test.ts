/**
 * The pack against issue 5's list: every guard the issue names is a rule of the pack, with severity
 * error (each guards safety, privacy or uptime). Removing a rule or downgrading it to a warning
 * must be a visible change to this list.
 */
import { describe, expect, it } from 'vitest';
import { dolbomPack } from '../../src/policy/packs/dolbom.js';

const ISSUE_5: [string, string][] = [
  ['NET-001', 'no SG ingress on 22/3389 from anywhere'],
  ['NET-002', 'no 0.0.0.0/0 or ::/0 ingress except the declared public entry points'],
  ['NET-003', 'no instance with a public IP'],
  ['NET-004', 'no instance in a subnet routed to an IGW'],
  ['NET-005', 'data stores only in subnets with no internet route'],
  ['NET-006', 'ALB and DB subnet groups span >= 2 AZs'],
  ['NET-007', 'staging and prod security groups never reference each other'],
  ['CMP-001', 'IMDSv2 required'],
  ['CMP-002', 'encrypted root and EBS volumes'],
  ['CMP-003', 'no key pair'],
  ['CMP-004', 'an instance profile with SSM core on every instance'],
  ['CMP-005', 'the ai-agent is a GPU type'],
  ['LB-001', 'HTTP listener only redirects'],
  ['LB-002', 'HTTPS listener with a TLS 1.2+ policy'],
  ['LB-003', 'ALB default action is not a forward to an environment'],
  ['LB-004', 'drop invalid headers'],
  ['LB-005', "each environment's host header routes only to that environment's targets"],
  ['LB-006', 'UDP target groups health-check over TCP'],
  ['LB-007', 'at most one target per LiveKit UDP target group'],
  ['DATA-001', 'RDS encrypted'],
  ['DATA-002', 'RDS not public'],
  ['DATA-003', 'RDS backups >= 7 days'],
  ['DATA-004', 'RDS SSL forced'],
  ['DATA-005', 'RDS managed password'],
  ['DATA-006', 'RDS deletion protection in prod'],
  ['DATA-007', 'ElastiCache transit encryption'],
  ['DATA-008', 'ElastiCache at-rest encryption'],
  ['DATA-009', 'ElastiCache auth'],
  ['DATA-010', 'ElastiCache failover with >= 2 nodes'],
  ['IAM-001', 'no * action on * resource'],
  ['IAM-002', 'no inline admin'],
  ['IAM-003', 'OIDC trust restricted to the repository'],
  ['STATE-001', 'S3 backend encrypted with locking'],
  ['TAG-001', 'every taggable resource tagged Project/Environment/ManagedBy'],
  ['S3-001', 'S3 public access blocked'],
  ['S3-002', 'S3 encryption'],
  ['S3-003', 'S3 versioning for the env-file bucket'],
  ['SEC-001', 'no plaintext secret-looking literal in any attribute'],
];

describe('the dolbom pack covers issue 5', () => {
  const byId = new Map(dolbomPack.rules.map((r) => [r.id, r]));
  it.each(ISSUE_5)('%s (%s) is in the pack with severity error', (id) => {
    expect(byId.get(id)?.severity).toBe('error');
  });
  it('rule ids are unique', () => {
    expect(byId.size).toBe(dolbomPack.rules.length);
  });
});
