import { isSet } from '../../refs.js';
import type { ResourceRule } from '../../types.js';

export const CMP_003: ResourceRule = {
  id: 'CMP-003',
  title: 'No SSH key pair on instances',
  severity: 'error',
  rationale:
    'DESIGN.md: no key pair; people reach hosts only through SSM Session Manager (audited, IAM-controlled). A key pair is a long-lived credential that outlives the person who holds it.',
  fix: 'Remove `key_name`; use `aws ssm start-session --target <instance-id>` (or AWS-StartSSHSession) instead.',
  resourceTypes: ['aws_instance', 'aws_launch_template'],
  check(r) {
    return isSet(r, 'key_name')
      ? { verdict: 'fail', path: 'key_name', message: `key_name is set. ${CMP_003.fix}` }
      : { verdict: 'pass', path: 'key_name', message: 'no key pair' };
  },
};
