import { App, TerraformStack } from "cdktf";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { RetailCustomerServicePlatform, type RetailCustomerServicePlatformProps, type SimulationResult } from "../../constructs";
import { main } from "../../src/cli/main";
import { parseSvg } from "../support/svg";
import { testStack } from "../support/template";

/**
 * The simulation of a day through the platform's synthesized scaling rules (src/simulation). Every expectation is on
 * the numbers the simulation returns; the modelling assumptions are in src/simulation/assumptions.ts.
 */

function platform(props: Partial<RetailCustomerServicePlatformProps> = {}): RetailCustomerServicePlatform {
  return new RetailCustomerServicePlatform(testStack(), "cs", {
    location: "eastus2",
    alerts: { emails: ["ops@example.com"] },
    ...props,
    openAI: { lifecycleAsOf: "2026-12-01", ...props.openAI },
  });
}

/** Replicas of `app` from local minute `from` to `to` (exclusive) of the first day. */
const replicas = (result: SimulationResult, app: string, from: number, to: number): number[] => result.apps[app]!.replicasPerMinute.slice(from, to);

const COMPONENTS = ["analytics", "apiGateway", "critic", "escalation", "intent", "knowledge", "response", "slimGateway"];

describe("the spec's day on the default platform", () => {
  const spec = platform();
  // The default deployment: the plan's 210,000 TPM at peak + 5% (221,000), room for the peak hour's minute-to-minute swings.
  const day = spec.simulate();

  test("every request of the day is served, at the baseline's latency", () => {
    const { servedRequests, unservedRequests, p50LatencySeconds, p95LatencySeconds } = day.summary;
    expect(unservedRequests).toBe(0);
    // Poisson arrivals of the plan's 100,000 daily messages: within 4 standard deviations.
    expect(Math.abs(servedRequests - spec.capacityPlan.dailyMessages)).toBeLessThan(4 * Math.sqrt(spec.capacityPlan.dailyMessages));
    expect(day.timeline.offeredPerMinute.reduce((sum, n) => sum + n, 0)).toBe(servedRequests);
    // The baseline's service times (mean 3 / 0.22 = 13.6 s, P95 14.9 s), nothing added by scaling.
    expect(p50LatencySeconds).toBeGreaterThan(13);
    expect(p50LatencySeconds).toBeLessThan(14);
    expect(p95LatencySeconds).toBeGreaterThan(14.5);
    expect(p95LatencySeconds).toBeLessThan(15.5);
  });

  test("every app is reported by component name, within its replica range, with a minute-by-minute timeline", () => {
    expect(Object.keys(day.apps).sort()).toEqual(COMPONENTS);
    for (const [name, app] of Object.entries(day.apps)) {
      const range = spec.apps[name]!;
      expect(app).toMatchObject({ minReplicas: range.minReplicas, maxReplicas: range.maxReplicas });
      expect(app.replicasPerMinute).toHaveLength(1440);
      expect(Math.max(...app.replicasPerMinute)).toBeLessThanOrEqual(app.peakReplicas);
      expect(Math.min(...app.replicasPerMinute)).toBeGreaterThanOrEqual(range.minReplicas);
      expect(app.peakReplicas).toBeLessThanOrEqual(range.maxReplicas);
      // Replica-hours are the timeline's replicas over the day (sampled each minute, integrated every 15 s).
      const sampled = app.replicasPerMinute.reduce((sum, n) => sum + n, 0) / 60;
      expect(Math.abs(app.replicaHours - sampled)).toBeLessThan(0.05 * sampled + 0.5);
    }
    // The gateway carries every request: it scales with the day (more replicas at the lunchtime peak than at 04:00).
    expect(Math.max(...replicas(day, "apiGateway", 12 * 60, 13 * 60))).toBeGreaterThan(Math.max(...replicas(day, "apiGateway", 4 * 60, 5 * 60)));
    // The compute cost is the apps' sum, and within costEstimate()'s range for the apps.
    const total = Object.values(day.apps).reduce((sum, app) => sum + app.monthlyCostUsd, 0);
    expect(day.summary.monthlyCostUsd).toBeCloseTo(total, 6);
    const estimate = spec.costEstimate();
    expect(day.summary.monthlyCostUsd).toBeGreaterThan(estimate.computeUsd.min);
    expect(day.summary.monthlyCostUsd).toBeLessThan(estimate.computeUsd.max);
  });

  test("a cron floor holds its window in its time zone: 2 replicas of the gateway from 08:00 to 20:00 New York time on a weekday", () => {
    const quiet = platform({ traffic: { dailyUsers: 50 } }).simulate({ tokensPerMinute: 250_000 });
    expect(quiet.timeline.timeZone).toBe("America/New_York");
    expect(Math.min(...replicas(quiet, "apiGateway", 8 * 60 + 1, 20 * 60))).toBeGreaterThanOrEqual(2);
    expect(Math.max(...replicas(quiet, "apiGateway", 0, 8 * 60))).toBeLessThan(2);
    // After the window the floor is gone; the replicas stay until the cooldown and the stabilization window pass.
    expect(Math.max(...replicas(quiet, "apiGateway", 20 * 60 + 10, 24 * 60))).toBeLessThan(2);
    // Seen from UTC (traffic shape in UTC), the same window opens at 13:00 UTC (New York is UTC-5 in January).
    const utc = platform({ traffic: { dailyUsers: 50 } }).simulate({ tokensPerMinute: 250_000, timeZone: "UTC" });
    expect(Math.max(...replicas(utc, "apiGateway", 0, 13 * 60))).toBeLessThan(2);
    expect(Math.min(...replicas(utc, "apiGateway", 13 * 60 + 1, 24 * 60))).toBeGreaterThanOrEqual(2);
  });

  test("with few users, apps at minReplicas 0 scale to zero and cold-start, and scale-in waits for the cooldown", () => {
    const night = platform({ traffic: { dailyUsers: 30 }, schedule: false }).simulate({ tokensPerMinute: 250_000, coldStartSeconds: 20 });
    const analytics = night.apps.analytics!;
    expect(analytics.minReplicas).toBe(0);
    expect(analytics.coldStarts).toBeGreaterThan(5);
    // Apps at minReplicas 1 never start from zero.
    expect(night.apps.response!.coldStarts).toBe(0);
    expect(night.apps.slimGateway!.coldStarts).toBe(0);
    // Every stretch of running replicas lasts at least the 300 s cooldown after its last request: 5 minutes.
    const runs: number[] = [];
    let run = 0;
    for (const n of analytics.replicasPerMinute) {
      if (n > 0) run++;
      else if (run > 0) {
        runs.push(run);
        run = 0;
      }
    }
    expect(runs.length).toBeGreaterThan(5);
    expect(Math.min(...runs)).toBeGreaterThanOrEqual(5);
    // Cold starts cost time: requests that met one wait for it, so the P95 exceeds the baseline's 14.9 s.
    expect(night.summary.p95LatencySeconds).toBeGreaterThan(16);
  });

  test("the same seed gives the same result; another seed another", () => {
    const again = spec.simulate();
    expect(again.summary).toEqual(day.summary);
    expect(again.apps).toEqual(day.apps);
    const other = spec.simulate({ seed: 2 });
    expect(other.summary.servedRequests).not.toBe(day.summary.servedRequests);
  });
});

