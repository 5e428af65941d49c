/** The I/O a command may use; the CLI passes the real process streams, tests pass buffers. */
export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  isTTY: boolean;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Returns the exit code: 0 ok, 1 checks failed, 2 bad input or usage, 3 internal/engine error. */
  run(args: string[], io: CommandIO): Promise<number>;
}

export const EXIT = { ok: 0, failed: 1, usage: 2, internal: 3 } as const;
