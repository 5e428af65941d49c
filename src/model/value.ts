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

export class Unknown {
  readonly unknown = true as const;
  constructor(
    /** Why the value cannot be known before apply, in words a person understands. */
    readonly reason: string,
    /** The resource attributes it depends on, when known. */
    readonly origins: readonly Origin[] = [],
  ) {}
  toJSON(): { unknown: true; reason: string } {
    return { unknown: true, reason: this.reason };
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
