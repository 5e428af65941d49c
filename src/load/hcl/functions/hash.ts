/**
 * Hash and crypto functions: md5 sha1 sha256 sha512 base64sha256 base64sha512, their file*
 * variants, uuidv5; bcrypt and uuid are unknown at plan time (random), rsadecrypt is not supported.
 */
import { createHash } from 'node:crypto';
import { Unknown, type Value } from '../../../model/value.js';
import { defineFunctions, fail, type FunctionSpec } from './helpers.js';
import { readConfigFile } from './filesystem.js';

type Algorithm = 'md5' | 'sha1' | 'sha256' | 'sha512';

function ofString(algorithm: Algorithm, encoding: 'hex' | 'base64'): FunctionSpec {
  return {
    params: [{ name: 'str', kind: 'string' }],
    impl: ([s]: [string]) => createHash(algorithm).update(s, 'utf8').digest(encoding),
  };
}

function ofFile(algorithm: Algorithm, encoding: 'hex' | 'base64'): FunctionSpec {
  return {
    params: [{ name: 'path', kind: 'string' }],
    impl: ([p]: [string], ctx, name) => createHash(algorithm).update(readConfigFile(name, ctx, p)).digest(encoding),
  };
}

const NAMESPACES: Record<string, string> = {
  dns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  url: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
  oid: '6ba7b812-9dad-11d1-80b4-00c04fd430c8',
  x500: '6ba7b814-9dad-11d1-80b4-00c04fd430c8',
};

function uuidBytes(s: string): Buffer | undefined {
  const hex = s.replace(/^urn:uuid:/i, '').replace(/^\{(.*)\}$/, '$1');
  if (!/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(hex)) return undefined;
  return Buffer.from(hex.replace(/-/g, ''), 'hex');
}

function formatUuid(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export const hashFunctions = defineFunctions({
  md5: ofString('md5', 'hex'),
  sha1: ofString('sha1', 'hex'),
  sha256: ofString('sha256', 'hex'),
  sha512: ofString('sha512', 'hex'),
  base64sha256: ofString('sha256', 'base64'),
  base64sha512: ofString('sha512', 'base64'),
  filemd5: ofFile('md5', 'hex'),
  filesha1: ofFile('sha1', 'hex'),
  filesha256: ofFile('sha256', 'hex'),
  filesha512: ofFile('sha512', 'hex'),
  filebase64sha256: ofFile('sha256', 'base64'),
  filebase64sha512: ofFile('sha512', 'base64'),
  uuidv5: {
    params: [
      { name: 'namespace', kind: 'string' },
      { name: 'name', kind: 'string' },
    ],
    impl: ([ns, n]: [string, string], _ctx, name) => {
      const space = uuidBytes(NAMESPACES[ns] ?? ns);
      if (!space) throw fail(name, `uuidv5() doesn't support namespace ${JSON.stringify(ns)}: must be dns, url, oid, x500 or a UUID`);
      const hash = createHash('sha1').update(space).update(n, 'utf8').digest().subarray(0, 16);
      hash[6] = (hash[6]! & 0x0f) | 0x50;
      hash[8] = (hash[8]! & 0x3f) | 0x80;
      return formatUuid(hash);
    },
  },
  bcrypt: {
    params: [{ name: 'str', kind: 'string' }],
    variadic: { name: 'cost', kind: 'number' },
    impl: ([, ...cost]: [string, ...number[]], _ctx, name): Value => {
      if (cost.length > 1) throw fail(name, `expected 1 or 2 arguments, got ${cost.length + 1}`);
      const c = cost[0];
      if (c !== undefined && (c < 4 || c > 31)) throw fail(name, `cost ${c} is outside the allowed range (4-31)`);
      return new Unknown('bcrypt() uses a random salt, so its result differs on every run');
    },
  },
  uuid: {
    params: [],
    impl: () => new Unknown('uuid() is random and known only after apply'),
  },
  rsadecrypt: {
    params: [
      { name: 'ciphertext', kind: 'string' },
      { name: 'privatekey', kind: 'string' },
    ],
    impl: (_args, _ctx, name) => {
      throw fail(name, 'is not supported by the static evaluator (decrypting secrets is out of scope); read the value from the real plan instead');
    },
  },
});
