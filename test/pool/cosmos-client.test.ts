import type { IncomingMessage } from "node:http";
import * as https from "node:https";
import type { CosmosClient, ErrorResponse } from "@azure/cosmos";
import { PoolEnvironmentError } from "../../src/contract";
import {
  COSMOS_RETRY_OPTIONS,
  closeCosmosClients,
  cosmosClientOptions,
  cosmosDatabaseFromEnvironment,
  cosmosDatabaseFromSettings,
  createCosmosClient,
  type CosmosTokenCredential,
} from "../../src/pool/cosmos-client";
import type * as CosmosClientModule from "../../src/pool/cosmos-client";
import { EMULATOR_KEY, startCosmosEmulator, type CosmosEmulator, type InjectedResponse } from "../support/cosmos-emulator";

let emulator: CosmosEmulator;
/** Per-test fault injection / request recording in front of the emulator. */
let intercept: ((req: IncomingMessage) => InjectedResponse | undefined) | undefined;

beforeAll(async () => {
  emulator = await startCosmosEmulator({ intercept: (req) => intercept?.(req) });
});
afterEach(() => {
  intercept = undefined;
  closeCosmosClients();
});
afterAll(async () => {
  await emulator.close();
});

/** A TokenCredential that hands out a fixed token and records the scopes asked for. */
function fakeCredential(): CosmosTokenCredential & { scopes: string[] } {
  const scopes: string[] = [];
  return {
    scopes,
    async getToken(scope: string | string[]) {
      scopes.push(...(Array.isArray(scope) ? scope : [scope]));
      return { token: "fake-token", expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}

function keyClient(extra: { preferredRegions?: string[] } = {}): CosmosClient {
  return createCosmosClient({ endpoint: emulator.endpoint, key: EMULATOR_KEY, agent: emulator.agent, ...extra });
}

describe("against the emulator", () => {
  test("creates a database and a partitioned container, upserts, reads a point and queries", async () => {
    const client = keyClient();
    const { database } = await client.databases.createIfNotExists({ id: "retail" });
    const { container } = await database.containers.createIfNotExists({ id: "conversations", partitionKey: { paths: ["/customerId"] } });
    const { resource: definition } = await container.read();
    expect(definition?.partitionKey?.paths).toEqual(["/customerId"]);

    await container.items.upsert({ id: "c1", customerId: "alice", messages: 3 });
    await container.items.upsert({ id: "c2", customerId: "bob", messages: 5 });
    await container.items.upsert({ id: "c1", customerId: "alice", messages: 4 });

    const { resource: point } = await container.item("c1", "alice").read<{ id: string; customerId: string; messages: number }>();
    expect(point).toMatchObject({ id: "c1", customerId: "alice", messages: 4 });

    const { resources } = await container.items
      .query<{ id: string }>({ query: "SELECT c.id FROM c WHERE c.messages >= @min ORDER BY c.id", parameters: [{ name: "@min", value: 4 }] })
      .fetchAll();
    expect(resources).toEqual([{ id: "c1" }, { id: "c2" }]);
  });

  test("verifies TLS: without the fixture's agent the certificate is refused", async () => {
    const client = createCosmosClient({ endpoint: emulator.endpoint, key: EMULATOR_KEY, agent: new https.Agent() });
    await expect(client.databases.createIfNotExists({ id: "never" })).rejects.toThrow(/self[- ]signed certificate/i);
  });

  test("Entra ID: the credential's token is sent instead of a key", async () => {
    const credential = fakeCredential();
    const authorizations: string[] = [];
    intercept = (req) => {
      authorizations.push(decodeURIComponent(String(req.headers.authorization)));
      return undefined;
    };
    const client = createCosmosClient({ endpoint: emulator.endpoint, credential, agent: emulator.agent });
    await client.databases.createIfNotExists({ id: "keyless" });
    expect(credential.scopes).toContain(`${emulator.endpoint.replace(/\/$/, "")}/.default`);
    expect(authorizations.length).toBeGreaterThan(0);
    for (const authorization of authorizations) expect(authorization).toBe("type=aad&ver=1.0&sig=fake-token");
  });

  test("reads go to the first preferred region the account has (endpoint discovery on), writes to the write region", async () => {
    // Present the emulator as a two-region account: the second region is the same server under the name localhost.
    const account = await new Promise<Record<string, unknown>>((resolve, reject) => {
      https
        .get(emulator.endpoint, { agent: emulator.agent }, (res) => {
          let body = "";
          res.on("data", (chunk: string) => (body += chunk)).on("end", () => resolve(JSON.parse(body) as Record<string, unknown>));
        })
        .on("error", reject);
    });
    const port = new URL(emulator.endpoint).port;
    const southCentral = { name: "South Central US", databaseAccountEndpoint: emulator.endpoint };
    const westEurope = { name: "West Europe", databaseAccountEndpoint: `https://localhost:${port}/` };
    const documentRequests: string[] = [];
    intercept = (req) => {
      if (req.method === "GET" && req.url === "/") {
        return { status: 200, body: { ...account, writableLocations: [southCentral], readableLocations: [southCentral, westEurope] } };
      }
      if (req.url?.includes("/docs")) documentRequests.push(`${req.method} ${req.headers.host}`);
      return undefined;
    };

    for (const [preferredRegions, readHost] of [
      [["West Europe", "South Central US"], `localhost:${port}`],
      [["North Europe"], `127.0.0.1:${port}`],
    ] as const) {
      documentRequests.length = 0;
      const client = keyClient({ preferredRegions: [...preferredRegions] });
      const { database } = await client.databases.createIfNotExists({ id: "regions" });
      const { container } = await database.containers.createIfNotExists({ id: "items", partitionKey: { paths: ["/pk"] } });
      await container.items.upsert({ id: "doc", pk: "p" });
      await container.item("doc", "p").read();
      expect(documentRequests).toEqual([`POST 127.0.0.1:${port}`, `GET ${readHost}`]);
    }
  });
});

describe("throttling retries as mapped", () => {
  /** Answers `times` 429s (with x-ms-retry-after-ms) to reads of document `id`, then lets them through. */
  function throttle(id: string, times: number, retryAfterMs: number): { attempts: () => number } {
    let attempts = 0;
    intercept = (req) => {
      if (req.method !== "GET" || !req.url?.endsWith(`/docs/${id}`)) return undefined;
      attempts += 1;
      return attempts <= times ? { status: 429, headers: { "x-ms-retry-after-ms": String(retryAfterMs), "x-ms-substatus": "3200" } } : undefined;
    };
    return { attempts: () => attempts };
  }

  async function container(client: CosmosClient) {
    const { database } = await client.databases.createIfNotExists({ id: "throttled" });
    const { container: c } = await database.containers.createIfNotExists({ id: "items", partitionKey: { paths: ["/pk"] } });
    await c.items.upsert({ id: "doc", pk: "p" });
    return c;
  }

  test("waits the server's x-ms-retry-after-ms, then succeeds", async () => {
    const items = await container(keyClient());
    const counter = throttle("doc", 3, 40);
    const started = Date.now();
    const { resource } = await items.item("doc", "p").read();
    expect(resource).toMatchObject({ id: "doc" });
    expect(counter.attempts()).toBe(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 40 - 5);
  });

  test("gives up after 9 retries (10 attempts) with the 429", async () => {
    const items = await container(keyClient());
    const counter = throttle("doc", Infinity, 5);
    const error = await items.item("doc", "p").read().then(
      () => undefined,
      (err: ErrorResponse) => err,
    );
    expect(error?.code).toBe(429);
    expect(counter.attempts()).toBe(COSMOS_RETRY_OPTIONS.maxRetryAttemptCount + 1);
  });
});

describe("one client per account", () => {
  test("the same endpoint and auth give the same instance, however the endpoint is spelled", () => {
    const first = keyClient();
    expect(keyClient()).toBe(first);
    expect(createCosmosClient({ endpoint: emulator.endpoint.replace(/\/$/, ""), key: EMULATOR_KEY, agent: emulator.agent })).toBe(first);
  });

  test("another key, credential, agent or region list gives another instance", () => {
    const first = keyClient();
    const credential = fakeCredential();
    const byCredential = createCosmosClient({ endpoint: emulator.endpoint, credential, agent: emulator.agent });
    const others = [
      createCosmosClient({ endpoint: emulator.endpoint, key: "another-key", agent: emulator.agent }),
      byCredential,
      createCosmosClient({ endpoint: emulator.endpoint, key: EMULATOR_KEY }),
      keyClient({ preferredRegions: ["East US 2"] }),
    ];
    expect(new Set([first, ...others]).size).toBe(5);
    expect(createCosmosClient({ endpoint: emulator.endpoint, credential, agent: emulator.agent })).toBe(byCredential);
  });

  test("closeCosmosClients disposes of every client and the next call creates a new one", () => {
    const first = keyClient();
    const dispose = jest.spyOn(first, "dispose");
    closeCosmosClients();
    expect(dispose).toHaveBeenCalledTimes(1);
    expect(keyClient()).not.toBe(first);
  });
});

describe("cosmosClientOptions", () => {
  test("maps the spec's retry policy to the JS SDK, with discovery on and the preferred regions", () => {
    const agent = new https.Agent();
    expect(cosmosClientOptions({ endpoint: "https://acct.documents.azure.com:443/", key: "k", preferredRegions: ["East US 2", "West US 3"], agent })).toStrictEqual({
      endpoint: "https://acct.documents.azure.com:443/",
      key: "k",
      agent,
      connectionPolicy: {
        enableEndpointDiscovery: true,
        preferredLocations: ["East US 2", "West US 3"],
        retryOptions: { maxRetryAttemptCount: 9, maxWaitTimeInSeconds: 30, fixedRetryIntervalInMilliseconds: 0 },
      },
    });
  });

  test("uses the credential when there is no key, and no agent by default", () => {
    const credential = fakeCredential();
    const options = cosmosClientOptions({ endpoint: "https://acct.documents.azure.com/", credential });
    expect(options.aadCredentials).toBe(credential);
    expect(options).not.toHaveProperty("key");
    expect(options).not.toHaveProperty("agent");
    expect(options.connectionPolicy?.preferredLocations).toEqual([]);
  });

  test.each([
    ["http", { endpoint: "http://acct.documents.azure.com/", key: "k" }, 'Cosmos DB endpoint must be an https URL, e.g. "https://my-account.documents.azure.com:443/"; got "http://acct.documents.azure.com/"'],
    ["not a URL", { endpoint: "acct.documents.azure.com", key: "k" }, /must be an https URL.*; got "acct\.documents\.azure\.com"$/],
    ["key and credential", { endpoint: "https://acct.documents.azure.com/", key: "k", credential: fakeCredential() }, "Give the Cosmos DB client a key or a credential, not both (a key is used instead of Entra ID)"],
  ])("refuses %s", (_title, config, message) => {
    expect(() => cosmosClientOptions(config)).toThrow(message);
    expect(() => createCosmosClient(config)).toThrow(message);
  });
});

describe("from the pool settings and environment", () => {
  test("cosmosDatabaseFromEnvironment opens the configured database through the shared client", async () => {
    const env = {
      AGENT_POOL_COSMOS_ENDPOINT: emulator.endpoint,
      AGENT_POOL_COSMOS_DATABASE: "from-env",
      AGENT_POOL_COSMOS_PREFERRED_REGIONS: '["South Central US"]',
    };
    const database = cosmosDatabaseFromEnvironment(env, { key: EMULATOR_KEY, agent: emulator.agent });
    expect(database.id).toBe("from-env");
    expect(database.client).toBe(keyClient({ preferredRegions: ["South Central US"] }));
    await database.client.databases.createIfNotExists({ id: "from-env" });
    const { resource } = await database.read();
    expect(resource?.id).toBe("from-env");
  });

  test("cosmosDatabaseFromSettings uses the settings' endpoint and regions", () => {
    const database = cosmosDatabaseFromSettings({ endpoint: emulator.endpoint, databaseName: "s" }, { key: EMULATOR_KEY, agent: emulator.agent });
    expect(database.client).toBe(keyClient());
    expect(database.id).toBe("s");
  });

  test("a missing configuration is an error that says who sets it", () => {
    expect(() => cosmosDatabaseFromEnvironment({}, { key: "k" })).toThrow(
      "No Cosmos DB configured: AGENT_POOL_COSMOS_ENDPOINT and AGENT_POOL_COSMOS_DATABASE are not set (CosmosDatabase.grantTo(app) sets them)",
    );
  });

  test("a malformed configuration is the contract's error", () => {
    expect(() => cosmosDatabaseFromEnvironment({ AGENT_POOL_COSMOS_ENDPOINT: "http://x/", AGENT_POOL_COSMOS_DATABASE: "d" })).toThrow(PoolEnvironmentError);
  });

  test("reads process.env by default", () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { AGENT_POOL_COSMOS_ENDPOINT: emulator.endpoint, AGENT_POOL_COSMOS_DATABASE: "pe" });
      delete process.env.AGENT_POOL_COSMOS_PREFERRED_REGIONS;
      expect(cosmosDatabaseFromEnvironment(undefined, { key: EMULATOR_KEY, agent: emulator.agent }).client).toBe(keyClient());
    } finally {
      process.env = saved;
    }
  });
});

