/**
 * LoadTestPlan: the day of load derived from a CapacityPlan and its Artillery 2 script.
 *
 * The last test runs the generated script with Artillery against a loopback HTTP stub started here. Artillery
 * 2.0.x needs Node >= 22.18 and 460 packages, so it is not a devDependency: `npm run setup:artillery` installs it
 * from tools/artillery's lock file (.ci/run does, before the Node 22 and 24 runs). The test runs that binary (or the
 * file ARTILLERY_BIN names) with this test's Node, and is skipped, its reason in its name, when Node is older or
 * the binary is absent.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { CapacityPlan, DEFAULT_CUSTOMER_MESSAGE, type LoadTestOptions, LoadTestPlan } from "../../src/capacity";
import { hourlyRates, PEAK_HOUR } from "../../src/capacity/day-shape";

const TARGET = "https://gateway.example.com";
const plan = CapacityPlan.fromTraffic();

/** The Artillery script as toArtilleryYaml() writes it (JSON-compatible YAML, so JSON.parse reads it). */
interface ArtilleryScript {
  readonly config: {
    readonly target: string;
    readonly http: { readonly timeout: number };
    readonly phases: ReadonlyArray<{ readonly name: string; readonly duration?: number; readonly arrivalCount?: number; readonly pause?: number }>;
  };
  readonly scenarios: ReadonlyArray<{ readonly name: string; readonly flow: ReadonlyArray<{ readonly post: { readonly url: string; readonly json: unknown } }> }>;
}

