/**
 * The bounds of static evaluation: a valid but pathological configuration ends with an error at its
 * file:line within seconds and bounded memory, never a hang or an out-of-memory crash. Where
 * terraform has a limit of its own it is mirrored (range: 1,024 elements, in functions/collection.ts;
 * no templatefile inside a template, in template.ts); where it has none (terraform would run as
 * long and grow as large as the input asks) the bound is ours, far above what a real configuration
 * needs. docs/evaluator.md lists them.
 */
import { Unknown } from '../../model/value.js';

/** Expression nodes one top-level evaluation may visit (for expressions over large collections, deep conditionals). */
export const MAX_EVALUATION_STEPS = 500_000;

/**
 * The size of one value: characters of its strings plus its elements, counted through nesting, a
 * value shared by several elements counted each time (what a serialiser such as jsonencode walks).
 */
export const MAX_VALUE_SIZE = 4 * 2 ** 20;

/** Bytes `file()` and its family read from one file. */
export const MAX_FILE_BYTES = 16 * 2 ** 20;

/** Entries `fileset()` visits under its directory. */
export const MAX_FILESET_ENTRIES = 100_000;

const sizes = new WeakMap<object, number>();

/** The size of a value (see MAX_VALUE_SIZE), computed once per collection; anything past the bound is MAX_VALUE_SIZE + 1. */
export function valueSize(v: unknown): number {
  if (typeof v === 'string') return v.length;
  if (typeof v !== 'object' || v === null || v instanceof Unknown) return 1;
  const known = sizes.get(v);
  if (known !== undefined) return known;
  let n = 1;
  if (Array.isArray(v)) {
    for (const x of v) if ((n += valueSize(x)) > MAX_VALUE_SIZE) break;
  } else {
    for (const [k, x] of Object.entries(v)) if ((n += k.length + valueSize(x)) > MAX_VALUE_SIZE) break;
  }
  const size = Math.min(n, MAX_VALUE_SIZE + 1);
  sizes.set(v, size);
  return size;
}

export function tooLargeMessage(what: string): string {
  return `${what} is larger than the ${MAX_VALUE_SIZE.toLocaleString('en-US')} characters and elements static evaluation allows (counted through nesting)`;
}

export function tooCostlyMessage(): string {
  return `evaluating this expression takes more than ${MAX_EVALUATION_STEPS.toLocaleString('en-US')} steps (nested for expressions or calls over large collections): static evaluation stops here`;
}
