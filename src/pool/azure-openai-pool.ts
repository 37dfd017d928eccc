import type * as OpenAIModule from "openai";
import type { AzureOpenAI } from "openai";
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import { POOL_ENV, PoolAuthMode, readPoolEnvironment, type PoolSettings } from "../contract";
import { backoffMs, jittered, numericHeader } from "./backoff";
import { classifyFailure } from "./classify";
import { CallDeadline } from "./deadline";
import { DeploymentState, type DeploymentStats } from "./deployment";
import {
  PoolClosedError,
  PoolDeadlineExceededError,
  PoolOverloadedError,
  PoolQuotaExhaustedError,
  PoolRetriesExhaustedError,
  PoolUnavailableError,
} from "./errors";
import { PoolLease } from "./lease";
import { createPoolMetrics, type PoolMetrics } from "./metrics";
import { loadOptional } from "../core/optional-peer";
import { nonNegative, resolvePoolConfig, timerMs, type PoolConfig, type PoolOptions } from "./pool-options";
import { Scheduler, type Grant, type RejectReason } from "./scheduler";
import { estimateChatTokens, PromptCalibration, reportedUsageTokens, type ChatTokenEstimate } from "./token-estimate";
import { Transport } from "./transport";

/** Options of one {@link AzureOpenAIPool.chat} call. */
export interface ChatOptions {
  /** Deadline of the call, waiting and retries included, in ms. @default the pool's defaultTimeoutMs (60000) */
  readonly timeoutMs?: number;
  /** Aborts the call, whether it waits, runs or sleeps between retries; the call rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /**
   * Higher goes first among waiting calls. Give the follow-up calls of a conversation already under way a higher
   * priority (e.g. 1) than calls that start a new one, so that admitted work finishes before new work starts. The
   * pool's own retries go before every call that has not started, whatever its priority.
   * @default 0
   */
  readonly priority?: number;
  /**
   * Time the caller needs after this call, before the deadline (e.g. for the conversation's remaining calls), in
   * ms. The call is admitted only if the forecast has it finishing this long before the deadline, and is turned away
   * otherwise; once admitted it (and its retries) may use the whole time up to the deadline.
   * @default 0
   */
  readonly reserveMs?: number;
  /**
   * The call continues work already admitted, such as a conversation's later calls. A fresh call is turned away when
   * its forecast wait fills more than half its slack (the time to its deadline less the deployment's slow latency),
   * so that it fails fast while the forecast may still be wrong; a follow-up is turned away only when the wait fills
   * all of it, since failing it early saves nothing: what was admitted fails either way. The pool's retries are
   * follow-ups. Give follow-ups a higher `priority` too.
   * @default false
   */
  readonly followUp?: boolean;
}

/** Options of {@link AzureOpenAIPool.acquire}. */
export interface AcquireOptions extends Pick<ChatOptions, "priority" | "reserveMs" | "followUp"> {
  /**
   * Time within which the call made with the lease should be done, in ms: the lease is granted only when the forecast
   * has a slot free and that call finishing within it (at the deployment's usual latency), and is turned away
   * otherwise. It bounds the wait for the lease, not the lease: nothing aborts the caller's call when it passes.
   * @default the pool's defaultTimeoutMs (60000)
   */
  readonly timeoutMs?: number;
  /** Aborts the wait for a lease (acquire rejects with the signal's reason); a lease already granted is not affected. */
  readonly signal?: AbortSignal;
  /**
   * Tokens to charge to the chosen deployment's budget for the call the lease is for (see `estimateChatTokens`).
   * @default 0
   */
  readonly tokens?: number;
}

/** Options of {@link AzureOpenAIPool.close}. */
export interface CloseOptions {
  /** How long to let running and waiting calls finish before aborting them, in ms. @default the pool's defaultTimeoutMs */
  readonly timeoutMs?: number;
}

