import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';
import { discoverDeployments, loadStack } from '../../../src/load/index.js';
import { fromPlanDocument } from '../../../src/load/plan-json.js';
import { UserError } from '../../../src/errors.js';
import { corpusAvailable, corpusDir, corpusSkipReason } from '../../helpers/paths.js';

const fixtures = fileURLToPath(new URL('../plan-diff/fixtures/', import.meta.url));

async function run(args: string[], cwd = fixtures) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd, isTTY: false });
  return { code, stdout, stderr };
}

describe('stackcheck model / plan-json: arguments', () => {
  it.each([
    [['model'], /expected a Terraform root module directory/],
    [['model', 'a', 'b'], /expected one directory/],
    [['model', 'provider-less', '--bogus'], /Unknown option '--bogus'/],
    [['model', 'provider-less', '--var', 'novalue'], /--var expects name=value/],
    [['model', 'missing-dir'], /missing-dir: not a directory/],
    [['model', 'provider-less', '--var-file', 'nope.tfvars'], /nope\.tfvars: no such var file/],
    [['model', 'provider-less', '--plan-json', 'x.json'], /not both/],
    [['plan-json', '--plan-json', 'x.json'], /--plan-json is not an option here/],
    [['diff', 'provider-less'], /--plan-json <plan.json> is required/],
    [['model', 'provider-less', '--account-id', '1234'], /--account-id expects a 12-digit AWS account id, got '1234'/],
  ])('%j → usage error, exit 2', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a malformed plan file is one line naming file:line:column, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-cmd-'));
    writeFileSync(join(dir, 'plan.json'), '{\n  "format_version": "1.2",\n  oops\n}');
    const r = await run(['model', '--plan-json', 'plan.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`stackcheck model: ${join(dir, 'plan.json')}:3:3: the plan JSON file is not valid JSON: Expected double-quoted property name\n`);
  });
});

describe('stackcheck model', () => {
  it('summarises a static evaluation by module, with values and unknowns', async () => {
    const r = await run(['model', 'provider-less', '--var-file', 'provider-less.tfvars']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^provider-less: static evaluation, 7 resources, 0 data sources\n/);
    expect(r.stdout).toContain('\nmodule.env["prod"]\n  module.env["prod"].terraform_data.label');
    expect(r.stdout).toContain('  terraform_data.network["prod"]  provider-less/main.tf:21\n      input = {"gateway":"10.0.33.1","large":"yes"');
    expect(r.stdout).toContain('known after apply: id');
    expect(r.stdout).toContain('references: triggers_replace → terraform_data.network["prod"].id\n');
    expect(r.stdout).toMatch(/replica_ids = \[\(.+\), \(.+\), \(.+\)\]/);
  });

  it('--json prints the whole model with unknowns as {"unknown":true,"reason":…}', async () => {
    const r = await run(['model', 'provider-less', '--var-file', 'provider-less.tfvars', '--var', 'project=p', '--json']);
    expect(r.code).toBe(0);
    const model = JSON.parse(r.stdout);
    expect(model.origin).toBe('hcl');
    const replica = model.resources.find((x: { address: string }) => x.address === 'terraform_data.replica[2]');
    expect(replica.values.input).toBe('p-02');
    expect(model.outputs.replica_ids.value).toHaveLength(3);
    expect(model.outputs.replica_ids.value[0]).toEqual({ unknown: true, reason: expect.any(String) });
  });

  it.skipIf(!corpusAvailable)(`reads a real plan${corpusAvailable ? '' : ` (skipped: ${corpusSkipReason})`}`, async () => {
    const r = await run(['model', '--plan-json', join(corpusDir, 'snyk-labs__terraform-goof@c57a14c/tfplan.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/terraform plan \(terraform 0\.14\.5\), 18 resources, 0 data sources/);
    expect(r.stdout).toContain('removed by the plan (not part of the stack)\n  module.storage.aws_s3_bucket.insecure-bucket  [delete]');
  });
});

describe('--account-id', () => {
  it('answers data "aws_caller_identity" (unknown without it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-account-'));
    writeFileSync(
      join(dir, 'main.tf'),
      'data "aws_caller_identity" "current" {}\noutput "bucket" {\n  value = "env-files-${data.aws_caller_identity.current.account_id}"\n}\n',
    );
    const known = await run(['model', dir, '--account-id', '111122223333']);
    expect(known.code).toBe(0);
    expect(known.stdout).toContain('bucket = "env-files-111122223333"');
    const unknown = await run(['model', dir]);
    expect(unknown.stdout).not.toContain('111122223333');
    expect(unknown.stdout).toMatch(/bucket = \(/);
  });
});

describe('--shape', () => {
  it('fills in the provider schema: unset computed attributes unknown, unset optional ones null', async () => {
    const plain = JSON.parse((await run(['plan-json', 'shape'], fileURLToPath(new URL('./fixtures/', import.meta.url)))).stdout);
    const shaped = JSON.parse((await run(['plan-json', 'shape', '--shape'], fileURLToPath(new URL('./fixtures/', import.meta.url)))).stdout);
    const vpc = (doc: any) => doc.resource_changes.find((c: { address: string }) => c.address === 'aws_vpc.main').change;
    // Unshaped, the unset arguments are still planned as the provider plans them (schema/aws-defaults.json):
    // terraform 1.11 + aws 5.100 (the mirror) plans this aws_vpc with exactly these arguments unknown
    // (enable_dns_hostnames has no default in 5.100: "known after apply") and enable_dns_support
    // true, instance_tenancy "default"; only the read-only attributes (arn, owner_id …) need --shape.
    expect(vpc(plain).after_unknown).toEqual({
      id: true,
      enable_dns_hostnames: true,
      enable_network_address_usage_metrics: true,
      ipv6_cidr_block: true,
      ipv6_cidr_block_network_border_group: true,
      tags_all: true,
    });
    expect(vpc(shaped).after_unknown).toMatchObject({ id: true, arn: true, default_security_group_id: true, enable_dns_hostnames: true });
    expect(vpc(shaped).after).toMatchObject({ cidr_block: '10.0.0.0/16', ipv4_ipam_pool_id: null, enable_dns_support: true });
    expect(vpc(plain).after).toEqual({ cidr_block: '10.0.0.0/16', enable_dns_support: true, instance_tenancy: 'default' });
  });
});

describe('stackcheck plan-json', () => {
  it('prints a terraform show -json style document that loads back', async () => {
    const r = await run(['plan-json', 'provider-less', '--var-file', 'provider-less.tfvars']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.format_version).toBe('1.2');
    expect(doc.resource_changes.map((c: { change: { actions: string[] } }) => c.change.actions[0])).toEqual(Array(7).fill('create'));
    expect(doc.planned_values.root_module.child_modules.map((m: { address: string }) => m.address).sort()).toEqual([
      'module.env["prod"]',
      'module.env["staging"]',
    ]);
    const back = fromPlanDocument(doc, 'stdout');
    expect(back.resources.find((x) => x.address === 'terraform_data.network["staging"]')?.values.input).toMatchObject({ subnet: '10.0.17.0/24', gateway: '10.0.17.1' });
  });
});

describe('loadStack and discoverDeployments', () => {
  it('loadStack needs a directory or a plan', async () => {
    await expect(loadStack({})).rejects.toThrow(UserError);
  });

  it('names each envs/*.tfvars file as a deployment, sorted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deployments-'));
    mkdirSync(join(dir, 'envs'));
    for (const f of ['live.tfvars', 'ephemeral.tfvars', 'notes.md', 'extra.tfvars.json']) writeFileSync(join(dir, 'envs', f), '');
    expect(await discoverDeployments(dir)).toEqual([
      { name: 'ephemeral', varFiles: [join(dir, 'envs', 'ephemeral.tfvars')] },
      { name: 'extra', varFiles: [join(dir, 'envs', 'extra.tfvars.json')] },
      { name: 'live', varFiles: [join(dir, 'envs', 'live.tfvars')] },
    ]);
    expect(await discoverDeployments(join(dir, 'envs'))).toEqual([]);
  });
});
