/**
 * `stackcheck` — argument dispatch, exit codes and I/O only; the work lives in the library.
 */
import { commands } from './commands/index.js';
import { EXIT, type CommandIO } from './commands/types.js';
import { completedWrites, removePendingTemporaries } from './atomic-write.js';
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
    io.stderr(failureMessage(name, err, io.env));
    return err instanceof UserError ? EXIT.usage : EXIT.internal;
  }
}

/** A UserError as `file:line: message`; anything else as an internal error (its stack only on request). */
function failureMessage(command: string, err: unknown, env: NodeJS.ProcessEnv): string {
  if (err instanceof UserError) return `stackcheck ${command}: ${err.format()}\n`;
  const e = err as Error | undefined;
  return (
    `stackcheck ${command}: internal error: ${e?.message ?? String(err)}\n` +
    `This is a bug in stackcheck, not in your input; set STACKCHECK_DEBUG=1 for the stack trace.\n` +
    (env.STACKCHECK_DEBUG ? `${e?.stack ?? ''}\n` : '')
  );
}

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `usage: stackcheck <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'stackcheck <command> --help' for a command's options.\n`;
}

/**
 * The end of a run: once the command has returned its code and stdout/stderr are flushed, the
 * process exits. It does not wait for the event loop to drain: the Go WebAssembly runtimes of
 * HashiCorp's parser and formatter (@cdktf/hcl2json, @cdktf/hcl-tools) keep re-arming timers for
 * their own background work after the last call (seen: 20 s and more after a syntax error was
 * printed), and a command that has given its verdict must not linger on them.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

/**
 * SIGINT/SIGTERM: remove the temporaries of writes in flight, say which files (if any) were
 * already replaced (each one complete: src/atomic-write.ts), exit 128 + the signal number. A
 * command that handles the signal itself (`ephemeral` destroys what it applied) keeps it.
 */
function onSignal(name: 'SIGINT' | 'SIGTERM', command: string): void {
  if (process.listenerCount(name) > 1) return;
  removePendingTemporaries();
  const done = completedWrites.length
    ? `written before it (each complete): ${completedWrites.join(', ')}; every other output file is as it was`
    : 'no file written; every report and output file is as it was (previous run or none)';
  process.stderr.write(`stackcheck ${command}: interrupted by ${name}: ${done}\n`);
  process.exit(name === 'SIGINT' ? 130 : 143);
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
  const command = process.argv[2] ?? '';
  process.on('SIGINT', () => onSignal('SIGINT', command));
  process.on('SIGTERM', () => onSignal('SIGTERM', command));
  // A failure outside the command's own promise chain is still one message, never a stack trace.
  const escaped = (err: unknown) => {
    process.stderr.write(failureMessage(command, err, process.env));
    exitWhenFlushed(err instanceof UserError ? EXIT.usage : EXIT.internal);
  };
  process.on('uncaughtException', escaped);
  process.on('unhandledRejection', escaped);
  const io: CommandIO = {
    stdout: (t) => {
      if (!stdoutClosed) process.stdout.write(t);
    },
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
  };
  main(process.argv.slice(2), io).then(exitWhenFlushed);
}