/** A snapshot of the pool, from {@link AzureOpenAIPool.stats}. */
export interface PoolStats {
  /** Calls (and leases) holding a slot. */
  readonly inFlight: number;
  /** Calls waiting for their turn. */
  readonly waiting: number;
  /** Free slots: maxConnections minus inFlight. */
  readonly available: number;
  /** The minConnections setting. */
  readonly minConnections: number;
  /** The maxConnections setting: calls in flight at most, and sockets per endpoint. */
  readonly maxConnections: number;
  /** Calls turned away before they started (queue full, deadline, quota spent, circuits open). */
  readonly shed: number;
  /** Ratio of the service's prompt-token counts to the pool's estimates, learned so far. */
  readonly promptTokenRatio: number;
  /** True once `close()` was called. */
  readonly closed: boolean;
  /** Per deployment: 429s, cool-down, breaker state, calls in flight... */
  readonly deployments: readonly DeploymentStats[];
}

/** An attempt unanswered after this many times the deployment's 99.5th-percentile latency is abandoned as hung, when the deadline leaves time for a retry. */
const HANG_FACTOR = 1.5;
/** Successful calls a deployment needs before its latency sets the hang limit (the floor alone applies until then). */
const HANG_MIN_SAMPLES = 20;

/** Queue priority of retries: above any caller's priority, which must be finite. */
const RETRY_PRIORITY = Infinity;

type AttemptResult = { readonly completion: ChatCompletion } | { readonly error: unknown; readonly backoffUntil?: number };

/**
 * Calls Azure OpenAI chat completions for an agent container, getting the most out of the deployments' quotas:
 *
 * - routing over deployments: priority groups, then the most headroom; a deployment that answered 429 cools down
 *   for the time it asked while calls go to the others;
 * - per-deployment token and request budgets from TPM/RPM, charged before sending with an estimate
 *   (`estimateChatTokens`: prompt characters / 4, scaled by what the service reports, plus `max_completion_tokens`,
 *   else `max_tokens`), charged the rest when a response's `usage` (prompt + completion, reasoning tokens included)
 *   exceeds that estimate, and lowered by the `x-ratelimit-remaining-*` headers and by 429s;
 * - its own retries (the SDK's are off): after `retry-after-ms`, else `retry-after`, else exponential backoff,
 *   always with jitter, capped, and never past the call's deadline; a 429 asking for more than a rate-limit
 *   window (a spent daily quota) fails at once with {@link PoolQuotaExhaustedError};
 * - a circuit breaker per deployment for 5xx, resets and timeouts, with half-open probing;
 * - admission control: a bounded queue, higher priority first; a call that cannot finish before its deadline is
 *   turned away at once with {@link PoolOverloadedError}.
 *
 * The spec's settings in Node: `maxConnections` is both the sockets of each endpoint's undici Agent and the calls in
 * flight at most; `connectionTimeoutMs` is each attempt's time to connect and receive the response headers;
 * `maxRetries` and `retryDelayMs` drive the pool's own retries; `minConnections` is checked (at most
 * maxConnections) and reported, but undici opens sockets on demand and keeps no floor of idle ones, so it changes
 * nothing (in the spec's Python, a client object held no connection either).
 */
export class AzureOpenAIPool {
  /**
   * A pool from the settings that `OpenAIPoolConfig.grantTo(app)` put in the environment (`AGENT_POOL_*`). The API
   * key, when one is used (auth mode `api-key`, or no auth mode and the variable set), comes from
   * `AZURE_OPENAI_API_KEY`, never from the contract.
   * @throws PoolEnvironmentError when a variable is missing or malformed
   */
  static fromEnvironment(env: { readonly [name: string]: string | undefined } = process.env, options: PoolOptions = {}): AzureOpenAIPool {
    const settings = readPoolEnvironment(env);
    const apiKey = env[POOL_ENV.openaiApiKey] || undefined;
    const useKey = settings.authMode === PoolAuthMode.API_KEY || (settings.authMode === undefined && apiKey !== undefined);
    return new AzureOpenAIPool(useKey ? { ...settings, authMode: PoolAuthMode.API_KEY, ...(apiKey !== undefined ? { apiKey } : {}) } : settings, options);
  }

