/**
 * When Azure OpenAI stops taking new deployments of a chat model version, and when it retires it: a dated table
 * and the checks built on it. Azure refuses a new deployment of a retired version, and refuses a subscription that
 * never deployed a version once that version is closed to new customers ("Deprecated"); the azurerm provider checks
 * neither, so `terraform plan` passes and the first apply fails.
 */

/** Lifecycle stage of a model version, as Microsoft's retirement schedule names it. */
export type ModelLifecycleStage = "Preview" | "GA" | "Legacy" | "Deprecated" | "Retired";

/** A model version: what an Azure OpenAI deployment's `model { name, version }` block names. */
export interface ModelVersionRef {
  /** Model name, e.g. "gpt-5.6-sol". */
  readonly model: string;
  /** Model version, e.g. "2026-07-09" (for most models the launch date). */
  readonly version: string;
}

/** What to move to from a version. */
export interface ModelReplacement extends ModelVersionRef {
  /**
   * "docs": the schedule's Replacement column (the docs give a model name; the version is that model's newest in
   * this table). "suggested": this library's pick where the schedule names none or names one that is not a
   * deployment target (a preview alias): the gpt-5.6 model of the same tier (sol for full-size models, terra for
   * mini, luna for nano).
   */
  readonly basis: "docs" | "suggested";
}

/** A quota row of the quota-tier table: requests and tokens per minute that one subscription gets, per region. */
export interface ModelQuota {
  readonly requestsPerMinute: number;
  readonly tokensPerMinute: number;
}

/** One chat model version's lifecycle. Dates are ISO `YYYY-MM-DD`, the first day the event is in effect. */
export interface ModelLifecycleEntry extends ModelVersionRef {
  /** Stage the schedule gives, as of {@link ModelLifecycleTable.asOf}. */
  readonly stage: ModelLifecycleStage;
  /**
   * First day a subscription that never deployed this version can no longer deploy it. Absent when the docs give
   * no date before {@link retiresOn} (Preview and Legacy versions, and GA versions past the policy's 12 months that
   * the schedule still lists as GA).
   */
  readonly noNewCustomersFrom?: string;
  /** First day the version is retired: no new deployments, and existing ones answer 410. */
  readonly retiresOn: string;
  /** What to move to; absent for the newest generation. */
  readonly replacement?: ModelReplacement;
  /**
   * True for reasoning models (o-series, the GPT-5 family except gpt-5-chat): they take `max_completion_tokens`, not
   * `max_tokens`, and spend hidden reasoning tokens that count in `completion_tokens` and against the TPM quota.
   */
  readonly reasoning: boolean;
  /**
   * Requests per minute that one unit of capacity (1,000 TPM) of a deployment brings, where the docs give the ratio
   * (the "Capacity / RPM / TPM" table of quotas-limits.md, see {@link MODEL_RATE_LIMIT_SOURCES}); absent otherwise.
   */
  readonly requestsPerMinutePer1000Tpm?: number;
  /**
   * The GlobalStandard row of the Tier 1 quota table for this model (see {@link MODEL_RATE_LIMIT_SOURCES}). A
   * subscription's quota, not a per-deployment ratio: e.g. gpt-4o-mini's Tier 1 row gives 10 RPM per 1,000 TPM
   * where its capacity unit gives 6.
   */
  readonly globalStandardTier1Quota?: ModelQuota;
  /** Where the entry's dates come from: "schedule", "no-new-customers column" and "policy" are explained on {@link MODEL_LIFECYCLE}. */
  readonly source: string;
}

/** A dated lifecycle table. */
export interface ModelLifecycleTable {
  /** The date the table's information is from (the schedule's publication date). */
  readonly asOf: string;
  /** The document the dates come from. */
  readonly source: string;
  readonly entries: readonly ModelLifecycleEntry[];
}

/** Days before a closure or retirement from which a version is "expiring": a deployment then gets a warning. */
export const MODEL_EXPIRY_WARNING_DAYS = 90;

/** Keys of {@link ModelLifecycleEntry.source}, explained on {@link MODEL_LIFECYCLE}. */
const SCHEDULE = "schedule";
const DEPRECATION_COLUMN = "no-new-customers column";
const POLICY = "policy (12 months after launch)";

