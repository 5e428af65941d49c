/**
 * The HTML report: one self-contained file (inline CSS and SVG, no script, no external asset) with
 * the policies, the intents, the reachability matrix and a network diagram (VPC → subnets → hosts,
 * arrows for allowed flows coloured by environment).
 */
import type { CheckResult, CheckRun, Report, Verdict } from '../check/types.js';
import type { ReachabilitySection, Topology } from '../reach/section.js';
import type { RoleCell } from '../reach/matrix.js';
import type { ReportAdapter } from './types.js';
import { summarize, type Summary } from './summary.js';

const esc = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const ENV_COLOURS: Record<string, string> = { staging: '#d97706', prod: '#2563eb', shared: '#7c3aed', internet: '#059669' };
const EXTRA_COLOURS = ['#db2777', '#0891b2', '#65a30d', '#b91c1c'];

function envColour(env: string | undefined, extra: Map<string, string>): string {
  if (!env) return '#6b7280';
  if (ENV_COLOURS[env]) return ENV_COLOURS[env];
  if (!extra.has(env)) extra.set(env, EXTRA_COLOURS[extra.size % EXTRA_COLOURS.length]);
  return extra.get(env)!;
}

const VERDICT_CLASS: Record<Verdict, string> = { pass: 'pass', fail: 'fail', unknown: 'unknown', 'not-applicable': 'na', error: 'fail' };

