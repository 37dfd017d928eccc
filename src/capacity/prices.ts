/** Hours in a billing month: Azure's pricing-calculator convention (8,760 h / 12). */
export const HOURS_PER_MONTH = 730;

/** Hours in a week; a weekly window of `h` hours lasts `h x 730 / 168` hours a month. */
export const HOURS_PER_WEEK = 168;

/**
 * The unit prices and free grant {@link CostEstimate} uses, in USD, each optional: give the ones to change from
 * {@link DEFAULT_COST_PRICES} as `CostEstimateProps.prices` (e.g. for another region, currency or model).
 */
export interface CostPriceOverrides {
  /** Container Apps Consumption, active rate per vCPU-second. @default 0.000024 */
  readonly activeVcpuSecond?: number;
  /** Container Apps Consumption, active rate per GiB-second. @default 0.000003 */
  readonly activeGibSecond?: number;
  /** Container Apps Consumption, idle rate per vCPU-second. @default 0.000003 */
  readonly idleVcpuSecond?: number;
  /** Container Apps Consumption, idle rate per GiB-second. @default 0.000003 */
  readonly idleGibSecond?: number;
  /** Container Apps, per million HTTP requests received from outside the environment. @default 0.4 */
  readonly perMillionRequests?: number;
  /** Free vCPU-seconds per calendar month per subscription. @default 180000 */
  readonly freeVcpuSeconds?: number;
  /** Free GiB-seconds per calendar month per subscription. @default 360000 */
  readonly freeGibSeconds?: number;
  /** Free HTTP requests per calendar month per subscription. @default 2000000 */
  readonly freeRequests?: number;
  /** Name of the Azure OpenAI model the token prices are for (labels the table). @default "gpt-4o-mini GlobalStandard" */
  readonly openAIModel?: string;
  /** Azure OpenAI, per million input tokens. ASSUMPTION: gpt-4o-mini GlobalStandard list price. @default 0.15 */
  readonly openAIInputPerMillionTokens?: number;
  /** Azure OpenAI, per million output tokens. ASSUMPTION: gpt-4o-mini GlobalStandard list price. @default 0.6 */
  readonly openAIOutputPerMillionTokens?: number;
}

/** Every price of the cost model: {@link DEFAULT_COST_PRICES} with any {@link CostPriceOverrides} applied. */
export type CostPriceTable = Required<CostPriceOverrides>;

/**
 * Commonly published pay-as-you-go list prices (US regions, USD). The Azure OpenAI model and its token
 * prices are an assumption (the spec names no model): check them against your deployment.
 */