/** Where the rate-limit fields of the entries come from. */
export const MODEL_RATE_LIMIT_SOURCES = {
  /** {@link ModelLifecycleEntry.requestsPerMinutePer1000Tpm}: "Older chat models: 1 unit = 6 RPM, 1,000 TPM; o1: 1 RPM, 6,000 TPM; o3, o4-mini: 1 RPM, 1,000 TPM; o3-mini, o3-pro: 1 RPM, 10,000 TPM". gpt-4o and gpt-4o-mini are the older chat models (their quota rows are 6 RPM per 1,000 TPM at every tier); the docs give no ratio for gpt-4.1 or the GPT-5 family. */
  requestsPerMinutePer1000Tpm:
    "MicrosoftDocs/azure-ai-docs articles/ai-foundry/openai/quotas-limits.md @005fa2f1 (ms.date 2025-07-11), section 'o-series rate limits'",
  /** {@link ModelLifecycleEntry.globalStandardTier1Quota}. */
  globalStandardTier1Quota: "MicrosoftDocs/azure-ai-docs articles/foundry/openai/includes/quota-tier/tier-1.md @08408ff5 (ms.date 2026-08-20)",
} as const;

const TIER1 = (requestsPerMinute: number, tokensPerMinute: number): ModelQuota => ({ requestsPerMinute, tokensPerMinute });

const SOL: ModelReplacement = { model: "gpt-5.6-sol", version: "2026-07-09", basis: "suggested" };
const TERRA: ModelReplacement = { model: "gpt-5.6-terra", version: "2026-07-09", basis: "suggested" };
const LUNA: ModelReplacement = { model: "gpt-5.6-luna", version: "2026-07-09", basis: "suggested" };
const docs = (r: ModelReplacement): ModelReplacement => ({ ...r, basis: "docs" });

/**
 * Azure OpenAI chat model versions (Chat Completions API) with their closure and retirement dates.
 *
 * Sources, all in MicrosoftDocs/azure-ai-docs (the retirement table moved from
 * `articles/ai-foundry/openai/includes/retirement/models.md`, the file azure-facts.md cites at 2025-12-16, to
 * `articles/foundry/openai/includes/concepts-model-retirement-schedule-content.md`, which has no
 * "no new customers" column any more). The snapshot of the repository is 2.7 GB, too large to fetch, so the files
 * were read from the stored copies, and "newest" means the newest `ms.date` found:
 *
 * - schedule: `concepts-model-retirement-schedule-content.md`, ms.date 2026-08-19, as rendered on Learn
 *   (`/azure/foundry/openai/concepts/model-retirement-schedule`, updated 2026-09-02, built from azure-ai-docs-pr
 *   commit c0b1c983). Gives stage and retirement date. The newest copy in azure-ai-docs itself that could be read
 *   whole is commit 00bb5540 (ms.date 2026-07-07), whose dates were superseded (e.g. gpt-5.4 2027-03-05 there,
 *   2027-09-02 in the schedule; gpt-5.2 2026-12-12 there, 2027-06-08 in the schedule).
 * - no-new-customers column, the last "Deprecation Date (No New Customers)" column the docs published:
 *   `articles/foundry/openai/includes/retirement/models.md` @01850fbb (lists gpt-5.5, so from 2026-04-24 or later).
 *   Used for versions the schedule lists as Deprecated or Retired. Its dates for versions launched from 2025-12 on (6 months after launch, with retirement at 12) were
 *   superseded: the schedule moved those retirements to 18 months after launch, and still lists gpt-5.2 as GA after
 *   the column's date for it (2026-06-12).
 * - policy, the lifecycle policy: `articles/foundry/openai/includes/concepts-model-retirements-content.md` (ms.date
 *   2026-04-29 and 2026-10-05): a GA version closes to new customers 12 months after launch and retires at 18.
 *   Used for versions the schedule lists as GA when that date is after the schedule's date; where it had already
 *   passed and the schedule still lists the version as GA (gpt-5 of 2025-08-07, o3), the docs give no date and none
 *   is recorded. Legacy versions ("new deployments until deprecation") have no date either.
 * - The policy of 2026-10-05 (commit 0378dd85) also says gpt-4o 2024-05-13 retires on 2026-12-09 (not 2026-10-01
 *   as in the schedule), upgraded to gpt-5.6-sol: that newer date is used.
 * - Dates labeled "no earlier than" are taken as the date.
 *
 * Not in the table: models without the Chat Completions API (the -pro and -codex models, o3-deep-research),
 * gpt-chat-latest (Preview, each version retiring about 90 days after launch), and gpt-6-astra, gpt-6-luna and
 * gpt-6-sol, which the quota tables of 2026-08-20 list but no retirement schedule that could be read does. A model
 * missing here is reported as "unknown", never as retired.
 */
