import { AKS_PRICES, CostEstimate, DEFAULT_COST_PRICES, type KubernetesCostEstimateProps, KubernetesCostEstimate, type KubernetesNodePoolCost } from "../../src/capacity";
import { parseTables, plain, usdRange } from "./markdown-tables";

const D4 = AKS_PRICES.linuxVmPerHour.Standard_D4s_v3;
const D2 = AKS_PRICES.linuxVmPerHour.Standard_D2s_v3;
const STANDARD = AKS_PRICES.controlPlanePerClusterHour.Standard;

const pool = (name: string, vmSize: string, minNodes: number, maxNodes: number, extra: Partial<KubernetesNodePoolCost> = {}): KubernetesNodePoolCost => ({
  name,
  vmSize,
  minNodes,
  maxNodes,
  ...extra,
});

/** The spec's Option 2 table: Standard control plane, one Standard_D4s_v3 pool of 1 to 4 nodes. */
const SPEC: KubernetesCostEstimateProps = { nodePools: [pool("agents", "Standard_D4s_v3", 1, 4)] };

describe("KubernetesCostEstimate arithmetic", () => {
  test("the price table holds the spec's figures: Standard $0.10 per cluster-hour, Standard_D4s_v3 $0.192 per node-hour", () => {
    expect(AKS_PRICES.controlPlanePerClusterHour).toEqual({ Free: 0, Standard: 0.1, Premium: 0.6 });
    expect(D4).toBe(0.192);
    expect(D2).toBe(0.096);
    expect(STANDARD * 730).toBeCloseTo(73, 10); // the spec's "$73 (Standard)"
    expect([1 * 730 * D4, 4 * 730 * D4]).toEqual([expect.closeTo(140.16, 10), expect.closeTo(560.64, 10)]); // its "$140-560"
  });

  test("the spec's Option 2: control plane $73, nodes $140.16-560.64, no tokens", () => {
    const estimate = KubernetesCostEstimate.fromCluster(SPEC);
    expect(estimate.prices.tier).toBe("Standard");
    expect(estimate.controlPlaneUsd).toBeCloseTo(STANDARD * 730, 10);
    expect(estimate.nodePools).toHaveLength(1);
    const [agents] = estimate.nodePools;
    expect(agents.pool).toEqual({ name: "agents", vmSize: "Standard_D4s_v3", minNodes: 1, maxNodes: 4, mode: "User" });
    expect(agents.perNodeHour).toBe(D4);
    expect(agents.nodeHours).toEqual({ min: 730, max: 2920 });
    expect(agents.usd.min).toBeCloseTo(730 * D4, 10);
    expect(agents.usd.max).toBeCloseTo(4 * 730 * D4, 10);
    expect(estimate.openAIUsd).toBe(0);
    expect(estimate.totalUsd.min).toBeCloseTo(73 + 140.16, 10);
    expect(estimate.totalUsd.max).toBeCloseTo(73 + 560.64, 10);
  });

  test("each tier's control plane price, all month in both scenarios", () => {
    const cost = (tier: "Free" | "Standard" | "Premium"): number => KubernetesCostEstimate.fromCluster({ ...SPEC, tier }).controlPlaneUsd;
    expect(cost("Free")).toBe(0);
    expect(cost("Standard")).toBeCloseTo(0.1 * 730, 10);
    expect(cost("Premium")).toBeCloseTo(0.6 * 730, 10); // 438
    const premium = KubernetesCostEstimate.fromCluster({ ...SPEC, tier: "Premium" });
    expect(premium.totalUsd.max - premium.totalUsd.min).toBeCloseTo(3 * 730 * D4, 10);
  });

  test("a system pool and a user pool that scales to zero add up; tokens are priced at the default model", () => {
    const estimate = KubernetesCostEstimate.fromCluster({
      tier: "Free",
      nodePools: [pool("system", "Standard_D2s_v3", 2, 3, { mode: "System" }), pool("agents", "Standard_D4s_v3", 0, 10)],
      traffic: { inputTokens: 2_000_000, outputTokens: 500_000 },
    });
    const tokens = 2 * DEFAULT_COST_PRICES.openAIInputPerMillionTokens + 0.5 * DEFAULT_COST_PRICES.openAIOutputPerMillionTokens; // 0.30 + 0.30
    expect(estimate.openAIUsd).toBeCloseTo(tokens, 10);
    expect(estimate.nodesUsd.min).toBeCloseTo(2 * 730 * D2, 10); // 140.16: the user pool at zero
    expect(estimate.nodesUsd.max).toBeCloseTo(3 * 730 * D2 + 10 * 730 * D4, 10); // 210.24 + 1,401.60
    expect(estimate.totalUsd).toEqual({ min: expect.closeTo(140.16 + 0.6, 10), max: expect.closeTo(1611.84 + 0.6, 10) });
  });

  test("overrides: another control-plane price, a VM size of one's own, another model", () => {
    const estimate = KubernetesCostEstimate.fromCluster({
      nodePools: [pool("gpu", "Standard_NC4as_T4_v3", 0, 2), pool("agents", "Standard_D4s_v3", 1, 1)],
      prices: { controlPlanePerClusterHour: 0.12, linuxVmPerHour: { Standard_NC4as_T4_v3: 0.526, Standard_D4s_v3: 0.2 }, openAIModel: "gpt-4o", openAIInputPerMillionTokens: 2.5 },
      traffic: { inputTokens: 1_000_000 },
    });
    expect(estimate.controlPlaneUsd).toBeCloseTo(0.12 * 730, 10);
    expect(estimate.nodePools.map((n) => n.usd)).toEqual([
      { min: 0, max: expect.closeTo(2 * 730 * 0.526, 10) },
      { min: expect.closeTo(730 * 0.2, 10), max: expect.closeTo(730 * 0.2, 10) },
    ]);
    expect(estimate.prices.linuxVmPerHour.Standard_D2s_v3).toBe(D2); // defaults kept beside the overrides
    expect(estimate.prices.openAIModel).toBe("gpt-4o");
    expect(estimate.openAIUsd).toBeCloseTo(2.5, 10);
  });

  test("CostEstimate.forKubernetes is the same estimate", () => {
    const estimate = CostEstimate.forKubernetes(SPEC);
    expect(estimate).toBeInstanceOf(KubernetesCostEstimate);
    expect(estimate.totalUsd).toEqual(KubernetesCostEstimate.fromCluster(SPEC).totalUsd);
  });
});

