/**
 * `stackcheck reach` — answer one reachability question, print the matrix, or check the intents.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeFileAtomic } from '../atomic-write.js';
import { UserError } from '../errors.js';
import { loadStack } from '../load/index.js';
import { ModelIndex } from '../model/query.js';
import { intentsFor } from '../config/intents.js';
import { runReach } from '../reach/checker.js';
import { ask, blocking, unknownReasons, witness, type ViaMode } from '../reach/evaluate.js';
import { selectEndpoints } from '../reach/intents.js';
import { formatMatrix } from '../reach/matrix.js';
import type { Proto } from '../network/index.js';
import { parseCommandLine } from './args.js';
import { EVALUATION_OPTIONS, evaluationOptions, type EvaluationArgs } from './load-args.js';
import { EXIT, type Command } from './types.js';

const USAGE = `usage: stackcheck reach <dir | --plan-json FILE> [--var-file F]... [--var k=v]... [--account-id N] [--data-file F]... [options]

  (no question)        check every intent of the intents file; exit 1 if one fails
  --from ROLE --to ROLE --port N [--proto tcp|udp] [--via any|direct|lb]
                       answer one question: allowed (with the witness path, each hop naming its
                       rule and file:line), denied (the first blocking hop and every setting that
                       would have to change) or unknown (why); exit 0 allowed, 1 denied or unknown
  --from/--to without --port
                       the matrix rows between those roles
  --matrix             the full matrix (roles × roles, ports per protocol)
  --intents FILE       intents file (default: the intents the project config names, else the generic intents)
  --json               machine-readable output
  --html FILE          also write the HTML report (intents, matrix, network diagram)

ROLE is <Environment>-<Role> from the tags (staging-api, shared-alb), "internet", a glob
(*-rds), address:<glob> or kind:<alb|nlb|instance|rds|elasticache>.`;

interface Args {
  dir?: string;
  planJson?: string;
  /** --var-file, --var, --account-id, --data-file: read by evaluationOptions (load-args.ts). */
  evaluation: EvaluationArgs & { 'var-file': string[]; var: string[]; 'data-file': string[] };
  from?: string;
  to?: string;
  port?: number;
  proto: Proto;
  via: ViaMode;
  matrix: boolean;
  json: boolean;
  intents?: string;
  html?: string;
}

function parseArgs(argv: string[]): Args {
  const { values: v, positionals } = parseCommandLine(
    argv,
    {
      'plan-json': { type: 'string' },
      ...EVALUATION_OPTIONS,
      from: { type: 'string' },
      to: { type: 'string' },
      port: { type: 'string' },
      proto: { type: 'string', default: 'tcp' },
      via: { type: 'string', default: 'any' },
      matrix: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      intents: { type: 'string' },
      html: { type: 'string' },
    },
    USAGE,
    true,
  );
  if (positionals.length > 1) throw new UserError(`one directory only (got ${positionals.join(' and ')})`);
  const a: Args = {
    evaluation: { 'var-file': v['var-file'] ?? [], var: v.var ?? [], 'data-file': v['data-file'] ?? [], ...(v['account-id'] !== undefined ? { 'account-id': v['account-id'] } : {}) },
    ...(positionals[0] !== undefined ? { dir: positionals[0] } : {}),
    ...(v['plan-json'] !== undefined ? { planJson: v['plan-json'] } : {}),
    ...(v.from !== undefined ? { from: v.from } : {}),
    ...(v.to !== undefined ? { to: v.to } : {}),
    ...(v.intents !== undefined ? { intents: v.intents } : {}),
    ...(v.html !== undefined ? { html: v.html } : {}),
    proto: 'tcp',
    via: 'any',
    matrix: v.matrix!,
    json: v.json!,
  };
  if (v.port !== undefined) {
    if (!/^\d+$/.test(v.port) || Number(v.port) > 65535) throw new UserError(`--port ${v.port}: expected a port number 0-65535`);
    a.port = Number(v.port);
  }
  if (v.proto !== 'tcp' && v.proto !== 'udp') throw new UserError(`--proto ${v.proto}: expected tcp or udp`);
  a.proto = v.proto;
  if (v.via !== 'any' && v.via !== 'direct' && v.via !== 'lb') throw new UserError(`--via ${v.via}: expected any, direct or lb`);
  a.via = v.via;
  if (!a.dir && !a.planJson) throw new UserError(`give a Terraform directory or --plan-json FILE\n${USAGE}`);
  if (a.port !== undefined && (!a.from || !a.to)) throw new UserError('--port needs --from and --to');
  return a;
}

