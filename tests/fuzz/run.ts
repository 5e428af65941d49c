/**
 * The fuzz runner: hands cases to worker processes (worker.ts), bounds each case in time and
 * memory, and judges it. A case fails when its exit code is not 0, 1 or 2 (3 is an internal
 * error), when it runs past the time bound (a hang: the worker is killed and replaced; CPU time, and
 * a wall-clock bound for a case that idles without answering), when its
 * output holds a stack trace, when the worker's RSS passes the memory bound (killed), or when it
 * leaves behind something that would keep a process alive (a leak). Every `spawnEvery`-th case is
 * also run as a real `bin/stackcheck.js` process, which must exit within the bound by itself.
 * Failing inputs are recorded under `fuzz-findings/` (git-ignored) with their command and seed.
 *
 * `make fuzz` runs it from the command line: `npx tsx tests/fuzz/run.ts [--hcl N] [--plan N]
 * [--seed S] [--jobs J] [--timeout-ms T] [--spawn-every K] [--out DIR] [--budget-s S]`; with a
 * budget it hands out no case after S seconds and reports the cases it ran.
 */
import { fork, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../helpers/paths.js';
import { fuzzCase, type CaseKind } from './cases.js';

export interface FuzzOptions {
  hcl: number;
  plan: number;
  seed: number;
  jobs: number;
  /**
   * A case's time bound, in CPU time: on a machine shared by many (load 30 on 2 cores, seen) wall
   * time says how busy the machine is, not whether a case hangs. A case that stops using CPU
   * without answering (kept alive by a timer, waiting forever) is caught by the wall-clock bound,
   * WALL_FACTOR times this.
   */
  timeoutMs: number;
  /** The RSS bound of a worker (and of a spawned CLI). */
  maxRssBytes: number;
  /**
   * A worker whose RSS is above this after a case is replaced before the next one: the Go
   * WebAssembly memories of HashiCorp's parser and formatter grow and never shrink, so a worker
   * kept after a large case would charge its memory to the cases after it. Default: half the bound.
   */
  recycleRssBytes?: number;
  /** Every k-th case also runs as a real CLI process (0: never). */
  spawnEvery: number;
  /** Where failing inputs are recorded (undefined: not recorded). */
  findingsDir?: string;
  /** Stop handing out cases after this long (the `make test` sample). */
  budgetMs?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface CaseResult {
  kind: CaseKind;
  seed: number;
  argv: string[];
  target: string;
  how: string;
  code: number | 'hang' | 'rss' | 'crash';
  ms: number;
  rss: number;
  output: string;
  leaks: string[];
  /** Why it failed (empty: it passed). */
  failures: string[];
  spawned?: { code: number | null; ms: number; signal: string | null; stderr: string };
}

export interface FuzzSummary {
  cases: number;
  /** Cases queued (the run may stop earlier on its budget). */
  asked: number;
  byKind: Record<CaseKind, { cases: number; exitCodes: Record<string, number> }>;
  hangs: number;
  internalErrors: number;
  stackTraces: number;
  leaks: number;
  rssOver: number;
  spawned: number;
  spawnedFailures: number;
  failures: CaseResult[];
  peakRssBytes: number;
  wallMs: number;
  maxCaseMs: number;
}

const STACK_TRACE = /^\s+at .+(?:\(.+:\d+:\d+\)|:\d+:\d+)$/m;

function judge(r: CaseResult, maxRss: number, timeoutMs: number): string[] {
  const f: string[] = [];
  if (r.code === 'hang') f.push(`no answer within ${timeoutMs} ms of CPU time or ${WALL_FACTOR * timeoutMs} ms on the wall clock`);
  else if (r.code === 'rss') f.push(`RSS over ${Math.round(maxRss / 2 ** 20)} MB`);
  else if (r.code === 'crash') f.push('the worker process died');
  else if (r.code === 3) f.push('internal error (exit 3)');
  else if (r.code !== 0 && r.code !== 1 && r.code !== 2) f.push(`exit ${r.code}`);
  if (STACK_TRACE.test(r.output)) f.push('stack trace in the output');
  if (r.leaks.length) f.push(`left behind: ${r.leaks.join('; ')}`);
  if (r.rss > maxRss) f.push(`RSS ${Math.round(r.rss / 2 ** 20)} MB`);
  if (r.spawned) {
    const s = r.spawned;
    if (s.signal) f.push(`spawned CLI killed (${s.signal}) after ${s.ms} ms${s.signal === 'SIGKILL' ? ': did not exit' : ''}`);
    else if (s.code !== r.code && typeof r.code === 'number') f.push(`spawned CLI exited ${s.code}, in-process ${r.code}`);
    if (STACK_TRACE.test(s.stderr)) f.push('stack trace in the spawned CLI output');
  }
  return f;
}

interface Slot {
  proc: ReturnType<typeof fork>;
  ready: Promise<void>;
  dir: string;
  /** The end of the worker's stderr (why it died, when it dies). */
  stderr: () => string;
}

const workerPath = fileURLToPath(new URL('./worker.ts', import.meta.url));

function startWorker(dir: string, maxRss: number): Slot {
  const proc = fork(workerPath, [], {
    cwd: repoRoot,
    env: { ...process.env, FUZZ_WORKDIR: dir },
    execArgv: ['--import', 'tsx', `--max-old-space-size=${Math.round((maxRss / 2 ** 20) * 1.5)}`],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d) => {
    stderr = (stderr + d).slice(-4096);
  });
  const ready = new Promise<void>((res, rej) => {
    const onMsg = (m: { ready?: boolean }) => {
      if (m?.ready) {
        proc.off('message', onMsg);
        res();
      }
    };
    proc.on('message', onMsg);
    proc.once('exit', (code) => rej(new Error(`fuzz worker exited ${code} before it was ready`)));
  });
  ready.catch(() => undefined);
  return { proc, ready, dir, stderr: () => stderr };
}

/** How many times the CPU bound a case may take on the wall clock. */
const WALL_FACTOR = 6;

/** CPU time (user + system, all threads) of a process, in ms; 0 when it is gone. */
function cpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
  } catch {
    return 0;
  }
}