  private readonly config: PoolConfig;
  private readonly deployments: readonly DeploymentState[];
  private readonly clients = new Map<DeploymentState, AzureOpenAI>();
  private readonly transport: Transport;
  private readonly scheduler: Scheduler;
  private readonly metrics: PoolMetrics;
  private readonly calibration = new PromptCalibration();
  private readonly sdk: typeof OpenAIModule;
  private readonly calls = new Set<CallDeadline>();
  /** Aborts the signal of each lease not yet released. */
  private readonly leases = new Set<AbortController>();
  private readonly running = new Set<Promise<unknown>>();
  private shed = 0;
  private closing: Promise<void> | undefined;

  /**
   * @param settings deployments and the spec's pool settings (see {@link PoolSettings})
   * @param options runtime options (credential, breaker, metrics...)
   * @throws RangeError when a setting is invalid; Error when the optional peer `openai` or `undici` is not installed
   */
  constructor(settings: PoolSettings, options: PoolOptions = {}) {
    this.config = resolvePoolConfig(settings, options);
    this.sdk = loadOptional<typeof OpenAIModule>("openai", "AzureOpenAIPool");
    const now = performance.now();
    this.deployments = this.config.deployments.map((target) => new DeploymentState(target, this.config.breaker, now, this.config.sharing));
    this.transport = new Transport({ maxConnections: this.config.maxConnections, connectionTimeoutMs: this.config.connectionTimeoutMs, auth: this.config.auth });
    for (const d of this.deployments) this.clients.set(d, this.transport.client(d.target));
    this.metrics = createPoolMetrics(this.config.meter, () => ({ inFlight: this.scheduler.inFlight, waiting: this.scheduler.waiting }));
    this.scheduler = new Scheduler(this.deployments, {
      maxInFlight: this.config.maxConnections,
      maxQueue: this.config.maxQueue,
      onReject: (reason) => {
        this.shed++;
        this.metrics.rejected(reason);
      },
    });
  }

  /**
   * Holds a slot on the deployment the router picks (charged `tokens`) until the lease is released. Waits for its
   * turn like a call, and is turned away like one.
   * @throws PoolOverloadedError when no slot can be had before the deadline, or the queue is full;
   *   PoolClosedError, PoolQuotaExhaustedError, PoolUnavailableError as their names say; RangeError for a bad
   *   `tokens`, `timeoutMs`, `reserveMs` or `priority`; the signal's reason when the caller aborts
   */
  async acquire(options: AcquireOptions = {}): Promise<PoolLease> {
    const tokens = nonNegative("tokens", options.tokens ?? 0);
    const call = this.startCall(options);
    try {
      const grant = await this.scheduler.acquire({
        tokens,
        priority: options.priority ?? 0,
        since: call.since,
        deadline: call.admitBy,
        signal: call.signal,
        continues: options.followUp === true,
        reject: (reason, wait) => this.rejection(reason, wait, 0, undefined),
      });
      const closing = new AbortController();
      this.leases.add(closing);
      return new PoolLease(
        grant.deployment.target,
        this.clientOf(grant),
        () => {
          this.leases.delete(closing);
          grant.deployment.breaker.onAbandon();
          this.scheduler.release(grant);
        },
        closing.signal,
      );
    } finally {
      this.endCall(call);
    }
  }

