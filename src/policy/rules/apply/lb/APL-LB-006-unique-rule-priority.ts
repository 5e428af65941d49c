import type { Resource } from '../../../../model/resource.js';
import { isUnknown } from '../../../../model/value.js';
import { follow } from '../../../refs.js';
import { applyRule } from '../factories.js';
import { asNumber, read } from '../../../values.js';
import type { RuleContext } from '../../../types.js';

export const APL_LB_006 = applyRule(
  {
    id: 'APL-LB-006',
    title: 'Listener rule priorities are unique per listener',
    why: 'CreateRule refuses a priority another rule of the same listener already has (PriorityInUse); which of the two is created first is an accident of ordering.',
    source: {
      quote: 'The rule priority. A listener can\'t have multiple rules with the same priority.',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/elasticloadbalancingv2/aws.sdk.kotlin.services.elasticloadbalancingv2.model/-create-rule-request/priority.html',
    },
    fix: 'Give each rule of a listener its own priority.',
    resourceTypes: ['aws_lb_listener_rule', 'aws_alb_listener_rule', 'aws_lb_listener'],
    judgedTypes: ['aws_lb_listener_rule', 'aws_alb_listener_rule'],
  },
  (r, ctx) => {
    const p = read(r.values, 'priority');
    if (isUnknown(p)) return { verdict: 'unknown', path: 'priority', message: `priority is not known before apply (${p.reason})` };
    const mine = asNumber(p);
    if (mine === undefined) return { verdict: 'not-applicable', message: 'no priority set (AWS assigns the next free one)' };
    const listener = listenerKey(r, ctx);
    if (!listener) return { verdict: 'unknown', path: 'listener_arn', message: 'the listener is not known before apply' };
    const clash = byListener(ctx).get(listener)?.filter((o) => o !== r && asNumber(read(o.values, 'priority')) === mine) ?? [];
    return clash.length
      ? { verdict: 'fail', path: 'priority', message: `priority ${mine} is also used by ${clash.map((c) => c.address).join(', ')} on the same listener. Give each rule of a listener its own priority.` }
      : { verdict: 'pass', path: 'priority', message: `priority ${mine} is unique on its listener` };
  },
);

function listenerKey(r: Resource, ctx: RuleContext): string | undefined {
  const l = follow(ctx, r, 'listener_arn', ['aws_lb_listener', 'aws_alb_listener']);
  if (l.length === 1) return l[0]!.address;
  const arn = read(r.values, 'listener_arn');
  return typeof arn === 'string' ? arn : undefined;
}

function byListener(ctx: RuleContext): Map<string, Resource[]> {
  return ctx.memo('apl-lb-006-rules-by-listener', () => {
    const m = new Map<string, Resource[]>();
    for (const r of ctx.index.ofType('aws_lb_listener_rule', 'aws_alb_listener_rule')) {
      const k = listenerKey(r, ctx);
      if (!k) continue;
      m.set(k, [...(m.get(k) ?? []), r]);
    }
    return m;
  });
}
