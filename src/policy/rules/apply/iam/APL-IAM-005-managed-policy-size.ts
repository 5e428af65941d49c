import type { Outcome } from '../../../types.js';
import { applyRule, unknownOutcome } from '../factories.js';
import { isUnknown } from '../../../../model/value.js';
import { documents, policySize } from './common.js';

export const APL_IAM_005 = applyRule(
  {
    id: 'APL-IAM-005',
    title: 'A managed policy is at most 6,144 characters (white space not counted)',
    why: 'CreatePolicy / CreatePolicyVersion refuse a larger document (LimitExceeded).',
    source: {
      quote: 'Il limite massimo di caratteri per le policy gestite è 6.144. (The maximum character limit for managed policies is 6,144.) … IAM does not count white space when calculating the size of a policy against these limitations.',
      url: 'https://aws.amazon.com/it/premiumsupport/knowledge-center/iam-increase-policy-size/',
    },
    fix: 'Split the policy into several managed policies, or merge statements with wildcards in resource ARNs you own.',
    resourceTypes: ['aws_iam_policy'],
  },
  (r): Outcome => {
    const [d] = documents(r);
    if (!d) return { verdict: 'not-applicable', message: 'no policy document' };
    if (isUnknown(d.value)) return unknownOutcome(d.path, d.value);
    const n = policySize(d.value);
    if (n === undefined) return { verdict: 'not-applicable', message: 'policy is not a string' };
    return n <= 6144
      ? { verdict: 'pass', path: d.path, message: `${n} characters without white space` }
      : { verdict: 'fail', path: d.path, message: `the policy has ${n} characters without white space; at most 6,144 are allowed. Split the policy into several managed policies.` };
  },
);
