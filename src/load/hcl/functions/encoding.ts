/**
 * Encoding functions: base64decode base64encode base64gzip csvdecode jsondecode jsonencode
 * textdecodebase64 textencodebase64 urlencode yamldecode yamlencode.
 */
import { gzipSync } from 'node:zlib';
import { parseAllDocuments, type Tags } from 'yaml';
import { concatStrings, Unknown, type ObjectValue, type Value } from '../../../model/value.js';
import { defineFunctions, fail, formatNumber, sortedKeys } from './helpers.js';
import { yamlEncode } from './yaml-encode.js';

/** Go's encoding/json string escaping, as cty uses it (HTML-safe: `<` `>` `&` become \u003c …). */
function jsonQuote(s: string): string {
  let out = '"';
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    switch (c) {
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\b':
        out += '\\b';
        break;
      case '\f':
        out += '\\f';
        break;
      case '<':
      case '>':
      case '&':
      case '\u2028':
      case '\u2029':
        out += `\\u${cp.toString(16).padStart(4, '0')}`;
        break;
      default:
        out += cp < 0x20 ? `\\u${cp.toString(16).padStart(4, '0')}` : c;
    }
  }
  return out + '"';
}

/** jsonencode of a known value: compact, object keys sorted, numbers in terraform's plain notation. */
export function jsonEncode(v: Value): string {
  if (v === null) return 'null';
  if (v instanceof Unknown) throw new Error('jsonEncode called with an unknown value');
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return jsonQuote(v);
  if (Array.isArray(v)) return `[${v.map(jsonEncode).join(',')}]`;
  return `{${sortedKeys(v)
    .map((k) => `${jsonQuote(k)}:${jsonEncode(v[k]!)}`)
    .join(',')}}`;
}

/**
 * jsonencode of a value holding unknowns, as terraform plans it: unknown. The result keeps the JSON
 * text known around the unknown parts (its StringDomain): an unknown string with a known shape
 * (`"${aws_s3_bucket.b.arn}/*"`) inside quotes, any other unknown as unconstrained characters in
 * the place of a whole JSON value. So a policy's known statements stay readable
 * (src/policy/values.ts policyDocument) while the document itself is unknown.
 */
function jsonEncodeParts(v: Value, out: (string | Unknown)[]): void {
  if (v instanceof Unknown) {
    if (v.domain) {
      out.push('"');
      for (const seg of v.domain.segments) out.push(seg.kind === 'literal' ? jsonQuote(seg.text).slice(1, -1) : new Unknown(v.reason, v.origins, { segments: [seg] }));
      out.push('"');
    } else out.push(new Unknown(v.reason, v.origins, { segments: [{ kind: 'chars', min: 1 }] }));
    return;
  }
  if (v === null || typeof v !== 'object') return void out.push(jsonEncode(v));
  if (Array.isArray(v)) {
    out.push('[');
    v.forEach((x, i) => {
      if (i > 0) out.push(',');
      jsonEncodeParts(x, out);
    });
    return void out.push(']');
  }
  out.push('{');
  sortedKeys(v).forEach((k, i) => {
    out.push(`${i > 0 ? ',' : ''}${jsonQuote(k)}:`);
    jsonEncodeParts(v[k]!, out);
  });
  out.push('}');
}

function holdsUnknown(v: Value): boolean {
  if (v instanceof Unknown) return true;
  if (Array.isArray(v)) return v.some(holdsUnknown);
  return v !== null && typeof v === 'object' && Object.values(v).some(holdsUnknown);
}