function parseScript(loadTest: LoadTestPlan): ArtilleryScript {
  return JSON.parse(loadTest.toArtilleryYaml()) as ArtilleryScript;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

describe("LoadTestPlan of the spec's default plan, uncompressed", () => {
  const loadTest = plan.loadTestPlan({ target: TARGET });

  test("has one one-hour phase per hour of the day: 24 phases, 86,400 s", () => {
    expect(loadTest.phases.map((phase) => [phase.hour, phase.name, phase.durationSeconds])).toEqual(
      Array.from({ length: 24 }, (_, h) => [h, `${String(h).padStart(2, "0")}:00-${String(h + 1).padStart(2, "0")}:00`, 3_600]),
    );
    expect(loadTest.durationSeconds).toBe(86_400);
    expect(sum(loadTest.phases.map((phase) => phase.durationSeconds))).toBe(86_400);
  });

  test("runs the day shape's hourly rates; the peak hour at the plan's exact peak RPS (3.4722), not the rounded-up 3.5", () => {
    expect(loadTest.phases.map((phase) => phase.arrivalRate)).toEqual(hourlyRates(plan));
    const peak = loadTest.phases[PEAK_HOUR]!;
    expect(peak.name).toBe("12:00-13:00");
    expect(peak.arrivalRate).toBe(plan.peakRpsExact);
    expect(peak.arrivalRate).toBeCloseTo(3.4722, 4);
    expect(peak.arrivalRate).toBe(Math.max(...loadTest.phases.map((phase) => phase.arrivalRate)));
    expect(plan.peakRps).toBe(3.5);
  });

  test("sends the plan's 100,000 daily messages: rate x duration exactly, the whole-request counts within 24 x 0.5", () => {
    expect(sum(loadTest.phases.map((phase) => phase.arrivalRate * phase.durationSeconds))).toBeCloseTo(plan.dailyMessages, 6);
    const counts = loadTest.phases.map((phase) => phase.arrivalCount);
    expect(counts.every(Number.isInteger)).toBe(true);
    loadTest.phases.forEach((phase) => expect(Math.abs(phase.arrivalCount - phase.arrivalRate * phase.durationSeconds)).toBeLessThanOrEqual(0.5));
    expect(Math.abs(sum(counts) - plan.dailyMessages)).toBeLessThanOrEqual(12);
    expect(sum(counts)).toBe(99_999);
    expect(loadTest.phases[PEAK_HOUR]!.arrivalCount).toBe(plan.peakHourMessages);
  });

  test("keeps the defaults: POST /chat with the default customer message, a 30 s timeout (2 x the 14.9 s P95)", () => {
    expect(loadTest).toMatchObject({ target: TARGET, path: "/chat", body: DEFAULT_CUSTOMER_MESSAGE, compression: 1, rateFactor: 1, timeoutSeconds: 30 });
  });

  test("CapacityPlan.loadTestPlan is LoadTestPlan.fromCapacityPlan", () => {
    expect(loadTest).toEqual(LoadTestPlan.fromCapacityPlan(plan, { target: TARGET }));
  });
});

describe("LoadTestPlan options", () => {
  test("compression 60: 24 one-minute phases (1,440 s, a 24-minute day) at the same real rates", () => {
    const compressed = plan.loadTestPlan({ target: TARGET, compression: 60 });
    expect(compressed.phases).toHaveLength(24);
    expect(compressed.phases.every((phase) => phase.durationSeconds === 60)).toBe(true);
    expect(compressed.durationSeconds).toBe(86_400 / 60);
    expect(compressed.phases.map((phase) => phase.arrivalRate)).toEqual(hourlyRates(plan));
    expect(compressed.phases.map((phase) => phase.arrivalCount)).toEqual(hourlyRates(plan).map((rate) => Math.round(rate * 60)));
    expect(compressed.phases[PEAK_HOUR]!.arrivalCount).toBe(208);
  });

  test("any compression that divides an hour into whole seconds lasts 24 h / compression, rates unchanged", () => {
    const divisors = Array.from({ length: 3_600 }, (_, i) => i + 1).filter((n) => 3_600 % n === 0);
    fc.assert(
      fc.property(fc.constantFrom(...divisors), (compression) => {
        const compressed = plan.loadTestPlan({ target: TARGET, compression });
        expect(compressed.phases).toHaveLength(24);
        expect(sum(compressed.phases.map((phase) => phase.durationSeconds))).toBe(86_400 / compression);
        expect(compressed.phases.map((phase) => phase.arrivalRate)).toEqual(hourlyRates(plan));
      }),
    );
  });

  test("fromHour/toHour select hours and rateFactor scales the rates", () => {
    const window = plan.loadTestPlan({ target: TARGET, fromHour: 10, toHour: 14, rateFactor: 2 });
    expect(window.phases.map((phase) => phase.name)).toEqual(["10:00-11:00", "11:00-12:00", "12:00-13:00", "13:00-14:00"]);
    expect(window.phases.map((phase) => phase.arrivalRate)).toEqual(hourlyRates(plan).slice(10, 14).map((rate) => rate * 2));
    expect(window.durationSeconds).toBe(4 * 3_600);
  });

  test("rateFactor peakRps / peakRpsExact puts the peak at the sizing figure, 3.5 requests/s", () => {
    const sized = plan.loadTestPlan({ target: TARGET, rateFactor: plan.peakRps / plan.peakRpsExact });
    expect(sized.phases[PEAK_HOUR]!.arrivalRate).toBeCloseTo(3.5, 12);
  });

  test("another plan's peak phase is its own peakRpsExact and its day its dailyMessages", () => {
    const busy = CapacityPlan.fromTraffic({ dailyUsers: 25_000, peakHourFactor: 5 });
    const loadTest = busy.loadTestPlan({ target: TARGET });
    expect(loadTest.phases[PEAK_HOUR]!.arrivalRate).toBe(busy.peakRpsExact);
    expect(sum(loadTest.phases.map((phase) => phase.arrivalRate * phase.durationSeconds))).toBeCloseTo(busy.dailyMessages, 6);
  });
});

describe("toArtilleryYaml", () => {
  test("parses back to the plan: target, timeout, one phase per plan phase, a POST of the message to the path", () => {
    const loadTest = plan.loadTestPlan({ target: `${TARGET}/`, compression: 60, path: "/api/messages", body: { message: "Can I return shoes?", channel: "web" } });
    const script = parseScript(loadTest);
    expect(script).toEqual({
      config: {
        target: TARGET,
        http: { timeout: 30 },
        phases: loadTest.phases.map((phase) => ({ name: phase.name, duration: phase.durationSeconds, arrivalCount: phase.arrivalCount })),
      },
      scenarios: [{ name: "customer message", flow: [{ post: { url: "/api/messages", json: { message: "Can I return shoes?", channel: "web" } } }] }],
    });
    expect(script.config.phases.map((phase) => (phase.arrivalCount ?? 0) / phase.duration!)).toEqual(loadTest.phases.map((phase) => phase.arrivalCount / phase.durationSeconds));
  });

  test("a phase that rounds to no request is a pause of the same duration (Artillery would skip an arrivalCount of 0)", () => {
    const loadTest = plan.loadTestPlan({ target: TARGET, compression: 3_600, rateFactor: 0.5 });
    const quiet = loadTest.phases.filter((phase) => phase.arrivalCount === 0);
    // Half the rate for one second rounds to no request in the hours below 1 request/s.
    expect(quiet.map((phase) => phase.hour)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 21, 22, 23]);
    expect(quiet.map((phase) => phase.hour)).toEqual(hourlyRates(plan).flatMap((rate, hour) => (rate < 1 ? [hour] : [])));
    const phases = parseScript(loadTest).config.phases;
    expect(phases).toHaveLength(24);
    expect(phases.filter((phase) => phase.pause !== undefined)).toEqual(quiet.map((phase) => ({ name: phase.name, pause: 1 })));
    expect(sum(phases.map((phase) => phase.duration ?? phase.pause!))).toBe(24);
  });
});

