import { describe, expect, it } from 'vitest';
import { Unknown, concatStrings, describeDomain, domainAlphabet, domainLength, domainPrefix, stringSegments } from '../../src/model/value.js';

const eipIp = new Unknown('known after apply', [{ address: 'aws_eip.media', attribute: 'public_ip' }]);
const token = new Unknown('known after apply', [{ address: 'random_password.t', attribute: 'result' }], {
  segments: [{ kind: 'chars', alphabet: 'abc123', min: 48, max: 48 }],
});

describe('unknown string domains', () => {
  it('1. a template around one resource attribute keeps the attribute as a symbol and the literal text', () => {
    const cidr = concatStrings([eipIp, '/32']);
    expect(cidr).toBeInstanceOf(Unknown);
    const u = cidr as Unknown;
    expect(u.origins).toEqual([{ address: 'aws_eip.media', attribute: 'public_ip' }]);
    expect(stringSegments(u)).toEqual([{ kind: 'symbol', origin: { address: 'aws_eip.media', attribute: 'public_ip' } }, { kind: 'literal', text: '/32' }]);
    expect(describeDomain(u.domain!)).toBe('aws_eip.media.public_ip + "/32"');
    expect(domainAlphabet(u.domain!)).toBeUndefined();
  });

  it('2. a known alphabet and length carry through concatenation, literals joined', () => {
    const u = concatStrings(['rediss://:', token, '@', 'host']) as Unknown;
    expect(u.domain!.segments).toHaveLength(3);
    expect(domainPrefix(u.domain!)).toBe('rediss://:');
    expect(domainLength(u.domain!)).toEqual({ min: 10 + 48 + 5, max: 10 + 48 + 5 });
    expect([...domainAlphabet(u.domain!)!].sort().join('')).toContain('/');
  });

  it('3. an unknown with several origins and no domain is unconstrained', () => {
    const u = new Unknown('x', [{ address: 'a.b', attribute: 'id' }, { address: 'c.d', attribute: 'id' }]);
    expect(stringSegments(u)).toEqual([{ kind: 'chars', min: 0 }]);
    expect(domainLength({ segments: stringSegments(u) })).toEqual({ min: 0 });
  });

  it('4. no unknown part: the plain string', () => {
    expect(concatStrings(['a', 'b'])).toBe('ab');
  });

  it('5. the JSON form names the shape', () => {
    expect(JSON.parse(JSON.stringify(token))).toEqual({ unknown: true, reason: 'known after apply', shape: '48 chars of "abc123"' });
  });
});
