import { describeResources, everyActionBut, onEveryResource } from '../../iam.js';
import type { ResourceRule } from '../../types.js';
import { judgePolicies, POLICY_ATTRIBUTES } from './common.js';

/** `ecr:*`, `s3:*`, `*`: every action of a service (or of all). */
const SERVICE_WILDCARD = /^([a-z0-9-]+:)?\*$/i;

export const IAM_004: ResourceRule = {
  id: 'IAM-004',
  title: 'No statement allows every action of a service (svc:*) on every resource',
  severity: 'error',
  rationale:
    'AWS Security Hub IAM.21 "IAM customer managed policies that you create should not allow wildcard actions for services": the control fails if a statement has "Effect": "Allow" with "Action": "Service:*". On Resource "*" that grants every present and future action of the service on everything it holds (ecr:* can delete every image; s3:* can read or delete every bucket). Each statement is judged on its own: a statement whose ARN is known only after apply does not hide a wildcard in another one. An Allow with NotAction grants every action of every service it does not list, and NotResource every resource but those it lists, so both count as wildcards.',
  fix: 'List the actions the principal needs (e.g. ecr:BatchGetImage, ecr:GetDownloadUrlForLayer) and scope Resource to the ARNs it needs.',
  resourceTypes: Object.keys(POLICY_ATTRIBUTES),
  check(r, ctx) {
    return judgePolicies(
      r,
      ctx,
      (s) => {
        const but = everyActionBut(s);
        const wild = but ? [`every action but ${but.join(', ')} (NotAction)`] : s.actions.filter((a) => SERVICE_WILDCARD.test(a));
        if (wild.length === 0) return undefined;
        if (onEveryResource(s)) return `Allow ${wild.join(', ')} on ${describeResources(s)}. ${IAM_004.fix}`;
        if (s.resourcesUnknown) return { unknown: `Allow ${wild.join(', ')} on a Resource not known before apply, so "*" cannot be ruled out` };
        return undefined;
      },
      'no statement allows a whole service on every resource',
    );
  },
};
