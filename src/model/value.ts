/**
 * Values of the stack model: JSON-like data with explicit unknowns.
 *
 * A value is what Terraform would hold for an attribute: null, a boolean, a number, a string, a list
 * (tuples and sets are lists here, sets in Terraform's sort order), or an object (maps and objects).
 * Anything not knowable before apply is an `Unknown`, never a guess. An Unknown may carry the
 * origins it came from (e.g. `aws_security_group.api.id`), which lets checks follow a reference
 * even while the referenced id is unknown.
 */

/** Where an unknown value came from: a resource attribute (or a whole resource) by full address. */
export interface Origin {
  /** Full resource address, e.g. `module.app["prod"].aws_security_group.api` */
  address: string;
  /** Attribute path inside that resource (`id`, `arn`, `tags.Name`), empty for the whole resource */
  attribute: string;
}

/**
 * One piece of an unknown string whose shape is known before apply.
 * - `literal`: text known now (`/32` in `"${aws_eip.media.public_ip}/32"`);
 * - `symbol`: the whole value of one resource attribute that is unknown until apply
 *   (`aws_eip.media.public_ip`), so a check can match it symbolically ("the address of that EIP");
 * - `chars`: between `min` and `max` characters (max absent: no bound known), each drawn from
 *   `alphabet` (absent: any character), e.g. `random_password.x.result` of length 48 over
 *   `[A-Za-z0-9]`, or the 26 characters terraform appends to a `name_prefix`.
 */
export type StringSegment =
  | { kind: 'literal'; text: string }
  | { kind: 'symbol'; origin: Origin }
  | { kind: 'chars'; alphabet?: string; min: number; max?: number };

/** The known shape of an unknown string: the concatenation of its segments, in order. */
export interface StringDomain {
  segments: readonly StringSegment[];
}

export class Unknown {
  readonly unknown = true as const;
  constructor(
    /** Why the value cannot be known before apply, in words a person understands. */
    readonly reason: string,
    /** The resource attributes it depends on, when known. */
    readonly origins: readonly Origin[] = [],
    /**
     * What is known of the value although it is unknown (strings only): its segments. Absent: nothing
     * is known of its shape. Built by `concatStrings` and by the sources that know a domain
     * (`random_password`, `name_prefix`); read through `stringSegments`.
     */
    readonly domain?: StringDomain,
  ) {}
  toJSON(): { unknown: true; reason: string; shape?: string } {
    return this.domain ? { unknown: true, reason: this.reason, shape: describeDomain(this.domain) } : { unknown: true, reason: this.reason };
  }
}

export type Value = null | boolean | number | string | Unknown | Value[] | { [key: string]: Value };
export type ObjectValue = { [key: string]: Value };

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

export function isObjectValue(v: unknown): v is ObjectValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
}

/** True when the value or anything inside it is unknown. */
export function containsUnknown(v: Value): boolean {
  if (v instanceof Unknown) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (isObjectValue(v)) return Object.values(v).some(containsUnknown);
  return false;
}

/** Attribute paths are dotted, with list indices as numbers: `ingress.0.cidr_blocks.1`. */
export type AttributePath = string;

export function splitPath(path: AttributePath): string[] {
  return path === '' ? [] : path.split('.');
}

/** The value at a path; `undefined` when absent; the Unknown itself when the path crosses an unknown. */
export function getPath(root: Value, path: AttributePath): Value | undefined {
  let cur: Value | undefined = root;
  for (const part of splitPath(path)) {
    if (cur === undefined || cur === null) return undefined;
    if (cur instanceof Unknown) return cur;
    if (Array.isArray(cur)) {
      const i = Number(part);
      if (!Number.isInteger(i)) return undefined;
      cur = cur[i];
    } else if (isObjectValue(cur)) {
      cur = Object.prototype.hasOwnProperty.call(cur, part) ? cur[part] : undefined;
    } else {
      return undefined;
    }
  }
  return cur;
}

// ---------------------------------------------------------------------------------------------
// Domains of unknown strings: one mechanism for every rule and for reachability.

