import { relative } from 'node:path';
import { loadStack } from '../load/index.js';
import { redactModel } from '../model/secrets.js';
import { mostSpecific } from '../load/plan-json.js';
import type { Resource, StackModel } from '../model/resource.js';
import { isObjectValue, isUnknown, type Value } from '../model/value.js';
import { parseLoadArgs } from './load-args.js';
import { EXIT, type Command } from './types.js';

export const modelCommand: Command = {
  name: 'model',
  summary: 'print the stack model (from the HCL, or from a terraform show -json plan)',
  usage: `usage: stackcheck model <dir> [--var-file F]... [--var k=v]... [--account-id N] [--data-file F]... [--shape] [--json]
       stackcheck model --plan-json <plan.json> [--json]

Prints the resources the stack will have, by module, with their key values and what is known only
after apply. --json prints the whole model (an unknown value as {"unknown":true,"reason":...}).
--shape fills in every attribute of the provider schema as a plan would (null / unknown).
Exit 0: loaded; 2: bad arguments or input.`,
  async run(args, io) {
    const { load, label, flags } = parseLoadArgs(args, io.cwd, this.usage, { flags: ['json'] });
    const model = redactModel(await loadStack(load));
    io.stdout(flags.json ? `${JSON.stringify(model, null, 2)}\n` : summarise(model, label, io.cwd));
    return EXIT.ok;
  },
};

/** The readable summary: resources by module, scalar values, unknowns with where they come from. */
export function summarise(model: StackModel, label: string, cwd = process.cwd()): string {
  const here = (file: string) => (file.startsWith('/') ? relative(cwd, file) || file : file);
  const lines: string[] = [];
  const managed = model.resources.filter((r) => r.mode === 'managed').length;
  const source = model.origin === 'plan' ? `terraform plan${model.plan?.terraformVersion ? ` (terraform ${model.plan.terraformVersion})` : ''}` : 'static evaluation';
  lines.push(`${label}: ${source}, ${managed} resources, ${model.resources.length - managed} data sources`);
  for (const d of model.diagnostics) {
    const where = d.location ? `${here(d.location.file)}:${d.location.line}: ` : d.address ? `${d.address}: ` : '';
    lines.push(`  ${d.severity}: ${where}${d.message}`);
  }
  for (const m of model.unevaluatedModules) lines.push(`  not evaluated: ${m.address} (${m.source}): ${m.reason}`);
  const byModule = new Map<string, Resource[]>();
  for (const r of model.resources) {
    const list = byModule.get(r.module);
    if (list) list.push(r);
    else byModule.set(r.module, [r]);
  }
  for (const [module, resources] of [...byModule].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    lines.push('', module || 'root module');
    for (const r of resources) lines.push(...resourceLines(r, here));
  }
  if (model.removed?.length) {
    lines.push('', 'removed by the plan (not part of the stack)');
    for (const r of model.removed) lines.push(`  ${r.address}  [${(r.actions ?? []).join(', ')}]`);
  }
  const outputs = Object.entries(model.outputs);
  if (outputs.length) {
    lines.push('', 'outputs');
    for (const [name, o] of outputs) lines.push(`  ${name} = ${o.sensitive ? '(sensitive)' : show(o.value)}`);
  }
  return `${lines.join('\n')}\n`;
}

function resourceLines(r: Resource, here: (file: string) => string): string[] {
  const where = r.source ? `  ${here(r.source.block.file)}:${r.source.block.line}` : '';
  const actions = r.actions ? `  [${r.actions.join(', ')}]` : '';
  const out = [`  ${r.address}${actions}${where}`];
  const unknowns: string[] = [];
  for (const [k, v] of Object.entries(r.values)) {
    if (v === null || k === 'tags_all') continue;
    if (isUnknown(v)) {
      unknowns.push(k);
      continue;
    }
    if (r.sensitive.includes(k)) {
      out.push(`      ${k} = (sensitive)`);
      continue;
    }
    const text = show(v);
    if (text) out.push(`      ${k} = ${text}`);
  }
  if (unknowns.length) out.push(`      known after apply: ${unknowns.join(', ')}`);
  const byAttribute = new Map<string, string[]>();
  for (const x of r.references) {
    const targets = byAttribute.get(x.attribute);
    if (targets) targets.push(x.target);
    else byAttribute.set(x.attribute, [x.target]);
  }
  const refs = [...byAttribute].flatMap(([attribute, targets]) => mostSpecific(targets).map((t) => `${attribute} → ${t}`));
  if (refs.length) out.push(`      references: ${refs.join('; ')}`);
  return out;
}

function show(v: Value): string {
  if (isUnknown(v)) return `(${v.reason})`;
  if (Array.isArray(v)) {
    if (v.length === 0) return '';
    if (v.every((x) => x === null || typeof x !== 'object' || isUnknown(x))) return clip(`[${v.map(show).join(', ')}]`);
    return `[${v.length} ${v.length === 1 ? 'item' : 'items'}]`;
  }
  if (isObjectValue(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) return '';
    if (keys.every((k) => v[k] === null || typeof v[k] !== 'object')) return clip(JSON.stringify(v));
    return `{${keys.length} keys}`;
  }
  return clip(JSON.stringify(v));
}

function clip(text: string): string {
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}
