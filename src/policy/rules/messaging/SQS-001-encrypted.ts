import { isUnknown } from '../../../model/value.js';
import type { ResourceRule } from '../../types.js';
import { isTrue, read, readSet, unknownAt } from '../../values.js';
import { referencedAs } from '../../refs.js';
import { KMS_KEY_TYPES } from '../kms/key-types.js';

export const SQS_001: ResourceRule = {
  id: 'SQS-001',
  title: 'SQS queues are encrypted at rest',
  severity: 'error',
  rationale:
    'AWS Security Hub SQS.1 "Amazon SQS queues should be encrypted at rest": either SSE-KMS (`kms_master_key_id`) or SQS-managed SSE (`sqs_managed_sse_enabled`). A queue that turns both off keeps its messages unencrypted for up to 14 days.',
  fix: 'Set `sqs_managed_sse_enabled = true`, or `kms_master_key_id` for a KMS key.',
  resourceTypes: ['aws_sqs_queue'],
  check(r, ctx) {
    const kms = readSet(r, 'kms_master_key_id');
    if (typeof kms === 'string' && kms !== '') return { verdict: 'pass', path: 'kms_master_key_id', message: `SSE-KMS with ${kms}` };
    if (isUnknown(kms)) {
      const key = referencedAs(ctx, r, 'kms_master_key_id', KMS_KEY_TYPES);
      return key ? { verdict: 'pass', path: 'kms_master_key_id', message: `SSE-KMS with ${key} (known after apply)` } : unknownAt('kms_master_key_id', kms);
    }
    const sse = read(r.values, 'sqs_managed_sse_enabled');
    if (isUnknown(sse)) return unknownAt('sqs_managed_sse_enabled', sse);
    if (isTrue(sse)) return { verdict: 'pass', path: 'sqs_managed_sse_enabled', message: 'SQS-managed SSE' };
    return { verdict: 'fail', path: 'sqs_managed_sse_enabled', message: `neither kms_master_key_id nor sqs_managed_sse_enabled = true. ${SQS_001.fix}` };
  },
};
