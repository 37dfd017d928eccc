import fc from "fast-check";
import { type CostComponent, CostEstimate, DEFAULT_COST_PRICES, HOURS_PER_MONTH } from "../../src/capacity";
import { parseTables, plain, usdRange } from "./markdown-tables";

const MONTH_S = 730 * 3600; // 2,628,000 s
const WEEKLY_HOUR_S = (730 / 168) * 3600; // one hour a week, in seconds per month
const SMALL = { cpu: 0.5, memoryGi: 1 };
/** 0.5 vCPU / 1 GiB, one replica, active all month. */
const ONE_ACTIVE = 0.5 * 3600 * 730 * 0.000024 + 1 * 3600 * 730 * 0.000003; // 39.42
/** 0.5 vCPU / 1 GiB, one replica, idle all month. */
const ONE_IDLE = 0.5 * 3600 * 730 * 0.000003 + 1 * 3600 * 730 * 0.000003; // 11.826
/** The free grant's value against active usage: 180,000 vCPU-s and 360,000 GiB-s. */
const GRANT_ACTIVE = 180_000 * 0.000024 + 360_000 * 0.000003; // 5.40
const GRANT_IDLE = 180_000 * 0.000003 + 360_000 * 0.000003; // 1.62

const app = (name: string, minReplicas: number, maxReplicas: number, extra: Partial<CostComponent> = {}): CostComponent => ({
  name,
  ...SMALL,
  minReplicas,
  maxReplicas,
  ...extra,
});

/** The spec's eight apps with its replica ranges (0.5 vCPU / 1 GiB but the response generator's 1 / 2 GiB). */
const PLATFORM: CostComponent[] = [
  app("API Gateway", 0, 10),
  app("SLIM Gateway", 1, 5),
  app("Intent Classifier", 0, 5),
  app("Response Generator", 0, 8, { cpu: 1, memoryGi: 2 }),
  app("Critic/Supervisor", 0, 5),
  app("Escalation", 0, 3),
  app("Knowledge Retrieval", 0, 3),
  app("Analytics", 0, 2),
];