describe("optional peer dependencies are loaded lazily", () => {
  type Module = typeof CosmosClientModule;

  afterEach(() => {
    jest.dontMock("@azure/cosmos");
    jest.dontMock("@azure/identity");
  });

  /**
   * Loads a fresh copy of the module with `missing` made unresolvable (or replaced by `factory`) until the test
   * ends: the module requires its peers lazily, at call time, so the mock must outlive the import.
   */
  async function loadWithout(missing: string, factory?: () => unknown): Promise<Module> {
    let loaded: Module | undefined;
    await jest.isolateModulesAsync(async () => {
      jest.doMock(
        missing,
        factory ??
          (() => {
            throw Object.assign(new Error(`Cannot find module '${missing}' from 'src/pool/cosmos-client.ts'`), { code: "MODULE_NOT_FOUND" });
          }),
      );
      loaded = await import("../../src/pool/cosmos-client");
    });
    return loaded as Module;
  }

  test("without @azure/cosmos the module loads, and createCosmosClient says what to install", async () => {
    const mod = await loadWithout("@azure/cosmos");
    expect(() => mod.createCosmosClient({ endpoint: "https://acct.documents.azure.com/", key: "k" })).toThrow(
      "createCosmosClient needs the optional peer dependency @azure/cosmos: npm install @azure/cosmos",
    );
  });

  test("without @azure/identity keyless clients say what to install, and key clients still work", async () => {
    const mod = await loadWithout("@azure/identity");
    expect(() => mod.createCosmosClient({ endpoint: emulator.endpoint })).toThrow(
      "Entra ID authentication to Cosmos DB needs the optional peer dependency @azure/identity: npm install @azure/identity",
    );
    const client = mod.createCosmosClient({ endpoint: emulator.endpoint, key: EMULATOR_KEY, agent: emulator.agent });
    await client.databases.createIfNotExists({ id: "no-identity" });
    mod.closeCosmosClients();
  });

  test("other load errors are not disguised", async () => {
    const mod = await loadWithout("@azure/cosmos", () => {
      throw new Error("broken install");
    });
    expect(() => mod.createCosmosClient({ endpoint: "https://acct.documents.azure.com/", key: "k" })).toThrow("broken install");
  });

  test("the default credential is one DefaultAzureCredential shared by every keyless client", async () => {
    const created: ReturnType<typeof fakeCredential>[] = [];
    const mod = await loadWithout("@azure/identity", () => ({
      DefaultAzureCredential: function DefaultAzureCredential() {
        const credential = fakeCredential();
        created.push(credential);
        return credential;
      },
    }));
    const first = mod.createCosmosClient({ endpoint: emulator.endpoint, agent: emulator.agent });
    const second = mod.createCosmosClient({ endpoint: emulator.endpoint, agent: emulator.agent, preferredRegions: ["South Central US"] });
    expect(second).not.toBe(first);
    await first.databases.createIfNotExists({ id: "default-credential" });
    expect(created).toHaveLength(1);
    expect(created[0].scopes.length).toBeGreaterThan(0);
    // Settings alone (no options) mean keyless too, with the same shared credential.
    const fromSettings = mod.cosmosDatabaseFromSettings({ endpoint: emulator.endpoint, databaseName: "default-credential" });
    expect(fromSettings.id).toBe("default-credential");
    expect(created).toHaveLength(1);
    mod.closeCosmosClients();
    mod.createCosmosClient({ endpoint: emulator.endpoint, agent: emulator.agent });
    expect(created).toHaveLength(2);
    mod.closeCosmosClients();
  });
});
