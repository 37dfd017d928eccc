/** Hours in a billing month: Azure's pricing-calculator convention (8,760 h / 12). */
export const HOURS_PER_MONTH = 730;

/** Hours in a week; a weekly window of `h` hours lasts `h x 730 / 168` hours a month. */
export const HOURS_PER_WEEK = 168;

/**
 * The unit prices and free grant {@link CostEstimate} uses, in USD. Override any of them with
 * `CostEstimateProps.prices` (e.g. for another region, currency or model).
 */
export interface CostPriceTable {
  /** Container Apps Consumption, active rate per vCPU-second. @default 0.000024 */
  readonly activeVcpuSecond: number;
  /** Container Apps Consumption, active rate per GiB-second. @default 0.000003 */
  readonly activeGibSecond: number;
  /** Container Apps Consumption, idle rate per vCPU-second. @default 0.000003 */
  readonly idleVcpuSecond: number;
  /** Container Apps Consumption, idle rate per GiB-second. @default 0.000003 */
  readonly idleGibSecond: number;
  /** Container Apps, per million HTTP requests received from outside the environment. @default 0.4 */
  readonly perMillionRequests: number;
  /** Free vCPU-seconds per calendar month per subscription. @default 180000 */
  readonly freeVcpuSeconds: number;
  /** Free GiB-seconds per calendar month per subscription. @default 360000 */
  readonly freeGibSeconds: number;
  /** Free HTTP requests per calendar month per subscription. @default 2000000 */
  readonly freeRequests: number;
  /** Name of the Azure OpenAI model the token prices are for (labels the table). @default "gpt-4o-mini GlobalStandard" */
  readonly openAIModel: string;
  /** Azure OpenAI, per million input tokens. ASSUMPTION: gpt-4o-mini GlobalStandard list price. @default 0.15 */
  readonly openAIInputPerMillionTokens: number;
  /** Azure OpenAI, per million output tokens. ASSUMPTION: gpt-4o-mini GlobalStandard list price. @default 0.6 */
  readonly openAIOutputPerMillionTokens: number;
}

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
 * Commonly published GlobalStandard pay-as-you-go prices per million tokens (USD) of a few chat models.
 * ASSUMPTIONS for estimates only: check your region, deployment type and agreement, and override.
 */
export const OPENAI_TOKEN_PRICES: Readonly<Record<string, { readonly inputPerMillion: number; readonly outputPerMillion: number }>> = {
  "gpt-4o": { inputPerMillion: 2.5, outputPerMillion: 10 },
  "gpt-4o-mini": { inputPerMillion: 0.15, outputPerMillion: 0.6 },
};