describe("where the platform breaks", () => {
  test("the spec diagram's 200,000 TPM (below its own 210,000 requirement) leaves requests unserved at the peak", () => {
    const tight = platform().simulate({ tokensPerMinute: 200_000 });
    expect(tight.summary.unservedRequests).toBeGreaterThan(0);
    expect(tight.summary.p95LatencySeconds).toBeGreaterThan(20);
  });

  test("at 10x the spec's users the apps saturate: the gateway at maxReplicas for hours, requests unserved (the quota, sized from the traffic, is not what breaks)", () => {
    const crowded = platform({ traffic: { dailyUsers: 100_000 } });
    expect(crowded.openai.totalTokensPerMinute).toBe(2_193_000);
    const crowd = crowded.simulate();
    expect(crowd.apps.apiGateway!.saturatedMinutes).toBeGreaterThan(600);
    expect(crowd.apps.apiGateway!.peakReplicas).toBe(10);
    const offered = crowd.summary.servedRequests + crowd.summary.unservedRequests;
    // 2026-12-03, seed 1: 79,282 of 999,940 unserved (7.9%), all turned away at the saturated gateway.
    expect(crowd.summary.unservedRequests / offered).toBeGreaterThan(0.05);
  });
});

test("model check: at a steady load the gateway runs about the capacity plan's instance count (HTTP target = the baseline's 3 concurrent users)", () => {
  // A flat day (peak-hour factor 1) at 1.16 RPS: the plan needs ceil(1.2 / 0.22) = 6 instances of 3 concurrent users.
  const flat = platform({ traffic: { peakHourFactor: 1 }, concurrentRequestsPerReplica: 3, apiGateway: { maxReplicas: 30 }, schedule: false });
  const result = flat.simulate({ tokensPerMinute: 1_000_000 });
  const steady = replicas(result, "apiGateway", 2 * 60, 22 * 60).sort((a, b) => a - b);
  const median = steady[Math.floor(steady.length / 2)]!;
  // Tolerance, from the plan up to a bound derived here. The plan sizes for the mean concurrency (Little's law: the
  // flat day's 1.157 RPS x 13.6 s = 15.8 requests in flight, over 3 per instance, rounded up to 6). The scaler samples
  // the concurrency every 15 s and the 300 s scale-in stabilization keeps the highest of the last 20 samples: about
  // the mean plus 2-3 standard deviations of a Poisson count. Upper bound: (15.8 + 3 x sqrt(15.8)) / 3, rounded up (10).
  const meanInFlight = (flat.capacityPlan.dailyMessages / 86_400) * (3 / 0.22);
  const upper = Math.ceil((meanInFlight + 3 * Math.sqrt(meanInFlight)) / 3);
  expect(flat.capacityPlan.instances).toBe(6);
  expect(upper).toBe(10);
  expect(median).toBeGreaterThanOrEqual(flat.capacityPlan.instances);
  expect(median).toBeLessThanOrEqual(upper);
});

