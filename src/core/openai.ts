import { formatNumber } from "./format";

/** Every model deployment SKU that Azure OpenAI and the azurerm provider (4.x) accept. */
export const OPENAI_DEPLOYMENT_SKUS = [
  "Standard",
  "GlobalStandard",
  "DataZoneStandard",
  "ProvisionedManaged",
  "GlobalProvisionedManaged",
  "DataZoneProvisionedManaged",
  "GlobalBatch",
  "DataZoneBatch",
] as const;

/**
 * A deployment SKU whose capacity is in units of 1,000 tokens per minute: the pay-as-you-go SKUs, which the pool can
 * route calls to.
 */
export enum OpenAITpmSku {
  /** Regional pay-as-you-go. */
  STANDARD = "Standard",
  /** Global pay-as-you-go: Azure routes each call to any region. */
  GLOBAL_STANDARD = "GlobalStandard",
  /** Pay-as-you-go within a data zone (US or EU). */
  DATA_ZONE_STANDARD = "DataZoneStandard",
}

/** Tokens per minute in one unit of a pay-as-you-go deployment's capacity. */
export const TOKENS_PER_MINUTE_PER_CAPACITY_UNIT = 1000;


/** A sentence describing why `sku` cannot size a pool deployment, or undefined when it is a pay-as-you-go SKU. */
export function openAISkuProblem(what: string, sku: string): string | undefined {
  const tpmSkus: readonly string[] = Object.values(OpenAITpmSku);
  if (tpmSkus.includes(sku)) return undefined;
  const allowed = `use one of ${tpmSkus.join(", ")}`;
  if (sku.endsWith("ProvisionedManaged")) {
    return `${what} "${sku}" is sized in provisioned throughput units (PTU), not in units of 1,000 tokens per minute; ${allowed}`;
  }
  if (sku.endsWith("Batch")) return `${what} "${sku}" serves batch jobs, not the pool's real-time calls; ${allowed}`;
  return `${what} "${sku}" is not an Azure OpenAI deployment SKU; ${allowed}`;
}

/** A sentence describing why `tokensPerMinute` is not a positive multiple of 1,000, or undefined when it is. */
export function tokensPerMinuteProblem(what: string, tokensPerMinute: number): string | undefined {
  const unit = TOKENS_PER_MINUTE_PER_CAPACITY_UNIT;
  if (Number.isSafeInteger(tokensPerMinute) && tokensPerMinute >= unit && tokensPerMinute % unit === 0) return undefined;
  return `${what} must be a positive multiple of ${formatNumber(unit)} (capacity is set in units of ${formatNumber(unit)} TPM); got ${tokensPerMinute}`;
}
