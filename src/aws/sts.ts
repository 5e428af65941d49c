import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';

export class WrongAccountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WrongAccountError';
  }
}

/**
 * Refuse to touch any account but the configured sandbox: asked before anything is created.
 * No configured sandbox is a refusal too (a nightly must not guess).
 */
export async function guardSandboxAccount(sts: STSClient, expected: string | undefined): Promise<string> {
  if (!expected || !/^\d{12}$/.test(expected)) {
    throw new WrongAccountError(
      'STACKCHECK_SANDBOX_ACCOUNT_ID is not set to a 12-digit account id; refusing to act on any account. ' +
        'Set it to the sandbox account the ephemeral stacks may live in.',
    );
  }
  const who = await sts.send(new GetCallerIdentityCommand({}));
  if (who.Account !== expected) {
    throw new WrongAccountError(
      `the credentials belong to account ${who.Account ?? '(none)'} (${who.Arn ?? 'unknown principal'}), ` +
        `not the sandbox account ${expected}; refusing to act on it`,
    );
  }
  return who.Account;
}

/**
 * Why a command cannot act here, when that is the error: another (or no) sandbox account, or no
 * credentials at all. Undefined for any other error (which is not the person's input).
 */
export function refusal(err: unknown): string | undefined {
  if (err instanceof WrongAccountError) return err.message;
  if ((err as Error)?.name === 'CredentialsProviderError') return `no AWS credentials (${(err as Error).message})`;
  return undefined;
}
