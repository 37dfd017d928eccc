import type { CapacityPlan } from "./capacity-plan";
import { hourlyRates } from "./day-shape";
import { roundToStep } from "./rounding";
import { numberProblem, throwIfProblems } from "./validation";

/** Options of {@link LoadTestPlan.fromCapacityPlan}. Only `target` is required. */
export interface LoadTestOptions {
  /**
   * Base URL of the API gateway under test: an http(s) URL without query or fragment, e.g. the deployed
   * platform's `GatewayUrl` output (`https://<fqdn>`). A trailing "/" is dropped, since Artillery appends `path`
   * to it as a string.
   */
  readonly target: string;
  /**
   * Time compression: each hour of the day lasts 3,600 / compression seconds while the arrival rates stay the hour's
   * real rate, so a compressed run is a sample of each hour at its rate (not the hour's whole traffic squeezed in).
   * From 1 to 3,600, and 3,600 / compression must be a whole number of seconds (Artillery 2 rejects fractional phase
   * durations): 60 gives one-minute hours, a 24-minute day.
   * @default 1 (real time: 24 one-hour phases)
   */
  readonly compression?: number;
  /**
   * Multiplies every hour's arrival rate (> 0): 2 for twice the planned day; `plan.peakRps / plan.peakRpsExact`
   * for a peak at the rounded-up sizing figure (3.5 requests/s instead of 3.4722).
   * @default 1 (the plan's rates)
   */
  readonly rateFactor?: number;
  /** First hour of the day to run (an integer from 0 to 23), e.g. 10 for a run around the peak. @default 0 */
  readonly fromHour?: number;
  /** End of the run, exclusive (an integer from 1 to 24, above `fromHour`). @default 24 */
  readonly toHour?: number;
  /** Path of the gateway's customer-message endpoint, starting with "/". @default "/chat" */
  readonly path?: string;
  /** JSON object each request POSTs to `path` (a customer message). @default DEFAULT_CUSTOMER_MESSAGE */
  readonly body?: Readonly<Record<string, unknown>>;
  /**
   * Seconds Artillery waits for a response before counting a request as an error (`config.http.timeout`, a whole
   * number >= 1). Artillery's own default, 10 s, is below the plan's 14.9 s P95 response time.
   * @default 2 x the plan's p95ResponseSeconds, rounded up (30 s for the spec's 14.9 s)
   */
  readonly timeoutSeconds?: number;
}

/** The customer message a load test POSTs unless {@link LoadTestOptions.body} says otherwise. */
export const DEFAULT_CUSTOMER_MESSAGE: Readonly<Record<string, unknown>> = Object.freeze({
  message: "Hi, I ordered a rain jacket last week and it has not arrived yet. Where is my order?",
});

/** One hour of the day in a {@link LoadTestPlan}: requests arrive at `arrivalRate` for `durationSeconds`. */
export interface LoadTestPhase {
  /** The hour as a clock range, "12:00-13:00". */
  readonly name: string;
  /** Hour of the day (0-23) whose rate the phase runs; 12 (`PEAK_HOUR` of the day shape) is the peak. */
  readonly hour: number;
  /** How long the phase lasts: 3,600 / compression seconds, a whole number. */
  readonly durationSeconds: number;
  /** Requests per second: the hour's rate in the day shape x rateFactor, not rounded. */
  readonly arrivalRate: number;
  /**
   * Requests Artillery sends in the phase, evenly spaced: arrivalRate x durationSeconds rounded to the nearest
   * whole request (Artillery 2 accepts only whole `arrivalRate` values, so the script gives counts).
   */
  readonly arrivalCount: number;
}

const HOUR_SECONDS = 3_600;

/** Two-digit hour, "09". */
function clock(hour: number): string {
  return `${String(hour).padStart(2, "0")}:00`;
}

