import { originReader, resolveDomain } from '../../../../model/index.js';
import { domainLength, isUnknown, type Value } from '../../../../model/value.js';
import type { Outcome } from '../../../types.js';
import { applyRule, unknownOutcome, valueAt } from '../factories.js';

/** 16 KB, in bytes. */
const LIMIT = 16 * 1024;

/** Where each type takes its user data, and whether it is written base64-encoded. */
const ARGS: Record<string, { path: string; base64: boolean }[]> = {
  aws_instance: [
    { path: 'user_data', base64: false },
    { path: 'user_data_base64', base64: true },
  ],
  aws_launch_configuration: [
    { path: 'user_data', base64: false },
    { path: 'user_data_base64', base64: true },
  ],
  aws_launch_template: [{ path: 'user_data', base64: true }],
};

/** Types whose plan records `user_data` as the SHA-1 (hex) of the text, not the text. */
const HASHED_IN_PLAN = new Set(['aws_instance', 'aws_launch_configuration']);

export const APL_EC2_002 = applyRule(
  {
    id: 'APL-EC2-002',
    title: 'Instance user data is at most 16 KB before base64 encoding',
    why: 'RunInstances, CreateLaunchTemplate and CreateLaunchConfiguration refuse larger user data, so the instance (or every instance an Auto Scaling group launches from the template) is never created. The aws provider checks the length of user_data on aws_instance and aws_launch_configuration, but not user_data_base64 nor a launch template\'s user_data: those pass the plan and fail at apply.',
    source: {
      quote: 'User data is limited to 16 KB, in raw form, before it is base64-encoded. The size of a string of length n after base64-encoding is ceil(n/3)*4.',
      url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-add-user-data.html',
    },
    fix: 'Keep user data a short bootstrap that fetches the rest (an S3 object or SSM document read at boot), or compress it (cloud-init reads gzip: base64gzip()).',
    resourceTypes: Object.keys(ARGS),
    providerValidates: true,
  },
  (r, ctx): Outcome => {
    let largest: { path: string; bytes: number } | undefined;
    for (const { path, base64 } of ARGS[r.type] ?? []) {
      const v: Value | undefined = valueAt(r, path);
      if (v === undefined || v === null || v === '') continue;
      if (isUnknown(v)) {
        const d = resolveDomain(v, originReader(ctx.index, r));
        if (!d) return unknownOutcome(path, v);
        // The literal parts are known: a lower bound on the size (and the whole when nothing else is unbounded).
        const known = d.segments.reduce((n, seg) => n + (seg.kind === 'literal' ? Buffer.byteLength(seg.text, 'utf8') : 0), 0);
        const { min, max } = domainLength(d);
        const least = Math.max(known, min);
        if (!base64 && least > LIMIT) largest = { path, bytes: least };
        else if (!base64 && max !== undefined && max * 4 <= LIMIT) continue;
        else return unknownOutcome(path, v, `${path} is not known before apply${base64 || known === 0 ? '' : ` (its known parts are ${known.toLocaleString('en')} bytes of the 16,384 allowed)`}`);
        continue;
      }
      if (typeof v !== 'string') continue;
      if (!base64 && HASHED_IN_PLAN.has(r.type) && r.actions !== undefined && /^[0-9a-f]{40}$/.test(v))
        return { verdict: 'unknown', path, message: `the plan records ${path} only as the SHA-1 of the text, so its size is not in the plan; judge it from the configuration (stackcheck on the HCL)` };
      const bytes = base64 && isBase64(v) ? Buffer.from(v, 'base64').length : Buffer.byteLength(v, 'utf8');
      if (!largest || bytes > largest.bytes) largest = { path, bytes };
    }
    if (!largest) return { verdict: 'not-applicable', message: 'no user data' };
    return largest.bytes <= LIMIT
      ? { verdict: 'pass', path: largest.path, message: `${largest.path} is ${largest.bytes.toLocaleString('en')} bytes (at most 16,384)` }
      : {
          verdict: 'fail',
          path: largest.path,
          message: `${largest.path} is ${isUnknown(valueAt(r, largest.path)) ? 'at least ' : ''}${largest.bytes.toLocaleString('en')} bytes before base64 encoding; EC2 accepts at most 16 KB (16,384 bytes). Fetch the rest at boot or compress it (base64gzip()).`,
        };
  },
);

function isBase64(s: string): boolean {
  const t = s.replace(/\s+/g, '');
  return t.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(t);
}