function vmRss(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Run one case in a slot; the slot's worker is replaced when the case kills it. */
async function runInSlot(slotRef: { slot: Slot }, kind: CaseKind, seed: number, o: FuzzOptions): Promise<CaseResult> {
  const { slot } = slotRef;
  await slot.ready;
  const c = fuzzCase(kind, seed);
  const base = { kind, seed, argv: c.argv, target: c.target, how: c.how, output: '', leaks: [] as string[], failures: [] as string[] };
  const started = Date.now();
  const cpuBefore = cpuMs(slot.proc.pid);
  let peak = 0;
  const result = await new Promise<CaseResult>((resolve) => {
    const done = (r: CaseResult) => {
      clearTimeout(timer);
      clearInterval(poll);
      slot.proc.off('message', onMsg);
      slot.proc.off('exit', onExit);
      resolve(r);
    };
    const onMsg = (m: Omit<CaseResult, 'failures'>) => done({ ...m, rss: Math.max(m.rss, peak), failures: [] });
    const onExit = () => setTimeout(() => done({ ...base, code: 'crash', ms: Date.now() - started, rss: peak, output: slot.stderr() }), 50);
    const hang = () => {
      slot.proc.kill('SIGKILL');
      done({ ...base, code: 'hang', ms: Date.now() - started, rss: peak });
    };
    const timer = setTimeout(hang, WALL_FACTOR * o.timeoutMs);
    const poll = setInterval(() => {
      peak = Math.max(peak, vmRss(slot.proc.pid));
      if (cpuMs(slot.proc.pid) - cpuBefore > o.timeoutMs) hang();
      else if (peak > o.maxRssBytes) {
        slot.proc.kill('SIGKILL');
        done({ ...base, code: 'rss', ms: Date.now() - started, rss: peak });
      }
    }, 100);
    slot.proc.on('message', onMsg);
    slot.proc.once('exit', onExit);
    slot.proc.send({ kind, seed });
  });
  if (typeof result.code !== 'number' || result.rss > (o.recycleRssBytes ?? o.maxRssBytes / 2)) {
    slot.proc.kill('SIGKILL');
    slotRef.slot = startWorker(slot.dir, o.maxRssBytes);
  }
  return result;
}

/** Run a case as a real CLI process, in a workspace of its own. */
async function runSpawned(c: ReturnType<typeof fuzzCase>, dir: string, o: FuzzOptions): Promise<NonNullable<CaseResult['spawned']>> {
  const { cpSync, rmSync } = await import('node:fs');
  const { stackDir } = await import('./cases.js');
  const { corpusDir } = await import('../helpers/paths.js');
  const { corpusPlans } = await import('./cases.js');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const root = join(dir, 'terraform');
  cpSync(stackDir, root, { recursive: true, filter: (p) => !p.includes('/.terraform') });
  const plan = join(dir, 'plan.json');
  writeFileSync(c.kind === 'hcl' ? join(root, c.target) : plan, c.text);
  const fixedPlan = corpusPlans[0] ? join(corpusDir, corpusPlans[0]) : join(dir, 'no-plan.json');
  const argv = c.argv.map((a) => a.replace('{root}', root).replace('{plan}', plan).replace('{out}', join(dir, 'reports')).replace('{fixedPlan}', fixedPlan));
  const started = Date.now();
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(repoRoot, 'bin/stackcheck.js'), ...argv], {
      cwd: dir,
      env: { ...process.env, STACKCHECK_CACHE: 'off' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    p.stderr.on('data', (d) => {
      if (stderr.length < 64 * 1024) stderr += d;
    });
    const poll = setInterval(() => {
      if (vmRss(p.pid) > o.maxRssBytes || cpuMs(p.pid) > o.timeoutMs) p.kill('SIGKILL');
    }, 100);
    const timer = setTimeout(() => p.kill('SIGKILL'), WALL_FACTOR * o.timeoutMs);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(poll);
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, signal, ms: Date.now() - started, stderr });
    });
  });
}

