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
import { mkdir, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The modules whose code decides what is cached: their source is part of every key. */
const PRODUCERS = ['parse.ts', 'positions.mjs', 'expr-ast.ts', 'parse-cache.ts', 'template.ts'];

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

/** Entries are named `<generation>-<key>.json`; another generation's entries are stale. */
const GENERATION = createHash('sha256').update(CACHE_FORMAT).digest('hex').slice(0, 12);

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
    return JSON.parse(await readFile(join(dir, `${GENERATION}-${key}.json`), 'utf8')) as T;
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
    if (!pruned.has(dir)) {
      pruned.add(dir);
      void prune(dir);
    }
    const tmp = join(dir, `${GENERATION}-${key}.${process.pid}.tmp`);
    await writeFile(tmp, JSON.stringify(entry));
    await rename(tmp, join(dir, `${GENERATION}-${key}.json`));
  } catch {
    // A read-only or full disk only costs speed.
  }
}

/** Another generation's entries are removed once they are this old (a process running older code may still use them). */
const STALE_AFTER_MS = 3600 * 1000;
const pruned = new Set<string>();

/**
 * Once per process and cache directory written to: remove entries of other generations (every change of
 * the producing code starts a new one) and leftover temporary files, an hour after they were written.
 */
async function prune(dir: string): Promise<void> {
  try {
    const now = Date.now();
    for (const name of await readdir(dir)) {
      if (name.startsWith(`${GENERATION}-`) && name.endsWith('.json')) continue;
      const path = join(dir, name);
      const s = await stat(path).catch(() => undefined);
      if (s && now - s.mtimeMs > STALE_AFTER_MS) await unlink(path).catch(() => undefined);
    }
  } catch {
    // Pruning is housekeeping; never fail a parse over it.
  }
}
