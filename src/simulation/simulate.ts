import { CapacityPlan, type TrafficAssumptions } from "../capacity/capacity-plan";
import { arrivals, hourlyRates } from "../capacity/day-shape";
import { DEFAULT_COST_PRICES, HOURS_PER_MONTH, type CostPriceOverrides } from "../capacity/prices";
import { mulberry32 } from "../core/random";
import { nearestRankPercentile } from "../core/percentile";
import { isIanaTimeZone } from "../core/time-zone";
import { readTerraformStack } from "../operations/terraform-stack";
import { simulatedApp, type SimulatedAppSpec } from "./app-model";
import {
  BASELINE_CONCURRENT_USERS,
  COLD_START_SECONDS,
  CPU_PER_REQUEST_IN_FLIGHT,
  DEFAULT_START_DATE,
  HTTP_EVALUATION_SECONDS,
  OPENAI_AGENTS,
  OTHER_VISIT_WEIGHT,
  QUOTA_BURST_SECONDS,
  REPLICA_CONCURRENCY,
  REQUEST_TIMEOUT_SECONDS,
  RPM_PER_1000_TPM,
  SCALE_DOWN_STABILIZATION_SECONDS,
  SCALE_UP_PODS_PER_PERIOD,
  VISIT_WEIGHTS,
} from "./assumptions";
import { cronFloorTimeline } from "./cron-floors";
import { EventQueue } from "./event-queue";
import { localMidnight } from "./local-clock";
import { SimulationResult, type SimulatedAppResult } from "./simulation-result";

/** Options of {@link simulateStack}; every modelling default is documented in `assumptions.ts`. */
export interface SimulationOptions {
  /** The traffic: the capacity plan's assumptions (daily users, messages, peak factor, baseline). @default the spec's */
  readonly traffic?: TrafficAssumptions;
  /** Seed of the arrivals and service times: the same seed gives the same result. @default 1 */
  readonly seed?: number;
  /** Days simulated, 1 to 7, from local midnight of `startDate`. @default 1 */
  readonly days?: number;
  /** First day, `YYYY-MM-DD`, local time. @default "2027-01-04" (a Monday) */
  readonly startDate?: string;
  /** Time zone of the day's traffic shape (IANA). @default the time zone of the stack's first cron rule, else "UTC" */
  readonly timeZone?: string;
  /** Keys to report apps under, by Terraform logical id. @default the app's Azure name (its logical id when unknown) */
  readonly keys?: Readonly<Record<string, string>>;
  /** Weights of the apps a request visits, by key or component name (see `VISIT_WEIGHTS`; an Azure name with a "-intent-" part is the intent component). */
  readonly visitWeights?: Readonly<Record<string, number>>;
  /** Keys of the apps that make the request's Azure OpenAI calls. @default intent, response, critic and escalation when present, else every visited app */
  readonly openAIApps?: readonly string[];
  /** Seconds from a replica's start to its readiness. @default 15 */
  readonly coldStartSeconds?: number;
  /** Concurrent requests one replica serves. @default 20 */
  readonly replicaConcurrency?: number;
  /** Seconds a caller waits for an answer. @default 60 */
  readonly requestTimeoutSeconds?: number;
  /** Azure OpenAI tokens per minute. @default the sum of the stack's deployments' capacity x 1,000; unlimited when it has none */
  readonly tokensPerMinute?: number;
  /** Container Apps prices. @default DEFAULT_COST_PRICES */
  readonly prices?: CostPriceOverrides;
}

/** One step of a request's path: hold a slot of an app until the answer (entry, relay), or be served by it for a share of the request's time. */
interface Step {
  readonly app: AppState;
  readonly share: number;
}

interface SimRequest {
  readonly arrival: number;
  /** Seconds of service the request needs, over all its visits. */
  readonly service: number;
  step: number;
  readonly held: AppState[];
  /** The app it waits at or is served by, if any. */
  at: AppState | undefined;
  /** True while it waits in the queue of `at`. */
  waiting: boolean;
  finished: boolean;
}