  /**
   * A chat completion (non-streaming), routed, budgeted and retried within the call's deadline.
   *
   * The pool knows deployments by name, not which model they run: callers of a reasoning deployment (o-series, GPT-5
   * family) must send `max_completion_tokens`, which those models require instead of `max_tokens` and which bounds
   * their hidden reasoning tokens plus the answer. The call is charged that maximum before it is sent; when the
   * response's `usage` reports more (no maximum was set and the reasoning ran past `defaultMaxTokens`), the rest is
   * charged too.
   * @returns the SDK's ChatCompletion
   * @throws PoolOverloadedError when turned away before starting; PoolDeadlineExceededError, PoolQuotaExhaustedError,
   *   PoolUnavailableError, PoolRetriesExhaustedError, PoolClosedError as their names say; the SDK's error for answers
   *   not worth retrying (400, 401, 403, 404...); RangeError for a bad `timeoutMs`, `reserveMs` or
   *   `priority`; the signal's reason when the caller aborts
   */
  async chat(params: ChatCompletionCreateParamsNonStreaming, options: ChatOptions = {}): Promise<ChatCompletion> {
    const call = this.startCall(options);
    const running = this.run(params, options.priority ?? 0, options.followUp === true, call);
    this.running.add(running);
    try {
      return await running;
    } finally {
      this.endCall(call);
      this.running.delete(running);
    }
  }

  /** A snapshot: slots in flight and free, calls waiting, calls shed, and each deployment's counters and state. */
  stats(): PoolStats {
    const now = performance.now();
    const { inFlight, waiting } = this.scheduler;
    return {
      inFlight,
      waiting,
      available: this.config.maxConnections - inFlight,
      minConnections: this.config.minConnections,
      maxConnections: this.config.maxConnections,
      shed: this.shed,
      promptTokenRatio: this.calibration.promptRatio,
      closed: this.closing !== undefined,
      deployments: this.deployments.map((d) => d.stats(now)),
    };
  }

  /**
   * Stops admitting calls (they reject with {@link PoolClosedError}), lets running and waiting calls (and leases)
   * finish, then closes the HTTP agents. Calls still running after `timeoutMs` are aborted with
   * {@link PoolClosedError}; so is the {@link PoolLease.signal} of each lease not yet released, and requests made
   * with such a lease lose their sockets. Calling it again returns the same promise.
   */
  close(options: CloseOptions = {}): Promise<void> {
    this.closing ??= this.shutDown(timerMs("close timeoutMs", options.timeoutMs ?? this.config.defaultTimeoutMs));
    return this.closing;
  }

