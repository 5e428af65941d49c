import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { EXIT, type Command } from './types.js';

export const fmtCommand: Command = {
  name: 'fmt',
  summary: 'format .tf/.tfvars exactly as terraform fmt does and regenerate module README tables',
  usage: `usage: stackcheck fmt [--check] <dir>

Formats every .tf and .tfvars file under <dir> (recursive, .terraform skipped) with HashiCorp's
hclwrite formatter, as terraform fmt would, and regenerates the inputs/outputs tables between
<!-- BEGIN_TF_DOCS --> and <!-- END_TF_DOCS --> in <dir>/modules/*/README.md (and <dir>/README.md
when it has the markers).
  --check   change nothing; list the files that would change and exit 1 if there are any.
Exit 0: nothing to change (or changes written); 1: --check found changes; 2: bad arguments or a
file that does not parse (printed as file:line: message).`,
  async run(args, io) {
    const check = args.includes('--check');
    const unknown = args.filter((a) => a.startsWith('-') && a !== '--check');
    const dirs = args.filter((a) => !a.startsWith('-'));
    if (unknown.length > 0 || dirs.length !== 1) {
      throw new UserError(`expected one directory and optionally --check\n${this.usage}`);
    }
    const dir = resolve(io.cwd, dirs[0]);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`${dirs[0]}: not a directory`);
    const display = (path: string) => relative(io.cwd, path) || '.';
    // HashiCorp's formatter and parser are WebAssembly: loaded by the command that needs them.
    const [{ listHclFiles }, { formatFile }, { moduleDirs, updateModuleReadme }] = await Promise.all([
      import('../fmt/files.js'),
      import('../fmt/format.js'),
      import('../fmt/module-docs.js'),
    ]);

    const started = performance.now();
    const changed: string[] = [];
    const files = await listHclFiles(dir);
    for (const file of files) {
      const result = await formatFile(file, !check, display(file));
      if (result.changed) changed.push(display(file));
    }
    const modules = await moduleDirs(dir);
    for (const moduleDir of modules) {
      const result = await updateModuleReadme(moduleDir, !check, display(moduleDir));
      if (result.changed) changed.push(display(result.readme));
    }
    const ms = Math.round(performance.now() - started);

    for (const file of changed) io.stdout(`${file}\n`);
    const what = `${files.length} HCL file${files.length === 1 ? '' : 's'}, ${modules.length} module README${modules.length === 1 ? '' : 's'}`;
    if (check) {
      io.stderr(
        changed.length === 0
          ? `fmt --check: ${what} formatted and up to date (${ms} ms)\n`
          : `fmt --check: ${changed.length} file${changed.length === 1 ? '' : 's'} not formatted or stale (listed above); run 'make fmt'\n`,
      );
      return changed.length === 0 ? EXIT.ok : EXIT.failed;
    }
    io.stderr(`fmt: ${what}; ${changed.length} rewritten (${ms} ms)\n`);
    return EXIT.ok;
  },
};
