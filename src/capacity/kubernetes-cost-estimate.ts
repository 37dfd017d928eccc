import { integerRangeProblem } from "../core/ranges";
import type { CostRange, MonthlyTraffic } from "./cost-estimate";
import { bold, formatUsd, formatUsdRange, markdownTable } from "./markdown";
import { AKS_PRICES, type AksTier, type CostPriceTable, DEFAULT_COST_PRICES, HOURS_PER_MONTH } from "./prices";
import { numberProblem, throwIfProblems } from "./validation";
import { formatNumber } from "../core/format";

/** AKS's limit of nodes per node pool (and of the autoscaler's min/max count). */
const MAX_NODES_PER_POOL = 1000;
const TIERS: readonly AksTier[] = ["Free", "Standard", "Premium"];

/** One AKS node pool, as {@link KubernetesCostEstimate} prices it: its VM size and the autoscaler's node range. */
export interface KubernetesNodePoolCost {
  /** Row label in the cost table, unique within an estimate. */
  readonly name: string;
  /** VM size of the nodes, a key of the VM price table (`AKS_PRICES.linuxVmPerHour` plus `prices.linuxVmPerHour`). */
  readonly vmSize: string;
  /** The autoscaler's minimum node count: 0 to 1000 (at least 1 for a System pool). */
  readonly minNodes: number;
  /** The autoscaler's maximum node count: 1 to 1000, at least `minNodes`. */
  readonly maxNodes: number;
  /** System pools run the cluster's own pods and cannot scale to zero. @default "User" */
  readonly mode?: "System" | "User";
}

/** Overrides of the prices {@link KubernetesCostEstimate} uses (undefined entries keep the default). */
export interface KubernetesPriceOverrides extends Partial<Pick<CostPriceTable, "openAIModel" | "openAIInputPerMillionTokens" | "openAIOutputPerMillionTokens">> {
  /** Cluster management per hour, in place of the tier's list price. @default AKS_PRICES.controlPlanePerClusterHour[tier] */
  readonly controlPlanePerClusterHour?: number;
  /** Node VM prices per hour by VM size, added to (or replacing entries of) the defaults. @default AKS_PRICES.linuxVmPerHour */
  readonly linuxVmPerHour?: Readonly<Record<string, number>>;
}

/** Inputs of {@link KubernetesCostEstimate.fromCluster}. */
export interface KubernetesCostEstimateProps {
  /** The cluster's management tier (`sku_tier`). @default "Standard" (the spec's "$73 (Standard)") */
  readonly tier?: AksTier;
  /** The cluster's node pools (system and user), at least one. */
  readonly nodePools: readonly KubernetesNodePoolCost[];
  /** Azure OpenAI tokens per month (the same in the min and max scenarios). @default no tokens */
  readonly traffic?: Pick<MonthlyTraffic, "inputTokens" | "outputTokens">;
  /** Price overrides (another region, agreement or model). @default AKS_PRICES and DEFAULT_COST_PRICES' Azure OpenAI prices */
  readonly prices?: KubernetesPriceOverrides;
}

/** The prices an estimate used, defaults filled in. */
export interface KubernetesPriceTable {
  /** The cluster's management tier. */
  readonly tier: AksTier;
  /** Cluster management per hour: the tier's list price or the override. */
  readonly controlPlanePerClusterHour: number;
  /** Node VM prices per hour by VM size: the defaults with the overrides merged in. */
  readonly linuxVmPerHour: Readonly<Record<string, number>>;
  /** Name of the Azure OpenAI model the token prices are for (labels the table). */
  readonly openAIModel: string;
  /** Azure OpenAI, per million input tokens. */
  readonly openAIInputPerMillionTokens: number;
  /** Azure OpenAI, per million output tokens. */
  readonly openAIOutputPerMillionTokens: number;
}

/** The monthly cost range of one node pool. */
export interface NodePoolCostRange {
  /** The pool as priced, defaults filled in. */
  readonly pool: Required<KubernetesNodePoolCost>;
  /** Price of one node of the pool's VM size per hour. */
  readonly perNodeHour: number;
  /** Node hours a month: `minNodes` x 730 and `maxNodes` x 730. */
  readonly nodeHours: CostRange;
  /** `nodeHours` x `perNodeHour`. */
  readonly usd: CostRange;
}

/**
 * Monthly cost range of one AKS cluster (the spec's Option 2) and its Azure OpenAI usage, in the shape of the spec's
 * cost table (`AKS Control Plane`, `Node Pool (Standard_D4s_v3)`, `Azure OpenAI`, `Total`).
 *
 * - A month is 730 hours; the control plane bills its tier's hourly price all month in both scenarios.
 * - Min: every node pool at `minNodes` all month. Max: every pool at `maxNodes` all month. Nodes bill per VM hour
 *   whatever their load (unlike Container Apps, there is no idle rate and no free grant).
 * - Azure OpenAI: the given tokens at the model's prices, in both scenarios.
 * - Not included: OS disks, load balancer and public IPs, egress, Container Insights / Log Analytics ingestion,
 *   container registry, Cosmos DB, reservations and savings plans.
 */