describe("CostEstimate arithmetic", () => {
  test("hand-computed constants", () => {
    expect(HOURS_PER_MONTH).toBe(730);
    expect(ONE_ACTIVE).toBeCloseTo(39.42, 10);
    expect(ONE_IDLE).toBeCloseTo(11.826, 10);
    expect(GRANT_ACTIVE).toBeCloseTo(5.4, 10);
  });

  test("max: one 0.5 vCPU / 1 GiB replica active for 730 h", () => {
    const [c] = CostEstimate.fromComponents({ components: [app("a", 0, 1)] }).components;
    expect(c.max).toEqual({ activeVcpuSeconds: 0.5 * MONTH_S, idleVcpuSeconds: 0, activeGibSeconds: MONTH_S, idleGibSeconds: 0, usd: expect.any(Number) });
    expect(c.max.usd).toBeCloseTo(ONE_ACTIVE, 10);
    expect(c.min.usd).toBe(0);
  });

  test("min: a floor replica bills at the idle rate", () => {
    const [c] = CostEstimate.fromComponents({ components: [app("a", 1, 1)] }).components;
    expect(c.min.idleVcpuSeconds).toBeCloseTo(0.5 * MONTH_S, 6);
    expect(c.min.activeVcpuSeconds).toBe(0);
    expect(c.min.usd).toBeCloseTo(ONE_IDLE, 10);
    expect(c.max.usd).toBeCloseTo(ONE_ACTIVE, 10);
  });

  test("activeShare bills that share of the floor time at the active rate", () => {
    const [c] = CostEstimate.fromComponents({ components: [app("a", 2, 4, { activeShare: 0.25 })] }).components;
    expect(c.min.usd).toBeCloseTo(2 * (0.25 * ONE_ACTIVE + 0.75 * ONE_IDLE), 10);
    expect(c.max.usd).toBeCloseTo(4 * ONE_ACTIVE, 10);
  });

  test("a scheduled floor above minReplicas bills active for its weekly hours only", () => {
    // business hours 60 h/week at 2 replicas, the rest of the week at 0
    const [c] = CostEstimate.fromComponents({ components: [app("a", 0, 10, { schedule: [{ hoursPerWeek: 60, minReplicas: 2 }] })] }).components;
    const seconds = 60 * (730 / 168) * 3600; // 938,571.43 s a month
    expect(c.min.activeVcpuSeconds).toBeCloseTo(2 * 0.5 * seconds, 6);
    expect(c.min.idleVcpuSeconds).toBe(0);
    expect(c.min.usd).toBeCloseTo(2 * seconds * (0.5 * 0.000024 + 1 * 0.000003), 10); // 28.157
    expect(c.min.usd).toBeCloseTo(28.157, 3);
  });

  test("outside the windows the floor is minReplicas, idle; a window at minReplicas is idle too", () => {
    const [c] = CostEstimate.fromComponents({
      components: [app("a", 1, 5, { schedule: [{ hoursPerWeek: 60, minReplicas: 3 }, { hoursPerWeek: 20, minReplicas: 1 }] })],
    }).components;
    const active = 3 * 60 * WEEKLY_HOUR_S * (0.5 * 0.000024 + 0.000003);
    const idle = 1 * (168 - 60) * WEEKLY_HOUR_S * (0.5 * 0.000003 + 0.000003);
    expect(c.min.usd).toBeCloseTo(active + idle, 10);
    expect(c.min.idleGibSeconds).toBeCloseTo(108 * WEEKLY_HOUR_S, 6);
  });

  test("a week fully covered by windows leaves no baseline time", () => {
    const [c] = CostEstimate.fromComponents({ components: [app("a", 0, 2, { schedule: [{ hoursPerWeek: 168, minReplicas: 2 }] })] }).components;
    expect(c.min.usd).toBeCloseTo(c.max.usd, 10);
  });

  test("requests: $0.40 per million, the first 2 million free", () => {
    const estimate = CostEstimate.fromComponents({ components: [], traffic: { requests: 3_000_000 } });
    expect(estimate.requestsUsd).toBeCloseTo(1.2, 10);
    expect(estimate.freeGrantUsd.min).toBeCloseTo(0.8, 10);
    expect(estimate.totalUsd).toEqual({ min: expect.closeTo(0.4, 10), max: expect.closeTo(0.4, 10) });
    expect(CostEstimate.fromComponents({ components: [], traffic: { requests: 1_500_000 } }).totalUsd.max).toBeCloseTo(0, 10);
  });

  test("Azure OpenAI: input and output tokens at the default (assumed) model prices", () => {
    const estimate = CostEstimate.fromComponents({ components: [], traffic: { inputTokens: 4_000_000, outputTokens: 1_000_000 } });
    expect(estimate.openAIUsd).toBeCloseTo(4 * 0.15 + 1 * 0.6, 10);
    expect(estimate.totalUsd.min).toBeCloseTo(1.2, 10);
    expect(estimate.totalUsd.max).toBeCloseTo(1.2, 10);
  });

  test("no traffic means no request or token cost", () => {
    const estimate = CostEstimate.fromComponents({ components: [app("a", 0, 1)] });
    expect(estimate.traffic).toEqual({ requests: 0, inputTokens: 0, outputTokens: 0 });
    expect(estimate.requestsUsd).toBe(0);
    expect(estimate.openAIUsd).toBe(0);
  });
});

