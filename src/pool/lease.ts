import type { AzureOpenAI } from "openai";


/**
 * A slot of the pool held by the caller, with the deployment chosen for it and that deployment's SDK client (SDK
 * retries off). Release it with `release()` or let `await using` do it. Calls made with the client are neither
 * retried nor observed by the pool: prefer {@link AzureOpenAIPool.chat}, charge the lease with the call's estimated
 * tokens (`estimateChatTokens`) when you acquire it, and pass {@link PoolLease.signal} to the call so that the pool's
 * `close()` can stop it.
 *
 * ```ts
 * await using lease = await pool.acquire({ tokens: estimateChatTokens(params).total });
 * const completion = await lease.client.chat.completions.create(params, { signal: lease.signal });
 * ```
 */
export class PoolLease implements AsyncDisposable {
  /** Deployment name. */
  readonly deployment: string;
  /** Account endpoint. */
  readonly endpoint: string;
  /**
   * Aborts when the pool's `close()` times out while the lease is still held (reason: a `PoolClosedError`). Nothing
   * else aborts it: the lease has no deadline of its own.
   */
  readonly signal: AbortSignal;
  private onRelease: (() => void) | undefined;

  /**
   * @param target the deployment chosen
   * @param client its SDK client
   * @param onRelease gives the slot back (called once)
   * @param signal aborted by the pool when its close() times out
   */
  constructor(
    target: { readonly deployment: string; readonly endpoint: string },
    readonly client: AzureOpenAI,
    onRelease: () => void,
    signal: AbortSignal,
  ) {
    this.deployment = target.deployment;
    this.endpoint = target.endpoint;
    this.onRelease = onRelease;
    this.signal = signal;
  }

  /** True once released. */
  get released(): boolean {
    return this.onRelease === undefined;
  }

  /** Gives the slot back; later calls do nothing. */
  release(): void {
    const onRelease = this.onRelease;
    this.onRelease = undefined;
    onRelease?.();
  }

  /** Releases the lease at the end of an `await using` block. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.release();
  }
}
