/**
 * Suppressions: an inline `# stackcheck:ignore RULE-ID reason…` comment on the resource (the loader
 * puts it in resource.source.suppressions) or an entry in a suppressions file
 * (`.stackcheck/suppressions.yaml`: rule, address glob, reason). A reason of at least
 * MIN_REASON_WORDS words is required; a suppression without one is not applied and is reported.
 */
import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Suppression } from '../check/types.js';
import type { Resource } from '../model/resource.js';
import { UserError } from '../errors.js';
import { globMatches } from '../model/glob.js';

export const MIN_REASON_WORDS = 3;

export interface FileSuppression extends Suppression {
  /** Address glob: `*` matches any run of characters, `?` one character. */
  addressGlob: string;
}

export function reasonIsValid(reason: string | undefined): boolean {
  return (reason ?? '').trim().split(/\s+/).filter((w) => /\w/.test(w)).length >= MIN_REASON_WORDS;
}


/**
 * Read a suppressions file: a list (or `{ suppressions: [...] }`) of `{ rule, address?, reason }`.
 * Malformed files are bad input (UserError naming file:line).
 */
export function loadSuppressionsFile(path: string, displayPath = path): FileSuppression[] {
  const text = readFileSync(path, 'utf8');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = lines.linePos(e.pos[0]);
    throw new UserError(`invalid YAML: ${e.message.split('\n')[0]}`, { file: displayPath, line: pos.line });
  }
  let root: unknown = doc.contents;
  if (isMap(root)) root = root.get('suppressions', true);
  if (root === null || root === undefined) return [];
  if (!isSeq(root)) {
    throw new UserError('expected a list of { rule, address, reason } entries (or a `suppressions:` key holding one)', {
      file: displayPath,
      line: 1,
    });
  }
  return root.items.map((item) => {
    const range = (item as { range?: [number, number, number] } | null)?.range;
    const line = range ? lines.linePos(range[0]).line : 1;
    const location = { file: displayPath, line };
    if (!isMap(item)) throw new UserError('each suppression must be a mapping with rule, address and reason', location);
    const rule = item.get('rule');
    const address = item.get('address') ?? '*';
    const reason = item.get('reason') ?? '';
    if (typeof rule !== 'string' || !/^[A-Z]+-\d{3}$/.test(rule)) {
      throw new UserError(`suppression needs \`rule: <RULE-ID>\` (e.g. NET-002), got ${JSON.stringify(rule)}`, location);
    }
    if (typeof address !== 'string' || typeof reason !== 'string') {
      throw new UserError('suppression `address` and `reason` must be strings', location);
    }
    return { ruleId: rule, reason, location, address, addressGlob: address };
  });
}

/** The suppression that applies to (rule, resource), valid or not; inline comments first. */
export function findSuppression(
  ruleId: string,
  resource: Resource | undefined,
  fileSuppressions: FileSuppression[],
): Suppression | undefined {
  if (resource?.source?.suppressions) {
    const inline = resource.source.suppressions.find((s) => s.ruleId === ruleId);
    if (inline) return { ruleId, reason: inline.reason, location: inline.location, address: resource.address };
  }
  const address = resource?.address ?? '';
  const f = fileSuppressions.find((s) => s.ruleId === ruleId && globMatches(s.addressGlob, address));
  return f ? { ruleId, reason: f.reason, location: f.location, address: f.address } : undefined;
}