describe("CostEstimate free grant", () => {
  test("applied against active usage: 180,000 vCPU-s and 360,000 GiB-s", () => {
    const estimate = CostEstimate.fromComponents({ components: [app("a", 0, 1)] });
    expect(estimate.freeGrantUsd.max).toBeCloseTo(GRANT_ACTIVE, 10);
    expect(estimate.totalUsd.max).toBeCloseTo(ONE_ACTIVE - GRANT_ACTIVE, 10); // 34.02
  });

  test("applied once per subscription, not once per component", () => {
    const estimate = CostEstimate.fromComponents({ components: [app("a", 0, 1), app("b", 0, 1), app("c", 0, 2)] });
    expect(estimate.computeUsd.max).toBeCloseTo(4 * ONE_ACTIVE, 10);
    expect(estimate.freeGrantUsd.max).toBeCloseTo(GRANT_ACTIVE, 10);
    expect(estimate.totalUsd.max).toBeCloseTo(4 * ONE_ACTIVE - GRANT_ACTIVE, 10);
  });

  test("offsets idle seconds before active ones", () => {
    const idleOnly = CostEstimate.fromComponents({ components: [app("a", 1, 1)] });
    expect(idleOnly.freeGrantUsd.min).toBeCloseTo(GRANT_IDLE, 10);
    expect(idleOnly.totalUsd.min).toBeCloseTo(ONE_IDLE - GRANT_IDLE, 10);

    // 8 h/week idle at 1 replica (0.25 vCPU / 0.5 GiB), 160 h/week active at 2 replicas
    const mixed = CostEstimate.fromComponents({
      components: [{ name: "m", cpu: 0.25, memoryGi: 0.5, minReplicas: 1, maxReplicas: 2, schedule: [{ hoursPerWeek: 160, minReplicas: 2 }] }],
    });
    const idleVcpu = 0.25 * 8 * WEEKLY_HOUR_S; // 31,285.7 < 180,000
    const idleGib = 0.5 * 8 * WEEKLY_HOUR_S; // 62,571.4 < 360,000
    const expected = idleVcpu * 0.000003 + (180_000 - idleVcpu) * 0.000024 + idleGib * 0.000003 + (360_000 - idleGib) * 0.000003;
    expect(mixed.freeGrantUsd.min).toBeCloseTo(expected, 10);
  });

  test("never exceeds the usage it offsets", () => {
    // 1 h/week at 1 replica: 3,911 vCPU-s, far below the grant
    const estimate = CostEstimate.fromComponents({
      components: [{ name: "tiny", cpu: 0.25, memoryGi: 0.5, minReplicas: 0, maxReplicas: 1, schedule: [{ hoursPerWeek: 1, minReplicas: 1 }] }],
    });
    expect(estimate.computeUsd.min).toBeGreaterThan(0);
    expect(estimate.totalUsd.min).toBeCloseTo(0, 12);
  });

  test("can be overridden, e.g. switched off", () => {
    const estimate = CostEstimate.fromComponents({
      components: [app("a", 0, 1)],
      traffic: { requests: 5_000_000 },
      prices: { freeVcpuSeconds: 0, freeGibSeconds: 0, freeRequests: 0 },
    });
    expect(estimate.freeGrantUsd).toEqual({ min: 0, max: 0 });
    expect(estimate.totalUsd.max).toBeCloseTo(ONE_ACTIVE + 2, 10);
  });
});

describe("CostEstimate prices", () => {
  test("defaults are the documented list prices and cannot be mutated", () => {
    expect(DEFAULT_COST_PRICES).toEqual({
      activeVcpuSecond: 0.000024,
      activeGibSecond: 0.000003,
      idleVcpuSecond: 0.000003,
      idleGibSecond: 0.000003,
      perMillionRequests: 0.4,
      freeVcpuSeconds: 180_000,
      freeGibSeconds: 360_000,
      freeRequests: 2_000_000,
      openAIModel: "gpt-4o-mini GlobalStandard",
      openAIInputPerMillionTokens: 0.15,
      openAIOutputPerMillionTokens: 0.6,
    });
    expect(Object.isFrozen(DEFAULT_COST_PRICES)).toBe(true);
  });

  test("an undefined override keeps the default", () => {
    expect(CostEstimate.fromComponents({ components: [], prices: { activeVcpuSecond: undefined } }).prices).toEqual(DEFAULT_COST_PRICES);
  });

  test("overrides replace single prices and keep the rest", () => {
    const estimate = CostEstimate.fromComponents({
      components: [app("a", 1, 1)],
      traffic: { inputTokens: 1_000_000, outputTokens: 1_000_000 },
      prices: { activeVcpuSecond: 0.000048, idleGibSecond: 0.000001, openAIModel: "gpt-4o GlobalStandard", openAIInputPerMillionTokens: 2.5, openAIOutputPerMillionTokens: 10 },
    });
    const [c] = estimate.components;
    expect(c.max.usd).toBeCloseTo(0.5 * MONTH_S * 0.000048 + MONTH_S * 0.000003, 10);
    expect(c.min.usd).toBeCloseTo(0.5 * MONTH_S * 0.000003 + MONTH_S * 0.000001, 10);
    expect(estimate.openAIUsd).toBeCloseTo(12.5, 10);
    expect(estimate.prices.idleVcpuSecond).toBe(0.000003);
    expect(DEFAULT_COST_PRICES.activeVcpuSecond).toBe(0.000024);
    expect(parseTables(estimate.table())[0].rows.map((row) => row[0])).toContain("Azure OpenAI (gpt-4o GlobalStandard)");
  });
});

