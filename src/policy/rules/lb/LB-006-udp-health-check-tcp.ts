import { isUnknown } from '../../../model/value.js';
import { TG_TYPES } from '../../lb.js';
import type { ResourceRule } from '../../types.js';
import { read, readSet, unknownAt } from '../../values.js';

export const LB_006: ResourceRule = {
  id: 'LB-006',
  title: 'UDP target groups health-check over TCP on a real TCP port',
  severity: 'error',
  rationale:
    'ELB docs: UDP target groups cannot be health-checked over UDP; the check must use TCP/HTTP/HTTPS. For a UDP-only target group the default port (traffic-port) is a UDP port nothing answers on over TCP, so the target would always be unhealthy and LiveKit media would stop.',
  fix: 'Add `health_check { protocol = "TCP", port = "7880" }` (a TCP port the target serves, e.g. LiveKit signalling).',
  resourceTypes: TG_TYPES,
  check(r) {
    const protocol = read(r.values, 'protocol');
    if (isUnknown(protocol)) return unknownAt('protocol', protocol);
    if (protocol !== 'UDP' && protocol !== 'TCP_UDP') return { verdict: 'not-applicable', message: `${String(protocol ?? 'HTTP')} target group` };
    // An unset health_check the provider computes (plans: known after apply) is no health check written.
    const hp = readSet(r, 'health_check.0.protocol');
    // A port the provider fills in (plans: known after apply, no expression) is the default traffic-port.
    const port = readSet(r, 'health_check.0.port');
    if (isUnknown(hp)) return unknownAt('health_check.0.protocol', hp);
    if (hp !== 'TCP' && hp !== 'HTTP' && hp !== 'HTTPS') {
      return { verdict: 'fail', path: 'health_check.0.protocol', message: `health_check protocol is ${JSON.stringify(hp ?? null)}; a ${protocol} target group needs TCP, HTTP or HTTPS set explicitly. ${LB_006.fix}` };
    }
    if (protocol === 'UDP' && isUnknown(port)) return unknownAt('health_check.0.port', port, 'health check port is not known before apply (it may be the UDP traffic port)');
    if (protocol === 'UDP' && (port === undefined || port === null || port === 'traffic-port')) {
      return { verdict: 'fail', path: 'health_check.0.port', message: `health check uses the traffic port, which is UDP-only on this target group. ${LB_006.fix}` };
    }
    return { verdict: 'pass', path: 'health_check.0', message: `health check ${hp} on port ${String(port ?? 'traffic-port')}` };
  },
};
