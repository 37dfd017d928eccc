import fc from "fast-check";
import {
  POOL_DEFAULTS,
  POOL_ENV,
  PoolAuthMode,
  PoolEnvironmentError,
  mergePoolEnvironments,
  readPoolCosmosEnvironment,
  readPoolEnvironment,
  writePoolEnvironment,
  writePoolEnvironmentPart,
  type PoolDeployment,
  type PoolSettings,
} from "../../src/contract";

/** A name as the contract allows it: non-empty, no surrounding spaces, no token marker; any Unicode. */
const nameArb = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 16 })
  .filter((s) => s.trim() === s && s.length > 0 && !s.includes("${"));
const httpsUrlArb = fc
  .webUrl({ validSchemes: ["https"], withQueryParameters: true, withFragments: true })
  .filter((u) => !u.includes("${"));
const positiveArb = fc.oneof(fc.integer({ min: 1, max: 10_000_000 }), fc.constant(Number.MAX_SAFE_INTEGER));

const deploymentArb: fc.Arbitrary<PoolDeployment> = fc.record(
  {
    endpoint: httpsUrlArb,
    deployment: nameArb,
    tokensPerMinute: positiveArb,
    requestsPerMinute: positiveArb,
    priority: fc.nat({ max: 10 }),
    region: nameArb,
    apiVersion: nameArb,
  },
  { requiredKeys: ["endpoint", "deployment", "tokensPerMinute"], noNullPrototype: true },
);

const deploymentsArb = fc.uniqueArray(deploymentArb, { minLength: 1, maxLength: 6, selector: (d) => `${d.endpoint} ${d.deployment}` });

const settingsArb: fc.Arbitrary<PoolSettings> = fc
  .record(
    {
      deployments: deploymentsArb,
      authMode: fc.constantFrom(PoolAuthMode.ENTRA_ID, PoolAuthMode.API_KEY),
      minConnections: fc.integer({ min: 0, max: 60 }),
      maxConnections: fc.integer({ min: 1, max: 500 }),
      maxQueue: fc.nat({ max: 100_000 }),
      connectionTimeoutMs: positiveArb,
      maxRetries: fc.nat({ max: 20 }),
      retryDelayMs: fc.nat({ max: 60_000 }),
      cosmos: fc.record(
        { endpoint: httpsUrlArb, databaseName: nameArb, preferredRegions: fc.array(nameArb, { maxLength: 4 }) },
        { requiredKeys: ["endpoint", "databaseName"], noNullPrototype: true },
      ),
    },
    { requiredKeys: ["deployments"], noNullPrototype: true },
  )
  .filter((s) => (s.minConnections ?? POOL_DEFAULTS.minConnections) <= (s.maxConnections ?? POOL_DEFAULTS.maxConnections));

const EXAMPLE: PoolSettings = {
  deployments: [
    { endpoint: "https://retail-eastus2.openai.azure.com/", deployment: "gpt-4o", tokensPerMinute: 200_000, priority: 0, region: "eastus2" },
    { endpoint: "https://retail-westus3.openai.azure.com/", deployment: "gpt-4o", tokensPerMinute: 100_000, requestsPerMinute: 600, priority: 1 },
  ],
  authMode: PoolAuthMode.ENTRA_ID,
  maxConnections: 100,
  cosmos: { endpoint: "https://retail-cosmos.documents.azure.com:443/", databaseName: "conversations", preferredRegions: ["East US 2"] },
};

/** A valid environment with one deployment, for error tests to change one variable of. */
const BASE_ENV: Record<string, string> = {
  AGENT_POOL_OPENAI_DEPLOYMENT_000: JSON.stringify({ endpoint: "https://a.openai.azure.com/", deployment: "gpt-4o", tokensPerMinute: 1000 }),
};

/** The error `fn` throws, which must be a PoolEnvironmentError. */
function errorOf(fn: () => unknown): PoolEnvironmentError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PoolEnvironmentError);
    return err as PoolEnvironmentError;
  }
  throw new Error("expected a PoolEnvironmentError, but nothing was thrown");
}

function deploymentVar(fields: Record<string, unknown>): string {
  return JSON.stringify({ endpoint: "https://a.openai.azure.com/", deployment: "gpt-4o", tokensPerMinute: 1000, ...fields });
}