export const reachCommand: Command = {
  name: 'reach',
  summary: 'who can reach whom: one question with its witness, the full matrix, or the intents',
  usage: USAGE,
  async run(argv, io) {
    const a = parseArgs(argv);
    if (a.dir) {
      const d = resolve(io.cwd, a.dir);
      if (!existsSync(d) || !statSync(d).isDirectory()) throw new UserError(`${a.dir}: not a directory`);
    }
    const model = await loadStack({
      planJson: a.planJson ? resolve(io.cwd, a.planJson) : undefined,
      dir: a.dir ? resolve(io.cwd, a.dir) : undefined,
      ...evaluationOptions(a.evaluation, io.cwd, USAGE),
    });
    const index = new ModelIndex(model);
    const question = a.from !== undefined && a.to !== undefined;
    const wantIntents = !question && !a.matrix;
    const stackDir = a.dir ? resolve(io.cwd, a.dir) : a.planJson ? dirname(resolve(io.cwd, a.planJson)) : io.cwd;
    const intents = wantIntents || a.html ? await intentsFor(stackDir, io.cwd, a.intents) : undefined;
    const run = runReach(index, intents);
    // file:line in repository-relative form, as a person reads them
    const prefix = io.cwd.endsWith('/') ? io.cwd : `${io.cwd}/`;
    const out = (s: string) => io.stdout(s.split(prefix).join(''));

    if (a.html) {
      const { renderHtml } = await import('../report/html.js');
      const html = renderHtml({
        tool: { name: 'stackcheck', version: '0.1.0' },
        generatedAt: new Date().toISOString(),
        strict: false,
        runs: [{ deployment: a.planJson ?? a.dir ?? '', origin: model.origin, source: model.source, results: run.results, diagnostics: model.diagnostics, sections: { reachability: run.section } }],
      });
      await writeFileAtomic(resolve(io.cwd, a.html), html, a.html);
      io.stderr(`wrote ${a.html}\n`);
    }

    if (question) {
      const from = selectEndpoints(run.net, [a.from!]);
      const to = selectEndpoints(run.net, [a.to!]);
      if (!from.length) throw new UserError(`--from ${a.from}: no endpoint matches (roles here: ${run.matrix.roles.join(', ')})`);
      if (!to.length) throw new UserError(`--to ${a.to}: no endpoint matches (roles here: ${run.matrix.roles.join(', ')})`);
      if (a.port === undefined) {
        const cells = run.matrix.cells.filter((c) => from.some((f) => f.label === c.from) && to.some((t) => t.label === c.to));
        if (a.json) out(JSON.stringify(cells, null, 2) + '\n');
        else out(formatMatrix({ ...run.matrix, cells }));
        return EXIT.ok;
      }
      const answers = [];
      let allAllowed = true;
      for (const s of from) {
        for (const d of to) {
          if (s === d) continue;
          const ans = ask(run.net, s, d, a.port, a.proto, a.via);
          allAllowed &&= ans.verdict === 'allowed';
          const f = ans.flow;
          const at = f.arrivesAs ? ` at its public address, arriving as ${f.arrivesAs.label}` : '';
          const path = (f.via ? `via ${f.via.lb.label}:${f.via.listenerPort}` : 'direct') + at;
          const entry = {
            from: s.label,
            to: d.label,
            fromAddress: s.key,
            toAddress: d.key,
            port: a.port,
            proto: a.proto,
            verdict: ans.verdict,
            path,
            witness: ans.verdict === 'allowed' ? witness(f, a.port) : undefined,
            blocking: ans.verdict === 'denied' ? blocking(f, a.port) : undefined,
            unknown: ans.verdict === 'unknown' ? unknownReasons(f, a.port) : undefined,
          };
          answers.push(entry);
          if (a.json) continue;
          out(`${s.label} → ${d.label} ${a.port}/${a.proto}: ${ans.verdict.toUpperCase()} (${path})\n`);
          if (entry.witness) for (const h of entry.witness) out(`  ✓ ${h.hop}\n      ${h.rule}${h.location ? ` (${h.location})` : ''}\n`);
          if (entry.blocking) {
            out(`  first blocking hop: ${entry.blocking.first.hop}\n`);
            for (const w of entry.blocking.first.why) out(`      ${w}\n`);
            out(`  to allow it, change:\n`);
            for (const c of entry.blocking.change) out(`    - ${c}\n`);
          }
          if (entry.unknown) for (const u of entry.unknown) out(`  ? ${u}\n`);
        }
      }
      if (a.json) out(JSON.stringify(answers, null, 2) + '\n');
      return allAllowed ? EXIT.ok : EXIT.failed;
    }

    if (a.matrix) {
      if (a.json) out(JSON.stringify({ roles: run.matrix.roles, cells: run.matrix.cells, topology: run.section.topology, notes: run.net.notes, stats: run.section.stats }, null, 2) + '\n');
      else {
        out(formatMatrix(run.matrix));
        for (const n of run.net.notes) out(`note: ${n}\n`);
      }
      return EXIT.ok;
    }

    if (a.json) {
      out(JSON.stringify({ results: run.results, stats: run.section.stats }, null, 2) + '\n');
    } else {
      for (const r of run.results) {
        out(`${r.verdict.toUpperCase().padEnd(7)} ${r.title}  [${r.checkId}]\n`);
        if (r.verdict !== 'pass') for (const f of r.findings.filter((x) => x.verdict !== 'pass')) out(`        ${f.message.replace(/\n/g, '\n        ')}\n`);
      }
      const n = (v: string) => run.results.filter((r) => r.verdict === v).length;
      out(`\n${n('pass')} passed, ${n('fail')} failed, ${n('unknown')} unknown (${run.results.length} checks, ${run.section.stats.endpoints} endpoints, ${run.section.stats.millis} ms)\n`);
    }
    return run.results.some((r) => r.verdict === 'fail' || r.verdict === 'error') ? EXIT.failed : EXIT.ok;
  },
};
