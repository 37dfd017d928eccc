import { type ComponentCost, type CostComponent, componentCost, componentProblems, type ReplicaUsage, sumUsage } from "./cost-component";
import { formatNumber } from "../core/format";
import { bold, formatUsd, formatUsdRange, markdownTable } from "./markdown";
import { KubernetesCostEstimate, type KubernetesCostEstimateProps } from "./kubernetes-cost-estimate";
import { type CostPriceOverrides, type CostPriceTable, DEFAULT_COST_PRICES, HOURS_PER_MONTH, HOURS_PER_WEEK } from "./prices";
import { numberProblem, throwIfProblems } from "./validation";

/** Usage-billed traffic of one month (the same in the min and max scenarios). */
export interface MonthlyTraffic {
  /** HTTP requests received from outside the Container Apps environment (calls between apps are not billed). @default 0 */
  readonly requests?: number;
  /** Azure OpenAI input (prompt) tokens. @default 0 */
  readonly inputTokens?: number;
  /** Azure OpenAI output (completion) tokens. @default 0 */
  readonly outputTokens?: number;
}

/** Inputs of {@link CostEstimate.fromComponents}. */
export interface CostEstimateProps {
  /** The container apps of one subscription (the free grant is shared by all of them). */
  readonly components: readonly CostComponent[];
  /** Requests and tokens per month. @default no requests, no tokens */
  readonly traffic?: MonthlyTraffic;
  /** Overrides of the unit prices and free grant (undefined entries keep the default). @default DEFAULT_COST_PRICES */
  readonly prices?: CostPriceOverrides;
}

/** A monthly amount in USD in the min and max scenarios. */
export interface CostRange {
  /** Every component at its floors. */
  readonly min: number;
  /** Every component at `maxReplicas`, active, all month. */
  readonly max: number;
}

/**
 * Monthly cost range of a set of Azure Container Apps (Consumption plan) and their Azure OpenAI usage,
 * in the shape of the spec's cost table.
 *
 * - A month is 730 hours; a weekly schedule window of h hours counts h x 730 / 168 hours.
 * - Min: replicas at their floors. Floor replicas at `minReplicas` bill at the idle rate (or active for
 *   `activeShare` of the time); replicas a schedule holds above `minReplicas` bill at the active rate (Azure
 *   bills every replica of a revision above its minimum as active); scaled to zero costs nothing.
 * - Max: every component at `maxReplicas`, active, all 730 hours.
 * - Requests and tokens are the given traffic in both scenarios.
 * - The free grant (vCPU-s, GiB-s, requests) is applied once per subscription, to the summed usage of
 *   all components in each scenario, offsetting idle seconds before active ones (the smaller credit:
 *   Azure does not say which rate it offsets). Component rows are before the grant.
 * - Not included: Log Analytics, Application Insights, Cosmos DB, registry, networking, Dedicated plan
 *   management fees, Azure OpenAI provisioned (PTU) deployments.
 */
