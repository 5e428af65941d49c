import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { intentsSetting } from '../../src/config/intents.js';
import { CONFIG_FILE, loadProjectConfig } from '../../src/config/project.js';

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

/** Our stack's intents file: the one the project config (`.stackcheck.yaml`) names. */
export function stackIntentsFile(): string {
  const config = loadProjectConfig(join(repoRoot, CONFIG_FILE));
  const s = intentsSetting(config, repoRoot);
  if (!('file' in s)) throw new Error('.stackcheck.yaml names no intents file');
  return s.file;
}