describe("round trip", () => {
  test("readPoolEnvironment(writePoolEnvironment(s)) is exactly s, absent fields staying absent", () => {
    fc.assert(
      fc.property(settingsArb, (settings) => {
        expect(readPoolEnvironment(writePoolEnvironment(settings))).toStrictEqual(settings);
      }),
      { numRuns: 500 },
    );
  });

  test("with a key, the round trip is just as exact", () => {
    fc.assert(
      fc.property(settingsArb, fc.stringMatching(/^[A-Za-z0-9_]{1,12}$/), (settings, key) => {
        expect(readPoolEnvironment(writePoolEnvironment(settings, { key }))).toStrictEqual(settings);
      }),
    );
  });

  test("every name is a valid Container Apps variable name and every value a string", () => {
    fc.assert(
      fc.property(settingsArb, (settings) => {
        for (const [name, value] of Object.entries(writePoolEnvironment(settings))) {
          expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
          expect(typeof value).toBe("string");
        }
      }),
    );
  });

  test("more than 1000 deployments keep their order (wider index)", () => {
    const deployments = Array.from({ length: 1001 }, (_, i) => ({ endpoint: "https://a.openai.azure.com/", deployment: `d${i}`, tokensPerMinute: 1000 }));
    const env = writePoolEnvironment({ deployments });
    expect(Object.keys(env)).toContain("AGENT_POOL_OPENAI_DEPLOYMENT_1000");
    expect(Object.keys(env)).toContain("AGENT_POOL_OPENAI_DEPLOYMENT_0999");
    expect(readPoolEnvironment(env).deployments).toStrictEqual(deployments);
  });
});

describe("format", () => {
  test("the documented example", () => {
    expect(writePoolEnvironment(EXAMPLE)).toStrictEqual({
      AGENT_POOL_OPENAI_DEPLOYMENT_000:
        '{"endpoint":"https://retail-eastus2.openai.azure.com/","deployment":"gpt-4o","tokensPerMinute":200000,"priority":0,"region":"eastus2"}',
      AGENT_POOL_OPENAI_DEPLOYMENT_001:
        '{"endpoint":"https://retail-westus3.openai.azure.com/","deployment":"gpt-4o","tokensPerMinute":100000,"requestsPerMinute":600,"priority":1}',
      AGENT_POOL_OPENAI_AUTH_MODE: "entra-id",
      AGENT_POOL_MAX_CONNECTIONS: "100",
      AGENT_POOL_COSMOS_ENDPOINT: "https://retail-cosmos.documents.azure.com:443/",
      AGENT_POOL_COSMOS_DATABASE: "conversations",
      AGENT_POOL_COSMOS_PREFERRED_REGIONS: '["East US 2"]',
    });
  });

  test("every scalar setting has its own variable", () => {
    const env = writePoolEnvironment({
      deployments: EXAMPLE.deployments,
      minConnections: 1,
      maxConnections: 2,
      maxQueue: 3,
      connectionTimeoutMs: 4,
      maxRetries: 5,
      retryDelayMs: 6,
    });
    expect(env).toMatchObject({
      AGENT_POOL_MIN_CONNECTIONS: "1",
      AGENT_POOL_MAX_CONNECTIONS: "2",
      AGENT_POOL_MAX_QUEUE: "3",
      AGENT_POOL_CONNECTION_TIMEOUT_MS: "4",
      AGENT_POOL_MAX_RETRIES: "5",
      AGENT_POOL_RETRY_DELAY_MS: "6",
    });
  });

  test("absent optional settings write no variable", () => {
    const env = writePoolEnvironment({ deployments: [{ endpoint: "https://a.openai.azure.com/", deployment: "d", tokensPerMinute: 1 }] });
    expect(env).toStrictEqual({ AGENT_POOL_OPENAI_DEPLOYMENT_000: '{"endpoint":"https://a.openai.azure.com/","deployment":"d","tokensPerMinute":1}' });
  });

  test("a key names the deployment variables", () => {
    expect(Object.keys(writePoolEnvironment(EXAMPLE, { key: "eastus2_Acct1" })).filter((n) => n.startsWith(POOL_ENV.deploymentPrefix))).toEqual([
      "AGENT_POOL_OPENAI_DEPLOYMENT_eastus2_Acct1_000",
      "AGENT_POOL_OPENAI_DEPLOYMENT_eastus2_Acct1_001",
    ]);
  });

  test("the writer passes Terraform tokens through unchanged, and the reader refuses them unresolved", () => {
    const endpoint = "${TfToken[TOKEN.12]}";
    const region = "${TfToken[TOKEN.13]}";
    const cosmosEndpoint = "https://${azurerm_cosmosdb_account.db.name}.documents.azure.com:443/";
    const env = writePoolEnvironment({
      deployments: [{ endpoint, deployment: "${TfToken[TOKEN.14]}", tokensPerMinute: 1000, region }],
      cosmos: { endpoint: cosmosEndpoint, databaseName: "db", preferredRegions: [region] },
    });
    expect(JSON.parse(env.AGENT_POOL_OPENAI_DEPLOYMENT_000)).toStrictEqual({ endpoint, deployment: "${TfToken[TOKEN.14]}", tokensPerMinute: 1000, region });
    expect(env.AGENT_POOL_COSMOS_ENDPOINT).toBe(cosmosEndpoint);
    expect(JSON.parse(env.AGENT_POOL_COSMOS_PREFERRED_REGIONS)).toStrictEqual([region]);

    const error = errorOf(() => readPoolEnvironment(env));
    expect(error.variable).toBe("AGENT_POOL_OPENAI_DEPLOYMENT_000");
    expect(error.message).toBe(
      'AGENT_POOL_OPENAI_DEPLOYMENT_000: "endpoint" holds an unresolved Terraform token ("${TfToken[TOKEN.12]}"): ' +
        "Terraform did not resolve the value at deployment",
    );
    const cosmosError = errorOf(() => readPoolCosmosEnvironment(env));
    expect(cosmosError.variable).toBe("AGENT_POOL_COSMOS_ENDPOINT");
  });

  test("the reader ignores variables outside the contract and uses process.env by default", () => {
    const saved = { ...process.env };
    try {
      for (const name of Object.keys(process.env)) if (name.startsWith("AGENT_POOL_")) delete process.env[name];
      Object.assign(process.env, BASE_ENV, { AGENT_POOL_SOMETHING_ELSE: "x", PATH_LIKE: "y" });
      expect(readPoolEnvironment()).toStrictEqual(readPoolEnvironment(BASE_ENV));
      expect(readPoolCosmosEnvironment()).toBeUndefined();
    } finally {
      process.env = saved;
    }
  });
});

