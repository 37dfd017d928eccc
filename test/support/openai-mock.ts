import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { mulberry32 } from "../../src/core/random";

/** Latency of the mock's successful calls: log-normal. */
export interface MockLatency {
  /** Median latency of a successful call, in uncompressed ms. */
  readonly medianMs: number;
  /** Standard deviation of the latency's logarithm (0: constant). */
  readonly sigma: number;
}

/** One mocked deployment. */
export interface MockDeploymentOptions {
  /** Tokens per minute. */
  readonly tokensPerMinute: number;
  /** Requests per minute. @default 6 per 1,000 TPM */
  readonly requestsPerMinute?: number;
  /** Latency of successful calls. @default the mock's latency */
  readonly latency?: MockLatency;
  /**
   * Makes the deployment a reasoning model: each reply spends this many hidden reasoning tokens, reported in
   * `usage.completion_tokens_details.reasoning_tokens` and included in `usage.completion_tokens`, within the
   * request's `max_completion_tokens` / `max_tokens` when it sets one (unbounded otherwise, as a reasoning model
   * without a maximum). @default none: no `completion_tokens_details`, as before
   */
  readonly reasoningTokens?: number;
  /**
   * Random faults: each request (once it has passed the route, credential and body checks, and met no injected
   * fault) draws, from a generator seeded with the mock's `seed`, whether it fails. A share `statusRate` is answered
   * `status` at once; a share `hangRate` never gets an answer (until {@link OpenAIMock.close}). Faulted requests count
   * in `stats.faulted` and not against the quota. @default none: no random faults
   */
  readonly faults?: MockRandomFaults;
}

/** Random faults of a mocked deployment: shares of its requests (0..1, summing to at most 1). */
export interface MockRandomFaults {
  /** Share of requests answered `status` at once. @default 0 */
  readonly statusRate?: number;
  /** Status of those answers. @default 503 */
  readonly status?: number;
  /** Share of requests that hang (never answered until the mock closes). @default 0 */
  readonly hangRate?: number;
}

/** Options of {@link startOpenAIMock}. */
export interface OpenAIMockOptions {
  /** Deployments by name. */
  readonly deployments: Readonly<Record<string, MockDeploymentOptions>>;
  /** Time compression factor: windows and latencies last 1/timeScale as long. @default 1 */
  readonly timeScale?: number;
  /** Latency of successful calls where a deployment sets none. @default median 600 ms, sigma 0.5 */
  readonly latency?: MockLatency;
  /** Seed of the latency draws, for reproducible runs. @default 1 */
  readonly seed?: number;
}

/** A fault to inject. */
export type MockFault =
  | { readonly kind: "status"; readonly status: number }
  | { readonly kind: "hang" }
  | { readonly kind: "reset" }
  | { readonly kind: "daily-quota" };

/** Counters of one mocked deployment. */
export interface MockDeploymentStats {
  /** Requests received. */
  requests: number;
  /** Requests answered 200. */
  succeeded: number;
  /** Requests answered 429 for a rate limit. */
  throttled: number;
  /** Requests that met an injected fault. */
  faulted: number;
  /** Tokens counted against the quota by accepted requests. */
  tokens: number;
  /** The last request's credential: `api-key <key>` or `Bearer <token>`. */
  lastCredential?: string;
}

/** A running mock. */
export interface OpenAIMock {
  /** `http://127.0.0.1:<port>`, to use as the Azure OpenAI endpoint. */
  readonly endpoint: string;
  /** Length of the mock's quota minute in real ms (60,000 / timeScale). */
  readonly minuteMs: number;
  /** Makes the next `times` requests to `deployment` meet `fault` (faults queue up in order). */
  inject(deployment: string, fault: MockFault, times?: number): void;
  /** Removes the faults still queued for a deployment. */
  clearFaults(deployment: string): void;
  /** Counts `tokens` used by someone else in the deployment's current minute (other clients of the same quota). */
  consume(deployment: string, tokens: number): void;
  /** The counters of a deployment. */
  stats(deployment: string): Readonly<MockDeploymentStats>;
  /** Stops the server, dropping hung requests and open connections. */
  close(): Promise<void>;
}

