/**
 * m24: a monthly AWS cost budget for the live account, as the static evaluator plans it: COST in
 * USD per month with e-mail notifications on actual spend (80 %, 100 %) and on the forecast (100 %);
 * none for an ephemeral copy, even when a budget is given. tests/stack/terraform.test.ts plans the
 * same with the real terraform (mock provider) and checks the input validation.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadStack } from '../../src/load/index.js';
import type { StackModel } from '../../src/model/resource.js';
import { stackDir } from './helpers.js';

const BUDGET = '{ monthly_limit_usd = 2500, emails = ["finance@example.com", "ops@example.com"] }';
let live: StackModel;
let ephemeral: StackModel;
beforeAll(async () => {
  const load = (file: string, vars: Record<string, string>) => loadStack({ dir: stackDir, varFiles: [join(stackDir, 'envs', file)], vars, env: {} });
  [live, ephemeral] = await Promise.all([load('live.tfvars', { budget: BUDGET }), load('ephemeral.tfvars', { run_id: 'b1', budget: BUDGET })]);
}, 180_000);

type Notification = { comparison_operator: string; threshold: number; threshold_type: string; notification_type: string; subscriber_email_addresses: string[] };

describe('m24: monthly cost budget', () => {
  it('live: COST, USD, MONTHLY at the limit; mails on 80 % and 100 % actual and 100 % forecast', () => {
    const budgets = live.resources.filter((r) => r.type === 'aws_budgets_budget');
    expect(budgets.map((b) => b.address)).toEqual(['aws_budgets_budget.monthly[0]']);
    const b = budgets[0]!.values;
    expect(b).toMatchObject({ name: 'dolbom-monthly-cost', budget_type: 'COST', limit_amount: '2500.00', limit_unit: 'USD', time_unit: 'MONTHLY' });
    const notes = (b.notification as Notification[]).map((n) => `${n.notification_type} ${n.comparison_operator} ${n.threshold} ${n.threshold_type}`).sort();
    expect(notes).toEqual(['ACTUAL GREATER_THAN 100 PERCENTAGE', 'ACTUAL GREATER_THAN 80 PERCENTAGE', 'FORECASTED GREATER_THAN 100 PERCENTAGE']);
    for (const n of b.notification as Notification[]) expect([...n.subscriber_email_addresses].sort()).toEqual(['finance@example.com', 'ops@example.com']);
  });

  it('ephemeral: no budget even when one is given (the sandbox account is not the bill to watch)', () => {
    expect(ephemeral.resources.filter((r) => r.type === 'aws_budgets_budget')).toEqual([]);
  });
});
