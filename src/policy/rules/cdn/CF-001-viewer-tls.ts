import { isUnknown } from '../../../model/value.js';
import type { Outcome, ResourceRule } from '../../types.js';
import { blocksOf, isTrue, read, unknownAt } from '../../values.js';

/** Viewer security policies that allow only TLS 1.2 or later (CloudFront "Supported protocols and ciphers between viewers and CloudFront"). */
const TLS12_OR_LATER = /^TLSv1\.[23]_\d{4}$/;

export const CF_001: ResourceRule = {
  id: 'CF-001',
  title: 'CloudFront serves viewers HTTPS only, with TLS 1.2 or later',
  severity: 'error',
  rationale:
    'AWS Security Hub CloudFront.3 "CloudFront distributions should require encryption in transit" (a viewer_protocol_policy of allow-all serves plain HTTP) and CloudFront.15 "CloudFront distributions should use the recommended TLS security policy". With the default *.cloudfront.net certificate CloudFront accepts TLSv1 whatever minimum_protocol_version says, so a custom certificate with a TLSv1.2_2021 (or later) policy is what keeps TLS 1.0/1.1 out.',
  fix: 'Set `viewer_protocol_policy = "redirect-to-https"` (or "https-only") on every cache behavior, and `viewer_certificate { acm_certificate_arn = …, ssl_support_method = "sni-only", minimum_protocol_version = "TLSv1.2_2021" }`.',
  resourceTypes: ['aws_cloudfront_distribution'],
  check(r) {
    const out: Outcome[] = [];
    for (const name of ['default_cache_behavior', 'ordered_cache_behavior']) {
      const bs = blocksOf(r, name);
      if (isUnknown(bs)) {
        out.push(unknownAt(name, bs));
        continue;
      }
      for (const b of bs) {
        const path = `${b.path}.viewer_protocol_policy`;
        const v = read(b.value, 'viewer_protocol_policy');
        if (isUnknown(v)) out.push(unknownAt(path, v));
        else if (v === 'allow-all') out.push({ verdict: 'fail', path, message: `${path} = "allow-all" serves viewers plain HTTP. ${CF_001.fix}` });
      }
    }
    const cert = blocksOf(r, 'viewer_certificate');
    if (isUnknown(cert)) out.push(unknownAt('viewer_certificate', cert));
    else {
      const c = cert[0]?.value;
      const defaultCert = c === undefined || isTrue(read(c, 'cloudfront_default_certificate'));
      const min = c ? read(c, 'minimum_protocol_version') : undefined;
      if (isUnknown(min)) out.push(unknownAt('viewer_certificate.0.minimum_protocol_version', min));
      else if (defaultCert) out.push({ verdict: 'fail', path: 'viewer_certificate.0.cloudfront_default_certificate', message: `the default CloudFront certificate accepts TLSv1 from viewers. ${CF_001.fix}` });
      else if (typeof min !== 'string' || !TLS12_OR_LATER.test(min)) out.push({ verdict: 'fail', path: 'viewer_certificate.0.minimum_protocol_version', message: `minimum_protocol_version is ${JSON.stringify(min ?? 'not set (TLSv1)')}; it must be TLSv1.2_2021 or later. ${CF_001.fix}` });
    }
    if (out.length === 0) out.push({ verdict: 'pass', path: 'viewer_certificate', message: 'HTTPS only, TLS 1.2 or later' });
    return out;
  },
};
