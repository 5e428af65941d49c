import type { Resource } from '../../../model/resource.js';
import { isUnknown, type Value } from '../../../model/value.js';
import type { Outcome, ResourceRule } from '../../types.js';
import { blocks, blocksOf, isComputedDefault, isTrue, readSet, unknownAt } from '../../values.js';

function judge(r: Resource, path: string, raw: Value | undefined, what: string): Outcome {
  // Not set (or left to the provider): AWS creates the volume unencrypted unless the account default says otherwise.
  const v = isComputedDefault(r, path, raw) ? false : raw;
  if (isUnknown(v)) return unknownAt(path, v);
  return isTrue(v)
    ? { verdict: 'pass', path, message: `${what} is encrypted` }
    : { verdict: 'fail', path, message: `${what} is not encrypted (${path} = ${JSON.stringify(v ?? null)}). ${CMP_002.fix}` };
}

/** The EBS volumes a launch template declares (block_device_mappings with an ebs block); none: the AMI's own. */
function judgeLaunchTemplate(r: Resource): Outcome[] {
  const mappings = blocksOf(r, 'block_device_mappings');
  if (isUnknown(mappings)) return [unknownAt('block_device_mappings', mappings)];
  const out: Outcome[] = [];
  for (const m of mappings) {
    const ebs = blocks(m.value, 'ebs');
    if (isUnknown(ebs)) out.push(unknownAt(`${m.path}.ebs`, ebs));
    else for (const e of ebs) out.push(judge(r, `${m.path}.${e.path}.encrypted`, e.value.encrypted, `EBS volume ${String(m.value.device_name ?? m.path)}`));
  }
  if (out.length === 0) out.push({ verdict: 'not-applicable', message: 'the launch template declares no EBS volume (the AMI and the launching instance decide)' });
  return out;
}

export const CMP_002: ResourceRule = {
  id: 'CMP-002',
  title: 'Root and EBS volumes are encrypted',
  severity: 'error',
  rationale:
    'DESIGN.md: encrypted gp3 root volumes. Volumes hold model images, logs and transcript caches of calls with elderly people; an unencrypted snapshot shared by mistake leaks them.',
  fix: 'Set `encrypted = true` on root_block_device / ebs_block_device / aws_ebs_volume / a launch template\'s block_device_mappings ebs block (optionally with kms_key_id).',
  resourceTypes: ['aws_instance', 'aws_ebs_volume', 'aws_launch_template'],
  check(r) {
    if (r.type === 'aws_ebs_volume') return judge(r, 'encrypted', readSet(r, 'encrypted') ?? false, 'the volume');
    if (r.type === 'aws_launch_template') return judgeLaunchTemplate(r);
    const out: Outcome[] = [];
    const root = blocksOf(r, 'root_block_device');
    if (isUnknown(root)) out.push(unknownAt('root_block_device', root));
    else if (root.length === 0) out.push({ verdict: 'fail', path: 'root_block_device', message: `no root_block_device block: the root volume is created unencrypted unless the account enforces EBS encryption by default. ${CMP_002.fix}` });
    else out.push(judge(r, `${root[0].path}.encrypted`, root[0].value.encrypted, 'the root volume'));
    const ebs = blocksOf(r, 'ebs_block_device');
    if (isUnknown(ebs)) out.push(unknownAt('ebs_block_device', ebs));
    else for (const b of ebs) out.push(judge(r, `${b.path}.encrypted`, b.value.encrypted, `EBS volume ${String(b.value.device_name ?? b.path)}`));
    return out;
  },
};
