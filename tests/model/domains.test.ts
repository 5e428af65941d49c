/**
 * Sources and resolution of unknown-string domains: random_password / random_string results and
 * name_prefix names get their domain from ONE function (withGeneratedDomains) in both loaders, and
 * resolveDomain follows an unknown's origin to it (the plan path, where auth_token is only "known
 * after apply, from random_password.x.result").
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStack } from '../../src/load/index.js';
import { fromPlanDocument } from '../../src/load/plan-json.js';
import { toPlanDocument } from '../../src/load/plan-writer.js';
import { describeDomain, domainAlphabet, domainLength, isUnknown, ModelIndex, originReader, RANDOM_DEFAULT_SPECIAL, resolveDomain, Unknown, withGeneratedDomains, type StackModel } from '../../src/model/index.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function result(values: Record<string, unknown>): Unknown {
  const v = withGeneratedDomains('random_password', values as never, 'random_password.x').result;
  if (!isUnknown(v)) throw new Error('expected an unknown result');
  return v;
}

describe('random_password / random_string result domain (hashicorp/random docs)', () => {
  it('length characters; every class on by default, the default specials', () => {
    const d = result({ length: 20 }).domain!;
    expect(domainLength(d)).toEqual({ min: 20, max: 20 });
    expect([...domainAlphabet(d)!].sort().join('')).toBe([...new Set(ALNUM + RANDOM_DEFAULT_SPECIAL)].sort().join(''));
  });
  it('special = false: letters and digits only', () => {
    expect([...domainAlphabet(result({ length: 48, special: false }).domain!)!].sort().join('')).toBe([...ALNUM].sort().join(''));
  });
  it('override_special replaces the default specials; upper/lower/numeric (and the older number) switch classes off', () => {
    const d = result({ length: 16, override_special: '-!', upper: false, numeric: false }).domain!;
    expect([...domainAlphabet(d)!].sort().join('')).toBe([...'abcdefghijklmnopqrstuvwxyz-!'].sort().join(''));
    expect(domainAlphabet(result({ length: 16, special: false, number: false }).domain!)!.has('7')).toBe(false);
  });
  it('an unknown length (or flag) leaves the result without a domain: nothing is guessed', () => {
    const v = withGeneratedDomains('random_password', { length: new Unknown('from a variable') }, 'random_password.x').result;
    expect(v).toBeUndefined();
    const w = withGeneratedDomains('random_password', { length: 8, special: new Unknown('from a variable') }, 'random_password.x').result;
    expect(w).toBeUndefined();
  });
  it('a known result is left alone', () => {
    expect(withGeneratedDomains('random_string', { length: 3, result: 'abc' }, 'random_string.x').result).toBe('abc');
  });
});

describe('name_prefix names (terraform-plugin-sdk PrefixedUniqueId: prefix + 26 of [0-9a-f])', () => {
  it('name = prefix + 26 hex characters; bucket_prefix and identifier_prefix alike', () => {
    const v = withGeneratedDomains('aws_security_group', { name_prefix: 'dolbom-web-' }, 'aws_security_group.web');
    expect(isUnknown(v.name) && describeDomain(v.name.domain!)).toBe('"dolbom-web-" + 26 chars of "0123456789abcdef"');
    const b = withGeneratedDomains('aws_s3_bucket', { bucket_prefix: 'logs-' }, 'aws_s3_bucket.l');
    expect(isUnknown(b.bucket) && domainLength(b.bucket.domain!)).toEqual({ min: 31, max: 31 });
  });
  it('a fixed name is left alone', () => {
    expect(withGeneratedDomains('aws_lb', { name: 'alb' }, 'aws_lb.a').name).toBe('alb');
  });
});

const HCL = `
resource "random_password" "auth" {
  length           = 48
  override_special = "%*"
}

resource "aws_elasticache_replication_group" "redis" {
  replication_group_id       = "redis"
  description                = "redis"
  transit_encryption_enabled = true
  auth_token                 = random_password.auth.result
  user_group_ids             = ["\${random_password.auth.result}-suffix"]
}
`;

async function hclModel(): Promise<StackModel> {
  const dir = mkdtempSync(join(tmpdir(), 'domains-'));
  writeFileSync(join(dir, 'main.tf'), HCL);
  return loadStack({ dir, varFiles: [], env: {} });
}

function tokenDomain(model: StackModel) {
  const index = new ModelIndex(model);
  const rg = model.resources.find((r) => r.type === 'aws_elasticache_replication_group')!;
  const token = rg.values.auth_token;
  if (!isUnknown(token)) throw new Error('auth_token should be unknown');
  return resolveDomain(token, originReader(index, rg));
}

describe('one source, both loaders, one resolver', () => {
  it('HCL: the reference carries the domain itself, and a template keeps it around its literal', async () => {
    const model = await hclModel();
    const d = tokenDomain(model)!;
    expect(domainLength(d)).toEqual({ min: 48, max: 48 });
    expect(domainAlphabet(d)!.has('%')).toBe(true);
    const rg = model.resources.find((r) => r.type === 'aws_elasticache_replication_group')!;
    const ids = rg.values.user_group_ids as unknown[];
    expect(isUnknown(ids[0]) && describeDomain((ids[0] as Unknown).domain!)).toMatch(/^48 chars of ".*" \+ "-suffix"$/);
  });
  it('plan JSON: auth_token is a bare unknown whose origin is random_password.auth.result; the resolver finds the same domain there', async () => {
    const plan = fromPlanDocument(JSON.parse(JSON.stringify(toPlanDocument(await hclModel()))), 'plan.json');
    const rg = plan.resources.find((r) => r.type === 'aws_elasticache_replication_group')!;
    const token = rg.values.auth_token as Unknown;
    expect(isUnknown(token) && token.domain).toBeFalsy();
    const d = tokenDomain(plan)!;
    expect(domainLength(d)).toEqual({ min: 48, max: 48 });
    expect([...domainAlphabet(d)!].sort().join('')).toBe([...ALNUM + '%*'].sort().join(''));
  });
  it('an unknown with several origins and no domain resolves to nothing (not guessed)', () => {
    const u = new Unknown('x', [
      { address: 'a.b', attribute: 'c' },
      { address: 'd.e', attribute: 'f' },
    ]);
    expect(resolveDomain(u, () => undefined)).toBeUndefined();
  });
});
