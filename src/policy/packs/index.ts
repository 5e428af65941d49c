/**
 * The packs a project may select by name (`.stackcheck.yaml` `packs:`), and the default set when it
 * selects none. A rule belongs to exactly one pack.
 */
import type { Severity } from '../../check/types.js';
import type { Pack, Rule } from '../types.js';
import { applyPack } from './apply.js';
import { awsPack } from './aws.js';
import { dolbomPack } from './dolbom.js';

export const PACKS: Pack[] = [awsPack, applyPack, dolbomPack];

/** What runs without a project config: the general packs (AWS security, apply-time correctness). */
export const DEFAULT_PACKS = ['aws', 'aws-apply'];

/** Every rule of every pack (tests, docs, the bench). */
export const allRules: Rule[] = PACKS.flatMap((p) => p.rules);

export function packByName(name: string): Pack | undefined {
  return PACKS.find((p) => p.name === name);
}

/** The rules of the named packs, in pack order, each at its overridden severity when one is given. */
export function selectRules(names: string[], severities: Record<string, Severity> = {}): Rule[] {
  return names.flatMap((n) => {
    const pack = packByName(n);
    if (!pack) throw new Error(`unknown pack ${n}`);
    return pack.rules.map((r) => (severities[r.id] && severities[r.id] !== r.severity ? { ...r, severity: severities[r.id] } : r));
  });
}
