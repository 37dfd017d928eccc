import type { Reservation } from "./budget";
import type { DeploymentState } from "./deployment";
import { fillTime } from "./fill-time";
import { MAX_TIMER_MS } from "./pool-options";
import { route } from "./router";
import { WaitQueue } from "./wait-queue";

/**
 * Share of a fresh call's slack (its time to the deadline less a high estimate of its latency) that its forecast wait
 * may fill for it to be admitted. The rest absorbs the forecast's errors: the service's reports lower budgets in steps
 * the refill rates do not foresee, and a call admitted on a forecast that proves short would be turned away late. A
 * call that continues admitted work may fill all of it (see {@link SlotRequest.continues}).
 */
const FORECAST_SLACK_SHARE = 0.5;

/** Why the scheduler turned a call away: queue full, no start in time, every circuit open, or every quota spent. */
export type RejectReason = "queue-full" | "deadline" | "unavailable" | "quota";

/** A call asking for a slot and a deployment. */
export interface SlotRequest {
  /** Tokens to charge (the estimate). */
  readonly tokens: number;
  /** Higher goes first. */
  readonly priority: number;
  /** When the call first arrived (monotonic ms): a retry keeps its place in the queue. */
  readonly since: number;
  /** Monotonic ms by which the call must have finished. */
  readonly deadline: number;
  /** Aborts the wait; the promise rejects with the signal's reason. */
  readonly signal: AbortSignal;
  /**
   * The call continues work already admitted (a retry, a conversation's follow-up): it is queued while its forecast
   * wait fits in its whole slack, since turning it away early saves nothing (what was admitted fails either way).
   */
  readonly continues?: boolean;
  /** This call's own back-off from deployments that just failed it (monotonic ms), if any. */
  readonly avoidUntil?: (deployment: DeploymentState) => number;
  /** The error to reject with when the call cannot be served in time. */
  readonly reject: (reason: RejectReason, expectedWaitMs: number) => Error;
}

/** A slot granted to a call: the deployment to send to and what was charged to its budget. Give it back with `release`. */
export interface Grant {
  readonly deployment: DeploymentState;
  readonly reservation: Reservation;
}

/** Limits of the {@link Scheduler}. */
export interface SchedulerOptions {
  /** Calls in flight at most (maxConnections). */
  readonly maxInFlight: number;
  /** Calls waiting at most (maxQueue). */
  readonly maxQueue: number;
  /** Told of every call turned away. */
  readonly onReject?: (reason: RejectReason) => void;
}

interface Waiter {
  readonly priority: number;
  readonly since: number;
  readonly tokens: number;
  readonly request: SlotRequest;
  readonly resolve: (grant: Grant) => void;
  readonly reject: (error: unknown) => void;
  shedTimer?: NodeJS.Timeout;
  onAbort?: () => void;
}

/**
 * Admission control and dispatch. A call goes at once when a slot is free and a deployment is ready (then only the
 * service's latency stands between it and its deadline, which aborts it if need be); otherwise it waits in a bounded
 * queue (higher priority first), and the scheduler dispatches waiting calls as slots free up and budgets refill. A
 * call that would have to wait is turned away at once when the queue is full, or when the forecast says it could not
 * finish before its deadline (its turn, from the tokens and requests of the calls ahead of it and the deployments'
 * refill rates, plus a high estimate of the call's own latency); a waiting call whose deadline comes too close is
 * turned away then, never left to time out.
 */
export class Scheduler {
  private inFlightCount = 0;
  private readonly queue = new WaitQueue<Waiter>();
  private pumpTimer: NodeJS.Timeout | undefined;
  private idleListeners: (() => void)[] = [];

  /**
   * @param deployments the deployments to route over
   * @param options limits
   */
  constructor(
    private readonly deployments: readonly DeploymentState[],
    private readonly options: SchedulerOptions,
  ) {}

  /** Calls holding a slot. */
  get inFlight(): number {
    return this.inFlightCount;
  }

  /** Calls waiting for a slot. */
  get waiting(): number {
    return this.queue.size;
  }

  /** Asks for a slot; resolves when the call may go, rejects when it is turned away or its signal aborts. */
  acquire(request: SlotRequest): Promise<Grant> {
    if (request.signal.aborted) return Promise.reject(request.signal.reason);
    const now = performance.now();
    if (this.queue.size === 0 && this.inFlightCount < this.options.maxInFlight) {
      const ready = route(this.deployments, request.tokens, now, request.avoidUntil);
      if (ready.deployment !== undefined) return Promise.resolve(this.dispatch(request.tokens, ready.deployment, now));
    }
    if (this.queue.size >= this.options.maxQueue) return Promise.reject(this.turnAway(request, "queue-full", Infinity));
    const expectedWait = this.expectedWaitMs(request, now);
    const latency = this.latencyMs(now);
    const slackShare = request.continues === true ? 1 : FORECAST_SLACK_SHARE;
    if (expectedWait > slackShare * (request.deadline - now - latency)) {
      return Promise.reject(this.turnAway(request, this.lateReason(request.deadline, now), expectedWait));
    }
    return new Promise<Grant>((resolve, reject) => {
      const waiter: Waiter = { priority: request.priority, since: request.since, tokens: request.tokens, request, resolve, reject };
      waiter.shedTimer = setTimeout(() => {
        if (!this.forget(waiter)) return;
        reject(this.turnAway(request, this.lateReason(request.deadline, performance.now()), expectedWait));
        this.pump();
      }, request.deadline - latency - now);
      waiter.onAbort = () => {
        if (!this.forget(waiter)) return;
        reject(request.signal.reason);
        this.pump();
      };
      request.signal.addEventListener("abort", waiter.onAbort, { once: true });
      this.queue.push(waiter);
      this.pump();
    });
  }

