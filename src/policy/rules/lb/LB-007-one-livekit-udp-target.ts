import { isUnknown } from '../../../model/value.js';
import { ATTACHMENT_TYPES, targetsOf, TG_TYPES } from '../../lb.js';
import type { ResourceRule } from '../../types.js';
import { read, tagValue, unknownTag } from '../../values.js';

export const LB_007: ResourceRule = {
  id: 'LB-007',
  title: 'At most one target per LiveKit UDP target group',
  severity: 'error',
  rationale:
    'DESIGN.md: an NLB hashes UDP flows to targets and LiveKit needs a room on a single node; two LiveKit nodes behind one UDP listener split a call\'s media between nodes and break rooms.',
  fix: 'Register exactly one LiveKit instance per UDP target group; scale LiveKit with separate listener sets, not more targets.',
  resourceTypes: [...TG_TYPES, ...ATTACHMENT_TYPES],
  judgedTypes: TG_TYPES,
  check(r, ctx) {
    const protocol = read(r.values, 'protocol');
    if (isUnknown(protocol)) return { verdict: 'unknown', path: 'protocol', message: 'protocol is not known before apply' };
    if (protocol !== 'UDP' && protocol !== 'TCP_UDP') return { verdict: 'not-applicable', message: `${String(protocol ?? 'HTTP')} target group` };
    const name = read(r.values, 'name');
    const role = tagValue(r, ctx, 'Role');
    const livekit = role === 'livekit' || (typeof name === 'string' && /livekit/i.test(name));
    if (!livekit && isUnknown(role)) return unknownTag('Role', role);
    if (!livekit) return { verdict: 'not-applicable', message: 'UDP target group that is not LiveKit (Role tag)' };
    const { attachments } = targetsOf(r, ctx);
    return attachments.length <= 1
      ? { verdict: 'pass', message: `${attachments.length} target attached` }
      : { verdict: 'fail', message: `${attachments.length} targets attached (${attachments.map((a) => a.address).join(', ')}). ${LB_007.fix}` };
  },
};
