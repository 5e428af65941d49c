/**
 * A fuzz worker process (forked by run.ts): runs cases one after another in this process through
 * the CLI's `main` (so the parse caches stay warm and a case costs its own work only), each in this
 * worker's own copy of terraform/ (the mutated file written in, the original put back after).
 * After each case it reports the exit code, the output, the time, the RSS, and what the case left
 * behind that would keep a process alive (a leak): a timer set by our code and not cleared, a
 * worker thread, a child process, an open handle. The timers the Go WebAssembly runtimes of
 * HashiCorp's parser and formatter re-arm for their own background work are theirs, not leaks (the
 * CLI exits without waiting for them: src/cli.ts).
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

process.env.STACKCHECK_CACHE = 'off';

/** Live timers set by JavaScript outside the Go runtimes' wasm_exec.js, with where they were set. */
const timers = new Map<NodeJS.Timeout, string>();
const realSetTimeout = globalThis.setTimeout;
const realSetInterval = globalThis.setInterval;
const realClearTimeout = globalThis.clearTimeout;
const realClearInterval = globalThis.clearInterval;
function track(t: NodeJS.Timeout): NodeJS.Timeout {
  const stack = new Error().stack ?? '';
  if (!stack.includes('wasm_exec.js')) timers.set(t, stack.split('\n').slice(3, 7).join(' <- ').trim());
  return t;
}
globalThis.setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...rest: unknown[]) => {
  const t: NodeJS.Timeout = realSetTimeout((...a: unknown[]) => {
    timers.delete(t);
    fn(...a);
  }, ms, ...rest);
  return track(t);
}) as typeof setTimeout;
globalThis.setInterval = ((fn: (...a: unknown[]) => void, ms?: number, ...rest: unknown[]) => track(realSetInterval(fn, ms, ...rest))) as typeof setInterval;
globalThis.clearTimeout = ((t: NodeJS.Timeout) => {
  timers.delete(t);
  realClearTimeout(t);
}) as typeof clearTimeout;
globalThis.clearInterval = ((t: NodeJS.Timeout) => {
  timers.delete(t);
  realClearInterval(t);
}) as typeof clearInterval;

const { main } = await import('../../src/cli.js');
const { fuzzCase, originalText, stackDir, corpusPlans } = await import('./cases.js');
const { corpusDir } = await import('../helpers/paths.js');

const workDir = process.env.FUZZ_WORKDIR!;
const root = join(workDir, 'terraform');
const out = join(workDir, 'reports');
rmSync(workDir, { recursive: true, force: true });
mkdirSync(workDir, { recursive: true });
cpSync(stackDir, root, { recursive: true, filter: (p) => !p.includes('/.terraform') });
const planPath = join(workDir, 'plan.json');
const fixedPlan = corpusPlans[0] ? join(corpusDir, corpusPlans[0]) : join(workDir, 'no-plan.json');

/** Resources alive after a case that were not alive before it, other than timers (counted above). */
function resourceCounts(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) if (r !== 'Timeout' && r !== 'Immediate') m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

const MAX_OUTPUT = 64 * 1024;

process.on('message', async (msg: { kind: 'hcl' | 'plan'; seed: number }) => {
  const c = fuzzCase(msg.kind, msg.seed);
  const file = c.kind === 'hcl' ? join(root, c.target) : planPath;
  writeFileSync(file, c.text);
  rmSync(out, { recursive: true, force: true });
  const argv = c.argv.map((a) => a.replace('{root}', root).replace('{plan}', planPath).replace('{out}', out).replace('{fixedPlan}', fixedPlan));
  const before = resourceCounts();
  timers.clear();
  let text = '';
  const io = {
    stdout: (t: string) => {
      if (text.length < MAX_OUTPUT) text += t;
    },
    stderr: (t: string) => {
      if (text.length < MAX_OUTPUT) text += t;
    },
    env: {},
    cwd: workDir,
    isTTY: false,
  };
  const started = performance.now();
  let code: number;
  try {
    code = await main(argv, io);
  } catch (err) {
    code = -1;
    text += `\nmain threw: ${(err as Error)?.stack ?? String(err)}`;
  }
  const ms = Math.round(performance.now() - started);
  // Let what finishes on its own finish (a rejected parse still unwinding: the positions thread
  // answers a request its parse no longer waits for, then lets go), up to 2 s, then look.
  const leftBehind = (): string[] => {
    const found: string[] = [];
    for (const [t, where] of timers) if (t.hasRef()) found.push(`timer set at ${where}`);
    for (const [k, n] of resourceCounts()) if (n > (before.get(k) ?? 0)) found.push(`${n - (before.get(k) ?? 0)} × ${k}`);
    return found;
  };
  await new Promise((r) => realSetTimeout(r, 20));
  let leaks = leftBehind();
  for (let waited = 0; leaks.length > 0 && waited < 2000; waited += 20) {
    await new Promise((r) => realSetTimeout(r, 20));
    leaks = leftBehind();
  }
  for (const [t] of timers) realClearTimeout(t);
  timers.clear();
  if (c.kind === 'hcl') writeFileSync(file, originalText('hcl', c.target));
  const mem = process.memoryUsage();
  process.send!({ seed: c.seed, kind: c.kind, code, ms, output: text, leaks, rss: mem.rss, argv: c.argv, target: c.target, how: c.how });
});

process.send!({ ready: true });
