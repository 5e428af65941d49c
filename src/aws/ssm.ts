/**
 * SSM: wait for instances to register, and run a shell script on one through Run Command.
 *
 * Facts this code is built on (Systems Manager documentation):
 * - an instance is usable for Run Command once DescribeInstanceInformation reports PingStatus
 *   `Online` for it;
 * - GetCommandInvocation right after SendCommand may answer InvocationDoesNotExist: the
 *   invocation is not created yet, so that answer is retried, not fatal;
 * - statuses Pending / InProgress / Delayed are in flight; Success, Cancelled, TimedOut, Failed
 *   are final (Cancelling turns into Cancelled);
 * - StandardOutputContent is cut at 24,000 characters (StandardErrorContent at 8,000), and is
 *   empty until the command ends — so probes print one short verdict line.
 */
import {
  DescribeInstanceInformationCommand,
  GetCommandInvocationCommand,
  SendCommandCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { sleep } from '../ephemeral/retry.js';

export const SSM_STDOUT_LIMIT = 24_000;
export const SSM_STDERR_LIMIT = 8_000;

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = { now: () => Date.now(), sleep: (ms) => sleep(ms) };

export interface Progress {
  (line: string): void;
}

/** Wait until every instance reports PingStatus Online; returns the ones that never did. */
export async function waitForSsmOnline(
  ssm: SSMClient,
  instanceIds: string[],
  o: { deadlineMs: number; clock?: Clock; progress?: Progress; pollMs?: number },
): Promise<{ online: string[]; missing: string[] }> {
  const clock = o.clock ?? realClock;
  const start = clock.now();
  const online = new Set<string>();
  let delay = o.pollMs ?? 5_000;
  for (;;) {
    const pending = instanceIds.filter((id) => !online.has(id));
    if (pending.length === 0) break;
    // The InstanceIds filter takes at most 50 values per call.
    for (let i = 0; i < pending.length; i += 50) {
      let token: string | undefined;
      do {
        const page = await ssm.send(
          new DescribeInstanceInformationCommand({
            Filters: [{ Key: 'InstanceIds', Values: pending.slice(i, i + 50) }],
            NextToken: token,
          }),
        );
        for (const info of page.InstanceInformationList ?? []) {
          if (info.InstanceId && info.PingStatus === 'Online') online.add(info.InstanceId);
        }
        token = page.NextToken;
      } while (token);
    }
    const still = instanceIds.filter((id) => !online.has(id));
    if (still.length === 0) break;
    const elapsed = clock.now() - start;
    if (elapsed >= o.deadlineMs) return { online: [...online], missing: still };
    o.progress?.(
      `waiting for SSM registration: ${online.size}/${instanceIds.length} online (${Math.round(elapsed / 1000)} s of ${Math.round(o.deadlineMs / 1000)} s); pending ${still.join(', ')}`,
    );
    await clock.sleep(Math.min(delay, Math.max(0, o.deadlineMs - elapsed)));
    delay = Math.min(delay * 2, 30_000);
  }
  return { online: [...online], missing: [] };
}

export type CommandStatus = 'Success' | 'Failed' | 'TimedOut' | 'Cancelled' | 'DeliveryTimedOut' | 'Undeliverable' | 'Terminated';

export interface CommandResult {
  commandId: string;
  instanceId: string;
  status: CommandStatus | string;
  exitCode: number;
  stdout: string;
  stderr: string;
  /** True when stdout may have been cut at the 24,000-character limit. */
  truncated: boolean;
}

const IN_FLIGHT = new Set(['Pending', 'InProgress', 'Delayed', 'Cancelling']);

/**
 * Run a shell script on one instance (AWS-RunShellScript) and wait for its result.
 * @param timeoutSeconds how long SSM may wait to deliver the command (SendCommand TimeoutSeconds, ≥ 30)
 * @param executionTimeoutSeconds how long the script may run on the host (document parameter)
 */
export async function runShellScript(
  ssm: SSMClient,
  instanceId: string,
  commands: string[],
  o: { timeoutSeconds?: number; executionTimeoutSeconds?: number; comment?: string; clock?: Clock; pollMs?: number; deadlineMs?: number },
): Promise<CommandResult> {
  const clock = o.clock ?? realClock;
  const timeoutSeconds = Math.max(30, o.timeoutSeconds ?? 60);
  const executionTimeout = o.executionTimeoutSeconds ?? 30;
  const sent = await ssm.send(
    new SendCommandCommand({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [instanceId],
      TimeoutSeconds: timeoutSeconds,
      Comment: o.comment?.slice(0, 100),
      Parameters: { commands, executionTimeout: [String(executionTimeout)] },
    }),
  );
  const commandId = sent.Command?.CommandId;
  if (!commandId) throw new Error(`SendCommand to ${instanceId} returned no command id`);
  const deadline = clock.now() + (o.deadlineMs ?? (timeoutSeconds + executionTimeout + 30) * 1000);
  let delay = o.pollMs ?? 1_000;
  for (;;) {
    await clock.sleep(delay);
    delay = Math.min(delay * 2, 10_000);
    try {
      const inv = await ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }));
      const status = inv.Status ?? 'Pending';
      if (!IN_FLIGHT.has(status)) {
        const stdout = inv.StandardOutputContent ?? '';
        return {
          commandId,
          instanceId,
          status,
          exitCode: inv.ResponseCode ?? -1,
          stdout,
          stderr: inv.StandardErrorContent ?? '',
          truncated: stdout.length >= SSM_STDOUT_LIMIT,
        };
      }
    } catch (err) {
      // Right after SendCommand the invocation may not exist yet: try again.
      if ((err as { name?: string }).name !== 'InvocationDoesNotExist') throw err;
    }
    if (clock.now() >= deadline) {
      throw new Error(`command ${commandId} on ${instanceId} did not finish before the deadline`);
    }
  }
}
