import fc from "fast-check";
import { CapacityPlan, type TrafficAssumptions } from "../../src/capacity";
import { numberIn, parseTables, plain } from "./markdown-tables";

describe("CapacityPlan with the spec's defaults", () => {
  const plan = CapacityPlan.fromTraffic();

  test("uses the spec's assumptions", () => {
    expect(plan.assumptions).toEqual({
      dailyUsers: 10_000,
      conversationsPerUser: 2.5,
      messagesPerConversation: 4,
      peakHourFactor: 3,
      instanceThroughputRps: 0.22,
      p95ResponseSeconds: 14.9,
      openAICallsPerRequest: 4,
      tokensPerRequest: 1_000,
    });
  });

  test("reproduces the spec's Load Analysis figures", () => {
    expect(plan.dailyMessages).toBe(100_000);
    expect(plan.peakHourMessages).toBe(12_500);
    expect(plan.peakRpsExact).toBeCloseTo(3.4722, 4);
    expect(plan.peakRps).toBe(3.5);
    expect(plan.instances).toBe(16);
    expect(plan.requiredTokensPerMinute).toBe(210_000);
    expect(plan.concurrentUsers).toBeCloseTo(52.15, 10);
    expect(plan.concurrentUsersApprox).toBe(50);
  });

  test("exposes the figures the spec leaves out", () => {
    expect(plan.openAICallsPerMinute).toBe(840);
    expect(plan.tokensPerMinuteIfPerCall).toBe(840_000);
  });

  test("table() renders the spec's three tables with its values", () => {
    const tables = parseTables(plan.table());
    expect(tables.map((t) => [t.heading, t.header])).toEqual([
      ["Traffic Pattern Assumptions", ["Metric", "Value", "Calculation"]],
      ["Current System Performance (Baseline)", ["Metric", "Current Value", "Notes"]],
      ["Required Capacity", ["Metric", "Requirement", "Calculation"]],
    ]);
    const [traffic, baseline, required] = tables.map((t) => t.rows.map((row) => row.map(plain)));
    expect(traffic.map((row) => row.slice(0, 2))).toEqual([
      ["Daily Users", "10,000"],
      ["Conversations/User", "2.5"],
      ["Messages/Conversation", "4"],
      ["Daily Messages", "100,000"],
      ["Peak Hour Factor", "3x"],
      ["Peak Hour Messages", "12,500"],
      ["Peak Requests/Second", "3.5"],
    ]);
    expect(traffic.slice(3).filter((_, i) => i !== 1).map((row) => row[2])).toEqual(["10,000 × 2.5 × 4", "100,000 ÷ 24 × 3", "12,500 ÷ 3,600"]);
    expect(baseline.map((row) => row.slice(0, 2))).toEqual([
      ["Single Instance Throughput", "0.22 RPS"],
      ["Response Time (P95)", "14.9s"],
      ["Azure OpenAI Calls/Request", "4"],
      ["Tokens/Request", "1,000"],
    ]);
    expect(required).toEqual([
      ["Peak RPS", "3.5", "From traffic analysis"],
      ["Instances Needed", "16", "3.5 ÷ 0.22, rounded up"],
      ["Azure OpenAI TPM", "210,000", "3.5 × 1,000 × 60"],
      ["Concurrent Users", "~50", "3.5 × 14.9s response time"],
    ]);
  });

  test("table() bolds the rows the spec bolds", () => {
    const [traffic, , required] = parseTables(plan.table());
    expect(traffic.rows.filter((row) => row[0].startsWith("**")).map((row) => row[1])).toEqual(["**100,000**", "**12,500**", "**3.5**"]);
    expect(required.rows.map((row) => row[1])).toEqual(["3.5", "**16**", "**210,000**", "**~50**"]);
  });

  test("table() states every rounding in its notes", () => {
    const notes = plan.table().split("Rounding:\n")[1].split("\n");
    expect(notes).toEqual([
      "- Daily and peak-hour messages are not rounded.",
      "- Peak RPS: 12,500 ÷ 3,600 = 3.4722, rounded UP to one decimal (3.5); every figure below uses 3.5.",
      "- Instances: 3.5 ÷ 0.22 = 15.91, rounded UP to 16; that rounding is the only headroom.",
      "- Azure OpenAI TPM: tokens per USER request, as the spec's formula (not multiplied by the 4 calls per request), rounded UP to a whole token. If 1,000 tokens is per Azure OpenAI call: 3.5 × 4 × 1,000 × 60 = 840,000 TPM.",
      "- Azure OpenAI calls at peak: 3.5 × 4 × 60 = 840 per minute (compare with the deployment's RPM quota).",
      "- Concurrent users (Little's law): 3.5 × 14.9 = 52.15, shown rounded to the nearest 10 (up to a whole user below 10) as the spec does; size pools from 52.15.",
    ]);
  });
});