/** Requests-per-minute per 1,000 TPM, Azure OpenAI's ratio for chat models. */
const RPM_PER_1000_TPM = 6;
/** Completion tokens counted when a request sets no max_tokens. */
const DEFAULT_MAX_TOKENS = 4096;
const DAY_SECONDS = 86_400;

interface FixedWindow {
  index: number;
  used: number;
}

interface DeploymentState {
  readonly tpm: number;
  readonly reasoningTokens: number | undefined;
  readonly limit1s: number;
  readonly limit10s: number;
  readonly latency: MockLatency;
  readonly tokens: FixedWindow;
  readonly requests1s: FixedWindow;
  readonly requests10s: FixedWindow;
  readonly faults: { fault: MockFault; times: number }[];
  readonly randomFaults: MockRandomFaults | undefined;
  readonly stats: MockDeploymentStats;
}

interface ChatBody {
  messages?: { content?: unknown; name?: unknown }[];
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  n?: number | null;
}

/**
 * A loopback-only (127.0.0.1, port 0) mock of the Azure OpenAI chat-completions endpoint, rate-limited as the
 * service is, for the pool's tests and benchmark. Not a model of the model: replies are canned.
 *
 * - Route: `POST /openai/deployments/{deployment}/chat/completions?api-version=...`, with an `api-key` or a
 *   `Authorization: Bearer` header.
 * - Tokens: each request counts its prompt tokens plus `max_completion_tokens`/`max_tokens` (4096 when absent) times
 *   `n` against the deployment's TPM, in fixed one-minute windows (the counter resets each minute, as Microsoft
 *   documents it). The prompt count is the mock's own tokenizer stand-in: 1.3 tokens per word or punctuation mark,
 *   plus 3 per message and 3 for the reply; it is what `usage.prompt_tokens` reports too (the pool's estimator is
 *   different on purpose: characters / 4). The reply is 16 completion tokens (fewer if the maximum is lower), plus
 *   the deployment's `reasoningTokens` when it is a reasoning model (then also in `completion_tokens_details`).
 * - Requests: fixed 1 s and 10 s windows allowing RPM/60 and RPM/6 requests (at least 1); RPM defaults to 6 per
 *   1,000 TPM. Only accepted requests count.
 * - Over a limit: 429 at once with `retry-after-ms` (until the window that refused ends), `retry-after` (the same in
 *   whole seconds, rounded up) and an Azure-style error body. On success: `x-ratelimit-remaining-tokens` (left in
 *   this minute) and `x-ratelimit-remaining-requests` (left in this 10 s window), after a latency drawn from a
 *   log-normal distribution.
 * - Faults, injected per deployment for the next N requests: any status, a hang (never answers), a reset (the
 *   socket is destroyed), a spent daily quota (429 asking for a day). Or random, per deployment
 *   ({@link MockDeploymentOptions.faults}): a seeded share of requests answered a status (503 by default) at once,
 *   and a share that hang; they count in `stats.faulted`, not against the quota.
 * - Time compression: with `timeScale` k, every window and latency lasts 1/k as long (k = 10: a "minute" is 6 s),
 *   so that a benchmark covers several quota minutes quickly; retry-after values are real (compressed) times.
 *
 * Starts it on 127.0.0.1 at a free port.
 */
