/**
 * Rule factories: most rules are declarations ("attribute must equal", "must not be", "must be at
 * least", "port N not open to the world"). Each factory returns a plain ResourceRule, so a rule file reads as
 * its id, its why and its one condition.
 */
import type { Severity } from '../check/types.js';
import type { Resource } from '../model/resource.js';
import { isUnknown, stringSegments, type Unknown, type Value } from '../model/value.js';
import { covers, describePermission, permissionsOf, WORLD, type Permission } from './network.js';
import type { Outcome, ResourceRule, RuleContext } from './types.js';
import { follow, referencedAs, referrers } from './refs.js';
import { asNumber, describe, read, readSet, unknownAt } from './values.js';

export interface RuleMeta {
  id: string;
  title: string;
  severity?: Severity;
  rationale: string;
  fix: string;
  resourceTypes: string[];
}

/**
 * Whether the rule applies to this resource: `true`, a sentence saying why not (reported as
 * not-applicable, so the report shows the rule looked), or an outcome that decides it instead —
 * `unknown` when what decides applicability is not known before apply (never a silent n/a).
 */
export type Applies = (r: Resource, ctx: RuleContext) => true | string | Outcome;

/** The outcome that stands in for the rule's own check when it does not apply; undefined when it does. */
export function notApplying(applies: Applies | undefined, r: Resource, ctx: RuleContext): Outcome | undefined {
  const a = applies?.(r, ctx) ?? true;
  if (a === true) return undefined;
  return typeof a === 'string' ? { verdict: 'not-applicable', message: a } : a;
}

export interface AttributeSpec {
  /** Dotted path; blocks by index (`metadata_options.0.http_tokens`). */
  path: string;
  /** True when a known value satisfies the rule. */
  holds: (v: Value | undefined) => boolean;
  /** What a passing value looks like, for messages: `"required"`, `true`, `>= 7`. */
  expected: string;
  /**
   * The provider/AWS default when the attribute is not set (absent in HCL, null in a plan);
   * undefined = an absent value is judged as absent. A function gives it per resource (the default
   * differs by type).
   */
  whenAbsent?: Value | ((r: Resource) => Value | undefined);
  applies?: Applies;
  /**
   * Resource types whose reference satisfies the rule while its value is known only after apply:
   * `kms_key_id = aws_kms_key.logs.arn` is "a KMS key" before the key exists. Any other unknown
   * value stays unknown.
   */
  heldByReferenceTo?: string[];
}

/** One attribute judged by a predicate: the base of "must equal", "must not be", "at least". */
export function attributeRule(meta: RuleMeta, spec: AttributeSpec): ResourceRule {
  return {
    severity: 'error',
    ...meta,
    check(r, ctx): Outcome {
      const skip = notApplying(spec.applies, r, ctx);
      if (skip) return skip;
      const raw = readSet(r, spec.path);
      if (isUnknown(raw)) {
        const to = spec.heldByReferenceTo && referencedAs(ctx, r, spec.path, spec.heldByReferenceTo);
        if (to) return { verdict: 'pass', path: spec.path, message: `${spec.path} is ${to} (known after apply)` };
        return unknownAt(spec.path, raw);
      }
      const absent = raw === undefined || raw === null;
      const v = absent ? (typeof spec.whenAbsent === 'function' ? spec.whenAbsent(r) : spec.whenAbsent) : raw;
      if (absent && v === undefined) {
        return spec.holds(undefined)
          ? { verdict: 'pass', path: spec.path, message: `${spec.path} not set, which holds` }
          : { verdict: 'fail', path: spec.path, message: `${spec.path} is not set; it must be ${spec.expected}. ${meta.fix}` };
      }
      const shown = absent ? `not set (default ${describe(v)})` : describe(v);
      return spec.holds(v)
        ? { verdict: 'pass', path: spec.path, message: `${spec.path} is ${shown}` }
        : { verdict: 'fail', path: spec.path, message: `${spec.path} is ${shown}; it must be ${spec.expected}. ${meta.fix}` };
    },
  };
}

