/**
 * Endurance benchmark of the Azure OpenAI pool (`npm run bench:endurance`; not part of `npm test`): a compressed
 * 24-hour day of the spec's traffic through ONE pool against the Azure OpenAI mock (in a child process, as
 * `bench:pool` runs it). Rewrites docs/pool-endurance.md with the results. Run by node with --expose-gc (the task
 * does), to force garbage collection before each heap reading.
 *
 * Environment:
 * - BENCH_ENDURANCE_SCALE (default 60: a model hour lasts 60 s, the day 24 min). See docs/pool-endurance.md on why
 *   not faster: the client's CPU, not the pool, would be measured.
 * - BENCH_ENDURANCE_FROM / BENCH_ENDURANCE_TO (model hours, default 0 / 24): run part of the day, e.g. 11 / 14 for
 *   the peak. The heap and handles are read at FROM + 2 h and at TO. Only a whole day (0 / 24) rewrites the doc; a
 *   part writes .bench/pool-endurance.<from>-<to>.md.
 * - BENCH_ENDURANCE_TPM (default: the capacity plan's requiredTokensPerMinute, 210,000).
 */
import { writeFileSync, mkdirSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { CapacityPlan } from "../../src/capacity/capacity-plan";
import { mulberry32 } from "../../src/core/random";
import { poolDesign, type BenchDeployment } from "../pool/designs";
import { MockProcess, totalStats } from "../pool/mock-client";
import { logNormalP99 } from "../pool/summary";
import { poolRevision } from "../pool/revision";
import { callParams, type Design } from "../pool/workload";
import { arrivals, hourlyRates, hourlyWeights, PEAK_HOUR, RELATIVE_SHAPE } from "../../src/capacity/day-shape";
import { HourTally } from "./tally";

const PLAN = CapacityPlan.fromTraffic();
const SCALE = Number(process.env.BENCH_ENDURANCE_SCALE ?? 60);
const FROM = Number(process.env.BENCH_ENDURANCE_FROM ?? 0);
const TO = Number(process.env.BENCH_ENDURANCE_TO ?? 24);
const TPM = Number(process.env.BENCH_ENDURANCE_TPM ?? PLAN.requiredTokensPerMinute);
const WHOLE_DAY = FROM === 0 && TO === 24;
/** Calls per user request, from the plan (critic, intent, escalation, response). */
const CALLS = PLAN.assumptions.openAICallsPerRequest;
/** A user request's deadline (model ms), as in bench:pool. */
const DEADLINE_MS = 30_000;
/** Time kept for each call still to come when a request's first call is admitted, as in bench:pool. */
const RESERVE_PER_CALL_MS = 5000;
const LATENCY = { medianMs: 1200, sigma: 0.5 };
/** The service's p99 latency, model ms: a call sent with more time left that misses its deadline missed it at the service. */
const SERVICE_P99_MS = logNormalP99(LATENCY);
const HOUR_MS = 3_600_000;
const DEPLOYMENT: BenchDeployment = { name: "d1", tokensPerMinute: TPM };
/**
 * Real ms the driver waits at a checkpoint after the last request in flight finished, before it reads the handles:
 * longer than undici's default keep-alive timeout (4 s), so that sockets kept open by the last burst have closed.
 */
const IDLE_SETTLE_MS = 5_000;
/** A signal that never aborts: the pool gets each call's deadline as timeoutMs, and one timer per call would be noise. */
const NEVER = new AbortController().signal;

/** Heap and handles at one moment. */
interface Checkpoint {
  readonly hour: number;
  readonly heapUsed: number;
  readonly rss: number;
  readonly handles: Readonly<Record<string, number>>;
  readonly inFlight: number;
}

/** Forces full collections (twice, so that finalizers' garbage goes too), then reads the heap and handles. */
async function checkpoint(hour: number, inFlight: number): Promise<Checkpoint> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("bench:endurance needs node --expose-gc (npm run bench:endurance passes it)");
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const handles: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) handles[type] = (handles[type] ?? 0) + 1;
  const { heapUsed, rss } = process.memoryUsage();
  return { hour, heapUsed, rss, handles, inFlight };
}