describe("KubernetesCostEstimate.table()", () => {
  test("the spec's layout: control plane, node pool with its size and node range, Azure OpenAI, total", () => {
    const markdown = KubernetesCostEstimate.fromCluster({ ...SPEC, traffic: { inputTokens: 1_000_000, outputTokens: 1_000_000 } }).table();
    const [table] = parseTables(markdown);
    expect(table.header).toEqual(["Component", "Min", "Max", "Monthly Cost"]);
    expect(table.rows.map((row) => [plain(row[0]), row[1], row[2]])).toEqual([
      ["AKS Control Plane (Standard)", "-", "-"],
      ["Node Pool agents (Standard_D4s_v3)", "1", "4"],
      ["Azure OpenAI (gpt-4o-mini GlobalStandard)", "-", "-"],
      ["Total", "", ""],
    ]);
    expect(table.rows.map((row) => usdRange(row[3]))).toEqual([
      [73, 73],
      [140.16, 560.64],
      [0.75, 0.75],
      [213.91, 634.39],
    ]);
    expect(markdown).toContain("- Nodes: Linux pay-as-you-go per node-hour, Standard_D4s_v3 $0.192.");
  });
});

describe("KubernetesCostEstimate validation", () => {
  const rejects = (props: KubernetesCostEstimateProps, message: string): void => {
    expect(() => KubernetesCostEstimate.fromCluster(props)).toThrow(new RangeError(`KubernetesCostEstimate.fromCluster: ${message}`));
  };

  test("tier and an empty cluster", () => {
    rejects({ ...SPEC, tier: "Basic" as never }, 'tier must be one of Free, Standard, Premium; got "Basic"');
    rejects({ nodePools: [] }, "nodePools must list at least one node pool (AKS needs a System pool)");
  });

  test("node counts: AKS's 0 to 1000 per pool, at least 1 for a System pool, min <= max", () => {
    rejects({ nodePools: [pool("a", "Standard_D4s_v3", 5, 4)] }, 'nodePools[0] ("a"): minNodes (5) must not exceed maxNodes (4)');
    rejects({ nodePools: [pool("a", "Standard_D4s_v3", 0, 1001)] }, 'nodePools[0] ("a").maxNodes must be an integer from 1 to 1000; got 1001');
    rejects({ nodePools: [pool("a", "Standard_D4s_v3", 1.5, 3)] }, 'nodePools[0] ("a").minNodes must be an integer from 0 to 1000; got 1.5');
    rejects(
      { nodePools: [pool("system", "Standard_D2s_v3", 0, 3, { mode: "System" })] },
      'nodePools[0] ("system").minNodes must be an integer from 1 to 1000; got 0 (a System pool cannot scale to zero)',
    );
  });

  test("a VM size without a price names the priced ones and how to add it", () => {
    rejects(
      { nodePools: [pool("a", "Standard_D4s_v4", 1, 2)] },
      'nodePools[0] ("a").vmSize "Standard_D4s_v4" has no price; priced sizes: Standard_D2s_v3, Standard_D4s_v3, Standard_D8s_v3, Standard_D2s_v5, Standard_D4s_v5, Standard_D8s_v5 (add it with prices.linuxVmPerHour)',
    );
  });

  test("names, traffic and prices, all in one error", () => {
    rejects(
      {
        nodePools: [pool("a", "Standard_D4s_v3", 1, 2), pool("a", "Standard_D2s_v3", 1, 1)],
        traffic: { outputTokens: -1 },
        prices: { controlPlanePerClusterHour: NaN, linuxVmPerHour: { Standard_X: -0.5 }, openAIModel: " " },
      },
      [
        'node pool names must be unique; repeated: "a"',
        "traffic.outputTokens must be a finite number >= 0; got -1",
        "prices.controlPlanePerClusterHour must be a finite number >= 0; got NaN",
        "prices.linuxVmPerHour.Standard_X must be a finite number >= 0; got -0.5",
        'prices.openAIModel must be a non-empty string; got " "',
      ].join("; "),
    );
    rejects({ nodePools: [pool("", "Standard_D4s_v3", 1, 1)] }, 'nodePools[0].name must be a non-empty string; got ""');
  });
});
