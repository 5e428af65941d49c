import { loadStack } from '../load/index.js';
import { redactModel } from '../model/secrets.js';
import { toPlanDocument } from '../load/plan-writer.js';
import { parseLoadArgs } from './load-args.js';
import { EXIT, type Command } from './types.js';

export const planJsonCommand: Command = {
  name: 'plan-json',
  summary: 'print a terraform show -json style plan (format 1.2) of the HCL, synthesised without terraform',
  usage: `usage: stackcheck plan-json <dir> [--var-file F]... [--var k=v]... [--account-id N] [--data-file F]... [--shape]

Evaluates the root module <dir> statically and prints a document in the shape of
'terraform show -json <planfile>' (format_version 1.2): planned_values, resource_changes
(actions ["create"]), after_unknown, after_sensitive, variables, outputs and configuration
references, for tools that read real plans. --shape fills in every attribute of the provider
schema (null / unknown), as a real plan has them.
Exit 0: written; 2: bad arguments or input.`,
  async run(args, io) {
    const { load } = parseLoadArgs(args, io.cwd, this.usage, { allowPlanJson: false });
    const model = redactModel(await loadStack(load));
    io.stdout(`${JSON.stringify(toPlanDocument(model), null, 2)}\n`);
    for (const d of model.diagnostics) {
      const where = d.location ? `${d.location.file}:${d.location.line}: ` : d.address ? `${d.address}: ` : '';
      io.stderr(`stackcheck plan-json: ${d.severity}: ${where}${d.message}\n`);
    }
    return EXIT.ok;
  },
};