export async function startOpenAIMock(options: OpenAIMockOptions): Promise<OpenAIMock> {
  const scale = options.timeScale ?? 1;
  const minuteMs = 60_000 / scale;
  const start = performance.now();
  const random = mulberry32(options.seed ?? 1);
  // A stream of its own, so that random faults leave the latency draws as they were.
  const faultRandom = mulberry32((options.seed ?? 1) ^ 0x5f3759df);
  const deployments = new Map<string, DeploymentState>();
  for (const [name, d] of Object.entries(options.deployments)) {
    const rpm = d.requestsPerMinute ?? (d.tokensPerMinute / 1000) * RPM_PER_1000_TPM;
    deployments.set(name, {
      tpm: d.tokensPerMinute,
      reasoningTokens: d.reasoningTokens,
      limit1s: Math.max(1, rpm / 60),
      limit10s: Math.max(1, rpm / 6),
      latency: d.latency ?? options.latency ?? { medianMs: 600, sigma: 0.5 },
      tokens: { index: 0, used: 0 },
      requests1s: { index: 0, used: 0 },
      requests10s: { index: 0, used: 0 },
      faults: [],
      randomFaults: d.faults,
      stats: { requests: 0, succeeded: 0, throttled: 0, faulted: 0, tokens: 0 },
    });
  }
  const timers = new Set<NodeJS.Timeout>();
  let nextId = 1;

  /** Brings a fixed window of `lengthMs` to the current time; returns ms until it ends. */
  const roll = (window: FixedWindow, lengthMs: number, now: number): number => {
    const index = Math.floor((now - start) / lengthMs);
    if (index !== window.index) {
      window.index = index;
      window.used = 0;
    }
    return start + (index + 1) * lengthMs - now;
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const match = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(url.pathname);
    const d = match === null ? undefined : deployments.get(decodeURIComponent(match[1] as string));
    if (req.method !== "POST" || d === undefined) {
      return send(res, 404, { error: { code: "DeploymentNotFound", message: "The API deployment for this resource does not exist." } });
    }
    const credential = typeof req.headers["api-key"] === "string" ? `api-key ${req.headers["api-key"]}` : req.headers.authorization;
    d.stats.requests++;
    if (credential !== undefined) d.stats.lastCredential = credential;
    if (credential === undefined) return send(res, 401, { error: { code: "401", message: "Access denied due to missing credentials." } });
    if (!url.searchParams.has("api-version")) return send(res, 404, { error: { code: "404", message: "Resource not found" } });
    let body: ChatBody;
    try {
      body = JSON.parse(raw) as ChatBody;
    } catch {
      return send(res, 400, { error: { code: "BadRequest", message: "Request body is not valid JSON" } });
    }
    if (!Array.isArray(body.messages)) return send(res, 400, { error: { code: "BadRequest", message: "'messages' is a required property" } });

    const fault = d.faults[0];
    if (fault !== undefined) {
      if (--fault.times <= 0) d.faults.shift();
      d.stats.faulted++;
      switch (fault.fault.kind) {
        case "hang":
          return;
        case "reset":
          req.socket.destroy();
          return;
        case "daily-quota":
          return throttle(res, DAY_SECONDS * 1000, "exceeded the daily token quota of your current pricing tier", 0, 0);
        default:
          return send(res, fault.fault.status, { error: { code: String(fault.fault.status), message: "Injected failure" } });
      }
    }

    if (d.randomFaults !== undefined) {
      const draw = faultRandom();
      const statusRate = d.randomFaults.statusRate ?? 0;
      if (draw < statusRate) {
        d.stats.faulted++;
        const status = d.randomFaults.status ?? 503;
        return send(res, status, { error: { code: String(status), message: "Injected random failure" } });
      }
      if (draw < statusRate + (d.randomFaults.hangRate ?? 0)) {
        d.stats.faulted++;
        return;
      }
    }

    const now = performance.now();
    const promptTokens = countPromptTokens(body);
    const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? DEFAULT_MAX_TOKENS;
    const charged = promptTokens + maxTokens * (body.n ?? 1);
    const tokenReset = roll(d.tokens, minuteMs, now);
    const reset1s = roll(d.requests1s, minuteMs / 60, now);
    const reset10s = roll(d.requests10s, minuteMs / 6, now);
    if (d.tokens.used + charged > d.tpm) {
      d.stats.throttled++;
      return throttle(res, tokenReset, "exceeded token rate limit", d.tpm - d.tokens.used, d.limit10s - d.requests10s.used);
    }
    if (d.requests1s.used + 1 > d.limit1s || d.requests10s.used + 1 > d.limit10s) {
      d.stats.throttled++;
      const wait = d.requests1s.used + 1 > d.limit1s ? reset1s : reset10s;
      return throttle(res, wait, "exceeded call rate limit", d.tpm - d.tokens.used, 0);
    }
    d.tokens.used += charged;
    d.requests1s.used++;
    d.requests10s.used++;
    d.stats.tokens += charged;
    const remaining = { tokens: d.tpm - d.tokens.used, requests: Math.floor(d.limit10s - d.requests10s.used) };
    const latency = (d.latency.medianMs * Math.exp(d.latency.sigma * normal(random))) / scale;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (res.destroyed) return;
      d.stats.succeeded++;
      const requestedMax = body.max_completion_tokens ?? body.max_tokens ?? Infinity;
      const reasoningTokens = d.reasoningTokens === undefined ? undefined : Math.min(d.reasoningTokens, requestedMax);
      const completionTokens = reasoningTokens === undefined ? Math.min(maxTokens, 16) : Math.min(requestedMax, reasoningTokens + 16);
      const details = reasoningTokens === undefined ? {} : { completion_tokens_details: { reasoning_tokens: reasoningTokens } };
      send(
        res,
        200,
        {
          id: `chatcmpl-mock-${nextId++}`,
          object: "chat.completion",
          created: Math.floor(Date.now() / 1000),
          model: "gpt-4o-mini",
          choices: [{ index: 0, finish_reason: "stop", logprobs: null, message: { role: "assistant", content: "OK", refusal: null } }],
          usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens, ...details },
        },
        { "x-ratelimit-remaining-tokens": String(remaining.tokens), "x-ratelimit-remaining-requests": String(remaining.requests) },
      );
    }, latency);
    timers.add(timer);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const deployment = (name: string): DeploymentState => {
    const d = deployments.get(name);
    if (d === undefined) throw new Error(`openai-mock: no deployment ${name}`);
    return d;
  };

  return {
    endpoint: `http://127.0.0.1:${port}`,
    minuteMs,
    inject: (name, fault, times = Infinity) => void deployment(name).faults.push({ fault, times }),
    clearFaults: (name) => void deployment(name).faults.splice(0),
    consume: (name, tokens) => {
      const d = deployment(name);
      roll(d.tokens, minuteMs, performance.now());
      d.tokens.used += tokens;
    },
    stats: (name) => ({ ...deployment(name).stats }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** 1.3 tokens per word or punctuation mark of every message's text, plus 3 per message and 3 for the reply. */
function countPromptTokens(body: ChatBody): number {
  let pieces = 0;
  for (const message of body.messages ?? []) {
    const text = typeof message.content === "string" ? message.content : JSON.stringify(message.content ?? "");
    pieces += (text.match(/\w+|[^\w\s]/g) ?? []).length + (typeof message.name === "string" ? 1 : 0);
  }
  return Math.ceil(pieces * 1.3) + 3 * (body.messages?.length ?? 0) + 3;
}

function throttle(res: ServerResponse, waitMs: number, what: string, tokensLeft: number, requestsLeft: number): void {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  send(
    res,
    429,
    {
      error: {
        code: "429",
        message: `Requests to the ChatCompletions_Create Operation under Azure OpenAI API have ${what}. Please retry after ${seconds} seconds.`,
      },
    },
    {
      "retry-after-ms": String(Math.max(1, Math.ceil(waitMs))),
      "retry-after": String(seconds),
      "x-ratelimit-remaining-tokens": String(Math.max(0, Math.floor(tokensLeft))),
      "x-ratelimit-remaining-requests": String(Math.max(0, Math.floor(requestsLeft))),
    },
  );
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A standard normal draw (Box-Muller). */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