  private async shutDown(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<true>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs)));
    // Drained means every chat() has settled (one between retries holds no slot, so idle() alone would miss it)
    // and no lease or waiter is left.
    const drained = (async () => {
      await Promise.allSettled([...this.running]);
      await this.scheduler.idle();
    })();
    const timedOut = await Promise.race([drained, expired]);
    clearTimeout(timer);
    if (timedOut === true) {
      const error = new PoolClosedError(`AzureOpenAIPool closed: calls still running after ${timeoutMs} ms were aborted`);
      for (const call of this.calls) call.abort(error);
      for (const lease of this.leases) lease.abort(error);
      await Promise.allSettled(this.running);
    }
    this.metrics.close();
    // After the timeout, requests of leases made without the lease's signal may still run: their sockets go.
    await this.transport.close(timedOut === true);
  }

  private async run(params: ChatCompletionCreateParamsNonStreaming, priority: number, followUp: boolean, call: CallDeadline): Promise<ChatCompletion> {
    const estimate = estimateChatTokens(params, this.config.defaultMaxTokens);
    const avoid = new Map<DeploymentState, number>();
    for (let attempt = 0; ; attempt++) {
      const grant = await this.scheduler.acquire({
        tokens: this.calibration.charge(estimate),
        // A retry belongs to a call already admitted: it goes before every call not yet started, so that the pool's own
        // queue never makes an admitted call miss its deadline.
        priority: attempt === 0 ? priority : RETRY_PRIORITY,
        since: call.since,
        // The reserve is for admission: a retry is part of a call already admitted, and may use the whole time.
        deadline: attempt === 0 ? call.admitBy : call.at,
        signal: call.signal,
        continues: attempt > 0 || followUp,
        avoidUntil: (d) => avoid.get(d) ?? 0,
        reject: (reason, wait) => this.rejection(reason, wait, attempt, call.lastError),
      });
      const result = await this.attempt(grant, params, estimate, attempt, call);
      if ("completion" in result) return result.completion;
      call.lastError = result.error;
      if (attempt >= this.config.maxRetries) {
        throw new PoolRetriesExhaustedError(`Azure OpenAI call failed ${attempt + 1} times`, { cause: result.error });
      }
      if (result.backoffUntil !== undefined) {
        avoid.set(grant.deployment, result.backoffUntil);
        await this.backOff(avoid, call);
      }
    }
  }

  /**
   * One attempt on the granted deployment, abandoned as hung after {@link attemptLimitMs}; updates the deployment's
   * budget, breaker, cool-down and counters with the outcome.
   */
  private async attempt(
    grant: Grant,
    params: ChatCompletionCreateParamsNonStreaming,
    estimate: ChatTokenEstimate,
    attempt: number,
    call: CallDeadline,
  ): Promise<AttemptResult> {
    const d = grant.deployment;
    const started = performance.now();
    const limitMs = this.attemptLimitMs(d, call, started);
    const attemptSignal = new AbortController();
    const stop = (): void => attemptSignal.abort(call.signal.reason);
    call.signal.addEventListener("abort", stop, { once: true });
    const hangTimer = limitMs === undefined ? undefined : setTimeout(() => attemptSignal.abort(), limitMs);
    call.attemptSentAt = started;
    try {
      const { data, response } = await this.clientOf(grant).chat.completions.create(params, { signal: attemptSignal.signal }).withResponse();
      const now = performance.now();
      // The reported total (prompt + completion, reasoning tokens included) above the pre-send charge is charged
      // first, then the service's remaining-quota headers lower what is left.
      d.budget.chargeUsage(grant.reservation, reportedUsageTokens(data.usage), now);
      d.budget.correct(grant.reservation, { tokens: numericHeader(response.headers, "x-ratelimit-remaining-tokens"), requests: numericHeader(response.headers, "x-ratelimit-remaining-requests") }, now);
      d.breaker.onSuccess();
      d.latency.observe(now - started);
      d.count("succeeded");
      this.calibration.observe(estimate, data.usage?.prompt_tokens);
      this.metrics.attempt(d.target.deployment, "ok", now - started);
      return { completion: data };
    } catch (err) {
      const now = performance.now();
      if (call.signal.aborted) {
        // Its latency exceeds the time it ran. (A hung attempt is a fault for the breaker, not a latency.)
        d.latency.observeUnanswered(now - started);
        // The deadline cut an attempt that ran longer than the deployment's slow calls (or on a deployment that has not
        // answered yet): a sign of a hang, even when the call's deadline is shorter than connectionTimeoutMs. A
        // caller's own abort tells nothing.
        if (call.signal.reason instanceof PoolDeadlineExceededError && (d.latency.count === 0 || now - started >= d.latency.upperMs)) {
          d.breaker.onFailure(now, started);
          d.count("failed");
        } else {
          d.breaker.onAbandon();
        }
        this.metrics.attempt(d.target.deployment, "aborted", now - started);
        throw call.signal.reason;
      }
      const backoffUntil = now + backoffMs(attempt, this.config.retryDelayMs, this.config.maxBackoffMs);
      if (attemptSignal.signal.aborted) {
        d.breaker.onFailure(now, started);
        d.count("failed");
        this.metrics.attempt(d.target.deployment, "hung", now - started);
        const hung = new Error(`Azure OpenAI deployment ${d.target.deployment} gave no answer within ${Math.round(limitMs ?? 0)} ms: the attempt was abandoned as hung`);
        return { error: hung, backoffUntil };
      }
      const failure = classifyFailure(err, this.sdk);
      if (failure.kind === "throttled") {
        d.budget.refund(grant.reservation, now);
        d.breaker.onSuccess();
        d.count("throttled");
        const wait = failure.retryAfterMs ?? backoffMs(attempt, this.config.retryDelayMs, this.config.maxBackoffMs);
        const until = now + jittered(wait);
        const quota = wait > 2 * this.config.quotaMinuteMs;
        d.coolDown(until, quota);
        if (!quota) d.budget.throttled(started, until, now);
        this.metrics.attempt(d.target.deployment, "throttled", now - started);
        return { error: err };
      }
      if (failure.kind === "transient") {
        d.breaker.onFailure(now, started);
        d.count("failed");
        this.metrics.attempt(d.target.deployment, "failed", now - started);
        return { error: err, backoffUntil };
      }
      if (failure.answered) d.breaker.onSuccess();
      else d.breaker.onAbandon();
      this.metrics.attempt(d.target.deployment, "error", now - started);
      throw err;
    } finally {
      call.attemptSentAt = undefined;
      clearTimeout(hangTimer);
      call.signal.removeEventListener("abort", stop);
      this.scheduler.release(grant);
    }
  }

  /**
   * How long an attempt started at `now` on `d` may go unanswered before it counts as hung. Once the deployment has
   * 20 answers to go by: 1.5x its recent 99.5th-percentile latency, shortened so that a retry as slow as that
   * percentile still fits before the deadline, but never below the percentile itself (so that at most about 0.5% of
   * healthy attempts are abandoned) nor below the floor. Before that, the floor. Undefined when the limit reaches
   * the call's deadline, which then stops the attempt itself.
   */
  private attemptLimitMs(d: DeploymentState, call: CallDeadline, now: number): number | undefined {
    const timeLeft = call.at - now;
    const upper = d.latency.upperMs;
    const observed = d.latency.count >= HANG_MIN_SAMPLES ? Math.max(upper, Math.min(HANG_FACTOR * upper, timeLeft - upper)) : 0;
    const limit = Math.max(this.config.attemptTimeoutFloorMs, observed);
    return limit < timeLeft ? limit : undefined;
  }

  /**
   * After a failure, sleeps until a deployment could take the retry (the backoff from the one that failed, or another
   * one's cool-down), unless a deployment is ready now. Does not sleep towards a time the call could not finish
   * by: the next `acquire` then turns the retry away at once.
   */
  private async backOff(avoid: ReadonlyMap<DeploymentState, number>, call: CallDeadline): Promise<void> {
    const now = performance.now();
    const readyAt = Math.min(...this.deployments.map((d) => Math.max(avoid.get(d) ?? 0, d.unblockedAt(now))));
    if (readyAt > now && readyAt + this.scheduler.latencyMs(now) <= call.at) await call.sleep(readyAt - now);
  }

  private rejection(reason: RejectReason, expectedWaitMs: number, attempt: number, lastError: unknown): Error {
    const cause = lastError === undefined ? undefined : { cause: lastError };
    switch (reason) {
      case "quota":
        return new PoolQuotaExhaustedError("Every Azure OpenAI deployment that could take the call has spent its quota (429 with a long retry-after)", cause);
      case "unavailable":
        return new PoolUnavailableError("Every Azure OpenAI deployment's circuit is open (5xx, resets or timeouts in a row)", cause);
      default:
        return attempt === 0 || reason === "queue-full"
          ? new PoolOverloadedError(reason, expectedWaitMs)
          : new PoolDeadlineExceededError(`Azure OpenAI call could not be retried before its deadline (expected wait ${Math.round(expectedWaitMs)} ms)`, cause);
    }
  }

  private startCall(options: ChatOptions): CallDeadline {
    if (this.closing !== undefined) throw new PoolClosedError("AzureOpenAIPool is closed");
    const timeoutMs = timerMs("timeoutMs", options.timeoutMs ?? this.config.defaultTimeoutMs);
    const reserveMs = timerMs("reserveMs", options.reserveMs ?? 0);
    if (options.priority !== undefined && !Number.isFinite(options.priority)) {
      throw new RangeError(`AzureOpenAIPool: priority must be a finite number; got ${String(options.priority)}`);
    }
    const call = new CallDeadline(timeoutMs, reserveMs, options.signal);
    this.calls.add(call);
    return call;
  }

  private endCall(call: CallDeadline): void {
    call.dispose();
    this.calls.delete(call);
  }

  private clientOf(grant: Grant): AzureOpenAI {
    return this.clients.get(grant.deployment) as AzureOpenAI;
  }
}