/** The problem with `target` (not an http(s) URL, or with a query or fragment), or undefined. */
function targetProblem(target: unknown): string | undefined {
  const hint = typeof target === "string" && target.includes("${") ? " (an unresolved Terraform token: pass the deployed URL, e.g. from `terraform output`)" : "";
  const problem = `target must be an http(s) URL without query or fragment, e.g. "https://<gateway fqdn>"; got ${JSON.stringify(target)}${hint}`;
  if (typeof target !== "string" || !URL.canParse(target)) return problem;
  const url = new URL(target);
  return (url.protocol === "http:" || url.protocol === "https:") && !/[?#]/.test(target) ? undefined : problem;
}

/** Seconds for a message: up to two decimals, "514.29". */
function formatSeconds(seconds: number): string {
  return String(roundToStep(seconds, 0.01));
}

/** Seconds one hour lasts at `compression`, or undefined when that is not a whole number. */
function hourSeconds(compression: number): number | undefined {
  const seconds = HOUR_SECONDS / compression;
  const whole = Math.round(seconds);
  return Math.abs(seconds - whole) <= 1e-9 * seconds ? whole : undefined;
}

/**
 * A day of load derived from a {@link CapacityPlan}: one phase per hour of the library's day shape
 * (`hourlyRates` in day-shape.ts), so the peak hour (12:00-13:00) arrives at the plan's exact peak rate
 * `peakRpsExact` (3.4722 requests/s for the spec's defaults) and the day sends the plan's `dailyMessages`. The exact
 * rate, not the rounded-up `peakRps` (3.5) the instances are sized from: the run reproduces the planned day, and
 * `rateFactor` adds headroom when wanted. `toArtilleryYaml()` renders it as an Artillery 2 script.
 */
export class LoadTestPlan {
  /**
   * Builds the plan. Throws a RangeError naming every bad option with its value and what is allowed (target an http(s)
   * URL; compression from 1 to 3,600 dividing an hour into whole seconds; rateFactor > 0; hours integers with
   * fromHour < toHour; path starting with "/"; body a JSON object; timeoutSeconds a whole number >= 1).
   */
  static fromCapacityPlan(plan: CapacityPlan, options: LoadTestOptions): LoadTestPlan {
    const compression = options.compression ?? 1;
    const rateFactor = options.rateFactor ?? 1;
    const fromHour = options.fromHour ?? 0;
    const toHour = options.toHour ?? 24;
    const path = options.path ?? "/chat";
    const body = options.body ?? DEFAULT_CUSTOMER_MESSAGE;
    const timeoutSeconds = options.timeoutSeconds ?? Math.ceil(2 * plan.assumptions.p95ResponseSeconds);
    const compressionRange = numberProblem("compression", compression, { min: 1, max: HOUR_SECONDS });
    const hours = [numberProblem("fromHour", fromHour, { min: 0, max: 23, integer: true }), numberProblem("toHour", toHour, { min: 1, max: 24, integer: true })];
    throwIfProblems("LoadTestPlan.fromCapacityPlan", [
      targetProblem(options.target),
      compressionRange ??
        (hourSeconds(compression) === undefined
          ? `compression must divide an hour into whole seconds (3600 / compression an integer; Artillery 2 rejects fractional durations); got ${compression} (${formatSeconds(HOUR_SECONDS / compression)} s)`
          : undefined),
      numberProblem("rateFactor", rateFactor, { min: 0, minExclusive: true }),
      ...hours,
      hours.every((problem) => problem === undefined) && fromHour >= toHour ? `fromHour must be below toHour; got fromHour ${fromHour}, toHour ${toHour}` : undefined,
      typeof path === "string" && /^\/\S*$/.test(path) ? undefined : `path must start with "/" and contain no whitespace, e.g. "/chat"; got ${JSON.stringify(path)}`,
      typeof body === "object" && body !== null && !Array.isArray(body) ? undefined : `body must be a JSON object, e.g. { "message": "Where is my order?" }; got ${JSON.stringify(body)}`,
      numberProblem("timeoutSeconds", timeoutSeconds, { min: 1, integer: true }),
    ]);
    const durationSeconds = hourSeconds(compression) as number;
    const rates = hourlyRates(plan);
    const phases = rates.slice(fromHour, toHour).map((rate, i): LoadTestPhase => {
      const hour = fromHour + i;
      const arrivalRate = rate * rateFactor;
      return {
        name: `${clock(hour)}-${clock(hour + 1)}`,
        hour,
        durationSeconds,
        arrivalRate,
        arrivalCount: roundToStep(arrivalRate * durationSeconds, 1),
      };
    });
    return new LoadTestPlan({ target: options.target.replace(/\/$/, ""), path, body, compression, rateFactor, timeoutSeconds, phases });
  }

  /** Base URL requests go to, without a trailing "/". */
  readonly target: string;
  /** Path every request POSTs to. */
  readonly path: string;
  /** JSON body of every request. */
  readonly body: Readonly<Record<string, unknown>>;
  /** Time compression: each hour lasts 3,600 / compression seconds. */
  readonly compression: number;
  /** Multiplier on the plan's hourly rates. */
  readonly rateFactor: number;
  /** Artillery's response timeout in seconds. */
  readonly timeoutSeconds: number;
  /** One phase per hour from `fromHour` to `toHour`, in order. */
  readonly phases: readonly LoadTestPhase[];
  /** The phases' durations added up, in seconds (86,400 for a whole uncompressed day). */
  readonly durationSeconds: number;

  private constructor(fields: Omit<LoadTestPlan, "durationSeconds" | "toArtilleryYaml">) {
    this.target = fields.target;
    this.path = fields.path;
    this.body = Object.freeze({ ...fields.body });
    this.compression = fields.compression;
    this.rateFactor = fields.rateFactor;
    this.timeoutSeconds = fields.timeoutSeconds;
    this.phases = Object.freeze(fields.phases.map((phase) => Object.freeze(phase)));
    this.durationSeconds = this.phases.reduce((sum, phase) => sum + phase.durationSeconds, 0);
  }

  /**
   * The plan as an Artillery 2 test script, in JSON-compatible YAML (JSON is YAML 1.2; save it as a .yml file):
   * `config.target`, `config.http.timeout`, `config.phases` (per phase its `name`, `duration` and `arrivalCount`, or a
   * `pause` of the same duration when the phase rounds to no request), and one scenario that POSTs `body` as JSON to
   * `path`.
   */
  toArtilleryYaml(): string {
    const script = {
      config: {
        target: this.target,
        http: { timeout: this.timeoutSeconds },
        phases: this.phases.map((phase) =>
          phase.arrivalCount > 0
            ? { name: phase.name, duration: phase.durationSeconds, arrivalCount: phase.arrivalCount }
            : { name: phase.name, pause: phase.durationSeconds },
        ),
      },
      scenarios: [{ name: "customer message", flow: [{ post: { url: this.path, json: this.body } }] }],
    };
    return `${JSON.stringify(script, null, 2)}\n`;
  }
}