interface AppState {
  readonly spec: SimulatedAppSpec;
  readonly holds: boolean;
  readonly callsOpenAI: boolean;
  readonly cron: Int32Array;
  ready: number;
  readonly starting: number[];
  busy: number;
  /** Requests at the app: served, waiting, or held (what the HTTP scaler counts). */
  present: number;
  readonly queue: SimRequest[];
  queueHead: number;
  lastActive: number;
  readonly recommendations: { time: number; replicas: number }[];
  polledAt: number;
  cpuDesired: number;
  cronDesired: number;
  tokenWaitScheduled: boolean;
  // measures
  peak: number;
  replicaSeconds: number;
  coldStarts: number;
  saturatedSeconds: number;
  costUsd: number;
  readonly perMinute: number[];
}

type SimEvent =
  | { readonly kind: "arrival" }
  | { readonly kind: "stage-done"; readonly request: SimRequest }
  | { readonly kind: "timeout"; readonly request: SimRequest }
  | { readonly kind: "ready"; readonly app: AppState }
  | { readonly kind: "tokens"; readonly app: AppState }
  | { readonly kind: "tick" };

/** A token bucket refilled continuously (Azure OpenAI's per-minute limits, evaluated over short windows). */
class QuotaBucket {
  private level: number;
  private at = 0;
  constructor(
    private readonly perSecond: number,
    private readonly capacity: number,
  ) {
    this.level = capacity;
  }
  /** Seconds from `now` until `amount` is available (0 when it is). */
  waitFor(amount: number, now: number): number {
    this.refill(now);
    // A millionth of a token of slack: refilling for exactly the wait computed can fall short by rounding.
    return this.level >= amount - 1e-6 ? 0 : (amount - this.level) / this.perSecond;
  }
  take(amount: number, now: number): void {
    this.refill(now);
    this.level -= amount;
  }
  private refill(now: number): void {
    this.level = Math.min(this.capacity, this.level + (now - this.at) * this.perSecond);
    this.at = now;
  }
}

function positive(name: string, value: number | undefined, fallback: number, max = Infinity): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0 || v > max) throw new RangeError(`simulate: ${name} must be a number above 0${max < Infinity ? ` and at most ${max}` : ""}; got ${String(value)}`);
  return v;
}

/** The log-normal service time (seconds) with mean `mean` and 95th percentile `p95`: its median and sigma. */
function serviceTimeModel(mean: number, p95: number): { median: number; sigma: number } {
  const z = 1.6449;
  const gap = Math.log(p95 / mean);
  // ln(p95 / mean) = z sigma - sigma^2 / 2; the smaller root (a P95 at or below the mean leaves no spread).
  const sigma = gap <= 0 ? 0 : z - Math.sqrt(Math.max(0, z * z - 2 * gap));
  return { median: mean * Math.exp((-sigma * sigma) / 2), sigma };
}

/**
 * The component an app key stands for: the key itself when it is one of `components`, else the component named by a
 * '-'-separated part of its Azure name ("agntcy-cs-intent-2a9bf0f8" is "intent"), so that the CLI, which keys apps by
 * Azure name, weighs and routes the platform's apps as `platform.simulate()` does; else the key.
 */
function componentNamer(components: readonly string[]): (key: string) => string {
  const known = [...new Set(components)];
  return (key) => (known.includes(key) ? key : (key.split("-").reverse().find((part) => known.includes(part)) ?? key));
}

/**
 * Simulates `days` of traffic through the scaling rules of a synthesized stack's container apps (`terraformJson`, the
 * parsed `cdk.tf.json`): a discrete-event
 * model of arrivals (the capacity plan's daily messages over the day shape, Poisson within each hour), each request's
 * path through the apps, their replicas under Container Apps' scaler (HTTP concurrency, CPU, cron floors, scale-out
 * rate, scale-in stabilization, cooldown to zero, cold starts), and the Azure OpenAI quota. Deterministic for a seed.
 * @throws RangeError for a bad option, a stack without container apps, or a replica range Terraform only knows at apply time
 */