export const MODEL_LIFECYCLE: ModelLifecycleTable = deepFreeze({
  asOf: "2026-09-02",
  source:
    "Microsoft's model retirement schedule (MicrosoftDocs/azure-ai-docs articles/foundry/openai/includes/concepts-model-retirement-schedule-content.md, ms.date 2026-08-19, published 2026-09-02)",
  entries: [
    // gpt-4o and gpt-4o-mini: "older chat models", 6 RPM per 1,000 TPM.
    { model: "gpt-4o", version: "2024-05-13", stage: "Deprecated", noNewCustomersFrom: "2025-05-13", retiresOn: "2026-12-09", replacement: docs(SOL), reasoning: false, requestsPerMinutePer1000Tpm: 6, source: `${SCHEDULE} stage; retirement and replacement from the policy of 2026-10-05; ${DEPRECATION_COLUMN}` },
    { model: "gpt-4o", version: "2024-08-06", stage: "Deprecated", noNewCustomersFrom: "2025-08-06", retiresOn: "2027-04-14", replacement: { model: "gpt-5.1", version: "2025-11-13", basis: "docs" }, reasoning: false, requestsPerMinutePer1000Tpm: 6, source: `${SCHEDULE}; ${DEPRECATION_COLUMN}` },
    { model: "gpt-4o", version: "2024-11-20", stage: "Legacy", retiresOn: "2027-04-14", replacement: { model: "gpt-5.1", version: "2025-11-13", basis: "docs" }, reasoning: false, requestsPerMinutePer1000Tpm: 6, source: `${SCHEDULE} (Legacy: new deployments until deprecation, no date given; ${DEPRECATION_COLUMN}'s 2025-11-20 superseded)` },
    { model: "gpt-4o-mini", version: "2024-07-18", stage: "Deprecated", noNewCustomersFrom: "2025-07-18", retiresOn: "2027-04-14", replacement: TERRA, reasoning: false, requestsPerMinutePer1000Tpm: 6, globalStandardTier1Quota: TIER1(20_000, 2_000_000), source: `${SCHEDULE}; ${DEPRECATION_COLUMN}` },
    // gpt-4.1: Legacy in the schedule (the column's 2026-04-14 superseded); the docs give no RPM ratio.
    { model: "gpt-4.1", version: "2025-04-14", stage: "Legacy", retiresOn: "2027-04-14", replacement: SOL, reasoning: false, globalStandardTier1Quota: TIER1(1_000, 1_000_000), source: `${SCHEDULE} (Legacy, no closure date given)` },
    { model: "gpt-4.1-mini", version: "2025-04-14", stage: "Legacy", retiresOn: "2027-04-14", replacement: TERRA, reasoning: false, globalStandardTier1Quota: TIER1(5_000, 5_000_000), source: `${SCHEDULE} (Legacy, no closure date given)` },
    { model: "gpt-4.1-nano", version: "2025-04-14", stage: "Legacy", retiresOn: "2027-04-14", replacement: LUNA, reasoning: false, globalStandardTier1Quota: TIER1(5_000, 5_000_000), source: `${SCHEDULE} (Legacy, no closure date given)` },
    // o-series.
    { model: "o1", version: "2024-12-17", stage: "Deprecated", noNewCustomersFrom: "2025-12-17", retiresOn: "2026-10-21", replacement: docs(SOL), reasoning: true, requestsPerMinutePer1000Tpm: 1 / 6, globalStandardTier1Quota: TIER1(500, 3_000_000), source: `${SCHEDULE}; ${DEPRECATION_COLUMN}` },
    { model: "o3-mini", version: "2025-01-31", stage: "Deprecated", noNewCustomersFrom: "2026-01-31", retiresOn: "2026-10-01", replacement: { model: "o4-mini", version: "2025-04-16", basis: "docs" }, reasoning: true, requestsPerMinutePer1000Tpm: 0.1, globalStandardTier1Quota: TIER1(500, 5_000_000), source: `${SCHEDULE}; ${DEPRECATION_COLUMN}` },
    { model: "o3", version: "2025-04-16", stage: "GA", retiresOn: "2026-10-21", replacement: docs(SOL), reasoning: true, requestsPerMinutePer1000Tpm: 1, globalStandardTier1Quota: TIER1(1_000, 1_000_000), source: `${SCHEDULE} (GA on its date, after ${DEPRECATION_COLUMN}'s and ${POLICY}'s 2026-04-16: no closure date)` },
    { model: "o4-mini", version: "2025-04-16", stage: "Deprecated", noNewCustomersFrom: "2026-04-16", retiresOn: "2026-10-16", replacement: TERRA, reasoning: true, requestsPerMinutePer1000Tpm: 1, globalStandardTier1Quota: TIER1(1_000, 1_000_000), source: `${SCHEDULE}; ${DEPRECATION_COLUMN}` },
    // GPT-5 chat variants: retired; the schedule's replacement, gpt-chat-latest, is a preview alias.
    { model: "gpt-5-chat", version: "2025-08-07", stage: "Retired", retiresOn: "2026-06-29", replacement: SOL, reasoning: false, source: `${SCHEDULE} (not in the reasoning-model table of how-to/reasoning.md)` },
    { model: "gpt-5-chat", version: "2025-10-03", stage: "Retired", retiresOn: "2026-05-13", replacement: SOL, reasoning: false, source: `${SCHEDULE} (not in the reasoning-model table of how-to/reasoning.md)` },
    { model: "gpt-5.1-chat", version: "2025-11-13", stage: "Retired", retiresOn: "2026-06-29", replacement: SOL, reasoning: true, source: SCHEDULE },
    { model: "gpt-5.2-chat", version: "2025-12-11", stage: "Retired", retiresOn: "2026-05-13", replacement: SOL, reasoning: true, source: `${SCHEDULE} (reasoning assumed, as gpt-5.1-chat)` },
    { model: "gpt-5.2-chat", version: "2026-02-10", stage: "Retired", retiresOn: "2026-06-29", replacement: SOL, reasoning: true, source: `${SCHEDULE} (reasoning assumed, as gpt-5.1-chat)` },
    { model: "gpt-5.3-chat", version: "2026-03-03", stage: "Retired", retiresOn: "2026-06-29", replacement: SOL, reasoning: true, source: `${SCHEDULE} (reasoning assumed, as gpt-5.1-chat)` },
    // GPT-5 family.
    { model: "gpt-5", version: "2025-08-07", stage: "GA", retiresOn: "2027-02-09", replacement: SOL, reasoning: true, globalStandardTier1Quota: TIER1(10_000, 1_000_000), source: `${SCHEDULE} (GA on its date, after ${POLICY}'s 2026-08-07: no closure date)` },
    { model: "gpt-5-mini", version: "2025-08-07", stage: "GA", retiresOn: "2027-02-09", replacement: TERRA, reasoning: true, globalStandardTier1Quota: TIER1(1_000, 1_000_000), source: `${SCHEDULE} (GA on its date, after ${POLICY}'s 2026-08-07: no closure date)` },
    { model: "gpt-5-nano", version: "2025-08-07", stage: "GA", retiresOn: "2027-02-09", replacement: LUNA, reasoning: true, globalStandardTier1Quota: TIER1(5_000, 5_000_000), source: `${SCHEDULE} (GA on its date, after ${POLICY}'s 2026-08-07: no closure date)` },
    { model: "gpt-5.1", version: "2025-11-13", stage: "GA", noNewCustomersFrom: "2026-11-13", retiresOn: "2027-05-15", replacement: SOL, reasoning: true, globalStandardTier1Quota: TIER1(10_000, 1_000_000), source: `${SCHEDULE}; ${POLICY} (= ${DEPRECATION_COLUMN})` },
    { model: "gpt-5.2", version: "2025-12-11", stage: "GA", noNewCustomersFrom: "2026-12-11", retiresOn: "2027-06-08", replacement: SOL, reasoning: true, globalStandardTier1Quota: TIER1(10_000, 1_000_000), source: `${SCHEDULE}; ${POLICY}` },
    { model: "gpt-5.4", version: "2026-03-05", stage: "GA", noNewCustomersFrom: "2027-03-05", retiresOn: "2027-09-02", replacement: SOL, reasoning: true, globalStandardTier1Quota: TIER1(10_000, 1_000_000), source: `${SCHEDULE}; ${POLICY}` },
    { model: "gpt-5.4-mini", version: "2026-03-17", stage: "GA", noNewCustomersFrom: "2027-03-17", retiresOn: "2027-09-21", replacement: TERRA, reasoning: true, globalStandardTier1Quota: TIER1(1_000, 1_000_000), source: `${SCHEDULE}; ${POLICY}` },
    { model: "gpt-5.4-nano", version: "2026-03-17", stage: "GA", noNewCustomersFrom: "2027-03-17", retiresOn: "2027-09-21", replacement: LUNA, reasoning: true, globalStandardTier1Quota: TIER1(5_000, 5_000_000), source: `${SCHEDULE}; ${POLICY}` },
    { model: "gpt-5.5", version: "2026-04-24", stage: "GA", noNewCustomersFrom: "2027-04-24", retiresOn: "2027-10-26", replacement: SOL, reasoning: true, globalStandardTier1Quota: TIER1(1_000, 1_000_000), source: `${SCHEDULE}; ${POLICY}` },
    { model: "gpt-5.6-sol", version: "2026-07-09", stage: "GA", noNewCustomersFrom: "2027-07-09", retiresOn: "2028-01-11", reasoning: true, globalStandardTier1Quota: TIER1(1_000, 1_000_000), source: `${SCHEDULE}; ${POLICY}` },
    { model: "gpt-5.6-terra", version: "2026-07-09", stage: "GA", noNewCustomersFrom: "2027-07-09", retiresOn: "2028-01-11", reasoning: true, globalStandardTier1Quota: TIER1(1_000, 1_000_000), source: `${SCHEDULE}; ${POLICY}` },
    { model: "gpt-5.6-luna", version: "2026-07-09", stage: "GA", noNewCustomersFrom: "2027-07-09", retiresOn: "2028-01-11", reasoning: true, globalStandardTier1Quota: TIER1(1_000, 1_000_000), source: `${SCHEDULE}; ${POLICY}` },
  ],
});

