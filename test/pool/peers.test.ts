import type { Meter } from "@opentelemetry/api";
import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import type * as PoolModule from "../../src/pool";
import { classifyFailure } from "../../src/pool/classify";
import type * as MetricsModule from "../../src/pool/metrics";
import { createPoolMetrics } from "../../src/pool/metrics";

/** A module-not-found error, as Node's require throws it for a package that is not installed. */
function missing(name: string): Error {
  return Object.assign(new Error(`Cannot find module '${name}'`), { code: "MODULE_NOT_FOUND" });
}

describe("optional peers are loaded lazily", () => {
  afterEach(() => jest.resetModules());

  test("importing ./pool works without openai, undici, @azure/identity and @opentelemetry/api; using the pool names the package to install", () => {
    for (const name of ["openai", "undici", "@azure/identity", "@opentelemetry/api"]) {
      jest.doMock(name, () => {
        throw missing(name);
      });
    }
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the import under test must run after the mocks
      const pool = require("../../src/pool") as typeof PoolModule;
      expect(typeof pool.AzureOpenAIPool).toBe("function");
      const settings = { deployments: [{ endpoint: "https://a.openai.azure.com", deployment: "d", tokensPerMinute: 1000 }], apiKey: "k" };
      expect(() => new pool.AzureOpenAIPool(settings)).toThrow("AzureOpenAIPool needs the optional peer dependency openai: npm install openai");
    });
  });

  test("a broken peer is reported as is", () => {
    jest.doMock("openai", () => {
      throw new Error("broken install");
    });
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the import under test must run after the mock
      const { AzureOpenAIPool } = require("../../src/pool") as typeof PoolModule;
      expect(() => new AzureOpenAIPool({ deployments: [{ endpoint: "https://a.openai.azure.com", deployment: "d", tokensPerMinute: 1000 }] })).toThrow("broken install");
    });
  });

  test("metrics are a no-op without @opentelemetry/api", () => {
    jest.doMock("@opentelemetry/api", () => {
      throw missing("@opentelemetry/api");
    });
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the import under test must run after the mock
      const { createPoolMetrics: create } = require("../../src/pool/metrics") as typeof MetricsModule;
      const metrics = create(undefined, () => ({ inFlight: 0, waiting: 0 }));
      expect(() => {
        metrics.attempt("d", "ok", 1);
        metrics.rejected("deadline");
        metrics.close();
      }).not.toThrow();
    });
  });
});

describe("createPoolMetrics", () => {
  test("records attempts, durations and rejections, and observes the gauges until closed", () => {
    const recorded: [string, number, Record<string, unknown>][] = [];
    const instrument = (name: string) => ({
      add: (value: number, attributes: Record<string, unknown>) => recorded.push([name, value, attributes]),
      record: (value: number, attributes: Record<string, unknown>) => recorded.push([name, value, attributes]),
    });
    let callback: ((result: { observe: (i: { name: string }, v: number) => void }) => void) | undefined;
    const meter = {
      createCounter: instrument,
      createHistogram: instrument,
      createObservableGauge: (name: string) => ({ name }),
      addBatchObservableCallback: (cb: typeof callback) => (callback = cb),
      removeBatchObservableCallback: () => (callback = undefined),
    } as unknown as Meter;
    const metrics = createPoolMetrics(meter, () => ({ inFlight: 3, waiting: 4 }));
    metrics.attempt("d1", "throttled", 12);
    metrics.rejected("queue-full");
    expect(recorded).toEqual([
      ["azure_openai.pool.attempts", 1, { deployment: "d1", outcome: "throttled" }],
      ["azure_openai.pool.attempt.duration", 12, { deployment: "d1", outcome: "throttled" }],
      ["azure_openai.pool.rejected", 1, { reason: "queue-full" }],
    ]);
    const observed: [string, number][] = [];
    callback?.({ observe: (i, v) => observed.push([i.name, v]) });
    expect(observed).toEqual([
      ["azure_openai.pool.in_flight", 3],
      ["azure_openai.pool.waiting", 4],
    ]);
    metrics.close();
    expect(callback).toBeUndefined();
  });

  test("uses the global meter provider of @opentelemetry/api by default (a no-op without an SDK)", () => {
    const metrics = createPoolMetrics(undefined, () => ({ inFlight: 0, waiting: 0 }));
    expect(() => metrics.attempt("d", "ok", 1)).not.toThrow();
    metrics.close();
  });
});

describe("classifyFailure", () => {
  const sdk = { APIError, APIConnectionError };
  const headers = new Headers({ "retry-after-ms": "250" });

  test.each([
    [new APIError(429, {}, "slow down", headers), { kind: "throttled", retryAfterMs: 250 }],
    [new APIError(503, {}, "busy", new Headers()), { kind: "transient" }],
    [new APIError(408, {}, "timeout", new Headers()), { kind: "transient" }],
    [new APIError(409, {}, "conflict", new Headers()), { kind: "transient" }],
    [new APIConnectionTimeoutError(), { kind: "transient" }],
    [new APIConnectionError({ cause: new Error("ECONNRESET") }), { kind: "transient" }],
    [new TypeError("terminated"), { kind: "transient" }],
    [new APIError(400, {}, "bad", new Headers()), { kind: "fatal", answered: true }],
    [new RangeError("bug"), { kind: "fatal", answered: false }],
  ])("%s", (err, expected) => {
    expect(classifyFailure(err, sdk)).toEqual(expected);
  });
});
