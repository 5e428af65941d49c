import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLoadArgs } from '../../../src/commands/load-args.js';
import { UserError } from '../../../src/errors.js';
import { parseDataFacts } from '../../../src/load/hcl/data-facts.js';
import { loadHcl } from '../../../src/load/hcl/index.js';
import { isUnknown } from '../../../src/model/value.js';

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'hcl-facts-'));
  for (const [n, t] of Object.entries(files)) writeFileSync(join(d, n), t);
  return d;
}

const MAIN = `
data "aws_availability_zones" "available" {}
data "aws_vpc" "existing" {
  tags = { Name = "shared" }
}
resource "aws_subnet" "s" {
  count             = length(data.aws_availability_zones.available.names)
  vpc_id            = data.aws_vpc.existing.id
  availability_zone = data.aws_availability_zones.available.names[count.index]
}
`;

describe('data facts (--data-file, dataFacts)', () => {
  it('give data source results by address: the zone list expands the count, the VPC id is known', async () => {
    const m = await loadHcl({
      dir: dir({ 'main.tf': MAIN }),
      dataFacts: { 'data.aws_availability_zones.available': { names: ['ap-northeast-2a', 'ap-northeast-2c'] }, 'data.aws_vpc.existing': { id: 'vpc-0123' } },
    });
    const subnets = m.resources.filter((r) => r.type === 'aws_subnet');
    expect(subnets.map((r) => [r.address, r.values.availability_zone, r.values.vpc_id])).toEqual([
      ['aws_subnet.s[0]', 'ap-northeast-2a', 'vpc-0123'],
      ['aws_subnet.s[1]', 'ap-northeast-2c', 'vpc-0123'],
    ]);
    expect(m.diagnostics).toEqual([]);
  });

  it('without them the subnets are one resource with unknown instances; a fact matching nothing is a warning', async () => {
    const m = await loadHcl({ dir: dir({ 'main.tf': MAIN }), dataFacts: { 'data.aws_ami.typo': { id: 'ami-1' } } });
    const s = m.resources.find((r) => r.type === 'aws_subnet')!;
    expect(s.address).toBe('aws_subnet.s[*]');
    expect(isUnknown(s.values.vpc_id)).toBe(true);
    expect(m.diagnostics.map((d) => d.message)).toContainEqual(expect.stringMatching(/data fact for data\.aws_ami\.typo matches no data source/));
  });

  it('a data file is YAML or JSON; a key that is no data source address is an error at its line', () => {
    expect(parseDataFacts('data.aws_caller_identity.current:\n  account_id: "111122223333"\n', 'f.yaml')).toEqual({ 'data.aws_caller_identity.current': { account_id: '111122223333' } });
    expect(parseDataFacts('{"module.net.data.aws_vpc.main": {"id": "vpc-1"}}', 'f.json')).toEqual({ 'module.net.data.aws_vpc.main': { id: 'vpc-1' } });
    let e: unknown;
    try {
      parseDataFacts('data.aws_vpc.a:\n  id: x\naws_vpc.b:\n  id: y\n', 'f.yaml');
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).location).toEqual({ file: 'f.yaml', line: 3 });
    expect(() => parseDataFacts('data.aws_vpc.a: [1]\n', 'f.yaml')).toThrow(/as a map/);
  });

  it('--data-file, --var and --account-id reach the loader through the one argument parser', () => {
    const d = dir({ 'main.tf': MAIN, 'facts.yaml': 'data.aws_vpc.existing:\n  id: vpc-9\n' });
    const a = parseLoadArgs([d, '--data-file', join(d, 'facts.yaml'), '--var', 'x=1', '--account-id', '111122223333'], d, 'usage');
    expect(a.load).toMatchObject({ dataFacts: { 'data.aws_vpc.existing': { id: 'vpc-9' } }, vars: { x: '1' }, accountId: '111122223333' });
    expect(() => parseLoadArgs([d, '--data-file', join(d, 'nope.yaml')], d, 'usage')).toThrow(/cannot read the data file/);
  });
});