export const DEFAULT_COST_PRICES: CostPriceTable = Object.freeze({
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

/**
 * GlobalStandard pay-as-you-go list prices per million tokens (USD) of chat models, for estimates: check your
 * region, deployment type and agreement, and override.
 *
 * - gpt-4o, gpt-4o-mini: commonly published list prices (the earlier entries of this table). Azure's retail meters
 *   "gpt-4o-0806-Inp-glbl" / "-Outp-glbl" (2.50 / 10 per 1M) and "gpt-4o-mini-0718-Inp-glbl" / "-Outp-glbl"
 *   (0.15 / 0.60) agree.
 * - Every other entry: Azure's public retail price list (the Azure Retail Prices API), the "Gl"/"Glbl" input and
 *   output meters of the products "Azure OpenAI GPT5", "Azure OpenAI" and "Azure OpenAI Reasoning", as captured on
 *   2026-07-31 in the snapshot of the azure-genai-prices package (github.com/nikklavzar/azure-genai-prices,
 *   src/azure_genai_prices/data/snapshot.json, commit 6d6491a). Meters priced per 1K tokens are scaled to 1M.
 * - gpt-5.4, gpt-5.5 and gpt-5.6-*: the short-context meters ("ShortCo"; no suffix for gpt-5.4); long prompts bill
 *   at the long-context meters, about twice the input and 1.5 times the output price.
 * - gpt-5.6-sol, -terra, -luna: meters effective 2026-07-01. A third-party price tracker (llm-kit, release
 *   usage-tab 1.3.0, 2026-10-03) reports Azure lowering them on 2026-10-03 to 4.00 / 20.00, 2.00 / 12.00 and
 *   0.20 / 1.20; that is not confirmed from an Azure source here, so the table keeps the meters' prices.
 * - Models without the Chat Completions API (-pro, -codex, o3-deep-research) are left out.
 */
export const OPENAI_TOKEN_PRICES: Readonly<Record<string, { readonly inputPerMillion: number; readonly outputPerMillion: number }>> = Object.freeze({
  "gpt-4o": { inputPerMillion: 2.5, outputPerMillion: 10 },
  "gpt-4o-mini": { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  // GPT-5 family (reasoning tokens are part of completion_tokens, the output). Meter names and effective dates in comments.
  "gpt-5": { inputPerMillion: 1.25, outputPerMillion: 10 }, // GPT 5 Inpt/outpt Glbl, 2025-08-01
  "gpt-5-mini": { inputPerMillion: 0.25, outputPerMillion: 2 }, // GPT 5 Mini Inpt/outpt Glbl, 2025-08-01
  "gpt-5-nano": { inputPerMillion: 0.05, outputPerMillion: 0.4 }, // GPT 5 Nano Inpt/outpt Glbl, 2025-08-01
  "gpt-5-chat": { inputPerMillion: 1.25, outputPerMillion: 10 }, // GPT 5 Chat Inpt/outpt Glbl, 2025-08-01
  "gpt-5.1": { inputPerMillion: 1.25, outputPerMillion: 10 }, // GPT 5.1 inp/opt Gl, 2025-11-01
  "gpt-5.2": { inputPerMillion: 1.75, outputPerMillion: 14 }, // GPT 5.2 inp/opt Gl, 2025-12-01
  "gpt-5.4": { inputPerMillion: 2.5, outputPerMillion: 15 }, // 5.4 inp/opt Gl, 2026-03-01
  "gpt-5.4-mini": { inputPerMillion: 0.75, outputPerMillion: 4.5 }, // 5.4 mini Inp/Opt Gl, 2026-03-01
  "gpt-5.4-nano": { inputPerMillion: 0.2, outputPerMillion: 1.25 }, // 5.4 nano Inp/Opt Gl, 2026-03-01
  "gpt-5.5": { inputPerMillion: 5, outputPerMillion: 30 }, // 5.5 ShortCo inp/opt Gl, 2026-05-01
  "gpt-5.6-sol": { inputPerMillion: 5, outputPerMillion: 30 }, // 5.6 sol ShortCo Inp/Opt Std Gl, 2026-07-01
  "gpt-5.6-terra": { inputPerMillion: 2.5, outputPerMillion: 15 }, // 5.6 terra ShortCo Inp/Opt Std Gl, 2026-07-01
  "gpt-5.6-luna": { inputPerMillion: 1, outputPerMillion: 6 }, // 5.6 luna ShortCo Inp/Opt Std Gl, 2026-07-01
  // o-series (reasoning).
  o1: { inputPerMillion: 15, outputPerMillion: 60 }, // o1 1217 Inp/Outp glbl, 0.015 / 0.06 per 1K, 2024-12-01
  o3: { inputPerMillion: 2, outputPerMillion: 8 }, // o3 0416 Inp/Outp glbl, 0.002 / 0.008 per 1K, 2025-06-01
  "o3-mini": { inputPerMillion: 1.1, outputPerMillion: 4.4 }, // o3 mini 0131 input/output glbl, 0.0011 / 0.0044 per 1K, 2025-02-01
  "o4-mini": { inputPerMillion: 1.1, outputPerMillion: 4.4 }, // o4-mini 0416 Inp/Outp glbl, 0.0011 / 0.0044 per 1K, 2025-04-01
});

/** AKS cluster-management tiers, as `sku_tier` of `azurerm_kubernetes_cluster` names them. */
export type AksTier = "Free" | "Standard" | "Premium";

/**
 * AKS (the spec's Option 2) pay-as-you-go list prices in USD per hour, for {@link KubernetesCostEstimate}.
 *
 * - `controlPlanePerClusterHour`: cluster management per tier; Free has none (no financially backed SLA),
 *   Standard adds the uptime SLA, Premium adds long-term support. Standard at 0.10 is the spec's "$73 (Standard)" a month.
 * - `linuxVmPerHour`: node VMs, Linux, East US (East US 2 lists the same prices for these sizes), the Retail Prices
 *   API's "Consumption" meters (`D4s v3` in "Virtual Machines DSv3 Series", 0.192). Standard_D4s_v3 is the spec's node
 *   size (1 to 4 nodes: its "$140-560"), Standard_D2s_v3 the size of its Option 3 scale set; the v5 sizes of the same
 *   shape are AKS's current defaults. OS disks, load balancer, public IPs and egress are billed on top.
 * - Source and date: Azure's AKS and Linux VM pricing pages and Retail Prices API as commonly published, recorded on
 *   2026-12-03 WITHOUT an online check (no network where this table was written): verify them at
 *   https://azure.microsoft.com/pricing/details/kubernetes-service/ and https://prices.azure.com/api/retail/prices
 *   before relying on them, and override with `KubernetesCostEstimateProps.prices`.
 */
export const AKS_PRICES = Object.freeze({
  controlPlanePerClusterHour: Object.freeze({ Free: 0, Standard: 0.1, Premium: 0.6 }) as Readonly<Record<AksTier, number>>,
  linuxVmPerHour: Object.freeze({
    Standard_D2s_v3: 0.096,
    Standard_D4s_v3: 0.192,
    Standard_D8s_v3: 0.384,
    Standard_D2s_v5: 0.096,
    Standard_D4s_v5: 0.192,
    Standard_D8s_v5: 0.384,
  }) as Readonly<Record<string, number>>,
});
