import type { Resource } from '../model/resource.js';
import type { RuleContext } from './types.js';

/**
 * `build()` once per resource per model under `key` (permissions, subnet routes, routed
 * environments…): several rules read the same derived facts, so they are computed once.
 */
export function perResource<T>(ctx: RuleContext, key: string, r: Resource, build: () => T): T {
  const cache = ctx.memo(key, () => new Map<string, T>());
  let v = cache.get(r.address);
  if (v === undefined) cache.set(r.address, (v = build()));
  return v;
}
