import { writePoolEnvironment } from "../../src/contract";
import { AzureOpenAIPool, DEFAULT_API_VERSION, PoolAuthMode, PoolEnvironmentError, PoolError, type PoolSettings } from "../../src/pool";
import { resolvePoolConfig } from "../../src/pool/pool-options";

const endpoint = "https://acct.openai.azure.com/";
const settings = (extra: Partial<PoolSettings> = {}): PoolSettings => ({ deployments: [{ endpoint, deployment: "gpt", tokensPerMinute: 200_000 }], ...extra });

describe("resolvePoolConfig", () => {
  test("fills in the spec's defaults and derives RPM from TPM (6 per 1,000)", () => {
    const config = resolvePoolConfig(settings());
    expect(config).toMatchObject({ minConnections: 5, maxConnections: 50, maxQueue: 1000, connectionTimeoutMs: 30_000, maxRetries: 3, retryDelayMs: 1000 });
    expect(config.deployments[0]).toEqual({
      endpoint: "https://acct.openai.azure.com",
      deployment: "gpt",
      tokensPerMinute: 200_000,
      requestsPerMinute: 1200,
      priority: 0,
      apiVersion: DEFAULT_API_VERSION,
      minuteMs: 60_000,
    });
    expect(config.auth).toEqual({ credential: undefined });
  });

  test.each([
    [{ deployments: [] }, /at least one/],
    [{ deployments: [{ endpoint: "http://acct.openai.azure.com", deployment: "d", tokensPerMinute: 1 }] }, /https URL/],
    [{ deployments: [{ endpoint: "not a url", deployment: "d", tokensPerMinute: 1 }] }, /https URL/],
    [{ deployments: [{ endpoint, deployment: " ", tokensPerMinute: 1 }] }, /deployment name/],
    [{ deployments: [{ endpoint, deployment: "d", tokensPerMinute: 0 }] }, /tokensPerMinute must be a positive number/],
    [{ deployments: [{ endpoint, deployment: "d", tokensPerMinute: 1, priority: -1 }] }, /priority must be an integer >= 0/],
    [
      {
        deployments: [
          { endpoint, deployment: "d", tokensPerMinute: 1 },
          { endpoint: `${endpoint}/`, deployment: "d", tokensPerMinute: 1 },
        ],
      },
      /listed twice/,
    ],
    [{ minConnections: 6, maxConnections: 5 }, /minConnections \(6\) must not exceed settings.maxConnections \(5\)/],
    [{ maxConnections: 0 }, /maxConnections must be an integer >= 1/],
    [{ retryDelayMs: -1 }, /retryDelayMs must be a non-negative number/],
    [{ authMode: PoolAuthMode.API_KEY }, /needs settings.apiKey/],
    [{ authMode: PoolAuthMode.ENTRA_ID, apiKey: "k" }, /remove the key/],
  ] as [Partial<PoolSettings>, RegExp][])("refuses %j", (extra, message) => {
    expect(() => resolvePoolConfig(settings(extra))).toThrow(message);
  });

  test("allows http only for loopback endpoints; an API key means api-key auth", () => {
    const config = resolvePoolConfig({ deployments: [{ endpoint: "http://127.0.0.1:8080", deployment: "d", tokensPerMinute: 1 }], apiKey: "k" });
    expect(config.auth).toEqual({ apiKey: "k" });
  });

  test("checks the options", () => {
    expect(() => resolvePoolConfig(settings(), { quotaMinuteMs: 0 })).toThrow(/quotaMinuteMs/);
    expect(() => resolvePoolConfig(settings(), { breakerFailureThreshold: 0 })).toThrow(/breakerFailureThreshold/);
  });
});

describe("AzureOpenAIPool.fromEnvironment", () => {
  const env = (extra: Partial<PoolSettings> = {}, vars: Record<string, string> = {}): Record<string, string> => ({
    ...writePoolEnvironment(settings({ maxConnections: 20, ...extra })),
    ...vars,
  });

  test("reads the contract's variables, keyless by default", async () => {
    const pool = AzureOpenAIPool.fromEnvironment(env());
    expect(pool.stats()).toMatchObject({ maxConnections: 20, deployments: [{ deployment: "gpt", endpoint: "https://acct.openai.azure.com" }] });
    await pool.close();
  });

  test("takes the API key from AZURE_OPENAI_API_KEY, never from the contract", async () => {
    const keyed = AzureOpenAIPool.fromEnvironment(env({ authMode: PoolAuthMode.API_KEY }, { AZURE_OPENAI_API_KEY: "secret" }));
    await keyed.close();
    const implicit = AzureOpenAIPool.fromEnvironment(env({}, { AZURE_OPENAI_API_KEY: "secret" }));
    await implicit.close();
    expect(() => AzureOpenAIPool.fromEnvironment(env({ authMode: PoolAuthMode.API_KEY }))).toThrow(/AZURE_OPENAI_API_KEY/);
    const keyless = AzureOpenAIPool.fromEnvironment(env({ authMode: PoolAuthMode.ENTRA_ID }, { AZURE_OPENAI_API_KEY: "ignored" }));
    await keyless.close();
  });

  test("reports a missing deployment as the contract's error, a PoolError with a code like the pool's own", () => {
    expect(() => AzureOpenAIPool.fromEnvironment({})).toThrow(PoolEnvironmentError);
    const err = ((): unknown => {
      try {
        return AzureOpenAIPool.fromEnvironment({});
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(PoolError);
    expect(err).toMatchObject({ code: "POOL_ENVIRONMENT", name: "PoolEnvironmentError", variable: "AGENT_POOL_OPENAI_DEPLOYMENT_<KEY>" });
  });
});