describe("CostEstimate.table()", () => {
  const traffic = { requests: 3_041_667, inputTokens: 2_281_250_000, outputTokens: 760_416_667 };
  const estimate = CostEstimate.fromComponents({ components: PLATFORM, traffic });
  const markdown = estimate.table();
  const [table] = parseTables(markdown);

  test("has the spec's columns and one row per component, then requests, Azure OpenAI, grant and total", () => {
    expect(table.header).toEqual(["Component", "Min", "Max", "Monthly Cost"]);
    expect(table.rows.map((row) => plain(row[0]))).toEqual([
      ...PLATFORM.map((c) => c.name),
      "HTTP requests",
      "Azure OpenAI (gpt-4o-mini GlobalStandard)",
      "Free grant (once per subscription)",
      "Total",
    ]);
    expect(table.rows.slice(0, 8).map((row) => [row[1], row[2]])).toEqual(PLATFORM.map((c) => [String(c.minReplicas), String(c.maxReplicas)]));
  });

  test("component cells are $min-max of the numeric fields, rounded to cents", () => {
    table.rows.slice(0, 8).forEach((row, i) => {
      const [min, max] = usdRange(row[3]);
      expect(min).toBeCloseTo(estimate.components[i].min.usd, 2);
      expect(max).toBeCloseTo(estimate.components[i].max.usd, 2);
    });
    expect(table.rows.slice(0, 8).map((row) => row[3])).toEqual([
      "$0.00-394.20",
      "$11.83-197.10",
      "$0.00-197.10",
      "$0.00-630.72",
      "$0.00-197.10",
      "$0.00-118.26",
      "$0.00-118.26",
      "$0.00-78.84",
    ]);
  });

  test("the spec's eight apps: compute, grant, usage and total", () => {
    expect(estimate.computeUsd.min).toBeCloseTo(ONE_IDLE, 10);
    expect(estimate.computeUsd.max).toBeCloseTo(33 * ONE_ACTIVE + 8 * 2 * ONE_ACTIVE, 10); // 1,931.58
    expect(estimate.freeGrantUsd.min).toBeCloseTo(GRANT_IDLE + 0.8, 10);
    expect(estimate.freeGrantUsd.max).toBeCloseTo(GRANT_ACTIVE + 0.8, 10);
    expect(table.rows.slice(8).map((row) => row[3])).toEqual(["$1.22", "$798.44", "-($2.42-6.20)", "**$809.06-2,725.03**"]);
    const [totalMin, totalMax] = usdRange(table.rows[11][3]);
    expect(totalMin).toBeCloseTo(estimate.totalUsd.min, 2);
    expect(totalMax).toBeCloseTo(estimate.totalUsd.max, 2);
  });

  test("rows add up to the total", () => {
    const sum = (end: 0 | 1): number =>
      table.rows.slice(0, 10).reduce((s, row) => s + usdRange(row[3])[end], 0) - Number(/\$([\d.]+)-([\d.]+)/.exec(table.rows[10][3])![end + 1]);
    expect(sum(0)).toBeCloseTo(usdRange(table.rows[11][3])[0], 1);
    expect(sum(1)).toBeCloseTo(usdRange(table.rows[11][3])[1], 1);
  });

  test("states its assumptions", () => {
    const assumptions = markdown.split("Assumptions:\n")[1];
    expect(assumptions).toContain("A month is 730 hours");
    expect(assumptions).toContain("active $0.000024/vCPU-s and $0.000003/GiB-s; idle $0.000003/vCPU-s and $0.000003/GiB-s; $0.40 per million requests");
    expect(assumptions).toContain("replicas at minReplicas are idle");
    expect(assumptions).toContain("180,000 vCPU-s, 360,000 GiB-s and 2,000,000 requests per month, once per subscription");
    expect(assumptions).toContain("ASSUMPTION: gpt-4o-mini GlobalStandard prices");
    expect(assumptions).toContain("3,041,667 per month from outside the environment");
  });

  test("shows scheduled floors next to minReplicas and escapes pipes in names", () => {
    const [t] = parseTables(
      CostEstimate.fromComponents({ components: [app("api|gw", 0, 10, { schedule: [{ hoursPerWeek: 60, minReplicas: 2 }] })] }).table(),
    );
    expect(t.rows[0].slice(0, 3)).toEqual(["api|gw", "0 (2 for 60 h/week)", "10"]);
    expect(usdRange(t.rows[0][3])).toEqual([28.16, 394.2]);
  });

  test("prints one amount when min and max agree", () => {
    const [t] = parseTables(CostEstimate.fromComponents({ components: [app("a", 2, 2, { activeShare: 1 })] }).table());
    expect(t.rows[0][3]).toBe("$78.84");
    expect(t.rows[3][3]).toBe("-($5.40)");
  });
});