/**
 * The segments an unknown string is made of: its domain's, else one `symbol` when it is exactly one
 * resource attribute, else one unconstrained `chars` segment (anything).
 */
export function stringSegments(u: Unknown): readonly StringSegment[] {
  if (u.domain) return u.domain.segments;
  if (u.origins.length === 1) return [{ kind: 'symbol', origin: u.origins[0]! }];
  return [{ kind: 'chars', min: 0 }];
}

/**
 * A string template's result when some parts are unknown: an Unknown whose reason is the first
 * unknown part's, whose origins are all parts' origins, and whose domain is the parts in order
 * (adjacent literals joined). Pass known parts already converted to strings.
 */
export function concatStrings(parts: readonly (string | Unknown)[]): string | Unknown {
  const unknowns = parts.filter((p): p is Unknown => p instanceof Unknown);
  if (unknowns.length === 0) return parts.join('');
  const segments: StringSegment[] = [];
  const push = (seg: StringSegment): void => {
    const last = segments[segments.length - 1];
    if (seg.kind === 'literal' && last?.kind === 'literal') segments[segments.length - 1] = { kind: 'literal', text: last.text + seg.text };
    else if (seg.kind !== 'literal' || seg.text !== '') segments.push(seg);
  };
  for (const p of parts) {
    if (typeof p === 'string') push({ kind: 'literal', text: p });
    else for (const seg of stringSegments(p)) push(seg);
  }
  const origins: Origin[] = [];
  const seen = new Set<string>();
  for (const u of unknowns) {
    for (const o of u.origins) {
      const key = `${o.address}\u0000${o.attribute}`;
      if (!seen.has(key)) {
        seen.add(key);
        origins.push(o);
      }
    }
  }
  return new Unknown(unknowns[0]!.reason, origins, { segments });
}

/** Length bounds of a domain (`max` absent: unbounded). Symbols count as unbounded. */
export function domainLength(d: StringDomain): { min: number; max?: number } {
  let min = 0;
  let max: number | undefined = 0;
  for (const s of d.segments) {
    if (s.kind === 'literal') {
      min += [...s.text].length;
      if (max !== undefined) max += [...s.text].length;
    } else if (s.kind === 'chars') {
      min += s.min;
      max = max === undefined || s.max === undefined ? undefined : max + s.max;
    } else {
      max = undefined;
    }
  }
  return max === undefined ? { min } : { min, max };
}

/**
 * The characters the value can contain: a set when every segment's alphabet is known (literals
 * contribute their own characters), undefined when some segment may hold any character.
 */
export function domainAlphabet(d: StringDomain): Set<string> | undefined {
  const out = new Set<string>();
  for (const s of d.segments) {
    if (s.kind === 'literal') for (const ch of s.text) out.add(ch);
    else if (s.kind === 'chars' && s.alphabet !== undefined) for (const ch of s.alphabet) out.add(ch);
    else if (s.kind === 'chars' && s.max === 0) continue;
    else return undefined;
  }
  return out;
}

/** The known text the value starts with (possibly empty). */
export function domainPrefix(d: StringDomain): string {
  const first = d.segments[0];
  return first?.kind === 'literal' ? first.text : '';
}

/** The domain in words for reports: `"dolbom-" + 26 chars of [0-9a-z]`, `aws_eip.media.public_ip + "/32"`. */
export function describeDomain(d: StringDomain): string {
  if (d.segments.length === 0) return '""';
  return d.segments
    .map((s) => {
      if (s.kind === 'literal') return JSON.stringify(s.text);
      if (s.kind === 'symbol') return s.origin.attribute ? `${s.origin.address}.${s.origin.attribute}` : s.origin.address;
      const n = s.max === undefined ? `${s.min}+` : s.min === s.max ? `${s.min}` : `${s.min}-${s.max}`;
      return s.alphabet === undefined ? `${n} chars` : `${n} chars of ${JSON.stringify(s.alphabet)}`;
    })
    .join(' + ');
}
