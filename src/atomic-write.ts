/**
 * Every file stackcheck writes (reports, formatted sources, module READMEs) is written whole or
 * not at all: the text goes to a temporary file beside the target, then one rename(2) replaces the
 * target (atomic on a POSIX file system), so a reader, an interrupted run or a full disk never sees
 * a truncated file. A set of files (the reports of one run) is first written to temporaries and then
 * renamed in one synchronous step, so a signal handled by this process cannot land between two
 * renames: the set is the previous run's or the new run's. Temporaries still on disk when the
 * process is interrupted are removed by `removePendingTemporaries` (src/cli.ts calls it).
 */
import { renameSync, rmSync } from 'node:fs';
import { chmod, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from './errors.js';

/** Temporaries written and not yet renamed or removed, in this process. */
const pending = new Set<string>();
/** Files this process has replaced (complete), for the message of an interrupted run. */
export const completedWrites: string[] = [];

function temporaryFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
}

/** One file to write: where, what, and how to name it in a message (a repository-relative path). */
export interface FileToWrite {
  path: string;
  text: string;
  label?: string;
}

/**
 * Write every file, then replace the targets together. A failure (no permission, no space, the
 * target a directory) removes the temporaries, leaves every target as it was, and is a UserError
 * saying so.
 */
export async function writeFilesAtomic(files: readonly FileToWrite[]): Promise<void> {
  const staged: { tmp: string; file: FileToWrite }[] = [];
  try {
    for (const file of files) {
      await mkdir(dirname(file.path), { recursive: true });
      const tmp = temporaryFor(file.path);
      pending.add(tmp);
      staged.push({ tmp, file });
      await writeFile(tmp, file.text);
      // A rewritten source (fmt) keeps its permissions.
      const mode = (await stat(file.path).catch(() => undefined))?.mode;
      if (mode !== undefined) await chmod(tmp, mode & 0o7777);
    }
  } catch (err) {
    await Promise.all(staged.map(({ tmp }) => rm(tmp, { force: true }).finally(() => pending.delete(tmp))));
    const failed = staged[staged.length - 1]?.file ?? files[0];
    throw new UserError(`cannot write ${failed?.label ?? failed?.path}: ${(err as Error).message}; ${untouched(files)}`);
  }
  const renamed: FileToWrite[] = [];
  try {
    for (const { tmp, file } of staged) {
      renameSync(tmp, file.path);
      pending.delete(tmp);
      renamed.push(file);
      completedWrites.push(file.label ?? file.path);
    }
  } catch (err) {
    for (const { tmp } of staged) if (pending.delete(tmp)) rmSync(tmp, { force: true });
    const failed = files[renamed.length]!;
    const done = renamed.length ? `${renamed.map((f) => f.label ?? f.path).join(', ')} replaced, ` : '';
    throw new UserError(`cannot write ${failed.label ?? failed.path}: ${(err as Error).message}; ${done}${untouched(files.slice(renamed.length))}`);
  }
}

/** One file, whole or not at all. */
export function writeFileAtomic(path: string, text: string, label?: string): Promise<void> {
  return writeFilesAtomic([{ path, text, ...(label ? { label } : {}) }]);
}

function untouched(files: readonly FileToWrite[]): string {
  return `${files.map((f) => f.label ?? f.path).join(', ')} left as ${files.length === 1 ? 'it was' : 'they were'} (previous version or none)`;
}

/** Remove the temporaries of writes still in flight (an interrupted run); returns how many. */
export function removePendingTemporaries(): number {
  const n = pending.size;
  for (const tmp of pending) rmSync(tmp, { force: true });
  pending.clear();
  return n;
}