export class CostEstimate {
  /**
   * Prices `props.components`. Throws a RangeError naming every bad field (replica counts, cpu/memory,
   * schedule windows, activeShare, traffic, prices) with its value and the allowed range.
   */
  static fromComponents(props: CostEstimateProps): CostEstimate {
    const overrides = Object.entries(props.prices ?? {}).filter(([, value]) => value !== undefined);
    const prices: CostPriceTable = { ...DEFAULT_COST_PRICES, ...Object.fromEntries(overrides) };
    const traffic: Required<MonthlyTraffic> = {
      requests: props.traffic?.requests ?? 0,
      inputTokens: props.traffic?.inputTokens ?? 0,
      outputTokens: props.traffic?.outputTokens ?? 0,
    };
    const names = props.components.map((component) => component.name);
    const duplicates = [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
    throwIfProblems("CostEstimate.fromComponents", [
      ...props.components.flatMap(componentProblems),
      duplicates.length > 0 ? `component names must be unique; repeated: ${duplicates.map((name) => JSON.stringify(name)).join(", ")}` : undefined,
      ...(Object.keys(traffic) as Array<keyof MonthlyTraffic>).map((key) => numberProblem(`traffic.${key}`, traffic[key], { min: 0 })),
      ...(Object.keys(DEFAULT_COST_PRICES) as Array<keyof CostPriceTable>).map((key) =>
        key === "openAIModel"
          ? typeof prices.openAIModel === "string" && prices.openAIModel.trim() !== ""
            ? undefined
            : `prices.openAIModel must be a non-empty string; got ${JSON.stringify(prices.openAIModel)}`
          : numberProblem(`prices.${key}`, prices[key], { min: 0 }),
      ),
    ]);
    return new CostEstimate(props.components, traffic, Object.freeze(prices));
  }

  /**
   * Prices one AKS cluster instead (the spec's Option 2: control-plane tier and node pools' VM hours), in its own
   * shape; the same as {@link KubernetesCostEstimate.fromCluster}.
   */
  static forKubernetes(props: KubernetesCostEstimateProps): KubernetesCostEstimate {
    return KubernetesCostEstimate.fromCluster(props);
  }

  /** The price table in force (defaults with the overrides applied). */
  readonly prices: CostPriceTable;
  /** The traffic priced, defaults filled in. */
  readonly traffic: Required<MonthlyTraffic>;
  /** Each component's range, in input order, before the free grant. */
  readonly components: readonly ComponentCost[];
  /** Sum of the components' ranges, before the free grant. */
  readonly computeUsd: CostRange;
  /** HTTP requests: traffic.requests / 1M x perMillionRequests, before the free grant. */
  readonly requestsUsd: number;
  /** Azure OpenAI tokens: input and output tokens / 1M at the model's prices. */
  readonly openAIUsd: number;
  /** Credit of the free grant (a positive amount that is subtracted), once for the subscription. */
  readonly freeGrantUsd: CostRange;
  /** computeUsd + requestsUsd + openAIUsd - freeGrantUsd. */
  readonly totalUsd: CostRange;

  private constructor(components: readonly CostComponent[], traffic: Required<MonthlyTraffic>, prices: CostPriceTable) {
    this.prices = prices;
    this.traffic = Object.freeze(traffic);
    this.components = components.map((component) => componentCost(component, prices));
    this.computeUsd = {
      min: this.components.reduce((sum, c) => sum + c.min.usd, 0),
      max: this.components.reduce((sum, c) => sum + c.max.usd, 0),
    };
    this.requestsUsd = (traffic.requests / 1e6) * prices.perMillionRequests;
    this.openAIUsd =
      (traffic.inputTokens / 1e6) * prices.openAIInputPerMillionTokens + (traffic.outputTokens / 1e6) * prices.openAIOutputPerMillionTokens;
    const requestCredit = (Math.min(traffic.requests, prices.freeRequests) / 1e6) * prices.perMillionRequests;
    this.freeGrantUsd = {
      min: this.grantCredit(sumUsage(this.components.map((c) => c.min))) + requestCredit,
      max: this.grantCredit(sumUsage(this.components.map((c) => c.max))) + requestCredit,
    };
    const usageUsd = this.requestsUsd + this.openAIUsd;
    this.totalUsd = {
      min: this.computeUsd.min + usageUsd - this.freeGrantUsd.min,
      max: this.computeUsd.max + usageUsd - this.freeGrantUsd.max,
    };
  }

  /** USD value of the free vCPU-s and GiB-s against `usage`, offsetting idle seconds first. */
  private grantCredit(usage: ReplicaUsage): number {
    const p = this.prices;
    const credit = (idle: number, active: number, free: number, idleRate: number, activeRate: number): number => {
      const idleFree = Math.min(idle, free);
      return idleFree * idleRate + Math.min(active, free - idleFree) * activeRate;
    };
    return (
      credit(usage.idleVcpuSeconds, usage.activeVcpuSeconds, p.freeVcpuSeconds, p.idleVcpuSecond, p.activeVcpuSecond) +
      credit(usage.idleGibSeconds, usage.activeGibSeconds, p.freeGibSeconds, p.idleGibSecond, p.activeGibSecond)
    );
  }

  /**
   * The spec's cost table in markdown (`| Component | Min | Max | Monthly Cost |`, costs as `$min-max`
   * with cents): one row per component (Min/Max are replica counts; scheduled floors in parentheses),
   * then HTTP requests, Azure OpenAI, the free grant as `-($min-max)`, and the total; followed by the
   * assumptions.
   */
  table(): string {
    const p = this.prices;
    const floors = (c: ComponentCost["component"]): string =>
      [String(c.minReplicas), ...c.schedule.map((w) => `(${w.minReplicas} for ${formatNumber(w.hoursPerWeek)} h/week)`)].join(" ");
    const rows = [
      ...this.components.map((c) => [c.component.name, floors(c.component), String(c.component.maxReplicas), formatUsdRange(c.min.usd, c.max.usd)]),
      ["HTTP requests", "-", "-", formatUsd(this.requestsUsd)],
      [`Azure OpenAI (${p.openAIModel})`, "-", "-", formatUsd(this.openAIUsd)],
      ["Free grant (once per subscription)", "-", "-", `-(${formatUsdRange(this.freeGrantUsd.min, this.freeGrantUsd.max)})`],
      [bold("Total"), "", "", bold(formatUsdRange(this.totalUsd.min, this.totalUsd.max))],
    ];
    const rate = (usd: number): string => formatUsd(usd, 8);
    const assumptions = [
      `A month is ${HOURS_PER_MONTH} hours; a weekly schedule window of h hours counts h × ${HOURS_PER_MONTH} / ${HOURS_PER_WEEK} hours.`,
      `Container Apps Consumption prices: active ${rate(p.activeVcpuSecond)}/vCPU-s and ${rate(p.activeGibSecond)}/GiB-s; idle ${rate(p.idleVcpuSecond)}/vCPU-s and ${rate(p.idleGibSecond)}/GiB-s; ${rate(p.perMillionRequests)} per million requests.`,
      `Min: replicas at their floors; replicas at minReplicas are idle (active for activeShare of the time), replicas a schedule holds above minReplicas are active, zero replicas cost nothing. Max: maxReplicas replicas active all ${HOURS_PER_MONTH} hours.`,
      `HTTP requests: ${formatNumber(this.traffic.requests, 0)} per month from outside the environment (calls between apps are not billed).`,
      `Azure OpenAI: ${formatNumber(this.traffic.inputTokens, 0)} input and ${formatNumber(this.traffic.outputTokens, 0)} output tokens per month at ${rate(p.openAIInputPerMillionTokens)} / ${rate(p.openAIOutputPerMillionTokens)} per million (ASSUMPTION: ${p.openAIModel} prices; override prices for your model).`,
      `Free grant: ${formatNumber(p.freeVcpuSeconds, 0)} vCPU-s, ${formatNumber(p.freeGibSeconds, 0)} GiB-s and ${formatNumber(p.freeRequests, 0)} requests per month, once per subscription, applied to the summed usage of all rows (idle seconds first); component rows are before the grant.`,
      `Not included: logs and monitoring, Cosmos DB, registry, networking, Dedicated plan management fees, provisioned (PTU) Azure OpenAI.`,
    ];
    return [markdownTable(["Component", "Min", "Max", "Monthly Cost"], rows), ["Assumptions:", ...assumptions.map((a) => `- ${a}`)].join("\n")].join("\n\n");
  }
}
