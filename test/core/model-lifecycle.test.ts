import { OPENAI_TOKEN_PRICES } from "../../src/capacity";
import {
  DEFAULT_CHAT_MODEL,
  isoDateProblem,
  MODEL_EXPIRY_WARNING_DAYS,
  MODEL_LIFECYCLE,
  modelLifecycle,
  modelLifecycleError,
  modelLifecycleStatus,
  modelLifecycleWarning,
  type ModelLifecycleStatus,
} from "../../src/core";

const TODAY = "2026-12-01";
const WHAT = 'OpenAIPoolConfig "openai" deployment "chat"';

describe("modelLifecycle", () => {
  test("finds a version by model and version, and nothing for another version of a listed model", () => {
    expect(modelLifecycle("gpt-4o", "2024-08-06")).toMatchObject({ retiresOn: "2027-04-14", noNewCustomersFrom: "2025-08-06", stage: "Deprecated" });
    expect(modelLifecycle("gpt-4o", "2024-11-20")?.retiresOn).toBe("2027-04-14");
    expect(modelLifecycle("gpt-4o", "2099-01-01")).toBeUndefined();
    expect(modelLifecycle("gpt-6-sol", "2026-09-22")).toBeUndefined();
  });

  test("the table: real dates, closure before retirement, one entry per version, replacements that resolve, frozen", () => {
    const keys = new Set<string>();
    for (const e of MODEL_LIFECYCLE.entries) {
      expect(isoDateProblem("retiresOn", e.retiresOn)).toBeUndefined();
      if (e.noNewCustomersFrom !== undefined) {
        expect(isoDateProblem("noNewCustomersFrom", e.noNewCustomersFrom)).toBeUndefined();
        expect(e.noNewCustomersFrom < e.retiresOn).toBe(true);
      }
      const key = `${e.model}@${e.version}`;
      expect(keys.has(key)).toBe(false);
      keys.add(key);
      if (e.replacement) expect(modelLifecycle(e.replacement.model, e.replacement.version)).toBeDefined();
      expect(e.source.length).toBeGreaterThan(0);
    }
    expect(isoDateProblem("asOf", MODEL_LIFECYCLE.asOf)).toBeUndefined();
    expect(MODEL_LIFECYCLE.source).toContain("MicrosoftDocs/azure-ai-docs");
    expect(Object.isFrozen(MODEL_LIFECYCLE.entries)).toBe(true);
    expect(Object.isFrozen(MODEL_LIFECYCLE.entries[0])).toBe(true);
  });

  test("covers the chat models of the brief: every gpt-4o version, gpt-4o-mini, gpt-4.1, o-series, the GPT-5 family", () => {
    const models = new Set(MODEL_LIFECYCLE.entries.map((e) => e.model));
    for (const m of ["gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "o1", "o3", "o3-mini", "o4-mini", "gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-5-chat", "gpt-5.1", "gpt-5.2", "gpt-5.4", "gpt-5.5", "gpt-5.6-sol"]) {
      expect(models).toContain(m);
    }
    expect(MODEL_LIFECYCLE.entries.filter((e) => e.model === "gpt-4o").map((e) => e.version)).toEqual(["2024-05-13", "2024-08-06", "2024-11-20"]);
  });

  test("reasoning models: the o-series and the GPT-5 family except gpt-5-chat; gpt-4o and gpt-4.1 are not", () => {
    const reasoning = (model: string) => MODEL_LIFECYCLE.entries.filter((e) => e.model === model).map((e) => e.reasoning);
    for (const m of ["o1", "o3", "o3-mini", "o4-mini", "gpt-5", "gpt-5-mini", "gpt-5.1", "gpt-5.2", "gpt-5.5", "gpt-5.6-sol"]) expect(reasoning(m)).toEqual([true]);
    for (const m of ["gpt-4o-mini", "gpt-4.1", "gpt-4.1-nano"]) expect(reasoning(m)).toEqual([false]);
    expect(reasoning("gpt-4o")).toEqual([false, false, false]);
    expect(reasoning("gpt-5-chat")).toEqual([false, false]);
  });

  test("RPM per 1,000 TPM only where the docs give it: 6 for gpt-4o, 1/6 for o1, 1 for o3, 0.1 for o3-mini; none for the GPT-5 family", () => {
    expect(modelLifecycle("gpt-4o", "2024-08-06")?.requestsPerMinutePer1000Tpm).toBe(6);
    expect(modelLifecycle("o1", "2024-12-17")?.requestsPerMinutePer1000Tpm).toBeCloseTo(1 / 6, 10);
    expect(modelLifecycle("o3", "2025-04-16")?.requestsPerMinutePer1000Tpm).toBe(1);
    expect(modelLifecycle("o3-mini", "2025-01-31")?.requestsPerMinutePer1000Tpm).toBe(0.1);
    expect(modelLifecycle("gpt-5.6-sol", "2026-07-09")?.requestsPerMinutePer1000Tpm).toBeUndefined();
    expect(modelLifecycle("gpt-5.6-sol", "2026-07-09")?.globalStandardTier1Quota).toEqual({ requestsPerMinute: 1_000, tokensPerMinute: 1_000_000 });
  });
});

describe("modelLifecycleStatus", () => {
  test("a version is retired from its retirement date on, and expiring or available before", () => {
    // o3 2025-04-16 retires on 2026-10-21 and has no closure date.
    expect(modelLifecycleStatus("o3", "2025-04-16", "2026-12-01").status).toBe("retired");
    expect(modelLifecycleStatus("o3", "2025-04-16", "2026-10-21").status).toBe("retired");
    expect(modelLifecycleStatus("o3", "2025-04-16", "2026-10-20")).toMatchObject({ status: "expiring", days: 1, event: "retirement", on: "2026-10-21" });
    expect(modelLifecycleStatus("o3", "2025-04-16", "2026-06-01")).toMatchObject({ status: "available", asOf: "2026-06-01" });
  });

  test("closed to new customers from the closure date until retirement", () => {
    expect(modelLifecycleStatus("gpt-5.1", "2025-11-13", TODAY)).toMatchObject({ status: "closed-to-new-customers", entry: { noNewCustomersFrom: "2026-11-13" } });
    expect(modelLifecycleStatus("gpt-5.1", "2025-11-13", "2026-11-13").status).toBe("closed-to-new-customers");
    expect(modelLifecycleStatus("gpt-5.1", "2025-11-13", "2026-11-12")).toMatchObject({ status: "expiring", days: 1, event: "closure", on: "2026-11-13" });
    expect(modelLifecycleStatus("gpt-5.1", "2025-11-13", "2027-05-15").status).toBe("retired");
    // A version closed long ago and retiring later is closed, not retired.
    expect(modelLifecycleStatus("gpt-4o", "2024-08-06", TODAY).status).toBe("closed-to-new-customers");
  });

  test(`expiring within ${MODEL_EXPIRY_WARNING_DAYS} days of the next event: 90 days is expiring, 91 is not`, () => {
    expect(MODEL_EXPIRY_WARNING_DAYS).toBe(90);
    // gpt-5.6-sol closes on 2027-07-09.
    expect(modelLifecycleStatus("gpt-5.6-sol", "2026-07-09", "2027-04-10")).toMatchObject({ status: "expiring", days: 90, event: "closure", on: "2027-07-09" });
    expect(modelLifecycleStatus("gpt-5.6-sol", "2026-07-09", "2027-04-09").status).toBe("available");
    // o3 retires on 2026-10-21 (no closure date): 2026-07-23 is 90 days before, 2026-07-22 is 91.
    expect(modelLifecycleStatus("o3", "2025-04-16", "2026-07-23")).toMatchObject({ status: "expiring", days: 90, event: "retirement" });
    expect(modelLifecycleStatus("o3", "2025-04-16", "2026-07-22").status).toBe("available");
    // gpt-5.2 closes on 2026-12-11, 10 days after 2026-12-01.
    expect(modelLifecycleStatus("gpt-5.2", "2025-12-11", TODAY)).toMatchObject({ status: "expiring", days: 10, event: "closure" });
    expect(modelLifecycleStatus("gpt-5.6-sol", "2026-07-09", "2027-06-30")).toMatchObject({ days: 9 });
  });

  test("a model or version the table does not list is unknown", () => {
    expect(modelLifecycleStatus("gpt-6-sol", "2026-09-22", TODAY)).toEqual({ status: "unknown", model: "gpt-6-sol", version: "2026-09-22", asOf: TODAY });
    expect(modelLifecycleStatus("gpt-4o", "2025-01-01", TODAY).status).toBe("unknown");
  });

  test.each(["2026-02-30", "2026-13-01", "2026-00-10", "2026-1-5", "20261201", "", "2026-12-01T00:00:00Z", "tomorrow"])("asOf %j is rejected with the value", (asOf) => {
    expect(() => modelLifecycleStatus("gpt-4o", "2024-08-06", asOf)).toThrow(RangeError);
    expect(() => modelLifecycleStatus("gpt-4o", "2024-08-06", asOf)).toThrow(JSON.stringify(asOf));
    expect(isoDateProblem("lifecycleAsOf", asOf)).toContain(`lifecycleAsOf must be a calendar date written YYYY-MM-DD`);
  });

  test("real dates pass, leap days included", () => {
    expect(isoDateProblem("asOf", "2028-02-29")).toBeUndefined();
    expect(isoDateProblem("asOf", "2027-02-29")).toContain('"2027-02-29"');
    expect(() => modelLifecycleStatus("gpt-4o", "2024-08-06", "2028-02-29")).not.toThrow();
  });
});

describe("DEFAULT_CHAT_MODEL", () => {
  test("is listed, available (not expiring) to a new customer on 2026-12-01, and a reasoning model with a list price", () => {
    const status = modelLifecycleStatus(DEFAULT_CHAT_MODEL.model, DEFAULT_CHAT_MODEL.version, TODAY);
    expect(status.status).toBe("available");
    expect(DEFAULT_CHAT_MODEL).toEqual({ model: "gpt-5.6-sol", version: "2026-07-09" });
    expect(modelLifecycle(DEFAULT_CHAT_MODEL.model, DEFAULT_CHAT_MODEL.version)?.reasoning).toBe(true);
    expect(OPENAI_TOKEN_PRICES[DEFAULT_CHAT_MODEL.model]).toEqual({ inputPerMillion: 5, outputPerMillion: 30 });
  });

  test("no other version available on 2026-12-01 stays deployable for new customers longer", () => {
    const lastDay = (model: string, version: string) => {
      const e = modelLifecycle(model, version)!;
      return e.noNewCustomersFrom ?? e.retiresOn;
    };
    const best = lastDay(DEFAULT_CHAT_MODEL.model, DEFAULT_CHAT_MODEL.version);
    const available = MODEL_LIFECYCLE.entries.filter((e) => modelLifecycleStatus(e.model, e.version, TODAY).status === "available");
    expect(available.length).toBeGreaterThan(1);
    for (const e of available) expect(lastDay(e.model, e.version) <= best).toBe(true);
  });
});

describe("messages", () => {
  const status = (model: string, version: string, asOf = TODAY): ModelLifecycleStatus => modelLifecycleStatus(model, version, asOf);

  test("a retired version: an error naming it, the date, the replacement and the source; no warning", () => {
    const s = status("o3", "2025-04-16");
    const error = modelLifecycleError(WHAT, s);
    expect(error).toContain(WHAT);
    expect(error).toContain("o3 version 2025-04-16 retired on 2026-10-21");
    expect(error).toContain("Microsoft's replacement: gpt-5.6-sol version 2026-07-09.");
    expect(error).toContain(MODEL_LIFECYCLE.source);
    expect(error).toContain(`as of ${MODEL_LIFECYCLE.asOf}`);
    expect(modelLifecycleWarning(WHAT, s)).toBeUndefined();
  });

  test("a closed version whose documented replacement is closed too: the error says so and names the default", () => {
    const error = modelLifecycleError(WHAT, status("gpt-4o", "2024-08-06"));
    expect(error).toContain("gpt-4o version 2024-08-06 is closed to new customers since 2025-08-06 (retires on 2027-04-14)");
    expect(error).toContain("Microsoft's replacement: gpt-5.1 version 2025-11-13, itself closed to new customers on 2026-12-01");
    expect(error).toContain("deploy gpt-5.6-sol version 2026-07-09");
  });

  test("an expiring version: a warning with the event, its date and the days left; no error", () => {
    const s = status("gpt-5.2", "2025-12-11");
    expect(modelLifecycleError(WHAT, s)).toBeUndefined();
    const warning = modelLifecycleWarning(WHAT, s);
    expect(warning).toContain("gpt-5.2 version 2025-12-11 closes to new customers on 2026-12-11, 10 days after 2026-12-01");
    expect(warning).toContain("Suggested replacement: gpt-5.6-sol version 2026-07-09.");
    expect(modelLifecycleWarning(WHAT, status("o3", "2025-04-16", "2026-10-20"))).toContain("retires on 2026-10-21, 1 day after 2026-10-20");
  });

  test("an unknown version: a warning saying it is unchecked, with the value and where to look", () => {
    const warning = modelLifecycleWarning(WHAT, status("gpt-6-sol", "2026-09-22"));
    expect(warning).toContain("gpt-6-sol version 2026-09-22 is not in the lifecycle table");
    expect(warning).toContain("https://learn.microsoft.com/azure/foundry/openai/concepts/model-retirement-schedule");
    expect(modelLifecycleError(WHAT, status("gpt-6-sol", "2026-09-22"))).toBeUndefined();
  });

  test("an available version: neither error nor warning", () => {
    const s = status(DEFAULT_CHAT_MODEL.model, DEFAULT_CHAT_MODEL.version);
    expect(modelLifecycleError(WHAT, s)).toBeUndefined();
    expect(modelLifecycleWarning(WHAT, s)).toBeUndefined();
  });
});