export function simulateStack(terraformJson: unknown, options: SimulationOptions = {}): SimulationResult {
  const stack = readTerraformStack(terraformJson);
  const plan = CapacityPlan.fromTraffic(options.traffic ?? {});
  const days = positive("days", options.days, 1, 7);
  if (!Number.isInteger(days)) throw new RangeError(`simulate: days must be a whole number of days from 1 to 7; got ${days}`);
  const coldStart = positive("coldStartSeconds", options.coldStartSeconds, COLD_START_SECONDS);
  const slotsPerReplica = positive("replicaConcurrency", options.replicaConcurrency, REPLICA_CONCURRENCY);
  const timeout = positive("requestTimeoutSeconds", options.requestTimeoutSeconds, REQUEST_TIMEOUT_SECONDS);
  const prices = { ...DEFAULT_COST_PRICES, ...options.prices };
  if (stack.containerApps.length === 0) throw new RangeError("simulate: the stack has no azurerm_container_app to simulate");

  const specs = stack.containerApps.map((app) => {
    const name = app.name.kind === "literal" ? app.name.value : app.logicalId;
    return simulatedApp(app, options.keys?.[app.logicalId] ?? name);
  });
  const timeZone = options.timeZone ?? specs.flatMap((s) => s.cronFloors)[0]?.timeZone ?? "UTC";
  if (!isIanaTimeZone(timeZone)) throw new RangeError(`simulate: timeZone "${timeZone}" is not an IANA time-zone name`);
  const startMs = localMidnight(options.startDate ?? DEFAULT_START_DATE, timeZone);
  const endSeconds = days * 86_400;
  const minutes = days * 1440;

  const weights = { ...VISIT_WEIGHTS, ...options.visitWeights };
  const component = componentNamer([...Object.keys(weights), ...OPENAI_AGENTS]);
  const visited = specs.filter((s) => s.role === "visited").map((s) => component(s.key));
  const openAIKeys = new Set(options.openAIApps ?? (visited.some((k) => OPENAI_AGENTS.includes(k)) ? OPENAI_AGENTS : visited));
  const rates = hourlyRates(plan);
  const apps: AppState[] = specs.map((spec) => {
    const floors = cronFloorTimeline(spec.cronFloors, startMs, minutes + 60);
    // The platform ran the night before: an app that scales on requests has one replica when midnight's hour has traffic.
    const warm = spec.concurrencyTarget !== undefined && (rates[0] ?? 0) > 0 ? 1 : 0;
    const initial = Math.min(spec.maxReplicas, Math.max(spec.minReplicas, floors[0] ?? 0, warm));
    return {
      spec,
      holds: spec.role !== "visited",
      callsOpenAI: spec.role === "visited" && (openAIKeys.has(spec.key) || openAIKeys.has(component(spec.key))),
      cron: floors,
      ready: initial,
      starting: [],
      busy: 0,
      present: 0,
      queue: [],
      queueHead: 0,
      lastActive: 0,
      recommendations: [],
      polledAt: -Infinity,
      cpuDesired: 0,
      cronDesired: 0,
      tokenWaitScheduled: false,
      peak: initial,
      replicaSeconds: 0,
      coldStarts: 0,
      saturatedSeconds: 0,
      costUsd: 0,
      perMinute: [],
    };
  });
  const visits = apps.filter((a) => !a.holds);
  const weightOf = (app: AppState): number => weights[app.spec.key] ?? weights[component(app.spec.key)] ?? OTHER_VISIT_WEIGHT;
  const totalWeight = visits.reduce((sum, a) => sum + weightOf(a), 0);
  const path: Step[] = [
    ...apps.filter((a) => a.spec.role === "entry").map((app) => ({ app, share: 0 })),
    ...apps.filter((a) => a.spec.role === "relay").map((app) => ({ app, share: 0 })),
    ...visits.map((app) => ({ app, share: weightOf(app) / totalWeight })),
  ];
  const openAIVisits = visits.filter((a) => a.callsOpenAI).length;
  const tpm =
    options.tokensPerMinute ??
    stack.openAIAccounts.flatMap((a) => a.deployments).reduce((sum, d) => sum + (d.capacity?.kind === "literal" ? d.capacity.value * 1000 : 0), 0);
  const quota =
    tpm > 0 && openAIVisits > 0
      ? {
          tokens: new QuotaBucket(tpm / 60, (tpm / 60) * QUOTA_BURST_SECONDS),
          requests: new QuotaBucket((tpm / 1000) * RPM_PER_1000_TPM / 60, ((tpm / 1000) * RPM_PER_1000_TPM / 60) * QUOTA_BURST_SECONDS),
          tokensPerVisit: plan.assumptions.tokensPerRequest / openAIVisits,
          callsPerVisit: plan.assumptions.openAICallsPerRequest / openAIVisits,
        }
      : undefined;

  const random = mulberry32(options.seed ?? 1);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const service = serviceTimeModel(BASELINE_CONCURRENT_USERS / plan.assumptions.instanceThroughputRps, plan.assumptions.p95ResponseSeconds);
  const arrivalTimes = arrivals(rates, 0, days * 24, mulberry32((options.seed ?? 1) ^ 0x9e3779b9));

  const events = new EventQueue<SimEvent>();
  const latencies: number[] = [];
  const offeredPerMinute = new Array<number>(minutes).fill(0);
  let unserved = 0;
  let open = 0;
  let lastTick = 0;

  const scheduleArrival = (): void => {
    const next = arrivalTimes.next();
    if (!next.done) events.push(next.value / 1000, { kind: "arrival" });
  };

  /** Ends a request, answered or given up: it lets go of the apps that carried it. */
  const end = (request: SimRequest, now: number): void => {
    request.finished = true;
    open--;
    for (const app of request.held) {
      app.busy--;
      app.present--;
      admit(app, now);
    }
    request.held.length = 0;
  };

  const enter = (request: SimRequest, now: number): void => {
    const step = path[request.step];
    if (step === undefined) {
      latencies.push(now - request.arrival);
      end(request, now);
      return;
    }
    request.at = step.app;
    request.waiting = true;
    step.app.present++;
    step.app.queue.push(request);
    admit(step.app, now);
  };

  function admit(app: AppState, now: number): void {
    // An agent's replica serves replicaConcurrency requests at a time; an entry or relay only forwards, and needs a
    // ready replica, not a free slot.
    const slots = app.holds ? (app.ready > 0 ? Infinity : 0) : app.ready * slotsPerReplica;
    while (app.queueHead < app.queue.length && app.busy < slots) {
      const request = app.queue[app.queueHead]!;
      if (request.finished) {
        app.queueHead++;
        continue;
      }
      if (app.callsOpenAI && quota !== undefined) {
        const wait = Math.max(quota.tokens.waitFor(quota.tokensPerVisit, now), quota.requests.waitFor(quota.callsPerVisit, now));
        if (wait > 0) {
          if (!app.tokenWaitScheduled) {
            app.tokenWaitScheduled = true;
            events.push(now + wait, { kind: "tokens", app });
          }
          break;
        }
        quota.tokens.take(quota.tokensPerVisit, now);
        quota.requests.take(quota.callsPerVisit, now);
      }
      app.queueHead++;
      app.busy++;
      request.waiting = false;
      const step = path[request.step]!;
      if (app.holds) {
        request.held.push(app);
        request.at = undefined;
        request.step++;
        enter(request, now);
      } else {
        events.push(now + step.share * request.service, { kind: "stage-done", request });
      }
    }
    if (app.queueHead > 1024 && app.queueHead * 2 > app.queue.length) {
      app.queue.splice(0, app.queueHead);
      app.queueHead = 0;
    }
  }

  const tick = (now: number): void => {
    const dt = now - lastTick;
    const minute = Math.floor(now / 60);
    for (const app of apps) {
      const spec = app.spec;
      const replicas = app.ready + app.starting.length;
      // Measures over the period that ends now (the replica count changes only at ticks).
      if (lastTick < endSeconds) {
        const span = Math.min(dt, endSeconds - lastTick);
        app.replicaSeconds += replicas * span;
        if (replicas >= spec.maxReplicas) app.saturatedSeconds += span;
        const activeRate = spec.cpu * prices.activeVcpuSecond + spec.memoryGi * prices.activeGibSecond;
        const idleRate = spec.cpu * prices.idleVcpuSecond + spec.memoryGi * prices.idleGibSecond;
        const idle = app.present === 0 ? Math.min(replicas, spec.minReplicas) : 0;
        app.costUsd += span * ((replicas - idle) * activeRate + idle * idleRate);
        if (now % 60 === 0 && app.perMinute.length < minutes) app.perMinute.push(replicas);
      }
      // The scaler.
      if (now - app.polledAt >= spec.pollingSeconds) {
        app.polledAt = now;
        app.cronDesired = app.cron[Math.min(minute, app.cron.length - 1)] ?? 0;
        app.cpuDesired = spec.cpuTarget === undefined ? 0 : Math.ceil((app.busy * CPU_PER_REQUEST_IN_FLIGHT) / (spec.cpu * spec.cpuTarget) - 1e-9);
      }
      const httpDesired = spec.concurrencyTarget === undefined ? 0 : Math.ceil(app.present / spec.concurrencyTarget);
      const active = app.present > 0 || app.cronDesired > 0;
      if (active) app.lastActive = now;
      const wanted = Math.max(httpDesired, app.cpuDesired, app.cronDesired);
      let target: number;
      if (replicas === 0) {
        target = active ? Math.max(1, wanted) : 0;
      } else if (!active && now - app.lastActive >= spec.cooldownSeconds) {
        target = 0;
      } else {
        const recommendation = Math.max(1, wanted);
        app.recommendations.push({ time: now, replicas: recommendation });
        while (app.recommendations.length > 0 && app.recommendations[0]!.time <= now - SCALE_DOWN_STABILIZATION_SECONDS) app.recommendations.shift();
        const stable = Math.max(...app.recommendations.map((r) => r.replicas));
        target = stable > replicas ? Math.min(stable, replicas + Math.max(SCALE_UP_PODS_PER_PERIOD, replicas)) : stable;
      }
      target = Math.min(spec.maxReplicas, Math.max(spec.minReplicas, target));
      if (target > replicas) {
        if (replicas === 0) app.coldStarts++;
        for (let i = replicas; i < target; i++) {
          app.starting.push(now + coldStart);
          events.push(now + coldStart, { kind: "ready", app });
        }
      } else if (target < replicas) {
        let remove = replicas - target;
        while (remove > 0 && app.starting.length > 0) {
          app.starting.pop();
          remove--;
        }
        app.ready -= remove;
      }
      if (target === 0) app.recommendations.length = 0;
      app.peak = Math.max(app.peak, target);
    }
    lastTick = now;
    if (now < endSeconds || open > 0) events.push(now + HTTP_EVALUATION_SECONDS, { kind: "tick" });
  };

  scheduleArrival();
  events.push(0, { kind: "tick" });
  for (let event = events.pop(); event !== undefined; event = events.pop()) {
    const { time: now, item } = event;
    switch (item.kind) {
      case "arrival": {
        const request: SimRequest = { arrival: now, service: service.median * Math.exp(service.sigma * normal()), step: 0, held: [], at: undefined, waiting: false, finished: false };
        open++;
        const minute = Math.floor(now / 60);
        if (minute < minutes) offeredPerMinute[minute]!++;
        events.push(now + timeout, { kind: "timeout", request });
        enter(request, now);
        scheduleArrival();
        break;
      }
      case "stage-done": {
        const { request } = item;
        const app = request.at!;
        app.busy--;
        app.present--;
        request.at = undefined;
        if (!request.finished) {
          request.step++;
          enter(request, now);
        }
        admit(app, now);
        break;
      }
      case "timeout": {
        const { request } = item;
        if (request.finished) break;
        // The caller gave up: a request still waiting leaves its queue; one being served ends with its visit.
        if (request.waiting) {
          request.at!.present--;
          request.at = undefined;
          request.waiting = false;
        }
        unserved++;
        end(request, now);
        break;
      }
      case "ready": {
        const app = item.app;
        const index = app.starting.indexOf(now);
        if (index < 0) break; // removed before it was ready
        app.starting.splice(index, 1);
        app.ready++;
        admit(app, now);
        break;
      }
      case "tokens":
        item.app.tokenWaitScheduled = false;
        admit(item.app, now);
        break;
      case "tick":
        tick(now);
        break;
    }
  }

  latencies.sort((a, b) => a - b);
  const months = HOURS_PER_MONTH / (days * 24);
  const results: Record<string, SimulatedAppResult> = {};
  for (const app of apps) {
    results[app.spec.key] = {
      role: app.spec.role,
      minReplicas: app.spec.minReplicas,
      maxReplicas: app.spec.maxReplicas,
      peakReplicas: app.peak,
      replicaHours: app.replicaSeconds / 3600,
      coldStarts: app.coldStarts,
      saturatedMinutes: app.saturatedSeconds / 60,
      monthlyCostUsd: app.costUsd * months,
      replicasPerMinute: app.perMinute,
    };
  }
  return new SimulationResult(
    results,
    {
      servedRequests: latencies.length,
      unservedRequests: unserved,
      p50LatencySeconds: nearestRankPercentile(latencies, 50),
      p95LatencySeconds: nearestRankPercentile(latencies, 95),
      monthlyCostUsd: apps.reduce((sum, a) => sum + a.costUsd, 0) * months,
    },
    { offeredPerMinute, timeZone, startDate: options.startDate ?? DEFAULT_START_DATE, days },
  );
}