/**
 * The chat model a new deployment gets by default: gpt-5.6-sol 2026-07-09, GlobalStandard.
 *
 * Chosen on 2026-12-01 as the best chat model (Chat Completions API, GlobalStandard) that a subscription which never
 * deployed it can still deploy, and that is more than {@link MODEL_EXPIRY_WARNING_DAYS} days from closing or
 * retiring:
 * - it closes to new customers on 2027-07-09 (12 months after launch, the lifecycle policy) and retires on
 *   2028-01-11 (the schedule of 2026-08-19): 220 days of deployability left on 2026-12-01;
 * - it is the top of the newest generation in the schedule (sol, terra, luna), the one Microsoft names as the
 *   replacement of o1, o3 and gpt-4o 2024-05-13 (whose Standard deployments are upgraded to it);
 * - the alternatives are older or smaller: gpt-5.5 (closes 2027-04-24, 144 days), gpt-5.4 (closes 2027-03-05, 94
 *   days), gpt-5.2 (closes 2026-12-11, 10 days), gpt-5.1 (closed 2026-11-13), gpt-5 (retires 2027-02-09, 70 days),
 *   gpt-4.1 and gpt-4o (Legacy or Deprecated); gpt-5.6-terra and gpt-5.6-luna have the same dates at a lower price.
 * It is a reasoning model: call it with `max_completion_tokens` (which must cover its hidden reasoning tokens), not
 * `max_tokens`. Its GlobalStandard list price is in `OPENAI_TOKEN_PRICES`.
 */