/** One user request: its calls one after another, tallied in the hour it arrived and in the day. */
async function converse(design: Design, random: () => number, arrivalReal: number, tallies: readonly HourTally[]): Promise<void> {
  const deadline = arrivalReal + DEADLINE_MS / SCALE;
  for (const t of tallies) t.requests++;
  for (let index = 0; index < CALLS; index++) {
    const params = callParams(random, DEPLOYMENT.name);
    try {
      const completion = await design.call(params, { deadline, signal: NEVER, index, callsAfter: CALLS - 1 - index });
      const tokens = (completion.usage?.prompt_tokens ?? 0) + (params.max_tokens ?? 0);
      const late = performance.now() > deadline;
      for (const t of tallies) {
        t.callsOk++;
        t.tokensOk += tokens;
        if (late) {
          t.admittedLost++;
          t.failures.late = (t.failures.late ?? 0) + 1;
        }
      }
      if (late) return;
    } catch (err) {
      const name = err instanceof Error ? err.constructor.name : String(err);
      const timeLeft = (err as { timeLeftAtSendMs?: unknown }).timeLeftAtSendMs;
      const atService = typeof timeLeft === "number" && timeLeft * SCALE > SERVICE_P99_MS;
      for (const t of tallies) {
        if (name === "PoolOverloadedError") {
          if (index === 0) t.rejected++;
          else t.rejectedMidway++;
        } else {
          t.admittedLost++;
          t.failures[`${name} (call ${index + 1})`] = (t.failures[`${name} (call ${index + 1})`] ?? 0) + 1;
          if (atService) t.lostAtService++;
        }
      }
      return;
    }
  }
  const latencyMs = (performance.now() - arrivalReal) * SCALE;
  for (const t of tallies) {
    t.succeeded++;
    t.latency.add(latencyMs);
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const revision = poolRevision();
  const rates = hourlyRates(PLAN);
  const mock = new MockProcess();
  const endpoint = await mock.start({ deployments: { [DEPLOYMENT.name]: { tokensPerMinute: TPM } }, timeScale: SCALE, latency: LATENCY, seed: 1 });
  const design = poolDesign(endpoint, [DEPLOYMENT], SCALE, RESERVE_PER_CALL_MS / SCALE);
  const hours = Array.from({ length: 24 }, () => new HourTally());
  const day = new HourTally();
  const checkpoints: Checkpoint[] = [];
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const random = mulberry32(7);
  const draws = arrivals(rates, FROM, TO, mulberry32(1007));
  const inFlight = new Set<Promise<void>>();
  let start = performance.now() - (FROM * HOUR_MS) / SCALE; // real ms of model midnight; moved on by each checkpoint's pause
  const realOf = (modelMs: number): number => start + modelMs / SCALE;
  const marks = [FROM + 2, TO];
  let hourShown = FROM;
  let next = draws.next();
  await new Promise<void>((resolve, reject) => {
    const tick = (): void => {
      void (async () => {
        const now = performance.now();
        while (!next.done && realOf(next.value) <= now) {
          const hour = Math.floor(next.value / HOUR_MS);
          const done = converse(design, random, now, [hours[hour] as HourTally, day]);
          inFlight.add(done);
          void done.finally(() => inFlight.delete(done));
          next = draws.next();
        }
        const modelHour = (now - start) * SCALE / HOUR_MS;
        if (modelHour >= hourShown + 1 || next.done) {
          const ended = Math.min(TO, Math.floor(modelHour));
          for (let h = hourShown; h < ended; h++) {
            const t = hours[h] as HourTally;
            t.loopDelayP99Ms = loop.percentile(99) / 1e6;
            console.log(
              `hour ${String(h).padStart(2)}: ${t.requests} requests, ${t.succeeded} ok, ${t.rejected}+${t.rejectedMidway} rejected, ` +
                `${t.admittedLost} admitted lost (${t.lostAtService} at the service), loop p99 ${t.loopDelayP99Ms.toFixed(1)} ms, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(1)} MB`,
            );
          }
          if (ended > hourShown) loop.reset();
          hourShown = Math.max(hourShown, ended);
        }
        if (marks.length > 0 && modelHour >= (marks[0] as number)) {
          const hour = marks.shift() as number;
          // The model clock stands still while the driver drains: no new arrivals, every request in flight finishes,
          // idle keep-alive sockets time out; then the reading holds only what the pool keeps when idle.
          const paused = performance.now();
          const inFlightAtMark = inFlight.size;
          await Promise.all(inFlight);
          await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
          checkpoints.push(await checkpoint(hour, inFlightAtMark));
          start += performance.now() - paused;
          console.log(`checkpoint hour ${hour}: heapUsed ${(checkpoints.at(-1)!.heapUsed / 1e6).toFixed(2)} MB, handles ${JSON.stringify(checkpoints.at(-1)!.handles)}`);
        }
        if (marks.length === 0 && next.done) return resolve();
        const wait = next.done ? 5 : Math.min(5, Math.max(0, realOf(next.value) - performance.now()));
        setTimeout(tick, wait);
      })().catch(reject);
    };
    tick();
  });
  await Promise.all(inFlight);
  loop.disable();
  await design.close();
  const mockStats = totalStats(await mock.stats());
  await mock.close();
  mock.stop();
  const minutes = (Date.now() - started) / 60_000;
  const report = render(rates, hours, day, checkpoints, mockStats, minutes, started, revision);
  const file = WHOLE_DAY ? path.join(__dirname, "..", "..", "docs", "pool-endurance.md") : path.join(__dirname, "..", "..", ".bench", `pool-endurance.${FROM}-${TO}.md`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, report);
  console.log(`\n${report}\n\nwrote ${file}`);
}

const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;
const mb = (bytes: number): string => (bytes / 1e6).toFixed(2);
const n = (v: number): string => v.toLocaleString("en-US");

/** "met (3.0%)", "not met (12.5%)" or "not measured" for a growth against the 10% target. */
function verdict(growthRatio: number): string {
  return Number.isNaN(growthRatio) ? "not measured" : `**${growthRatio < 0.1 ? "met" : "not met"}** (${(growthRatio * 100).toFixed(1)}%)`;
}

function growth(a: number, b: number): string {
  return a === 0 ? (b === 0 ? "0%" : "n/a") : `${(((b - a) / a) * 100).toFixed(1)}%`;
}

function render(
  rates: readonly number[],
  hours: readonly HourTally[],
  day: HourTally,
  checkpoints: readonly Checkpoint[],
  mockStats: { requests: number; throttled: number; faulted: number; tokens: number },
  minutes: number,
  started: number,
  revision: string,
): string {
  const weights = hourlyWeights(PLAN);
  const peak = hours[PEAK_HOUR] as HourTally;
  const [early, late] = checkpoints;
  const types = [...new Set(checkpoints.flatMap((c) => Object.keys(c.handles)))].sort();
  const total = (c: Checkpoint | undefined): number => Object.values(c?.handles ?? {}).reduce((s, v) => s + v, 0);
  const heapGrowth = early !== undefined && late !== undefined ? (late.heapUsed - early.heapUsed) / early.heapUsed : Number.NaN;
  const handleGrowth = early !== undefined && late !== undefined && total(early) > 0 ? (total(late) - total(early)) / total(early) : Number.NaN;
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const hourRows = hours
    .map((t, h) => ({ t, h }))
    .filter(({ h }) => h >= FROM && h < TO)
    .map(
      ({ t, h }) =>
        `| ${String(h).padStart(2, "0")}:00 | ${weights[h]?.toFixed(2)} | ${(rates[h] as number).toFixed(2)} | ${n(t.requests)} | ${t.requests === 0 ? "-" : pct(t.succeeded / t.requests)} | ` +
        `${n(t.rejected)} + ${n(t.rejectedMidway)} | ${n(t.admittedLost)} (${n(t.lostAtService)}) | ${pct(t.tokensOk / (TPM * 60))} | ${(t.latency.percentile(95) / 1000).toFixed(1)} | ${t.loopDelayP99Ms.toFixed(1)} |`,
    );
  const failures = Object.entries(day.failures).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(", ");
  return `# Azure OpenAI pool endurance run

Generated by \`npm run bench:endurance\` (\`node --expose-gc -r ts-node/register/transpile-only bench/endurance/run.ts\`) on
${new Date(started).toISOString().slice(0, 10)}: Node ${process.version}, ${os.cpus().length} cores (${cpu}), ${os.platform()} ${os.arch()}; the run took ${minutes.toFixed(1)} min
(model hours ${FROM}-${TO}, time compressed ${SCALE}x: a model hour lasts ${(3600 / SCALE).toFixed(0)} s), against ${revision}.

## Method

- Traffic: the capacity plan's (\`CapacityPlan.fromTraffic()\`, the spec's defaults): ${n(PLAN.assumptions.dailyUsers)} daily users,
  ${n(PLAN.dailyMessages)} user requests a day, peak-hour factor ${PLAN.assumptions.peakHourFactor} (${n(PLAN.peakHourMessages)} requests in the peak hour,
  ${PLAN.peakRpsExact.toFixed(2)}/s; the plan rounds it up to ${PLAN.peakRps}), ${CALLS} Azure OpenAI calls per request one after another, each
  ~250 tokens as the service counts them (a ~150-token prompt plus max_tokens 100; the plan's ${n(PLAN.assumptions.tokensPerRequest)} tokens per request).
  A request must finish within ${DEADLINE_MS / 1000} s; its first call reserves ${RESERVE_PER_CALL_MS / 1000} s for each call still to come, follow-ups
  are \`followUp\` at priority 1 (as in \`bench:pool\`).
- Day shape (the plan gives none; this is the benchmark's assumption, \`src/capacity/day-shape.ts\`): Poisson arrivals
  at a rate constant within each hour, quiet at night, rising through the morning, a lunchtime peak hour
  (${PEAK_HOUR}:00-${PEAK_HOUR + 1}:00) at the plan's factor ${PLAN.assumptions.peakHourFactor}, a broad afternoon and evening. Relative weights
  ${RELATIVE_SHAPE.join(", ")}; the peak hour is set to the factor and the other hours scaled so that the weights average 1
  (column "weight" below).
- Service: one deployment of ${n(TPM)} TPM (${PLAN.requiredTokensPerMinute === TPM ? "the plan's requiredTokensPerMinute, no headroom" : "set by BENCH_ENDURANCE_TPM"}; ${n((TPM / 1000) * 6)} RPM), \`test/support/openai-mock.ts\` in a
  child process, latency log-normal (median 1.2 s, p99 3.8 s), everything compressed ${SCALE}x.
- Client: ONE pool (\`bench/pool/designs.ts\` \`poolDesign\`, the same settings as \`bench:pool\`, durations scaled), in the
  driver process. The driver keeps constant-memory tallies (counters, log-binned histograms), so that its own
  bookkeeping cannot grow the heap; requests' parameters are drawn as they arrive.
- Heap and handles: at model hour ${FROM + 2} and at hour ${TO} (both at night traffic) the model clock stops: no new
  arrivals, the requests in flight finish, ${IDLE_SETTLE_MS / 1000} s of idle (real time; longer than undici's 4 s keep-alive timeout), three
  forced full GCs (\`--expose-gc\`), then \`process.memoryUsage().heapUsed\` and \`process.getActiveResourcesInfo()\`
  counted by type: what the pool still holds when idle, a leak's measure. The day then resumes where it stopped.
- Compression: ${SCALE}x, so the day takes ${(1440 / SCALE).toFixed(0)} min. Not the 10-15 min first asked for: at 96x the peak hour needs
  ${n(Math.round(rates[PEAK_HOUR]! * CALLS * 96))} calls/s of real time, and the pool with the SDK costs about 1 ms of CPU per call on this machine (a one-process
  probe saturated near 900 calls/s), so the driver's CPU, not the pool, would decide the peak. At ${SCALE}x the peak hour is
  ${n(Math.round(rates[PEAK_HOUR]! * CALLS * SCALE))} calls/s; the event-loop delay column shows how close that came.

## Results

- Admitted calls lost (failed or late, not turned away with PoolOverloadedError): **${n(day.admittedLost)}** (target 0)${failures === "" ? "" : `: ${failures}`}.
  Of these, ${n(day.lostAtService)} missed their deadline at the service although sent with more than the service's p99
  (${(SERVICE_P99_MS / 1000).toFixed(2)} s) left; ${n(day.admittedLost - day.lostAtService)} were lost by the pool (its waits, breaker or retries).
- Requests: ${n(day.requests)}; all calls done within ${DEADLINE_MS / 1000} s: ${pct(day.succeeded / Math.max(1, day.requests))}; rejected with PoolOverloadedError:
  ${n(day.rejected)} at the first call (${pct(day.rejected / Math.max(1, day.requests))}), ${n(day.rejectedMidway)} at a later call (the request lost midway).
- Goodput: ${n(day.tokensOk)} tokens served by successful calls over the day; in the peak hour ${pct(peak.tokensOk / (TPM * 60))} of the deployment's quota
  for that hour. The mock received ${n(mockStats.requests)} HTTP calls, ${n(mockStats.throttled)} answered 429 (${pct(mockStats.throttled / Math.max(1, mockStats.requests))}).
- Conversation latency p50 / p95 / p99 (day): ${(day.latency.percentile(50) / 1000).toFixed(1)} / ${(day.latency.percentile(95) / 1000).toFixed(1)} / ${(day.latency.percentile(99) / 1000).toFixed(1)} s (log bins, within 10%).

### Heap and handles

| | hour ${early?.hour ?? "-"} | hour ${late?.hour ?? "-"} | growth |
|---|---|---|---|
| heapUsed after forced GC (MB) | ${early ? mb(early.heapUsed) : "-"} | ${late ? mb(late.heapUsed) : "-"} | ${early && late ? growth(early.heapUsed, late.heapUsed) : "-"} |
| rss (MB) | ${early ? mb(early.rss) : "-"} | ${late ? mb(late.rss) : "-"} | ${early && late ? growth(early.rss, late.rss) : "-"} |
| requests in flight when the clock stopped (drained before the reading) | ${early?.inFlight ?? "-"} | ${late?.inFlight ?? "-"} | |
${types.map((type) => `| handles: ${type} | ${early?.handles[type] ?? 0} | ${late?.handles[type] ?? 0} | ${growth(early?.handles[type] ?? 0, late?.handles[type] ?? 0)} |`).join("\n")}
| handles, all | ${total(early)} | ${total(late)} | ${early && late ? growth(total(early), total(late)) : "-"} |

Targets, growth hour ${FROM + 2} -> ${TO} under 10%: heap ${verdict(heapGrowth)}; open handles ${verdict(handleGrowth)}.

### Hour by hour

| Hour | Weight | Requests/s | Requests | Done in time | Rejected (first + later call) | Admitted lost (of which at the service) | Tokens served / hour's quota | p95 (s) | Event-loop delay p99 (real ms) |
|---|---|---|---|---|---|---|---|---|---|
${hourRows.join("\n")}

## Caveats

- One run, one seed: a count of 0 lost calls says that none were lost in this day, not that none can be.
- Time compression magnifies the driver's stalls: at ${SCALE}x an event-loop delay of 10 ms is ${(10 * SCALE / 1000).toFixed(1)} model seconds. Hours whose
  event-loop p99 is a large share of a call's compressed latency (median ${(1200 / SCALE).toFixed(0)} ms real) measure the client machine as much as the pool.
- The heap readings are taken in the driver process, which holds the pool, the SDK client and the driver's tallies; the
  mock's process is not measured. Handles include the IPC pipe to the mock and the child process; the drain before
  each reading makes them comparable (without it, the second reading of 2026-12-02 counted 13 handles against 6, the
  sockets and timers of 4 requests in flight against 1).
- The deployment is sized exactly at the plan's TPM: the peak hour's random fluctuation (and the pool's refill at a little
  under the full TPM) makes some rejections there expected. Whether the pool turned away only what it had to is what
  the peak hour's "tokens served / hour's quota" column says.
`;
}

void main();