function record(dir: string, r: CaseResult): void {
  const c = fuzzCase(r.kind, r.seed);
  const at = join(dir, `${r.kind}-${r.seed}`);
  mkdirSync(at, { recursive: true });
  writeFileSync(join(at, c.kind === 'hcl' ? c.target.replace(/\//g, '__') : 'plan.json'), c.text);
  const { output, ...rest } = r;
  writeFileSync(join(at, 'case.json'), `${JSON.stringify({ ...rest, reproduce: `npx tsx tests/fuzz/run.ts --only ${r.kind}:${r.seed}` }, null, 2)}\n`);
  writeFileSync(join(at, 'output.txt'), output);
}

export async function runFuzz(o: FuzzOptions, only?: { kind: CaseKind; seed: number }[]): Promise<FuzzSummary> {
  const started = Date.now();
  // The two kinds interleaved in proportion, so a run cut short by its budget has sampled both alike.
  const queue: { kind: CaseKind; seed: number }[] =
    only ??
    [
      ...Array.from({ length: o.hcl }, (_, i) => ({ kind: 'hcl' as const, seed: o.seed + i, at: (i + 0.5) / o.hcl })),
      ...Array.from({ length: o.plan }, (_, i) => ({ kind: 'plan' as const, seed: o.seed + i, at: (i + 0.5) / o.plan })),
    ]
      .sort((a, b) => a.at - b.at || (a.kind < b.kind ? -1 : 1))
      .map(({ kind, seed }) => ({ kind, seed }));
  const base = join(tmpdir(), `stackcheck-fuzz-${process.pid}`);
  const results: CaseResult[] = [];
  let next = 0;
  let index = 0;
  const lane = async (j: number) => {
    const ref = { slot: startWorker(join(base, `w${j}`), o.maxRssBytes) };
    try {
      while (next < queue.length) {
        if (o.budgetMs !== undefined && Date.now() - started > o.budgetMs) break;
        const q = queue[next++]!;
        const r = await runInSlot(ref, q.kind, q.seed, o);
        if (o.spawnEvery > 0 && ++index % o.spawnEvery === 0) r.spawned = await runSpawned(fuzzCase(q.kind, q.seed), join(base, `s${j}`), o);
        r.failures = judge(r, o.maxRssBytes, o.timeoutMs);
        if (r.failures.length && o.findingsDir) record(o.findingsDir, r);
        results.push(r);
        o.onProgress?.(results.length, queue.length);
      }
    } finally {
      ref.slot.proc.kill('SIGKILL');
    }
  };
  await Promise.all(Array.from({ length: o.jobs }, (_, j) => lane(j)));
  const { rmSync } = await import('node:fs');
  rmSync(base, { recursive: true, force: true });
  const byKind: FuzzSummary['byKind'] = { hcl: { cases: 0, exitCodes: {} }, plan: { cases: 0, exitCodes: {} } };
  for (const r of results) {
    const k = byKind[r.kind];
    k.cases++;
    k.exitCodes[String(r.code)] = (k.exitCodes[String(r.code)] ?? 0) + 1;
  }
  return {
    cases: results.length,
    asked: queue.length,
    byKind,
    hangs: results.filter((r) => r.code === 'hang' || r.spawned?.signal).length,
    internalErrors: results.filter((r) => r.code === 3 || r.spawned?.code === 3).length,
    stackTraces: results.filter((r) => r.failures.some((f) => f.includes('stack trace'))).length,
    leaks: results.filter((r) => r.leaks.length > 0).length,
    rssOver: results.filter((r) => r.code === 'rss' || r.rss > o.maxRssBytes).length,
    spawned: results.filter((r) => r.spawned).length,
    spawnedFailures: results.filter((r) => r.spawned && r.failures.some((f) => f.includes('spawned'))).length,
    failures: results.filter((r) => r.failures.length > 0),
    peakRssBytes: Math.max(0, ...results.map((r) => r.rss)),
    wallMs: Date.now() - started,
    maxCaseMs: Math.max(0, ...results.map((r) => r.ms)),
  };
}

export function formatSummary(s: FuzzSummary, o: FuzzOptions): string {
  const kinds = (['hcl', 'plan'] as const)
    .map((k) => `  ${k}: ${s.byKind[k].cases} cases, exit codes ${Object.entries(s.byKind[k].exitCodes).sort().map(([c, n]) => `${c}: ${n}`).join(', ') || '-'}`)
    .join('\n');
  return [
    `fuzz: ${s.cases} cases${s.cases < s.asked ? ` (of ${s.asked} asked: the budget ran out)` : ''} from seed ${o.seed} on ${o.jobs} worker(s), bound ${o.timeoutMs} ms and ${Math.round(o.maxRssBytes / 2 ** 20)} MB per case`,
    kinds,
    `  hangs: ${s.hangs}, internal errors: ${s.internalErrors}, stack traces: ${s.stackTraces}, leaks: ${s.leaks}, RSS over bound: ${s.rssOver}`,
    `  spawned as real CLI processes: ${s.spawned} (${s.spawnedFailures} failed to exit cleanly)`,
    `  peak RSS ${Math.round(s.peakRssBytes / 2 ** 20)} MB, slowest case ${s.maxCaseMs} ms, wall ${(s.wallMs / 1000).toFixed(1)} s`,
    `  failures: ${s.failures.length}${o.findingsDir && s.failures.length ? ` (recorded under ${o.findingsDir})` : ''}`,
    ...s.failures.slice(0, 20).map((f) => `    ${f.kind}:${f.seed} ${f.argv[0]} ${f.target}: ${f.failures.join('; ')} [${f.how.slice(0, 120)}]`),
  ].join('\n');
}

const invoked = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (invoked) {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({
    options: {
      hcl: { type: 'string', default: '5000' },
      plan: { type: 'string', default: '2000' },
      seed: { type: 'string' },
      jobs: { type: 'string', default: '2' },
      'timeout-ms': { type: 'string', default: '30000' },
      'spawn-every': { type: 'string', default: '50' },
      out: { type: 'string', default: join(repoRoot, 'fuzz-findings') },
      only: { type: 'string', multiple: true },
      'budget-s': { type: 'string' },
    },
  });
  const o: FuzzOptions = {
    hcl: Number(values.hcl),
    plan: Number(values.plan),
    seed: values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 1e9),
    jobs: Number(values.jobs),
    timeoutMs: Number(values['timeout-ms']),
    maxRssBytes: 2 ** 30,
    spawnEvery: Number(values['spawn-every']),
    findingsDir: values.out,
    budgetMs: values['budget-s'] !== undefined ? Number(values['budget-s']) * 1000 : undefined,
    onProgress: (d, t) => {
      if (d % 100 === 0 || d === t) process.stderr.write(`fuzz: ${d}/${t}\n`);
    },
  };
  const only = values.only?.map((s) => {
    const [kind, seed] = s.split(':');
    return { kind: kind as CaseKind, seed: Number(seed) };
  });
  const s = await runFuzz(o, only);
  const summary = `${formatSummary(s, o)}\n`;
  process.stdout.write(summary);
  if (o.findingsDir) {
    mkdirSync(o.findingsDir, { recursive: true });
    writeFileSync(join(o.findingsDir, `summary-${o.seed}.txt`), summary);
  }
  process.exit(s.failures.length === 0 ? 0 : 1);
}
