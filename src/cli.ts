/**
 * `stackcheck` — argument dispatch, exit codes and I/O only; the work lives in the library.
 */
import { commands } from './commands/index.js';
import { EXIT, type CommandIO } from './commands/types.js';
import { UserError } from './errors.js';

export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    io.stdout(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`stackcheck: unknown command '${name}'\n\n${usage()}`);
    return EXIT.usage;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    io.stdout(`${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UserError) {
      io.stderr(`stackcheck ${name}: ${err.format()}\n`);
      return EXIT.usage;
    }
    const e = err as Error;
    io.stderr(
      `stackcheck ${name}: internal error: ${e?.message ?? String(err)}\n` +
        `This is a bug in stackcheck, not in your input; set STACKCHECK_DEBUG=1 for the stack trace.\n`,
    );
    if (io.env.STACKCHECK_DEBUG) io.stderr(`${e?.stack ?? ''}\n`);
    return EXIT.internal;
  }
}

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `usage: stackcheck <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'stackcheck <command> --help' for a command's options.\n`;
}

const invokedDirectly = process.argv[1] && /(?:cli\.ts|stackcheck(?:\.js)?)$/.test(process.argv[1]);
if (invokedDirectly) {
  // A reader that stops early (`stackcheck model … | head`) closes the pipe: stop writing, quietly,
  // and let the command finish so that its exit status (the verdict) still stands.
  let stdoutClosed = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    stdoutClosed = true;
  });
  const io: CommandIO = {
    stdout: (t) => {
      if (!stdoutClosed) process.stdout.write(t);
    },
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
  };
  main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
