/**
 * m1: the RDS PostgreSQL major version is one of the majors RDS supports (14-18), and a value RDS
 * does not offer (13, past its end of standard support; 19, not confirmed outside the preview
 * environment) is refused before it reaches the API. The real terraform is the oracle for the
 * module's validation (a wrapper root planning modules/rds once per version); the static evaluator
 * must refuse the same value on the whole stack, so `make test-plan` cannot pass a plan terraform
 * rejects. Skips the terraform half with a reason without terraform or the mirror.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStack } from '../../src/load/index.js';
import { modulesDir, stackDir, terraformAvailable, terraformSkipReason } from './helpers.js';
import { offlineRoot, plannedResources, type OfflineRoot } from './offline-root.js';

const SUPPORTED = ['14', '15', '16', '17', '18'];
const REFUSED = ['13', '19'];

const WRAPPER = `
variable "versions" {
  type = set(string)
}

provider "aws" {
  region = "ap-northeast-2"
}

module "rds" {
  source   = "./rds"
  for_each = var.versions

  identifier        = "pg\${each.key}"
  environment       = "staging"
  subnet_ids        = ["subnet-0a", "subnet-0b"]
  security_group_id = "sg-0a"
  engine_version    = each.key
  alarms            = { topic_arn = "arn:aws:sns:ap-northeast-2:111122223333:alarms" }
}
`;

const versionsVar = (versions: string[]) => `-var=versions=${JSON.stringify(versions)}`;

const suite = terraformAvailable ? describe : describe.skip;
if (!terraformAvailable) console.warn(`tests/stack/rds-engine-version.test.ts: terraform half skipped: ${terraformSkipReason}`);

suite('m1: modules/rds engine_version under the real terraform (offline)', () => {
  let root: OfflineRoot;
  beforeAll(async () => {
    root = await offlineRoot({ copy: { rds: join(modulesDir, 'rds') }, files: { 'main.tf': WRAPPER } });
  }, 120_000);
  afterAll(async () => {
    await root?.close();
  });

  it('plans 14-18, each with the parameter group family of its major', async () => {
    const planned = plannedResources(await root.plan([versionsVar(SUPPORTED)]));
    for (const v of SUPPORTED) {
      expect(planned.get(`module.rds["${v}"].aws_db_parameter_group.this`)?.values.family, v).toBe(`postgres${v}`);
      expect(planned.get(`module.rds["${v}"].aws_db_instance.this`)?.values.engine_version, v).toBe(v);
    }
  }, 120_000);

  it('refuses 13 and 19 with the validation message', async () => {
    // One plan: terraform reports the validation error of each module instance.
    const { code, output } = await root.planText([versionsVar(REFUSED)]);
    expect(code, output).not.toBe(0);
    const errors = output.split('Error: Invalid value for variable').slice(1);
    expect(errors.filter((e) => e.includes('engine_version must be a PostgreSQL major version RDS supports')), output).toHaveLength(REFUSED.length);
  }, 120_000);
});

describe('m1: the static evaluator refuses the same engine versions on the stack', () => {
  const load = (engine: string) =>
    loadStack({
      dir: stackDir,
      varFiles: [join(stackDir, 'envs', 'live.tfvars')],
      vars: { environments: `{ prod = { api_host = "api.example.com", web_host = "www.example.com", rds = { engine_version = "${engine}" } } }` },
      env: {},
    });

  it('19 and 13 are user errors naming the validation; 18 evaluates', async () => {
    for (const v of REFUSED) await expect(load(v), v).rejects.toThrow(/engine_version must be a PostgreSQL major version RDS supports/);
    const model = await load('18');
    const group = model.resources.find((r) => r.address === 'module.rds["prod"].aws_db_parameter_group.this');
    expect(group?.values.family).toBe('postgres18');
  }, 180_000);
});
