import { isUnknown, stringSegments, type Value } from '../../../model/value.js';
import type { Outcome, ResourceRule } from '../../types.js';
import { blocks, blocksOf, read, unknownAt } from '../../values.js';

/** An S3 REST endpoint (not a static-website endpoint, which cannot use OAC): bucket.s3[.region].amazonaws.com. */
const S3_REST = /\.s3(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/;

function isS3Origin(domain: Value | undefined): boolean | 'unknown' {
  if (typeof domain === 'string') return S3_REST.test(domain);
  if (isUnknown(domain)) {
    const segs = stringSegments(domain);
    if (segs.some((s) => s.kind === 'symbol' && /^aws_s3_bucket\./.test(s.origin.address.replace(/^(module\.[^.]+\.)+/, '')) && s.origin.attribute === 'bucket_regional_domain_name')) return true;
    const last = segs[segs.length - 1];
    if (last?.kind === 'literal') return S3_REST.test(last.text);
    return 'unknown';
  }
  return false;
}

export const CF_003: ResourceRule = {
  id: 'CF-003',
  title: 'CloudFront reaches S3 origins through origin access control',
  severity: 'error',
  rationale:
    'AWS Security Hub CloudFront.13 "CloudFront distributions should use origin access control": OAC "permits access to S3 content only through the specified CloudFront distribution, and prohibits access directly from the bucket or another distribution". Without it the bucket must be readable by everyone for CloudFront to serve it, and the legacy origin access identity (OAI) lacks SSE-KMS and newer regions.',
  fix: 'Create an aws_cloudfront_origin_access_control (origin type s3, signing sigv4 always), set the origin\'s `origin_access_control_id`, and allow only the cloudfront.amazonaws.com principal with an aws:SourceArn condition in the bucket policy.',
  resourceTypes: ['aws_cloudfront_distribution'],
  check(r) {
    const origins = blocksOf(r, 'origin');
    if (isUnknown(origins)) return unknownAt('origin', origins);
    const out: Outcome[] = [];
    for (const o of origins) {
      const s3 = isS3Origin(read(o.value, 'domain_name'));
      if (s3 === false) continue;
      const oac = read(o.value, 'origin_access_control_id');
      const oai = blocks(o.value, 's3_origin_config');
      const hasOai = !isUnknown(oai) && oai.some((b) => typeof read(b.value, 'origin_access_identity') === 'string' && read(b.value, 'origin_access_identity') !== '');
      if (isUnknown(oac) || (typeof oac === 'string' && oac !== '')) {
        out.push({ verdict: 'pass', path: `${o.path}.origin_access_control_id`, message: `origin ${String(read(o.value, 'origin_id'))} uses origin access control` });
        continue;
      }
      if (s3 === 'unknown') {
        out.push({ verdict: 'unknown', path: `${o.path}.domain_name`, message: `whether origin ${String(read(o.value, 'origin_id'))} is an S3 bucket is not known before apply, and it has no origin_access_control_id` });
        continue;
      }
      out.push({ verdict: 'fail', path: `${o.path}.domain_name`, message: `S3 origin ${String(read(o.value, 'origin_id'))} has no origin_access_control_id${hasOai ? ' (it uses a legacy origin access identity)' : ': the bucket must be public for CloudFront to read it'}. ${CF_003.fix}` });
    }
    if (out.length === 0) out.push({ verdict: 'not-applicable', message: 'no S3 origin' });
    return out;
  },
};