/** `path` must equal `expected` (booleans also accept the strings "true"/"false"). */
export function mustEqual(meta: RuleMeta, path: string, expected: Value, opts: { whenAbsent?: Value; applies?: Applies } = {}): ResourceRule {
  return attributeRule(meta, {
    path,
    expected: JSON.stringify(expected),
    holds: (v) => v === expected || (typeof expected === 'boolean' && v === String(expected)),
    ...opts,
  });
}

/** `path` must not be one of `forbidden`. */
export function mustNotBe(meta: RuleMeta, path: string, forbidden: Value[], opts: { whenAbsent?: AttributeSpec['whenAbsent']; applies?: Applies } = {}): ResourceRule {
  const bad = new Set(forbidden.map((f) => JSON.stringify(f)));
  const loose = (v: Value | undefined) => (typeof v === 'string' && (v === 'true' || v === 'false') ? v === 'true' : v);
  return attributeRule(meta, {
    path,
    expected: `anything but ${[...bad].join(' or ')}`,
    holds: (v) => v === undefined || !bad.has(JSON.stringify(loose(v))),
    ...opts,
  });
}

/** Numeric `path` must be at least `min`. */
export function mustBeAtLeast(meta: RuleMeta, path: string, min: number, opts: { whenAbsent?: Value; applies?: Applies } = {}): ResourceRule {
  return attributeRule(meta, {
    path,
    expected: `>= ${min}`,
    holds: (v) => (asNumber(v) ?? -Infinity) >= min,
    ...opts,
  });
}

/** A port a world-ingress rule is about: `{ proto: 'tcp', port: 22, what: 'SSH' }`. */
export interface NamedPort {
  proto: 'tcp' | 'udp';
  port: number;
  what: string;
}

/** Whether an unknown CIDR can still be the whole internet: not when its text ends in a known `/N`, N > 0. */
function mayBeWorld(u: Unknown): boolean {
  const segs = stringSegments(u);
  const last = segs[segs.length - 1];
  const m = last?.kind === 'literal' ? /\/(\d+)$/.exec(last.text) : null;
  return !(m && Number(m[1]) > 0);
}

/** The attribute that opens the port: the protocol for all-traffic rules, else from_port. */
function portPath(type: string, p: Permission): string {
  const protoAttr = type.startsWith('aws_vpc_security_group_') ? 'ip_protocol' : 'protocol';
  const attr = isUnknown(p.protocol) || p.protocol === 'all' ? protoAttr : 'from_port';
  return p.path ? `${p.path}.${attr}` : attr;
}

export interface OpenToWorldSpec {
  /** The ports the rule is about; `any` = every ingress from the world is judged. */
  ports: NamedPort[] | 'any';
  /**
   * Which permissions may be open to the world after all (declared entry points): true, false, or
   * a reason why that is not known before apply.
   */
  exempt?: (p: Permission, ctx: RuleContext) => boolean | { unknown: string };
  /** What to say of a failing permission besides "open to the world" (the entry points it missed). */
  explain?: (p: Permission, ctx: RuleContext) => string;
}

/**
 * "Port N is not open to the world": every security-group ingress (inline block, rule resource)
 * whose source is 0.0.0.0/0 or ::/0 and that covers one of the ports fails, at the CIDR's line; an
 * unknown CIDR or port range that could be one is unknown, with the reason.
 */
