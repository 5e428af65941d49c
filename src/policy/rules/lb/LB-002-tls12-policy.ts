import { attributeRule } from '../../factories.js';
import { LISTENER_TYPES, listenerProtocol, unknownProtocol } from '../../lb.js';

/**
 * ELB security policies whose minimum protocol is TLS 1.2 (ELB docs "Security policies for your
 * Application Load Balancer": the TLS13-1-2*, TLS13-1-3*, TLS-1-2*, FS-1-2* families, FIPS and PQ
 * variants included). ELBSecurityPolicy-2016-08 (the API default) and TLS13-1-0/1-1 allow TLS 1.0/1.1.
 */
export const TLS12_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-/;

export const LB_002 = attributeRule(
  {
    id: 'LB-002',
    title: 'HTTPS/TLS listeners use a TLS 1.2+ security policy',
    rationale:
      'DESIGN.md: HTTPS with a TLS 1.2+ policy. TLS 1.0/1.1 are deprecated (RFC 8996); the API default ELBSecurityPolicy-2016-08 still accepts them, so the policy must be named explicitly.',
    fix: 'Set `ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"` (TLS 1.3 + 1.2) or another TLS13-1-2/TLS-1-2/FS-1-2 policy.',
    resourceTypes: LISTENER_TYPES,
  },
  {
    path: 'ssl_policy',
    expected: 'a TLS 1.2+ policy (ELBSecurityPolicy-TLS13-1-2-2021-06, …-TLS-1-2-…, …-FS-1-2-…)',
    holds: (v) => typeof v === 'string' && TLS12_POLICY.test(v),
    applies: (r, ctx) => {
      const p = listenerProtocol(r, ctx);
      if (p === undefined) return unknownProtocol(r);
      return p === 'HTTPS' || p === 'TLS' ? true : `${p} listener (no TLS)`;
    },
  },
);
