import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is tests/helpers/paths.ts). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The corpus of 56 real plan JSON files lives in shared/, beside the clone (never copied in).
 * `STACKCHECK_CORPUS` overrides the location.
 */
export const corpusDir = process.env.STACKCHECK_CORPUS ?? join(repoRoot, '..', 'shared', 'corpus', 'terraform-plans');

export const corpusAvailable = existsSync(join(corpusDir, 'SOURCES.md'));

/** The reason printed when a corpus suite is skipped. */
export const corpusSkipReason = `corpus not found at ${corpusDir} (set STACKCHECK_CORPUS to ../shared/corpus/terraform-plans)`;