  /** Gives a slot back and lets the next waiting call go. */
  release(grant: Grant): void {
    grant.deployment.inFlight--;
    this.inFlightCount--;
    this.pump();
  }

  /**
   * Re-examines the queue (after a slot is released, a budget is refunded or a cool-down set): dispatches the calls
   * whose turn it is, and wakes up again when the next waiting call could go. Calls go in turn order, with one
   * exception: a call that cannot go now keeps the deployments it waits for, and a call behind it may go at once to a
   * deployment it does not wait for (one it backs off from after a failure), instead of waiting behind it.
   */
  pump(): void {
    clearTimeout(this.pumpTimer);
    this.pumpTimer = undefined;
    const now = performance.now();
    const kept = new Set<DeploymentState>();
    let passed = 0;
    let wakeMs = Infinity;
    while (this.inFlightCount < this.options.maxInFlight && kept.size < this.deployments.length) {
      const next = this.queue.at(passed);
      if (next === undefined) break;
      const free = kept.size === 0 ? this.deployments : this.deployments.filter((d) => !kept.has(d));
      const ready = route(free, next.tokens, now, next.request.avoidUntil);
      if (ready.deployment !== undefined) {
        this.forget(next);
        next.resolve(this.dispatch(next.tokens, ready.deployment, now));
        continue;
      }
      wakeMs = Math.min(wakeMs, ready.waitMs);
      for (const d of free) if (wantsWhenReady(next, d, now)) kept.add(d);
      passed++;
    }
    // Infinity: a half-open circuit's probe is out; its release pumps again.
    if (Number.isFinite(wakeMs)) this.pumpTimer = setTimeout(() => this.pump(), Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(wakeMs))));
    if (this.inFlightCount === 0 && this.queue.size === 0) {
      for (const listener of this.idleListeners.splice(0)) listener();
    }
  }

  /** Resolves when no call holds a slot and none waits. */
  idle(): Promise<void> {
    if (this.inFlightCount === 0 && this.queue.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleListeners.push(resolve));
  }

  /**
   * Forecast of a call's wait for its turn, in ms: the longest of the waits for the tokens and the requests of the
   * calls ahead of it (higher priority, or the same and arrived earlier) plus its own, at the ready deployments'
   * refill rates; for a slot; and for a deployment to be ready for this call at all.
   */
  expectedWaitMs(request: Pick<SlotRequest, "tokens" | "priority" | "since" | "avoidUntil">, now: number): number {
    const ahead = this.queue.ahead(request.priority, request.since);
    const open = this.deployments.map((d) => ({ d, delayMs: Math.max(0, d.unblockedAt(now) - now) }));
    const tokens = fillTime(
      open.map(({ d, delayMs }) => ({ level: d.budget.tokens.available(now), ratePerMs: d.budget.tokens.ratePerMs, delayMs })),
      ahead.tokens + request.tokens,
    );
    const requests = Math.max(
      ...([0, 1] as const).map((i) =>
        fillTime(
          open.map(({ d, delayMs }) => {
            const window = d.budget.requestWindows[i];
            return { level: window.remaining(now), ratePerMs: window.limit / window.windowMs, delayMs };
          }),
          ahead.count + 1,
        ),
      ),
    );
    const freeSlots = this.options.maxInFlight - this.inFlightCount;
    const typical = Math.max(0, ...this.deployments.map((d) => d.latency.typicalMs));
    const slots = ahead.count < freeSlots ? 0 : ((ahead.count + 1 - freeSlots) * typical) / this.options.maxInFlight;
    const own = route(this.deployments, request.tokens, now, request.avoidUntil).waitMs;
    return Math.max(tokens, requests, slots, own);
  }

  /** A high estimate of a call's own latency: the largest among deployments whose circuit is not open (0 before any call). */
  latencyMs(now: number): number {
    return Math.max(0, ...this.deployments.filter((d) => d.blockedBy(now) !== "breaker").map((d) => d.latency.cautiousUpperMs));
  }

  /** Why a call cannot go in time: every deployment blocked past the deadline by a spent quota, or by open circuits; else just late. */
  private lateReason(deadline: number, now: number): RejectReason {
    let quota = false;
    let breakers = true;
    for (const d of this.deployments) {
      if (d.unblockedAt(now) <= deadline) return "deadline";
      const blocked = d.blockedBy(now);
      quota ||= blocked === "quota";
      breakers &&= blocked === "breaker";
    }
    if (quota) return "quota";
    return breakers ? "unavailable" : "deadline";
  }

  private turnAway(request: SlotRequest, reason: RejectReason, expectedWait: number): Error {
    this.options.onReject?.(reason);
    return request.reject(reason, expectedWait);
  }

  private dispatch(tokens: number, deployment: DeploymentState, now: number): Grant {
    const reservation = deployment.budget.reserve(tokens, now);
    deployment.breaker.onAttempt(now);
    deployment.count("attempt");
    deployment.inFlight++;
    this.inFlightCount++;
    return { deployment, reservation };
  }

  /** Takes a waiter out of the queue; false when it had already left. */
  private forget(waiter: Waiter): boolean {
    if (!this.queue.remove(waiter)) return false;
    this.unhook(waiter);
    return true;
  }

  private unhook(waiter: Waiter): void {
    clearTimeout(waiter.shedTimer);
    if (waiter.onAbort !== undefined) waiter.request.signal.removeEventListener("abort", waiter.onAbort);
  }
}

/** True when `waiter` will want `d` once `d` is ready: its own back-off from `d` (if any) ends by then. */
function wantsWhenReady(waiter: Waiter, d: DeploymentState, now: number): boolean {
  return (waiter.request.avoidUntil?.(d) ?? 0) <= d.readyAt(waiter.tokens, now);
}
