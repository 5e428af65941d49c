/**
 * What every part of the network builder shares: the model index, the notes said once per
 * network, "was it configured" and reference resolution (both the model's own, src/model/refs.ts),
 * and small value readers.
 */
import type { ModelIndex } from '../model/query.js';
import { effectiveTags } from '../model/query.js';
import { configuredState, resolveRefs } from '../model/refs.js';
import type { Resource, SourceLocation } from '../model/resource.js';
import { isUnknown, type Value } from '../model/value.js';
import { parseCidr, type Cidr } from './cidr.js';
import type { RuleRef } from './types.js';

export const VPC_TYPES = ['aws_vpc'];
export { SG_TYPES } from './permissions.js';

export class BuildContext {
  readonly notes: string[] = [];
  readonly vpcs = new Map<string, { address: string; cidr: Cidr | { unknown: string }; label: string }>();

  constructor(readonly index: ModelIndex) {
    for (const v of index.ofType(...VPC_TYPES)) {
      this.vpcs.set(v.address, { address: v.address, cidr: cidrOf(v.values.cidr_block, `${v.address}.cidr_block`), label: nameOf(v) });
    }
  }

  /** Set in the configuration (a plan's expression of no resource counts: it may hold a value). */
  configured(r: Resource, path: string): boolean {
    return configuredState(r, path) !== 'no';
  }

  /** Resolve a reference; one of several instances (unknown which) is unresolved, with its candidates. */
  resolve(r: Resource, attr: string, types: string[]): { found: Resource[]; unresolved: string[]; candidates: Resource[] } {
    const x = resolveRefs(this.index, r, attr, types);
    return { found: x.found, unresolved: x.unresolved, candidates: x.ambiguous?.candidates ?? [] };
  }

  vpcOf(r: Resource, attr = 'vpc_id'): string | undefined {
    const { found } = this.resolve(r, attr, VPC_TYPES);
    return found[0]?.address ?? this.onlyVpc();
  }

  onlyVpc(): string | undefined {
    return this.vpcs.size === 1 ? [...this.vpcs.keys()][0] : undefined;
  }
}

export function loc(r: Resource | undefined, attr?: string): SourceLocation | undefined {
  if (!r?.source) return undefined;
  if (attr) {
    const exact = r.source.attributes[attr];
    if (exact) return exact;
    const top = attr.split('.')[0];
    if (r.source.attributes[top]) return r.source.attributes[top];
  }
  return r.source.block;
}

export function ref(r: Resource, what: string, attr?: string): RuleRef {
  return { address: r.address, what, location: loc(r, attr) };
}

export function formatRuleRef(r: RuleRef): string {
  return `${r.address} ${r.what}`;
}

export function num(v: Value | undefined): number | undefined | 'unknown' {
  if (isUnknown(v)) return 'unknown';
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

export function str(v: Value | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function list(v: Value | undefined): Value[] {
  return Array.isArray(v) ? v : [];
}

export function cidrOf(v: Value | undefined, what: string): Cidr | { unknown: string } {
  if (isUnknown(v)) return { unknown: `${what} is unknown until apply (${v.reason})` };
  const c = typeof v === 'string' ? parseCidr(v) : undefined;
  return c ?? { unknown: `${what} is not an IPv4 CIDR (${JSON.stringify(v ?? null)})` };
}

export function isCidr(c: Cidr | { unknown: string } | { ipv6: string }): c is Cidr {
  return 'base' in c;
}

export function nameOf(r: Resource): string {
  return effectiveTags(r).Name ?? r.address;
}

/** `<Environment>-<Role>` from the tags, else the Role, else the address. */
export function tagsOf(r: Resource): { role?: string; env?: string; label: string } {
  const t = effectiveTags(r);
  const role = t.Role;
  const env = t.Environment;
  return { role, env, label: role && env ? `${env}-${role}` : (role ?? r.address) };
}