export function portNotOpenToWorld(meta: RuleMeta, spec: OpenToWorldSpec): ResourceRule {
  const rule: ResourceRule = {
    severity: 'error',
    ...meta,
    check(r, ctx) {
      const out: Outcome[] = [];
      for (const p of permissionsOf(r, ctx)) {
        if (p.direction !== 'ingress') continue;
        const hit = spec.ports === 'any' ? true : firstCovered(p, spec.ports);
        if (hit === false) continue;
        for (const c of [...p.cidrs, ...p.cidrListsUnknown.map((x) => ({ cidr: x.value, path: x.path }))]) {
          const world = isUnknown(c.cidr) ? (mayBeWorld(c.cidr) ? 'unknown' : false) : WORLD.has(c.cidr);
          if (world === false) continue;
          const what = hit === true ? describePermission(p) : hit === 'unknown' ? 'ports not known before apply' : `${hit.what} (${hit.port}/${hit.proto})`;
          if (world === 'unknown' || hit === 'unknown') {
            const why = isUnknown(c.cidr) ? `the source CIDR is not known before apply (${c.cidr.reason}); it may be the whole internet` : `from ${c.cidr}, but the protocol or ports are not known before apply`;
            out.push({ verdict: 'unknown', path: isUnknown(c.cidr) ? c.path : portPath(r.type, p), message: `ingress ${describePermission(p)}: ${why}` });
            continue;
          }
          const ex = spec.exempt?.(p, ctx) ?? false;
          if (ex === true) continue;
          if (typeof ex === 'object') {
            out.push({ verdict: 'unknown', path: c.path, message: `ingress ${describePermission(p)} from ${c.cidr}: ${ex.unknown}` });
            continue;
          }
          out.push({ verdict: 'fail', path: c.path, message: `ingress from ${c.cidr} opens ${what} to the whole internet${spec.explain ? ` (${spec.explain(p, ctx)})` : ''}. ${meta.fix}` });
        }
      }
      if (out.length === 0) out.push({ verdict: 'pass', message: spec.ports === 'any' ? 'no ingress from the whole internet' : `no ingress from the whole internet on ${spec.ports.map((x) => `${x.port}/${x.proto}`).join(', ')}` });
      return out;
    },
  };
  return rule;
}

/** The first named port the permission covers, `unknown` when its protocol or range is not known, else false. */
function firstCovered(p: Permission, ports: NamedPort[]): NamedPort | 'unknown' | false {
  let unknown = false;
  for (const x of ports) {
    const c = covers(p, x.proto, x.port);
    if (c === true) return x;
    if (c === 'unknown') unknown = true;
  }
  return unknown ? 'unknown' : false;
}

export interface CompanionSpec {
  /** The companion resource types that attach to the judged resource. */
  types: string[];
  /** The companion's attribute that names the judged resource (`vpc_id`, `resource_arn`). */
  attribute: string;
  /** What the companion is, for messages: "a flow log". */
  what: string;
  applies?: Applies;
}

/**
 * "Has a companion": the judged resource must be named by at least one resource of the companion
 * types (a VPC by an aws_flow_log, a public ALB by a WAF association). Found by the one reference
 * resolver (refs.ts `referrers`), so it works on HCL and on plans, for companions made with
 * count/for_each too.
 */
export function mustHaveCompanion(meta: RuleMeta, spec: CompanionSpec): ResourceRule {
  return {
    severity: 'error',
    ...meta,
    judgedTypes: meta.resourceTypes.filter((t) => !spec.types.includes(t)),
    check(r, ctx): Outcome {
      const skip = notApplying(spec.applies, r, ctx);
      if (skip) return skip;
      const found = referrers(ctx, r, spec.types, spec.attribute);
      if (found.length > 0) return { verdict: 'pass', message: `${spec.what}: ${found.map((f) => f.address).join(', ')}` };
      const dangling = ctx.index.ofType(...spec.types).filter((c) => isUnknown(read(c.values, spec.attribute)) && follow(ctx, c, spec.attribute).length === 0);
      if (dangling.length > 0) return { verdict: 'unknown', message: `no ${spec.what} names it, but what ${dangling.map((d) => `${d.address}.${spec.attribute}`).join(', ')} names is not known before apply` };
      return { verdict: 'fail', message: `no ${spec.what} for this resource. ${meta.fix}` };
    },
  };
}

/** Several "must equal"-style conditions of one resource, each judged and reported at its own attribute. */
export function allOf(meta: RuleMeta, rules: ResourceRule[]): ResourceRule {
  return {
    severity: 'error',
    ...meta,
    check(r, ctx) {
      return rules.flatMap((x) => [x.check(r, ctx)].flat());
    },
  };
}
