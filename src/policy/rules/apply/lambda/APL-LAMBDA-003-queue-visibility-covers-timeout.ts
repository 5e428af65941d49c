import { isUnknown } from '../../../../model/value.js';
import { follow, followOne, mayFollow } from '../../../refs.js';
import type { Outcome } from '../../../types.js';
import { applyRule, unknownOutcome, valueAt } from '../factories.js';

/** The provider's defaults (aws 5.100): aws_lambda_function timeout 3 s, aws_sqs_queue visibility_timeout_seconds 30 s. */
const LAMBDA_TIMEOUT = 3;
const VISIBILITY = 30;

export const APL_LAMBDA_003 = applyRule(
  {
    id: 'APL-LAMBDA-003',
    title: 'An SQS queue that triggers a Lambda function has a visibility timeout at least the function\'s timeout',
    why: 'CreateEventSourceMapping refuses an SQS queue whose visibility timeout is shorter than the function\'s timeout (InvalidParameterValueException "Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds"): the function never receives the queue\'s messages. An unset visibility timeout is 30 seconds and an unset function timeout 3 seconds. The provider does not compare them at plan. AWS recommends six times the function timeout, so that throttled retries do not deliver a message twice.',
    source: {
      quote: 'Error creating Lambda event source mapping: InvalidParameterValueException: Queue visibility timeout: 60 seconds is less than Function timeout: 180 seconds (hashicorp/terraform-provider-aws#18099 and github-aws-runners/terraform-aws-github-runner#465). To allow your function time to process each batch of records, set the source queue\'s visibility timeout to at least six times the timeout that you configure on your function.',
      url: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-lambda-function-trigger.html',
    },
    fix: 'Set the queue\'s visibility_timeout_seconds to at least the function\'s timeout (AWS recommends 6 × timeout), derived from the same variable.',
    resourceTypes: ['aws_lambda_event_source_mapping', 'aws_sqs_queue', 'aws_lambda_function'],
    judgedTypes: ['aws_lambda_event_source_mapping'],
  },
  (r, ctx): Outcome => {
    const source = valueAt(r, 'event_source_arn');
    if (isUnknown(source) && follow(ctx, r, 'event_source_arn').length === 0 && mayFollow(ctx, r, 'event_source_arn').length === 0) return unknownOutcome('event_source_arn', source);
    if (typeof source === 'string' && !source.startsWith('arn:aws:sqs:') && !source.includes(':sqs:')) return { verdict: 'not-applicable', message: 'the event source is not an SQS queue' };
    const queues = follow(ctx, r, 'event_source_arn', ['aws_sqs_queue']);
    if (queues.length === 0 && follow(ctx, r, 'event_source_arn').length > 0) return { verdict: 'not-applicable', message: 'the event source is not an SQS queue' };
    const queue = followOne(ctx, r, 'event_source_arn', ['aws_sqs_queue'], 'a queue');
    if ('verdict' in queue) return queue;
    const fn = followOne(ctx, r, 'function_name', ['aws_lambda_function'], 'a function');
    if ('verdict' in fn) return fn;
    const vis = valueAt(queue, 'visibility_timeout_seconds');
    const timeout = valueAt(fn, 'timeout');
    if (isUnknown(vis)) return unknownOutcome('event_source_arn', vis, `the visibility timeout of ${queue.address} is not known before apply`);
    if (isUnknown(timeout)) return unknownOutcome('function_name', timeout, `the timeout of ${fn.address} is not known before apply`);
    const v = typeof vis === 'number' ? vis : VISIBILITY;
    const t = typeof timeout === 'number' ? timeout : LAMBDA_TIMEOUT;
    return v >= t
      ? { verdict: 'pass', path: 'event_source_arn', message: `${queue.address} hides a message for ${v} s, at least ${fn.address}'s timeout (${t} s)` }
      : {
          verdict: 'fail',
          path: 'event_source_arn',
          message: `${queue.address} has a visibility timeout of ${v} s${typeof vis === 'number' ? '' : ' (unset)'}, less than ${fn.address}'s timeout of ${t} s${typeof timeout === 'number' ? '' : ' (unset)'}; CreateEventSourceMapping refuses it ("Queue visibility timeout is less than Function timeout").`,
        };
  },
);
