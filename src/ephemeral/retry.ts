/**
 * Retries with a description, a bound and a delay that stop at once on a fatal error
 * (terratest's `retry.DoWithRetry` shape).
 */
export interface RetryOptions {
  /** What is being tried, for progress lines and the final error ("terraform apply"). */
  description: string;
  attempts: number;
  /** Delay before attempt n+1 (ms); a function for backoff. */
  delayMs: number | ((attempt: number) => number);
  /** Decide from an error whether another attempt may help; return the reason or undefined (fatal). */
  retryable: (err: unknown) => string | undefined;
  onRetry?: (info: { attempt: number; reason: string; delayMs: number }) => void;
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal;
}

export class RetryExhaustedError extends Error {
  constructor(
    readonly description: string,
    readonly attempts: number,
    readonly last: unknown,
  ) {
    super(`${description}: still failing after ${attempts} attempts: ${(last as Error)?.message ?? String(last)}`);
    this.name = 'RetryExhaustedError';
  }
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export async function retry<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions): Promise<T> {
  const wait = o.sleep ?? ((ms: number) => sleep(ms, o.signal));
  let last: unknown;
  for (let attempt = 1; attempt <= o.attempts; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      last = err;
      if (o.signal?.aborted) throw err;
      const reason = o.retryable(err);
      if (reason === undefined) throw err; // fatal: stop at once
      if (attempt === o.attempts) break;
      const delayMs = typeof o.delayMs === 'function' ? o.delayMs(attempt) : o.delayMs;
      o.onRetry?.({ attempt, reason, delayMs });
      await wait(delayMs);
    }
  }
  throw new RetryExhaustedError(o.description, o.attempts, last);
}

/** Exponential backoff with a cap: base·2^(n-1), at most cap. */
export const backoff = (baseMs: number, capMs: number) => (attempt: number) => Math.min(capMs, baseMs * 2 ** (attempt - 1));
