import {
  DescribeInstanceInformationCommand,
  GetCommandInvocationCommand,
  InvocationDoesNotExist,
  SendCommandCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { runShellScript, waitForSsmOnline, type Clock } from '../../src/aws/ssm.js';

const ssmMock = mockClient(SSMClient);
const ssm = new SSMClient({ region: 'ap-northeast-2' });

/** A clock that advances only when slept on: tests run instantly and deterministically. */
function fakeClock(): Clock & { slept: number[] } {
  let t = 0;
  const slept: number[] = [];
  return { slept, now: () => t, sleep: async (ms) => void (slept.push(ms), (t += ms)) };
}

beforeEach(() => ssmMock.reset());

describe('waitForSsmOnline', () => {
  it('polls with backoff until every instance is Online', async () => {
    ssmMock
      .on(DescribeInstanceInformationCommand)
      .resolvesOnce({ InstanceInformationList: [] })
      .resolvesOnce({ InstanceInformationList: [{ InstanceId: 'i-1', PingStatus: 'Online' }, { InstanceId: 'i-2', PingStatus: 'ConnectionLost' }] })
      .resolves({ InstanceInformationList: [{ InstanceId: 'i-2', PingStatus: 'Online' }] });
    const clock = fakeClock();
    const progress: string[] = [];
    const res = await waitForSsmOnline(ssm, ['i-1', 'i-2'], { deadlineMs: 600_000, clock, progress: (l) => progress.push(l) });
    expect(res).toEqual({ online: ['i-1', 'i-2'], missing: [] });
    expect(clock.slept).toEqual([5_000, 10_000]);
    expect(progress[1]).toMatch(/1\/2 online \(5 s of 600 s\); pending i-2/);
    // only the pending instance is asked about once the first is online
    expect(ssmMock.commandCalls(DescribeInstanceInformationCommand)[2].args[0].input.Filters).toEqual([{ Key: 'InstanceIds', Values: ['i-2'] }]);
  });

  it('reports the instances that never came online by the deadline', async () => {
    ssmMock.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [{ InstanceId: 'i-1', PingStatus: 'Inactive' }] });
    const res = await waitForSsmOnline(ssm, ['i-1'], { deadlineMs: 60_000, clock: fakeClock() });
    expect(res).toEqual({ online: [], missing: ['i-1'] });
  });

  it('asks about at most 50 instance ids per call', async () => {
    ssmMock.on(DescribeInstanceInformationCommand).callsFake((input) => ({
      InstanceInformationList: input.Filters[0].Values.map((id: string) => ({ InstanceId: id, PingStatus: 'Online' })),
    }));
    const ids = Array.from({ length: 120 }, (_, i) => `i-${i}`);
    const res = await waitForSsmOnline(ssm, ids, { deadlineMs: 1, clock: fakeClock() });
    expect(res.online).toHaveLength(120);
    expect(ssmMock.commandCalls(DescribeInstanceInformationCommand).map((c) => c.args[0].input.Filters![0].Values!.length)).toEqual([50, 50, 20]);
  });
});

describe('runShellScript', () => {
  const send = () => ssmMock.on(SendCommandCommand).resolves({ Command: { CommandId: 'cmd-1' } });

  it('sends AWS-RunShellScript with explicit timeouts and survives InvocationDoesNotExist right after', async () => {
    send();
    ssmMock
      .on(GetCommandInvocationCommand)
      .rejectsOnce(new InvocationDoesNotExist({ message: 'not yet', $metadata: {} }))
      .resolvesOnce({ Status: 'Pending' })
      .resolvesOnce({ Status: 'InProgress' })
      .resolves({ Status: 'Success', ResponseCode: 0, StandardOutputContent: 'CONNECTED 10.0.1.5:8000\n' });
    const res = await runShellScript(ssm, 'i-1', ['echo hi'], { timeoutSeconds: 45, executionTimeoutSeconds: 20, clock: fakeClock() });
    expect(res).toMatchObject({ status: 'Success', exitCode: 0, stdout: 'CONNECTED 10.0.1.5:8000\n', truncated: false });
    const input = ssmMock.commandCalls(SendCommandCommand)[0].args[0].input;
    expect(input).toMatchObject({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: ['i-1'],
      TimeoutSeconds: 45,
      Parameters: { commands: ['echo hi'], executionTimeout: ['20'] },
    });
    expect(ssmMock.commandCalls(GetCommandInvocationCommand)).toHaveLength(4);
  });

  it.each(['Failed', 'TimedOut', 'Cancelled'])('returns the final status %s with its exit code', async (status) => {
    send();
    ssmMock.on(GetCommandInvocationCommand).resolves({ Status: status as never, ResponseCode: status === 'Failed' ? 1 : -1, StandardErrorContent: 'boom' });
    const res = await runShellScript(ssm, 'i-1', ['false'], { clock: fakeClock() });
    expect(res.status).toBe(status);
    expect(res.stderr).toBe('boom');
  });

  it('treats Delayed and Cancelling as still in flight', async () => {
    send();
    ssmMock.on(GetCommandInvocationCommand).resolvesOnce({ Status: 'Delayed' }).resolvesOnce({ Status: 'Cancelling' }).resolves({ Status: 'Cancelled' });
    expect((await runShellScript(ssm, 'i-1', ['x'], { clock: fakeClock() })).status).toBe('Cancelled');
  });

  it('flags output that reached the 24,000-character cut', async () => {
    send();
    ssmMock.on(GetCommandInvocationCommand).resolves({ Status: 'Success', ResponseCode: 0, StandardOutputContent: 'x'.repeat(24_000) });
    expect((await runShellScript(ssm, 'i-1', ['x'], { clock: fakeClock() })).truncated).toBe(true);
  });

  it('gives up at the deadline, and rethrows errors other than InvocationDoesNotExist', async () => {
    send();
    ssmMock.on(GetCommandInvocationCommand).resolves({ Status: 'InProgress' });
    await expect(runShellScript(ssm, 'i-1', ['x'], { clock: fakeClock(), deadlineMs: 30_000 })).rejects.toThrow(/did not finish before the deadline/);
    ssmMock.reset();
    send();
    ssmMock.on(GetCommandInvocationCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(runShellScript(ssm, 'i-1', ['x'], { clock: fakeClock() })).rejects.toThrow('denied');
  });
});
