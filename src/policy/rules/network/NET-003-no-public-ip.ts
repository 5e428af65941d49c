import { isUnknown } from '../../../model/value.js';
import { instanceSubnet } from '../../network.js';
import type { ResourceRule } from '../../types.js';
import { isFalse, isTrue, read, readSet, unknownAt } from '../../values.js';

export const NET_003: ResourceRule = {
  id: 'NET-003',
  title: 'No instance gets a public IP address',
  severity: 'error',
  rationale:
    'DESIGN.md: every EC2 instance sits in a private subnet with no public IP; the ALB and NLB are the only internet-facing parts. A public address bypasses the load balancers and makes the host scannable.',
  fix: 'Set `associate_public_ip_address = false` and place the instance in a private subnet (`map_public_ip_on_launch = false`).',
  resourceTypes: ['aws_instance'],
  check(r, ctx) {
    // readSet: a provider-computed default is "not set" (the subnet decides); any other unknown may be true.
    const v = readSet(r, 'associate_public_ip_address');
    if (isUnknown(v)) return unknownAt('associate_public_ip_address', v);
    if (isTrue(v)) return { verdict: 'fail', path: 'associate_public_ip_address', message: `associate_public_ip_address is true. ${NET_003.fix}` };
    if (isFalse(v)) return { verdict: 'pass', path: 'associate_public_ip_address', message: 'associate_public_ip_address is false' };
    // Not set (or computed): the subnet's map_public_ip_on_launch decides.
    const s = instanceSubnet(r, ctx);
    if (s === 'default-vpc') {
      return { verdict: 'fail', path: 'subnet_id', message: `no subnet_id: the instance lands in the default VPC's default subnet, which gives it a public IP. ${NET_003.fix}` };
    }
    if (s === 'unresolved') {
      return {
        verdict: 'unknown',
        path: 'subnet_id',
        message: 'associate_public_ip_address is not set and the subnet is not in the model, so the subnet default (map_public_ip_on_launch) decides; set associate_public_ip_address = false',
      };
    }
    const m = read(s.values, 'map_public_ip_on_launch');
    if (isTrue(m) || s.type === 'aws_default_subnet') {
      return { verdict: 'fail', path: 'subnet_id', message: `associate_public_ip_address is not set and subnet ${s.address} maps a public IP on launch. ${NET_003.fix}` };
    }
    if (isUnknown(m)) return { verdict: 'unknown', path: 'subnet_id', message: `subnet ${s.address} map_public_ip_on_launch is not known before apply` };
    return { verdict: 'pass', path: 'subnet_id', message: `no public IP: subnet ${s.address} does not map one and the instance does not ask for one` };
  },
};