describe("the API key is never carried", () => {
  test("writePoolEnvironment refuses settings with an apiKey and says where the key goes", () => {
    const error = errorOf(() => writePoolEnvironment({ ...EXAMPLE, apiKey: "sk-secret", authMode: PoolAuthMode.API_KEY }));
    expect(error.variable).toBe("AZURE_OPENAI_API_KEY");
    expect(error.message).toMatch(/never carries settings\.apiKey.*secret reference in AZURE_OPENAI_API_KEY/);
    expect(error.message).not.toContain("sk-secret");
  });

  test("writePoolEnvironmentPart refuses it too", () => {
    expect(() => writePoolEnvironmentPart({ apiKey: "k" })).toThrow(/AZURE_OPENAI_API_KEY/);
  });

  test("the reader never returns one, even when AZURE_OPENAI_API_KEY is set", () => {
    const settings = readPoolEnvironment({ ...BASE_ENV, AZURE_OPENAI_API_KEY: "k", AGENT_POOL_OPENAI_AUTH_MODE: "api-key" });
    expect(settings).not.toHaveProperty("apiKey");
    expect(settings.authMode).toBe("api-key");
  });
});

describe("several writers into one app", () => {
  const cosmosPart = writePoolEnvironmentPart({ cosmos: EXAMPLE.cosmos });
  const eastus = writePoolEnvironmentPart({ deployments: [EXAMPLE.deployments[0]], authMode: PoolAuthMode.ENTRA_ID }, { key: "A_eastus2" });
  const westus = writePoolEnvironmentPart({ deployments: [EXAMPLE.deployments[1]], authMode: PoolAuthMode.ENTRA_ID, maxConnections: 100 }, { key: "B_westus3" });

  test("two OpenAI parts and a Cosmos part merge and read back to the union", () => {
    const env = mergePoolEnvironments(westus, cosmosPart, eastus);
    expect(readPoolEnvironment(env)).toStrictEqual(EXAMPLE);
  });

  test("the Cosmos part alone holds only Cosmos variables and reads back alone", () => {
    expect(Object.keys(cosmosPart).sort()).toEqual(["AGENT_POOL_COSMOS_DATABASE", "AGENT_POOL_COSMOS_ENDPOINT", "AGENT_POOL_COSMOS_PREFERRED_REGIONS"]);
    expect(readPoolCosmosEnvironment(cosmosPart)).toStrictEqual(EXAMPLE.cosmos);
  });

  test("any split of the settings over keyed writers reads back to the whole, whatever the merge order", () => {
    fc.assert(
      fc.property(settingsArb, fc.nat(), fc.boolean(), (settings, seed, reverse) => {
        const { deployments, cosmos, ...pool } = settings;
        const cut = seed % (deployments.length + 1);
        const parts = [
          writePoolEnvironmentPart({ deployments: deployments.slice(0, cut) }, { key: "K0" }),
          writePoolEnvironmentPart({ deployments: deployments.slice(cut), ...pool }, { key: "K1" }),
          writePoolEnvironmentPart(cosmos === undefined ? {} : { cosmos }),
        ];
        const env = mergePoolEnvironments(...(reverse ? parts.reverse() : parts));
        expect(readPoolEnvironment(env)).toStrictEqual(settings);
      }),
      { numRuns: 200 },
    );
  });

  test("writers that share a key, or disagree on a pool-wide setting, are refused at merge", () => {
    const clash = writePoolEnvironmentPart({ deployments: [EXAMPLE.deployments[1]] }, { key: "A_eastus2" });
    const error = errorOf(() => mergePoolEnvironments(eastus, clash));
    expect(error.variable).toBe("AGENT_POOL_OPENAI_DEPLOYMENT_A_eastus2_000");
    expect(error.message).toMatch(/^AGENT_POOL_OPENAI_DEPLOYMENT_A_eastus2_000 is written twice with different values/);

    const other = errorOf(() => mergePoolEnvironments(westus, { AGENT_POOL_MAX_CONNECTIONS: "60" }));
    expect(other.message).toBe(
      'AGENT_POOL_MAX_CONNECTIONS is written twice with different values ("100" and "60"): give each deployment writer ' +
        "its own key, and pool-wide settings to one writer only (or the same values to all)",
    );
  });

  test("equal values written twice merge", () => {
    expect(mergePoolEnvironments(eastus, eastus, { AGENT_POOL_OPENAI_AUTH_MODE: "entra-id" })).toStrictEqual(eastus);
  });

  test("the same deployment under two keys is refused when read", () => {
    const twice = writePoolEnvironmentPart({ deployments: [EXAMPLE.deployments[0]] }, { key: "Z" });
    const error = errorOf(() => readPoolEnvironment(mergePoolEnvironments(eastus, twice)));
    expect(error.variable).toBe("AGENT_POOL_OPENAI_DEPLOYMENT_Z_000");
    expect(error.message).toBe(
      'AGENT_POOL_OPENAI_DEPLOYMENT_Z_000 repeats deployment "gpt-4o" of "https://retail-eastus2.openai.azure.com/", ' +
        "already in AGENT_POOL_OPENAI_DEPLOYMENT_A_eastus2_000: list each deployment once",
    );
  });
});