/** A strict JSON reader (RFC 8259) that, like terraform's, rejects duplicate object keys. */
function parseJson(text: string): Value {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const error = (what: string): never => {
    throw new SyntaxError(`${what} at offset ${i}`);
  };
  const value = (): Value => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const out: ObjectValue = {};
      const seen = new Set<string>();
      ws();
      if (text[i] === '}') {
        i++;
        return out;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') error('expected a string key');
        const key = string();
        if (seen.has(key)) error(`duplicate ${JSON.stringify(key)} property`);
        seen.add(key);
        ws();
        if (text[i] !== ':') error("expected ':'");
        i++;
        out[key] = value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return out;
        }
        error("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const out: Value[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return out;
        }
        error("expected ',' or ']'");
      }
    }
    if (c === '"') return string();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    const num = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/.exec(text.slice(i));
    if (num) {
      i += num[0].length;
      return Number(num[0]);
    }
    return error('unexpected character');
  };
  const string = (): string => {
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(i));
    if (!m) return error('invalid string');
    i += m[0].length;
    return JSON.parse(m[0]) as string;
  };
  const v = value();
  ws();
  if (i < text.length) error('extra data after the value');
  return v;
}

function utf8Strict(bytes: Buffer, name: string, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fail(name, `the result of decoding ${what} is not valid UTF-8`);
  }
}

function decodeBase64Strict(s: string, name: string): Buffer {
  const clean = s.replace(/[\r\n]/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) {
    throw fail(name, `failed to decode base64 data ${JSON.stringify(s.length > 40 ? s.slice(0, 40) + '…' : s)}`);
  }
  return Buffer.from(clean, 'base64');
}

/** Go's url.QueryEscape. */
function queryEscape(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Go's encoding/csv reader (RFC 4180; no lazy quotes), as csvdecode uses it. */
function parseCsv(text: string, name: string): string[][] {
  const records: string[][] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    // skip empty lines
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] === '\n')) {
      i += text[i] === '\r' ? 2 : 1;
      line++;
      continue;
    }
    const record: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) throw fail(name, `line ${line}: extraneous or missing " in quoted-field`);
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          if (c === '\r' && text[i + 1] === '\n') {
            i++;
            continue;
          }
          field += c;
          i++;
        }
        if (i < n && text[i] !== ',' && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) {
          throw fail(name, `line ${line}: extraneous or missing " in quoted-field`);
        }
      } else {
        while (i < n && text[i] !== ',' && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) {
          if (text[i] === '"') throw fail(name, `line ${line}: bare " in non-quoted-field`);
          field += text[i];
          i++;
        }
      }
      record.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    records.push(record);
  }
  return records;
}

const ENCODINGS: Record<string, 'utf8' | 'utf16le' | 'utf16be' | 'latin1' | 'ascii'> = {
  'utf-8': 'utf8',
  utf8: 'utf8',
  'utf-16le': 'utf16le',
  'utf-16be': 'utf16be',
  'utf-16': 'utf16be',
  'iso-8859-1': 'latin1',
  latin1: 'latin1',
  'us-ascii': 'ascii',
  ascii: 'ascii',
};

function encodeText(s: string, encoding: string, name: string): Buffer {
  const enc = ENCODINGS[encoding.toLowerCase()];
  if (!enc) throw fail(name, `"${encoding}" is not a supported IANA encoding name (supported here: UTF-8, UTF-16LE, UTF-16BE, UTF-16, ISO-8859-1, US-ASCII)`);
  const limit = enc === 'latin1' ? 0xff : enc === 'ascii' ? 0x7f : Infinity;
  for (const c of s) {
    if (c.codePointAt(0)! > limit) {
      throw fail(name, `the given string contains characters that cannot be represented in ${encoding}`);
    }
  }
  if (enc === 'utf16be') {
    const le = Buffer.from(s, 'utf16le');
    const be = Buffer.alloc(le.length);
    for (let i = 0; i < le.length; i += 2) {
      be[i] = le[i + 1]!;
      be[i + 1] = le[i]!;
    }
    return encoding.toLowerCase() === 'utf-16' ? Buffer.concat([Buffer.from([0xfe, 0xff]), be]) : be;
  }
  return Buffer.from(s, enc === 'ascii' ? 'latin1' : enc);
}

