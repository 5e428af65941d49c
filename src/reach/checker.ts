/**
 * The reachability intents as a checker of `stackcheck check`: one check per expanded intent, and
 * the matrix + topology as the report's `reachability` section.
 */
import { join } from 'node:path';
import type { Checker, CheckContext } from '../check/checker.js';
import type { CheckResult } from '../check/types.js';
import type { ModelIndex } from '../model/query.js';
import { checkIntent, expandIntents, loadIntents, modelEnvironments, type IntentsFile } from './intents.js';
import { computeMatrix, type Matrix } from './matrix.js';
import { buildNetwork, type Network } from './network.js';
import { topologyOf, type ReachabilitySection } from './section.js';

/** The intents of this repository's stack. */
export const DEFAULT_INTENTS = join('tests', 'intents', 'stack.yaml');

export interface ReachRun {
  net: Network;
  matrix: Matrix;
  results: CheckResult[];
  section: ReachabilitySection;
}

/** Build the network, check every intent, compute the matrix. Pure apart from reading nothing. */
export function runReach(index: ModelIndex, intents: IntentsFile | undefined): ReachRun {
  const t0 = performance.now();
  const net = buildNetwork(index);
  const matrix = computeMatrix(net);
  const envs = intents?.environments ?? modelEnvironments(net);
  const results = intents ? expandIntents(intents, envs).map((it) => checkIntent(net, it)) : [];
  const millis = Math.round(performance.now() - t0);
  const section: ReachabilitySection = {
    roles: matrix.roles,
    cells: matrix.cells,
    topology: topologyOf(net, matrix),
    notes: net.notes,
    stats: { endpoints: net.endpoints.length, securityGroups: net.sgs.size, flows: matrix.entries.length, evaluated: matrix.evaluated, millis },
  };
  return { net, matrix, results, section };
}

export function intentsChecker(file?: string): Checker {
  return {
    name: 'reachability',
    async run(_model, index, ctx: CheckContext) {
      const intents = await loadIntents(file ?? join(ctx.rootDir, DEFAULT_INTENTS));
      const r = runReach(index, intents);
      return { results: r.results, sections: { reachability: r.section } };
    },
  };
}