describe("CostEstimate validation", () => {
  const rejects = (components: CostComponent[], message: string): void => {
    expect(() => CostEstimate.fromComponents({ components })).toThrow(new RangeError(`CostEstimate.fromComponents: ${message}`));
  };

  test("cpu and memory per replica", () => {
    rejects([app("a", 0, 1, { cpu: 0 })], 'components[0] ("a").cpu must be a finite number from 0.25 to 4; got 0');
    rejects([app("a", 0, 1, { memoryGi: 1024 })], 'components[0] ("a").memoryGi must be a finite number from 0.5 to 8; got 1024');
  });

  test("replica counts", () => {
    rejects([app("a", 1.5, 2)], 'components[0] ("a").minReplicas must be an integer from 0 to 300; got 1.5');
    rejects([app("a", 0, 0)], 'components[0] ("a").maxReplicas must be an integer from 1 to 300; got 0');
    rejects([app("a", 5, 3)], 'components[0] ("a"): minReplicas (5) must not exceed maxReplicas (3)');
  });

  test("activeShare", () => {
    rejects([app("a", 0, 1, { activeShare: 1.5 })], 'components[0] ("a").activeShare must be a finite number from 0 to 1; got 1.5');
  });

  test("schedule windows", () => {
    rejects(
      [app("a", 0, 1, { schedule: [{ hoursPerWeek: 0, minReplicas: 1 }] })],
      'components[0] ("a").schedule[0].hoursPerWeek must be a finite number from 0 (exclusive) to 168; got 0',
    );
    rejects(
      [app("a", 0, 3, { schedule: [{ hoursPerWeek: 100, minReplicas: 1 }, { hoursPerWeek: 100, minReplicas: 2 }] })],
      'components[0] ("a").schedule windows total 200 hours per week; a week has only 168',
    );
    rejects(
      [app("a", 1, 3, { schedule: [{ hoursPerWeek: 10, minReplicas: 0 }] })],
      'components[0] ("a").schedule[0].minReplicas must be an integer from 1 to 3; got 0 (a KEDA cron rule only adds replicas above minReplicas, up to maxReplicas; lower minReplicas to the lowest floor)',
    );
    rejects(
      [app("a", 0, 3, { schedule: [{ hoursPerWeek: 10, minReplicas: 4 }] })],
      'components[0] ("a").schedule[0].minReplicas must be an integer from 0 to 3; got 4 (a KEDA cron rule only adds replicas above minReplicas, up to maxReplicas; lower minReplicas to the lowest floor)',
    );
  });

  test("names", () => {
    rejects([app(" ", 0, 1)], 'components[0] (" ").name must be a non-empty string; got " "');
    rejects([app("", 0, 1)], 'components[0].name must be a non-empty string; got ""');
    rejects([app("a", 0, 1), app("b", 0, 1), app("a", 0, 2)], 'component names must be unique; repeated: "a"');
  });

  test("traffic and prices", () => {
    expect(() => CostEstimate.fromComponents({ components: [], traffic: { requests: -1, outputTokens: NaN } })).toThrow(
      "CostEstimate.fromComponents: traffic.requests must be a finite number >= 0; got -1; traffic.outputTokens must be a finite number >= 0; got NaN",
    );
    expect(() => CostEstimate.fromComponents({ components: [], prices: { activeVcpuSecond: -0.1, openAIModel: "" } })).toThrow(
      'CostEstimate.fromComponents: prices.activeVcpuSecond must be a finite number >= 0; got -0.1; prices.openAIModel must be a non-empty string; got ""',
    );
  });

  test("lists problems of several components in one error", () => {
    rejects([app("a", 0, 1, { cpu: 5 }), app("b", 0, 301)], 'components[0] ("a").cpu must be a finite number from 0.25 to 4; got 5; components[1] ("b").maxReplicas must be an integer from 1 to 300; got 301');
  });
});

