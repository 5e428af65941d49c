/**
 * Configuration evaluation speed: `loadHcl` on a generated stack of about 50,000 lines (N modules
 * × M security groups with dynamic blocks and for_each rules), and on our own stack.
 *
 *   npx tsx bench/eval.bench.ts [modules] [security-groups-per-module]   (default 40 × 40 ≈ 50,000 lines)
 *
 * Phases, each timed in one process, disk parse cache off:
 *   parse            every .tf file through parseHclFile (hcl2json + tree-sitter), cold
 *   evaluate (cold)  loadHcl with parses cached, expression trees not yet built
 *   evaluate (warm)  loadHcl again (parses and expression trees cached)
 *   end to end       parse + evaluate (cold): the lines/s a first run sees
 * Targets (issue 4): our stack (both envs) ≤ 1 s warm; ≥ 10,000 lines/s end to end on 50,000
 * lines; < 1 GB RSS; evaluation time ≤ parse time.
 */
import { readdir, rm } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHcl } from '../src/load/hcl/index.js';
import { clearParseCache, configureParseCache, parseHclFile, positionsStats } from '../src/load/hcl/parse.js';
import { generateStack } from './eval-stack-generator.js';

const modules = Number(process.argv[2] ?? 40);
const perModule = Number(process.argv[3] ?? 40);

const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
interface Timing {
  wall: number;
  /** CPU time of this process (user + system): on a shared machine wall time includes waiting. */
  cpu: number;
}
const time = async <T>(f: () => Promise<T>): Promise<[T, Timing]> => {
  const t = performance.now();
  const c = process.cpuUsage();
  const r = await f();
  const used = process.cpuUsage(c);
  return [r, { wall: performance.now() - t, cpu: (used.user + used.system) / 1000 }];
};

async function tfFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.tf')) out.push(join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
  }
  return out;
}

configureParseCache({ dir: false });
const work = await mkdtemp(join(tmpdir(), 'eval-bench-'));
try {
  const stack = await generateStack(work, modules, perModule);
  console.log(`synthetic stack: ${modules} modules × ${perModule} security groups, ${stack.files} files, ${stack.lines} lines, ${stack.resources} resource instances`);
  // Wall time on a shared 2-core machine depends on the neighbours: say how busy it was.
  console.log(`  load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  clearParseCache();
  const files = await tfFiles(work);
  const [, parse] = await time(() => Promise.all(files.map((f) => parseHclFile(f))));
  const [model, cold] = await time(() => loadHcl({ dir: work }));
  const [, warm] = await time(() => loadHcl({ dir: work }));
  const n = model.resources.length;
  if (n !== stack.resources) throw new Error(`expected ${stack.resources} resources, evaluated ${n}`);
  const endToEnd = { wall: parse.wall + cold.wall, cpu: parse.cpu + cold.cpu };
  const row = (label: string, t: Timing) =>
    console.log(
      `  ${label.padEnd(16)} ${t.wall.toFixed(0).padStart(6)} ms (cpu ${t.cpu.toFixed(0).padStart(6)} ms)  ${Math.round((stack.lines / t.wall) * 1000).toLocaleString('en').padStart(9)} lines/s  ${Math.round((n / t.wall) * 1000).toLocaleString('en').padStart(8)} resources/s`,
    );
  row('parse', parse);
  row('evaluate (cold)', cold);
  row('evaluate (warm)', warm);
  row('end to end', endToEnd);
  console.log(
    `  peak RSS ${rssMb()} MB; diagnostics ${model.diagnostics.length}; tree-sitter positions: ${positionsStats.worker} files in the worker thread, ${positionsStats.mainThread} on the main thread; load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  );
  const verdict = (ok: boolean) => (ok ? 'MET' : 'MISSED');
  console.log(
    `  targets: >= 10,000 lines/s end to end ${verdict((stack.lines / endToEnd.wall) * 1000 >= 10_000)} ` +
      `(counting CPU time only: ${verdict((stack.lines / endToEnd.cpu) * 1000 >= 10_000)}); ` +
      `< 1 GB RSS ${verdict(rssMb() < 1024)}; evaluation <= parse ${verdict(cold.wall <= parse.wall)}`,
  );

  const terraformDir = join(import.meta.dirname, '..', 'terraform');
  for (const env of ['live', 'ephemeral']) {
    const opts = { dir: terraformDir, varFiles: [join(terraformDir, 'envs', `${env}.tfvars`)] };
    const [m, first] = await time(() => loadHcl(opts));
    const [, again] = await time(() => loadHcl(opts));
    console.log(
      `our stack (${env}): ${m.resources.length} resources, first ${first.wall.toFixed(0)} ms (cpu ${first.cpu.toFixed(0)}), ` +
        `warm ${again.wall.toFixed(0)} ms (cpu ${again.cpu.toFixed(0)}) (target <= 1000 ms warm: ${again.wall <= 1000 ? 'MET' : 'MISSED'})`,
    );
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
