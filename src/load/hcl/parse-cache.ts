/**
 * The disk cache of parsed files, normalised templates and expression trees: JSON files named by
 * a content hash under `.cache/stackcheck/parse/` (`STACKCHECK_CACHE_DIR` moves it,
 * `STACKCHECK_CACHE=off` or `configureParseCache({ dir: false })` turns it off). An entry is only
 * ever what the same input produced, so it never needs invalidating; CACHE_FORMAT is part of
 * every key and changes with the parsers' versions and with the source of the code that produces
 * the cached forms (so editing the converter can never serve stale trees).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The modules whose code decides what is cached: their source is part of every key. */
const PRODUCERS = ['parse.ts', 'expr-ast.ts', 'parse-cache.ts', 'template.ts'];

function producersDigest(): string {
  const h = createHash('sha256');
  for (const name of PRODUCERS) {
    try {
      h.update(readFileSync(fileURLToPath(new URL(`./${name}`, import.meta.url))));
    } catch {
      h.update(`${name}:unreadable`); // a build without sources: the versions below still count
    }
  }
  return h.digest('hex').slice(0, 16);
}

export const CACHE_FORMAT = `stackcheck-parse-3 hcl2json-0.21.0 tree-sitter-hcl-1.2.0 ${producersDigest()}`;

let diskCacheDir: string | false | undefined;

/** Where parsed files are cached on disk; `false` turns the disk cache off. */
export function configureParseCache(options: { dir: string | false }): void {
  diskCacheDir = options.dir;
}

export function cacheDir(): string | false {
  if (diskCacheDir !== undefined) return diskCacheDir;
  if (process.env.STACKCHECK_CACHE === 'off') return false;
  return join(process.env.STACKCHECK_CACHE_DIR ?? join(process.cwd(), '.cache', 'stackcheck'), 'parse');
}

/** A content key for the disk cache (what the cached thing was computed from). */
export function cacheKey(...parts: string[]): string {
  const h = createHash('sha256').update(CACHE_FORMAT);
  for (const p of parts) h.update('\0').update(p);
  return h.digest('hex');
}

/** Read a JSON entry of the disk cache (undefined when off, absent or unreadable). */
export async function readCacheFile<T>(key: string): Promise<T | undefined> {
  const dir = cacheDir();
  if (!dir) return undefined;
  try {
    return JSON.parse(await readFile(join(dir, `${key}.json`), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Write a JSON entry of the disk cache atomically; failures only cost speed. */
export async function writeCacheFile(key: string, entry: unknown): Promise<void> {
  const dir = cacheDir();
  if (!dir) return;
  try {
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `${key}.${process.pid}.tmp`);
    await writeFile(tmp, JSON.stringify(entry));
    await rename(tmp, join(dir, `${key}.json`));
  } catch {
    // A read-only or full disk only costs speed.
  }
}

