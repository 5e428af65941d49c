import { isAbsolute, relative, sep } from 'node:path';
import type { SourceLocation } from '../model/resource.js';

/** A location's file relative to the repository root, with forward slashes (SARIF, terminal links). */
export function repoPath(file: string, rootDir: string): string {
  const rel = isAbsolute(file) ? relative(rootDir, file) : file;
  return rel.split(sep).join('/');
}

export function where(loc: SourceLocation | undefined, rootDir: string): string | undefined {
  return loc ? `${repoPath(loc.file, rootDir)}:${loc.line}` : undefined;
}
