import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverDeployments, loadStack } from '../../../src/load/index.js';
import { fromPlanDocument } from '../../../src/load/plan-json.js';
import { toPlanDocument } from '../../../src/load/plan-writer.js';
import { Unknown } from '../../../src/model/index.js';
import { repoRoot } from '../../helpers/paths.js';

/**
 * `stackcheck plan-json` on our own stack: every deployment (envs/*.tfvars) writes a plan document
 * that reads back to the same resources, values (unknown where unknown), sensitive paths, outputs
 * and variables.
 */
const terraformDir = join(repoRoot, 'terraform');
const deployments = existsSync(join(terraformDir, 'envs')) ? await discoverDeployments(terraformDir) : [];

const shape = (v: unknown): unknown => {
  if (v instanceof Unknown) return { unknown: true };
  if (Array.isArray(v)) return v.map(shape);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  return v;
};

describe('plan documents of our stack', () => {
  it('has the two deployments of the design (live, ephemeral)', () => {
    expect(deployments.map((d) => d.name)).toEqual(['ephemeral', 'live']);
  });

  it.each(deployments.map((d) => [d.name, d] as const))('%s: written and read back unchanged', async (_name, d) => {
    const model = await loadStack({ dir: terraformDir, varFiles: d.varFiles });
    const doc = JSON.parse(JSON.stringify(toPlanDocument(model)));
    expect(doc.errored).toBe(false);
    const managed = model.resources.filter((r) => r.mode === 'managed');
    expect(doc.resource_changes.filter((c: { mode: string }) => c.mode === 'managed')).toHaveLength(managed.length);
    expect(doc.resource_changes.every((c: { mode: string; change: { actions: string[] } }) => c.change.actions[0] === (c.mode === 'managed' ? 'create' : 'read'))).toBe(true);

    const back = fromPlanDocument(doc, `${d.name}.json`);
    const byAddress = new Map(back.resources.map((r) => [r.address, r]));
    expect([...byAddress.keys()].sort()).toEqual(model.resources.map((r) => r.address).sort());
    for (const r of model.resources) {
      const b = byAddress.get(r.address)!;
      expect(shape(b.values), r.address).toEqual(shape(r.values));
      expect([...b.sensitive].sort(), r.address).toEqual([...r.sensitive].sort());
      expect([b.module, b.mode, b.type, b.name, b.index, b.provider]).toEqual([r.module, r.mode, r.type, r.name, r.index, r.provider]);
    }
    expect(shape(back.outputs)).toEqual(shape(model.outputs));
    expect(shape(back.variables)).toEqual(shape(model.variables));
  });
});