export function renderHtml(report: Report): string {
  const body = report.runs.map((r, i) => renderRun(report, r, i)).join('\n');
  const totals = summarize(report);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>stackcheck report</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#111827;background:#f9fafb}
header{background:#111827;color:#f9fafb;padding:16px 24px}
header h1{margin:0;font-size:20px}
main{padding:16px 24px;max-width:1600px}
section.run{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:16px;margin:16px 0}
h2{font-size:18px;margin:0 0 8px}
h3{font-size:15px;margin:20px 0 8px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border:1px solid #e5e7eb;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f3f4f6}
.pass{color:#047857}.fail{color:#b91c1c;font-weight:600}.unknown{color:#b45309}.na{color:#6b7280}
.badge{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;font-weight:600}
.badge.pass{background:#d1fae5}.badge.fail{background:#fee2e2}.badge.unknown{background:#fef3c7}.badge.na{background:#e5e7eb}
pre{white-space:pre-wrap;margin:4px 0;font:12px/1.4 ui-monospace,Menlo,monospace;background:#f9fafb;padding:6px;border-radius:4px}
details summary{cursor:pointer}
.matrix td.cell{font:12px ui-monospace,Menlo,monospace;white-space:nowrap}
.matrix td.empty{background:#fafafa}
.matrix .via{color:#6b7280}
.matrix th.row{white-space:nowrap}
.legend span{display:inline-block;margin-right:12px}
.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;vertical-align:-1px}
svg text{font-family:system-ui,sans-serif}
</style>
</head>
<body>
<header><h1>stackcheck — ${esc(report.runs.map((r) => r.deployment).join(', '))}</h1>
<div>${esc(report.generatedAt)} · ${counts(totals)}${report.strict ? ' · strict' : ''}</div></header>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The counts as every other report says them (summarize: n/a counts as passed, --strict fails unknowns). */
function counts(s: Summary): string {
  const extra = [s.notApplicable ? `${s.notApplicable} of them not applicable` : '', s.suppressed ? `${s.suppressed} suppressed finding(s)` : ''].filter(Boolean).join(', ');
  return `${s.passed} passed, ${s.failed} failed, ${s.unknown} unknown${extra ? ` (${extra})` : ''}`;
}

function renderRun(report: Report, run: CheckRun, i: number): string {
  const policies = run.results.filter((r) => r.kind === 'policy');
  const intents = run.results.filter((r) => r.kind === 'intent');
  const reach = run.sections?.reachability as ReachabilitySection | undefined;
  const c = summarize({ ...report, runs: [run] });
  return `<section class="run" id="run-${i}">
<h2>${esc(run.deployment)} <small>(${esc(run.origin)}: ${esc(run.source)})</small></h2>
<div>${counts(c)}</div>
${run.diagnostics.length ? `<h3>Loader diagnostics</h3><ul>${run.diagnostics.map((d) => `<li class="${d.severity === 'error' ? 'fail' : 'unknown'}">${esc(d.location ? `${d.location.file}:${d.location.line}: ` : d.address ? `${d.address}: ` : '')}${esc(d.message)}</li>`).join('')}</ul>` : ''}
<h3>Policies (${policies.length})</h3>
${resultsTable(policies, 'policies')}
<h3>Reachability intents (${intents.length})</h3>
${resultsTable(intents, 'intents')}
${reach ? renderReach(reach, i) : ''}
</section>`;
}

function resultsTable(results: CheckResult[], id: string): string {
  if (!results.length) return `<p class="na">none</p>`;
  const order: Verdict[] = ['fail', 'error', 'unknown', 'pass', 'not-applicable'];
  const sorted = [...results].sort((a, b) => order.indexOf(a.verdict) - order.indexOf(b.verdict));
  const rows = sorted.map((r) => {
    const shown = r.findings.filter((f) => (r.verdict === 'pass' ? true : f.verdict !== 'pass'));
    const detail = shown
      .slice(0, 20)
      .map((f) => `<pre>${esc(f.location ? `${f.location.file}:${f.location.line}: ` : '')}${esc(f.message)}${f.suppressed ? `\n(suppressed: ${esc(f.suppressed.reason)})` : ''}</pre>`)
      .join('');
    const more = shown.length > 20 ? `<p>… ${shown.length - 20} more</p>` : '';
    return `<tr><td><span class="badge ${VERDICT_CLASS[r.verdict]}">${esc(r.verdict)}</span></td><td>${esc(r.checkId)}</td><td><details${r.verdict === 'fail' ? ' open' : ''}><summary>${esc(r.title)}</summary>${r.rationale ? `<p>${esc(r.rationale)}</p>` : ''}${detail}${more}</details></td></tr>`;
  });
  return `<table id="${id}"><thead><tr><th>verdict</th><th>check</th><th>title and findings</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function renderReach(s: ReachabilitySection, i: number): string {
  return `<h3>Reachability matrix</h3>
<p>${s.stats.endpoints} endpoints, ${s.stats.securityGroups} security groups, ${s.stats.flows} flows (${s.stats.millis} ms). Rows: from; columns: to; cells: ports certainly allowed (unknown ones marked “?”); grey: through a load balancer.</p>
${matrixTable(s.cells, i)}
<h3>Network diagram</h3>
${diagram(s.topology, i)}
${s.notes.length ? `<h3>Notes</h3><ul>${s.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}`;
}

function matrixTable(cells: RoleCell[], i: number): string {
  const froms = [...new Set(cells.map((c) => c.from))].sort(roleOrder);
  const tos = [...new Set(cells.map((c) => c.to))].sort(roleOrder);
  const at = new Map<string, RoleCell[]>();
  for (const c of cells) {
    const k = `${c.from}\u0000${c.to}`;
    (at.get(k) ?? at.set(k, []).get(k)!).push(c);
  }
  const head = `<tr><th>from \\ to</th>${tos.map((t) => `<th>${esc(t)}</th>`).join('')}</tr>`;
  const rows = froms.map((f) => {
    const tds = tos.map((t) => {
      const list = at.get(`${f}\u0000${t}`);
      if (!list) return `<td class="empty"></td>`;
      const text = list
        .map((c) => {
          const ports = [c.tcp && `${c.tcp}/tcp`, c.udp && `${c.udp}/udp`].filter(Boolean).join(' ');
          const unk = c.unknown ? ` ?${c.unknown}` : '';
          return c.via === 'direct' ? `${esc(ports)}${esc(unk)}` : `<span class="via">${esc(ports)}${esc(unk)} <small>via ${esc(c.via)}</small></span>`;
        })
        .join('<br>');
      return `<td class="cell">${text}</td>`;
    });
    return `<tr><th class="row">${esc(f)}</th>${tds.join('')}</tr>`;
  });
  return `<div style="overflow:auto"><table class="matrix" id="matrix-${i}" data-testid="matrix"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function roleOrder(a: string, b: string): number {
  const w = (x: string) => (x === 'internet' ? 0 : x.startsWith('shared-') ? 1 : 2);
  return w(a) - w(b) || a.localeCompare(b);
}

/** VPC box; subnets in rows by tier (public, private, isolated); endpoints stacked in subnets. */
function diagram(t: Topology, i: number): string {
  const extra = new Map<string, string>();
  const BOX_W = 190;
  const EP_H = 26;
  const GAP = 16;
  const pos = new Map<string, { x: number; y: number; w: number; h: number }>();
  const parts: string[] = [];
  let y = 20;
  // the internet, above everything
  const inetW = 140;
  let width = 0;
  const vpcBlocks: string[] = [];
  y = 90;
  for (const v of t.vpcs) {
    const top = y;
    y += 30;
    let maxX = 0;
    for (const tier of ['public', 'private', 'isolated'] as const) {
      const subs = v.subnets.filter((s) => s.tier === tier);
      if (!subs.length) continue;
      let x = 40;
      let rowH = 0;
      const rowTop = y;
      for (const s of subs) {
        const h = 40 + Math.max(1, s.endpoints.length) * (EP_H + 6);
        vpcBlocks.push(
          `<rect x="${x}" y="${rowTop}" width="${BOX_W}" height="${h}" rx="6" fill="${tier === 'public' ? '#ecfdf5' : tier === 'private' ? '#eff6ff' : '#f5f3ff'}" stroke="#9ca3af"/>` +
            `<text x="${x + 8}" y="${rowTop + 16}" font-size="11" fill="#374151">${esc(tier)} ${esc(s.cidr)}</text>` +
            `<text x="${x + 8}" y="${rowTop + 29}" font-size="9" fill="#6b7280">${esc(shorten(s.address, 34))}</text>`,
        );
        s.endpoints.forEach((e, k) => {
          const ex = x + 10;
          const ey = rowTop + 36 + k * (EP_H + 6);
          pos.set(e.key, { x: ex, y: ey, w: BOX_W - 20, h: EP_H });
          const col = envColour(e.env, extra);
          vpcBlocks.push(
            `<g class="endpoint" data-key="${esc(e.key)}"><title>${esc(e.key)}</title><rect x="${ex}" y="${ey}" width="${BOX_W - 20}" height="${EP_H}" rx="4" fill="#fff" stroke="${col}" stroke-width="2"/>` +
              `<text x="${ex + 6}" y="${ey + 17}" font-size="12" fill="#111827">${esc(shorten(e.label, 22))} <tspan fill="#6b7280" font-size="10">${esc(e.kind)}</tspan></text></g>`,
          );
        });
        x += BOX_W + GAP;
        rowH = Math.max(rowH, h);
      }
      maxX = Math.max(maxX, x);
      y += rowH + GAP;
    }
    if (t.unplaced.length) {
      let x = 40;
      for (const e of t.unplaced) {
        pos.set(e.key, { x, y, w: BOX_W - 20, h: EP_H });
        vpcBlocks.push(`<g class="endpoint"><title>${esc(e.key)}</title><rect x="${x}" y="${y}" width="${BOX_W - 20}" height="${EP_H}" rx="4" fill="#fff" stroke="${envColour(e.env, extra)}" stroke-dasharray="4 2" stroke-width="2"/><text x="${x + 6}" y="${y + 17}" font-size="12">${esc(shorten(e.label, 22))}</text></g>`);
        x += BOX_W;
        maxX = Math.max(maxX, x);
      }
      y += EP_H + GAP;
    }
    parts.push(`<rect x="20" y="${top}" width="${Math.max(maxX, 260) - 20 + 4}" height="${y - top}" rx="10" fill="none" stroke="#374151" stroke-width="1.5"/><text x="32" y="${top + 20}" font-size="13" font-weight="600">${esc(v.label)} ${esc(v.cidr)}</text>`);
    width = Math.max(width, maxX + 30);
    y += 20;
  }
  width = Math.max(width, 400);
  const inetX = width / 2 - inetW / 2;
  pos.set('internet', { x: inetX, y: 20, w: inetW, h: 34 });
  parts.unshift(`<g class="endpoint" data-key="internet"><rect x="${inetX}" y="20" width="${inetW}" height="34" rx="17" fill="#ecfdf5" stroke="${ENV_COLOURS.internet}" stroke-width="2"/><text x="${width / 2}" y="42" text-anchor="middle" font-size="13">internet</text></g>`);
  const arrows: string[] = [];
  const used = new Set<string>();
  for (const e of t.edges) {
    if (e.via) continue; // drawn as its two direct legs
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) continue;
    const col = e.from === 'internet' ? ENV_COLOURS.internet : envColour(e.env, extra);
    used.add(col);
    // spread the ends along the box edges so arrows between neighbours do not overlap
    const [x1, y1] = anchor(a, b, spread(e.to));
    const [x2, y2] = anchor(b, a, spread(e.from));
    const mx = (x1 + x2) / 2 + (y2 - y1) * 0.12;
    const my = (y1 + y2) / 2 - (x2 - x1) * 0.12;
    arrows.push(`<path class="flow" d="M${x1.toFixed(1)},${y1.toFixed(1)} Q${mx.toFixed(1)},${my.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}" fill="none" stroke="${col}" stroke-width="1.4" opacity="0.75" marker-end="url(#arrow-${i}-${col.slice(1)})"><title>${esc(`${e.from} → ${e.to}: ${e.ports}`)}</title></path>`);
  }
  const markers = [...used]
    .map((c) => `<marker id="arrow-${i}-${c.slice(1)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`)
    .join('');
  const height = y + 10;
  const legend = Object.entries({ ...ENV_COLOURS, ...Object.fromEntries(extra) })
    .map(([k, c]) => `<span><i style="background:${c}"></i>${esc(k)}</span>`)
    .join('');
  return `<div class="legend">${legend}<span>arrows: allowed flows (hover for ports)</span></div>
<div style="overflow:auto"><svg id="diagram-${i}" data-testid="network-diagram" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="network diagram"><defs>${markers}</defs>${parts.join('')}${vpcBlocks.join('')}${arrows.join('')}</svg></div>`;
}

function anchor(a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }, offset: number): [number, number] {
  const ax = a.x + a.w / 2;
  const ay = a.y + a.h / 2;
  const bx = b.x + b.w / 2;
  const by = b.y + b.h / 2;
  if (Math.abs(by - ay) > Math.abs(bx - ax) * 0.3) return [ax + offset * (a.w / 2 - 8), by > ay ? a.y + a.h : a.y];
  return [bx > ax ? a.x + a.w : a.x, ay + offset * (a.h / 2 - 3)];
}

/** A stable position in [-1, 1] for a peer, from its key. */
function spread(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
  return ((h % 9) - 4) / 4;
}

function shorten(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** The `html` adapter: written to reports/test-plan.html by `stackcheck check`. */
export const htmlAdapter: ReportAdapter = { name: 'html', extension: 'html', render: (report) => renderHtml(report) };
