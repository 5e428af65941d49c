import { describePermission, permissionsOf, SG_RULE_TYPES } from '../../network.js';
import type { Outcome, ResourceRule } from '../../types.js';
import { isUnknown } from '../../../model/value.js';
import { tagValue } from '../../values.js';

const ISOLATED = new Set(['staging', 'prod']);

export const NET_007: ResourceRule = {
  id: 'NET-007',
  title: 'Staging and prod security groups never reference each other',
  severity: 'error',
  rationale:
    'Stack contract: staging never reaches prod and prod never reaches staging. A security-group reference across environments lets a staging host (looser change control, test data, test users) talk to production hosts holding real people\'s data.',
  fix: 'Reference a group of the same Environment (or a shared one); cross-environment traffic is never needed.',
  resourceTypes: SG_RULE_TYPES,
  check(r, ctx) {
    const out: Outcome[] = [];
    for (const p of permissionsOf(r, ctx)) {
      // The attribute that names the peer group, in each of the three ways a permission is declared.
      const peerPath = p.path ? `${p.path}.security_groups` : r.type === 'aws_security_group_rule' ? 'source_security_group_id' : 'referenced_security_group_id';
      const referencesGroup = p.peers.length > 0 || p.peerUnresolved.length > 0;
      if (p.owners.length === 0 && referencesGroup) {
        out.push({ verdict: 'unknown', path: 'security_group_id', message: `${p.direction} ${describePermission(p)} references a security group, and the group it belongs to is not known (${p.ownerUnresolved.join('; ')})` });
        continue;
      }
      for (const owner of p.owners) {
        const a = tagValue(owner, ctx, 'Environment');
        if (isUnknown(a)) {
          // Only a permission that references a group can cross environments.
          if (referencesGroup) {
            out.push({ verdict: 'unknown', path: peerPath, message: `${p.direction} ${describePermission(p)} references a security group, and the Environment of ${owner.address} is not known before apply (${a.reason})` });
          }
          continue;
        }
        if (!a || !ISOLATED.has(a)) continue;
        if (p.peerUnresolved.length) {
          out.push({
            verdict: 'unknown',
            path: peerPath,
            message: `${p.direction} ${describePermission(p)} on ${a} group ${owner.address} references a security group that is not known (${p.peerUnresolved.join('; ')}); its Environment cannot be checked`,
          });
        }
        for (const peer of p.peers) {
          const b = tagValue(peer, ctx, 'Environment');
          if (isUnknown(b)) {
            out.push({ verdict: 'unknown', path: peerPath, message: `${p.direction} ${describePermission(p)} on ${a} group ${owner.address} references ${peer.address}, whose Environment is not known before apply (${b.reason})` });
          } else if (b && ISOLATED.has(b) && b !== a) {
            out.push({
              verdict: 'fail',
              path: peerPath,
              message: `${p.direction} ${describePermission(p)} on ${a} group ${owner.address} references ${b} group ${peer.address}. ${NET_007.fix}`,
            });
          }
        }
      }
    }
    if (out.length === 0) out.push({ verdict: 'pass', message: 'no reference between staging and prod groups' });
    return out;
  },
};