const INT_TAG = 'tag:yaml.org,2002:int';
const FLOAT_TAG = 'tag:yaml.org,2002:float';
const TIMESTAMP_TAG = 'tag:yaml.org,2002:timestamp';

/** go-yaml's timestamp layouts: `2006-1-2`, `2006-1-2T15:4:5.999Z07:00` (also `t`), `2006-1-2 15:4:5.999`. */
const YAML_TIMESTAMP =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2})| ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.[0-9]+)?)?$/;

/** A YAML timestamp as go-cty-yaml returns it: RFC 3339 in its own offset, whole seconds. */
function yamlTimestamp(s: string): string {
  const m = YAML_TIMESTAMP.exec(s)!;
  const [, y, mo, d] = m;
  const h = m[4] ?? m[8] ?? '0';
  const mi = m[5] ?? m[9] ?? '0';
  const sec = m[6] ?? m[10] ?? '0';
  const zone = m[7];
  const p2 = (x: string) => x.padStart(2, '0');
  const offset = !zone || zone === 'Z' || /^[-+]00:00$/.test(zone) ? 'Z' : zone;
  return `${y}-${p2(mo!)}-${p2(d!)}T${p2(h)}:${p2(mi)}:${p2(sec)}${offset}`;
}

/**
 * go-cty-yaml reads YAML 1.1 booleans (yes/no/on/off/y/n), integers as decimal first (`012` is 12)
 * then unsigned `0o`/`0x` forms, floats without `_` separators, and timestamps as RFC 3339 strings.
 */
function yamlTags(tags: Tags): Tags {
  const scalar = (tag: string, test: RegExp, resolve: (s: string) => unknown, identify: (v: unknown) => boolean) => ({
    identify,
    default: true,
    tag,
    test,
    resolve,
  });
  const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
  const isFloat = (v: unknown) => typeof v === 'number' && !Number.isInteger(v);
  return [
    ...tags.filter((t) => typeof t === 'string' || ![INT_TAG, FLOAT_TAG, TIMESTAMP_TAG].includes(t.tag)),
    scalar(INT_TAG, /^[-+]?[0-9]+$/, (s) => Number(s), isInt),
    scalar(INT_TAG, /^0o[0-7]+$/, (s) => parseInt(s.slice(2), 8), isInt),
    scalar(INT_TAG, /^0x[0-9a-fA-F]+$/, (s) => parseInt(s.slice(2), 16), isInt),
    scalar(FLOAT_TAG, /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/, (s) => Number(s), isFloat),
    scalar(TIMESTAMP_TAG, YAML_TIMESTAMP, yamlTimestamp, () => false),
  ];
}

/** yaml's JS output → Value: timestamps as RFC 3339 strings, big integers as numbers. */
function fromYamlJs(x: unknown): Value {
  if (x === null || x === undefined) return null;
  if (typeof x === 'boolean' || typeof x === 'number' || typeof x === 'string') return x;
  if (typeof x === 'bigint') return Number(x);
  if (x instanceof Uint8Array) return Buffer.from(x).toString('base64'); // !!binary stays base64 text
  if (Array.isArray(x)) return x.map(fromYamlJs);
  const out: ObjectValue = {};
  for (const [k, e] of Object.entries(x as Record<string, unknown>)) out[k] = fromYamlJs(e);
  return out;
}