describe("CapacityPlan rounding", () => {
  test("peak RPS rounds UP to one decimal and later figures use the rounded value", () => {
    // 9,840 users -> 98,400 messages -> 12,300 peak-hour -> 3.4167 RPS -> 3.5
    const plan = CapacityPlan.fromTraffic({ dailyUsers: 9_840 });
    expect(plan.peakRpsExact).toBeCloseTo(3.4167, 4);
    expect(plan.peakRps).toBe(3.5);
    expect(plan.requiredTokensPerMinute).toBe(210_000);
    expect(plan.concurrentUsers).toBeCloseTo(52.15, 10);
  });

  test("an exact tenth of an RPS and an exact instance count are not bumped by floating-point noise", () => {
    // 6,048 users -> 60,480 messages -> 7,560 peak-hour -> 2.1 RPS; 2.1 / 0.15 = 14.000000000000002 in doubles
    const plan = CapacityPlan.fromTraffic({ dailyUsers: 6_048, instanceThroughputRps: 0.15 });
    expect(plan.peakRps).toBe(2.1);
    expect(2.1 / 0.15).toBeGreaterThan(14);
    expect(plan.instances).toBe(14);
  });

  test("instances round UP as soon as the quotient exceeds a whole number", () => {
    expect(CapacityPlan.fromTraffic({ instanceThroughputRps: 0.35 }).instances).toBe(10);
    expect(CapacityPlan.fromTraffic({ instanceThroughputRps: 0.349 }).instances).toBe(11);
  });

  test("TPM, calls per minute and per-call TPM round UP to whole numbers", () => {
    const plan = CapacityPlan.fromTraffic({ tokensPerRequest: 1_000.01, openAICallsPerRequest: 2.5 });
    expect(plan.requiredTokensPerMinute).toBe(210_003); // 210,002.1
    expect(plan.tokensPerMinuteIfPerCall).toBe(525_006); // 525,005.25
    expect(plan.openAICallsPerMinute).toBe(525);
  });

  test("message counts are not rounded", () => {
    const plan = CapacityPlan.fromTraffic({ dailyUsers: 10_001 });
    expect(plan.dailyMessages).toBe(100_010);
    expect(plan.peakHourMessages).toBeCloseTo(12_501.25, 10);
    expect(plan.table()).toContain("| **12,501.25** |");
  });

  test("concurrent users display to the nearest 10, halves up, and up to a whole user below 10", () => {
    const approx = (p95ResponseSeconds: number): number => CapacityPlan.fromTraffic({ p95ResponseSeconds }).concurrentUsersApprox;
    expect(approx(14.9)).toBe(50); // 52.15
    expect(approx(12.9)).toBe(50); // 45.15
    expect(approx(12)).toBe(40); // 42
    expect(approx(20)).toBe(70); // 70
    expect(approx(2)).toBe(7); // 7
    expect(approx(0.1)).toBe(1); // 0.35
  });

  test("a small site still needs one instance", () => {
    const plan = CapacityPlan.fromTraffic({ dailyUsers: 10 });
    expect(plan.peakRps).toBe(0.1);
    expect(plan.instances).toBe(1);
    expect(parseTables(plan.table())[2].rows[3][1]).toBe("**~2**");
  });

  test("invariants hold for any valid assumptions", () => {
    const positive = fc.double({ min: 0.01, max: 1e5, noNaN: true });
    fc.assert(
      fc.property(
        fc.record({
          dailyUsers: fc.double({ min: 1, max: 1e7, noNaN: true }),
          conversationsPerUser: fc.double({ min: 0.1, max: 20, noNaN: true }),
          messagesPerConversation: fc.double({ min: 0.1, max: 50, noNaN: true }),
          peakHourFactor: fc.double({ min: 1, max: 24, noNaN: true }),
          instanceThroughputRps: fc.double({ min: 0.01, max: 100, noNaN: true }),
          p95ResponseSeconds: positive,
          openAICallsPerRequest: fc.double({ min: 0.1, max: 20, noNaN: true }),
          tokensPerRequest: positive,
        }),
        (assumptions) => {
          const plan = CapacityPlan.fromTraffic(assumptions);
          const tolerance = 1e-9 * plan.peakRpsExact;
          expect(plan.peakRps).toBeGreaterThanOrEqual(plan.peakRpsExact - tolerance);
          expect(plan.peakRps - plan.peakRpsExact).toBeLessThan(0.1 + 1e-9);
          expect(plan.instances * assumptions.instanceThroughputRps).toBeGreaterThanOrEqual(plan.peakRps * (1 - 1e-9));
          expect((plan.instances - 1) * assumptions.instanceThroughputRps).toBeLessThan(plan.peakRps);
          expect(plan.requiredTokensPerMinute).toBeGreaterThanOrEqual(plan.peakRps * assumptions.tokensPerRequest * 60 * (1 - 1e-9));
          expect(plan.tokensPerMinuteIfPerCall).toBeGreaterThanOrEqual(plan.peakRps * assumptions.openAICallsPerRequest * assumptions.tokensPerRequest * 60 * (1 - 1e-9));
          const tables = parseTables(plan.table());
          expect(tables.map((t) => t.rows.length)).toEqual([7, 4, 4]);
          expect(numberIn(tables[2].rows[1][1])).toBe(plan.instances);
        },
      ),
    );
  });
});