export const DEFAULT_CHAT_MODEL: ModelVersionRef = Object.freeze({ model: "gpt-5.6-sol", version: "2026-07-09" });

/** What {@link modelLifecycleStatus} finds for a model version on a date. */
export type ModelLifecycleStatus =
  | { readonly status: "retired"; readonly entry: ModelLifecycleEntry; readonly asOf: string }
  | { readonly status: "closed-to-new-customers"; readonly entry: ModelLifecycleEntry; readonly asOf: string }
  | {
      readonly status: "expiring";
      readonly entry: ModelLifecycleEntry;
      readonly asOf: string;
      /** Days from `asOf` to the event, 1 to {@link MODEL_EXPIRY_WARNING_DAYS}. */
      readonly days: number;
      /** The next event: closure to new customers, or retirement. */
      readonly event: "closure" | "retirement";
      /** The event's date. */
      readonly on: string;
    }
  | { readonly status: "unknown"; readonly model: string; readonly version: string; readonly asOf: string }
  | { readonly status: "available"; readonly entry: ModelLifecycleEntry; readonly asOf: string };

const DAY_MS = 86_400_000;

/** A sentence describing why `value` is not a real calendar date written `YYYY-MM-DD`, or undefined when it is one. */
export function isoDateProblem(what: string, value: string): string | undefined {
  if (parseIsoDate(value) !== undefined) return undefined;
  return `${what} must be a calendar date written YYYY-MM-DD (e.g. "2026-12-01"); got ${JSON.stringify(value)}`;
}