test("bad options are RangeErrors naming the option", () => {
  const p = platform();
  expect(() => p.simulate({ days: 0 })).toThrow(/days must be a number above 0 and at most 7; got 0/);
  expect(() => p.simulate({ days: 1.5 })).toThrow(/days must be a whole number/);
  expect(() => p.simulate({ timeZone: "Eastern Standard Time" })).toThrow(/not an IANA time-zone name/);
  expect(() => p.simulate({ startDate: "04/01/2027" })).toThrow(/not YYYY-MM-DD/);
  expect(() => p.simulate({ replicaConcurrency: -1 })).toThrow(/replicaConcurrency must be a number above 0/);
});

describe("the CLI: simulate <cdk.tf.json>", () => {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), "simulate-")) });
  const stack = new TerraformStack(app, "retail");
  new RetailCustomerServicePlatform(stack, "cs", { location: "eastus2", openAI: { lifecycleAsOf: "2026-12-01" } });
  const file = join(app.outdir, "cdk.tf.json");
  writeFileSync(file, JSON.stringify(stack.toTerraform()));
  const run = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
    let out = "";
    let err = "";
    const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
    return { code, out, err };
  };
  const names = Object.values((JSON.parse(readFileSync(file, "utf8")) as { resource: { azurerm_container_app: Record<string, { name: string }> } }).resource.azurerm_container_app).map((a) => a.name);

  test("prints one row per container app of the stack, by Azure name, and the summary", async () => {
    const { code, out } = await run("simulate", file, "--users", "2000");
    expect(code).toBe(0);
    const rows = out.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| App "));
    expect(rows.map((row) => row.split("|")[1]!.trim()).sort()).toEqual([...names].sort());
    expect(names).toHaveLength(8);
    const summary = /Requests: ([\d,]+) served, ([\d,]+) unserved/.exec(out);
    expect(summary).not.toBeNull();
    // 2,000 users: 20,000 messages.
    const served = Number(summary![1]!.replace(/,/g, "")) + Number(summary![2]!.replace(/,/g, ""));
    expect(Math.abs(served - 20_000)).toBeLessThan(4 * Math.sqrt(20_000));
  });

  test("--svg writes the plot: an SVG with a row per container app", async () => {
    const svgFile = join(app.outdir, "day.svg");
    const { code, err } = await run("simulate", file, "--svg", svgFile);
    expect([code, err]).toEqual([0, `wrote the plot of the simulated day to ${svgFile}\n`]);
    const { texts } = parseSvg(readFileSync(svgFile, "utf8"));
    for (const name of names) expect(texts).toContainEqual(expect.stringMatching(new RegExp(`^${name} \\(\\d+-\\d+\\)$`)));
  });

  test("on the platform's own stack it reports what platform.simulate() does (apps keyed by Azure name, weighed by component)", async () => {
    const { out } = await run("simulate", file, "--seed", "1");
    const expected = new RetailCustomerServicePlatform(testStack(), "cs", { location: "eastus2", openAI: { lifecycleAsOf: "2026-12-01" } }).simulate({ seed: 1 });
    const summary = /Requests: ([\d,]+) served, ([\d,]+) unserved/.exec(out)!;
    expect([Number(summary[1]!.replace(/,/g, "")), Number(summary[2]!.replace(/,/g, ""))]).toEqual([expected.summary.servedRequests, expected.summary.unservedRequests]);
  });

  test("a stack without container apps exits 1 with the reason, named once", async () => {
    const empty = join(app.outdir, "empty.json");
    writeFileSync(empty, JSON.stringify({ resource: { azurerm_resource_group: { rg: { name: "rg", location: "eastus2" } } } }));
    expect(await run("simulate", empty)).toMatchObject({ code: 1, err: "cdktf-azure-agent-platform simulate: the stack has no azurerm_container_app to simulate\n" });
  });

  test("bad usage exits 2 with the reason", async () => {
    expect(await run("simulate")).toMatchObject({ code: 2, err: expect.stringMatching(/simulate needs the path of a synthesized cdk\.tf\.json/) });
    expect(await run("simulate", file, "--users", "many")).toMatchObject({ code: 2, err: expect.stringMatching(/--users needs a number above 0; got "many"/) });
    expect(await run("simulate", file, "--days", "9")).toMatchObject({ code: 1, err: expect.stringMatching(/days must be a number above 0 and at most 7/) });
    expect(await run("simulate", file, "--svg")).toMatchObject({ code: 2, err: expect.stringMatching(/--svg needs a value/) });
  });
});
