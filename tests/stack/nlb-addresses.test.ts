/**
 * m19: the NLB's Elastic IPs (LiveKit's advertised node_ip, what clients' firewalls allow) cannot be
 * destroyed by any plan of the live deployment, while the nightly ephemeral copy stays destroyable.
 * prevent_destroy takes only a literal, so modules/nlb has two blocks chosen by protect_addresses,
 * and a `moved` block carries the existing live state (aws_eip.this) into the protected one. The
 * real terraform is the oracle, planned offline against a state that holds the addresses.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modulesDir, terraformAvailable, terraformSkipReason } from './helpers.js';
import { offlineRoot, type OfflineRoot, type StateResource } from './offline-root.js';

const WRAPPER = `
variable "protect" {
  type = bool
}

provider "aws" {
  region = "ap-northeast-2"
}

module "nlb" {
  source = "./nlb"

  name_prefix         = "dolbom"
  vpc_id              = "vpc-0a"
  subnet_ids          = ["subnet-0a"]
  security_group_id   = "sg-0a"
  deletion_protection = false
  protect_addresses   = var.protect
  listeners           = { ice-tcp = { port = 7881, protocol = "TCP", target_protocol = "TCP" } }
  target_instance_id  = "i-0123456789abcdef0"
  health_check_port   = 7881
  alarm_topic_arn     = "arn:aws:sns:ap-northeast-2:111122223333:alarms"
}
`;

const TAGS = { Name: 'dolbom-nlb-0', Role: 'nlb', Environment: 'shared' };
const eip = (name: string): StateResource => ({
  type: 'aws_eip',
  name,
  module: 'module.nlb',
  key: '0',
  attributes: { id: 'eipalloc-0a1b2c3d', allocation_id: 'eipalloc-0a1b2c3d', public_ip: '203.0.113.10', domain: 'vpc', tags: TAGS, tags_all: TAGS },
});

interface Change {
  address: string;
  previous_address?: string;
  change: { actions: string[]; after?: any };
}

const suite = terraformAvailable ? describe : describe.skip;
if (!terraformAvailable) console.warn(`tests/stack/nlb-addresses.test.ts skipped: ${terraformSkipReason}`);

suite('m19: the NLB Elastic IPs under the real terraform (offline)', () => {
  let root: OfflineRoot;
  beforeAll(async () => {
    root = await offlineRoot({ copy: { nlb: join(modulesDir, 'nlb') }, files: { 'main.tf': WRAPPER } });
  }, 120_000);
  afterAll(async () => {
    await root?.close();
  });

  it('live state from before (aws_eip.this): moved to the protected block, not replaced; the NLB maps the same allocation', async () => {
    root.writeState([eip('this')]);
    const plan = await root.plan(['-var=protect=true']);
    const changes = plan.resource_changes as Change[];
    const moved = changes.find((c) => c.address === 'module.nlb.aws_eip.protected["0"]');
    expect(moved?.previous_address).toBe('module.nlb.aws_eip.this["0"]');
    expect(moved?.change.actions).toEqual(['no-op']);
    expect(changes.filter((c) => c.address.includes('aws_eip') && c.change.actions.some((a) => a === 'delete' || a === 'create'))).toEqual([]);
    const lb = changes.find((c) => c.address === 'module.nlb.aws_lb.this');
    expect(lb?.change.after.subnet_mapping).toEqual([expect.objectContaining({ subnet_id: 'subnet-0a', allocation_id: 'eipalloc-0a1b2c3d' })]);
  }, 120_000);

  it('live: a destroy is refused, and so is switching protect_addresses off (it would destroy the address)', async () => {
    root.writeState([eip('protected')]);
    for (const args of [['-destroy', '-var=protect=true'], ['-var=protect=false']]) {
      const { code, output } = await root.planText(args);
      expect(code, args.join(' ')).not.toBe(0);
      expect(output).toContain('Instance cannot be destroyed');
      expect(output).toContain('module.nlb.aws_eip.protected["0"]');
    }
  }, 120_000);

  it('ephemeral (protect_addresses = false): the destroy plans', async () => {
    root.writeState([eip('disposable')]);
    const plan = await root.plan(['-destroy', '-var=protect=false']);
    const change = (plan.resource_changes as Change[]).find((c) => c.address === 'module.nlb.aws_eip.disposable["0"]');
    expect(change?.change.actions).toEqual(['delete']);
  }, 120_000);
});