/** The lifecycle entry of a model version, or undefined when the table does not list it. */
export function modelLifecycle(model: string, version: string, table: ModelLifecycleTable = MODEL_LIFECYCLE): ModelLifecycleEntry | undefined {
  return table.entries.find((e) => e.model === model && e.version === version);
}

/**
 * The lifecycle status of a model version on `asOf`: retired from its retirement date on, closed to new customers
 * from its closure date on, expiring within {@link MODEL_EXPIRY_WARNING_DAYS} days of the next of them, unknown when
 * the table does not list it, available otherwise.
 * @param asOf the day to check, `YYYY-MM-DD` (e.g. the day of the deploy)
 * @throws RangeError when `asOf` is not a real date written `YYYY-MM-DD`
 */
export function modelLifecycleStatus(model: string, version: string, asOf: string, table: ModelLifecycleTable = MODEL_LIFECYCLE): ModelLifecycleStatus {
  const problem = isoDateProblem("asOf", asOf);
  if (problem !== undefined) throw new RangeError(`modelLifecycleStatus: ${problem}`);
  const entry = modelLifecycle(model, version, table);
  if (entry === undefined) return { status: "unknown", model, version, asOf };
  const day = parseIsoDate(asOf) as number;
  const retires = parseIsoDate(entry.retiresOn) as number;
  const closes = entry.noNewCustomersFrom === undefined ? undefined : (parseIsoDate(entry.noNewCustomersFrom) as number);
  if (day >= retires) return { status: "retired", entry, asOf };
  if (closes !== undefined && day >= closes) return { status: "closed-to-new-customers", entry, asOf };
  const [event, on, at] = closes !== undefined && closes < retires ? (["closure", entry.noNewCustomersFrom as string, closes] as const) : (["retirement", entry.retiresOn, retires] as const);
  const days = Math.round((at - day) / DAY_MS);
  if (days <= MODEL_EXPIRY_WARNING_DAYS) return { status: "expiring", entry, asOf, days, event, on };
  return { status: "available", entry, asOf };
}