describe("LoadTestPlan validation", () => {
  const where = "LoadTestPlan.fromCapacityPlan: ";
  function errorOf(options: LoadTestOptions): Error {
    try {
      plan.loadTestPlan(options);
    } catch (error) {
      return error as Error;
    }
    throw new Error(`no error for ${JSON.stringify(options)}`);
  }

  test.each<[string, Partial<LoadTestOptions>, string]>([
    ["ftp target", { target: "ftp://gateway.example.com" }, 'target must be an http(s) URL without query or fragment, e.g. "https://<gateway fqdn>"; got "ftp://gateway.example.com"'],
    ["relative target", { target: "gateway.example.com" }, 'target must be an http(s) URL without query or fragment, e.g. "https://<gateway fqdn>"; got "gateway.example.com"'],
    ["target with a query", { target: "https://gateway.example.com/?a=1" }, 'target must be an http(s) URL without query or fragment, e.g. "https://<gateway fqdn>"; got "https://gateway.example.com/?a=1"'],
    [
      "token target",
      { target: "https://${TfToken[TOKEN.12]}" },
      'target must be an http(s) URL without query or fragment, e.g. "https://<gateway fqdn>"; got "https://${TfToken[TOKEN.12]}" (an unresolved Terraform token: pass the deployed URL, e.g. from `terraform output`)',
    ],
    ["compression below 1", { compression: 0.5 }, "compression must be a finite number from 1 to 3600; got 0.5"],
    ["infinite compression", { compression: Infinity }, "compression must be a finite number from 1 to 3600; got Infinity"],
    ["NaN compression", { compression: NaN }, "compression must be a finite number from 1 to 3600; got NaN"],
    ["compression above 3600", { compression: 7_200 }, "compression must be a finite number from 1 to 3600; got 7200"],
    [
      "compression giving fractional seconds",
      { compression: 7 },
      "compression must divide an hour into whole seconds (3600 / compression an integer; Artillery 2 rejects fractional durations); got 7 (514.29 s)",
    ],
    ["rateFactor 0", { rateFactor: 0 }, "rateFactor must be a finite number > 0; got 0"],
    ["fromHour 24", { fromHour: 24 }, "fromHour must be an integer from 0 to 23; got 24"],
    ["fractional toHour", { toHour: 12.5 }, "toHour must be an integer from 1 to 24; got 12.5"],
    ["fromHour after toHour", { fromHour: 14, toHour: 10 }, "fromHour must be below toHour; got fromHour 14, toHour 10"],
    ["relative path", { path: "chat" }, 'path must start with "/" and contain no whitespace, e.g. "/chat"; got "chat"'],
    ["array body", { body: [] as unknown as Record<string, unknown> }, 'body must be a JSON object, e.g. { "message": "Where is my order?" }; got []'],
    ["fractional timeout", { timeoutSeconds: 0.5 }, "timeoutSeconds must be an integer >= 1; got 0.5"],
  ])("%s", (_, options, message) => {
    const error = errorOf({ target: TARGET, ...options });
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe(where + message);
  });

  test("lists every problem in one RangeError", () => {
    const error = errorOf({ target: "mailto:ops@example.com", compression: 0, rateFactor: -1 });
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe(
      `${where}target must be an http(s) URL without query or fragment, e.g. "https://<gateway fqdn>"; got "mailto:ops@example.com"; compression must be a finite number from 1 to 3600; got 0; rateFactor must be a finite number > 0; got -1`,
    );
  });

  test("a missing target is named", () => {
    expect(errorOf({} as LoadTestOptions).message).toBe(`${where}target must be an http(s) URL without query or fragment, e.g. "https://<gateway fqdn>"; got undefined`);
  });
});

