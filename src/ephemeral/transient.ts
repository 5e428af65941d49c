/**
 * Errors from terraform/AWS known to pass when tried again, each with the reason we believe so.
 * Apply and destroy are retried only when their output matches one of these; anything else is
 * fatal at once (a wrong argument does not get better by waiting).
 */
export interface TransientError {
  pattern: RegExp;
  reason: string;
}

export const TRANSIENT_ERRORS: readonly TransientError[] = [
  { pattern: /RequestLimitExceeded|Throttling(Exception)?|Rate exceeded|TooManyRequestsException/i, reason: 'AWS API throttling' },
  { pattern: /RequestError: send request failed|connection reset by peer|TLS handshake timeout|i\/o timeout|EOF\b.*(?:read|request)/i, reason: 'network hiccup between terraform and the AWS API' },
  { pattern: /InternalError|ServiceUnavailable|InternalFailure|503 Service Unavailable/i, reason: 'AWS service-side error' },
  {
    pattern: /Value \(.*\) for parameter iamInstanceProfile\.name is invalid|Invalid IamInstanceProfile|InvalidParameterValue.*instance profile/i,
    reason: 'IAM instance profile not yet propagated to EC2 (eventual consistency)',
  },
  { pattern: /is not authorized to perform: iam:PassRole.*eventual|The role defined for the function cannot be assumed/i, reason: 'IAM role not yet propagated' },
  { pattern: /DependencyViolation/i, reason: 'a dependent resource (ENI, SG reference) is still being released' },
  { pattern: /InvalidGroup\.InUse|has a dependent object|resource sg-\w+ has a dependent object/i, reason: 'security group still referenced by an ENI being deleted' },
  { pattern: /ConcurrentModification|OperationAbortedException|conflicting conditional operation/i, reason: 'a concurrent change on the same resource' },
  { pattern: /InvalidDBSubnetGroupStateFault|InvalidDBInstanceState|InvalidCacheClusterState|InvalidReplicationGroupState/i, reason: 'a database or cache still changing state' },
  { pattern: /Error acquiring the state lock|ConditionalCheckFailedException.*lock/i, reason: 'state lock held by a run that is finishing' },
  { pattern: /timeout while waiting for state to become/i, reason: 'AWS took longer than the provider waited' },
];

/** The reason an error's text matches a known-transient error, or undefined when it is fatal. */
export function transientReason(text: string): string | undefined {
  return TRANSIENT_ERRORS.find((t) => t.pattern.test(text))?.reason;
}
