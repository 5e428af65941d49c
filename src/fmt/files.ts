import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Directories never descended into: provider caches and dependencies, not our code. */
const SKIPPED_DIRS = new Set(['.terraform', 'node_modules', '.git']);

/** Every `.tf` and `.tfvars` file under `dir` (recursive), sorted, skipping `.terraform`. */
export async function listHclFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(current: string): Promise<void> {
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await walk(path);
      } else if (entry.isFile() && (entry.name.endsWith('.tf') || entry.name.endsWith('.tfvars'))) {
        found.push(path);
      }
    }
  }
  await walk(dir);
  return found.sort();
}
