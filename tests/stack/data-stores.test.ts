/**
 * The data stores as the static evaluator plans them for both deployments (live and ephemeral), judged
 * against what AWS accepts and the credential model:
 *   - B1: every ElastiCache AUTH token comes from a random_password whose alphabet is within what
 *     CreateReplicationGroup accepts ("The only permitted printable special characters are !, &, #,
 *     $, ^, <, >, and -"; 16-128 characters) and has none of the URL/.env-breaking ones (alphanumeric);
 *   - B2: max_allocated_storage is 0 or at least 10 % above allocated_storage ("The maximum allocated
 *     storage must be increased by at least 10 percent");
 *   - B3: IAM database authentication on, no host role reads the RDS master secret, and each app host
 *     may rds-db:connect as exactly its applications' database users.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadStack } from '../../src/load/index.js';
import type { Resource, StackModel } from '../../src/model/resource.js';
import { isUnknown } from '../../src/model/value.js';
import { stackDir } from './helpers.js';

const DEPLOYMENTS = { live: ['envs/live.tfvars'], ephemeral: ['envs/ephemeral.tfvars'] } as const;
const models: Partial<Record<keyof typeof DEPLOYMENTS, StackModel>> = {};

beforeAll(async () => {
  for (const [name, files] of Object.entries(DEPLOYMENTS)) {
    models[name as keyof typeof DEPLOYMENTS] = await loadStack({
      dir: stackDir,
      varFiles: files.map((f) => join(stackDir, f)),
      vars: name === 'ephemeral' ? { run_id: 'e2e7run01x' } : {},
      env: {},
    });
  }
}, 120_000);

const each = (fn: (name: string, model: StackModel) => void) => () => {
  for (const [name, model] of Object.entries(models)) fn(name, model!);
};
const ofType = (model: StackModel, type: string, mode = 'managed') => model.resources.filter((r) => r.type === type && r.mode === mode);
const num = (r: Resource, key: string) => {
  const v = r.values[key];
  expect(typeof v, `${r.address}.${key} is known`).toBe('number');
  return v as number;
};

/** What hashicorp/random's random_password draws from (its documented defaults: upper, lower, numeric, special true). */
function passwordAlphabet(r: Resource): Set<string> {
  const flag = (k: string) => r.values[k] === undefined || r.values[k] === null || r.values[k] === true;
  for (const k of ['upper', 'lower', 'numeric', 'special', 'override_special']) expect(isUnknown(r.values[k]), `${r.address}.${k}`).toBe(false);
  let chars = '';
  if (flag('upper')) chars += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  if (flag('lower')) chars += 'abcdefghijklmnopqrstuvwxyz';
  if (flag('numeric')) chars += '0123456789';
  if (flag('special')) chars += typeof r.values.override_special === 'string' ? r.values.override_special : '!@#$%&*()-_=+[]{}<>:?';
  return new Set(chars);
}

const AWS_AUTH_TOKEN_CHARS = new Set('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!&#$^<>-');
const ALPHANUMERIC = new Set('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');

describe('B1: ElastiCache AUTH tokens AWS accepts', () => {
  it('every replication group takes its token from a random_password within the AuthToken charset, alphanumeric, 16-128 long', each((name, model) => {
    const groups = ofType(model, 'aws_elasticache_replication_group');
    expect(groups.length, name).toBe(name === 'live' ? 3 : 2);
    for (const g of groups) {
      const pw = model.resources.find((r) => r.type === 'random_password' && r.module === g.module && r.name === 'auth_token');
      expect(pw, `${g.address}: its module's random_password.auth_token`).toBeDefined();
      const length = num(pw!, 'length');
      expect(length, pw!.address).toBeGreaterThanOrEqual(16);
      expect(length, pw!.address).toBeLessThanOrEqual(128);
      const alphabet = passwordAlphabet(pw!);
      const forbidden = [...alphabet].filter((c) => !AWS_AUTH_TOKEN_CHARS.has(c));
      expect(forbidden, `${pw!.address}: characters CreateReplicationGroup rejects`).toEqual([]);
      expect([...alphabet].filter((c) => !ALPHANUMERIC.has(c)), `${pw!.address}: break rediss:// URLs or .env interpolation`).toEqual([]);
      expect(g.values.transit_encryption_enabled, g.address).toBe(true);
    }
  }));
});

describe('B2: RDS storage autoscaling ceiling', () => {
  it('max_allocated_storage is 0 or at least 1.1 x allocated_storage in every deployment', each((name, model) => {
    const dbs = ofType(model, 'aws_db_instance');
    expect(dbs.length, name).toBeGreaterThan(0);
    for (const db of dbs) {
      const allocated = num(db, 'allocated_storage');
      const max = num(db, 'max_allocated_storage');
      expect(max === 0 || max >= 1.1 * allocated, `${db.address}: ${max} vs ${allocated}`).toBe(true);
    }
  }));
});

describe('B3: database credentials', () => {
  it('IAM database authentication is on; the master password stays RDS-managed', each((_name, model) => {
    for (const db of ofType(model, 'aws_db_instance')) {
      expect(db.values.iam_database_authentication_enabled, db.address).toBe(true);
      expect(db.values.manage_master_user_password, db.address).toBe(true);
      expect(db.values.password ?? null, db.address).toBeNull();
    }
  }));

  it('no host reads the RDS master secret: api and ai-agent read only their Redis token; each may connect as exactly its own database users', each((name, model) => {
    const docs = ofType(model, 'aws_iam_policy_document', 'data');
    const secretsOf = (host: string) => docs.find((d) => d.address === `module.iam.data.aws_iam_policy_document.secrets_read["${host}"]`);
    const connectOf = (host: string) => docs.find((d) => d.address === `module.iam.data.aws_iam_policy_document.database_connect["${host}"]`);
    const envs = name === 'live' ? ['staging', 'prod'] : ['staging'];
    const statement = (d: Resource | undefined) => (d?.values.statement as Record<string, unknown>[] | undefined)?.[0];
    for (const env of envs) {
      for (const [role, users] of [['api', 2], ['ai-agent', 1]] as const) {
        const secrets = statement(secretsOf(`${env}-${role}`));
        expect(secrets?.resources, `${env}-${role} secrets: the Redis token only`).toHaveLength(1);
        const connect = statement(connectOf(`${env}-${role}`));
        expect(connect?.actions, `${env}-${role}`).toEqual(['rds-db:connect']);
        expect(connect?.resources, `${env}-${role}: one dbuser ARN per application`).toHaveLength(users);
      }
      expect(secretsOf(`${env}-web`), `${env}-web`).toBeUndefined();
      expect(connectOf(`${env}-web`), `${env}-web`).toBeUndefined();
    }
    expect(connectOf('livekit')).toBeUndefined();
  }));
});