export const encodingFunctions = defineFunctions({
  base64encode: {
    params: [{ name: 'str', kind: 'string' }],
    impl: ([s]: [string]) => Buffer.from(s, 'utf8').toString('base64'),
  },
  base64decode: {
    params: [{ name: 'str', kind: 'string' }],
    impl: ([s]: [string], _ctx, name) => utf8Strict(decodeBase64Strict(s, name), name, 'the base64 data'),
  },
  base64gzip: {
    params: [{ name: 'str', kind: 'string' }],
    impl: ([s]: [string]) => {
      const gz = gzipSync(Buffer.from(s, 'utf8'));
      gz[9] = 0xff; // OS "unknown", as Go's gzip writer sets it
      return gz.toString('base64');
    },
  },
  textencodebase64: {
    params: [
      { name: 'string', kind: 'string' },
      { name: 'encoding', kind: 'string' },
    ],
    impl: ([s, enc]: [string, string], _ctx, name) => encodeText(s, enc, name).toString('base64'),
  },
  textdecodebase64: {
    params: [
      { name: 'source', kind: 'string' },
      { name: 'encoding', kind: 'string' },
    ],
    impl: ([s, enc]: [string, string], _ctx, name) => {
      const bytes = decodeBase64Strict(s, name);
      let decoder: TextDecoder;
      try {
        decoder = new TextDecoder(enc, { fatal: true });
      } catch {
        throw fail(name, `"${enc}" is not a supported IANA encoding name`);
      }
      try {
        return decoder.decode(bytes);
      } catch {
        throw fail(name, `the given value is has an invalid ${enc} encoding`);
      }
    },
  },
  urlencode: { params: [{ name: 'str', kind: 'string' }], impl: ([s]: [string]) => queryEscape(s) },
  jsonencode: {
    params: [{ name: 'val', kind: 'any', allowNull: true }],
    allowUnknown: true,
    impl: ([v]: [Value]) => {
      if (!holdsUnknown(v)) return jsonEncode(v);
      const parts: (string | Unknown)[] = [];
      jsonEncodeParts(v, parts);
      return concatStrings(parts);
    },
  },
  jsondecode: {
    params: [{ name: 'str', kind: 'string' }],
    impl: ([s]: [string], _ctx, name) => {
      try {
        return parseJson(s);
      } catch (e) {
        throw fail(name, `invalid JSON: ${(e as Error).message}`);
      }
    },
  },
  yamlencode: {
    params: [{ name: 'value', kind: 'any', allowNull: true }],
    impl: ([v]: [Value]) => yamlEncode(v),
  },
  yamldecode: {
    params: [{ name: 'src', kind: 'string' }],
    impl: ([s]: [string], _ctx, name) => {
      // YAML 1.1 as go-yaml reads it: yes/no/on/off/y/n are booleans, merge keys work
      const docs = parseAllDocuments(s, { version: '1.1', merge: true, uniqueKeys: false, customTags: yamlTags });
      if (!Array.isArray(docs)) throw fail(name, 'invalid YAML');
      if (docs.length > 1) throw fail(name, 'the given YAML has more than one document; only single-document YAML is supported');
      const doc = docs[0];
      if (!doc || doc.contents === null) throw fail(name, 'the given YAML is empty');
      if (/^%YAML[ \t]+(?!1\.1\b)/m.test(s)) throw fail(name, 'found incompatible YAML document (only YAML 1.1 is read)');
      if (doc.errors.length) throw fail(name, `invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
      return fromYamlJs(doc.toJS({ maxAliasCount: -1 }));
    },
  },
  csvdecode: {
    params: [{ name: 'str', kind: 'string' }],
    impl: ([s]: [string], _ctx, name) => {
      const rows = parseCsv(s, name);
      if (rows.length === 0) throw fail(name, 'missing header line');
      const header = rows[0]!;
      const duplicate = header.find((h, i) => header.indexOf(h) !== i);
      if (duplicate !== undefined) throw fail(name, `duplicate column name ${JSON.stringify(duplicate)}`);
      return rows.slice(1).map((row, i) => {
        if (row.length !== header.length) {
          throw fail(name, `record on line ${i + 2}: wrong number of fields (expected ${header.length}, got ${row.length})`);
        }
        const out: ObjectValue = {};
        header.forEach((h, j) => (out[h] = row[j]!));
        return out;
      });
    },
  },
});