/**
 * The error sentence for a version that a new deployment cannot use on the status's date (retired, or closed to
 * new customers), naming the version, the date, what to deploy instead and the table's source; undefined for any
 * other status.
 * @param what the thing that names the model, for the message (e.g. `OpenAIPoolConfig "openai" deployment "chat"`)
 */
export function modelLifecycleError(what: string, status: ModelLifecycleStatus, table: ModelLifecycleTable = MODEL_LIFECYCLE): string | undefined {
  if (status.status !== "retired" && status.status !== "closed-to-new-customers") return undefined;
  const { entry } = status;
  const name = versionName(entry);
  const fact =
    status.status === "retired"
      ? `retired on ${entry.retiresOn}: Azure OpenAI refuses new deployments of it and existing ones answer 410`
      : `is closed to new customers since ${entry.noNewCustomersFrom as string} (retires on ${entry.retiresOn}): a subscription that never deployed this version cannot deploy it, so a first deploy fails at apply`;
  return `${what}: Azure OpenAI model ${name} ${fact} (checked for ${status.asOf}). ${replacementAdvice(entry, status.asOf, table)} ${sourceNote(table)}`;
}

/**
 * The warning sentence for a version that still deploys but closes or retires within
 * {@link MODEL_EXPIRY_WARNING_DAYS} days, or that the table does not list; undefined for any other status.
 * @param what the thing that names the model, for the message
 */
export function modelLifecycleWarning(what: string, status: ModelLifecycleStatus, table: ModelLifecycleTable = MODEL_LIFECYCLE): string | undefined {
  if (status.status === "unknown") {
    return (
      `${what}: Azure OpenAI model ${status.model} version ${status.version} is not in the lifecycle table, so whether a new subscription can deploy it on ${status.asOf} is unchecked; ` +
      `check https://learn.microsoft.com/azure/foundry/openai/concepts/model-retirement-schedule, or deploy ${versionName(DEFAULT_CHAT_MODEL)}. ${sourceNote(table)}`
    );
  }
  if (status.status !== "expiring") return undefined;
  const { entry } = status;
  const event = status.event === "closure" ? `closes to new customers on ${status.on}` : `retires on ${status.on}`;
  return `${what}: Azure OpenAI model ${versionName(entry)} ${event}, ${status.days} day${status.days === 1 ? "" : "s"} after ${status.asOf}. ${replacementAdvice(entry, status.asOf, table)} ${sourceNote(table)}`;
}

const STATUS_WORDS: Record<ModelLifecycleStatus["status"], string> = {
  retired: "retired",
  "closed-to-new-customers": "closed to new customers",
  expiring: `closing or retiring within ${MODEL_EXPIRY_WARNING_DAYS} days`,
  unknown: "not in the table",
  available: "available",
};

function versionName(ref: ModelVersionRef): string {
  return `${ref.model} version ${ref.version}`;
}

function sourceNote(table: ModelLifecycleTable): string {
  return `Source: ${table.source}, as of ${table.asOf}.`;
}

/** What to deploy instead: the entry's replacement when it is deployable on `asOf`, else the default chat model. */
function replacementAdvice(entry: ModelLifecycleEntry, asOf: string, table: ModelLifecycleTable): string {
  const fallback = `deploy ${versionName(DEFAULT_CHAT_MODEL)} (the library's default chat model) instead.`;
  const r = entry.replacement;
  if (r === undefined) return `No replacement is named; ${fallback}`;
  const named = `${r.basis === "docs" ? "Microsoft's replacement" : "Suggested replacement"}: ${versionName(r)}`;
  const status = modelLifecycleStatus(r.model, r.version, asOf, table).status;
  if (status === "available") return `${named}.`;
  if (r.model === DEFAULT_CHAT_MODEL.model && r.version === DEFAULT_CHAT_MODEL.version) return `${named} (itself ${STATUS_WORDS[status]} on ${asOf}; check the schedule).`;
  return `${named}, itself ${STATUS_WORDS[status]} on ${asOf}; ${fallback}`;
}

/** Ms since the epoch of a `YYYY-MM-DD` calendar date (UTC), or undefined when it is not one. */
function parseIsoDate(value: string): number | undefined {
  const match = typeof value === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? ms : undefined;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
