/**
 * The packs against issue 5's list: every guard the issue names is a rule of the general pack `aws`
 * or of our contract `dolbom`, with severity error (each guards safety, privacy or uptime), and
 * each in the right pack (issue 14: `aws` holds what is true of any stack). Removing a rule, moving
 * it or downgrading it to a warning must be a visible change to this list.
 */
import { describe, expect, it } from 'vitest';
import { allRules, DEFAULT_PACKS, PACKS } from '../../src/policy/packs/index.js';

const ISSUE_5: [string, string, 'aws' | 'dolbom'][] = [
  ['NET-001', 'no SG ingress on 22/3389 from the world', 'aws'],
  ['NET-008', 'no SG ingress on 22/3389 from anything (SSM only)', 'dolbom'],
  ['NET-002', 'no 0.0.0.0/0 or ::/0 ingress except the declared public entry points', 'dolbom'],
  ['NET-003', 'no instance with a public IP', 'aws'],
  ['NET-004', 'no instance in a subnet routed to an IGW', 'dolbom'],
  ['NET-005', 'data stores only in subnets with no internet route', 'dolbom'],
  ['NET-006', 'ALB and DB subnet groups span >= 2 AZs', 'aws'],
  ['NET-007', 'staging and prod security groups never reference each other', 'dolbom'],
  ['CMP-001', 'IMDSv2 required', 'aws'],
  ['CMP-002', 'encrypted root and EBS volumes', 'aws'],
  ['CMP-003', 'no key pair', 'dolbom'],
  ['CMP-004', 'an instance profile with SSM core on every instance', 'dolbom'],
  ['CMP-005', 'the ai-agent is a GPU type', 'dolbom'],
  ['LB-001', 'HTTP listener only redirects', 'aws'],
  ['LB-002', 'HTTPS listener with a TLS 1.2+ policy', 'aws'],
  ['LB-003', 'ALB default action is not a forward to an environment', 'dolbom'],
  ['LB-004', 'drop invalid headers', 'aws'],
  ['LB-005', "each environment's host header routes only to that environment's targets", 'dolbom'],
  ['LB-006', 'UDP target groups health-check over TCP', 'aws'],
  ['LB-007', 'at most one target per LiveKit UDP target group', 'dolbom'],
  ['DATA-001', 'RDS encrypted', 'aws'],
  ['DATA-002', 'RDS not public', 'aws'],
  ['DATA-003', 'RDS backups >= 7 days', 'aws'],
  ['DATA-004', 'RDS SSL forced', 'aws'],
  ['DATA-005', 'RDS managed password', 'aws'],
  ['DATA-006', 'RDS deletion protection in prod', 'dolbom'],
  ['DATA-007', 'ElastiCache transit encryption', 'aws'],
  ['DATA-008', 'ElastiCache at-rest encryption', 'aws'],
  ['DATA-009', 'ElastiCache auth', 'aws'],
  ['DATA-010', 'ElastiCache failover with >= 2 nodes', 'aws'],
  ['IAM-001', 'no * action on * resource', 'aws'],
  ['IAM-002', 'no inline admin', 'aws'],
  ['IAM-003', 'OIDC trust restricted to the repository', 'aws'],
  ['STATE-001', 'S3 backend encrypted with locking', 'dolbom'],
  ['TAG-001', 'every taggable resource tagged Project/Environment/ManagedBy', 'dolbom'],
  ['S3-001', 'S3 public access blocked', 'aws'],
  ['S3-002', 'S3 encryption', 'aws'],
  ['S3-003', 'S3 versioning for the env-file bucket', 'aws'],
  ['SEC-001', 'no plaintext secret-looking literal in any attribute', 'aws'],
];

describe('the packs cover issue 5', () => {
  const byId = new Map(allRules.map((r) => [r.id, r]));
  const packOf = new Map(PACKS.flatMap((p) => p.rules.map((r) => [r.id, p.name])));
  it.each(ISSUE_5)('%s (%s) is in pack %s with severity error', (id, _what, pack) => {
    expect(byId.get(id)?.severity).toBe('error');
    expect(packOf.get(id)).toBe(pack);
  });
  it('rule ids are unique across packs', () => {
    expect(byId.size).toBe(allRules.length);
  });
  it('without a project config the general pack runs, never our contract', () => {
    expect(DEFAULT_PACKS).toContain('aws');
    expect(DEFAULT_PACKS).not.toContain('dolbom');
  });
});