describe("CostEstimate properties", () => {
  const component = fc
    .record({
      cpu: fc.constantFrom(0.25, 0.5, 0.75, 1, 1.5, 2, 4),
      memoryGi: fc.constantFrom(0.5, 1, 1.5, 2, 4, 8),
      minReplicas: fc.integer({ min: 0, max: 20 }),
      extra: fc.integer({ min: 0, max: 20 }),
      activeShare: fc.double({ min: 0, max: 1, noNaN: true }),
      windows: fc.array(fc.record({ hoursPerWeek: fc.integer({ min: 1, max: 40 }), extra: fc.integer({ min: 0, max: 20 }) }), { maxLength: 4 }),
    })
    .map(({ cpu, memoryGi, minReplicas, extra, activeShare, windows }): CostComponent => {
      const maxReplicas = Math.max(1, minReplicas + extra);
      return {
        name: "c",
        cpu,
        memoryGi,
        minReplicas,
        maxReplicas,
        activeShare,
        schedule: windows.map((w) => ({ hoursPerWeek: w.hoursPerWeek, minReplicas: Math.min(maxReplicas, minReplicas + w.extra) })),
      };
    });
  const one = (c: CostComponent): CostEstimate => CostEstimate.fromComponents({ components: [c] });

  test("min <= max for every component, and totals are never negative", () => {
    fc.assert(
      fc.property(component, (c) => {
        const estimate = one(c);
        expect(estimate.components[0].min.usd).toBeLessThanOrEqual(estimate.components[0].max.usd + 1e-9);
        expect(estimate.totalUsd.min).toBeGreaterThanOrEqual(-1e-9);
        expect(estimate.totalUsd.min).toBeLessThanOrEqual(estimate.totalUsd.max + 1e-9);
      }),
    );
  });

  test("cost is monotonic in replicas (min cost: without schedule windows)", () => {
    fc.assert(
      fc.property(component, fc.integer({ min: 1, max: 10 }), (c, more) => {
        const base = one(c).components[0];
        const moreMax = one({ ...c, maxReplicas: Math.min(300, c.maxReplicas + more) }).components[0];
        expect(moreMax.max.usd).toBeGreaterThanOrEqual(base.max.usd);
        const unscheduled = { ...c, schedule: [] };
        const raised = { ...unscheduled, minReplicas: Math.min(c.maxReplicas, c.minReplicas + more) };
        expect(one(raised).components[0].min.usd).toBeGreaterThanOrEqual(one(unscheduled).components[0].min.usd);
      }),
    );
  });

  test("raising minReplicas to a scheduled floor LOWERS the min cost: the window's replicas turn from active to idle", () => {
    const window = [{ hoursPerWeek: 60, minReplicas: 2 }];
    const cron = one(app("a", 1, 4, { schedule: window })).components[0].min.usd;
    const floor = one(app("a", 2, 4, { schedule: window })).components[0].min.usd;
    expect(floor).toBeLessThan(cron);
    expect(cron - floor).toBeCloseTo(2 * 60 * WEEKLY_HOUR_S * 0.5 * (0.000024 - 0.000003) - 108 * WEEKLY_HOUR_S * ONE_IDLE / MONTH_S, 10);
  });

  test("cost is linear in replica size", () => {
    fc.assert(
      fc.property(component, (c) => {
        const base = one({ ...c, cpu: 0.5, memoryGi: 1 }).components[0];
        const double = one({ ...c, cpu: 1, memoryGi: 2 }).components[0];
        expect(double.min.usd).toBeCloseTo(2 * base.min.usd, 8);
        expect(double.max.usd).toBeCloseTo(2 * base.max.usd, 8);
      }),
    );
  });

  test("adding a component never lowers the total, and the grant is bounded by one subscription's", () => {
    fc.assert(
      fc.property(fc.array(component, { minLength: 1, maxLength: 6 }), fc.nat({ max: 10_000_000 }), (components, requests) => {
        const named = components.map((c, i) => ({ ...c, name: `c${i}` }));
        const fewer = CostEstimate.fromComponents({ components: named.slice(1), traffic: { requests } });
        const all = CostEstimate.fromComponents({ components: named, traffic: { requests } });
        expect(all.totalUsd.max).toBeGreaterThanOrEqual(fewer.totalUsd.max - 1e-9);
        expect(all.totalUsd.min).toBeGreaterThanOrEqual(fewer.totalUsd.min - 1e-9);
        expect(all.freeGrantUsd.max).toBeLessThanOrEqual(GRANT_ACTIVE + 0.8 + 1e-9);
      }),
    );
  });
});
