/**
 * The shape stacks of tests/fixtures/stacks (README there): read their markers, derive the clean
 * twin, list where each planted weakness must be found.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';

export const stacksDir = join(repoRoot, 'tests', 'fixtures', 'stacks');
export const shapes = readdirSync(stacksDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

const EXPECT = /#\s*expect:\s*([A-Z0-9,-]*[A-Z0-9])?\s*(keep|block|clean:\s*(.*))?\s*$/;
const CLEAN_ONLY = /#\s*clean:\s*(.*)$/;
const CLEAN_PLUS = /^(\s*)#\s*clean\+ ?(.*)$/;
const WEAK_BLOCK = /#\s*weak-block\s*$/;

const tfFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tf')).sort();

/** `file:line:RULE-ID` of every planted weakness (weak twin lines). */
export function plantedWeaknesses(shape: string): string[] {
  const out: string[] = [];
  for (const f of tfFiles(join(stacksDir, shape))) {
    readFileSync(join(stacksDir, shape, f), 'utf8').split('\n').forEach((line, i) => {
      const m = EXPECT.exec(line);
      for (const id of m?.[1]?.split(',') ?? []) out.push(`${f}:${i + 1}:${id}`);
    });
  }
  return out.sort();
}

/** The clean twin's text of one file. */
export function cleanText(text: string): string {
  const out: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const indent = /^\s*/.exec(line)![0];
    const plus = CLEAN_PLUS.exec(line);
    if (plus) {
      out.push(plus[2] === '' ? '' : plus[1] + plus[2]);
      continue;
    }
    const m = EXPECT.exec(line);
    if (m || WEAK_BLOCK.test(line)) {
      if (m?.[2] === 'keep') out.push(line.replace(/\s*#\s*expect:.*$/, ''));
      else if (m?.[3] !== undefined) out.push(indent + m[3]);
      else if (m?.[2] === 'block' || WEAK_BLOCK.test(line)) {
        while (i < lines.length && lines[i] !== '}') i++;
        if (lines[i + 1] === '') i++;
      }
      continue;
    }
    const c = CLEAN_ONLY.exec(line);
    out.push(c ? indent + c[1] : line);
  }
  return out.join('\n');
}

/** A temporary directory holding the clean twin of a shape. */
export function cleanTwin(shape: string): string {
  const dir = mkdtempSync(join(tmpdir(), `stackcheck-clean-${shape}-`));
  for (const f of tfFiles(join(stacksDir, shape))) writeFileSync(join(dir, f), cleanText(readFileSync(join(stacksDir, shape, f), 'utf8')));
  return dir;
}

/** Every rule id planted somewhere. */
export function plantedRuleIds(): Set<string> {
  return new Set(shapes.flatMap((s) => plantedWeaknesses(s).map((w) => w.split(':')[2])));
}