describe("reader errors name the variable and what it should hold", () => {
  const D = "AGENT_POOL_OPENAI_DEPLOYMENT_000";
  const cases: [string, Record<string, string | undefined>, string, string | RegExp][] = [
    ["no deployment", { AGENT_POOL_OPENAI_DEPLOYMENT_000: undefined }, "AGENT_POOL_OPENAI_DEPLOYMENT_<KEY>", /^No Azure OpenAI deployment configured: set at least one AGENT_POOL_OPENAI_DEPLOYMENT_<KEY> variable to a JSON object .*OpenAIPoolConfig\.grantTo/],
    ["deployment not JSON", { [D]: "gpt-4o" }, D, /^AGENT_POOL_OPENAI_DEPLOYMENT_000 must be a JSON object \{"endpoint": .*; got "gpt-4o", which is not valid JSON$/],
    ["deployment a JSON array", { [D]: "[1]" }, D, /^AGENT_POOL_OPENAI_DEPLOYMENT_000 must be a JSON object .*; got \[1\]$/],
    ["deployment null", { [D]: "null" }, D, /must be a JSON object .*; got null$/],
    ["unknown deployment field", { [D]: deploymentVar({ priorty: 1 }) }, D, 'AGENT_POOL_OPENAI_DEPLOYMENT_000 has unknown field(s) "priorty"; allowed: endpoint, deployment, tokensPerMinute, requestsPerMinute, priority, region, apiVersion'],
    ["missing endpoint", { [D]: deploymentVar({ endpoint: undefined }) }, D, 'AGENT_POOL_OPENAI_DEPLOYMENT_000: "endpoint" must be a string; got nothing'],
    ["http endpoint", { [D]: deploymentVar({ endpoint: "http://a.openai.azure.com/" }) }, D, 'AGENT_POOL_OPENAI_DEPLOYMENT_000: "endpoint" must be an https URL, e.g. "https://my-account.openai.azure.com/"; got "http://a.openai.azure.com/"'],
    ["endpoint not a URL", { [D]: deploymentVar({ endpoint: "a.openai.azure.com" }) }, D, /"endpoint" must be an https URL.*; got "a\.openai\.azure\.com"$/],
    ["empty deployment name", { [D]: deploymentVar({ deployment: "" }) }, D, 'AGENT_POOL_OPENAI_DEPLOYMENT_000: "deployment" must be a non-empty name without leading or trailing spaces; got ""'],
    ["deployment name with spaces around", { [D]: deploymentVar({ deployment: " gpt-4o" }) }, D, /"deployment" must be a non-empty name .*; got " gpt-4o"$/],
    ["deployment name a number", { [D]: deploymentVar({ deployment: 4 }) }, D, 'AGENT_POOL_OPENAI_DEPLOYMENT_000: "deployment" must be a string; got 4'],
    ["missing tokensPerMinute", { [D]: deploymentVar({ tokensPerMinute: undefined }) }, D, 'AGENT_POOL_OPENAI_DEPLOYMENT_000: "tokensPerMinute" must be a positive integer; got nothing'],
    ["zero tokensPerMinute", { [D]: deploymentVar({ tokensPerMinute: 0 }) }, D, 'AGENT_POOL_OPENAI_DEPLOYMENT_000: "tokensPerMinute" must be a positive integer; got 0'],
    ["fractional tokensPerMinute", { [D]: deploymentVar({ tokensPerMinute: 1.5 }) }, D, /"tokensPerMinute" must be a positive integer; got 1\.5$/],
    ["tokensPerMinute as a string", { [D]: deploymentVar({ tokensPerMinute: "1000" }) }, D, /"tokensPerMinute" must be a positive integer; got "1000"$/],
    ["tokensPerMinute beyond safe integers", { [D]: deploymentVar({ tokensPerMinute: 2 ** 53 }) }, D, /"tokensPerMinute" must be a positive integer; got 9007199254740992$/],
    ["zero requestsPerMinute", { [D]: deploymentVar({ requestsPerMinute: 0 }) }, D, /"requestsPerMinute" must be a positive integer; got 0$/],
    ["negative priority", { [D]: deploymentVar({ priority: -1 }) }, D, 'AGENT_POOL_OPENAI_DEPLOYMENT_000: "priority" must be a non-negative integer; got -1'],
    ["empty region", { [D]: deploymentVar({ region: "" }) }, D, /"region" must be a non-empty name/],
    ["apiVersion a number", { [D]: deploymentVar({ apiVersion: 2024 }) }, D, /"apiVersion" must be a string; got 2024$/],
    ["bad characters after the prefix", { "AGENT_POOL_OPENAI_DEPLOYMENT_east-us": deploymentVar({}) }, "AGENT_POOL_OPENAI_DEPLOYMENT_east-us", 'AGENT_POOL_OPENAI_DEPLOYMENT_east-us: the part of the name after AGENT_POOL_OPENAI_DEPLOYMENT_ must be letters, digits and "_" only'],
    ["nothing after the prefix", { AGENT_POOL_OPENAI_DEPLOYMENT_: deploymentVar({}) }, "AGENT_POOL_OPENAI_DEPLOYMENT_", /the part of the name after AGENT_POOL_OPENAI_DEPLOYMENT_ must be/],
    ["unknown auth mode", { AGENT_POOL_OPENAI_AUTH_MODE: "key" }, "AGENT_POOL_OPENAI_AUTH_MODE", 'AGENT_POOL_OPENAI_AUTH_MODE must be "entra-id" or "api-key"; got "key"'],
    ["max connections not a number", { AGENT_POOL_MAX_CONNECTIONS: "abc" }, "AGENT_POOL_MAX_CONNECTIONS", 'AGENT_POOL_MAX_CONNECTIONS must be a positive integer; got "abc"'],
    ["max connections zero", { AGENT_POOL_MAX_CONNECTIONS: "0" }, "AGENT_POOL_MAX_CONNECTIONS", "AGENT_POOL_MAX_CONNECTIONS must be a positive integer; got 0"],
    ["max connections empty", { AGENT_POOL_MAX_CONNECTIONS: "" }, "AGENT_POOL_MAX_CONNECTIONS", 'AGENT_POOL_MAX_CONNECTIONS must be a positive integer; got ""'],
    ["min connections negative", { AGENT_POOL_MIN_CONNECTIONS: "-1" }, "AGENT_POOL_MIN_CONNECTIONS", 'AGENT_POOL_MIN_CONNECTIONS must be a non-negative integer; got "-1"'],
    ["max queue fractional", { AGENT_POOL_MAX_QUEUE: "1.5" }, "AGENT_POOL_MAX_QUEUE", 'AGENT_POOL_MAX_QUEUE must be a non-negative integer; got "1.5"'],
    ["connection timeout zero", { AGENT_POOL_CONNECTION_TIMEOUT_MS: "0" }, "AGENT_POOL_CONNECTION_TIMEOUT_MS", "AGENT_POOL_CONNECTION_TIMEOUT_MS must be a positive integer; got 0"],
    ["connection timeout with a unit", { AGENT_POOL_CONNECTION_TIMEOUT_MS: "30s" }, "AGENT_POOL_CONNECTION_TIMEOUT_MS", 'AGENT_POOL_CONNECTION_TIMEOUT_MS must be a positive integer; got "30s"'],
    ["max retries in exponent form", { AGENT_POOL_MAX_RETRIES: "1e1" }, "AGENT_POOL_MAX_RETRIES", 'AGENT_POOL_MAX_RETRIES must be a non-negative integer; got "1e1"'],
    ["retry delay too large", { AGENT_POOL_RETRY_DELAY_MS: "99999999999999999999" }, "AGENT_POOL_RETRY_DELAY_MS", "AGENT_POOL_RETRY_DELAY_MS must be a non-negative integer; got 100000000000000000000"],
    ["min above max", { AGENT_POOL_MIN_CONNECTIONS: "10", AGENT_POOL_MAX_CONNECTIONS: "5" }, "AGENT_POOL_MIN_CONNECTIONS", "AGENT_POOL_MIN_CONNECTIONS (10) must not exceed AGENT_POOL_MAX_CONNECTIONS (5)"],
    ["min above the default max", { AGENT_POOL_MIN_CONNECTIONS: "51" }, "AGENT_POOL_MIN_CONNECTIONS", "AGENT_POOL_MIN_CONNECTIONS (51) must not exceed AGENT_POOL_MAX_CONNECTIONS (50, the default)"],
    ["max below the default min", { AGENT_POOL_MAX_CONNECTIONS: "4" }, "AGENT_POOL_MIN_CONNECTIONS", "AGENT_POOL_MIN_CONNECTIONS (5, the default) must not exceed AGENT_POOL_MAX_CONNECTIONS (4)"],
    ["cosmos endpoint without database", { AGENT_POOL_COSMOS_ENDPOINT: "https://c.documents.azure.com:443/" }, "AGENT_POOL_COSMOS_DATABASE", "AGENT_POOL_COSMOS_DATABASE is missing: the AGENT_POOL_COSMOS_* variables go together (the endpoint and the database name are required)"],
    ["cosmos database without endpoint", { AGENT_POOL_COSMOS_DATABASE: "db" }, "AGENT_POOL_COSMOS_ENDPOINT", /^AGENT_POOL_COSMOS_ENDPOINT is missing/],
    ["cosmos regions alone", { AGENT_POOL_COSMOS_PREFERRED_REGIONS: "[]" }, "AGENT_POOL_COSMOS_ENDPOINT", /^AGENT_POOL_COSMOS_ENDPOINT is missing/],
    ["cosmos endpoint not https", { AGENT_POOL_COSMOS_ENDPOINT: "http://c.documents.azure.com/", AGENT_POOL_COSMOS_DATABASE: "db" }, "AGENT_POOL_COSMOS_ENDPOINT", /^AGENT_POOL_COSMOS_ENDPOINT must be an https URL/],
    ["cosmos database empty", { AGENT_POOL_COSMOS_ENDPOINT: "https://c.documents.azure.com/", AGENT_POOL_COSMOS_DATABASE: "" }, "AGENT_POOL_COSMOS_DATABASE", 'AGENT_POOL_COSMOS_DATABASE must be a non-empty name without leading or trailing spaces; got ""'],
    ["cosmos regions comma-separated", { AGENT_POOL_COSMOS_ENDPOINT: "https://c.documents.azure.com/", AGENT_POOL_COSMOS_DATABASE: "db", AGENT_POOL_COSMOS_PREFERRED_REGIONS: "East US 2,West US 3" }, "AGENT_POOL_COSMOS_PREFERRED_REGIONS", 'AGENT_POOL_COSMOS_PREFERRED_REGIONS must be a JSON array of region names, e.g. ["East US 2","West US 3"]; got "East US 2,West US 3", which is not valid JSON'],
    ["cosmos regions a JSON string", { AGENT_POOL_COSMOS_ENDPOINT: "https://c.documents.azure.com/", AGENT_POOL_COSMOS_DATABASE: "db", AGENT_POOL_COSMOS_PREFERRED_REGIONS: '"East US 2"' }, "AGENT_POOL_COSMOS_PREFERRED_REGIONS", /must be a JSON array of region names.*; got "East US 2"$/],
    ["cosmos region empty", { AGENT_POOL_COSMOS_ENDPOINT: "https://c.documents.azure.com/", AGENT_POOL_COSMOS_DATABASE: "db", AGENT_POOL_COSMOS_PREFERRED_REGIONS: '["East US 2",""]' }, "AGENT_POOL_COSMOS_PREFERRED_REGIONS", 'AGENT_POOL_COSMOS_PREFERRED_REGIONS[1] must be a non-empty name without leading or trailing spaces; got ""'],
  ];

  test.each(cases)("%s", (_title, change, variable, message) => {
    const error = errorOf(() => readPoolEnvironment({ ...BASE_ENV, ...change }));
    expect(error.variable).toBe(variable);
    if (typeof message === "string") expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });

  test("long values are shortened in messages", () => {
    const error = errorOf(() => readPoolEnvironment({ ...BASE_ENV, AGENT_POOL_OPENAI_AUTH_MODE: "x".repeat(500) }));
    expect(error.message).toBe(`AGENT_POOL_OPENAI_AUTH_MODE must be "entra-id" or "api-key"; got "${"x".repeat(200)}..."`);
  });

  test("a minimum of zero connections is allowed", () => {
    expect(readPoolEnvironment({ ...BASE_ENV, AGENT_POOL_MIN_CONNECTIONS: "0", AGENT_POOL_MAX_QUEUE: "0", AGENT_POOL_MAX_RETRIES: "0" })).toMatchObject({
      minConnections: 0,
      maxQueue: 0,
      maxRetries: 0,
    });
  });
});

describe("writer errors", () => {
  const deployment = EXAMPLE.deployments[0];
  const cases: [string, () => unknown, string, string | RegExp][] = [
    ["no deployment", () => writePoolEnvironment({ deployments: [] }), "AGENT_POOL_OPENAI_DEPLOYMENT_<KEY>", "writePoolEnvironment: settings.deployments must hold at least one Azure OpenAI deployment"],
    ["a key that is not a name part", () => writePoolEnvironment(EXAMPLE, { key: "east-us" }), "AGENT_POOL_OPENAI_DEPLOYMENT_<KEY>", 'The pool environment key must be letters, digits and "_" only (it becomes part of variable names); got "east-us"'],
    ["an empty key", () => writePoolEnvironmentPart({}, { key: "" }), "AGENT_POOL_OPENAI_DEPLOYMENT_<KEY>", /key must be letters, digits and "_" only/],
    ["a number token as TPM", () => writePoolEnvironment({ deployments: [{ ...deployment, tokensPerMinute: -1.8881545897087626e289 }] }), "AGENT_POOL_OPENAI_DEPLOYMENT_000", "deployments[0].tokensPerMinute (AGENT_POOL_OPENAI_DEPLOYMENT_000) must be a positive integer; got -1.8881545897087626e+289"],
    ["NaN RPM", () => writePoolEnvironment({ deployments: [deployment, { ...deployment, deployment: "b", requestsPerMinute: NaN }] }), "AGENT_POOL_OPENAI_DEPLOYMENT_001", "deployments[1].requestsPerMinute (AGENT_POOL_OPENAI_DEPLOYMENT_001) must be a positive integer; got NaN"],
    ["an http endpoint that is no token", () => writePoolEnvironment({ deployments: [{ ...deployment, endpoint: "http://x/" }] }), "AGENT_POOL_OPENAI_DEPLOYMENT_000", /^deployments\[0\]\.endpoint \(AGENT_POOL_OPENAI_DEPLOYMENT_000\) must be an https URL/],
    ["the same deployment twice", () => writePoolEnvironment({ deployments: [deployment, deployment] }), "AGENT_POOL_OPENAI_DEPLOYMENT_001", /^AGENT_POOL_OPENAI_DEPLOYMENT_001 repeats deployment "gpt-4o"/],
    ["a bad auth mode", () => writePoolEnvironment({ ...EXAMPLE, authMode: "managed-identity" as never }), "AGENT_POOL_OPENAI_AUTH_MODE", 'AGENT_POOL_OPENAI_AUTH_MODE must be "entra-id" or "api-key"; got "managed-identity"'],
    ["a fractional scalar", () => writePoolEnvironmentPart({ retryDelayMs: 0.5 }), "AGENT_POOL_RETRY_DELAY_MS", "settings.retryDelayMs (AGENT_POOL_RETRY_DELAY_MS) must be a non-negative integer; got 0.5"],
    ["a function as a scalar", () => writePoolEnvironmentPart({ maxQueue: (() => 1) as never }), "AGENT_POOL_MAX_QUEUE", /^settings\.maxQueue \(AGENT_POOL_MAX_QUEUE\) must be a non-negative integer; got \(\)\s*=>\s*1$/],
    ["min above max", () => writePoolEnvironmentPart({ minConnections: 9, maxConnections: 8 }), "AGENT_POOL_MIN_CONNECTIONS", "AGENT_POOL_MIN_CONNECTIONS (9) must not exceed AGENT_POOL_MAX_CONNECTIONS (8)"],
    ["an empty Cosmos database name", () => writePoolEnvironmentPart({ cosmos: { endpoint: "https://c/", databaseName: "" } }), "AGENT_POOL_COSMOS_DATABASE", 'cosmos.databaseName (AGENT_POOL_COSMOS_DATABASE) must be a non-empty name without leading or trailing spaces; got ""'],
    ["a Cosmos region with spaces around", () => writePoolEnvironmentPart({ cosmos: { endpoint: "https://c/", databaseName: "db", preferredRegions: ["East US 2 "] } }), "AGENT_POOL_COSMOS_PREFERRED_REGIONS", /^cosmos\.preferredRegions \(AGENT_POOL_COSMOS_PREFERRED_REGIONS\)\[0\] must be a non-empty name/],
    ["Cosmos regions that are no array", () => writePoolEnvironmentPart({ cosmos: { endpoint: "https://c/", databaseName: "db", preferredRegions: "East US 2" as never } }), "AGENT_POOL_COSMOS_PREFERRED_REGIONS", /must be a JSON array of region names.*; got "East US 2"$/],
    ["a Cosmos endpoint that is no URL", () => writePoolEnvironmentPart({ cosmos: { endpoint: "c.documents.azure.com", databaseName: "db" } }), "AGENT_POOL_COSMOS_ENDPOINT", /^cosmos\.endpoint \(AGENT_POOL_COSMOS_ENDPOINT\) must be an https URL/],
  ];

  test.each(cases)("%s", (_title, write, variable, message) => {
    const error = errorOf(write);
    expect(error.variable).toBe(variable);
    if (typeof message === "string") expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });

  test("complete settings compare minConnections with the default maximum; a part holding one of the two does not", () => {
    expect(() => writePoolEnvironment({ ...EXAMPLE, maxConnections: undefined, minConnections: 60 })).toThrow(
      "AGENT_POOL_MIN_CONNECTIONS (60) must not exceed AGENT_POOL_MAX_CONNECTIONS (50, the default)",
    );
    const env = mergePoolEnvironments(writePoolEnvironmentPart({ deployments: EXAMPLE.deployments, minConnections: 60 }), writePoolEnvironmentPart({ maxConnections: 100 }));
    expect(readPoolEnvironment(env)).toMatchObject({ minConnections: 60, maxConnections: 100 });
  });

  test("extra properties of a deployment object are not written", () => {
    const env = writePoolEnvironment({ deployments: [{ ...deployment, note: "x" } as PoolDeployment] });
    expect(JSON.parse(env.AGENT_POOL_OPENAI_DEPLOYMENT_000)).not.toHaveProperty("note");
  });
});

test("POOL_DEFAULTS are the documented defaults", () => {
  expect(POOL_DEFAULTS).toStrictEqual({
    minConnections: 5,
    maxConnections: 50,
    maxQueue: 1000,
    connectionTimeoutMs: 30_000,
    maxRetries: 3,
    retryDelayMs: 1000,
    priority: 0,
    requestsPerMinutePer1000Tpm: 6,
  });
});