export class KubernetesCostEstimate {
  /**
   * Prices one cluster. Throws a RangeError naming every bad field (tier, node pools, VM sizes without a price,
   * node counts, traffic, prices) with its value and what is allowed.
   */
  static fromCluster(props: KubernetesCostEstimateProps): KubernetesCostEstimate {
    const where = "KubernetesCostEstimate.fromCluster";
    const tier = props.tier ?? "Standard";
    if (!TIERS.includes(tier)) throw new RangeError(`${where}: tier must be one of ${TIERS.join(", ")}; got ${JSON.stringify(tier)}`);
    const given = props.prices ?? {};
    const prices: KubernetesPriceTable = Object.freeze({
      tier,
      controlPlanePerClusterHour: given.controlPlanePerClusterHour ?? AKS_PRICES.controlPlanePerClusterHour[tier],
      linuxVmPerHour: Object.freeze({ ...AKS_PRICES.linuxVmPerHour, ...given.linuxVmPerHour }),
      openAIModel: given.openAIModel ?? DEFAULT_COST_PRICES.openAIModel,
      openAIInputPerMillionTokens: given.openAIInputPerMillionTokens ?? DEFAULT_COST_PRICES.openAIInputPerMillionTokens,
      openAIOutputPerMillionTokens: given.openAIOutputPerMillionTokens ?? DEFAULT_COST_PRICES.openAIOutputPerMillionTokens,
    });
    const traffic = { inputTokens: props.traffic?.inputTokens ?? 0, outputTokens: props.traffic?.outputTokens ?? 0 };
    const names = props.nodePools.map((pool) => pool.name);
    const duplicates = [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
    throwIfProblems(where, [
      props.nodePools.length === 0 ? "nodePools must list at least one node pool (AKS needs a System pool)" : undefined,
      ...props.nodePools.flatMap((pool, i) => nodePoolProblems(pool, i, prices.linuxVmPerHour)),
      duplicates.length > 0 ? `node pool names must be unique; repeated: ${duplicates.map((name) => JSON.stringify(name)).join(", ")}` : undefined,
      numberProblem("traffic.inputTokens", traffic.inputTokens, { min: 0 }),
      numberProblem("traffic.outputTokens", traffic.outputTokens, { min: 0 }),
      numberProblem("prices.controlPlanePerClusterHour", prices.controlPlanePerClusterHour, { min: 0 }),
      ...Object.entries(given.linuxVmPerHour ?? {}).map(([size, price]) => numberProblem(`prices.linuxVmPerHour.${size}`, price, { min: 0 })),
      numberProblem("prices.openAIInputPerMillionTokens", prices.openAIInputPerMillionTokens, { min: 0 }),
      numberProblem("prices.openAIOutputPerMillionTokens", prices.openAIOutputPerMillionTokens, { min: 0 }),
      typeof prices.openAIModel === "string" && prices.openAIModel.trim() !== "" ? undefined : `prices.openAIModel must be a non-empty string; got ${JSON.stringify(prices.openAIModel)}`,
    ]);
    return new KubernetesCostEstimate(props.nodePools, traffic, prices);
  }

  /** The prices in force (defaults with the overrides applied). */
  readonly prices: KubernetesPriceTable;
  /** The Azure OpenAI tokens priced, defaults filled in. */
  readonly traffic: { readonly inputTokens: number; readonly outputTokens: number };
  /** Cluster management: the tier's hourly price x 730 (the same in both scenarios). */
  readonly controlPlaneUsd: number;
  /** Each node pool's range, in input order. */
  readonly nodePools: readonly NodePoolCostRange[];
  /** Sum of the node pools' ranges. */
  readonly nodesUsd: CostRange;
  /** Azure OpenAI tokens: input and output tokens / 1M at the model's prices. */
  readonly openAIUsd: number;
  /** controlPlaneUsd + nodesUsd + openAIUsd. */
  readonly totalUsd: CostRange;

  private constructor(pools: readonly KubernetesNodePoolCost[], traffic: { inputTokens: number; outputTokens: number }, prices: KubernetesPriceTable) {
    this.prices = prices;
    this.traffic = Object.freeze(traffic);
    this.controlPlaneUsd = prices.controlPlanePerClusterHour * HOURS_PER_MONTH;
    this.nodePools = pools.map((given) => {
      const pool: Required<KubernetesNodePoolCost> = { ...given, mode: given.mode ?? "User" };
      const perNodeHour = prices.linuxVmPerHour[pool.vmSize]!;
      const nodeHours = { min: pool.minNodes * HOURS_PER_MONTH, max: pool.maxNodes * HOURS_PER_MONTH };
      return { pool, perNodeHour, nodeHours, usd: { min: nodeHours.min * perNodeHour, max: nodeHours.max * perNodeHour } };
    });
    this.nodesUsd = {
      min: this.nodePools.reduce((sum, p) => sum + p.usd.min, 0),
      max: this.nodePools.reduce((sum, p) => sum + p.usd.max, 0),
    };
    this.openAIUsd = (traffic.inputTokens / 1e6) * prices.openAIInputPerMillionTokens + (traffic.outputTokens / 1e6) * prices.openAIOutputPerMillionTokens;
    const fixed = this.controlPlaneUsd + this.openAIUsd;
    this.totalUsd = { min: fixed + this.nodesUsd.min, max: fixed + this.nodesUsd.max };
  }

  /**
   * The spec's Option 2 cost table in markdown (`| Component | Min | Max | Monthly Cost |`, costs as `$min-max`):
   * the control plane with its tier, one row per node pool with its VM size (Min/Max are node counts), Azure OpenAI
   * and the total; followed by the assumptions.
   */
  table(): string {
    const p = this.prices;
    const rows = [
      [`AKS Control Plane (${p.tier})`, "-", "-", formatUsd(this.controlPlaneUsd)],
      ...this.nodePools.map((n) => [`Node Pool ${n.pool.name} (${n.pool.vmSize})`, String(n.pool.minNodes), String(n.pool.maxNodes), formatUsdRange(n.usd.min, n.usd.max)]),
      [`Azure OpenAI (${p.openAIModel})`, "-", "-", formatUsd(this.openAIUsd)],
      [bold("Total"), "", "", bold(formatUsdRange(this.totalUsd.min, this.totalUsd.max))],
    ];
    const sizes = [...new Set(this.nodePools.map((n) => n.pool.vmSize))].map((size) => `${size} ${formatUsd(p.linuxVmPerHour[size]!, 3)}`);
    const assumptions = [
      `A month is ${HOURS_PER_MONTH} hours. Control plane: ${formatUsd(p.controlPlanePerClusterHour)} per cluster-hour (${p.tier} tier).`,
      `Nodes: Linux pay-as-you-go per node-hour, ${sizes.join(", ")}. Min: every pool at minNodes all month; max: at maxNodes all month.`,
      `Azure OpenAI: ${formatNumber(this.traffic.inputTokens, 0)} input and ${formatNumber(this.traffic.outputTokens, 0)} output tokens per month at ${formatUsd(p.openAIInputPerMillionTokens)} / ${formatUsd(p.openAIOutputPerMillionTokens)} per million (${p.openAIModel}).`,
      "Not included: OS disks, load balancer and public IPs, egress, Container Insights / Log Analytics, registry, Cosmos DB, reservations and savings plans.",
    ];
    return [markdownTable(["Component", "Min", "Max", "Monthly Cost"], rows), ["Assumptions:", ...assumptions.map((a) => `- ${a}`)].join("\n")].join("\n\n");
  }
}

/** Every problem with the node pool at position `index`, as sentences. */
function nodePoolProblems(pool: KubernetesNodePoolCost, index: number, vmPrices: Readonly<Record<string, number>>): string[] {
  const at = `nodePools[${index}]${typeof pool.name === "string" && pool.name !== "" ? ` ("${pool.name}")` : ""}`;
  const system = pool.mode === "System";
  const problems = [
    typeof pool.name === "string" && pool.name.trim() !== "" ? undefined : `${at}.name must be a non-empty string; got ${JSON.stringify(pool.name)}`,
    pool.mode === undefined || pool.mode === "System" || pool.mode === "User" ? undefined : `${at}.mode must be "System" or "User"; got ${JSON.stringify(pool.mode)}`,
    Object.hasOwn(vmPrices, pool.vmSize)
      ? undefined
      : `${at}.vmSize ${JSON.stringify(pool.vmSize)} has no price; priced sizes: ${Object.keys(vmPrices).join(", ")} (add it with prices.linuxVmPerHour)`,
    integerRangeProblem(`${at}.minNodes`, pool.minNodes, system ? 1 : 0, MAX_NODES_PER_POOL)?.concat(system ? " (a System pool cannot scale to zero)" : ""),
    integerRangeProblem(`${at}.maxNodes`, pool.maxNodes, 1, MAX_NODES_PER_POOL),
    pool.minNodes > pool.maxNodes ? `${at}: minNodes (${pool.minNodes}) must not exceed maxNodes (${pool.maxNodes})` : undefined,
  ];
  return problems.filter((problem): problem is string => problem !== undefined);
}
