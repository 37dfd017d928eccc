import { AzureOpenAI } from "openai";

/**
 * A faithful TypeScript port of the spec's Python `AzureOpenAIPool` (spec "Connection Pooling for External
 * Resources", shared/openai_pool.py), the benchmark's first baseline: a queue of SDK clients, `min_connections`
 * created up front, more on demand up to `max_connections`, then callers wait for a released client. Each client
 * has the SDK's own retries (`max_retries`) and `timeout = connection_timeout`. As in the Python, `retry_delay` is
 * never used, and one endpoint (one deployment, named by the request's `model`) is all it knows.
 *
 * One addition for time-compressed runs: `timeScale` (default 1) divides the SDK's own retry backoff (used when an
 * answer carries no retry-after), so that it is as long in model time as in the spec's uncompressed Python.
 */
export interface SpecPoolConfig {
  readonly minConnections: number;
  readonly maxConnections: number;
  /** Seconds. */
  readonly connectionTimeout: number;
  readonly maxRetries: number;
  /** Seconds; unused, as in the spec. */
  readonly retryDelay: number;
}

/** The spec's `PoolConfig` defaults. */
export const SPEC_POOL_DEFAULTS: SpecPoolConfig = { minConnections: 5, maxConnections: 50, connectionTimeout: 30.0, maxRetries: 3, retryDelay: 1.0 };

/** asyncio.Queue's part the spec uses: put, get_nowait, get (waits), qsize. */
class AsyncQueue<T> {
  private readonly items: T[] = [];
  private readonly getters: ((item: T) => void)[] = [];

  put(item: T): void {
    const getter = this.getters.shift();
    if (getter !== undefined) getter(item);
    else this.items.push(item);
  }

  getNowait(): T | undefined {
    return this.items.shift();
  }

  get(): Promise<T> {
    const item = this.items.shift();
    return item !== undefined ? Promise.resolve(item) : new Promise((resolve) => this.getters.push(resolve));
  }

  qsize(): number {
    return this.items.length;
  }
}

/** The spec's AzureOpenAIPool, in TypeScript. */
export class SpecAzureOpenAIPool {
  private readonly pool = new AsyncQueue<AzureOpenAI>();
  private activeConnections = 0;
  private initialized = false;

  constructor(
    readonly endpoint: string,
    readonly apiKey: string,
    readonly config: SpecPoolConfig = SPEC_POOL_DEFAULTS,
    readonly timeScale = 1,
  ) {}

  /** Creates min_connections clients. */
  async initialize(): Promise<void> {
    if (this.initialized) return;
    for (let i = 0; i < this.config.minConnections; i++) {
      this.pool.put(this.createClient());
      this.activeConnections++;
    }
    this.initialized = true;
  }

  /** A client from the queue, a new one while under max_connections, else waits for a released one. */
  async acquire(): Promise<AzureOpenAI> {
    const client = this.pool.getNowait();
    if (client !== undefined) return client;
    if (this.activeConnections < this.config.maxConnections) {
      this.activeConnections++;
      return this.createClient();
    }
    return this.pool.get();
  }

  /** Returns a client to the queue. */
  async release(client: AzureOpenAI): Promise<void> {
    this.pool.put(client);
  }

  /** Drops the idle clients (the JS SDK client has nothing to close). */
  async close(): Promise<void> {
    while (this.pool.getNowait() !== undefined) this.activeConnections--;
    this.initialized = false;
  }

  /** Idle clients. */
  get available(): number {
    return this.pool.qsize();
  }

  /** Clients created. */
  get active(): number {
    return this.activeConnections;
  }

  private createClient(): AzureOpenAI {
    const client = new AzureOpenAI({
      endpoint: this.endpoint,
      apiKey: this.apiKey,
      apiVersion: "2024-02-15-preview",
      timeout: this.config.connectionTimeout * 1000,
      maxRetries: this.config.maxRetries,
    });
    if (this.timeScale !== 1) {
      // openai 6.x computes that backoff in this (TypeScript-private) method of the client.
      const sdk = client as unknown as { calculateDefaultRetryTimeoutMillis(retriesRemaining: number, maxRetries: number): number };
      const original = sdk.calculateDefaultRetryTimeoutMillis.bind(client);
      sdk.calculateDefaultRetryTimeoutMillis = (retriesRemaining, maxRetries) => original(retriesRemaining, maxRetries) / this.timeScale;
    }
    return client;
  }
}

/** The spec's `PooledClient` context manager: `await using` stands in for `async with`. */
export class PooledClient {
  private client: AzureOpenAI | undefined;

  constructor(readonly pool: SpecAzureOpenAIPool) {}

  /** `__aenter__`. */
  async enter(): Promise<AzureOpenAI> {
    this.client = await this.pool.acquire();
    return this.client;
  }

  /** `__aexit__`. */
  async exit(): Promise<void> {
    if (this.client !== undefined) await this.pool.release(this.client);
  }
}
