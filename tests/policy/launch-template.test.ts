/**
 * CMP-002 on launch templates: CMP-001 and CMP-003 already judged aws_launch_template, CMP-002 did
 * not, so an unencrypted volume declared in a template passed unseen.
 */
import { describe, expect, it } from 'vitest';
import { Unknown } from '../../src/model/value.js';
import { CMP_002 } from '../../src/policy/rules/compute/CMP-002-encrypted-volumes.js';
import { check, model, resource } from './helpers.js';

const lt = (mappings: unknown) => resource('aws_launch_template.t', { block_device_mappings: mappings as never });

describe('CMP-002 Root and EBS volumes are encrypted — launch templates', () => {
  it('1. an ebs mapping without encryption fails at its path', () => {
    const [r] = check([CMP_002], model([lt([{ device_name: '/dev/xvda', ebs: [{ volume_size: 50, encrypted: '' }] }])]));
    expect(r.verdict).toBe('fail');
    expect(r.findings[0].details).toEqual({ path: 'block_device_mappings.0.ebs.0.encrypted' });
  });
  it('2. an encryption flag known only after apply is unknown', () => {
    const [r] = check([CMP_002], model([lt([{ device_name: '/dev/xvda', ebs: [{ encrypted: new Unknown('from var', [{ address: 'random_pet.p', attribute: 'id' }]) }] }])]));
    expect(r.verdict).toBe('unknown');
  });
  it('3. no EBS mapping is not applicable (the AMI and the launching instance decide)', () => {
    const [r] = check([CMP_002], model([lt([])]));
    expect(r.verdict).toBe('not-applicable');
  });
  it('pass: encrypted mappings hold', () => {
    const [r] = check([CMP_002], model([lt([{ device_name: '/dev/xvda', ebs: [{ encrypted: 'true' }] }, { device_name: '/dev/sdf', ebs: [{ encrypted: true }] }])]));
    expect(r.verdict).toBe('pass');
  });
});