describe("CapacityPlan validation", () => {
  const fields: Array<keyof TrafficAssumptions> = [
    "dailyUsers",
    "conversationsPerUser",
    "messagesPerConversation",
    "instanceThroughputRps",
    "p95ResponseSeconds",
    "openAICallsPerRequest",
    "tokensPerRequest",
  ];

  test.each(fields.flatMap((field) => [0, -1, NaN, Infinity].map((value) => [field, value] as const)))("rejects %s = %p", (field, value) => {
    expect(() => CapacityPlan.fromTraffic({ [field]: value })).toThrow(
      new RangeError(`CapacityPlan.fromTraffic: ${field} must be a finite number > 0; got ${value}`),
    );
  });

  test.each([0.5, 25, NaN])("rejects peakHourFactor = %p with its range", (value) => {
    expect(() => CapacityPlan.fromTraffic({ peakHourFactor: value })).toThrow(
      `CapacityPlan.fromTraffic: peakHourFactor must be a finite number from 1 to 24; got ${value}`,
    );
  });

  test("accepts the bounds of peakHourFactor", () => {
    expect(CapacityPlan.fromTraffic({ peakHourFactor: 1 }).peakHourMessages).toBeCloseTo(100_000 / 24, 10);
    expect(CapacityPlan.fromTraffic({ peakHourFactor: 24 }).peakHourMessages).toBe(100_000);
  });

  test("rejects a non-number from JavaScript callers, showing it as JSON", () => {
    const assumptions = { dailyUsers: "10000" } as unknown as TrafficAssumptions;
    expect(() => CapacityPlan.fromTraffic(assumptions)).toThrow('dailyUsers must be a finite number > 0; got "10000"');
  });

  test("lists every bad field in one error", () => {
    expect(() => CapacityPlan.fromTraffic({ dailyUsers: -5, peakHourFactor: 30, tokensPerRequest: 0 })).toThrow(
      "CapacityPlan.fromTraffic: dailyUsers must be a finite number > 0; got -5; peakHourFactor must be a finite number from 1 to 24; got 30; tokensPerRequest must be a finite number > 0; got 0",
    );
  });

  test("treats undefined as the default", () => {
    expect(CapacityPlan.fromTraffic({ dailyUsers: undefined }).dailyMessages).toBe(100_000);
  });

  test("freezes the assumptions it returns", () => {
    expect(Object.isFrozen(CapacityPlan.fromTraffic().assumptions)).toBe(true);
  });
});