const ARTILLERY_MIN_NODE = [22, 18];
const artilleryBin = process.env.ARTILLERY_BIN ?? join(__dirname, "..", "..", "tools", "artillery", "node_modules", ".bin", "artillery");
const [nodeMajor, nodeMinor] = process.versions.node.split(".").map(Number) as [number, number];
const artilleryProblem =
  nodeMajor < ARTILLERY_MIN_NODE[0]! || (nodeMajor === ARTILLERY_MIN_NODE[0] && nodeMinor < ARTILLERY_MIN_NODE[1]!)
    ? `artillery 2.0.x needs Node >= ${ARTILLERY_MIN_NODE.join(".")}, this is ${process.versions.node}`
    : existsSync(artilleryBin)
      ? undefined
      : `artillery is not installed at ${artilleryBin}: run \`npm run setup:artillery\` or set ARTILLERY_BIN to an artillery binary`;

/** A request the stub received: when (ms, performance.now()), method, URL and body. */
interface Arrival {
  readonly at: number;
  readonly method: string;
  readonly url: string;
  readonly body: string;
}

/** Tolerance of the observed arrival rate of a phase: 10% of the planned rate. */
const RATE_TOLERANCE = 0.1;

const ARTILLERY_RUN = "Artillery runs the compressed script against a loopback stub at the planned rate of each phase (within 10%)";

(artilleryProblem === undefined ? test : test.skip)(
  artilleryProblem === undefined ? ARTILLERY_RUN : `${ARTILLERY_RUN} [skipped: ${artilleryProblem}]`,
  async () => {
    const arrivals: Arrival[] = [];
    const server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const at = performance.now();
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        arrivals.push({ at, method: request.method ?? "", url: request.url ?? "", body: Buffer.concat(chunks).toString("utf8") });
        response.writeHead(200, { "content-type": "application/json" }).end('{"reply":"ok"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const scratch = mkdtempSync(join(tmpdir(), "load-test-plan-"));
    try {
      const { port } = server.address() as AddressInfo;
      // 10:00-14:00 around the peak, each hour 2 s, at 20x the plan's rates (66 to 139 requests a phase): 8 s of load.
      const loadTest = plan.loadTestPlan({ target: `http://127.0.0.1:${port}`, fromHour: 10, toHour: 14, compression: 1_800, rateFactor: 20 });
      expect(loadTest.phases.map((phase) => phase.arrivalCount)).toEqual([66, 79, 139, 79]);
      writeFileSync(join(scratch, "load-test.yml"), loadTest.toArtilleryYaml());
      const started = performance.now();
      const run = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [artilleryBin, "run", "--output", "report.json", "load-test.yml"], {
          cwd: scratch,
          env: { ...process.env, ARTILLERY_DISABLE_TELEMETRY: "true" },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, output }));
      });
      const seconds = (performance.now() - started) / 1000;
      if (run.code !== 0) throw new Error(`artillery run exited ${run.code}:\n${run.output}`);
      expect(seconds).toBeLessThan(20);

      const planned = sum(loadTest.phases.map((phase) => phase.arrivalCount));
      const counters = (JSON.parse(readFileSync(join(scratch, "report.json"), "utf8")) as { aggregate: { counters: Record<string, number> } }).aggregate.counters;
      expect([counters["http.requests"], counters["http.codes.200"], counters["vusers.failed"]]).toEqual([planned, planned, 0]);
      expect(arrivals).toHaveLength(planned);
      expect(arrivals.every((arrival) => arrival.method === "POST" && arrival.url === "/chat")).toBe(true);
      expect(arrivals.every((arrival) => JSON.stringify(JSON.parse(arrival.body)) === JSON.stringify(DEFAULT_CUSTOMER_MESSAGE))).toBe(true);

      // Phases run back to back from the first arrival: phase i is [i x 2 s, (i + 1) x 2 s) after it.
      const first = Math.min(...arrivals.map((arrival) => arrival.at));
      const last = loadTest.phases.length - 1;
      const phaseOf = (arrival: Arrival): number => Math.min(last, Math.floor((arrival.at - first) / (loadTest.phases[0]!.durationSeconds * 1000)));
      const observed = loadTest.phases.map((phase, i) => arrivals.filter((arrival) => phaseOf(arrival) === i).length / phase.durationSeconds);
      observed.forEach((rate, i) => expect(Math.abs(rate - loadTest.phases[i]!.arrivalRate)).toBeLessThanOrEqual(RATE_TOLERANCE * loadTest.phases[i]!.arrivalRate));
    } finally {
      await new Promise((resolve) => server.close(resolve));
      rmSync(scratch, { recursive: true, force: true });
    }
  },
  60_000,
);
